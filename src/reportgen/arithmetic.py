"""The one home of money and score arithmetic: rates, totals within rounding, over-budget, scores above 分值.

Drafting (figures, scoring, candidates) and checking (rules, rubric) both call these functions, so a
rate is computed one way and a rounding difference is forgiven one way everywhere in the product.
Values are ``Decimal``; rates are percentages (already × 100), unrounded unless a function says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from reportgen.numbers import CENT, HUNDRED, round_half_up

ZERO = Decimal(0)

#: A stated total may differ from the sum of its parts by this much per part: each part was rounded on
#: its own (REFERENCE.md §5). The same tolerance applies to a 合计 row, a 总分 row and a 其中 breakdown.
ROUNDING_PER_PART = CENT


# ---------------------------------------------------------------- rates


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` as a percentage, unrounded; ``None`` when ``whole`` is zero.

    >>> ratio(Decimal("858.57"), Decimal("1299.97")).quantize(Decimal("0.0001"))
    Decimal('66.0454')
    >>> ratio(Decimal(1), Decimal(0)) is None
    True
    """
    if whole == 0:
        return None
    return part / whole * HUNDRED


def execution_rate(executed: Decimal, budget: Decimal) -> Decimal | None:
    """执行率 = 全年执行数 / 全年预算数 (percent, unrounded).

    >>> execution_rate(Decimal("757.79"), Decimal("800.61")).quantize(Decimal("0.01"))
    Decimal('94.65')
    """
    return ratio(executed, budget)


def receipt_rate(received: Decimal, budget: Decimal) -> Decimal | None:
    """到位率 = 实际到位资金 / 全年预算数 (percent, unrounded)."""
    return ratio(received, budget)


def share(part: Decimal, total: Decimal) -> Decimal | None:
    """占比 = 部分 / 合计 (percent, unrounded)."""
    return ratio(part, total)


def change_rate(current: Decimal, previous: Decimal) -> Decimal | None:
    """变动率 = (本年 − 上年) / 上年 (percent, unrounded; negative for a fall).

    >>> change_rate(Decimal("1.92"), Decimal("2.68")).quantize(Decimal("0.01"))
    Decimal('-28.36')
    """
    return ratio(current - previous, previous)


def adjustment_rate(budget: Decimal, initial_budget: Decimal) -> Decimal | None:
    """预算调整率 = (全年预算数 − 年初预算数) / 年初预算数 (percent, unrounded)."""
    return change_rate(budget, initial_budget)


def control_rate(actual: Decimal, limit: Decimal) -> Decimal | None:
    """控制率 = 实际数 / 控制数 (percent, unrounded), e.g. 在职人员控制率 = 实有人数 / 编制数."""
    return ratio(actual, limit)


def debt_ratio(liabilities: Decimal, assets: Decimal) -> Decimal | None:
    """资产负债率 = 负债合计 / 资产总计 (percent, unrounded)."""
    return ratio(liabilities, assets)


def completion_rate(completed: int, total: int) -> Decimal | None:
    """指标完成率 = 实际完成指标数 / 指标总数 (percent, unrounded).

    >>> completion_rate(20, 21).quantize(Decimal("0.01"))
    Decimal('95.24')
    """
    return ratio(Decimal(completed), Decimal(total))


def same_rate(a: Decimal, b: Decimal, *, places: int = 2) -> bool:
    """Whether two rates print the same at ``places`` decimals (the rounding the report shows).

    >>> same_rate(Decimal("94.654"), Decimal("94.65")), same_rate(Decimal("94.655"), Decimal("94.65"))
    (True, False)
    """
    return round_half_up(a, places=places) == round_half_up(b, places=places)


def same_score(a: Decimal, b: Decimal, *, places: int = 2) -> bool:
    """Whether two scores print the same at ``places`` decimals (a stated 自评得分 against the computed one).

    >>> same_score(Decimal("87.004"), Decimal("87")), same_score(Decimal("87.5"), Decimal("87"))
    (True, False)
    """
    return same_rate(a, b, places=places)  # the same test as for a rate: equal once rounded as printed


# ---------------------------------------------------------------- precision of written figures


def places(value: Decimal) -> int:
    """Decimals a written figure shows (``Decimal("94.60")`` → 2, ``Decimal("100")`` → 0)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last place shown: the most a written figure can be off from the true one.

    >>> half_unit(Decimal("94.65")), half_unit(Decimal("100"))
    (Decimal('0.005'), Decimal('0.5'))
    """
    return Decimal(5) * Decimal(10) ** (-places(value) - 1)


def exact_count(count: Decimal) -> Decimal:
    """A count as the operand of a rate: exact, not rounded as a written amount is. ``check_rate`` reads a figure's
    precision from its decimals, so 28 people are written 28.00 (not 27.5–28.5).

    >>> exact_count(Decimal(28)), exact_count(Decimal("5058.7")), exact_count(Decimal("1.2345"))
    (Decimal('28.00'), Decimal('5058.70'), Decimal('1.2345'))
    """
    return count.quantize(CENT) if places(count) < 2 else count


