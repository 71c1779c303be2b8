"""``reportgen import``: a drafted sample read back gives the sample's carried-over fields, for the next year."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pages import soffice, to_pdf
from paths import SAMPLES, SEEDS
from reportgen import api
from reportgen.cli import main
from reportgen.load import read_data

STEMS = sorted(p.stem for p in SAMPLES.glob("*.yaml"))


def norm(text: Any) -> str:
    """Text as compared: no spaces, no closing punctuation (drafting ends every item with 。)."""
    return re.sub(r"\s+", "", str(text)).rstrip("。；;，,")


def norms(items: Iterable[Any]) -> list[str]:
    return [norm(item) for item in items]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each sample drafted as .docx and .md (the two formats ``reportgen draft`` writes)."""
    folder = tmp_path_factory.mktemp("drafts")
    found: dict[str, dict[str, Path]] = {}
    for stem in STEMS:
        drafted = api.draft(SAMPLES / f"{stem}.yaml")
        paths = {}
        for fmt in ("docx", "md"):
            paths[fmt] = api.save(drafted, folder / f"{stem}.{fmt}", fmt)
        found[stem] = paths
    return found


def _import(source: Path, output: Path, *args: str) -> dict[str, Any]:
    assert main(["import", str(source), "-o", str(output), *args]) == 0
    data, _ = read_data(output)
    return data


def _sample(stem: str) -> tuple[Any, Any]:
    """The sample as data (validated by the input model) and its format."""
    report, profile, _ = api.load_input(SAMPLES / f"{stem}.yaml")
    return report, profile


def _indicator_rows(table: Any) -> list[tuple[str, str, str, str, Decimal]]:
    return [
        (i.level1.value, i.level2.value, norm(i.name), norm(i.target_text), Decimal(i.full_marks))
        for i in table.indicators
    ]


def _imported_rows(rows: list[dict[str, Any]]) -> list[tuple[str, str, str, str, Decimal]]:
    return [
        (r["一级指标"], r["二级指标"], norm(r["三级指标"]), norm(r["年度指标值"]), Decimal(str(r["分值"])))
        for r in rows
    ]


def _bare(text: str) -> str:
    """Text without its punctuation: a PDF may lose a comma where a line wraps."""
    return re.sub(r"[，,。；;：:、]", "", text)


def assert_carried_over(stem: str, data: dict[str, Any], *, problem_chars: int | None = None) -> None:
    """Every carried-over field the sample gives (and its format writes) is what the sample says; last year's
    problems are found among 上年问题 (by their first ``problem_chars`` characters in a PDF, whose lines
    may be read with a comma lost where they wrap)."""
    report, profile = _sample(stem)
    assert data["单位名称"] == report.unit_name
    assert data["年度"] == report.year + 1
    assert data["格式"] == profile.name
    if profile.kind == "department":
        for field, given in (
            ("主要职能", report.duties),
            ("年度总体工作和重点工作任务", report.annual_tasks),
            ("整体支出绩效目标", report.performance_goals),
        ):
            if given and profile.uses_field((field,)):
                assert norms(data[field]) == norms(given), field
        if report.unit_intro:
            assert norm(data["单位简介"]) == norm(report.unit_intro)
        if report.internal_bodies:
            assert [b["名称"] for b in data["内设机构"]] == [b.name for b in report.internal_bodies]
        if report.staffing:
            assert data["人员编制"]["编制数"] == report.staffing.authorized
            assert data["人员编制"]["实有人数"] == report.staffing.actual
        if report.department_table:
            assert _imported_rows(data["部门整体自评表"]["指标"]) == _indicator_rows(report.department_table)
            assert all("实际完成值" not in row for row in data["部门整体自评表"]["指标"])
        if report.three_public:
            for name, item in report.three_public.items():
                key = {"公务用车购置费": "公务用车购置", "公务用车运行维护费": "公务用车运行维护"}.get(name, name)
                key = {"因公出国（境）费": "因公出国（境）", "公务接待费": "公务接待"}.get(key, key)
                assert Decimal(str(data["三公经费"][key]["上年决算"])) == item.final, name
                assert set(data["三公经费"][key]) == {"上年决算"}
        if report.basic_data and report.basic_data.operating_costs:
            costs = report.basic_data.operating_costs
            assert Decimal(str(data["基础数据表"]["公用经费"]["合计"]["上年决算"])) == costs.total.final
        projects = report.spending.project.projects
    else:
        projects = report.projects
        if report.goals.goals:
            titles = [goal["标题"] for goal in data["项目绩效目标"]["具体绩效目标"]]
            assert norms(titles) == norms(goal.title for goal in report.goals.goals)
            assert all(set(goal) == {"标题"} for goal in data["项目绩效目标"]["具体绩效目标"])
    imported = data.get("项目") or data.get("支出", {}).get("项目支出", {}).get("项目", [])
    tabled = [p for p in projects if p.table is not None]
    assert [p["名称"] for p in imported] == [p.name for p in tabled]
    for mine, theirs in zip(imported, tabled, strict=True):
        assert theirs.table is not None
        assert _imported_rows(mine["自评表"]["指标"]) == _indicator_rows(theirs.table)
        if theirs.goal and profile.uses_field(("支出", "项目支出", "项目", "绩效目标")):
            assert norm(mine["绩效目标"]) == norm(theirs.goal)
        assert "全年执行数" not in mine and "全年预算数" not in mine
    problems = _bare("".join(norms(data.get("上年问题", []))))
    for problem in report.problems:
        assert _bare(norm(problem.text))[:problem_chars] in problems
    # a measure as drafted may open with words of the report's own (「下一步需……」): found by its first words
    measures = _bare("".join(norms(data.get("上年改进措施", []))))
    for measure in report.measures:
        said = measure.text or measure.title  # a project report titles its suggestions
        assert _bare(norm(said))[:20] in measures, said


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_a_drafted_sample_imports_to_its_own_fields(drafts, tmp_path, stem, fmt):
    data = _import(drafts[stem][fmt], tmp_path / "next.yaml")
    assert_carried_over(stem, data)


