"""Arithmetic in running text: totals with their parts, counts, and rates with their operands, in 元, 万元 or
亿元 — each slip planted next to a clean twin, and the sentences that look like a breakdown but are not.

All texts and figures are our own.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from paths import FIXTURES
from reportgen.check import check_file, check_text
from reportgen.check.figures import amounts, breakdowns

SECTION = "一、部门基本情况\n"


def _arithmetic(text: str, *, section: str = SECTION) -> list[tuple[str, str]]:
    result = check_text(section + text)
    return sorted((f.rule, str(f.level)) for f in result.findings if f.category == "arithmetic")


# --- figures as written ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预算1,200,000元", [("1200000元", Decimal("120.0000"))]),
        ("预算1.5亿元", [("1.5亿元", Decimal(15000))]),
        ("预算172.88万，执行149.06万元", [("172.88万", Decimal("172.88")), ("149.06万元", Decimal("149.06"))]),
        ("扫描10万页，录入40万档案条目", []),  # a bare 万 before more words counts things, it is not money
        ("共3，12000元", [("12000元", Decimal("1.2000"))]),  # a full-width comma separates two figures
    ],
)
def test_amounts_in_every_unit(text, expected):
    assert [(a.shown, a.value) for a in amounts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共15个项目，已完成12个", ["15个", "12个"]),
        ("工期3个月，提高2个百分点", []),
        ("参训20余人，100多人次，约30个", []),  # not exact
        ("第3个季度", []),
        ("其中55-59岁5人", ["5人"]),
        ("自评95.55分，用时30分钟", ["95.55分"]),
    ],
)
def test_counts_are_exact_counts_of_things(text, expected):
    assert [a.shown for a in amounts(text, counts=True) if not a.money] == expected


# --- totals and their parts ------------------------------------------------------------------------------

SUMS = [
    # (slip, clean twin, rule)
    (
        "2023年支出合计520.00万元，其中：基本支出310.00万元，项目支出200.00万元。",
        "2023年支出合计510.00万元，其中：基本支出310.00万元，项目支出200.00万元。",
        "arithmetic.parts_sum",
    ),
    (
        "全年支出386.40万元，包括：图书购置费122.00万元、设备维护费84.40万元、讲座活动费160.00万元。",
        "全年支出366.40万元，包括：图书购置费122.00万元、设备维护费84.40万元、讲座活动费160.00万元。",
        "arithmetic.parts_sum",
    ),
    (  # 元 with thousands separators
        "讲座经费共计1,350,000元，包括设计费420,000元、印刷费310,000元、劳务费640,000元。",
        "讲座经费共计1,350,000元，包括设计费420,000元、印刷费310,000元、劳务费620,000元。",
        "arithmetic.parts_sum",
    ),
    (  # 亿元 and 万元 in one breakdown
        "全年预算1.2亿元，其中基本支出8000万元、项目支出4100万元。",
        "全年预算1.2亿元，其中基本支出8000万元、项目支出4000万元。",
        "arithmetic.parts_sum",
    ),
    # a total in brackets, and a total after its parts
    (
        "年初安排基本支出212.30万元（其中人员经费168.20万元、公用经费40.10万元），年中追加16.70万元，全年合计229.00万元。",
        "年初安排基本支出208.30万元（其中人员经费168.20万元、公用经费40.10万元），年中追加16.70万元，全年合计225.00万元。",
        "arithmetic.parts_sum",
    ),
    (  # parts that run on over bare 名称X万元。 sentences
        "项目支出决算146.20万元，其中：古籍修复费38.50万元。数字化加工费71.20万元。馆舍维修费34.50万元。",
        "项目支出决算144.20万元，其中：古籍修复费38.50万元。数字化加工费71.20万元。馆舍维修费34.50万元。",
        "arithmetic.parts_sum",
    ),
    (  # one of several totals of a sentence, each with its own parts
        "资产总计95.00万元，其中流动资产10.00万元，非流动资产82.00万元：其中固定资产82.00万元；负债合计15.00万元。",
        "资产总计92.00万元，其中流动资产10.00万元，非流动资产82.00万元：其中固定资产82.00万元；负债合计15.00万元。",
        "arithmetic.parts_sum",
    ),
    (
        "全年收入合计480.00万元，实际支出455.00万元，年末结余20.00万元。",
        "全年收入合计480.00万元，实际支出455.00万元，年末结余25.00万元。",
        "arithmetic.balance",
    ),
    # counts and scores
    (
        "全年共实施15个项目，其中年初安排8个，年中增加8个。",
        "全年共实施16个项目，其中年初安排8个，年中增加8个。",
        "arithmetic.count_sum",
    ),
    (
        "全年共实施15个项目，年初安排8个，年中增加8个。",
        "全年共实施16个项目，年初安排8个，年中增加8个。",
        "arithmetic.count_sum",
    ),
    (
        "年末实有人员26人（含借调人员1人），分别为馆长1人、副馆长2人、业务人员18人、后勤人员4人。",
        "年末实有人员25人（含借调人员1人），分别为馆长1人、副馆长2人、业务人员18人、后勤人员4人。",
        "arithmetic.count_sum",
    ),
    (  # the two sides of one division, and kinds of one thing, are all the parts
        "在职职工28人，其中男职工12人，女职工13人。",
        "在职职工25人，其中男职工12人，女职工13人。",
        "arithmetic.count_sum",
    ),
    (
        "全年开展监督检查15次，其中专项检查6次、日常检查8次。",
        "全年开展监督检查14次，其中专项检查6次、日常检查8次。",
        "arithmetic.count_sum",
    ),
    (  # parts above their total are wrong whatever they list
        "公用经费80.00万元，其中办公费40.00万元、水电费45.00万元等。",
        "公用经费90.00万元，其中办公费40.00万元、水电费45.00万元等。",
        "arithmetic.parts_sum",
    ),
    (
        "项目总投资2.5亿元，其中中央资金1.5亿元、省级资金6000万元、市级资金5000万元。",
        "项目总投资2.6亿元，其中中央资金1.5亿元、省级资金6000万元、市级资金5000万元。",
        "arithmetic.parts_sum",
    ),
    (
        "本馆自评96分，其中预算执行9分，产出指标48分，效益指标29分，满意度指标9分。",
        "本馆自评95分，其中预算执行9分，产出指标48分，效益指标29分，满意度指标9分。",
        "arithmetic.count_sum",
    ),
]


@pytest.mark.parametrize(("slip", "clean", "rule"), SUMS, ids=lambda v: str(v)[:12])
def test_a_wrong_total_is_one_error_and_its_twin_none(slip, clean, rule):
    assert _arithmetic(slip) == [(rule, "error")]
    assert _arithmetic(clean) == []


def test_a_difference_within_rounding_is_only_a_note():
    found = check_text(SECTION + "2023年支出合计510.01万元，其中：基本支出310.00万元，项目支出200.00万元。").findings
    sums = [f for f in found if f.rule == "arithmetic.parts_sum"]
    assert [(str(f.level), f.points_lost) for f in sums] == [("info", 0)]


@pytest.mark.parametrize(
    "text",
    [
        # different things counted: 卷 beside 件
        "全年共接收档案900卷，其中文书档案5200件，会计档案480卷，照片档案300卷。",
        # 预算 beside 决算, a part taken away
        "全年预算资金300.00万元，其中执行数270.00万元，结余30.00万元。",
        # 上年 beside 本年
        "2023年支出合计510.00万元，其中基本支出310.00万元，上年同期基本支出290.00万元，项目支出200.00万元。",
        # a figure compared with last year is not a part
        "2023年支出合计510.00万元，其中基本支出310.00万元，比上年增加20.00万元，项目支出200.00万元。",
        # 即 restates, it does not share out
        "编制人数25人，即全额拨款编制25人，工勤编制2人，购买服务人员3人。",
        # 共计 before the first of several items, not their total
        "全年共计受理线上查档320人次、受理来馆查档410人次、受理电话咨询150人次。",
        # parts with their own 占比, some of them parts of a part
        "整体支出1000.00万元，其中基本支出400.00万元，占总支出40%，人员支出300.00万元，占基本支出75%，"
        "公用支出100.00万元，占基本支出25%，项目支出600.00万元，占总支出60%。",
        # 其中 opening a sentence: the totals are the sentence before, several of them
        "支出预算500.00万元，支出决算460.00万元，差额40.00万元。其中基本支出预算300.00万元，基本支出决算280.00万元。",
        # 分别从 is not 分别为
        "管理效能分别从资金管理（16分）、采购管理（2分）两个方面评估，自评17.5分。",
        # a bare 万 before words counts pages
        "全年完成扫描10万页，其中档案8万页、资料3万页。",
        # 其中 may name only the main parts, or groups that overlap
        "公用经费80.00万元，其中办公费10.00万元、差旅费5.00万元。",
        "公用经费80.00万元，其中办公费40.00万元、水电费35.00万元等。",
        "在职职工28人，其中党员12人，女职工13人。",
        "在职职工28人，其中高级职称5人，中级职称8人。",
    ],
)
def test_sentences_that_are_not_one_breakdown_raise_nothing(text):
    assert _arithmetic(text) == []


def test_breakdown_figures_keep_their_units():
    (item,) = breakdowns("讲座经费共计1,350,000元，包括设计费420,000元、印刷费310,000元、劳务费620,000元。")
    assert item.total.shown == "1350000元" and [p.shown for p in item.parts][-1] == "620000元"


# --- rates --------------------------------------------------------------------------------------------

RATES = [
    # (slip, clean, rule, level of the slip)
    (
        "全年基本支出预算612.40万元，全年执行数580.15万元，预算执行率94.76%。",
        "全年基本支出预算612.40万元，全年执行数580.15万元，预算执行率94.73%。",
        "arithmetic.ratio",
        "error",
    ),
    (  # one unit in the last place: a rounding slip
        "全年基本支出预算612.40万元，全年执行数580.15万元，预算执行率94.72%。",
        "全年基本支出预算612.40万元，全年执行数580.15万元，预算执行率94.7%。",
        "arithmetic.ratio",
        "warning",
    ),
    (
        "全年预算资金250.00万元，实际支出200.00万元，执行率为90%。",
        "全年预算资金250.00万元，实际支出200.00万元，执行率为80%。",
        "arithmetic.worded_rate",
        "error",
    ),
    (
        "项目全年预算资金3,600,000元，实际支出3,240,000元，执行率95%。",
        "项目全年预算资金3,600,000元，实际支出3,240,000元，执行率90%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "实际到位资金96.00万元，项目全年预算120.00万元，资金到位率达到90%。",
        "实际到位资金96.00万元，项目全年预算120.00万元，资金到位率达到80%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "本单位编制人数32人，实有在职人员28人，在职人员控制率是85.50%。",
        "本单位编制人数32人，实有在职人员28人，在职人员控制率是87.50%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "年初计划整理档案2000卷，实际完成整理2400卷，完成率为110%。",
        "年初计划整理档案2000卷，实际完成整理2400卷，完成率为120%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "“三公”经费支出4.20万元，比上年减少0.60万元，下降15.50%。",
        "“三公”经费支出4.20万元，比上年减少0.60万元，下降12.50%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "“三公”经费支出4.20万元，上年4.80万元，下降15.50%。",
        "“三公”经费支出4.20万元，上年4.80万元，下降12.50%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "2022年收入900.00万元，2023年收入1000.00万元，同比增长12.11%。",
        "2022年收入900.00万元，2023年收入1000.00万元，同比增长11.11%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "2023年部门整体支出1000.00万元，较2022年的900.00万元增加100.00万元，增长12.50%。",
        "2023年部门整体支出1000.00万元，较2022年的900.00万元增加100.00万元，增长11.11%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "全年接待查档3300人次，比上年增加300人次，增长12%。",
        "全年接待查档3300人次，比上年增加300人次，增长10%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "总支出5,000,000元，其中基本支出3,000,000元，占60.00%，项目支出2,000,000元，占45.00%。",
        "总支出5,000,000元，其中基本支出3,000,000元，占60.00%，项目支出2,000,000元，占40.00%。",
        "arithmetic.ratio",
        "error",
    ),
    (  # the operands stated earlier in the section
        "全年预算资金250.00万元，截至年底实际支出200.00万元。\n全年预算执行率为90%。",
        "全年预算资金250.00万元，截至年底实际支出200.00万元。\n全年预算执行率为80%。",
        "arithmetic.ratio",
        "error",
    ),
    (
        "古籍修复项目全年预算86.00万元，实际支出85.70万元，预算执行率100%。",
        "古籍修复项目全年预算86.00万元，实际支出85.70万元，预算执行率99.65%。",
        "arithmetic.full_rate",
        "warning",
    ),
]


@pytest.mark.parametrize(("slip", "clean", "rule", "level"), RATES, ids=lambda v: str(v)[:12])
def test_a_wrong_rate_is_one_finding_and_its_twin_none(slip, clean, rule, level):
    assert _arithmetic(slip) == [(rule, level)]
    assert _arithmetic(clean) == []


@pytest.mark.parametrize(
    "text",
    [
        "全年预算资金250.00万元，实际支出200.00万元，执行率约为90%。",  # 约: no claim
        "全年预算资金250.00万元，截至年底实际支出200.00万元。\n古籍修复项目执行率为100%。",  # another thing's rate
        "馆藏档案总量达63.5万卷，年增长率达3.72%。",  # no last-year figure
        "“三公”经费支出4.20万元，比上年增加0.60万元，下降12.50%。",  # not one change
        "全年接待查档3300人次，上年支出3.00万元，增长10%。",  # a count against money
    ],
)
def test_rates_without_their_own_operands_raise_nothing(text):
    assert _arithmetic(text) == []


# --- a whole report ---------------------------------------------------------------------------------------

# Every slip planted in arith_museum_2023_slips.txt (its clean twin is arith_museum_2023_clean.txt): the rule
# and words its finding must show.
PLANTED = [
    ("arithmetic.ratio", ["控制率", "85.50%", "87.50%"]),
    ("arithmetic.count_sum", ["28人", "29"]),
    ("arithmetic.count_sum", ["12个项目", "13"]),
    ("arithmetic.parts_sum", ["165.90", "978.30", "968.30"]),
    ("arithmetic.parts_sum", ["89.80", "474.50", "484.50"]),
    ("arithmetic.parts_sum", ["640000元", "1370000", "1350000"]),
    ("arithmetic.worded_rate", ["95.95%", "94.95%"]),
    ("arithmetic.ratio", ["96.17%", "96.71%"]),
    ("arithmetic.full_rate", ["99.80%", "100%"]),
    ("arithmetic.ratio", ["92%", "1350000 ÷ 1500000", "90%"]),
    ("arithmetic.ratio", ["下降率", "15.50%", "12.50%"]),
    ("arithmetic.count_sum", ["得分", "96.55", "95.55"]),
    ("arithmetic.budget_score", ["9.60", "9.50"]),
    ("arithmetic.level1_weight", ["产出指标", "45", "50"]),
    ("arithmetic.table_total", ["98.23", "99.23"]),
]


@pytest.fixture(scope="module")
def museum():
    return {twin: check_file(FIXTURES / f"arith_museum_2023_{twin}.txt") for twin in ("clean", "slips")}


def test_every_planted_slip_is_found_once_and_nothing_else(museum):
    found = [f for f in museum["slips"].findings if f.category in ("arithmetic", "restated_figure", "score_range")]
    unmatched = list(found)
    for rule, words in PLANTED:
        hits = [f for f in unmatched if f.rule == rule and all(w in f.message + f.evidence for w in words)]
        assert hits, f"{rule} {words} not found in {[f.message for f in unmatched]}"
        unmatched.remove(hits[0])
    assert not unmatched, [f.message for f in unmatched]


def test_the_clean_twin_has_no_arithmetic_finding(museum):
    found = [f for f in museum["clean"].findings if f.category in ("arithmetic", "restated_figure", "score_range")]
    assert not found, [f.message for f in found]
    assert museum["clean"].total == museum["slips"].total  # slips in figures cost no rubric points


@pytest.mark.parametrize(
    "text",
    [
        # the change names its own subject: 10% is of 人员经费, whose last-year figure is not given
        "支出1000.00万元，其中人员经费增加50.00万元，增长10%。",
        # 年初 and 调整后 budgets are two figures, not one stated twice
        "本部门年初预算支出800.00万元。\n二、绩效自评情况\n本部门调整后预算支出1000.00万元。",
    ],
)
def test_figures_of_different_things_are_not_compared(text):
    result = check_text(SECTION + text)
    assert not [f.message for f in result.findings if f.category in ("arithmetic", "restated_figure")]


def test_a_sub_score_above_its_weight_names_the_item_it_belongs_to():
    """Two projects scored in one section, each with a 效益指标 above its 30: the findings say which is which."""
    text = (
        "二、综合评价分析\n（二）各项工作任务绩效目标完成情况分析\n"
        "1.档案修复经费，分值100分，其中预算执行10分、产出指标50分、效益指标30分、满意度指标10分。"
        "自评98分，其中预算执行10分，产出指标50分，效益指标33分。\n"
        "2.展览布置经费，分值100分，其中预算执行10分、产出指标50分、效益指标30分、满意度指标10分。"
        "自评99分，其中预算执行10分，产出指标50分，效益指标35分。"
    )
    found = [f for f in check_text(text).findings if f.rule == "score.above_weight"]
    assert [f.message for f in found] == [
        "「档案修复经费·效益指标」得分 33 超过其分值 30",
        "「展览布置经费·效益指标」得分 35 超过其分值 30",
    ]