@dataclass(frozen=True)
class RateCheck:
    """A stated rate against ``part ÷ whole``, given the precision both are written with."""

    stated: Decimal
    computed: Decimal  # part ÷ whole, rounded to the stated rate's precision
    consistent: bool  # some true values behind the written figures give the stated rate
    slip: bool  # inconsistent by one unit in the last place only (a rounding slip, not a wrong figure)


def check_rate(part: Decimal, whole: Decimal, stated: Decimal) -> RateCheck | None:
    """Whether ``stated`` % can be ``part / whole`` given how precisely all three are written.

    ``None`` when ``whole`` is zero (no rate exists).

    >>> check_rate(Decimal("757.79"), Decimal("800.61"), Decimal("94.66"))
    RateCheck(stated=Decimal('94.66'), computed=Decimal('94.65'), consistent=False, slip=True)
    >>> check_rate(Decimal("30.5"), Decimal("30.5"), Decimal("100")).consistent
    True
    """
    exact = ratio(part, whole)
    if exact is None:
        return None
    low_whole = whole + half_unit(whole)
    high_whole = whole - half_unit(whole)
    low = (part - half_unit(part)) / low_whole * HUNDRED
    high = (part + half_unit(part)) / high_whole * HUNDRED if high_whole > 0 else exact
    tolerance = half_unit(stated)
    consistent = stated + tolerance >= low and stated - tolerance <= high
    computed = round_half_up(exact, places=places(stated))
    slip = not consistent and abs(computed - stated) <= Decimal(10) ** -places(stated)
    return RateCheck(stated, computed, consistent, slip)


# ---------------------------------------------------------------- totals


def rounding_tolerance(parts: int) -> Decimal:
    """How far a stated total may be from the sum of ``parts`` rounded parts."""
    return ROUNDING_PER_PART * max(parts, 1)


@dataclass(frozen=True)
class SumCheck:
    """A stated total against the sum of its parts."""

    parts: tuple[Decimal, ...]
    stated: Decimal
    computed: Decimal  # the sum of the parts

    @property
    def difference(self) -> Decimal:
        """stated − computed."""
        return self.stated - self.computed

    @property
    def exact(self) -> bool:
        return self.difference == 0

    @property
    def within_rounding(self) -> bool:
        """Off, but by no more than the parts' own rounding could make it (not a thing to fix)."""
        return not self.exact and abs(self.difference) <= rounding_tolerance(len(self.parts))

    @property
    def wrong(self) -> bool:
        """Off by more than rounding: the total or a part is wrong."""
        return abs(self.difference) > rounding_tolerance(len(self.parts))


def check_sum(parts: Iterable[Decimal], stated: Decimal) -> SumCheck:
    """The sum of ``parts`` against a ``stated`` total.

    >>> check_sum([Decimal("858.57"), Decimal("441.4")], Decimal("1299.98")).within_rounding
    True
    >>> check_sum([Decimal("858.57"), Decimal("441.4")], Decimal("1300.97")).wrong
    True
    """
    items = tuple(parts)
    return SumCheck(items, stated, sum(items, ZERO))


#: A 其中 list may name only the main parts of its total (其中办公费…、差旅费…). Parts that add up to less than
#: this share of the total are read as such a list, not as a slip; parts that add up to more are wrong whatever
#: they list.
PARTIAL_LIST_SHARE = Decimal("0.9")


def may_be_some_parts(parts: Iterable[Decimal], total: Decimal) -> bool:
    """Whether parts written under a total (其中…) fall so far short of it that they may be only some of its parts.

    >>> may_be_some_parts([Decimal(10), Decimal(5)], Decimal(80))
    True
    >>> may_be_some_parts([Decimal(310), Decimal(200)], Decimal(520))
    False
    """
    return sum(parts, ZERO) < total * PARTIAL_LIST_SHARE


def near_total(parts: Iterable[Decimal], total: Decimal, *, at_least: Decimal = ZERO) -> bool:
    """Whether parts add up to within the partial-list margin of their total (and no less than ``at_least``), either
    way: a slip, not a list of only some of its parts or of groups that overlap.

    >>> near_total([Decimal(6), Decimal(8)], Decimal(15)), near_total([Decimal(12), Decimal(9)], Decimal(28))
    (True, False)
    >>> near_total([Decimal(5), Decimal(4)], Decimal(8), at_least=Decimal(1))
    True
    """
    return abs(sum(parts, ZERO) - total) <= max(total * (1 - PARTIAL_LIST_SHARE), at_least)


def same_up_to_rounding(a: Decimal, b: Decimal) -> bool:
    """Two statements of one figure that differ, but by no more than rounding one figure can explain."""
    return a != b and abs(a - b) <= rounding_tolerance(1)


#: Shares written to one or two decimals may miss 100 % by this much each and still be the whole.
SHARE_ROUNDING_PER_PART = Decimal("0.05")