@pytest.fixture(scope="module")
def pdfs(drafts, tmp_path_factory) -> dict[str, Path]:
    if soffice() is None:
        pytest.skip("需要 LibreOffice 把 Word 稿转为 PDF")
    folder = tmp_path_factory.mktemp("pdf")
    made = to_pdf([drafts[stem]["docx"] for stem in STEMS], folder)
    return {path.stem: path for path in made}


@pytest.mark.parametrize("stem", STEMS)
def test_a_drafted_sample_as_pdf_imports_to_its_own_fields(pdfs, tmp_path, stem):
    data = _import(pdfs[stem], tmp_path / "next.yaml")
    assert_carried_over(stem, data, problem_chars=30)


def _fill(imported: Any, sample: Any) -> Any:
    """What the clerk adds: every field the import left out, taken from the sample (rows by position)."""
    if isinstance(imported, dict) and isinstance(sample, dict):
        filled = {key: _fill(imported[key], sample[key]) if key in sample else imported[key] for key in imported}
        return {**{k: v for k, v in sample.items() if k not in imported}, **filled}
    if isinstance(imported, list) and isinstance(sample, list) and imported and isinstance(imported[0], dict):
        return [_fill(a, b) for a, b in zip(imported, sample, strict=False)] + imported[len(sample) :]
    return imported


@pytest.mark.parametrize("stem", STEMS)
def test_an_import_with_its_figures_filled_in_drafts(drafts, tmp_path, stem):
    data = _import(drafts[stem]["docx"], tmp_path / "next.yaml")
    sample, _ = read_data(SAMPLES / f"{stem}.yaml")
    filled = _fill(copy.deepcopy(data), sample)
    filled["年度"] = data["年度"]
    out = tmp_path / "filled.yaml"
    from reportgen.load import to_yaml

    out.write_text(to_yaml(filled), encoding="utf-8")
    drafted = api.draft(out)
    assert f"{data['年度']}年" in drafted.text()
    assert drafted.report.unit_name == data["单位名称"]


