"""Shared building blocks of the input models: base config, typed values that forgive how a clerk types, aspects."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from reportgen.limits import MAX_DECIMAL_PLACES, MAX_NUMBER
from reportgen.numbers import round_half_up


class Unit(str, Enum):
    """What a number means, carried in a type's metadata so the fill-in workbook can format its column."""

    WAN = "万元"
    PERCENT = "%"


def _typed(value: Any) -> str | None:
    """Text as typed, with full-width digits and punctuation made plain (``８５８．５７`` → ``858.57``)."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else None


_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")


def _plain_number(text: str) -> Decimal | None:
    """``858.57``, ``1,299.97`` → Decimal; ``1,2`` (a decimal comma or a typo) and anything else → None."""
    if _GROUPED_RE.match(text):
        text = text.replace(",", "")
    if not _NUMBER_RE.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None


def _from_float(value: float) -> Decimal:
    # A spreadsheet cell holds a binary float; its shortest repr is the figure the clerk typed.
    return Decimal(repr(value))


def parse_money(value: Any) -> Any:
    """A figure in 万元 as typed: 858.57, "858.57", "858.57万元", "1,299.97", or ``{合计: 858.57}``.

    Anything else is returned unchanged, for the model to reject with its own message.

    >>> parse_money("1,299.97万元"), parse_money({"合计": 5}), parse_money("八百万")
    (Decimal('1299.97'), 5, '八百万')
    """
    if isinstance(value, dict) and set(value) == {"合计"}:
        value = value["合计"]
    if isinstance(value, float):
        return _from_float(value)
    text = _typed(value)
    if text is None:
        return value
    compact = re.sub(r"\s+", "", text)
    unit = re.search(r"(亿元|万元|万|元)$", compact)
    number = _plain_number(compact[: unit.start()] if unit else compact)
    if number is None:
        return value
    if unit and unit.group(1) in ("元", "亿元"):
        in_wan = number / 10000 if unit.group(1) == "元" else number * 10000
        raise ValueError(f"金额以万元为单位填写；「{value}」请换算为万元，即 {_plain(in_wan)}")
    return number


def _plain(value: Decimal) -> str:
    normal = value.normalize()
    return f"{normal:f}"


def parse_percent(value: Any) -> Any:
    """A rate as typed: "92.98%", 92.98, or a fraction 0.9298 (as a spreadsheet keeps a % cell) → 92.98.

    A bare number up to 2 is read as a fraction: no 执行率 is stated as 2 % or less.

    >>> parse_percent("92.98%"), parse_percent(0.9298), parse_percent(Decimal("92.98"))
    (Decimal('92.98'), Decimal('92.9800'), Decimal('92.98'))
    """
    if isinstance(value, float):
        value = _from_float(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    text = _typed(value)
    if text is not None:
        compact = re.sub(r"\s+", "", text)
        if compact.endswith("%"):
            number = _plain_number(compact[:-1])
            return value if number is None else number
        number = _plain_number(compact)
        if number is None:
            return value
        value = number
    if isinstance(value, Decimal) and value.is_finite() and 0 < value <= 2:
        return value * 100
    return value


_WHOLE_RE = re.compile(r"^(\d+)(?:\.0+)?(?:年度|年|人|个|项|次|名)?$")


def parse_whole(value: Any) -> Any:
    """A count or a year as typed: 21, 21.0, "21", "21人", "2023年度".

    >>> parse_whole("2023年度"), parse_whole(21.0), parse_whole("二十")
    (2023, 21, '二十')
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _typed(value)
    if text is not None and (match := _WHOLE_RE.match(re.sub(r"\s+", "", text))):
        return int(match.group(1))
    return value


