"""Fill a fill-in workbook the way a clerk would, with openpyxl: by sheet, field name and column header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet


class Filler:
    """An opened workbook; ``field``, ``row`` and ``save`` write the cells a clerk would type into."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = load_workbook(path)

    def field(self, sheet: str, name: str, value: Any) -> None:
        """Type ``value`` into column B of the row whose column A is ``name`` (a 基本信息-like sheet)."""
        ws = self.book[sheet]
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, 1).value == name:
                ws.cell(row, 2).value = value
                return
        raise KeyError(f"{sheet}: no field {name}")

    def row(self, sheet: str, values: dict[str, Any]) -> int:
        """Type a new row under the last one, by header; returns its row number."""
        ws = self.book[sheet]
        row = last_row(ws) + 1
        for header, value in values.items():
            ws.cell(row, column_of(ws, header)).value = value
        return row

    def has(self, sheet: str, header: str) -> bool:
        """Whether the format's workbook has this column (a format leaves out what its report does not use)."""
        return any(cell.value == header for cell in self.book[sheet][1])

    def cell(self, sheet: str, row: int, header: str, value: Any) -> str:
        """Overwrite one cell; returns its column letter."""
        ws = self.book[sheet]
        cell = ws.cell(row, column_of(ws, header))
        cell.value = value
        return cell.column_letter

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        self.book.save(target)
        return target


def column_of(ws: Worksheet, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(f"{ws.title}: no column {header}; have {[c.value for c in ws[1]]}")


def last_row(ws: Worksheet) -> int:
    """The last row with any value (openpyxl's max_row also counts rows that only carry a style)."""
    for row in range(ws.max_row, 0, -1):
        if any(cell.value not in (None, "") for cell in ws[row]):
            return row
    return 1
