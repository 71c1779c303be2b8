"""Write the fill-in workbook: the empty template for a format, or an input's data laid out for a clerk."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.workbook.cells import NUMBER_FORMATS, to_cell
from reportgen.workbook.layout import Column, FieldPath, Kind, Layout, Leaf, Sheet, Source, field_by_alias

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
REQUIRED_FILL = PatternFill("solid", fgColor="9C2A2A")
HEADER_FONT = Font(bold=True, color="FFFFFF")
EXAMPLE_FONT = Font(italic=True, color="808080")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
#: Rows below the header that carry a column's dropdown and number format.
VALIDATED_ROWS = 500
#: Workbook keyword that says which report kind and format a workbook was made for.
KEYWORD = "reportgen"
EXAMPLE_NOTE = "（示例）"
#: The hidden sheet that keeps each table's example row as written (see _record_examples).
EXAMPLES_SHEET = "示例行"

_WIDTHS = {
    Kind.TEXT: 30,
    Kind.LINES: 60,
    Kind.IDS: 14,
    Kind.WHOLE: 10,
    Kind.MONEY: 14,
    Kind.PERCENT: 12,
    Kind.NUMBER: 10,
    Kind.DATE: 14,
    Kind.YESNO: 10,
    Kind.CHOICE: 22,
    Kind.COUNTS: 24,
}
#: Text columns whose cells hold a sentence or more: wider.
_LONG_TEXT = ("内容", "原因", "职责", "说明", "绩效目标", "目标", "情况", "依据", "措施", "概述", "结论", "分析")

Keep = Callable[[FieldPath], bool]


@dataclass(frozen=True)
class WorkbookInfo:
    """What a workbook was made for: the report kind and the format (profile) name."""

    kind: str
    profile: str

    def keywords(self) -> str:
        return f"{KEYWORD} {self.kind} {self.profile}"


def write_workbook(
    layout: Layout,
    data: dict[str, Any] | None,
    path: Path,
    *,
    info: WorkbookInfo,
    keep: Keep,
    guide: list[str],
    choices: dict[FieldPath, tuple[str, ...]] | None = None,
) -> None:
    """Lay ``data`` (plain data with Chinese keys, or None for an empty template) out as ``layout`` says.

    ``choices`` gives the dropdown of a text field whose values are not a closed list of the models (格式).
    """
    book = Workbook()
    guide_sheet = book.active
    assert guide_sheet is not None
    guide_sheet.title = "说明"
    written: list[Sheet] = []
    for sheet in layout.sheets:
        if _write_sheet(book, layout, sheet, data or {}, keep, choices or {}):
            written.append(sheet)
    _write_guide(guide_sheet, written, guide)
    _record_examples(book)
    book.properties.title = "reportgen 绩效自评报告填报表"
    book.properties.keywords = info.keywords()
    book.properties.creator = "reportgen"
    book.save(path)


def _record_examples(book: Workbook) -> None:
    """Keep each table's example row, as written, in a hidden sheet: a workbook made by an older reportgen,
    whose examples read differently, still has its untouched example rows recognised and skipped."""
    hidden = book.create_sheet(EXAMPLES_SHEET)
    hidden.sheet_state = "hidden"
    for ws in book.worksheets:
        first = [cell.value for cell in ws[2]] if ws.max_row >= 2 else []
        marked = any(isinstance(v, str) and v.startswith(EXAMPLE_NOTE) for v in first)
        if ws.title in (EXAMPLES_SHEET, "说明") or not marked:
            continue
        row = {str(ws.cell(1, c).value): str(v) for c, v in enumerate(first, start=1) if v not in (None, "")}
        hidden.append([ws.title, json.dumps(row, ensure_ascii=False)])


def _write_sheet(
    book: Workbook,
    layout: Layout,
    sheet: Sheet,
    data: dict[str, Any],
    keep: Keep,
    choices: dict[FieldPath, tuple[str, ...]],
) -> bool:
    if sheet.kind == "fields":
        rows = [leaf for leaf in layout.field_leaves(sheet) if keep((*sheet.path, *leaf.path))]
        rows = [replace(leaf, choices=choices.get((*sheet.path, *leaf.path), leaf.choices)) for leaf in rows]
        if not rows and sheet.path:
            return False
        _fields_sheet(book.create_sheet(sheet.title), sheet, rows, data)
        return True
    if sheet.kind == "lists":
        lists = [leaf for leaf in layout.list_leaves(sheet) if keep(leaf.path)]
        if not lists:
            return False
        _lists_sheet(book.create_sheet(sheet.title), lists, data)
        return True
    columns = layout.columns(sheet)
    if sheet.kind == "grid":
        columns = [c for c in columns if any(keep((*sheet.path, part, *c.leaf.path)) for part in _parts(layout, sheet))]
        if not columns:
            return False
        _grid_sheet(book.create_sheet(sheet.title), layout, sheet, columns, data)
        return True
    sources = [s for s in sheet.sources if any(keep((*s.root(), *c.leaf.path)) for c in columns)]
    if not sources:
        return False
    columns = [c for c in columns if any(keep((*s.root(), *c.leaf.path)) for s in sources)]
    _table_sheet(book.create_sheet(sheet.title), layout, sheet, sources, columns, data)
    return True


def _parts(layout: Layout, sheet: Sheet) -> list[str]:
    from reportgen.workbook.layout import grid_rows

    return [name for name, _ in grid_rows(layout.model_at(sheet.path))]


# ---------------------------------------------------------------- the four kinds of sheet


def _fields_sheet(ws: Worksheet, sheet: Sheet, rows: list[Leaf], data: dict[str, Any]) -> None:
    _header(ws, [("字段", None), ("内容", None), ("说明", None)])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 60
    for index, leaf in enumerate(rows, start=2):
        name = ".".join(leaf.path)
        ws.cell(index, 1, name).font = Font(bold=True, color="9C2A2A" if leaf.required else "000000")
        value = to_cell(leaf.kind, get_path(data, (*sheet.path, *leaf.path)))
        cell = ws.cell(index, 2, value)
        cell.alignment = WRAP
        cell.number_format = NUMBER_FORMATS.get(leaf.kind, "General")
        note = ws.cell(index, 3, prompt(leaf))
        note.alignment = WRAP
        note.font = EXAMPLE_FONT
        for column in (1, 2, 3):
            ws.cell(index, column).border = BORDER
        _validate(ws, leaf, f"B{index}")
    ws.freeze_panes = "B2"


def _lists_sheet(ws: Worksheet, lists: list[Leaf], data: dict[str, Any]) -> None:
    _header(ws, [(".".join(leaf.path), leaf) for leaf in lists])
    for column, leaf in enumerate(lists, start=1):
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = 60
        ws.column_dimensions[letter].number_format = "@"
        items = get_path(data, leaf.path) or []
        for row, item in enumerate(items, start=2):
            cell = ws.cell(row, column, str(item))
            cell.alignment = WRAP
            cell.number_format = "@"
            cell.border = BORDER
        _validate(ws, leaf, f"{letter}2:{letter}{VALIDATED_ROWS}", header=f"{letter}1", one_per_row=True)
    ws.freeze_panes = "A2"


def _grid_sheet(ws: Worksheet, layout: Layout, sheet: Sheet, columns: list[Column], data: dict[str, Any]) -> None:
    _header(ws, [("项目", None), *((c.header, c.leaf) for c in columns)])
    ws.column_dimensions["A"].width = 22
    for index, part in enumerate(_parts(layout, sheet), start=2):
        ws.cell(index, 1, part).font = Font(bold=True)
        ws.cell(index, 1).border = BORDER
        for offset, column in enumerate(columns, start=2):
            value = to_cell(column.leaf.kind, get_path(data, (*sheet.path, part, *column.leaf.path)))
            _data_cell(ws, index, offset, column.leaf, value)
    for offset, column in enumerate(columns, start=2):
        letter = get_column_letter(offset)
        _column_format(ws, letter, column.leaf)
        last = len(_parts(layout, sheet)) + 1
        _validate(ws, column.leaf, f"{letter}2:{letter}{last}", header=f"{letter}1")
    ws.freeze_panes = "B2"


def _table_sheet(
    ws: Worksheet, layout: Layout, sheet: Sheet, sources: list[Source], columns: list[Column], data: dict[str, Any]
) -> None:
    keyed = bool(sheet.key_header)
    heads: list[tuple[str, Leaf | None]] = [(sheet.key_header, None)] if keyed else []
    _header(ws, [*heads, *((c.header, c.leaf) for c in columns)])
    first = 2 if keyed else 1
    if keyed:
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["A"].number_format = "@"
        key_prompt = _key_prompt(sheet, sources)
        _prompt_only(ws, "A1", sheet.key_header, key_prompt)
        _prompt_only(ws, f"A2:A{VALIDATED_ROWS}", sheet.key_header, key_prompt)
    example_key, example_row = example_values(layout, sheet, columns)
    rows: list[tuple[str | None, list[Any], bool]] = [(example_key, example_row, True)]
    rows += list(table_rows(sources, columns, data))
    for row_index, (key, values, is_example) in enumerate(rows, start=2):
        if keyed:
            cell = ws.cell(row_index, 1, key)
            cell.number_format = "@"
            cell.border = BORDER
            if is_example:
                cell.font = EXAMPLE_FONT
        for offset, (column, value) in enumerate(zip(columns, values, strict=True), start=first):
            cell = _data_cell(ws, row_index, offset, column.leaf, value)
            if is_example:
                cell.font = EXAMPLE_FONT
    for offset, column in enumerate(columns, start=first):
        letter = get_column_letter(offset)
        _column_format(ws, letter, column.leaf)
        _validate(ws, column.leaf, f"{letter}2:{letter}{VALIDATED_ROWS}", header=f"{letter}1")
    ws.freeze_panes = get_column_letter(first) + "2" if keyed else "A2"


def example_values(layout: Layout, sheet: Sheet, columns: list[Column]) -> tuple[str | None, list[Any]]:
    """The grey example row of a table: its key (the parent it names) and each column's example, as written.

    The row is marked as an example in its first cell, so it cannot be mistaken for data once changed.
    """
    key = None
    if sheet.key_header:
        fixed = [s.fixed for s in sheet.sources if s.fixed]
        key = EXAMPLE_NOTE + (fixed[0] if fixed else _parent_example(layout, sheet) or sheet.key_header)
    values = [column.leaf.example for column in columns]
    if key is None:
        for index, value in enumerate(values):
            if value is not None:
                values[index] = EXAMPLE_NOTE + value
                break
    return key, values


def _parent_example(layout: Layout, sheet: Sheet) -> str | None:
    """The example name of the parent a keyed table's rows hang from (a project's 名称, a goal's 标题)."""
    source = next(s for s in sheet.sources if s.parent is not None)
    assert source.parent is not None
    info = field_by_alias(layout.model_at(source.parent), source.key)
    examples = (info.examples or []) if info is not None else []
    return str(examples[0]) if examples else None