_DATE_RE = re.compile(r"^(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> Any:
    """A date as typed: a date, a spreadsheet date-time, "2024-06-27", "2024/6/27", "2024.6.27", "2024年6月27日".

    >>> parse_date("2024年6月27日"), parse_date("2024/6/27")
    (datetime.date(2024, 6, 27), datetime.date(2024, 6, 27))
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    text = _typed(value)
    if text is not None and (match := _DATE_RE.match(text)):
        try:
            return _dt.date(*map(int, match.groups()))
        except ValueError:
            raise ValueError(f"日期不存在：「{value}」") from None
    return value


_YES = frozenset({"是", "有", "对", "√", "✓", "true", "yes", "y"})
_NO = frozenset({"否", "无", "没有", "不", "×", "✗", "false", "no", "n"})


def parse_yes_no(value: Any) -> Any:
    """是 / 否 (also true / false, √ / ×) → bool.

    >>> parse_yes_no("是"), parse_yes_no("否")
    (True, False)
    """
    text = _typed(value)
    if text is not None:
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
    return value


def as_text(value: Any) -> Any:
    """A number read from a cell meant as text (编号: 1; 191.21; 8220672) back to what the clerk typed."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return value  # not a number anyone typed: refused as text with the model's message
        value = _from_float(value)
        return str(int(value)) if value == value.to_integral_value() else str(value)
    return str(value) if isinstance(value, int | Decimal) and not isinstance(value, bool) else value


_BREAK_RE = re.compile(r"[ \t\u3000]*[\r\n\x85\u2028\u2029]+[ \t\u3000]*")
_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def one_line(value: Any) -> Any:
    r"""A text typed over several lines (Alt+Enter in a cell, a YAML block) as the one paragraph it is.

    A line break inside a field would otherwise start a new paragraph, or even a heading, in the report.

    >>> one_line("预算绩效观念\n不深入。"), one_line("ISO\n9001")
    ('预算绩效观念不深入。', 'ISO 9001')
    """
    if not isinstance(value, str) or not _BREAK_RE.search(value):
        return value
    parts = [part for part in _BREAK_RE.split(value.strip()) if part]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        joined = _CJK_END.search(text) or _CJK_START.match(part)
        text += part if joined else " " + part
    return text


def typed_text(value: Any) -> Any:
    """Text as typed: a number kept as the clerk wrote it, a text over several lines made one paragraph."""
    return one_line(as_text(value))


def one_or_many(value: Any) -> Any:
    """A single text (or number) where a list is expected becomes a list of one (for ``mode="before"`` validators)."""
    return [value] if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool) else value


#: Money in 万元; never negative in an input. Typed as text ("1,299.97万元") it is read where unambiguous.
Money = Annotated[Decimal, BeforeValidator(parse_money), Field(ge=0, allow_inf_nan=False), Unit.WAN]
#: A percentage as the clerk typed it (94.66, "94.66%" or 0.9466); used only to check a stated rate.
Percent = Annotated[Decimal, BeforeValidator(parse_percent), Field(ge=0, allow_inf_nan=False), Unit.PERCENT]
#: A whole number: a count of people, items or times, or a year.
Whole = Annotated[int, BeforeValidator(parse_whole)]
#: A date: ISO, 2024/6/27, 2024.6.27 or 2024年6月27日, or a spreadsheet date.
Date = Annotated[_dt.date, BeforeValidator(parse_date)]
#: 是 / 否.
YesNo = Annotated[bool, BeforeValidator(parse_yes_no)]
#: A non-empty line of text typed by the clerk; a number typed where text is expected is kept as typed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), BeforeValidator(typed_text)]


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    return isinstance(value, str) and isinstance(parse_money(value), Decimal)


class InputModel(BaseModel):
    """Base of every input model: Chinese aliases, English names also accepted, no unknown keys.

    A budget figure is one concept with one shape everywhere: where a mapping has a 合计, a bare number
    stands for that 合计 (``基本支出: 682.22`` is ``基本支出: {合计: 682.22}``).
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_by_alias=True,
        validate_by_name=True,
        frozen=True,
        str_strip_whitespace=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _number_is_its_total(cls, data: Any) -> Any:
        if _is_number(data) and _total_is_money(cls):
            return {"合计": data}
        return data

    @field_validator("*")
    @classmethod
    def _number_in_bounds(cls, value: Any, info: ValidationInfo) -> Any:
        """Every number of an input below :data:`MAX_NUMBER` and kept to :data:`MAX_DECIMAL_PLACES` places, so
        that no figure, rate or rounding of it can overflow; an amount out of bounds is named as money."""
        if value is None or isinstance(value, str | BaseModel):  # text, or a part whose own fields were bounded
            return value
        if isinstance(value, list) and all(isinstance(item, BaseModel) for item in value):  # 项目, 指标 …
            return value
        return bounded_numbers(value, money=_is_money(cls, info.field_name or ""))


@cache
def _is_money(model: type[BaseModel], name: str) -> bool:
    """Whether a model's field holds an amount in 万元 (asked once per class and field, not per value)."""
    field = model.model_fields.get(name)
    return field is not None and Unit.WAN in [*field.metadata, *annotation_metadata(field.annotation)]


