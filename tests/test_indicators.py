"""Indicator values as clerks type them, and the 自评表 input models built on them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from pydantic import ValidationError

from reportgen.errors import InputError
from reportgen.indicators import (
    Attainment,
    Comparison,
    Compound,
    CompoundPart,
    Deadline,
    Descriptive,
    IndicatorValueError,
    NoneExpected,
    Op,
    Qualitative,
    WithinBudget,
    is_measurable,
    met,
    parse_indicator_value,
)
from reportgen.load import validate_data
from reportgen.models.indicators import Indicator, Level1, Level2, Nature, PerformanceTable

D = Decimal


def cmp(op: Op, value: str, unit: str = "", *, approx: bool = False, implied: bool = False) -> Comparison:
    return Comparison(op, D(value), unit, approx=approx, implied=implied)


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥96%", cmp(Op.GE, "96", "%")),
        (">=96%", cmp(Op.GE, "96", "%")),
        ("　≥96%", cmp(Op.GE, "96", "%")),  # seed 002 cells start with an ideographic space
        ("＞＝96％", cmp(Op.GE, "96", "%")),
        ("＞90%", cmp(Op.GT, "90", "%")),
        ("≤181万元", cmp(Op.LE, "181", "万元")),
        ("≤191万元　", cmp(Op.LE, "191", "万元")),
        ("<=5%", cmp(Op.LE, "5", "%")),
        ("=1本", cmp(Op.EQ, "1", "本")),
        ("12次", cmp(Op.GE, "12", "次", implied=True)),
        ("1个", cmp(Op.GE, "1", "个", implied=True)),
        ("≥3家", cmp(Op.GE, "3", "家")),
        ("一栋", cmp(Op.GE, "1", "栋", implied=True)),
        ("十二次", cmp(Op.GE, "12", "次", implied=True)),
        ("1200㎡　", cmp(Op.GE, "1200", "㎡", implied=True)),
        ("200万页", cmp(Op.GE, "200", "万页", implied=True)),
        ("190万条", cmp(Op.GE, "190", "万条", implied=True)),
        ("约1万卷（件）", cmp(Op.GE, "1", "万卷（件）", approx=True, implied=True)),
        ("5小时/周", cmp(Op.GE, "5", "小时/周", implied=True)),
        ("96%", cmp(Op.GE, "96", "%", implied=True)),
        ("100%", cmp(Op.GE, "100", "%", implied=True)),
        ("191.21", cmp(Op.GE, "191.21", "", implied=True)),
        ("社会公众满意度达96%以上", cmp(Op.GE, "96", "%")),
        ("96%以上", cmp(Op.GE, "96", "%")),
        ("小于10%", cmp(Op.LT, "10", "%")),
        ("不低于95%", cmp(Op.GE, "95", "%")),
        ("不超过181万元", cmp(Op.LE, "181", "万元")),
        ("控制在181万元以内", cmp(Op.LE, "181", "万元")),
    ],
)
def test_parse_comparison(text, expected):
    assert parse_indicator_value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月31日之前", Deadline(12, 31, 2023, "12月31日之前")),
        ("2023年12月31日前", Deadline(12, 31, 2023, "2023年12月31日前")),
        ("2023年6月30日前", Deadline(6, 30, 2023, "2023年6月30日前")),
        ("年底前", Deadline(12, 31, 2023, "年底前")),
        ("2024年底前", Deadline(12, 31, 2024, "2024年底前")),
        ("6月底前", Deadline(6, 30, 2023, "6月底前")),
        # what is due by the deadline may follow it (seed 002, seed 004)
        ("年底前支付到位", Deadline(12, 31, 2023, "年底前支付到位")),
        ("2024年12月31日前全部完成", Deadline(12, 31, 2024, "2024年12月31日前全部完成")),
    ],
)
def test_parse_deadline_fills_the_budget_year(text, expected):
    assert parse_indicator_value(text, year=2023) == expected


@pytest.mark.parametrize("text", ["12月底前未完成", "12月31日前延期完成", "年底支付"])
def test_a_missed_deadline_or_a_deadline_without_qian_is_not_a_deadline(text):
    with pytest.raises(IndicatorValueError):
        parse_indicator_value(text, year=2023)


def test_parse_deadline_without_year_keeps_year_unknown():
    assert parse_indicator_value("12月31日之前") == Deadline(12, 31, None, "12月31日之前")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不超预算", WithinBudget("不超预算")),
        ("预算控制数内", WithinBudget("预算控制数内")),
        ("不超过预算", WithinBudget("不超过预算")),
        ("无", NoneExpected("无")),
        ("零", NoneExpected("零")),
        ("0起", NoneExpected("0起")),
        ("达成", Qualitative(Attainment.ACHIEVED)),
        ("达成年度指标", Qualitative(Attainment.ACHIEVED)),
        ("部分达成年度指标并具有一定效果", Qualitative(Attainment.PARTIAL)),
        ("未达成年度指标且效果较差", Qualitative(Attainment.NOT_ACHIEVED)),
    ],
)
def test_parse_keyword_values(text, expected):
    assert parse_indicator_value(text) == expected


def test_parse_compound_keeps_each_labelled_quantity():
    assert parse_indicator_value("档案数字化扫描10万页，著录条目1万条") == Compound(
        (
            CompoundPart("档案数字化扫描", cmp(Op.GE, "10", "万页", implied=True)),
            CompoundPart("著录条目", cmp(Op.GE, "1", "万条", implied=True)),
        )
    )


@pytest.mark.parametrize("text", ["经济平稳发展", "有所提升", "持续服务", "全省", "正常开展工作", "约莫很多"])
def test_parse_free_text_is_descriptive_when_allowed(text):
    assert parse_indicator_value(text, allow_descriptive=True) == Descriptive(text)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "约莫很多",
            "无法识别的指标值「约莫很多」：请写成 ≥96%、12次、2023年12月31日前、不超预算 或 达成/部分达成/未达成",
        ),
        ("全省", "无法识别的指标值「全省」"),
        ("一旦问题苗头及时上报", "无法识别的指标值「一旦问题苗头及时上报」"),
        ("经济平稳发展", "指标值「经济平稳发展」是定性描述"),
        ("有所提升", "「有所提升」无法衡量"),
        ("2月30日前", "指标值「2月30日前」中的日期不存在：2月没有30日"),
        ("13月1日前", "月份应为1—12"),
        ("　", "指标值是空的"),
    ],
)
def test_parse_error_quotes_the_text(text, quoted):
    with pytest.raises(IndicatorValueError) as caught:
        parse_indicator_value(text)
    assert quoted in str(caught.value)


def test_parse_error_is_a_value_error_so_pydantic_reports_it():
    assert issubclass(IndicatorValueError, ValueError)


# ---------------------------------------------------------------- measurable


@pytest.mark.parametrize(
    ("text", "measurable"),
    [
        ("≥96%", True),
        ("12次", True),
        ("≤181万元", True),
        ("12月31日之前", True),
        ("年底前支付到位", True),
        ("不超预算", True),
        ("无", True),
        ("档案数字化扫描10万页，著录条目1万条", True),
        ("≥12", True),  # a comparison with a number, even without a unit
        ("12", False),  # a bare number says neither what nor how much
        ("有所提升", False),
        ("有所改善", False),
        ("经济平稳发展", False),
        ("实现可持续发展", False),
        ("持续服务", False),
        ("明显提高", False),
        ("达成", False),
        ("", False),
    ],
)
def test_is_measurable(text, measurable):
    assert is_measurable(text) is measurable


# ---------------------------------------------------------------- met


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥96%", "100%", True),
        ("≥96%", "≥96%", True),  # actual copied from the target: at least 96%
        ("≥96%", "95.9%", False),
        ("≤191万元", "191.21", False),
        ("≤181万元", "115.78", True),
        ("=1本", "1本", True),
        ("=1本", "2本", False),
        ("10万页", "100000页", True),
        ("12次", "12本", None),
        ("≥96%", "工作环境情况得到改善", None),
        ("12月31日之前", "12月31日之前", True),
        ("2023年6月30日前", "2023年9月30日", False),
        ("12月31日之前", "按时完成", True),
        ("12月31日之前", "未完成", False),
        ("不超预算", "不超预算", True),
        ("不超预算", "100%", True),
        ("不超预算", "101%", False),
        ("无", "无", True),
        ("无", "0起", True),
        ("无", "2起", False),
        ("≤3起", "无", True),
        ("达成", "部分达成", False),
        ("档案数字化扫描10万页，著录条目1万条", "档案数字化扫描10万页，著录条目1万条", True),
        ("档案数字化扫描10万页，著录条目1万条", "档案数字化扫描8万页，著录条目1万条", False),
    ],
)
def test_met(target, actual, expected):
    assert met(parse_indicator_value(target), parse_indicator_value(actual, allow_descriptive=True)) is expected


# ---------------------------------------------------------------- Indicator model


def row(**changes) -> dict:
    data = {
        "一级指标": "产出指标",
        "二级指标": "数量指标",
        "三级指标": "理论中心组学习",
        "年度指标值": "12次",
        "实际完成值": "12次",
        "分值": 3,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("level1", "level2", "expected"),
    [
        ("产出", "数量", (Level1.OUTPUT, Level2.QUANTITY)),
        ("效益指标", "经济效\n益指标", (Level1.BENEFIT, Level2.ECONOMIC)),
        ("满意度\n指标", "服务对象满意度", (Level1.SATISFACTION, Level2.SATISFACTION)),
        ("效益", "可持续影响", (Level1.BENEFIT, Level2.SUSTAINABLE)),
    ],
)
def test_indicator_levels_accept_short_and_broken_names(level1, level2, expected):
    indicator = Indicator.model_validate(row(一级指标=level1, 二级指标=level2))
    assert (indicator.level1, indicator.level2) == expected


def test_indicator_accepts_english_field_names():
    indicator = Indicator.model_validate(
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "编纂书籍",
            "target_text": "1本",
            "actual_text": "1本",
            "full_marks": "3",
        }
    )
    assert indicator.name == "编纂书籍"


def test_indicator_level2_must_belong_to_level1():
    with pytest.raises(ValidationError, match="二级指标「社会效益指标」属于「效益指标」，不属于「产出指标」"):
        Indicator.model_validate(row(二级指标="社会效益"))


@pytest.mark.parametrize(
    ("level2", "target", "nature", "op"),
    [
        ("数量指标", "12次", Nature.POSITIVE, Op.GE),
        ("成本指标", "181万元", Nature.REVERSE, Op.LE),  # a bare cost is a ceiling
        ("成本指标", "≤191万元", Nature.REVERSE, Op.LE),
        ("质量指标", "<1%", Nature.REVERSE, Op.LT),
        ("质量指标", "≥96%", Nature.POSITIVE, Op.GE),
    ],
)
def test_indicator_infers_nature_and_orients_a_bare_cost(level2, target, nature, op):
    indicator = Indicator.model_validate(row(二级指标=level2, 年度指标值=target, 实际完成值=target))
    assert (indicator.effective_nature, indicator.target.op) == (nature, op)


def test_indicator_declared_reverse_turns_a_bare_number_into_a_ceiling():
    indicator = Indicator.model_validate(row(二级指标="质量指标", 年度指标值="2%", 实际完成值="1%", 指标性质="反向"))
    assert indicator.target == cmp(Op.LE, "2", "%", implied=True)


def test_indicator_nature_contradicting_the_operator_is_an_error():
    with pytest.raises(ValidationError, match="指标性质为「反向」，但年度指标值「≥96%」的比较符是「≥」"):
        Indicator.model_validate(row(年度指标值="≥96%", 实际完成值="100%", 指标性质="反向"))


def test_indicator_keeps_the_raw_text_and_reads_numbers_typed_as_numbers():
    indicator = Indicator.model_validate(row(二级指标="成本指标", 年度指标值="≤191万元　", 实际完成值=D("191.21")))
    assert (indicator.target_text, indicator.actual_text, indicator.actual) == (
        "≤191万元",
        "191.21",
        cmp(Op.GE, "191.21", implied=True),
    )


def test_indicator_vague_target_is_an_error_naming_the_field():
    with pytest.raises(ValidationError, match="「年度指标值」指标值「有所提升」是定性描述"):
        Indicator.model_validate(row(年度指标值="有所提升", 实际完成值="工作环境情况得到改善"))


@pytest.mark.parametrize(
    "changes",
    [
        {"指标性质": "定性", "完成等级": "达成"},
        {"完成等级": "部分达成年度指标并具有一定效果"},
        {"指标性质": "定性", "自评得分": 2},
    ],
)
def test_indicator_descriptive_target_is_allowed_when_judged(changes):
    indicator = Indicator.model_validate(row(年度指标值="持续服务", 实际完成值="100%", **changes))
    assert indicator.target == Descriptive("持续服务")


def test_indicator_qualitative_without_grade_or_score_is_an_error():
    with pytest.raises(ValidationError, match="定性指标请填写「完成等级」"):
        Indicator.model_validate(row(年度指标值="全省", 实际完成值="全省", 指标性质="定性"))


def test_indicator_grade_long_form_is_normalised():
    indicator = Indicator.model_validate(row(完成等级="未达成年度指标且效果较差"))
    assert indicator.grade is Attainment.NOT_ACHIEVED


def test_indicator_unknown_grade_is_an_error():
    with pytest.raises(ValidationError, match="完成等级只能是 达成 / 部分达成 / 未达成，实际填写的是「很好」"):
        Indicator.model_validate(row(完成等级="很好"))


def test_indicator_grade_typed_as_actual_counts_as_the_grade():
    indicator = Indicator.model_validate(row(年度指标值="全省", 实际完成值="部分达成", 指标性质="定性"))
    assert indicator.effective_grade is Attainment.PARTIAL


def test_indicator_grade_disagreeing_with_actual_is_an_error():
    with pytest.raises(ValidationError, match="完成等级「达成」与实际完成值「未达成」不一致"):
        Indicator.model_validate(row(年度指标值="全省", 实际完成值="未达成", 完成等级="达成"))


@pytest.mark.parametrize("marks", [0, -1])
def test_indicator_full_marks_must_be_positive(marks):
    with pytest.raises(ValidationError):
        Indicator.model_validate(row(分值=marks))


# ---------------------------------------------------------------- PerformanceTable model


def table(**changes) -> dict:
    data = {
        "名称": "市档案馆库房密集架建设",
        "实施单位": "岳阳市档案馆",
        "资金": {"年初预算数": 191, "全年预算数": 191, "全年执行数": D("191.21")},
        "年度总体目标": {"预期目标": "接收破产改制企业档案在内的近20万卷档案"},
        "指标": [row()],
    }
    data.update(changes)
    return data


def test_table_goal_text_becomes_a_list():
    model = PerformanceTable.model_validate(table())
    assert model.goal.expected == ["接收破产改制企业档案在内的近20万卷档案"]


def test_table_money_is_decimal():
    model = PerformanceTable.model_validate(table())
    assert model.funds.executed == D("191.21") and isinstance(model.funds.budget, Decimal)


@pytest.mark.parametrize("typed", ["2024年6月27日", dt.date(2024, 6, 27), "2024-06-27"])
def test_table_filled_on_accepts_chinese_and_iso_dates(typed):
    assert PerformanceTable.model_validate(table(填报日期=typed)).filled_on == dt.date(2024, 6, 27)


def test_table_phone_typed_as_number_is_text():
    assert PerformanceTable.model_validate(table(联系电话=5550123)).phone == "5550123"


def test_table_breakdown_adding_up_is_accepted():
    funds = {
        "年初预算数": 181,
        "全年预算数": 181,
        "全年执行数": D("115.78"),
        "其中": {
            "当年财政拨款": {"全年预算数": 0, "全年执行数": 0},
            "上年结转资金": {"年初预算数": 181, "全年预算数": 181, "全年执行数": D("115.78")},
        },
    }
    assert PerformanceTable.model_validate(table(资金=funds)).funds.breakdown.carried_over.executed == D("115.78")


def test_table_breakdown_not_adding_up_is_an_error():
    funds = {
        "全年预算数": 181,
        "全年执行数": D("115.78"),
        "其中": {"上年结转资金": {"全年预算数": 181, "全年执行数": 100}},
    }
    with pytest.raises(
        ValidationError,
        match=re.escape("「其中」各项的全年执行数合计100.00万元，与年度资金总额的全年执行数115.78万元不一致"),
    ):
        PerformanceTable.model_validate(table(资金=funds))


def test_table_needs_at_least_one_indicator():
    with pytest.raises(ValidationError):
        PerformanceTable.model_validate(table(指标=[]))


def test_table_errors_flow_through_load_with_chinese_field_paths():
    data = table(指标=[row(), row(年度指标值="约莫很多")])
    with pytest.raises(InputError) as caught:
        validate_data(data, PerformanceTable, source="附件3.yaml")
    (issue,) = caught.value.issues
    assert issue.path == "指标[2]"
    assert "「年度指标值」无法识别的指标值「约莫很多」" in issue.message


def test_table_unknown_key_is_reported_with_a_suggestion():
    with pytest.raises(InputError) as caught:
        validate_data(table(指标=[row(年度指标=1)]), PerformanceTable, source="附件3.yaml")
    assert any(issue.path == "指标[1].年度指标" for issue in caught.value.issues)