def test_the_workbook_holds_the_carried_fields_and_validate_lists_what_to_fill(drafts, tmp_path, capsys):
    from reportgen.workbook import LAYOUTS, open_workbook, read_workbook

    book = tmp_path / "2024年填报表.xlsx"
    assert main(["import", str(drafts["yueyang_2023"]["docx"]), "-o", str(book)]) == 0
    printed = capsys.readouterr().out
    assert "自评表指标：" in printed and "待填写" in printed and "实际完成值" in printed
    data, _, _ = read_workbook(open_workbook(book), LAYOUTS["department"])
    report, _ = _sample("yueyang_2023")
    assert norms(data["整体支出绩效目标"]) == norms(report.performance_goals)
    assert len(data["部门整体自评表"]["指标"]) == len(report.department_table.indicators)
    assert data["上年问题"], "last year's problems are listed for reference"
    sheet = load_workbook(book)["自评表指标"]
    marked = [row for row in sheet.iter_rows(min_row=2) if any(c.fill.fgColor.rgb == "00FFF2CC" for c in row)]
    tables = [report.department_table, *(p.table for p in report.spending.project.projects if p.table)]
    assert len(marked) == sum(len(t.indicators) for t in tables), "each indicator's 实际完成值 is marked to fill"
    assert main(["validate", str(book)]) == 2
    err = capsys.readouterr().err
    assert "处必填项没有填写" in err  # not a page of "errors": the clerk has figures to add
    assert "「自评表指标」" in err and "实际完成值" in err and "缺少必填字段" in err
    assert "Traceback" not in err


def test_year_can_be_given_and_the_default_output_is_beside_the_report(drafts, tmp_path, capsys):
    source = tmp_path / "去年报告.md"
    source.write_bytes(drafts["haizhu_2023"]["md"].read_bytes())
    assert main(["import", str(source), "--year", "2026"]) == 0
    assert (tmp_path / "2026年填报表.xlsx").is_file()
    assert "2026年度" in capsys.readouterr().out


