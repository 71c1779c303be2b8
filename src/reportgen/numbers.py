"""Rounding, formatting and parsing of money, rates, dates and Chinese numerals.

Babel-shaped: value first, options keyword-only, ``str`` out. Rounding is half-up and
happens only in :func:`round_half_up`.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import NumberPattern, parse_pattern

from reportgen.caches import text_cache

LOCALE = "zh_CN"
_LOCALE = Locale.parse(LOCALE)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

_CN_DIGITS = "零一二三四五六七八九"


def round_half_up(value: Decimal, *, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (the one rounding rule of the product).

    >>> round_half_up(Decimal("66.045"))
    Decimal('66.05')
    >>> round_half_up(Decimal("-0.125"))
    Decimal('-0.13')
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@cache
def _number_pattern(places: int) -> NumberPattern:
    """Babel's pattern for ``places`` decimals, parsed once (Babel parses it on every call otherwise)."""
    return parse_pattern("0." + "0" * places if places else "0")


def format_number(value: Decimal | int, *, places: int = 2) -> str:
    """A plain number with exactly ``places`` decimals and no grouping.

    >>> format_number(Decimal("441.4"))
    '441.40'
    >>> format_number(Decimal("12345.675"))
    '12345.68'
    >>> format_number(3, places=0)
    '3'
    """
    rounded = round_half_up(Decimal(value), places=places)
    return _formatted(str(rounded), places)


@text_cache(maxsize=8192)
def _formatted(rounded: str, places: int) -> str:
    """Babel's text of a rounded number, by the number's exact text (sign and exponent kept: ``-0.00`` is not
    ``0.00``): a report repeats the same figures in many tables, and Babel takes about 50 µs a number."""
    return _number_pattern(places).apply(Decimal(rounded), _LOCALE)


def format_marks(value: Decimal | int, *, places: int = 2) -> str:
    """A score or 分值 as reports write it: at most ``places`` decimals, no trailing zeros.

    >>> [format_marks(Decimal(v)) for v in ("4", "46.40", "44.43", "0", "9.925")]
    ['4', '46.4', '44.43', '0', '9.93']
    """
    text = format_number(value, places=places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_wan(value: Decimal | int, *, places: int = 2, unit: bool = True) -> str:
    """Money in 万元, e.g. ``1299.97万元``.

    >>> format_wan(Decimal("1299.97"))
    '1299.97万元'
    >>> format_wan(Decimal("0"), unit=False)
    '0.00'
    """
    text = format_number(value, places=places)
    return f"{text}万元" if unit else text


def format_pct(value: Decimal | None, *, places: int = 2) -> str:
    """A percentage already multiplied by 100, e.g. ``66.05%``; ``—`` when undefined.

    >>> format_pct(Decimal("66.0454"))
    '66.05%'
    >>> format_pct(None)
    '—'
    """
    if value is None:
        return "—"
    return f"{format_number(value, places=places)}%"


def format_change(change: Decimal, rate: Decimal | None, *, places: int = 2) -> str:
    """Year-on-year wording: ``增加X万元，增长Y%`` / ``减少X万元，下降Y%`` / ``持平``.

    >>> format_change(Decimal("-0.76"), Decimal("-28.358"))
    '减少0.76万元，下降28.36%'
    >>> format_change(Decimal("2"), None)
    '增加2.00万元'
    >>> format_change(Decimal("0"), Decimal("0"))
    '持平'
    """
    if round_half_up(change, places=places) == 0:
        return "持平"
    verb, trend = ("增加", "增长") if change > 0 else ("减少", "下降")
    text = f"{verb}{format_wan(abs(change), places=places)}"
    if rate is not None:
        text += f"，{trend}{format_pct(abs(rate), places=places)}"
    return text


def format_date(value: _dt.date) -> str:
    """A date as ``2024年6月27日``.

    >>> format_date(_dt.date(2024, 6, 27))
    '2024年6月27日'
    """
    return _babel_format_date(value, format="y年M月d日", locale=LOCALE)


def cn_numeral(n: int) -> str:
    """A Chinese numeral for 1–99, as used in headings and 一是/二是 enumerations.

    >>> [cn_numeral(n) for n in (1, 10, 11, 20, 23, 99)]
    ['一', '十', '十一', '二十', '二十三', '九十九']
    """
    if not 1 <= n <= 99:
        raise ValueError(f"cn_numeral supports 1..99, got {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


_AMOUNT_RE = re.compile(r"^\s*([+-]?[\d,，]*\.?\d+)\s*(亿元|万元|万|元)?\s*$")
_PER_WAN = {"亿元": Decimal(10000), "元": Decimal("0.0001")}


def _plain(value: Decimal) -> Decimal:
    """Trailing zeros dropped without an exponent: ``15000.0`` → ``15000``, ``1.2000`` → ``1.2``."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def parse_amount(text: str) -> Decimal:
    """Parse a money figure typed by a person into 万元.

    >>> parse_amount("1,299.97万元")
    Decimal('1299.97')
    >>> parse_amount("12000元")
    Decimal('1.2')
    >>> parse_amount("1.5亿元")
    Decimal('15000')
    >>> parse_amount("约三百")
    Traceback (most recent call last):
    ...
    ValueError: 无法识别的金额：约三百
    """
    match = _AMOUNT_RE.match(text)
    if not match:
        raise ValueError(f"无法识别的金额：{text}")
    try:
        value = Decimal(match.group(1).replace(",", "").replace("，", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"无法识别的金额：{text}") from exc
    if match.group(2) in _PER_WAN:
        value = _plain(value * _PER_WAN[match.group(2)])
    return value