def shares_complete(shares: Iterable[Decimal]) -> bool:
    """Whether stated shares (percent) make up the whole, within their rounding.

    >>> shares_complete([Decimal("66.05"), Decimal("33.95")]), shares_complete([Decimal("60"), Decimal("30")])
    (True, False)
    """
    items = list(shares)
    return abs(sum(items, ZERO) - HUNDRED) <= SHARE_ROUNDING_PER_PART * len(items)


def fits_total(parts: Iterable[Decimal], total: Decimal) -> bool:
    """Whether ``parts`` add up to ``total`` within rounding."""
    return not check_sum(parts, total).wrong


# ---------------------------------------------------------------- budgets and scores


def over_budget(executed: Decimal, budget: Decimal) -> bool:
    """全年执行数 above 全年预算数."""
    return executed > budget


def above_weight(score: Decimal, weight: Decimal) -> bool:
    """A 得分 above its 分值."""
    return score > weight


def rounded_to_full(part: Decimal, whole: Decimal, stated: Decimal) -> Decimal | None:
    """The true rate (two decimals) when a rate is written 100 % though ``part`` is below ``whole`` — within the
    rounding of a whole percent, but it claims everything was spent; ``None`` otherwise.

    >>> rounded_to_full(Decimal("85.70"), Decimal("86.00"), Decimal(100))
    Decimal('99.65')
    >>> rounded_to_full(Decimal("999.99"), Decimal("1000"), Decimal(100)) is None  # 100.00% at two decimals
    True
    """
    rate = ratio(part, whole)
    if stated != HUNDRED or rate is None or part >= whole:
        return None
    shown = round_half_up(rate, places=2)
    return shown if shown < HUNDRED else None


def cost_exceeded(limit: Decimal, actual: Decimal) -> bool:
    """A cost indicator (≤ limit) whose actual went over its limit."""
    return actual > limit


def positive_share(target: Decimal, actual: Decimal) -> Decimal:
    """正向指标 short of its target: the share of 分值 earned, 实际 / 目标 (0 for a target that is not positive).

    >>> positive_share(Decimal(96), Decimal(90))
    Decimal('0.9375')
    """
    return actual / target if target > 0 else ZERO


def reverse_share(limit: Decimal, actual: Decimal, *, linear: bool = False) -> Decimal:
    """反向指标 over its limit: the share of 分值 earned, 目标 / 实际, or 1 − (实际 − 目标) / 目标 when ``linear``.

    A limit of zero (or an actual of zero) leaves nothing to scale by: no marks. Not clamped to 0..1.

    >>> reverse_share(Decimal(181), Decimal(190)).quantize(Decimal("0.0001"))
    Decimal('0.9526')
    >>> reverse_share(Decimal(100), Decimal(150), linear=True)
    Decimal('0.5')
    """
    if limit <= 0 or actual <= 0:
        return ZERO
    if linear:
        return 1 - (actual - limit) / limit
    return limit / actual


def budget_score(weight: Decimal, rate: Decimal, *, cap_at_full: bool = True, places: int = 2) -> Decimal:
    """预算执行得分 = 分值 × 执行率 (capped at 分值 unless the scheme says otherwise), rounded half-up.

    >>> budget_score(Decimal(10), Decimal("92.98"))
    Decimal('9.30')
    >>> budget_score(Decimal(10), Decimal("100.11"))
    Decimal('10.00')
    """
    used = min(rate, HUNDRED) if cap_at_full else rate
    return round_half_up(weight * used / HUNDRED, places=places)


@dataclass(frozen=True)
class ScoreCheck:
    """A stated 预算执行得分 against 分值 × 执行率."""

    stated: Decimal
    expected: Decimal  # 分值 × the first rate given (the one the table states), at the scheme's rounding
    consistent: bool  # some rate given, rounded as the score is written, gives the stated score
    slip: bool  # inconsistent by one unit in the last place shown only


def check_budget_score(
    weight: Decimal, score: Decimal, rates: Iterable[Decimal], *, cap_at_full: bool = True, precision: int = 2
) -> ScoreCheck | None:
    """Whether ``score`` is ``weight`` × one of ``rates`` (the rate a table states, the true one), given how
    precisely the score is written; full marks only for a rate of 100 % or more. ``None`` without a rate.

    >>> check_budget_score(Decimal(10), Decimal("9.9"), [Decimal(99), Decimal("98.914")]).consistent
    True
    >>> check_budget_score(Decimal(10), Decimal("10"), [Decimal("99.6")])
    ScoreCheck(stated=Decimal('10'), expected=Decimal('9.96'), consistent=False, slip=False)
    >>> check_budget_score(Decimal(10), Decimal("9.25"), [Decimal("92.35")]).slip
    True
    """
    expected = [budget_score(weight, rate, cap_at_full=cap_at_full, places=precision) for rate in rates]
    if not expected:
        return None
    shown = places(score)
    consistent = any(
        value == score or (round_half_up(value, places=shown) == score and (score < weight or value >= weight))
        for value in expected
    )
    unit = max(Decimal(10) ** -shown, CENT)
    slip = not consistent and any(abs(value - score) <= unit and score < weight for value in expected)
    return ScoreCheck(score, expected[0], consistent, slip)