def table_rows(
    sources: list[Source], columns: list[Column], data: dict[str, Any]
) -> Iterator[tuple[str | None, list[Any], bool]]:
    """(key, cell values, False) for every item of every source, parents in order."""
    for source in sources:
        if source.parent is None:
            groups = [(source.fixed, get_path(data, source.within))]
        else:
            groups = [
                (parent.get(source.key), get_path(parent, source.within))
                for parent in get_path(data, source.parent) or []
            ]
        for key, found in groups:
            if found is None:
                continue
            for item in [found] if source.single else found:
                values = [to_cell(c.leaf.kind, get_path(item, c.leaf.path)) for c in columns]
                if source.single and all(v is None for v in values):
                    continue
                yield (str(key) if key is not None else None), values, False


# ---------------------------------------------------------------- cells, headers, prompts


def _header(ws: Worksheet, heads: list[tuple[str, Leaf | None]]) -> None:
    for column, (text, leaf) in enumerate(heads, start=1):
        cell = ws.cell(1, column, text)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if leaf is not None and leaf.required else HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
    ws.row_dimensions[1].height = 32


def _data_cell(ws: Worksheet, row: int, column: int, leaf: Leaf, value: Any):
    cell = ws.cell(row, column, value)
    cell.number_format = NUMBER_FORMATS.get(leaf.kind, "General")
    cell.alignment = WRAP
    cell.border = BORDER
    return cell


