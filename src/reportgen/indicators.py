"""Typed 绩效指标 values parsed from what a clerk types into 年度指标值 / 实际完成值, and how they compare."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from reportgen.caches import text_cache

HINT = "请写成 ≥96%、12次、2023年12月31日前、不超预算 或 达成/部分达成/未达成"

#: Wording that sounds like a target but cannot be measured (RUBRIC.md §2 "Measurable").
VAGUE_WORDS: tuple[str, ...] = (
    "有所提升", "有所提高", "有所改善", "有所上升", "有所增加", "有所下降", "有所减少",
    "明显提高", "明显提升", "明显改善", "显著提高", "显著提升", "显著改善",
    "进一步提高", "进一步提升", "进一步改善", "不断提高", "不断提升", "逐步提高", "稳步提升",
    "得到改善", "得到提升", "得到提高", "经济平稳发展", "平稳发展", "实现可持续发展", "可持续发展",
    "持续服务", "持续发挥", "长期有效", "正常开展", "正常运转", "较好", "良好", "基本满意",
)  # fmt: skip

#: Wording of an actual value saying a deadline was kept, or was not.
ON_TIME_WORDS: tuple[str, ...] = ("按时完成", "如期完成", "按期完成", "提前完成", "已完成", "完成")
LATE_WORDS: tuple[str, ...] = ("未完成", "延期完成", "逾期完成", "延期", "逾期", "未按时完成")


class Op(str, Enum):
    """Comparison operator of a target (比较符)."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="

    @property
    def reverse(self) -> bool:
        """A smaller actual is better (反向: 成本、差错率)."""
        return self in (Op.LE, Op.LT)


class Attainment(str, Enum):
    """完成等级 of a qualitative judgement, as the long forms in the 评分标准 call them."""

    ACHIEVED = "达成"  # 达成年度指标
    PARTIAL = "部分达成"  # 部分达成年度指标并具有一定效果
    NOT_ACHIEVED = "未达成"  # 未达成年度指标且效果较差


@dataclass(frozen=True)
class Comparison:
    """A number with unit and operator: ``≥96%``, ``≤181万元``, ``12次``, ``约1万卷（件）``.

    ``implied`` is true when the clerk wrote no operator; it then reads as ``≥`` (a count or a rate
    is a minimum), and the indicator model turns it into ``≤`` for a 成本指标 or 反向 indicator.
    """

    op: Op
    value: Decimal
    unit: str = ""
    approx: bool = False
    implied: bool = False

    def __str__(self) -> str:
        head = "" if self.implied else self.op.value
        return f"{head}{'约' if self.approx else ''}{self.value}{self.unit}"


@dataclass(frozen=True)
class CompoundPart:
    """One labelled quantity of a compound value, e.g. 著录条目 + ``1万条``."""

    label: str
    value: Comparison


@dataclass(frozen=True)
class Compound:
    """Several quantities in one cell: ``档案数字化扫描10万页，著录条目1万条``."""

    parts: tuple[CompoundPart, ...]


@dataclass(frozen=True)
class Deadline:
    """A date to finish by: ``12月31日之前``, ``2023年6月30日前``, ``年底前``."""

    month: int
    day: int
    year: int | None
    text: str


@dataclass(frozen=True)
class WithinBudget:
    """``不超预算`` / ``预算控制数内``: spending stays within the budget."""

    text: str = "不超预算"


@dataclass(frozen=True)
class NoneExpected:
    """``无`` / ``零`` / ``0起``: a negative impact expected not to happen (good when actual is also none)."""

    text: str = "无"


@dataclass(frozen=True)
class Qualitative:
    """A grade typed as the value: 达成 / 部分达成 / 未达成 (and the long forms)."""

    grade: Attainment


@dataclass(frozen=True)
class Descriptive:
    """Free text (``经济平稳发展``, ``全省``); only valid for a 定性 indicator or one with a 完成等级."""

    text: str

    @property
    def vague_words(self) -> tuple[str, ...]:
        return vague_words(self.text)


IndicatorValue = Comparison | Compound | Deadline | WithinBudget | NoneExpected | Qualitative | Descriptive


