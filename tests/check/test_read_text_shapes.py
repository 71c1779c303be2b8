"""Text in the shapes reports reach us in: tables one cell per line, in columns of spaces or tabs, saved as text
by Word with every cell a line, flattened onto one line; page numbers told from cells; a 目录; run-in headings."""

from __future__ import annotations

import pytest

from reportgen.check.model import Paragraph, TableBlock
from reportgen.check.read import read_text

HEAD = "一、部门基本情况\n本馆负责全县图书借阅和阅读推广，全年预算执行情况良好。\n"
FUNDS_ROWS = [
    ["项目名称", "预算数（万元）", "执行数（万元）", "执行率"],
    ["图书购置", "60", "54", "90.00%"],
    ["阅读推广", "50", "46", "92.00%"],
    ["合计", "110", "100", "90.91%"],
]


def _tables(text: str) -> list[list[list[str]]]:
    return [b.rows for b in read_text(text) if isinstance(b, TableBlock)]


def _texts(text: str) -> list[str]:
    return [b.text for b in read_text(text) if isinstance(b, Paragraph)]


@pytest.mark.parametrize(
    ("shape", "body"),
    [
        ("one cell per line", "\n".join(c for row in FUNDS_ROWS for c in row)),
        ("runs of spaces", "\n".join("   ".join(row) for row in FUNDS_ROWS)),
        ("tabs between cells", "\n".join("\t".join(row) for row in FUNDS_ROWS)),
        ("full-width spaces", "\n".join("\u3000\u3000".join(row) for row in FUNDS_ROWS)),
    ],
)
def test_funds_table_in_every_text_shape(shape, body):
    assert _tables(HEAD + body + "\n二、绩效自评情况\n全年执行率90.91%。") == [FUNDS_ROWS]


INDICATOR_CELLS = """一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
产出指标（50分）
数量指标
新增馆藏图书
≥1万册
1.2万册
20
20
举办阅读推广活动
≥40场
46场
15
15
质量指标
图书编目准确率
≥98%
99%
15
15
效益指标（30分）
社会效益指标
年借阅人次
≥8万人次
9万人次
30
30
满意度指标（10分）
服务对象满意度指标
读者满意度
≥90%
95%
10
9
总分
100
89"""
INDICATOR_ROWS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标（50分）", "数量指标", "新增馆藏图书", "≥1万册", "1.2万册", "20", "20"],
    ["产出指标（50分）", "数量指标", "举办阅读推广活动", "≥40场", "46场", "15", "15"],
    ["产出指标（50分）", "质量指标", "图书编目准确率", "≥98%", "99%", "15", "15"],
    ["效益指标（30分）", "社会效益指标", "年借阅人次", "≥8万人次", "9万人次", "30", "30"],
    ["满意度指标（10分）", "服务对象满意度指标", "读者满意度", "≥90%", "95%", "10", "9"],
    ["总分", "100", "89"],
]


def test_indicator_cells_one_per_line_with_merged_cells_left_out():
    (rows,) = _tables(HEAD + "附件：自评表\n" + INDICATOR_CELLS + "\n填表人：张某")
    assert rows == INDICATOR_ROWS


def test_a_note_column_is_told_from_the_next_row():
    header = "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
    rows = (
        "产出指标（50分）\n数量指标\n新增馆藏图书\n≥1万册\n0.8万册\n20\n16\n因采购合同延迟签订，部分图书年底未到货\n"
        "举办阅读推广活动\n≥40场\n46场\n30\n30\n"
    )
    (table,) = _tables(HEAD + header + rows + "填表人：张某")
    assert [r[2] for r in table[1:]] == ["新增馆藏图书", "举办阅读推广活动"]
    assert table[1][7].startswith("因采购合同") and table[2][7] == ""


def test_word_saved_as_text_every_cell_a_line():
    """Word/LibreOffice's plain-text export: every grid cell a line, merged cells as empty lines, a label cell
    on two lines (产出指标 / （50分）)."""
    lines = [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
        "",
        "产出指标",
        "（50分）",
        "数量指标",
        "新增馆藏图书",
        "≥1万册",
        "1.2万册",
        "20",
        "20",
        "",
        "",
        "",
        "",
        "举办阅读推广活动",
        "≥40场",
        "46场",
        "30",
        "30",
        "",
        "总分",
        "100",
        "50",
        "等级：差",
    ]
    (rows,) = _tables(HEAD + "\n".join(lines) + "\n填表人：张某")
    assert rows[1][1:8] == ["产出指标（50分）", "数量指标", "新增馆藏图书", "≥1万册", "1.2万册", "20", "20"]
    assert rows[2][1:8] == ["产出指标（50分）", "数量指标", "举办阅读推广活动", "≥40场", "46场", "30", "30"]
    assert rows[3] == ["总分", "100", "50", "等级：差"]


