"""自评表 arithmetic whatever shape the table reaches us in: TableBlocks written here directly, as the readers
(.docx, PDF, text) produce them — extra columns, a header over two rows, 一级/二级 merged down (repeated, blank
or left out), a 总分 row with a blank first cell — each with a planted slip and a clean twin.

All figures are our own.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.arithmetic import check_budget_score
from reportgen.check import check_draft
from reportgen.check.model import Paragraph, TableBlock
from reportgen.check.structure import parse_draft
from reportgen.check.tables import indicator_tables, number, parse_indicator_table, rate_cells

FUNDING_HEAD = ["年度资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
# 产出 50, 效益 30, 满意度 10 over seven rows; with 预算执行 10 the table is worth 100.
ROWS = [
    ["产出指标（50分）", "数量指标", "修复古籍", "≥120册", "126册", "20", "20", "无"],
    ["", "质量指标", "修复验收合格率", "≥98%", "99%", "15", "15", "无"],
    ["", "时效指标", "修复完成时间", "2023年11月30日前", "2023年11月20日", "5", "5", "无"],
    ["", "成本指标", "修复成本", "≤86万元", "84.20万元", "10", "10", "无"],
    ["效益指标（30分）", "社会效益指标", "古籍查阅人次", "≥3000人次", "2700人次", "20", "18", "闭馆整修两个月"],
    ["", "可持续影响指标", "修复档案保存年限", "≥50年", "50年", "10", "10", "无"],
    ["满意度指标（10分）", "服务对象满意度指标", "读者满意度", "≥95%", "96%", "10", "10", "无"],
]


def _check(rows: list[list[str]], *, caption: str = "2023年度部门整体支出绩效自评表", merged=None):
    table = TableBlock(rows, 3, merged=set(merged or ()))
    blocks = [
        Paragraph("附件2", 1),
        Paragraph(caption, 2),
        table,
        Paragraph("2023年度示例县档案馆部门整体支出绩效自评报告", 4),
        Paragraph("一、部门基本情况", 5),
        Paragraph("本馆是县档案局所属的公益一类事业单位。", 6),
    ]
    return parse_draft(blocks), table


def _arithmetic(rows, **kwargs) -> list[tuple[str, str]]:
    report, _ = _check(rows, **kwargs)
    result = check_draft(report, "<表>")
    return sorted((f.rule, str(f.level)) for f in result.findings if f.category in ("arithmetic", "score_range"))


def _funding(budget="86.00", executed="84.20", weight="10", rate="97.91%", score="9.79"):
    return [FUNDING_HEAD, ["年度资金总额", budget, budget, executed, weight, rate, score]]


def _total(weight="100", score="97.79"):
    return [["总分", weight, score, ""]]


CLEAN = [*_funding(), HEAD, *ROWS, *_total()]


def test_the_clean_table_is_read_and_adds_up():
    report, _ = _check(CLEAN)
    (table,) = indicator_tables(report)
    assert len(table.indicators) == 7
    assert table.funding is not None and table.funding.score == Decimal("9.79")
    assert (table.total_weight, table.total_score) == (Decimal(100), Decimal("97.79"))
    assert table.level1_labels == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert _arithmetic(CLEAN) == []


@pytest.mark.parametrize(
    ("funding", "total", "expected"),
    [
        # 84.20 ÷ 86.00 = 97.91%, 10 × 97.91% = 9.79
        (_funding(score="9.97"), _total(score="97.97"), [("arithmetic.budget_score", "error")]),
        (_funding(score="9.78"), _total(score="97.78"), [("arithmetic.budget_score", "warning")]),  # one cent off
        (_funding(rate="98%", score="9.8"), _total(score="97.8"), []),  # the stated rate, as precisely as written
        (_funding(rate="97.91%", score="10"), _total(score="98"), [("arithmetic.budget_score", "error")]),  # full marks
        (
            _funding(rate="100%", score="10", executed="85.70"),
            _total(score="98"),
            [("arithmetic.full_rate", "warning")],
        ),
        (_funding(rate="100%", score="10", executed="86.00"), _total(score="98"), []),
        (_funding(rate="96.91%", score="9.69"), _total(score="97.69"), [("arithmetic.rate_in_table", "error")]),
        (_funding(rate="100%", score="10", executed="86.40"), _total(score="98"), [("table.over_budget", "error")]),
        (_funding(rate="0.9791", score="9.79"), _total(), []),  # a rate written as a fraction
    ],
)
def test_budget_execution_score_is_weight_times_rate(funding, total, expected):
    assert _arithmetic([*funding, HEAD, *ROWS, *total]) == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (_total(score="96.79"), [("arithmetic.table_total", "error")]),
        (_total(weight="90"), [("arithmetic.table_total", "error")]),  # the 分值 column: 10 + 90 = 100
        (_total(score="97.80"), []),  # within the rounding of eight rows
    ],
)
def test_total_row_is_the_sum_of_its_rows(total, expected):
    assert _arithmetic([*_funding(), HEAD, *ROWS, *total]) == expected


def test_a_level1_label_that_its_rows_do_not_add_up_to_is_an_error():
    rows = [["产出指标（45分）", *ROWS[0][1:]], *ROWS[1:]]
    found = _arithmetic([*_funding(), HEAD, *rows, *_total()])
    assert found == [("arithmetic.level1_weight", "error")]


def test_total_without_a_funding_row_only_fails_above_the_rows():
    # the 预算执行 分值 may be outside the table: 90 of rows under a 总分 of 100 is not a slip
    assert _arithmetic([HEAD, *ROWS, ["总分", "100", "88", ""]]) == []
    assert _arithmetic([HEAD, *ROWS, ["总分", "80", "88", ""]]) == [("arithmetic.table_total", "error")]


# --- the shapes readers produce ------------------------------------------------------------------------


def _short(rows: list[list[str]]) -> list[list[str]]:
    """Rows as a text reader gives them when merged cells are left out: no leading blank cells."""
    out = []
    for row in rows:
        cells = list(row)
        while cells and not cells[0]:
            cells.pop(0)
        out.append(cells)
    return out


def _repeated(rows: list[list[str]], start: int) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """Rows as the .docx reader gives them: a merged-down cell repeats the text above it and is marked merged."""
    out, merged = [], set()
    above = ["", ""]
    for r, row in enumerate(rows):
        cells = list(row)
        for c in (0, 1):
            if cells[c]:
                above[c] = cells[c]
            elif above[c]:
                cells[c] = above[c]
                merged.add((start + r, c))
        out.append(cells)
    return out, merged


@pytest.mark.parametrize("shape", ["blank", "short", "repeated"])
def test_merged_level_cells_in_every_shape(shape):
    rows, merged = ROWS, set()
    if shape == "short":
        rows = _short(ROWS)
    elif shape == "repeated":
        rows, merged = _repeated(ROWS, start=3)
    report, _ = _check([*_funding(), HEAD, *rows, *_total()], merged=merged)
    (table,) = indicator_tables(report)
    assert [(i.level1, i.level2, i.weight, i.score) for i in table.indicators][3:5] == [
        ("产出指标", "成本指标", 10, 10),
        ("效益指标", "社会效益指标", 20, 18),
    ]
    assert _arithmetic([*_funding(), HEAD, *rows, *_total()], merged=merged) == []
    slip = [*rows[:4], [*rows[4][:-3], "20", "19", rows[4][-1]], *rows[5:]]  # 18 → 19 without the total
    assert _arithmetic([*_funding(), HEAD, *slip, *_total()], merged=merged) == [("arithmetic.table_total", "error")]


def test_a_header_split_over_two_rows():
    upper = ["一级指标", "二级指标", "三级指标", "年度", "实际", "分值", "得分", "偏差原因"]
    lower = ["", "", "", "指标值", "完成值", "", "", "分析"]
    table = parse_indicator_table(TableBlock([*_funding(), upper, lower, *ROWS, *_total()], 1), "附件2")
    assert table.indicators[0].target == "≥120册" and table.indicators[0].actual == "126册"
    assert table.total_score == Decimal("97.79")


def test_a_sichuan_style_table_with_nature_and_unit_columns():
    head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "全年实际值",
        "权重",
        "自评得分",
        "偏差原因",
    ]
    rows = [
        ["产出指标", "数量指标", "修复古籍", "≥", "120", "册", "126", "30", "30", ""],
        ["", "质量指标", "修复验收合格率", "正向", "98", "%", "99", "20", "20", ""],
        ["效益指标", "社会效益指标", "古籍查阅人次", "≥", "3000", "人次", "2700", "30", "27", "闭馆整修"],
        ["满意度指标", "服务对象满意度指标", "读者满意度", "≥", "95", "%", "96", "10", "10", ""],
        ["", "总分", "", "", "", "", "", "100", "96.79", ""],
    ]
    funding = [
        ["项目资金（万元）", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
        ["年度资金总额", "86.00", "86.00", "84.20", "10", "97.91%", "9.79"],
    ]
    table = parse_indicator_table(TableBlock([*funding, head, *rows], 1), "附件3", "项目支出绩效自评表")
    assert [(i.target, i.actual, i.weight, i.score) for i in table.indicators][:3] == [
        ("≥120册", "126册", 30, 30),
        ("≥98%", "99%", 20, 20),
        ("≥3000人次", "2700人次", 30, 27),
    ]
    assert (table.total_weight, table.total_score) == (Decimal(100), Decimal("96.79"))
    assert _arithmetic([*funding, head, *rows]) == []
    slip = [*rows[:-1], ["", "总分", "", "", "", "", "", "100", "97.79", ""]]
    assert _arithmetic([*funding, head, *slip]) == [("arithmetic.table_total", "error")]


def test_a_hubei_style_table_scores_budget_execution_as_an_indicator_row():
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    rows = [
        ["预算执行（20分）", "预算执行率", "预算执行率", "100%", "95%", "20", "19"],
        ["产出指标（40分）", "数量指标", "修复古籍", "≥120册", "126册", "40", "40"],
        ["效益指标（30分）", "社会效益指标", "古籍查阅人次", "≥3000人次", "3100人次", "30", "30"],
        ["满意度指标（10分）", "服务对象满意度指标", "读者满意度", "≥95%", "96%", "10", "10"],
        ["总分", "100", "99"],
    ]
    assert _arithmetic([head, *rows]) == []
    slip = [
        ["预算执行（20分）", "预算执行率", "预算执行率", "100%", "95%", "20", "20"],
        *rows[1:-1],
        ["总分", "100", "100"],
    ]
    assert _arithmetic([head, *slip]) == [("arithmetic.budget_score", "error")]


def test_thousands_separators_in_cells():
    funding = _funding(budget="1,086.00", executed="1,084.20", rate="99.83%", score="9.98")
    report, _ = _check([*funding, HEAD, *ROWS, *_total(score="97.98")])
    (table,) = indicator_tables(report)
    assert table.funding is not None and table.funding.budget == Decimal("1086.00")
    assert _arithmetic([*funding, HEAD, *ROWS, *_total(score="97.98")]) == []


# --- rate columns of other tables --------------------------------------------------------------------


def test_rate_columns_pair_with_their_own_part_and_whole():
    table = TableBlock(
        [
            ["财政供养人员情况（人）", "编制数", "实际在职人数", "控制率"],
            ["", "30", "27", "90%"],
            [
                "楼堂馆所控制情况",
                "批复规模（㎡）",
                "实际规模（㎡）",
                "规模控制率",
                "预算投资（万元）",
                "实际投资（万元）",
                "投资概算控制率",
            ],
            ["", "1200", "1180", "98.33%", "860", "842", "97.91%"],
            ["项目名称", "预算数（万元）", "实际到位资金（万元）", "到位率", "实际使用资金（万元）", "执行率（%）"],
            ["古籍修复", "86.00", "86.00", "100%", "84.20", "97.91%"],
        ],
        1,
    )
    found = [(c.name, c.part, c.whole, c.stated) for c in rate_cells(table)]
    assert found == [
        ("控制率", Decimal(27), Decimal(30), "90%"),
        ("规模控制率", Decimal(1180), Decimal(1200), "98.33%"),
        ("投资概算控制率", Decimal(842), Decimal(860), "97.91%"),
        ("到位率", Decimal("86.00"), Decimal("86.00"), "100%"),
        ("执行率", Decimal("84.20"), Decimal("86.00"), "97.91%"),
    ]


@pytest.mark.parametrize(("stated", "expected"), [("90%", []), ("88%", [("arithmetic.ratio", "error")])])
def test_a_staff_control_rate_is_exact(stated, expected):
    rows = [["财政供养人员情况（人）", "编制数", "实际在职人数", "控制率"], ["", "30", "27", stated]]
    found = _arithmetic(rows, caption="2023年度部门整体支出绩效评价基础数据表")
    assert found == expected


# --- the arithmetic home ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "rates", "consistent"),
    [
        ("9.9", ["99", "98.914"], True),  # 99% written: 9.9 as precisely as the score is written
        ("9.89", ["99", "98.914"], True),
        ("9.79", ["97.91"], True),
        ("9.8", ["97.91"], True),
        ("10", ["99.6"], False),  # full marks only for full execution
        ("10", ["100.19"], True),  # capped at 分值
        ("9.5", ["97.91"], False),
    ],
)
def test_check_budget_score(score, rates, consistent):
    checked = check_budget_score(Decimal(10), Decimal(score), [Decimal(r) for r in rates])
    assert checked is not None and checked.consistent is consistent


def test_number_reads_cells_with_thousands_separators_only_in_groups_of_three():
    assert [number(t) for t in ("1,049.31", "12,000", "3,12", "98%", "——")] == [
        Decimal("1049.31"),
        Decimal(12000),
        None,
        Decimal(98),
        None,
    ]


@pytest.mark.parametrize(
    "head",
    [
        ["项目资金（万元）", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
        ["资金（万元）", "年初预算数", "预算数", "执行数", "分值", "执行率", "得分"],
        ["资金（万元）", "年初预算数", "调整后预算数", "实际支出", "权重", "执行率", "得分"],
    ],
)
def test_funding_headers_as_forms_word_them(head):
    table = parse_indicator_table(
        TableBlock([head, ["年度资金总额", "80.00", "86.00", "84.20", "10", "97.91%", "9.79"]], 1), "附件2"
    )
    funding = table.funding
    assert funding is not None
    assert (funding.budget, funding.executed, funding.weight, funding.rate_text, funding.score) == (
        Decimal("86.00"),
        Decimal("84.20"),
        Decimal(10),
        "97.91%",
        Decimal("9.79"),
    )


def test_a_score_cell_merged_down_over_several_rows_counts_once():
    # .docx: 分值 20 and 得分 18 merged over two 三级 rows; the reader repeats them in the second row, marked merged
    rows = [
        *ROWS[:4],
        ["效益指标（30分）", "社会效益指标", "古籍查阅人次", "≥3000人次", "2700人次", "20", "18", "闭馆整修"],
        ["效益指标（30分）", "社会效益指标", "线上查阅人次", "≥1000人次", "900人次", "20", "18", "闭馆整修"],
        *ROWS[5:],
    ]
    merged = {(8, 0), (8, 1), (8, 5), (8, 6)}  # row 8 of the table: funding 2 rows + header + 5 rows before it
    report, _ = _check([*_funding(), HEAD, *rows, *_total()], merged=merged)
    (parsed,) = indicator_tables(report)
    assert [i.shared for i in parsed.indicators] == [False] * 5 + [True, False, False]
    assert _arithmetic([*_funding(), HEAD, *rows, *_total()], merged=merged) == []