class IndicatorValueError(ValueError):
    """A value that cannot be read; the message quotes it and says how to write it."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text


# ---------------------------------------------------------------- normalising

# Full-width ASCII (！..～) → half-width, except the Chinese brackets kept in units like 卷（件）.
_WIDTH: dict[int, int | str] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "（）"}
_WIDTH.update({ord("≧"): "≥", ord("≦"): "≤", ord("﹪"): "%", ord("〇"): "零"})
_SPELLED_OPS = ((">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"))


def normalize(text: str) -> str:
    """Half-width symbols, no whitespace (Chinese needs none), ``>=`` spelled ``≥``.

    >>> normalize("　＞＝ 96 ％ ")
    '≥96%'
    >>> normalize("约1万卷（件）")
    '约1万卷（件）'
    """
    text = re.sub(r"\s+", "", text.translate(_WIDTH))
    for spelled, symbol in _SPELLED_OPS:
        text = text.replace(spelled, symbol)
    return text


def vague_words(text: str) -> tuple[str, ...]:
    """The vague words of :data:`VAGUE_WORDS` found in ``text``.

    >>> vague_words("工作环境有所提升")
    ('有所提升',)
    >>> vague_words("≥96%")
    ()
    """
    found = [word for word in VAGUE_WORDS if word in text]
    # 实现可持续发展 also contains 可持续发展: report the longest wording only.
    return tuple(w for w in found if not any(w != o and w in o for o in found))


# ---------------------------------------------------------------- numbers

_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int:
    """A Chinese numeral below 10000 as an int.

    >>> [cn_to_int(t) for t in ("一", "十", "十二", "二十", "一百零五", "两千")]
    [1, 10, 12, 20, 105, 2000]
    """
    total, digit = 0, 0
    for char in text:
        if char in _CN_DIGIT:
            digit = _CN_DIGIT[char]
        else:
            total += (digit or 1) * _CN_UNIT[char]
            digit = 0
    return total + digit


# ---------------------------------------------------------------- parsing

_OP_WORDS: dict[str, Op] = {
    "≥": Op.GE, "≤": Op.LE, ">": Op.GT, "<": Op.LT, "=": Op.EQ,
    "大于等于": Op.GE, "不低于": Op.GE, "不少于": Op.GE, "不小于": Op.GE, "至少": Op.GE, "达到": Op.GE, "达": Op.GE,
    "小于等于": Op.LE, "不高于": Op.LE, "不超过": Op.LE, "不多于": Op.LE, "不大于": Op.LE, "至多": Op.LE,
    "控制在": Op.LE,
    "大于": Op.GT, "高于": Op.GT, "多于": Op.GT, "超过": Op.GT,
    "小于": Op.LT, "低于": Op.LT, "少于": Op.LT, "等于": Op.EQ,
}  # fmt: skip
_SUFFIX_OPS = {"及以上": Op.GE, "以上": Op.GE, "及以下": Op.LE, "以下": Op.LE, "以内": Op.LE, "之内": Op.LE}
_OPS = "|".join(sorted(map(re.escape, _OP_WORDS), key=len, reverse=True))
_SUFFIXES = "|".join(sorted(map(re.escape, _SUFFIX_OPS), key=len, reverse=True))
_CN_NUM = "[零一二两三四五六七八九十百千]+"
# A unit is short: 次, 万页, 卷（件）, 小时/周, ㎡; a longer tail is prose, not a unit.
_UNIT = r"[^\d≥≤<>=，,；;（）()/]{0,4}?(?:[（(][^）)]{1,3}[）)])?(?:/[^\d≥≤<>=]{1,2})?"

_COMPARISON_RE = re.compile(
    rf"^(?P<label>[^\d≥≤<>=]{{0,20}}?)(?P<approx>约|大约|近)?(?P<op>{_OPS})?(?P<approx2>约|大约|近)?"
    rf"(?P<num>\d+(?:\.\d+)?)(?P<unit>{_UNIT})(?P<suffix>{_SUFFIXES})?(?P<about>左右)?$"
)
_CN_COMPARISON_RE = re.compile(
    rf"^(?P<approx>约|大约|近)?(?P<op>{_OPS})?(?P<num>{_CN_NUM})(?P<unit>[^\d零一二两三四五六七八九十百千]{{1,2}})$"
)
# A deadline may be followed by what is due by then (年底前支付到位, 12月31日前全部完成), never by a miss.
_DUE_ACTION = r"(?:(?<=前)(?![^未延逾没]*[未延逾没])[\u4e00-\u9fff]{1,10})?"
_DATE_RE = re.compile(
    r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日|(?P<end>底|末))(?:之前|以前|前|止)?"
    + _DUE_ACTION
    + "$"
)
_YEAR_END_RE = re.compile(
    r"^(?:(?P<year>\d{4})年)?(?:年底|年末|年内|年度内|底|末)(?:之前|以前|前)?" + _DUE_ACTION + "$"
)
_WITHIN_BUDGET_RE = re.compile(
    r"^(?:在|控制在)?(?:预算(?:控制数|范围|金额)?(?:以内|之内|内)|[不未]超(?:过|出)?预算(?:控制数|金额)?)$"
)
_NONE_RE = re.compile(r"^(?:无|零|没有|未发生|0[起次件个例人项宗]?)$")
_QUALITATIVE_RE = re.compile(r"^(?P<grade>部分达成|未达成|达成)(?:年度指标.*)?$")
_PARTS_SPLIT_RE = re.compile(r"[，,；;]")


def parse_indicator_value(text: str, *, year: int | None = None, allow_descriptive: bool = False) -> IndicatorValue:
    """Read a 年度指标值 or 实际完成值 as typed by a clerk.

    ``year`` is the budget year, filled into deadlines typed without one. Free text becomes
    :class:`Descriptive` only with ``allow_descriptive`` (a 定性 indicator, or one with a 完成等级).

    >>> parse_indicator_value("　＞＝96％")
    Comparison(op=<Op.GE: '≥'>, value=Decimal('96'), unit='%', approx=False, implied=False)
    >>> parse_indicator_value("社会公众满意度达96%以上").op
    <Op.GE: '≥'>
    >>> parse_indicator_value("2023年12月31日前")
    Deadline(month=12, day=31, year=2023, text='2023年12月31日前')
    >>> parse_indicator_value("约莫很多")
    Traceback (most recent call last):
    ...
    reportgen.indicators.IndicatorValueError: 无法识别的指标值「约莫很多」：请写成 ≥96%、12次、2023年12月31日前、不超预算 或 达成/部分达成/未达成
    """
    if type(text) is str:  # the same text typed under many projects is read once (the values are frozen)
        return _parse_text(text, year, allow_descriptive)
    return _read_value(text, year, allow_descriptive)


@text_cache(maxsize=4096)
def _parse_text(text: str, year: int | None, allow_descriptive: bool) -> IndicatorValue:
    return _read_value(text, year, allow_descriptive)


def _read_value(text: str, year: int | None, allow_descriptive: bool) -> IndicatorValue:
    clean = normalize(str(text))
    if not clean:
        raise IndicatorValueError(text, f"指标值是空的：{HINT}")
    for reader in _READERS:
        value = reader(clean, year)
        if value is not None:
            return value
    if allow_descriptive:
        return Descriptive(clean)
    raise IndicatorValueError(text, _unreadable_message(text, clean))


def _unreadable_message(text: str, clean: str) -> str:
    vague = vague_words(clean)
    if vague:
        return (
            f"指标值「{text}」是定性描述（「{'」「'.join(vague)}」无法衡量）：{HINT}；"
            "确属定性指标的，请将「指标性质」填为「定性」并填写「完成等级」"
        )
    return f"无法识别的指标值「{text}」：{HINT}"


def _read_none(clean: str, year: int | None) -> NoneExpected | None:
    return NoneExpected(clean) if _NONE_RE.match(clean) else None


def _read_within_budget(clean: str, year: int | None) -> WithinBudget | None:
    return WithinBudget(clean) if _WITHIN_BUDGET_RE.match(clean) else None


def _read_qualitative(clean: str, year: int | None) -> Qualitative | None:
    match = _QUALITATIVE_RE.match(clean)
    return Qualitative(Attainment(match["grade"])) if match else None


def _read_deadline(clean: str, year: int | None) -> Deadline | None:
    if match := _YEAR_END_RE.match(clean):
        return Deadline(12, 31, int(match["year"]) if match["year"] else year, clean)
    match = _DATE_RE.match(clean)
    if not match:
        return None
    stated_year = int(match["year"]) if match["year"] else year
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise IndicatorValueError(clean, f"指标值「{clean}」中的日期不存在：月份应为1—12")
    # Without a year, February ends on the 29th at the latest: accept it rather than guess.
    last_day = calendar.monthrange(stated_year or 2000, month)[1]
    day = last_day if match["end"] else int(match["day"])
    if not 1 <= day <= last_day:
        raise IndicatorValueError(clean, f"指标值「{clean}」中的日期不存在：{month}月没有{day}日")
    return Deadline(month, day, stated_year, clean)


def _read_comparison(clean: str, year: int | None) -> Comparison | None:
    if match := _CN_COMPARISON_RE.match(clean):
        return _comparison(match, Decimal(cn_to_int(match["num"])), suffix=None, about=False)
    match = _COMPARISON_RE.match(clean)
    if not match or any(word in match["label"] for word in VAGUE_WORDS):
        return None
    return _comparison(match, Decimal(match["num"]), suffix=match["suffix"], about=bool(match["about"]))


def _comparison(match: re.Match[str], value: Decimal, *, suffix: str | None, about: bool) -> Comparison:
    groups = match.groupdict()
    op = _OP_WORDS.get(match["op"] or "") or _SUFFIX_OPS.get(suffix or "")
    approx = bool(groups.get("approx") or groups.get("approx2")) or about
    return Comparison(op or Op.GE, value, match["unit"], approx=approx, implied=op is None)


def _read_compound(clean: str, year: int | None) -> Compound | None:
    pieces = [p for p in _PARTS_SPLIT_RE.split(clean) if p]
    if len(pieces) < 2:
        return None
    parts = []
    for piece in pieces:
        match = _COMPARISON_RE.match(piece)
        if not match:
            return None
        value = _comparison(match, Decimal(match["num"]), suffix=match["suffix"], about=bool(match["about"]))
        parts.append(CompoundPart(match["label"], value))
    return Compound(tuple(parts))


# Order matters: 0起 is 无 before it is a number, 12月31日 is a date before it is two numbers.
_READERS = (_read_none, _read_within_budget, _read_qualitative, _read_deadline, _read_comparison, _read_compound)


# ---------------------------------------------------------------- judging


def is_measurable(text: str) -> bool:
    """RUBRIC.md §2 "Measurable": a number with unit or %, a comparison with a number, a deadline,
    不超预算, or 无/零 for a negative-impact indicator. Vague wording is not.

    >>> [is_measurable(t) for t in ("≥96%", "12次", "12月31日之前", "不超预算", "无", "≤181万元")]
    [True, True, True, True, True, True]
    >>> [is_measurable(t) for t in VAGUE_WORDS[:3] + ("经济平稳发展", "持续服务", "达成", "12", "约莫很多")]
    [False, False, False, False, False, False, False, False]
    """
    try:
        value = parse_indicator_value(text, allow_descriptive=True)
    except IndicatorValueError:
        return False
    return _measurable(value)


def _measurable(value: IndicatorValue) -> bool:
    match value:
        case Comparison():
            return bool(value.unit) or not value.implied
        case Compound():
            return all(_measurable(part.value) for part in value.parts)
        case Deadline() | WithinBudget() | NoneExpected():
            return True
    return False


def in_base_unit(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """``10万页`` → ``100000页`` so that values typed at different scales compare.

    >>> in_base_unit(Decimal(10), "万页")
    (Decimal('100000'), '页')
    >>> in_base_unit(Decimal(3), "万")
    (Decimal('3'), '万')
    """
    if len(unit) > 1 and unit[0] == "万":
        return value * 10000, unit[1:]
    return value, unit


def comparable_amounts(target: Comparison, actual: Comparison) -> tuple[Decimal, Decimal] | None:
    """Target and actual in one unit; ``None`` when the units differ (a bare number takes the target's).

    >>> comparable_amounts(Comparison(Op.LE, Decimal(191), "万元"), Comparison(Op.GE, Decimal("191.21"), implied=True))
    (Decimal('191'), Decimal('191.21'))
    >>> comparable_amounts(Comparison(Op.GE, Decimal(12), "次"), Comparison(Op.GE, Decimal(12), "本")) is None
    True
    """
    if not actual.unit or actual.unit == target.unit:
        return target.value, actual.value
    t_value, t_unit = in_base_unit(target.value, target.unit)
    a_value, a_unit = in_base_unit(actual.value, actual.unit)
    return (t_value, a_value) if t_unit == a_unit else None


def compare(op: Op, target: Decimal, actual: Decimal) -> bool:
    """Whether ``actual`` satisfies ``op target``."""
    return {
        Op.GE: actual >= target,
        Op.GT: actual > target,
        Op.LE: actual <= target,
        Op.LT: actual < target,
        Op.EQ: actual == target,
    }[op]


def met(target: IndicatorValue, actual: IndicatorValue, *, year: int | None = None) -> bool | None:
    """Whether ``actual`` meets ``target``; ``None`` when the two cannot be compared.

    >>> met(parse_indicator_value("≤191万元"), parse_indicator_value("191.21"))
    False
    >>> met(parse_indicator_value("12月31日之前"), parse_indicator_value("按时完成", allow_descriptive=True))
    True
    >>> met(parse_indicator_value("≥96%"), parse_indicator_value("工作环境情况得到改善", allow_descriptive=True)) is None
    True
    """
    match target:
        case Comparison():
            return _met_comparison(target, actual)
        case Compound():
            return _met_compound(target, actual)
        case Deadline():
            return _met_deadline(target, actual, year)
        case WithinBudget():
            return _met_within_budget(actual)
        case NoneExpected():
            return _met_none(actual)
        case Qualitative():
            return actual.grade is Attainment.ACHIEVED if isinstance(actual, Qualitative) else None
    return None


def as_amount(value: IndicatorValue) -> Comparison | None:
    """An actual value as a number: a comparison as typed, ``无``/``0起`` as zero, else ``None``."""
    if isinstance(value, NoneExpected):
        return Comparison(Op.EQ, Decimal(0), implied=True)
    return value if isinstance(value, Comparison) else None


def _met_comparison(target: Comparison, actual: IndicatorValue) -> bool | None:
    amount = as_amount(actual)
    if amount is None:
        return None
    amounts = comparable_amounts(target, amount)
    return None if amounts is None else compare(target.op, *amounts)


def _met_compound(target: Compound, actual: IndicatorValue) -> bool | None:
    if not isinstance(actual, Compound) or len(actual.parts) != len(target.parts):
        return None
    results = [_met_comparison(t.value, a.value) for t, a in zip(target.parts, actual.parts, strict=True)]
    return None if None in results else all(results)


def _met_deadline(target: Deadline, actual: IndicatorValue, year: int | None) -> bool | None:
    if isinstance(actual, Deadline):
        target_year, actual_year = target.year or year, actual.year or year
        if target_year is None or actual_year is None:
            # A year typed on one side only says nothing about the other: compare month and day.
            return (actual.month, actual.day) <= (target.month, target.day)
        return (actual_year, actual.month, actual.day) <= (target_year, target.month, target.day)
    if isinstance(actual, Descriptive):
        if actual.text in LATE_WORDS:
            return False
        if actual.text in ON_TIME_WORDS:
            return True
    return None


def _met_within_budget(actual: IndicatorValue) -> bool | None:
    if isinstance(actual, WithinBudget):
        return True
    if isinstance(actual, Comparison) and actual.unit == "%":
        return actual.value <= 100  # share of the budget spent
    return None


def _met_none(actual: IndicatorValue) -> bool | None:
    if isinstance(actual, NoneExpected):
        return True
    if isinstance(actual, Comparison):
        return actual.value == 0
    return None


def achievement(target: Comparison, actual: IndicatorValue) -> Decimal | None:
    """实际 / 目标 as a fraction (for the 130% over-achievement check); ``None`` when undefined.

    >>> achievement(parse_indicator_value("12次"), parse_indicator_value("16次"))
    Decimal('1.333333333333333333333333333')
    """
    amount = as_amount(actual)
    amounts = None if amount is None else comparable_amounts(target, amount)
    if amounts is None or amounts[0] == 0:
        return None
    return amounts[1] / amounts[0]
