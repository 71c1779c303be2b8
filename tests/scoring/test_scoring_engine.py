"""The scoring engine: every rule and its edges, and seed 002's tables scored by hand.

Expected values are computed by hand in the comments, never by the code under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.findings import Category, Level
from reportgen.indicators import Attainment
from reportgen.models.indicators import Funds, Indicator, Level1, PerformanceTable
from reportgen.scoring import OverrideStatus, ScoringRule, load_scheme, score_budget, score_indicator, score_table

D = Decimal
DEFAULT = load_scheme("default")


@pytest.fixture(scope="module")
def linear(tmp_path_factory):
    path = tmp_path_factory.mktemp("schemes") / "linear.yaml"
    path.write_text("name: linear\nbase: default\nreverse: linear\n", encoding="utf-8")
    return load_scheme(path)


@pytest.fixture(scope="module")
def bands_80_50(tmp_path_factory):
    path = tmp_path_factory.mktemp("schemes") / "bands.yaml"
    path.write_text(
        "name: b\nbase: default\nqualitative: {bands: {部分达成: [50, 80], 未达成: [0, 50]}}\n", encoding="utf-8"
    )
    return load_scheme(path)


def ind(target: str, actual: str, marks="10", level2: str = "数量指标", **extra) -> Indicator:
    level1 = {"成本指标": "产出指标", "社会效益指标": "效益指标", "服务对象满意度指标": "满意度指标"}.get(
        level2, "产出指标"
    )
    data = {
        "一级指标": level1,
        "二级指标": level2,
        "三级指标": "测试指标",
        "年度指标值": target,
        "实际完成值": actual,
        "分值": marks,
        **extra,
    }
    return Indicator.model_validate(data)


def codes(result) -> list[str]:
    return [f.rule for f in result.findings]


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("target", "actual", "marks", "rule", "score"),
    [
        ("≥96%", "100%", "3", ScoringRule.POSITIVE, "3"),
        ("≥96%", "90%", "5", ScoringRule.POSITIVE, "4.69"),  # 5 × 90/96 = 4.6875
        ("12次", "6次", "4", ScoringRule.POSITIVE, "2.00"),  # 4 × 6/12
        ("≥3家", "0", "3", ScoringRule.POSITIVE, "0.00"),  # 0 typed as 无: nothing done
        ("10万页", "80000页", "5", ScoringRule.POSITIVE, "4.00"),  # 5 × 8/10 across 万
        ("≥0次", "0次", "5", ScoringRule.POSITIVE, "5"),  # zero target, positive: met
        (">0次", "0次", "5", ScoringRule.POSITIVE, "0.00"),  # zero target, strict: nothing earned
        ("=1本", "1本", "3", ScoringRule.EQUAL, "3"),
        ("12月31日之前", "12月31日之前", "4", ScoringRule.DEADLINE, "4"),
        ("12月31日之前", "按时完成", "4", ScoringRule.DEADLINE, "4"),
        ("不超预算", "不超预算", "10", ScoringRule.YES_NO, "10"),
        ("无", "无", "5", ScoringRule.YES_NO, "5"),
        ("档案数字化扫描10万页，著录条目1万条", "档案数字化扫描10万页，著录条目1万条", "3", ScoringRule.COMPOUND, "3"),
        (
            "档案数字化扫描10万页，著录条目1万条",
            "档案数字化扫描8万页，著录条目1万条",
            "3",
            ScoringRule.COMPOUND,
            "2.70",
        ),
    ],
)
def test_positive_and_yes_no_rules(target, actual, marks, rule, score):
    result = score_indicator(ind(target, actual, marks), DEFAULT)
    assert (result.rule, result.score) == (rule, D(score))


@pytest.mark.parametrize(
    ("target", "actual", "marks", "ratio_score", "linear_score"),
    [
        ("≤190万元", "180", "13", "13", "13"),  # met
        ("≤191万元", "191.21", "13", "12.99", "12.99"),  # 13×191/191.21 = 12.9857; 13×(1−0.21/191) = 12.9857
        ("≤100万元", "120", "10", "8.33", "8.00"),  # 10×100/120; 10×(1−20/100)
        ("≤100万元", "250", "10", "4.00", "0.00"),  # 10×100/250; linear is 0 beyond 2× target
        ("≤0起", "2起", "5", "0.00", "0.00"),  # zero ceiling overshot
        ("≤0起", "0起", "5", "5", "5"),  # zero ceiling kept
    ],
)
def test_reverse_rules(target, actual, marks, ratio_score, linear_score, linear):
    level2 = "成本指标" if "万元" in target else "质量指标"
    by_ratio = score_indicator(ind(target, actual, marks, level2), DEFAULT)
    by_linear = score_indicator(ind(target, actual, marks, level2), linear)
    assert (by_ratio.rule, by_linear.rule) == (ScoringRule.REVERSE_RATIO, ScoringRule.REVERSE_LINEAR)
    assert (by_ratio.score, by_linear.score) == (D(ratio_score), D(linear_score))


def test_bare_cost_target_is_scored_as_a_ceiling():
    result = score_indicator(ind("181万元", "190", "10", "成本指标"), DEFAULT)
    assert (result.rule, result.met, result.score) == (
        ScoringRule.REVERSE_RATIO,
        False,
        D("9.53"),
    )  # 10 × 181/190 = 9.526


@pytest.mark.parametrize(
    ("target", "actual", "marks", "extra", "grade", "score"),
    [
        ("=1本", "2本", "3", {}, Attainment.NOT_ACHIEVED, "1.80"),  # unmet, no grade: top of 未达成 = 60%
        ("=1本", "2本", "3", {"完成等级": "部分达成"}, Attainment.PARTIAL, "2.40"),  # 3 × 80%
        ("2023年6月30日前", "2023年9月30日", "10", {}, Attainment.NOT_ACHIEVED, "6.00"),
        ("无", "2起", "5", {}, Attainment.NOT_ACHIEVED, "3.00"),
    ],
)
def test_unmet_equal_deadline_and_yes_no_fall_back_to_a_grade(target, actual, marks, extra, grade, score):
    result = score_indicator(ind(target, actual, marks, **extra), DEFAULT)
    assert (result.met, result.grade, result.score) == (False, grade, D(score))


@pytest.mark.parametrize(
    ("grade", "score"),
    [("达成", "8"), ("部分达成", "6.40"), ("未达成", "4.80")],  # 8 × 100% / 80% / 60%
)
def test_qualitative_default_is_the_top_of_the_band(grade, score):
    result = score_indicator(ind("全省", "全省", "8", 指标性质="定性", 完成等级=grade), DEFAULT)
    assert (result.rule, result.score) == (ScoringRule.QUALITATIVE, D(score))


def test_qualitative_bands_variant_80_50(bands_80_50):
    result = score_indicator(ind("全省", "全省", "10", 指标性质="定性", 完成等级="未达成"), bands_80_50)
    assert result.score == D("5.00")  # 10 × 50%


def test_qualitative_default_position_middle(tmp_path):
    path = tmp_path / "middle.yaml"
    path.write_text("name: m\nbase: default\nqualitative: {default_position: middle}\n", encoding="utf-8")
    result = score_indicator(ind("全省", "全省", "10", 指标性质="定性", 完成等级="达成"), load_scheme(path))
    assert result.score == D("9.00")  # 10 × (80+100)/2 %


def test_qualitative_grade_typed_as_actual_is_used():
    result = score_indicator(ind("经济平稳发展", "部分达成", "10", 指标性质="定性"), DEFAULT)
    assert (result.grade, result.score) == (Attainment.PARTIAL, D("8.00"))


# ---------------------------------------------------------------- overrides


@pytest.mark.parametrize(
    ("stated", "status", "score", "code"),
    [
        ("7", OverrideStatus.APPLIED, "7", None),  # 部分达成 band of 10 is 6–8
        ("6", OverrideStatus.APPLIED, "6", None),  # band edges are inside
        ("9", OverrideStatus.REJECTED, "8.00", "override-out-of-band"),
        ("5.99", OverrideStatus.REJECTED, "8.00", "override-out-of-band"),
        ("11", OverrideStatus.REJECTED, "8.00", "override-above-full"),
    ],
)
def test_override_against_the_grade_band(stated, status, score, code):
    indicator = ind("全省", "全省", "10", 指标性质="定性", 完成等级="部分达成", 自评得分=stated, 调整理由="验收延期")
    result = score_indicator(indicator, DEFAULT)
    assert (result.override, result.score) == (status, D(score))
    errors = [f.rule for f in result.findings if f.level is Level.ERROR]
    assert errors == ([code] if code else [])


def test_override_out_of_band_message_gives_the_numbers():
    indicator = ind("全省", "全省", "10", 指标性质="定性", 完成等级="部分达成", 自评得分="9")
    (finding,) = [
        f
        for f in score_indicator(indicator, DEFAULT, path="指标[3]（质量指标／辖区覆盖率）").findings
        if f.rule == "override-out-of-band"
    ]
    assert finding.message == (
        "指标[3]（质量指标／辖区覆盖率）：完成等级为「部分达成」，得分应在6—8分之间（分值10的60%—80%），自评得分9不在此范围"
    )


def test_override_above_full_marks_without_grade_is_rejected():
    result = score_indicator(ind("≥96%", "100%", "10", 自评得分="12"), DEFAULT)
    assert (result.override, result.score, codes(result)) == (OverrideStatus.REJECTED, D(10), ["override-above-full"])


def test_override_of_a_measured_indicator_without_grade_is_applied_and_needs_a_reason():
    result = score_indicator(ind("≤181万元", "115.78", "10", "成本指标", 自评得分="6.4"), DEFAULT)
    assert (result.computed, result.score, result.override) == (D(10), D("6.4"), OverrideStatus.APPLIED)
    assert codes(result) == ["reason-missing"]


# ---------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("target", "actual", "extra", "required"),
    [
        ("≥96%", "100%", {}, ()),
        ("≥96%", "90%", {}, ("得分4.69低于分值5",)),
        ("10次", "13次", {}, ("实际完成值为年度指标值的130.00%（达到130%及以上）",)),
        ("12次", "16次", {}, ("实际完成值为年度指标值的133.33%（达到130%及以上）",)),
        ("10次", "12.9次", {}, ()),  # 129%
        ("≥96%", "100%", {"自评得分": "4"}, ("得分4低于分值5", "自评得分4与按规则计算的5不一致")),
    ],
)
def test_reasons_required(target, actual, extra, required):
    assert score_indicator(ind(target, actual, "5", **extra), DEFAULT).reasons_required == required


@pytest.mark.parametrize("reason", [None, "无", "　/ "])
def test_missing_reason_is_a_warning(reason):
    extra = {"偏差原因分析及改进措施": reason} if reason else {}
    result = score_indicator(ind("≥96%", "90%", "5", **extra), DEFAULT, path="指标[1]（数量指标／测试指标）")
    (finding,) = result.findings
    assert (finding.level, finding.rule, finding.section) == (
        Level.WARNING,
        "reason-missing",
        "指标[1]（数量指标／测试指标）",
    )
    assert (
        finding.message == "指标[1]（数量指标／测试指标）：得分4.69低于分值5，请在「偏差原因分析及改进措施」中说明原因"
    )


def test_given_reason_silences_the_warning():
    result = score_indicator(ind("≥96%", "90%", "5", 偏差原因分析及改进措施="设备故障导致停机两周"), DEFAULT)
    assert result.reason_required and result.findings == ()


def test_cost_exceeded_but_full_marks_by_override_is_rejected():
    # Seed 002 附件3(3) 库房密集架: ≤191万元, actual 191.21, typed 13/13; 13 × 191/191.21 = 12.99.
    result = score_indicator(ind("≤191万元　", "191.21", "13", "成本指标", 自评得分="13"), DEFAULT)
    assert (result.computed, result.score, result.override) == (D("12.99"), D("12.99"), OverrideStatus.REJECTED)
    assert codes(result) == ["cost-exceeded-full-marks", "reason-missing"]
    assert result.findings[0].level is Level.ERROR


def test_unmet_target_typed_up_to_full_marks_is_rejected():
    # 12 of 12 planned sessions is met; 10 of 12 is not, so 3 × 10/12 = 2.50 stands.
    result = score_indicator(ind("12次", "10次", "3", 自评得分="3"), DEFAULT)
    assert (result.score, codes(result)[0]) == (D("2.50"), "unmet-full-marks")


@pytest.mark.parametrize(
    ("self_score", "level"),
    [(None, Level.ERROR), ("5", Level.WARNING)],
)
def test_incomparable_values_are_flagged(self_score, level):
    extra = {"自评得分": self_score} if self_score else {}
    result = score_indicator(ind("≥96%", "工作环境情况得到改善", "5", **extra), DEFAULT)
    assert (result.met, result.computed, result.findings[0].rule, result.findings[0].level) == (
        None,
        None,
        "not-comparable",
        level,
    )


# ---------------------------------------------------------------- budget


def funds(budget: str, executed: str, **extra) -> Funds:
    return Funds.model_validate({"全年预算数": budget, "全年执行数": executed, **extra})


@pytest.mark.parametrize(
    ("budget", "executed", "rate", "score"),
    [
        ("181", "115.78", "63.97", "6.40"),  # seed 002 智慧档案一期: 115.78/181 = 63.966%
        ("105", "103.86", "98.91", "9.89"),  # seed 002 大楼运行维护费: 103.86/105 = 98.914%
        ("17.95", "17.71", "98.66", "9.87"),  # seed 002 档案保管保护费: 17.71/17.95 = 98.663%
        ("1049.31", "1051.31", "100.19", "10.00"),  # seed 002 附件2: capped at 分值
        ("100", "90", "90.00", "9.00"),
    ],
)
def test_budget_execution(budget, executed, rate, score):
    result = score_budget(funds(budget, executed), DEFAULT)
    assert (result.rate, result.score) == (D(rate), D(score))


def test_budget_uncapped_variant(tmp_path):
    path = tmp_path / "uncapped.yaml"
    path.write_text("name: u\nbase: default\nbudget: {cap_at_full: false}\n", encoding="utf-8")
    assert score_budget(funds("1049.31", "1051.31"), load_scheme(path)).score == D("10.02")  # 10 × 100.19%


@pytest.mark.parametrize(
    ("executed", "reason", "codes_expected"),
    [
        ("89.99", None, ["reason-missing"]),
        ("89.99", "年底集中支付未完成", []),
        ("90", None, []),
        ("100.01", None, ["executed-over-budget"]),
    ],
)
def test_budget_findings(executed, reason, codes_expected):
    extra = {"偏差原因": reason} if reason else {}
    assert codes(score_budget(funds("100", executed, **extra), DEFAULT)) == codes_expected


def test_budget_over_execution_message_gives_the_amounts():
    (finding,) = score_budget(funds("1049.31", "1051.31"), DEFAULT).findings
    assert finding.message == "资金：全年执行数1051.31万元超过全年预算数1049.31万元"


def test_budget_zero_is_an_error():
    result = score_budget(funds("0", "0"), DEFAULT)
    assert (result.rate, result.score, codes(result)) == (None, D(0), ["budget-zero"])


def test_budget_full_marks_typed_differently_from_the_scheme():
    assert codes(score_budget(funds("100", "100", 分值=20), DEFAULT)) == ["weights-budget"]


# ---------------------------------------------------------------- tables


def row(level1, level2, name, target, actual, marks, **extra) -> dict:
    return {
        "一级指标": level1,
        "二级指标": level2,
        "三级指标": name,
        "年度指标值": target,
        "实际完成值": actual,
        "分值": marks,
        **extra,
    }


SMART_ARCHIVE = {  # seed 002 附件3(4) 市档案馆智慧档案一期项目建设, as typed
    "名称": "市档案馆智慧档案一期项目建设",
    "实施单位": "岳阳市档案馆",
    "资金": {
        "年初预算数": 181,
        "全年预算数": 181,
        "全年执行数": D("115.78"),
        "其中": {"上年结转资金": {"年初预算数": 181, "全年预算数": 181, "全年执行数": D("115.78")}},
    },
    "指标": [
        row("产出指标", "数量指标", "1.纸质档案数字化完成量", "200万页", "200万页", 10),
        row("产出指标", "数量指标", "2.原档案系统数据迁移服务", "190万条", "190万条", 10),
        row("产出指标", "质量指标", "档案数字化工作完成率", "≥98%", "≥98%", 10),
        row("产出指标", "时效指标", "任务完成时间", "2023年12月31日前", "2023年12月31日前", 10),
        row(
            "产出指标",
            "成本指标",
            "预算控制数",
            "≤181万元",
            D("115.78"),
            10,
            自评得分=D("6.4"),
            偏差原因分析及改进措施="竣工验收未完成。",
        ),
        row("效益指标", "经济效益指标", "数据共享率", "≥96%", "≥96%", 7),
        row("效益指标", "社会效益指标", "投诉减少率", "≥96%", "≥96%", 8),
        row("效益指标", "生态效益指标", "对自然生态环境造成的负面影响", "无", "无", 7),
        row("效益指标", "可持续影响指标", "档案资料完好率", "≥98%", "≥98%", 8),
        row("满意度指标", "服务对象满意度指标", "受益对象满意度", "≥96%", "≥96%", 10),
    ],
}


def test_seed_002_smart_archive_total_matches_the_table():
    result = score_table(PerformanceTable.model_validate(SMART_ARCHIVE), DEFAULT)
    # 6.40 + (10+10+10+10+6.4) + (7+8+7+8) + 10 = 92.80, as printed in 附件3(4)
    assert (result.budget.score, result.total, result.grade) == (D("6.40"), D("92.80"), "优")
    assert result.subtotals == {Level1.OUTPUT: D("46.4"), Level1.BENEFIT: D(30), Level1.SATISFACTION: D(10)}


def test_seed_002_smart_archive_asks_why_execution_is_low_and_why_the_cost_row_scores_below_the_rule():
    # 115.78万元 ≤ 181万元 earns the cost row's full 10 by the rule; the typed 6.4 needs a 调整理由 (its 偏差原因
    # 「竣工验收未完成」 explains the slow execution, not a lower score)
    result = score_table(PerformanceTable.model_validate(SMART_ARCHIVE), DEFAULT)
    assert [(f.rule, f.level, f.section) for f in result.findings] == [
        ("reason-missing", Level.WARNING, "资金"),
        ("override-unexplained", Level.WARNING, "指标[5]（成本指标／预算控制数）"),
    ]
    assert result.findings[0].message == "资金：执行率63.97%低于90%，请在「偏差原因」中说明原因"
    assert result.findings[1].message == (
        "指标[5]（成本指标／预算控制数）：自评得分6.4低于按规则计算的10分，未填写「调整理由」；"
        "请说明为何少计，或删去自评得分以采用计算得分"
    )


@pytest.mark.parametrize(
    ("actual", "stated", "extra", "expected"),
    [
        ("115.78万元", "6.4", {"偏差原因分析及改进措施": "竣工验收未完成"}, ["override-unexplained"]),  # below
        ("190万元", "6", {"偏差原因分析及改进措施": "按执行率扣分"}, ["override-unexplained"]),
        ("115.78万元", "6.4", {}, ["reason-missing"]),  # no reason at all: the one warning that asks for it
        ("115.78万元", "6.4", {"调整理由": "项目未验收，按执行率计分"}, []),  # explained
        ("115.78万元", "10", {}, []),  # the rule's own score
    ],
)
def test_a_typed_score_below_the_rule_needs_an_adjustment_reason(actual, stated, extra, expected):
    result = score_indicator(ind("≤181万元", actual, "10", "成本指标", 自评得分=stated, **extra), DEFAULT)
    assert codes(result) == expected


def test_a_typed_score_above_the_rule_needs_an_adjustment_reason_too():
    # 9 of 10 planned: the rule gives 4.5 of 5; 4.8 typed with only a 偏差原因
    result = score_indicator(ind("10次", "9次", "5", 自评得分="4.8", 偏差原因分析及改进措施="一次培训延期"), DEFAULT)
    assert [f.message for f in result.findings] == [
        "数量指标／测试指标：自评得分4.8高于按规则计算的4.5分，未填写「调整理由」；请说明为何多计，或删去自评得分以采用计算得分"
    ]


SHELVING = {  # seed 002 附件3(3) 市档案馆库房密集架建设
    "名称": "市档案馆库房密集架建设",
    "资金": {"年初预算数": 191, "全年预算数": 191, "全年执行数": D("191.21")},
    "指标": [
        row("产出指标", "数量指标", "采购固定架、密集架", "1200㎡　", "1200㎡　", 13),
        row("产出指标", "质量指标", "工程量完成率", "100%　", "100%　", 12),
        row("产出指标", "时效指标", "任务完成时间", "2023年12月31日前", "2023年12月31日前", 12),
        row("产出指标", "成本指标", "预算控制数", "≤191万元　", "191.21", 13, 自评得分=13, 偏差原因分析及改进措施="无"),
        row("效益指标", "经济效益指标", "基础设施完好率", "100%", "100%", 7),
        row("效益指标", "社会效益指标", "馆藏内容丰富度", "≥96%", "≥96%", 8),
        row(
            "效益指标",
            "生态效益指标",
            "生态环境改善情况",
            "实现可持续发展",
            "实现可持续发展",
            7,
            指标性质="定性",
            完成等级="达成",
        ),
        row("效益指标", "可持续影响指标", "档案资料完好率", "≥98%", "≥98%", 8),
        row("满意度指标", "服务对象满意度指标", "受益对象满意度", "≥96%", "≥96%", 10),
    ],
}


def test_seed_002_shelving_findings_locate_the_cost_row():
    result = score_table(PerformanceTable.model_validate(SHELVING), DEFAULT)
    assert [(f.level, f.rule, f.section) for f in result.findings] == [
        (Level.WARNING, "executed-over-budget", "资金"),
        (Level.ERROR, "cost-exceeded-full-marks", "指标[4]（成本指标／预算控制数）"),
        (Level.WARNING, "reason-missing", "指标[4]（成本指标／预算控制数）"),
    ]
    assert [f.category for f in result.findings] == [Category.ARITHMETIC, Category.SCORE_RANGE, Category.INPUT]


def test_seed_002_shelving_without_the_override_loses_a_hundredth():
    data = {**SHELVING, "指标": [{k: v for k, v in r.items() if k != "自评得分"} for r in SHELVING["指标"]]}
    result = score_table(PerformanceTable.model_validate(data), DEFAULT)
    assert (result.total, result.indicators[3].score) == (D("99.99"), D("12.99"))  # 10 + 37 + 12.99 + 30 + 10


def test_weights_not_matching_the_scheme():
    data = {**SMART_ARCHIVE, "指标": SMART_ARCHIVE["指标"][1:]}  # drop a 10-point 产出 row
    result = score_table(PerformanceTable.model_validate(data), DEFAULT)
    found = {f.rule: (f.level, f.message) for f in result.findings}
    assert found["weights-category"] == (Level.WARNING, "「产出指标」各三级指标分值合计40分，评分方案规定为50分")
    assert found["weights-total"] == (Level.ERROR, "分值合计90分（预算执行10＋三级指标80），应为100分")


def test_weights_shifted_between_level1_keep_the_total():
    rows = [dict(r) for r in SMART_ARCHIVE["指标"]]
    rows[0]["分值"], rows[5]["分值"] = 5, 12  # 产出 45, 效益 35: total still 100
    result = score_table(PerformanceTable.model_validate({**SMART_ARCHIVE, "指标": rows}), DEFAULT)
    assert [f.rule for f in result.findings if f.rule.startswith("weights")] == ["weights-category", "weights-category"]


GUANGDONG_TABLE = {  # seed 003 履职效能: 产出数量 32 + 社会效益 10 + 服务对象满意度 8
    "名称": "广州市档案发展中心",
    "资金": {"全年预算数": D("1014.4"), "全年执行数": D("1011.98")},
    "指标": [
        row("产出指标", "数量指标", "缩微画幅", "100000画幅", "100659画幅", 16),
        row("产出指标", "质量指标", "维护系统验收合格率", "100%", "100%", 16),
        row("效益指标", "社会效益指标", "档案数字化", "≥95%", "100%", 10),
        row("满意度指标", "服务对象满意度指标", "用户满意率", "≥80%", "100%", 8),
    ],
}


def test_guangdong_scheme_adds_declared_categories():
    scheme = load_scheme("guangdong_department")
    declared = {"管理效能": D("44.43"), "加减分项": D(0)}
    result = score_table(PerformanceTable.model_validate(GUANGDONG_TABLE), scheme, declared=declared)
    # seed 003: 管理效能 44.43 + 履职效能 50 + 加减分项 0 = 94.43
    assert (result.budget, result.categories, result.total, result.grade) == (
        None,
        {"管理效能": D("44.43"), "履职效能": D(50), "加减分项": D(0)},
        D("94.43"),
        "优",
    )
    assert result.findings == ()


def test_guangdong_scheme_without_declared_scores_warns():
    result = score_table(PerformanceTable.model_validate(GUANGDONG_TABLE), load_scheme("guangdong_department"))
    assert (result.total, [f.rule for f in result.findings]) == (D(50), ["declared-missing", "declared-missing"])


def test_guangdong_part_weights_are_checked():
    rows = [dict(r) for r in GUANGDONG_TABLE["指标"]]
    rows[1]["二级指标"], rows[1]["一级指标"] = "经济效益指标", "效益指标"  # 16 points now outside every part
    data = {**GUANGDONG_TABLE, "指标": rows}
    result = score_table(
        PerformanceTable.model_validate(data),
        load_scheme("guangdong_department"),
        declared={"管理效能": D(45), "加减分项": D(0)},
    )
    messages = [f.message for f in result.findings]
    assert "「履职效能／产出数量」各三级指标分值合计16分，评分方案规定为32分" in messages
    assert (
        "「经济效益指标／维护系统验收合格率」不属于「履职效能」的任何分项（产出数量、社会效益、服务对象满意度）"
        in messages
    )


def test_declared_score_out_of_range_is_an_error():
    scheme = load_scheme("guangdong_department")
    result = score_table(
        PerformanceTable.model_validate(GUANGDONG_TABLE), scheme, declared={"管理效能": D(46), "加减分项": D(-5)}
    )
    assert (result.categories["管理效能"], result.categories["加减分项"]) == (D(0), D(-5))
    assert [f.rule for f in result.errors()] == ["declared-out-of-range"]


@pytest.mark.parametrize(
    ("satisfaction", "total", "grade"),
    [
        ("10", "100.00", "优"),
        ("0.01", "90.01", "优"),
    ],
)
def test_table_grade_follows_the_total(satisfaction, total, grade):
    rows = [dict(r) for r in SMART_ARCHIVE["指标"]]
    rows[4] = {k: v for k, v in rows[4].items() if k != "自评得分"}
    rows[9] = {**rows[9], "自评得分": D(satisfaction), "偏差原因分析及改进措施": "调查样本不足"}
    data = {**SMART_ARCHIVE, "资金": {"全年预算数": 181, "全年执行数": 181}, "指标": rows}
    result = score_table(PerformanceTable.model_validate(data), DEFAULT)
    assert (result.total, result.grade) == (D(total), grade)


def test_qualitative_scored_only_by_override_warns_that_no_grade_was_given():
    result = score_indicator(ind("持续服务", "100%", "5", 指标性质="定性", 自评得分="5"), DEFAULT)
    assert (result.score, [(f.level, f.rule) for f in result.findings]) == (D(5), [(Level.WARNING, "grade-missing")])


# ---------------------------------------------------------------- added with the hunan drafting


def test_uncomparable_values_fall_back_to_the_typed_grade():
    # 一栋 against 正常开展工作 (seed 002 附件3（1）): no ratio can be formed, the clerk's 达成 decides.
    result = score_indicator(ind("一栋", "正常开展工作", marks="13", 完成等级="达成"), DEFAULT)
    assert result.score == D(13)
    assert "not-comparable" not in codes(result)


def _table(*rows: dict) -> PerformanceTable:
    return PerformanceTable.model_validate(
        {"名称": "测试项目", "资金": {"全年预算数": 10, "全年执行数": 10}, "指标": list(rows)}
    )


def _row(level1: str, level2: str, name: str, marks: str) -> dict:
    return {
        "一级指标": level1,
        "二级指标": level2,
        "三级指标": name,
        "年度指标值": "≥96%",
        "实际完成值": "100%",
        "分值": marks,
    }


@pytest.mark.parametrize(
    ("second_level2", "expected"),
    [("经济效益指标", ["duplicate-indicator-name"]), ("质量指标", [])],
)
def test_one_name_under_two_level2_is_reported(second_level2, expected):
    level1 = "效益指标" if second_level2 == "经济效益指标" else "产出指标"
    table = _table(
        _row("产出指标", "质量指标", "反向促进经济发展", "50"),
        _row(level1, second_level2, "反向促进经济发展", "30" if level1 == "效益指标" else "0.01"),
        _row("满意度指标", "服务对象满意度指标", "受益对象满意度", "10"),
    )
    found = [f.rule for f in score_table(table, DEFAULT).findings if f.rule == "duplicate-indicator-name"]
    assert found == expected