def _column_format(ws: Worksheet, letter: str, leaf: Leaf) -> None:
    width = _WIDTHS.get(leaf.kind, 16)
    if leaf.kind is Kind.TEXT and any(word in leaf.name for word in _LONG_TEXT):
        width = 48
    header = ws[f"{letter}1"].value or ""
    ws.column_dimensions[letter].width = max(width, min(len(str(header)) * 2 + 2, 40))
    if leaf.kind in NUMBER_FORMATS:
        ws.column_dimensions[letter].number_format = NUMBER_FORMATS[leaf.kind]


def prompt(leaf: Leaf, *, one_per_row: bool = False) -> str:
    """What a clerk needs to know to fill a field: required or not, its unit, how to type it, its choices."""
    parts = ["必填。" if leaf.required else "选填。"]
    if leaf.info.description:
        parts.append(leaf.info.description.rstrip("。") + "。")
    parts.append(_HOW.get(leaf.kind, ""))
    if one_per_row:
        parts[-1] = "每行写一条，编号由 reportgen 生成。"
    if leaf.choices:
        parts.append(f"可选：{'、'.join(leaf.choices)}。")
    if leaf.example and leaf.kind is not Kind.CHOICE:
        parts.append(f"例如：{leaf.example}")
    return "".join(parts)


