"""One value in one cell: what reportgen writes for a field, and what it makes of what a clerk typed."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from enum import Enum
from typing import Any

from openpyxl.utils.datetime import from_excel

from reportgen.workbook.layout import Kind

#: Number formats by kind: money with two decimals, rates as percentages, text kept as typed (编号 01).
NUMBER_FORMATS = {
    Kind.MONEY: "0.00",
    Kind.PERCENT: "0.00%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.WHOLE: "0",
    Kind.TEXT: "@",
    Kind.LINES: "@",
    Kind.IDS: "@",
    Kind.COUNTS: "@",
    Kind.CHOICE: "@",
    Kind.YESNO: "@",
}

_ID_SEPARATORS = re.compile(r"[\n\r、，,;；\s]+")
_COUNT_RE = re.compile(r"^(.+?)\s*[：:]\s*(\d+)\s*(?:人|名)?$")


class CellProblem(ValueError):
    """A cell whose text cannot be read as its column's kind (the message is Chinese and says what to type)."""


def to_cell(kind: Kind, value: Any) -> Any:
    """What reportgen writes into a cell for a field's value."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if kind in (Kind.LINES, Kind.IDS):
        items = [str(item) for item in (value if isinstance(value, list) else [value])]
        return ("、" if kind is Kind.IDS else "\n").join(items)
    if kind is Kind.COUNTS:
        return "\n".join(f"{name}：{count}" for name, count in value.items())
    if kind is Kind.YESNO:
        return "是" if value else "否"
    if kind is Kind.PERCENT:
        return Decimal(str(value).strip().removesuffix("%")) / 100
    if kind is Kind.TEXT and not isinstance(value, str):
        return str(value)
    return value


def from_cell(kind: Kind, value: Any, number_format: str = "General") -> Any:
    """What a typed cell means for a field of ``kind``; None for an empty cell.

    Numbers, dates and yes/no stay as typed for the model to read (it reads "858.57万元" or "2024年6月27日"
    the same from a YAML file); only what only a spreadsheet does is undone here: a date kept as a day
    number, a percentage kept as a fraction in a text column, a list typed one item per line.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind in (Kind.TEXT, Kind.CHOICE):
        return _as_text(value, number_format)
    if kind is Kind.LINES:
        text = _as_text(value, number_format)
        lines = [line.strip() for line in re.split(r"[\r\n]+", text)] if isinstance(text, str) else [text]
        return [line for line in lines if line]
    if kind is Kind.IDS:
        text = _as_text(value, number_format)
        return [part for part in _ID_SEPARATORS.split(text) if part] if isinstance(text, str) else [text]
    if kind is Kind.COUNTS:
        return _counts(str(value))
    if kind is Kind.DATE:
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
            converted = from_excel(value)
            return converted.date() if isinstance(converted, _dt.datetime) else converted
        return value
    if isinstance(value, _dt.datetime):  # a date typed where a number was expected: leave it to the model
        return f"{value.year}年{value.month}月{value.day}日"
    return value


def _as_text(value: Any, number_format: str) -> Any:
    """A cell meant as text: a percentage Excel made a fraction of (100% → 1) back to 100%, a date to 2024年6月27日."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _dt.datetime | _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float) and "%" in number_format:
        percent = Decimal(repr(value)) * 100
        return f"{percent.normalize():f}%"
    return value  # a number: the model keeps it as typed (as_text)


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in re.split(r"[\r\n]+", text):
        line = line.strip()
        if not line:
            continue
        match = _COUNT_RE.match(line)
        if not match:
            raise CellProblem(f"每行写「名称：人数」，如「馆长：1」；「{line}」无法识别")
        counts[match.group(1)] = int(match.group(2))
    return counts
