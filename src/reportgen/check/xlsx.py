"""A plain-table .xlsx writer for batch summaries: sheets of a header row and values, nothing else.

A summary of a thousand reports has over ten thousand finding rows; openpyxl builds a cell object per value
(about 30 µs each: ten seconds for such a summary). The sheet XML written directly is the same workbook in a
fraction of that: strings inline, numbers as numbers, the header bold on a fill and frozen (with the first
column), filters on, column widths from the first rows. It opens in Excel, WPS and LibreOffice, and openpyxl
reads it back (the tests do).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import IO, Any

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# Characters XML 1.0 cannot carry (control characters other than tab and line breaks): dropped from cell text.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
WIDTH_ROWS = 200  # rows looked at for a column's width
MIN_WIDTH, MAX_WIDTH = 6, 60
_ROWS_PER_WRITE = 500


@dataclass
class Sheet:
    """A sheet: its name, its header and its rows (any iterable: rows are written as they come)."""

    name: str
    head: list[str]
    rows: Iterable[list[Any]]


def column_letter(index: int) -> str:
    """1 → A, 27 → AA.

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def display_width(value: Any) -> int:
    """Columns a value takes on screen: a CJK character counts two."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write ``sheets`` to ``path`` as an .xlsx package."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _content_types(len(sheets)))
        package.writestr("_rels/.rels", _PACKAGE_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        ranges = []
        for number, sheet in enumerate(sheets, start=1):
            with package.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as stream:
                ranges.append(_write_sheet(stream, sheet))
        # the workbook names each filter's range, known once the rows are written
        package.writestr("xl/workbook.xml", _workbook(sheets, ranges))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))


def _write_sheet(stream: IO[bytes], sheet: Sheet) -> str:
    """The sheet's XML; returns the filter's range (A1:K120). The rows are turned into XML first (a few bytes
    each, not cell objects): the sheet's dimension, which readers use to size it, comes before them."""
    rows = iter(sheet.rows)
    first = list(islice(rows, WIDTH_ROWS))
    letters = [column_letter(i) for i in range(1, len(sheet.head) + 1)]
    widths = [
        min(MAX_WIDTH, max(MIN_WIDTH, max(display_width(v) for v in [name, *(r[i] for r in first)]) + 2))
        for i, name in enumerate(sheet.head)
    ]
    body: list[str] = []
    number = 1
    for source in (first, rows):
        for row in source:
            number += 1
            body.append(_row(number, row, letters))
    ref = f"A1:{letters[-1]}{number}"
    head = "".join(
        f'<c r="{letter}1" s="1" t="inlineStr"><is><t>{_text(name)}</t></is></c>'
        for letter, name in zip(letters, sheet.head, strict=True)
    )
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    stream.write(
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<dimension ref="{ref}"/><sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="1" '
            'topLeftCell="B2" activePane="bottomRight" state="frozen"/><selection pane="topRight"/>'
            '<selection pane="bottomLeft"/><selection pane="bottomRight" activeCell="B2" sqref="B2"/></sheetView>'
            f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData><row r="1">{head}</row>'
        ).encode()
    )
    for start in range(0, len(body), _ROWS_PER_WRITE):
        stream.write("".join(body[start : start + _ROWS_PER_WRITE]).encode("utf-8"))
    stream.write(f'</sheetData><autoFilter ref="{ref}"/></worksheet>'.encode())
    return ref


def _row(number: int, values: list[Any], letters: list[str]) -> str:
    cells = []
    for letter, value in zip(letters, values, strict=False):
        if type(value) is str:  # most cells: tested first
            if value:
                cells.append(
                    f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
                )
        elif value is None:
            continue
        elif isinstance(value, bool):
            cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int | float | Decimal):
            cells.append(f'<c r="{letter}{number}"><v>{_number(value)}</v></c>')
        elif str(value):
            cells.append(
                f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
            )
    return f'<row r="{number}">{"".join(cells)}</row>'


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, Decimal):
        value = float(value)  # Decimal is not an Excel type; the summary's scores have two places at most
    return repr(value) if isinstance(value, float) else str(value)


def _text(value: Any) -> str:
    text = str(value)
    if _NOT_XML_RE.search(text):
        text = _NOT_XML_RE.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _workbook(sheets: list[Sheet], ranges: list[str]) -> str:
    listed = "".join(
        f'<sheet name="{_text(sheet.name).replace(chr(34), "&quot;")}" sheetId="{n}" r:id="rId{n}"/>'
        for n, sheet in enumerate(sheets, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{_text(_quote_sheet(sheet.name))}!{_absolute(ref)}</definedName>"
        for n, (sheet, ref) in enumerate(zip(sheets, ranges, strict=True))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{listed}</sheets>'
        f"<definedNames>{names}</definedNames></workbook>"
    )


def _absolute(ref: str) -> str:
    """A1:K120 → $A$1:$K$120."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">{sheets}'
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{sheets}</Types>'
    )


_PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)

# Style 0: the default; style 1: the header — bold, a light blue fill, wrapped and centred vertically.
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