def bounded_numbers(value: Any, *, money: bool = False) -> Any:
    """``value`` with every number in it (also in a list or mapping of numbers) checked against
    :data:`MAX_NUMBER` and rounded half-up to :data:`MAX_DECIMAL_PLACES` places.

    >>> bounded_numbers(Decimal("858.5700000000001")), bounded_numbers([3, Decimal("1.5")])
    (Decimal('858.570000'), [3, Decimal('1.5')])
    >>> bounded_numbers(Decimal("1e26"), money=True)
    Traceback (most recent call last):
    ...
    ValueError: 金额 1E+26 万元超过上限（1,000,000,000,000 万元）；请检查是否多写了数位，金额以万元为单位
    """
    if isinstance(value, list):
        return [bounded_numbers(item, money=money) for item in value]
    if isinstance(value, dict):
        return {key: bounded_numbers(item, money=money) for key, item in value.items()}
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return value
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("应为有限的数字")
    if abs(Decimal(value)) >= MAX_NUMBER:
        shown = f"{value:.6}" if len(str(value)) > 30 else str(value)
        if money:
            raise ValueError(
                f"金额 {shown} 万元超过上限（{MAX_NUMBER:,} 万元）；请检查是否多写了数位，金额以万元为单位"
            )
        raise ValueError(f"数字 {shown} 超过上限（应小于 {MAX_NUMBER:,}）；请检查是否多写了数位")
    if isinstance(value, Decimal) and value.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
        return round_half_up(value, places=MAX_DECIMAL_PLACES)
    return value


def _total_is_money(model: type[BaseModel]) -> bool:
    """Whether ``model`` has a 合计 that is an amount of money (not a row of columns)."""
    for field in model.model_fields.values():
        if field.alias == "合计":
            return Unit.WAN in annotation_metadata(field.annotation)
    return False


def annotation_metadata(annotation: Any) -> list[Any]:
    """The ``Annotated`` metadata of a field's type, looking through ``X | None``."""
    from typing import Union, get_args, get_origin

    found: list[Any] = []
    if get_origin(annotation) is Annotated:
        found.extend(annotation.__metadata__)
        found.extend(annotation_metadata(get_args(annotation)[0]))
    elif get_origin(annotation) in (Union, type(int | None)):
        for arg in get_args(annotation):
            found.extend(annotation_metadata(arg))
    return found


#: Marks a field that classifies or links rows (编号, 针对, 方面, 范围) rather than carrying words of the report:
#: a format that does not print it loses nothing the clerk wrote.
LABEL: dict[str, Any] = {"label": True}
#: Marks a field kept for the clerk's reference only (last year's problems, carried over by ``reportgen import``):
#: no report writes it, and no format is expected to.
REFERENCE: dict[str, Any] = {"reference": True}


def previous_problems_field() -> Any:
    """上年问题: last year's problems, carried over by ``reportgen import`` for reference and never printed."""
    return _reference_list("上年问题", "问题")


def previous_measures_field() -> Any:
    """上年改进措施: last year's measures, carried over by ``reportgen import`` for reference and never printed."""
    return _reference_list("上年改进措施", "改进措施")


def _reference_list(alias: str, this_year: str) -> Any:
    return Field(
        default_factory=list,
        alias=alias,
        description=f"上年报告中的{this_year}，供参考，不写入报告；本年的{this_year}请填在「{this_year}」中",
        json_schema_extra=REFERENCE,
    )


#: Marks a required field the model fills in when it is left out (a 自评表's 名称 and 资金 from its project).
DEFAULTED: dict[str, Any] = {"defaulted": True}


class SignedForm(InputModel):
    """The lines under a finance bureau form: 填表人, 填报日期 (ISO or 2024年6月27日), 联系电话."""

    filled_by: Text | None = Field(default=None, alias="填表人", examples=["张三"])
    filled_on: Date | None = Field(default=None, alias="填报日期", examples=["2024-06-27"])
    phone: Text | None = Field(default=None, alias="联系电话", examples=["0730-5550172"])


#: One or more paragraphs: a single text where a list is expected is a list of one.
TextList = Annotated[list[Text], BeforeValidator(one_or_many)]


class TitledText(InputModel):
    """A passage with an optional title and one or more paragraphs (内容), e.g. one 评价原则."""

    title: Text | None = Field(default=None, alias="标题", examples=["科学公正原则"])
    facts: TextList = Field(min_length=1, alias="内容", examples=["严格执行规定的程序，采用定量与定性相结合的方法。"])


class Aspect(str, Enum):
    """The five aspects the 附件5 rubric expects problems to cover (反映问题情况)."""

    BUDGET_MANAGEMENT = "预算和预算绩效管理"
    DUTY_PERFORMANCE = "部门履职效能"
    FUND_USE = "资金分配使用和管理"
    ASSET_FINANCE = "资产和财务管理"
    PROCUREMENT = "政府采购"


class FundingSource(str, Enum):
    """Income sources of a budget unit (收入来源)."""

    GENERAL_BUDGET = "一般公共预算财政拨款"
    GOVERNMENT_FUND = "政府性基金"
    STATE_CAPITAL = "国有资本经营"
    SPECIAL_ACCOUNT = "财政专户管理非税收入"
    OTHER = "其他"