def test_an_existing_output_is_not_overwritten_without_force(drafts, tmp_path, capsys):
    out = tmp_path / "next.yaml"
    out.write_text("已改过的内容", encoding="utf-8")
    assert main(["import", str(drafts["haizhu_2023"]["md"]), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "已改过的内容"
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(drafts["haizhu_2023"]["md"]), "-o", str(out), "--force"]) == 0


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", (), "空文件"),
        (b"PK\x03\x04 not really a zip", (), ""),
        (
            "这是一份会议通知，请各位同事准时参加周五下午的例会，会议地点在三楼会议室，请提前十分钟到场签到。".encode(),
            (),
            "不是绩效自评报告",
        ),
    ],
)
def test_an_unreadable_file_or_not_a_report_writes_nothing(tmp_path, capsys, content, args, message):
    source = tmp_path / ("报告.docx" if content.startswith(b"PK") else "报告.txt")
    source.write_bytes(content)
    out = tmp_path / "next.xlsx"
    assert main(["import", str(source), "-o", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert re.search(r"[\u4e00-\u9fff]", err)
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("填报表.xlsx", "是填报表（起草报告用的 Excel 输入文件）"),
        ("填报表.XLSM", "是填报表（起草报告用的 Excel 输入文件）"),
        ("输入.yaml", "是起草报告用的输入文件"),
    ],
)
def test_an_input_file_given_as_last_years_report_is_named_with_the_commands_that_read_it(tmp_path, capsys, name, what):
    source = tmp_path / name
    source.write_bytes(b"PK\x03\x04" if "xls" in name.lower() else "单位名称: 某单位\n".encode())
    out = tmp_path / "next.xlsx"
    assert main(["import", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{name} {what}，不是上一年度的报告" in err
    assert f"reportgen validate {name}" in err and f"reportgen draft {name}" in err
    assert "不支持的文件类型" not in err
    assert not out.exists()


def test_a_format_of_the_other_kind_is_refused(drafts, tmp_path, capsys):
    out = tmp_path / "next.xlsx"
    assert main(["import", str(drafts["yueyang_2023"]["docx"]), "-o", str(out), "--profile", "project"]) == 2
    err = capsys.readouterr().err
    assert "格式「project」" in err and "部门整体支出" in err
    assert not out.exists()


def test_a_report_with_nothing_to_carry_over_writes_nothing(tmp_path, capsys):
    source = tmp_path / "报告.txt"
    source.write_text(
        "2023年度某县图书馆部门整体支出绩效自评报告\n\n一、自评结论\n\n本年度预算执行情况良好，绩效目标基本完成，"
        "自评得分为九十分，等级为优。全年预算支出均按计划执行。\n",
        encoding="utf-8",
    )
    out = tmp_path / "next.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 2
    assert "没有读到可以带入" in capsys.readouterr().err
    assert not out.exists()


def test_an_output_of_another_kind_is_refused(drafts, tmp_path, capsys):
    assert main(["import", str(drafts["haizhu_2023"]["md"]), "-o", str(tmp_path / "next.docx")]) == 2
    assert ".xlsx" in capsys.readouterr().err


# --- the seed reports: what each states, read by hand from the seed files --------------------------------

# (seed, duties, tasks, goals, department indicators, projects): each (count, first starts with, last starts with)
SEED_FACTS = {
    "000": {
        "主要职能": (9, "贯彻执行党和国家档案事业方针政策", "完成区委和区政府交办的其他任务"),
        "年度总体工作和重点工作任务": (8, "按照补齐短板、强化弱项", "进一步加大档案宣传力度"),
        "整体支出绩效目标": (3, "全面落实市国家档案局", "提升档案馆业务水平"),
    },
    "001": {
        "主要职能": (9, "贯彻执行党和国家、省、市有关档案管理", "完成市委交办的其他任务"),
        "年度总体工作和重点工作任务": (3, "聚焦主责主业", "聚焦社会关注"),
        "整体支出绩效目标": (10, "档案扫描800000画幅", "档案接收符合进馆标准100%"),
    },
    "002": {
        "整体支出绩效目标": (6, "负责接收按规定应移交进馆", "承办市委办公室和上级交办的其他事项"),
        "指标": (20, "理论中心组学习", "社会公众满意度"),
        "项目": (5, "大楼运行维护费", "档案保护开发和档案资源建设项目"),
    },
    "003": {
        "主要职能": (7, "为全市重要政务活动", "负责馆藏档案资料技术保护"),
        "年度总体工作和重点工作任务": (5, "纪录城市景观特色和人文历史", "开展民国档案纸质修复"),
        "整体支出绩效目标": (5, "纪录城市景观特色和人文历史", "开展民国档案纸质修复"),
        "内设机构": (4, "综合部", "技术部"),
        "指标": (12, "拍摄制作量，购置节目数量", "运维满意度"),  # stated in words: 二、综合评价分析
    },
    "004": {
        "项目": (2, "日常档案管理和征集费", "市级综合档案馆业务建设评价经费"),
        "具体绩效目标": (
            9,
            "以政治建设为统领",
            "杜绝造假，确保统计数据真实可靠",
        ),  # 「3.扎实推进平安建设」is a point of goal 3
    },
}


def _seed(number: str) -> Path:
    return next(SEEDS.glob(f"{number}_*.txt"))


def _listed(data: dict[str, Any], key: str) -> list[str]:
    if key == "指标":
        return [row["三级指标"] for row in data["部门整体自评表"]["指标"]]
    if key == "项目":
        projects = data.get("项目") or data["支出"]["项目支出"]["项目"]
        return [p["名称"] for p in projects]
    if key == "具体绩效目标":
        return [goal["标题"] for goal in data["项目绩效目标"]["具体绩效目标"]]
    if key == "内设机构":
        return [b["名称"] for b in data["内设机构"]]
    return data[key]


@pytest.mark.seeds
@pytest.mark.parametrize("number", sorted(SEED_FACTS))
def test_a_seed_imports_the_lists_it_states(tmp_path, number):
    data = _import(_seed(number), tmp_path / "next.yaml")
    for key, (count, first, last) in SEED_FACTS[number].items():
        found = _listed(data, key)
        assert len(found) == count, (key, found)
        assert norm(found[0]).startswith(first), key
        assert norm(found[-1]).startswith(last), key


@pytest.mark.seeds
def test_the_hunan_seed_carries_last_years_final_figures_as_this_years_previous(tmp_path):
    data = _import(_seed("002"), tmp_path / "next.yaml")
    # 附件1 of seed 002: 公车运行维护 2023年决算数 0.56, 公务接待 1.36, 公用经费 66.92 (read by hand)
    assert Decimal(str(data["三公经费"]["公务用车运行维护"]["上年决算"])) == Decimal("0.56")
    assert Decimal(str(data["三公经费"]["公务接待"]["上年决算"])) == Decimal("1.36")
    assert Decimal(str(data["基础数据表"]["公用经费"]["合计"]["上年决算"])) == Decimal("66.92")
    assert data["年度"] == 2024


#: What the test types where ``validate`` says a field is left to fill, by the field's name (else the amount 100).
SEED_FILLS: dict[str, Any] = {
    "支出": {"基本支出": {"合计": 100}, "项目支出": {"合计": 0}},
    "基本支出": {"合计": 100},
    "资金": {"全年预算数": 100, "全年执行数": 100},
}


def _filled_as_told(data: dict[str, Any], out: Path) -> api.DraftedReport:
    """Fill in what ``validate`` lists as left to fill (and nothing else is allowed to be listed), then draft."""
    from reportgen.errors import InputError
    from reportgen.load import ASKS_TO_FILL, MISSING, to_yaml

    for _ in range(3):  # a part filled in may ask for its own fields
        out.write_text(to_yaml(data), encoding="utf-8")
        try:
            return api.draft(out)
        except InputError as exc:
            for issue in exc.issues:
                assert issue.message == MISSING or issue.message.startswith(ASKS_TO_FILL), issue.describe(out.name)
                *parents, last = [int(p) - 1 if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", issue.path)]
                node: Any = data
                for key in parents:
                    node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
                if issue.message.startswith(ASKS_TO_FILL):
                    node[last]["内容"] = "按计划完成。"
                elif last == "实际完成值":
                    node.update({"实际完成值": node.get("年度指标值", "完成"), "完成等级": "达成"})
                else:
                    node[last] = SEED_FILLS.get(last, 100)
    raise AssertionError(f"{out.name} still has fields to fill")


@pytest.mark.seeds
@pytest.mark.parametrize("number", sorted(SEED_FACTS))
def test_a_seed_import_drafts_once_what_is_left_is_filled(tmp_path, number):
    data = _import(_seed(number), tmp_path / "next.yaml")
    drafted = _filled_as_told(data, tmp_path / "filled.yaml")
    assert drafted.report.unit_name == data["单位名称"] and drafted.report.year == data["年度"]
    assert f"{data['年度']}年" in drafted.text()


@pytest.mark.parametrize(
    ("profile", "message"),
    [("generic", "只用于检查"), ("nosuch", "未知的报告格式")],
)
def test_a_format_that_cannot_draft_is_refused(drafts, tmp_path, capsys, profile, message):
    out = tmp_path / "next.xlsx"
    assert main(["import", str(drafts["haizhu_2023"]["md"]), "-o", str(out), "--profile", profile]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_json_holds_what_yaml_holds(drafts, tmp_path):
    as_yaml = _import(drafts["yueyang_2023"]["docx"], tmp_path / "next.yaml")
    as_json = _import(drafts["yueyang_2023"]["docx"], tmp_path / "next.json")
    assert norms(as_json["整体支出绩效目标"]) == norms(as_yaml["整体支出绩效目标"])
    assert Decimal(str(as_json["三公经费"]["公务接待"]["上年决算"])) == Decimal(
        str(as_yaml["三公经费"]["公务接待"]["上年决算"])
    )


# --- how a section's list is read -----------------------------------------------------------------------


def _section(body: str):
    from reportgen.check.read import read_text
    from reportgen.check.structure import parse_draft

    text = f"2023年度某县图书馆部门整体支出绩效自评报告\n一、部门基本情况\n（一）年度重点工作任务\n{body}\n二、存在的问题\n无。"
    parsed = parse_draft(read_text(text), "guangdong")
    return next(s for s in parsed.sections() if "重点工作任务" in s.title)


@pytest.mark.parametrize(
    ("body", "how", "items"),
    [
        (
            "全年工作如下：\n（1）做好图书借阅服务。\n（2）开展阅读推广活动。",
            "numbered",
            ["做好图书借阅服务。", "开展阅读推广活动。"],
        ),
        (
            "一是做好图书借阅服务；二是开展阅读推广活动；三是完成古籍普查。",
            "inline",
            ["做好图书借阅服务", "开展阅读推广活动", "完成古籍普查。"],
        ),
        (  # a numeral that lost its dot (seed 003: 「4 确保……」)
            "1.做好图书借阅服务。\n2开展阅读推广活动。\n3.完成古籍普查。",
            "numbered",
            ["做好图书借阅服务。", "开展阅读推广活动。", "完成古籍普查。"],
        ),
        ("做好图书借阅服务。\n开展阅读推广活动。", "paragraphs", ["做好图书借阅服务。", "开展阅读推广活动。"]),
    ],
)
def test_a_list_is_read_however_it_is_written(body, how, items):
    from reportgen.importer.read import list_items

    found = list_items(_section(body))
    assert (found.how, norms(found.items)) == (how, norms(items))  # a line read as a heading loses its 。


def test_items_after_a_colon_are_split_at_semicolons_where_asked():
    from reportgen.importer.read import list_items

    section = _section("具体有：借阅图书5万册；举办讲座12场；古籍修复100页。")
    assert list_items(section, semicolons=True).items == ["借阅图书5万册", "举办讲座12场", "古籍修复100页"]
    assert list_items(section).how == "paragraphs"


@pytest.mark.seeds
@pytest.mark.parametrize("number", ["000", "001", "004"])
def test_a_seed_without_a_自评表_gets_no_invented_indicators(tmp_path, number):
    # Seeds 000 and 001 state no indicator rows; 004 states results for both projects together, without 分值.
    data = _import(_seed(number), tmp_path / "next.yaml")
    projects = data.get("项目") or data.get("支出", {}).get("项目支出", {}).get("项目", [])
    assert "部门整体自评表" not in data
    assert all("自评表" not in project for project in projects)


def test_a_report_no_regional_format_fits_is_imported_into_the_usual_one(tmp_path, capsys):
    from paths import FIXTURES

    data = _import(FIXTURES / "structure_hubei_clean.txt", tmp_path / "next.yaml")
    out = capsys.readouterr().out
    assert data["格式"] == "guangdong"
    assert "通用格式" in out and "都不够相符，按 guangdong 格式生成填报表" in out


# --- notes on how sure the reading is --------------------------------------------------------------------


def test_a_list_found_by_a_word_of_its_heading_is_noted(drafts, tmp_path, capsys):
    _import(drafts["nanchang_2022"]["docx"], tmp_path / "next.yaml")
    out = capsys.readouterr().out
    assert (
        "「主要职能」取自章节「一、单位概况 > （一）单位主要职责职能、组织架构、人员及资产基本情况 > 1.单位主要职责职能」"
        in out
    )
    assert "按标题中的字样识别" in out


def test_a_part_found_by_another_name_of_the_format_is_noted(tmp_path, capsys):
    source = tmp_path / "报告.txt"
    source.write_text(
        "2023年度某县图书馆部门（单位）整体支出绩效自评报告\n一、部门（单位）基本情况\n（一）基本情况\n"
        "某县图书馆系财政全额预算拨款单位。\n（二）年度整体支出绩效目标\n（1）做好图书借阅服务。\n（2）开展阅读推广活动。\n"
        "二、一般公共预算支出情况\n全年支出100万元。\n",
        encoding="utf-8",
    )
    data = _import(source, tmp_path / "next.yaml", "--profile", "hunan")
    assert norms(data["整体支出绩效目标"]) == ["做好图书借阅服务", "开展阅读推广活动"]
    assert "按格式中「部门（单位）年度整体支出绩效目标」的别名识别" in capsys.readouterr().out


def test_a_分值_in_a_merged_cell_is_left_to_fill_and_noted():
    from reportgen.check.model import TableBlock
    from reportgen.check.tables import IndicatorRow, IndicatorTable
    from reportgen.importer.read import Carried, indicator_data

    rows = [
        IndicatorRow("产出指标", "数量指标", "1.借阅人次", "≥5万人次", "", Decimal(10), None),
        IndicatorRow("产出指标", "数量指标", "讲座场次", "≥12场", "", None, None, shared=True),
    ]
    table = IndicatorTable("附件2", "department", "某县图书馆", TableBlock([], 1), indicators=rows)
    carried = Carried()
    found = indicator_data(table, carried)
    assert [row["三级指标"] for row in found] == ["借阅人次", "讲座场次"]
    assert "分值" in found[0] and "分值" not in found[1]
    assert len(carried.uncertain) == 1 and "合并的单元格" in carried.uncertain[0] and "讲座场次" in carried.uncertain[0]


def test_an_empty_二级_under_the_same_一级_is_the_merged_cell_above():
    # A PDF's merged 二级 cell is read into its first row only.
    from reportgen.check.model import TableBlock
    from reportgen.check.tables import IndicatorRow, IndicatorTable
    from reportgen.importer.read import Carried, indicator_data

    rows = [
        IndicatorRow("产出指标", "质量指标", "借阅差错率", "≤1%", "", Decimal(3), None),
        IndicatorRow("产出指标", "", "古籍修复合格率", "≥95%", "", Decimal(3), None),
        IndicatorRow("效益指标", "", "读者到馆人次", "≥5万人次", "", Decimal(3), None),
    ]
    table = IndicatorTable("附件2", "department", "某县图书馆", TableBlock([], 1), indicators=rows)
    carried = Carried()
    found = indicator_data(table, carried)
    assert [row["二级指标"] for row in found] == ["质量指标", "质量指标", ""]
    assert len(carried.uncertain) == 2
    assert "古籍修复合格率" in carried.uncertain[0] and "按上一行取「质量指标」" in carried.uncertain[0]
    assert "读者到馆人次" in carried.uncertain[1] and "没有读到一级或二级指标" in carried.uncertain[1]


def test_an_indicator_the_model_refuses_once_filled_is_noted_once_in_chinese():
    from reportgen.importer import _indicator_doubts

    rows = [
        # refused only when 实际完成值 is there: a 二级 of another 一级
        {"一级指标": "效益指标", "二级指标": "质量指标", "三级指标": "借阅差错率", "年度指标值": "≤1%", "分值": 3},
        # refused as it stands: listed with the input's other issues, not again here
        {"一级指标": "产出指标", "二级指标": "指标", "三级指标": "讲座场次", "年度指标值": "≥12场", "分值": 3},
    ]
    assert _indicator_doubts({"部门整体自评表": {"指标": rows}}) == [
        "部门整体自评表指标「借阅差错率」：二级指标「质量指标」属于「产出指标」，不属于「效益指标」"
    ]


@pytest.mark.parametrize(
    ("stem", "parts"),
    [
        ("haizhu_2023", ["本年的支出决算数和预算数", "本年的问题", "本年的改进措施", "自评得分"]),
        ("huaihua_2024_project", ["各项目的预算数、到位和使用资金", "本年的问题", "本年的建议"]),
    ],
)
def test_the_new_years_own_parts_are_named(drafts, tmp_path, capsys, stem, parts):
    # A format names most parts by their fields (「问题.内容」), not as a whole.
    _import(drafts[stem]["md"], tmp_path / "next.yaml")
    named = re.search(r"另请填写本年的新内容：(.+)。", capsys.readouterr().out)
    assert named and all(part in named.group(1) for part in parts)


@pytest.mark.parametrize(
    ("path", "sheet"),
    [
        (("单位名称",), "基本信息"),
        ((), "基本信息"),
        (("收入", "一般公共预算财政拨款"), "收入"),
        (("支出", "基本支出", "合计"), "支出"),
        (("支出", "项目支出", "项目", "全年执行数"), "项目"),  # the longest part it lies in, not 支出
        (("问题", "内容"), "问题"),
        (("三公经费", "公务接待费"), "三公经费"),
    ],
)
def test_the_carried_count_goes_to_the_sheet_that_holds_the_field(path, sheet):
    from reportgen.workbook import LAYOUTS

    assert LAYOUTS["department"].sheet_of(path) == sheet


@pytest.mark.parametrize(
    ("uses", "key", "used"),
    [
        (["问题.内容", "收入"], "问题", True),  # a field of the part is enough
        (["问题.内容", "收入"], "收入", True),
        (["问题.内容", "收入"], "三公经费", False),
        (["问题.内容", "收入"], "问", False),
        (None, "三公经费", True),  # a format that does not say uses everything
    ],
)
def test_a_new_years_part_is_named_when_the_format_uses_any_of_it(uses, key, used):
    from reportgen.profiles import Profile

    profile = Profile(name="t", description="", kind="department", report_name="报告", sections=[], uses=uses)
    assert profile.uses_part(key) is used
