"""Input validation: every bad input becomes a Chinese message naming file, field path and line."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from paths import SAMPLES
from reportgen.errors import InputError
from reportgen.load import load_report, read_data, to_yaml
from reportgen.models import DepartmentReport

MINIMAL = {
    "单位名称": "测试档案馆",
    "年度": 2023,
    "主要职能": ["负责档案接收。"],
    "年度总体工作和重点工作任务": ["抓好档案安全工作"],
    "整体支出绩效目标": ["提升档案服务水平"],
    "收入": {"一般公共预算财政拨款": 100},
    "支出": {"基本支出": {"人员经费": 60, "公用经费": 20}, "项目支出": {"合计": 20}},
}


def write(tmp_path: Path, data: object, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def with_change(path: tuple, value: object) -> dict:
    data = copy.deepcopy(MINIMAL)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def issues_of(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        load_report(path)
    return [(issue.path, issue.message) for issue in caught.value.issues]


def test_minimal_input_is_valid(tmp_path):
    report = load_report(write(tmp_path, MINIMAL))
    assert isinstance(report, DepartmentReport)
    assert report.spending.basic.personnel == Decimal(60)


def test_english_field_names_are_accepted(tmp_path):
    data = copy.deepcopy(MINIMAL)
    data["unit_name"] = data.pop("单位名称")
    assert load_report(write(tmp_path, data)).unit_name == "测试档案馆"


@pytest.mark.parametrize(
    ("change", "field", "message_part"),
    [
        (("单位名称", KeyError), "单位名称", "缺少必填字段"),
        (("年度", "二〇二三"), "年度", "应为整数"),
        (("年度", 1899), "年度", "应不小于 2000"),
        (("收入", "一般公共预算财政拨款", -5), "收入.一般公共预算财政拨款", "不能为负数"),
        (("收入", "一般公共预算财政拨款", "很多"), "收入.一般公共预算财政拨款", "应为数字"),
        (("收入", "政府基金", 3), "收入.政府基金", "是否想写「政府性基金」"),
        (("支出", "基本支出", "人员经费用", 1), "支出.基本支出.人员经费用", "是否想写「人员经费」"),
        (("重点工作完成情况", [{"标题": "x", "内容": []}]), "重点工作完成情况[1]", "请填写「内容」或「要点」"),
        (("主要职能", "负责档案接收"), "主要职能", "应为列表"),
        (("收入", [1, 2]), "收入", "应为「字段: 值」的映射"),
        (
            ("支出", "基本支出", {"人员经费": 1}),
            "支出.基本支出",
            "请填写「合计」，或同时填写「人员经费」和「公用经费」",
        ),
        (("问题", [{"内容": "x", "方面": "经费"}]), "问题[1].方面", "只能是以下之一"),
        (("改进措施", [{"内容": "加强管理", "针对": ["P1"]}]), "", "引用了不存在的问题编号：P1"),
        (("问题", [{"编号": "A", "内容": "x"}, {"编号": "A", "内容": "y"}]), "", "问题「编号」重复：A"),
        (("自评得分", {"总分": 120}), "自评得分.总分", "应不大于 100"),
        (("人员编制", {"编制数": 21}), "人员编制.实有人数", "缺少必填字段"),
    ],
)
def test_bad_field_is_reported_with_path(tmp_path, change, field, message_part):
    issues = issues_of(write(tmp_path, with_change(change[:-1], change[-1])))
    assert any(path == field and message_part in message for path, message in issues), issues


def test_every_problem_is_reported_at_once(tmp_path):
    data = with_change(("收入", "一般公共预算财政拨款"), -1)
    del data["单位名称"]
    data["年龄"] = 3
    assert len(issues_of(write(tmp_path, data))) == 3


@pytest.mark.parametrize(
    ("text", "line", "message_part"),
    [
        ("单位名称: 测试\n年度: 2023\n收入: [1, 2\n", 4, "YAML 格式错误"),
        ("单位名称: 测试\n\t年度: 2023\n", 2, "Tab"),
        ("单位名称: 测试: 馆\n", 1, "冒号"),
        ("单位名称: 测试\n单位名称: 重复\n", 2, "字段重复出现"),
    ],
)
def test_yaml_syntax_errors_name_the_line(tmp_path, text, line, message_part):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_report(path)
    issue = caught.value.issues[0]
    assert issue.line == line
    assert message_part in issue.message


def test_field_errors_carry_the_line_of_the_key(tmp_path):
    path = tmp_path / "input.yaml"
    text = yaml.safe_dump(with_change(("收入", "一般公共预算财政拨款"), -5), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    expected_line = text.splitlines().index("  一般公共预算财政拨款: -5") + 1
    issue = issues_of_full(path)[0]
    assert issue.line == expected_line


def issues_of_full(path: Path):
    with pytest.raises(InputError) as caught:
        load_report(path)
    return caught.value.issues


def test_numbers_do_not_pass_through_float(tmp_path):
    path = tmp_path / "input.yaml"
    data = with_change(("收入", "一般公共预算财政拨款"), 0)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace(
        "一般公共预算财政拨款: 0", "一般公共预算财政拨款: 0.1"
    )
    path.write_text(text, encoding="utf-8")
    assert load_report(path).income.general_budget == Decimal("0.1")


def test_json_input_is_accepted(tmp_path):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(MINIMAL, ensure_ascii=False), encoding="utf-8")
    assert load_report(path).year == 2023


def test_json_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "input.json"
    path.write_text('{\n  "单位名称": "x",\n  "年度": 2023,,\n}', encoding="utf-8")
    issue = issues_of_full(path)[0]
    assert issue.line == 3 and "JSON 格式错误" in issue.message


@pytest.mark.parametrize(
    ("content", "message_part"),
    [
        (b"", "文件是空的"),
        (b"   \n", "文件是空的"),
        ("单位名称: 测试".encode("gbk"), "不是 UTF-8 编码"),
        ("- 一\n- 二\n".encode(), "最外层应是"),
    ],
)
def test_unusable_files(tmp_path, content, message_part):
    path = tmp_path / "input.yaml"
    path.write_bytes(content)
    assert message_part in issues_of_full(path)[0].message


def test_missing_file(tmp_path):
    assert "文件不存在" in issues_of_full(tmp_path / "nope.yaml")[0].message


def test_message_names_file_line_and_field(tmp_path):
    path = write(tmp_path, with_change(("收入", "一般公共预算财政拨款"), -5))
    with pytest.raises(InputError) as caught:
        load_report(path)
    text = caught.value.user_message()
    assert str(path) in text and "第" in text and "「收入.一般公共预算财政拨款」" in text
    assert "未生成任何文件" in text


# ---------------------------------------------------------------- inputs that forgive (issue 12)


@pytest.mark.parametrize(
    ("change", "read", "expected"),
    [
        # One shape per concept: a budget figure is a number, or a mapping with 合计.
        (
            ("支出", "基本支出", {"合计": 80, "年初预算": 70, "年中追加": {"合计": 10}}),
            lambda r: r.spending.basic.initial.amount + r.spending.basic.mid_year_addition,
            Decimal(80),
        ),
        (("支出", "基本支出", 80), lambda r: r.spending.basic.stated_total, Decimal(80)),
        (("支出", "项目支出", "合计", {"合计": 20}), lambda r: r.spending.project.stated_total, Decimal(20)),
        (("收入", 100), lambda r: r.income.stated_total, Decimal(100)),
        (("收入", "一般公共预算财政拨款", "1,299.97万元"), lambda r: r.income.general_budget, Decimal("1299.97")),
        (("收入", "一般公共预算财政拨款", "８５８．５７"), lambda r: r.income.general_budget, Decimal("858.57")),
    ],
)
def test_budget_figures_take_one_shape(tmp_path, change, read, expected):
    report = load_report(write(tmp_path, with_change(change[:-1], change[-1])))
    assert read(report) == expected


def test_initial_budget_as_a_number_drafts(tmp_path):
    from reportgen import api

    data = with_change(("支出", "基本支出", "年初预算"), 70)
    data["支出"]["基本支出"]["年中追加"] = 10
    path = write(tmp_path, {**data, "格式": "hunan"})
    text = api.draft(path).markdown()
    assert "年初预算批复的基本支出为70.00万元，年中追加10.00万元，全年预算合计80.00万元" in text


def test_identifiers_typed_as_numbers_are_text(tmp_path):
    data = {**MINIMAL, "问题": [{"编号": 1, "内容": "x"}], "改进措施": [{"内容": "y", "针对": 1}]}
    report = load_report(write(tmp_path, data))
    assert report.problems[0].id == "1" and report.measures[0].answers == ["1"]


def test_a_project_table_takes_the_projects_figures_it_leaves_out(tmp_path):
    project = {
        "名称": "档案数字化",
        "年初预算数": 100,
        "全年预算数": 120,
        "全年执行数": 110,
        "自评表": {
            "资金": {"分值": 10},
            "指标": [
                {
                    "一级指标": "产出指标",
                    "二级指标": "数量指标",
                    "三级指标": "扫描",
                    "年度指标值": "10万页",
                    "实际完成值": "10万页",
                    "分值": 90,
                }
            ],
        },
    }
    data = with_change(("支出", "项目支出"), {"项目": [project]})
    funds = load_report(write(tmp_path, data)).spending.project.projects[0].table.funds
    assert (funds.initial_budget, funds.budget, funds.executed, funds.full_marks) == (100, 120, 110, 10)


def test_allowed_values_are_listed_in_chinese(tmp_path):
    data = with_change(
        ("支出", "项目支出"), {"项目": [{"名称": "x", "类别": "经费", "全年预算数": 1, "全年执行数": 1}]}
    )
    (issue,) = issues_of(write(tmp_path, data))
    assert issue[1] == "只能是以下之一：业务工作经费、运行维护经费、专项资金；实际填写的是「经费」"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("收入", "一般公共预算财政拨款", "12000元"), "金额以万元为单位填写；「12000元」请换算为万元，即 1.2"),
        (("收入", "一般公共预算财政拨款", "1,2"), "应为数字（金额以万元为单位，如 858.57），实际填写的是「1,2」"),
        (("报告日期", "2024年2月30日"), "日期不存在"),
    ],
)
def test_what_cannot_be_read_unambiguously_is_refused(tmp_path, change, message):
    issues = issues_of(write(tmp_path, with_change(change[:-1], change[-1])))
    assert any(message in text for _, text in issues), issues


def test_dates_as_typed(tmp_path):
    report = load_report(write(tmp_path, {**MINIMAL, "报告日期": "2024年6月27日", "年度": "2023年度"}))
    assert (report.report_date.isoformat(), report.year) == ("2024-06-27", 2023)


def _docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "advice"),
    [
        ("报告.docx", _docx_bytes(), "这是 Word 文件；要检查它请用 reportgen check"),
        ("报告.yaml", _docx_bytes(), "这是 Word 文件；要检查它请用 reportgen check"),
        ("报告.pdf", b"%PDF-1.7", "这是 PDF 文件；要检查它请用 reportgen check"),
        ("报告.txt", b"%PDF-1.7\xff", "这是 PDF 文件；要检查它请用 reportgen check"),
        ("填报表.xls", b"\xd0\xcf\x11\xe0", "请在 Excel 中「另存为」Excel 工作簿（.xlsx）后重试"),
        ("填报表.xlsx", b"not a zip", "无法打开这个 Excel 文件"),
    ],
)
def test_a_file_of_another_kind_gets_the_right_advice(tmp_path, name, content, advice):
    from reportgen import api

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        api.load_input(path)
    assert advice in caught.value.issues[0].message
    assert "UTF-8" not in caught.value.user_message()


def test_a_workbook_under_another_name_is_read_as_a_workbook(tmp_path):
    import shutil

    from paths import SAMPLES
    from reportgen import api

    path = tmp_path / "填报表.yaml"
    shutil.copy(SAMPLES / "haizhu_2023.xlsx", path)
    report, _, _ = api.load_input(path)
    assert report.unit_name == "海珠区国家档案馆"


def test_a_text_typed_over_several_lines_stays_one_paragraph(tmp_path):
    from reportgen import api

    data = {**MINIMAL, "问题": [{"内容": "绩效观念\n# 不深入", "原因": "人员\n不足。"}]}
    text = api.draft(write(tmp_path, data)).markdown()
    assert "绩效观念# 不深入" in text and "人员不足。" in text
    assert "# 不深入" not in text.replace("绩效观念# 不深入", "")


_PLAIN_YAML = [
    "单位名称: 甲\n年度: 2023\n数: [1, 1.50, 0x1F, 1_000, .inf, 是, yes, ~, 2024-06-27, 2024-02-30, '12']\n",
    "a: 1\na: {b: 1, b: 2}\n'a ': 3\nc:\n  - {d: 1, d: [1, {e: 1, e: 2}]}\n  -\n  - []\n",
    "- 1\n- [2, {x: 3}]\n",
    "just text\n",
    "---\n",
    "a: !!str 12\nb: !!int '12'\nc: ! 12\nd: |\n  多行\n  文字\ne: >\n  折叠\nnull: 1\n1: 2\n",
]


@pytest.mark.parametrize("text", _PLAIN_YAML + [path.read_text("utf-8") for path in sorted(SAMPLES.glob("*.yaml"))])
def test_yaml_read_in_one_pass_is_what_composing_reads(text):
    """A file without anchors is read from its events in one pass: the same data, lines and repeated keys as its
    composed nodes give (the way a file with anchors is read)."""
    from reportgen import load

    one_pass = load._build_plain(text, load._SAFE_LOADER, "input.yaml")
    node = load._compose(text, load._SAFE_LOADER, "input.yaml")
    lines: dict = {}
    issues: list = []
    composed = load._construct(node, (), lines, issues)
    assert one_pass is not None
    data, one_pass_lines, one_pass_issues = one_pass
    assert repr(data) == repr(composed)
    assert one_pass_lines == lines
    assert one_pass_issues == issues


def test_yaml_with_anchors_is_read_as_before(tmp_path):
    path = tmp_path / "input.yaml"
    path.write_text("a: &x {b: 1.5}\nc: *x\nd:\n  - *x\n", encoding="utf-8")
    data, lines = read_data(path)
    assert data == {"a": {"b": Decimal("1.5")}, "c": {"b": Decimal("1.5")}, "d": [{"b": Decimal("1.5")}]}
    assert lines[("c", "b")] == 1 and lines[("d", 0)] == 1 and lines[("d",)] == 3


def test_equal_numbers_read_from_yaml_are_not_one_object(tmp_path):
    """Writing the data back (import, template) must not turn two fields of the same figure into an alias."""
    path = tmp_path / "input.yaml"
    path.write_text("a: 1.50\nb: 1.50\nc: 2024-06-27\nd: 2024-06-27\n", encoding="utf-8")
    data, _ = read_data(path)
    assert "&" not in to_yaml(data) and "*" not in to_yaml(data)
