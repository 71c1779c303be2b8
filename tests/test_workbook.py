"""The fill-in workbook: a template per format, filled as a clerk would, drafts; a bad cell is named exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen import api
from reportgen.cli import main
from reportgen.errors import InputError
from reportgen.profiles import builtin_profiles
from workbook_fill import Filler

DRAFTING = sorted(name for name, profile in builtin_profiles().items() if profile.templates)


def template(tmp_path: Path, profile: str) -> Filler:
    path = tmp_path / f"{profile}填报表.xlsx"
    assert main(["template", "--profile", profile, "-o", str(path)]) == 0
    return Filler(path)


def fill_department(book: Filler) -> None:
    book.field("基本信息", "单位名称", "测试档案馆")
    book.field("基本信息", "年度", 2023)
    book.row("职能与任务", {"主要职能": "负责档案接收和保管。"})
    book.field("支出", "基本支出.人员经费", 300)
    book.field("支出", "基本支出.公用经费", "60.5万元")
    project = {"名称": "档案数字化", "全年预算数": "1,200.00", "全年执行数": 1100}
    if book.has("项目", "类别"):  # only hunan writes a project's 类别 (in its 基础数据表)
        project["类别"] = "专项资金"
    book.row("项目", project)
    book.row(
        "自评表指标",
        {
            "项目": "档案数字化",
            "一级指标": "产出指标",
            "二级指标": "数量指标",
            "三级指标": "数字化扫描页数",
            "年度指标值": "≥100万页",
            "实际完成值": "100万页",
            "分值": 50,
        },
    )
    book.row(
        "自评表指标",
        {
            "项目": "档案数字化",
            "一级指标": "满意度指标",
            "二级指标": "服务对象满意度指标",
            "三级指标": "查档群众满意度",
            "年度指标值": "≥95%",
            "实际完成值": "98%",
            "分值": 40,
        },
    )
    book.row("问题", {"编号": 1, "内容": "绩效目标设置不够细化", "方面": "预算和预算绩效管理"})
    book.row("改进措施", {"针对": 1, "内容": "细化绩效目标设置。"})


def fill_project(book: Filler) -> None:
    book.field("基本信息", "单位名称", "测试档案馆")
    book.field("基本信息", "年度", "2024年")
    book.row("项目", {"名称": "档案征集", "年初预算数": 30, "全年预算数": 30.5, "全年执行数": "30.50"})
    book.row(
        "自评表指标",
        {
            "项目": "档案征集",
            "一级指标": "产出指标",
            "二级指标": "数量指标",
            "三级指标": "征集档案",
            "年度指标值": "≥100件",
            "实际完成值": "120件",
            "分值": 90,
        },
    )


@pytest.mark.parametrize("profile", DRAFTING)
def test_template_filled_by_a_clerk_drafts(tmp_path, profile, capsys):
    book = template(tmp_path, profile)
    (fill_project if builtin_profiles()[profile].kind == "project" else fill_department)(book)
    book.save()
    output = tmp_path / "报告.md"
    assert main(["draft", str(book.path), "-o", str(output)]) == 0, capsys.readouterr().err
    text = output.read_text(encoding="utf-8")
    assert "测试档案馆" in text
    assert "档案" in text and "【待补充" in text  # drafted from the workbook, with what is missing marked


@pytest.mark.parametrize("profile", DRAFTING)
def test_template_sheets_have_frozen_styled_headers_and_prompts(tmp_path, profile):
    book = load_workbook(template(tmp_path, profile).path)
    assert book.sheetnames[0] == "说明"
    for ws in (ws for ws in book.worksheets[1:] if ws.sheet_state == "visible"):
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith(("1F4E78", "9C2A2A")), ws.title
        prompts = [dv for dv in ws.data_validations.dataValidation if dv.showInputMessage and dv.prompt]
        assert prompts, ws.title
    assert not any(
        isinstance(cell.value, str) and cell.value.startswith("=")
        for ws in book
        for row in ws.iter_rows()
        for cell in row
    )


def test_template_dropdowns_come_from_the_models(tmp_path):
    book = load_workbook(template(tmp_path, "hunan").path)

    def lists(sheet: str) -> set[str]:
        return {dv.formula1 for dv in book[sheet].data_validations.dataValidation if dv.type == "list"}

    assert '"产出指标,效益指标,满意度指标"' in lists("自评表指标")
    assert any("服务对象满意度指标" in f for f in lists("自评表指标"))
    assert '"达成,部分达成,未达成"' in lists("自评表指标")
    assert '"业务工作经费,运行维护经费,专项资金"' in lists("项目")
    assert any("政府采购" in f for f in lists("问题"))
    assert any("hunan" in f for f in lists("基本信息"))
    guangdong = load_workbook(template(tmp_path, "guangdong").path)  # the format that places problems by 范围
    assert '"整体,履职效能,管理效能"' in {dv.formula1 for dv in guangdong["问题"].data_validations.dataValidation}


def test_a_template_holds_only_what_its_format_writes(tmp_path):
    hunan = load_workbook(template(tmp_path, "hunan").path)
    jiangxi = load_workbook(template(tmp_path, "jiangxi").path)
    assert "基础数据表" in hunan.sheetnames and "履职完成情况" not in hunan.sheetnames
    assert "履职完成情况" in jiangxi.sheetnames and "三公经费" not in jiangxi.sheetnames
    fields = [row[0].value for row in hunan["基本信息"].iter_rows(min_row=2)]
    assert "单位名称" in fields and "人员构成.按岗位" not in fields


def test_template_formats_money_and_greys_the_example(tmp_path):
    ws = load_workbook(template(tmp_path, "hunan").path)["项目"]
    headers = [c.value for c in ws[1]]
    budget = headers.index("全年预算数") + 1
    assert ws.cell(2, budget).number_format == "0.00"
    assert ws.cell(2, 1).value.startswith("（示例）") and ws.cell(2, 1).font.color.rgb.endswith("808080")


def test_guide_says_what_is_computed(tmp_path):
    ws = load_workbook(template(tmp_path, "guangdong").path)["说明"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "由 reportgen 计算" in text and "不要写公式" in text and "reportgen draft" in text


# ---------------------------------------------------------------- bad cells


def test_a_bad_cell_names_sheet_row_column_and_header(tmp_path, capsys):
    book = template(tmp_path, "hunan")
    fill_department(book)
    row = book.row("项目", {"名称": "大楼维护", "全年预算数": 100, "全年执行数": 90})
    letter = book.cell("项目", row, "全年执行数", "八百万")
    book.save()
    output = tmp_path / "报告.docx"
    assert main(["draft", str(book.path), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert (
        f"「项目」表第{row}行 {letter}列「全年执行数」：应为数字（金额以万元为单位，如 858.57），实际填写的是「八百万」"
        in err
    )
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [book.path.name]


def test_every_bad_cell_is_reported_at_once(tmp_path, capsys):
    book = template(tmp_path, "hunan")
    fill_department(book)
    book.field("基本信息", "年度", "二〇二三")
    book.row("问题", {"编号": 2, "内容": "x", "方面": "经费"})
    book.row("自评表指标", {"项目": "没有这个项目", "三级指标": "x"})
    book.save()
    assert main(["validate", str(book.path)]) == 2
    err = capsys.readouterr().err
    assert "「基本信息」表第5行 B列「年度」：应为整数，实际填写的是「二〇二三」" in err
    assert (
        "方面」：只能是以下之一：预算和预算绩效管理、部门履职效能、资金分配使用和管理、资产和财务管理、政府采购；"
        in err
    )
    assert "没有名为「没有这个项目」的项目；可填：部门整体、档案数字化" in err
    assert " or " not in err


@pytest.mark.parametrize(
    ("sheet", "change", "message"),
    [
        ("项目", {"名称（新）": "x"}, "未知的列"),
        ("问题", {"编号": "（示例）1", "内容": "改过的"}, "这一行是示例行"),
        ("自评表指标", {"项目": None, "三级指标": "未写项目"}, "请填写这一行所属的项目"),
    ],
)
def test_reading_problems_are_named(tmp_path, capsys, sheet, change, message):
    book = template(tmp_path, "hunan")
    fill_department(book)
    ws = book.book[sheet]
    row = max(r for r in range(1, ws.max_row + 1) if any(c.value for c in ws[r])) + 1
    for header, value in change.items():
        column = next((c.column for c in ws[1] if c.value == header), None)
        if column is None:
            column = ws.max_column + 1
            ws.cell(1, column).value = header
        ws.cell(row, column).value = value
    book.save()
    assert main(["validate", str(book.path)]) == 2
    err = capsys.readouterr().err
    assert f"「{sheet}」表" in err and message in err


def test_unknown_field_in_a_fields_sheet_suggests_the_right_one(tmp_path, capsys):
    book = template(tmp_path, "guangdong")
    fill_department(book)
    ws = book.book["基本信息"]
    ws.cell(ws.max_row + 1, 1).value = "单位名"
    ws.cell(ws.max_row, 2).value = "x"
    book.save()
    assert main(["validate", str(book.path)]) == 2
    assert "未知的字段；是否想写「单位名称」？" in capsys.readouterr().err


# ---------------------------------------------------------------- what a clerk types


def test_numbers_percentages_and_dates_as_typed(tmp_path):
    book = template(tmp_path, "hunan")
    fill_department(book)
    book.field("收入", "一般公共预算财政拨款", "858.57万元")
    book.field("收入", "政府性基金", "1,299.97")
    book.field("支出", "基本支出.执行率", "92.98%")
    book.field("支出", "项目支出.执行率", 0.9166)
    book.field("支出", "执行率", "0.95")
    book.field("基本信息", "报告日期", dt.datetime(2024, 6, 27))
    book.field("基础数据表", "填报日期", "2024年6月27日")
    book.save()
    report, _, _ = api.load_input(book.path)
    assert report.income.general_budget == Decimal("858.57")
    assert report.income.government_fund == Decimal("1299.97")
    assert report.spending.basic.stated_rate == Decimal("92.98")
    assert report.spending.project.stated_rate == Decimal("91.66")
    assert report.spending.stated_rate == Decimal("95")
    assert report.report_date == dt.date(2024, 6, 27)
    assert report.basic_data.filled_on == dt.date(2024, 6, 27)


def test_percent_typed_into_a_text_column_keeps_its_sign(tmp_path):
    book = template(tmp_path, "project")
    fill_project(book)
    ws = book.book["自评表指标"]
    cell = ws.cell(ws.max_row, 6)  # 实际完成值, typed 100% where Excel keeps 1 with a % format
    cell.value, cell.number_format = 1, "0%"
    book.save()
    report, _, _ = api.load_input(book.path)
    assert report.projects[0].table.indicators[0].actual_text == "100%"


def test_a_project_table_of_only_indicators_takes_the_projects_funds(tmp_path):
    book = template(tmp_path, "hunan")
    fill_department(book)
    book.save()
    report, _, _ = api.load_input(book.path)
    funds = report.spending.project.projects[0].table.funds
    assert (funds.budget, funds.executed) == (Decimal("1200.00"), Decimal(1100))


def test_a_department_workbook_with_a_project_format_is_named_as_such(tmp_path):
    book = template(tmp_path, "hunan")
    fill_department(book)
    book.save()
    with pytest.raises(InputError, match="与本填报表（部门整体支出）不符"):
        api.load_input(book.path, "project")


def test_an_extra_sheet_with_values_is_not_silently_ignored(tmp_path, capsys):
    book = template(tmp_path, "project")
    fill_project(book)
    book.book.create_sheet("Sheet1")
    book.book.create_sheet("草稿")["A1"] = "别处抄来的数字"
    book.save()
    assert main(["validate", str(book.path)]) == 2
    err = capsys.readouterr().err
    assert "「草稿」表：不是填报表中的工作表，内容不会被读取" in err and "Sheet1" not in err


def test_convert_both_ways_keeps_the_input(tmp_path, capsys):
    from paths import SAMPLES

    workbook = tmp_path / "岳阳.xlsx"
    assert main(["convert", str(SAMPLES / "yueyang_2023.yaml"), "-o", str(workbook)]) == 0
    assert main(["convert", str(workbook)]) == 0  # default: the same name as .yaml
    back = workbook.with_suffix(".yaml")
    assert "已转换" in capsys.readouterr().out
    original, _, _ = api.load_input(SAMPLES / "yueyang_2023.yaml")
    assert api.load_input(back)[0] == original
    json_path = tmp_path / "岳阳.json"
    assert main(["convert", str(workbook), "-o", str(json_path)]) == 0
    assert api.load_input(json_path)[0] == original


def test_convert_refuses_to_overwrite_without_force(tmp_path, capsys):
    from paths import SAMPLES

    output = tmp_path / "out.xlsx"
    output.write_bytes(b"clerk's work")
    assert main(["convert", str(SAMPLES / "haizhu_2023.yaml"), "-o", str(output)]) == 2
    assert "--force" in capsys.readouterr().err and output.read_bytes() == b"clerk's work"
    assert main(["convert", str(SAMPLES / "haizhu_2023.yaml"), "-o", str(output), "--force"]) == 0


def test_template_refuses_to_overwrite_without_force(tmp_path, capsys):
    path = template(tmp_path, "hunan").path
    assert main(["template", "--profile", "hunan", "-o", str(path)]) == 2
    assert "已存在，未覆盖" in capsys.readouterr().err


def test_a_format_that_does_not_exist_is_named_in_its_cell(tmp_path, capsys):
    book = template(tmp_path, "hunan")
    fill_department(book)
    book.field("基本信息", "格式", "湖南")
    book.save()
    assert main(["validate", str(book.path)]) == 2
    assert "「基本信息」表第2行 B列「格式」：未知的报告格式「湖南」；可用的格式有：" in capsys.readouterr().err


def test_a_template_for_a_format_folder_names_it_by_its_path(tmp_path):
    import shutil

    from reportgen.profiles import builtin_profiles, templates_root

    folder = tmp_path / "shanghai"
    (folder / "templates").mkdir(parents=True)
    hunan = builtin_profiles()["hunan"]
    shutil.copytree(templates_root() / "zh" / "hunan", folder / "templates", dirs_exist_ok=True)
    text = (Path(__file__).parents[1] / "src/reportgen/profiles/hunan.yaml").read_text(encoding="utf-8")
    (folder / "profile.yaml").write_text(
        text.replace("name: hunan", "name: shanghai").replace("templates: hunan", "templates: templates"),
        encoding="utf-8",
    )
    output = tmp_path / "填报表.xlsx"
    assert main(["template", "--profile", str(folder), "-o", str(output)]) == 0
    book = Filler(output)
    assert book.book["基本信息"]["B2"].value == str(folder)
    fill_department(book)
    book.save()
    _, profile, _ = api.load_input(output)
    assert profile.name == "shanghai" and hunan.uses == profile.uses


def test_rows_of_two_projects_of_one_name_are_not_guessed(tmp_path, capsys):
    book = template(tmp_path, "project")
    fill_project(book)
    book.row("项目", {"名称": "档案征集", "全年预算数": 1, "全年执行数": 1})
    book.save()
    assert main(["validate", str(book.path)]) == 2
    assert "「项目」表中有2个名为「档案征集」的项目；请给它们不同的名称" in capsys.readouterr().err


def test_an_untouched_example_row_of_an_older_template_is_still_skipped(tmp_path):
    import json

    book = template(tmp_path, "project")
    fill_project(book)
    # As an older reportgen wrote it: another example text, kept as written in the hidden sheet.
    book.book["项目"]["A2"].value = "（示例）旧版的示例项目"
    hidden = book.book["示例行"]
    for row in hidden.iter_rows():
        if row[0].value == "项目":
            recorded = json.loads(row[1].value)
            recorded["名称"] = "（示例）旧版的示例项目"
            row[1].value = json.dumps(recorded, ensure_ascii=False)
    book.save()
    report, _, _ = api.load_input(book.path)
    assert [p.name for p in report.projects] == ["档案征集"]
    assert book.book["示例行"].sheet_state == "hidden"