_HOW = {
    Kind.TEXT: "",
    Kind.LINES: "可写多条，每条一行（在单元格内按 Alt+Enter 换行）。",
    Kind.IDS: "填「问题」表中的编号，多个编号用顿号分开，如 1、2。",
    Kind.WHOLE: "填整数。",
    Kind.MONEY: "金额，以万元为单位，填数字（如 858.57）。",
    Kind.PERCENT: "百分比，填 92.98% 或 0.9298；仅用于核对，正文采用计算结果。",
    Kind.NUMBER: "填数字。",
    Kind.DATE: "日期，如 2024-06-27 或 2024年6月27日。",
    Kind.YESNO: "填「是」或「否」。",
    Kind.CHOICE: "从下拉列表中选择。",
    Kind.COUNTS: "每行写「名称：人数」，如「馆长：1」（在单元格内按 Alt+Enter 换行）。",
}


def _key_prompt(sheet: Sheet, sources: list[Source]) -> str:
    fixed = [s.fixed for s in sources if s.fixed]
    text = f"必填。写这一行所属的{sheet.key_header}，与「{sheet.parent_sheet or sheet.key_header}」表中的名称相同"
    if fixed:
        text += f"；部门整体支出绩效自评表写「{fixed[0]}」"
    return text + "。"


def _validate(ws: Worksheet, leaf: Leaf, cells: str, *, header: str | None = None, one_per_row: bool = False) -> None:
    """The header's input message, and the column's dropdown of allowed values (or the same message)."""
    title = ".".join(leaf.path)
    text = prompt(leaf, one_per_row=one_per_row)
    if header is not None:
        _prompt_only(ws, header, title, text)
    if leaf.choices:
        listed = ",".join(leaf.choices)
        assert len(listed) < 250, listed  # Excel's limit on a list typed into the validation
        rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        rule.errorStyle = "warning"
        rule.errorTitle = "不在可选范围内"
        rule.error = f"可选：{'、'.join(leaf.choices)}"[:250]
        _messages(rule, title, text)
        rule.add(cells)
        ws.add_data_validation(rule)
    else:
        _prompt_only(ws, cells, title, text)


def _prompt_only(ws: Worksheet, cells: str, title: str, text: str) -> None:
    rule = DataValidation(allow_blank=True)
    _messages(rule, title, text)
    rule.add(cells)
    ws.add_data_validation(rule)


def _messages(rule: DataValidation, title: str, text: str) -> None:
    rule.showInputMessage = True
    rule.promptTitle = title[:32]
    rule.prompt = text[:250]


def _write_guide(ws: Worksheet, sheets: list[Sheet], guide: list[str]) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100
    ws.cell(1, 1, "reportgen 绩效自评报告填报表").font = TITLE_FONT
    row = 3
    for line in guide:
        cell = ws.cell(row, 1, line)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 18 * max(1, len(line) // 60 + 1)
        row += 1
    row += 1
    ws.cell(row, 1, "工作表").font = Font(bold=True)
    ws.cell(row, 2, "填写什么").font = Font(bold=True)
    for sheet in sheets:
        row += 1
        ws.cell(row, 1, sheet.title)
        ws.cell(row, 2, sheet.purpose).alignment = WRAP


def get_path(data: Any, path: FieldPath) -> Any:
    """The value at ``path`` (keys) in plain data, or None when any part is missing."""
    current = data
    for key in path:
        if not isinstance(current, dict) or key not in current:
            return None
        current = current[key]
    return current