def test_form_rows_above_the_header_belong_to_the_table():
    text = HEAD + "项目支出名称\n图书购置\n主管部门\n\n实施单位\n青禾县图书馆\n" + INDICATOR_CELLS
    (rows,) = _tables(text)
    assert rows[:3] == [["项目支出名称", "图书购置"], ["主管部门", ""], ["实施单位", "青禾县图书馆"]]


def test_a_table_flattened_onto_one_line():
    flat = " ".join(c for row in FUNDS_ROWS for c in row)
    text = f"一、部门基本情况 本馆负责全县图书借阅。 二、项目情况 {flat} 三、存在的主要问题 一是预算编制不够精准。" * 1
    text += " 四、下一步改进措施 一是细化预算编制。" + "本馆将继续做好阅读推广工作。" * 8
    assert _tables(text) == [FUNDS_ROWS]
    assert _texts(text)[:3] == ["一、部门基本情况", "本馆负责全县图书借阅。", "二、项目情况"]


def test_a_report_on_one_line_without_spaces_is_split_at_its_headings():
    text = "一、部门基本情况本馆负责全县图书借阅，全年运行平稳。二、绩效自评情况全年执行率90.91%，自评得分92分。"
    text += "三、存在的主要问题预算编制不够精准。四、下一步改进措施细化预算编制，" + "提前开展采购论证" * 20 + "。"
    assert [t[:2] for t in _texts(text)] == ["一、", "二、", "三、", "四、"]


# --- page numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["— 5 —", "-5-", "第5页", "第 5 页 共 12 页", "\f5", "5\f"])
def test_page_marks_are_dropped(mark):
    texts = _texts(HEAD + mark + "\n二、绩效自评情况\n全年执行率90.91%。")
    assert texts == [*HEAD.split("\n")[:2], "二、绩效自评情况", "全年执行率90.91%。"]


def test_a_number_inside_a_wrapped_sentence_is_a_page_number():
    wrapped = ["本馆负责全县公共图书的采购编目典藏和借阅服务并指导乡镇图书室开展"] * 6
    text = "\n".join(["一、部门基本情况", *wrapped[:3], "7", *wrapped[3:], "工作。"])
    (body,) = _texts(text)[1:]
    assert "7" not in body and body.endswith("开展工作。")


def test_numbers_counting_pages_are_dropped():
    page = "\n".join(f"第{n}段说明，本馆全年工作平稳有序。" for n in range(10))
    text = "一、部门基本情况\n" + "\n".join(f"{page}\n{n}" for n in (1, 2, 3))
    assert not [t for t in _texts(text) if t.isdigit()]


def test_a_lone_number_that_is_no_page_number_is_kept():
    assert "46" in _texts(HEAD + "全年举办阅读推广活动场次：\n46\n二、绩效自评情况\n全年执行率90.91%。")


# --- 目录 and run-in headings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "toc",
    [
        "目录\n一、部门基本情况……………1\n二、绩效自评情况……………3\n",
        "目  录\n一、部门基本情况\t1\n二、绩效自评情况\t3\n",
        "一、部门基本情况.........1\n二、绩效自评情况.........3\n三、存在的主要问题.......4\n",
    ],
)
def test_table_of_contents_is_skipped(toc):
    assert _texts(toc + HEAD) == ["一、部门基本情况", "本馆负责全县图书借阅和阅读推广，全年预算执行情况良好。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（一）单位机构设置情况。局机关内设三个股室。", ["（一）单位机构设置情况", "局机关内设三个股室。"]),
        ("二、绩效自评情况。本馆逐项开展了自评。", ["二、绩效自评情况", "本馆逐项开展了自评。"]),
        ("（一）预算执行较好。", None),  # nothing runs on after the title
        ("一、本年预算配置控制较好，财政供养人员控制在编制以内。", None),  # a sentence, not a title
        ("（1）档案接收。全年接收档案一千卷。", None),  # list items keep their text
    ],
)
def test_run_in_headings_are_split(text, expected):
    assert _texts(text + "\n本馆预算绩效管理工作平稳有序。")[:-1] == (expected or [text])


def test_text_after_a_cell_table_is_a_paragraph_again():
    cells = "\n".join(c for row in FUNDS_ROWS[:3] for c in row)
    text = HEAD + cells + "\n以上项目均按期完成\n二、绩效自评情况\n全年执行率90.91%。"
    assert _tables(text) == [FUNDS_ROWS[:3]]
    assert "以上项目均按期完成" in _texts(text)
