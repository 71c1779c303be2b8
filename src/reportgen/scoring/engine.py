"""Scores a 自评表 under a scoring scheme: 预算执行, each 三级 indicator, subtotals, total, grade and findings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from reportgen.arithmetic import (
    above_weight,
    budget_score,
    execution_rate,
    over_budget,
    positive_share,
    reverse_share,
)
from reportgen.findings import Category, Finding, Level
from reportgen.indicators import (
    Attainment,
    Comparison,
    Compound,
    Deadline,
    IndicatorValue,
    NoneExpected,
    Op,
    WithinBudget,
    achievement,
    as_amount,
    comparable_amounts,
    compare,
    met,
)
from reportgen.models.indicators import Funds, Indicator, Level1, Nature, PerformanceTable, has_reason
from reportgen.numbers import HUNDRED, format_pct, format_wan, round_half_up
from reportgen.scoring.scheme import Category as SchemeCategory
from reportgen.scoring.scheme import CategoryKind, ReverseRule, ScoringScheme

ZERO = Decimal(0)
ONE = Decimal(1)


def _finding(rule: str, category: Category, level: Level, path: str, message: str) -> Finding:
    """A finding of the scoring, located by its path in the table (指标[3]（…）, 资金, a category's name)."""
    return Finding(rule=rule, category=category, level=level, message=message, section=path)


class ScoringRule(str, Enum):
    """The scoring rule applied to an indicator."""

    POSITIVE = "positive"  # 正向: 分值 × 实际/目标
    REVERSE_RATIO = "reverse_ratio"  # 反向: 分值 × 目标/实际
    REVERSE_LINEAR = "reverse_linear"  # 反向: 分值 × (1 − (实际−目标)/目标)
    EQUAL = "equal"  # 定值: full when met, else by 完成等级
    DEADLINE = "deadline"  # 时限: full when met, else by 完成等级
    YES_NO = "yes_no"  # 不超预算 / 无负面影响: full when met, else by 完成等级
    COMPOUND = "compound"  # several quantities: mean of the parts' shares
    QUALITATIVE = "qualitative"  # 定性: by 完成等级 band


class OverrideStatus(str, Enum):
    """What became of a typed 自评得分."""

    NONE = "none"
    APPLIED = "applied"
    REJECTED = "rejected"


@dataclass(frozen=True)
class IndicatorScore:
    """The score of one 三级 indicator and how it was reached."""

    indicator: Indicator
    path: str
    rule: ScoringRule
    met: bool | None  # None: target and actual cannot be compared
    grade: Attainment | None  # the 完成等级 band used, if any
    computed: Decimal | None  # by the rule; None when the rule cannot decide
    score: Decimal  # the final 得分
    override: OverrideStatus
    reasons_required: tuple[str, ...]  # why a 偏差原因分析 must be written
    findings: tuple[Finding, ...]

    @property
    def full_marks(self) -> Decimal:
        return self.indicator.full_marks

    @property
    def reason_required(self) -> bool:
        return bool(self.reasons_required)


@dataclass(frozen=True)
class BudgetScore:
    """预算执行: 执行率 and its score."""

    full_marks: Decimal
    rate: Decimal | None  # 执行率 in percent, rounded; None when 全年预算数 is 0
    score: Decimal
    reasons_required: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class TableScore:
    """A whole 自评表 scored: parts, subtotals, total, 等级 and every finding."""

    name: str
    budget: BudgetScore | None
    indicators: tuple[IndicatorScore, ...]
    subtotals: dict[Level1, Decimal]  # 得分 per 一级
    categories: dict[str, Decimal]  # per scheme category
    total: Decimal
    grade: str  # 等级: 优 / 良 / 中 / 差
    findings: tuple[Finding, ...]
    level1_weights: dict[Level1, Decimal]  # 分值 per 一级, as the table's rows state them
    total_marks: Decimal  # 分值 of the whole table: the scheme's total (项目总分)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level is Level.ERROR]


def _n(value: Decimal) -> str:
    """A score as a reader writes it: 13, 12.99, 6.4."""
    return f"{value.normalize():f}"


# ---------------------------------------------------------------- indicators


@dataclass(frozen=True)
class _Outcome:
    met: bool | None
    share: Decimal | None  # of 分值, 0..1; None when undecided
    grade: Attainment | None = None


def choose_rule(indicator: Indicator, scheme: ScoringScheme) -> ScoringRule:
    """The rule for an indicator, from its 指标性质 and the shape of its target."""
    target = indicator.target
    if indicator.effective_nature is Nature.QUALITATIVE:
        return ScoringRule.QUALITATIVE
    match target:
        case Comparison(op=Op.EQ):
            return ScoringRule.EQUAL
        case Comparison() if target.op.reverse:
            return ScoringRule.REVERSE_LINEAR if scheme.reverse is ReverseRule.LINEAR else ScoringRule.REVERSE_RATIO
        case Comparison():
            return ScoringRule.POSITIVE
        case Compound():
            return ScoringRule.COMPOUND
        case Deadline():
            return ScoringRule.DEADLINE
        case WithinBudget() | NoneExpected():
            return ScoringRule.YES_NO
    return ScoringRule.QUALITATIVE


def comparison_share(target: Comparison, actual: IndicatorValue, reverse: ReverseRule) -> _Outcome:
    """Met or not, and the share of 分值 earned, for a numeric target."""
    amount = as_amount(actual)
    amounts = None if amount is None else comparable_amounts(target, amount)
    if amounts is None:
        return _Outcome(None, None)
    goal, value = amounts
    if compare(target.op, goal, value):
        return _Outcome(True, ONE)
    if target.op is Op.EQ:
        return _Outcome(False, None)
    if target.op.reverse:
        share = reverse_share(goal, value, linear=reverse is ReverseRule.LINEAR)
    else:
        share = positive_share(goal, value)
    return _Outcome(False, min(max(share, ZERO), ONE))


def _outcome(indicator: Indicator, rule: ScoringRule, scheme: ScoringScheme) -> _Outcome:
    target, actual = indicator.target, indicator.actual
    if rule is ScoringRule.QUALITATIVE:
        return _by_grade(indicator.effective_grade, None, scheme)
    if isinstance(target, Comparison) and rule is not ScoringRule.EQUAL:
        outcome = comparison_share(target, actual, scheme.reverse)
        if outcome.share is None:  # e.g. 一栋 against 正常开展工作: judged by the typed 完成等级
            return _by_grade(indicator.effective_grade, outcome.met, scheme)
        return outcome
    if isinstance(target, Compound):
        return _compound_outcome(indicator, target, scheme)
    met_now = met(target, actual)
    if met_now:
        return _Outcome(True, ONE)
    grade = indicator.effective_grade
    if met_now is False:
        # Not met and no grade typed: the target literally was not reached (未达成年度指标).
        grade = grade or scheme.qualitative.unmet_grade
    return _by_grade(grade, met_now, scheme)


def _compound_outcome(indicator: Indicator, target: Compound, scheme: ScoringScheme) -> _Outcome:
    actual = indicator.actual
    if not isinstance(actual, Compound) or len(actual.parts) != len(target.parts):
        return _by_grade(indicator.effective_grade, None, scheme)
    outcomes = [
        comparison_share(t.value, a.value, scheme.reverse) for t, a in zip(target.parts, actual.parts, strict=True)
    ]
    if any(o.share is None for o in outcomes):
        return _by_grade(indicator.effective_grade, None, scheme)
    share = sum((o.share for o in outcomes if o.share is not None), ZERO) / len(outcomes)
    return _Outcome(all(o.met for o in outcomes), share)


def _by_grade(grade: Attainment | None, met_now: bool | None, scheme: ScoringScheme) -> _Outcome:
    if grade is None:
        return _Outcome(met_now, None)
    return _Outcome(met_now, scheme.qualitative.default_share(grade) / HUNDRED, grade)


def score_indicator(indicator: Indicator, scheme: ScoringScheme, *, path: str | None = None) -> IndicatorScore:
    """Score one indicator: the rule's result, a typed 自评得分 checked against it, and the reasons owed."""
    path = path or indicator.label
    rule = choose_rule(indicator, scheme)
    outcome = _outcome(indicator, rule, scheme)
    full = indicator.full_marks
    computed = None if outcome.share is None else round_half_up(full * outcome.share, places=scheme.rounding)
    findings: list[Finding] = []
    if computed is None:
        findings.append(_undecided(indicator, path, rule))
    status, score = _apply_override(indicator, computed, outcome.met, scheme, path, findings)
    reasons = _reasons_required(indicator, computed, score, status, scheme)
    if reasons and indicator.reason_text is None:
        findings.append(
            _finding(
                "reason-missing",
                Category.INPUT,
                Level.WARNING,
                path,
                f"{path}：{'；'.join(reasons)}，请在「{_reason_field(status)}」中说明原因",
            )
        )
    elif (
        status is OverrideStatus.APPLIED
        and computed is not None
        and score != computed
        and not has_reason(indicator.override_reason)
    ):
        # A 偏差原因 explains a shortfall against the target, not a score typed below (or above) the rule's.
        findings.append(_override_unexplained(path, score, computed))
    return IndicatorScore(
        indicator, path, rule, outcome.met, outcome.grade, computed, score, status, reasons, tuple(findings)
    )


def _override_unexplained(path: str, stated: Decimal, computed: Decimal) -> Finding:
    """A typed 自评得分 other than the rule's, with a 偏差原因 but no 调整理由: below it as well as above it."""
    direction, what = ("低于", "少计") if stated < computed else ("高于", "多计")
    return _finding(
        "override-unexplained",
        Category.INPUT,
        Level.WARNING,
        path,
        f"{path}：自评得分{_n(stated)}{direction}按规则计算的{_n(computed)}分，未填写「调整理由」；"
        f"请说明为何{what}，或删去自评得分以采用计算得分",
    )


def _reason_field(status: OverrideStatus) -> str:
    return "调整理由" if status is OverrideStatus.APPLIED else "偏差原因分析及改进措施"


def _undecided(indicator: Indicator, path: str, rule: ScoringRule) -> Finding:
    if rule is ScoringRule.QUALITATIVE:
        code, category = "grade-missing", Category.INPUT
        message = f"{path}：定性指标未填写「完成等级」，得分只能取自评得分"
    else:
        code, category = "not-comparable", Category.INDICATOR_QUALITY
        message = (
            f"{path}：实际完成值「{indicator.actual_text}」无法与年度指标值「{indicator.target_text}」比较，"
            "请改写实际完成值，或填写「完成等级」"
        )
    # With a typed 自评得分 the row still has a score; without one it has none at all.
    if indicator.self_score is None:
        return _finding(code, category, Level.ERROR, path, f"{message}；暂按0分计")
    return _finding(code, category, Level.WARNING, path, message)


def _apply_override(
    indicator: Indicator,
    computed: Decimal | None,
    met: bool | None,
    scheme: ScoringScheme,
    path: str,
    findings: list[Finding],
) -> tuple[OverrideStatus, Decimal]:
    fallback = computed if computed is not None else ZERO
    stated = indicator.self_score
    if stated is None:
        return OverrideStatus.NONE, fallback
    full = indicator.full_marks
    if above_weight(stated, full):
        findings.append(
            _finding(
                "override-above-full",
                Category.SCORE_RANGE,
                Level.ERROR,
                path,
                f"{path}：自评得分{_n(stated)}超过分值{_n(full)}",
            )
        )
        return OverrideStatus.REJECTED, fallback
    if met is False and stated >= full:
        # Full marks are for a target that was reached; a missed one cannot be typed up to them.
        reverse = indicator.effective_nature is Nature.REVERSE
        code = "cost-exceeded-full-marks" if reverse else "unmet-full-marks"
        what = "超出" if reverse else "未达到"
        computed_text = _n(computed) if computed is not None else "低于满分"
        findings.append(
            _finding(
                code,
                Category.SCORE_RANGE,
                Level.ERROR,
                path,
                f"{path}：实际完成值「{indicator.actual_text}」{what}年度指标值「{indicator.target_text}」，"
                f"却自评满分{_n(full)}分；按规则应得{computed_text}分，已采用计算得分",
            )
        )
        return OverrideStatus.REJECTED, fallback
    # The band binds only a 完成等级 the clerk typed, not one the engine fell back on.
    band_grade = indicator.effective_grade
    if band_grade is not None:
        band = scheme.qualitative.bands[band_grade]
        low, high = full * band.low / HUNDRED, full * band.high / HUNDRED
        if not low <= stated <= high:
            findings.append(
                _finding(
                    "override-out-of-band",
                    Category.SCORE_RANGE,
                    Level.ERROR,
                    path,
                    f"{path}：完成等级为「{band_grade.value}」，"
                    f"得分应在{_n(round_half_up(low, places=scheme.rounding))}"
                    f"—{_n(round_half_up(high, places=scheme.rounding))}分之间（分值{_n(full)}的"
                    f"{_n(band.low)}%—{_n(band.high)}%），自评得分{_n(stated)}不在此范围",
                )
            )
            return OverrideStatus.REJECTED, fallback
    return OverrideStatus.APPLIED, stated


def _reasons_required(
    indicator: Indicator,
    computed: Decimal | None,
    score: Decimal,
    status: OverrideStatus,
    scheme: ScoringScheme,
) -> tuple[str, ...]:
    reasons = []
    full = indicator.full_marks
    if scheme.reasons.below_full and score < full:
        reasons.append(f"得分{_n(score)}低于分值{_n(full)}")
    if status is OverrideStatus.APPLIED and computed is not None and score != computed:
        reasons.append(f"自评得分{_n(score)}与按规则计算的{_n(computed)}不一致")
    over = _over_achievement(indicator, scheme)
    if over is not None:
        reasons.append(over)
    return tuple(reasons)


def _over_achievement(indicator: Indicator, scheme: ScoringScheme) -> str | None:
    """Why an actual far above its target needs explaining (was the target set too low?)."""
    threshold = scheme.reasons.over_target_pct
    target = indicator.target
    if threshold is None or not isinstance(target, Comparison):
        return None
    share = achievement(target, indicator.actual)
    if share is None or share * HUNDRED < threshold:
        return None
    return f"实际完成值为年度指标值的{format_pct(share * HUNDRED)}（达到{_n(threshold)}%及以上）"


# ---------------------------------------------------------------- budget


def score_budget(funds: Funds, scheme: ScoringScheme, *, path: str = "资金") -> BudgetScore:
    """预算执行: 执行率 = 全年执行数 / 全年预算数; 得分 = 分值 × 执行率 (capped at 分值 by default)."""
    category = scheme.budget_category()
    full = category[1].weight if category else (funds.full_marks or ZERO)
    findings: list[Finding] = []
    if category and funds.full_marks is not None and funds.full_marks != full:
        findings.append(
            _finding(
                "weights-budget",
                Category.WEIGHTS,
                Level.WARNING,
                path,
                f"{path}：预算执行分值填写为{_n(funds.full_marks)}，评分方案规定为{_n(full)}",
            )
        )
    if over_budget(funds.executed, funds.budget):
        findings.append(
            _finding(
                "executed-over-budget",
                Category.ARITHMETIC,
                Level.WARNING,
                path,
                f"{path}：全年执行数{format_wan(funds.executed)}超过全年预算数{format_wan(funds.budget)}",
            )
        )
    raw = execution_rate(funds.executed, funds.budget)
    if raw is None:
        findings.append(
            _finding(
                "budget-zero",
                Category.INPUT,
                Level.ERROR,
                path,
                f"{path}：全年预算数为0，无法计算执行率；预算执行暂按0分计",
            )
        )
        return BudgetScore(full, None, ZERO, (), tuple(findings))
    rate = round_half_up(raw, places=scheme.rounding)
    # Scored on the 执行率 as printed, so a reader can redo 分值 × 执行率 from the table.
    score = budget_score(full, rate, cap_at_full=scheme.budget.cap_at_full, places=scheme.rounding)
    reasons: tuple[str, ...] = ()
    if scheme.budget.is_slow(rate):
        reasons = (f"执行率{format_pct(rate)}低于{_n(scheme.budget.reason_below_rate)}%",)
        if not has_reason(funds.deviation_reason):
            findings.append(
                _finding(
                    "reason-missing",
                    Category.INPUT,
                    Level.WARNING,
                    path,
                    f"{path}：{reasons[0]}，请在「偏差原因」中说明原因",
                )
            )
    return BudgetScore(full, rate, score, reasons, tuple(findings))


# ---------------------------------------------------------------- table


def indicator_path(index: int, indicator: Indicator) -> str:
    """``指标[3]（质量指标／工程量完成率）`` (1-based, like the input field paths)."""
    return f"指标[{index}]（{indicator.label}）"


def score_table(
    table: PerformanceTable,
    scheme: ScoringScheme,
    *,
    declared: Mapping[str, Decimal] | None = None,
) -> TableScore:
    """Score a whole 自评表; ``declared`` gives the scores of categories scored outside it (管理效能…)."""
    declared = declared or {}
    scores = tuple(
        score_indicator(ind, scheme, path=indicator_path(i, ind)) for i, ind in enumerate(table.indicators, start=1)
    )
    budget = score_budget(table.funds, scheme) if scheme.budget_category() else None
    findings = [*(budget.findings if budget else ()), *(f for s in scores for f in s.findings)]
    findings += _weight_findings(table, scheme)
    findings += _duplicate_name_findings(table)
    categories = {}
    for name, category in scheme.categories.items():
        value, category_findings = _category_score(name, category, scores, budget, declared)
        categories[name] = value
        findings += category_findings
    total = sum(categories.values(), ZERO)
    subtotals = {level: sum((s.score for s in scores if s.indicator.level1 is level), ZERO) for level in Level1}
    weights = {level: sum((s.full_marks for s in scores if s.indicator.level1 is level), ZERO) for level in Level1}
    return TableScore(
        name=table.name,
        budget=budget,
        indicators=scores,
        subtotals=subtotals,
        categories=categories,
        total=total,
        grade=scheme.grade_for(total),
        findings=tuple(findings),
        level1_weights=weights,
        total_marks=scheme.total,
    )


def _category_score(
    name: str,
    category: SchemeCategory,
    scores: tuple[IndicatorScore, ...],
    budget: BudgetScore | None,
    declared: Mapping[str, Decimal],
) -> tuple[Decimal, list[Finding]]:
    if category.kind is CategoryKind.BUDGET:
        return (budget.score if budget else ZERO), []
    if category.kind is CategoryKind.INDICATORS:
        return sum((s.score for s in scores if category.covers(s.indicator)), ZERO), []
    if name not in declared:
        message = f"「{name}」（{_n(category.weight)}分）不在自评表中计算，未提供得分，暂按0分计入总分"
        return ZERO, [_finding("declared-missing", Category.INPUT, Level.WARNING, name, message)]
    value = declared[name]
    if value < category.minimum or above_weight(value, category.weight):
        message = f"「{name}」得分{_n(value)}应在{_n(category.minimum)}—{_n(category.weight)}分之间；暂按0分计"
        return ZERO, [_finding("declared-out-of-range", Category.SCORE_RANGE, Level.ERROR, name, message)]
    return value, []


def _duplicate_name_findings(table: PerformanceTable) -> list[Finding]:
    """One 三级 name under two different 二级 means a row was copied without being adapted."""
    seen: dict[str, tuple[int, Indicator]] = {}
    findings = []
    for i, indicator in enumerate(table.indicators, start=1):
        key = re.sub(r"\s+", "", indicator.name)
        if key in seen and seen[key][1].level2 is not indicator.level2:
            first_index, first = seen[key]
            path = indicator_path(i, indicator)
            message = (
                f"三级指标「{indicator.name}」同时出现在「{first.level2.value}」（指标[{first_index}]）和"
                f"「{indicator.level2.value}」（指标[{i}]）下；请为每个二级指标设置各自的三级指标"
            )
            findings.append(
                _finding("duplicate-indicator-name", Category.INDICATOR_QUALITY, Level.WARNING, path, message)
            )
        seen.setdefault(key, (i, indicator))
    return findings


def _weight_findings(table: PerformanceTable, scheme: ScoringScheme) -> list[Finding]:
    """分值 per 一级 / part against the scheme's weights, and the grand total against 100."""
    findings = []
    indicators = table.indicators
    for i, indicator in enumerate(indicators, start=1):
        if scheme.category_of(indicator) is None:
            path = indicator_path(i, indicator)
            message = f"{path}：一级指标「{indicator.level1.value}」不在评分方案「{scheme.name}」中，未计分"
            findings.append(_finding("indicator-not-in-scheme", Category.WEIGHTS, Level.ERROR, path, message))
    for name, category in scheme.categories.items():
        if category.kind is not CategoryKind.INDICATORS:
            continue
        covered = [ind for ind in indicators if category.covers(ind)]
        findings += _weight_check(name, category.weight, covered, "weights-category")
        for part_name, part in category.parts.items():
            in_part = [ind for ind in covered if part.covers(ind)]
            findings += _weight_check(f"{name}／{part_name}", part.weight, in_part, "weights-part")
        stray = [ind for ind in covered if category.parts and not any(p.covers(ind) for p in category.parts.values())]
        for ind in stray:
            message = f"「{ind.label}」不属于「{name}」的任何分项（{'、'.join(category.parts)}）"
            findings.append(_finding("weights-part", Category.WEIGHTS, Level.WARNING, name, message))
    findings += _total_check(indicators, scheme)
    return findings


def _weight_check(name: str, weight: Decimal, covered: list[Indicator], code: str) -> list[Finding]:
    stated = sum((ind.full_marks for ind in covered), ZERO)
    if stated == weight:
        return []
    message = f"「{name}」各三级指标分值合计{_n(stated)}分，评分方案规定为{_n(weight)}分"
    return [_finding(code, Category.WEIGHTS, Level.WARNING, name, message)]


def _total_check(indicators: list[Indicator], scheme: ScoringScheme) -> list[Finding]:
    pieces: list[tuple[str, Decimal]] = []
    for name, category in scheme.categories.items():
        if category.kind is not CategoryKind.INDICATORS:
            pieces.append((name, category.weight))
    pieces.append(("三级指标", sum((ind.full_marks for ind in indicators), ZERO)))
    stated = sum((value for _, value in pieces), ZERO)
    if stated == scheme.total:
        return []
    listed = "＋".join(f"{name}{_n(value)}" for name, value in pieces)
    message = f"分值合计{_n(stated)}分（{listed}），应为{_n(scheme.total)}分"
    return [_finding("weights-total", Category.WEIGHTS, Level.ERROR, "总分", message)]
