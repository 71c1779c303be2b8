"""Read a filled-in workbook into the same plain data a YAML file gives, remembering the cell of every value."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.errors import InputError, InputIssue
from reportgen.load import MISSING, PathKey, format_path, parse_path
from reportgen.workbook.cells import CellProblem, from_cell
from reportgen.workbook.layout import Column, FieldPath, Layout, Leaf, Sheet, Source, grid_rows
from reportgen.workbook.write import EXAMPLE_NOTE, EXAMPLES_SHEET, KEYWORD, example_values


@dataclass(frozen=True)
class CellRef:
    """Where a value sits: a sheet, and as far as known its row and its column (letter and header)."""

    sheet: str
    row: int | None = None
    column: str | None = None
    header: str | None = None

    def describe(self) -> str:
        """``「项目」表第5行 D列「全年执行数」``."""
        text = f"「{self.sheet}」表"
        if self.row is not None:
            text += f"第{self.row}行"
        if self.column is not None:
            text += f" {self.column}列"
            if self.header:
                text += f"「{self.header}」"
        return text

    def issue(self, message: str) -> CellIssue:
        """An input problem in this cell."""
        return CellIssue("", message, None, self.describe())


@dataclass(frozen=True)
class CellIssue(InputIssue):
    """An input problem in a workbook: said by sheet, row and column, the way a clerk finds the cell."""

    where: str = ""

    def describe(self, source: str) -> str:
        return f"{source} {self.where}：{self.message}" if self.where else f"{source}：{self.message}"


#: A field path quoted in a message: it has a dot or an item number, so a quoted name (「建设支出控制数」) is not one.
_QUOTED_PATH_RE = re.compile(r"「([^「」\s]*(?:\.|\[\d+\])[^「」\s]*)」")


@dataclass
class CellLocator:
    """The cell of every value read, by its field path; an error is placed at its field or nearest part."""

    cells: dict[PathKey, CellRef] = field(default_factory=dict)

    def issue(self, loc: PathKey, message: str) -> InputIssue:
        for cut in range(len(loc), 0, -1):
            ref = self.cells.get(loc[:cut])
            if ref is None:
                continue
            rest = [part for part in loc[cut:] if isinstance(part, str)]
            if rest:
                message = f"「{'.'.join(rest)}」{message}"
            elif ref.row is None and message == MISSING:
                message = "这张表必须填写，目前是空的"
            return CellIssue(format_path(loc), message, None, ref.describe())
        return CellIssue(format_path(loc), message, None, "")

    def place_in_text(self, text: str) -> str:
        """A message naming input fields by path (「支出.项目支出.项目[4]」) made to name the cells the clerk filled
        (「项目」表第6行); a path with no cell stays as it is."""
        return _QUOTED_PATH_RE.sub(lambda match: self._place(match.group(1)) or match.group(0), text)

    def _place(self, text: str) -> str | None:
        loc = parse_path(text)
        for cut in range(len(loc or ()), 0, -1):
            ref = self.cells.get(loc[:cut]) if loc else None
            if ref is not None:
                rest = [part for part in loc[cut:] if isinstance(part, str)] if loc else []
                return ref.describe() + (f"「{'.'.join(rest)}」" if rest else "")
        return None


@dataclass(frozen=True)
class WorkbookInput:
    """An opened workbook and what it says about itself (the kind and format it was made for)."""

    path: Path
    book: Workbook

    @property
    def kind(self) -> str | None:
        """``department`` or ``project``: as the workbook was made, or by its sheets."""
        words = (self.book.properties.keywords or "").split()
        if len(words) >= 2 and words[0] == KEYWORD:
            return words[1]
        names = set(self.book.sheetnames)
        if names & {"支出", "收入", "三公经费"}:
            return "department"
        if "项目" in names:
            return "project"
        return None

    @property
    def profile(self) -> str | None:
        """The 格式 typed into 基本信息, else the format the workbook was made for."""
        typed, _ = self.typed_profile()
        if typed is not None:
            return typed
        words = (self.book.properties.keywords or "").split()
        return words[2] if len(words) >= 3 and words[0] == KEYWORD else None

    def typed_profile(self) -> tuple[str | None, CellRef | None]:
        """The 格式 typed into 基本信息, and its cell."""
        if "基本信息" in self.book.sheetnames:
            ws = self.book["基本信息"]
            for row in ws.iter_rows(min_row=2, max_col=2):
                if normalize(row[0].value) == "格式" and not _blank(row[1].value):
                    return str(row[1].value).strip(), CellRef(ws.title, _row(row[1]), "B", "格式")
        return None, None


def open_workbook(path: Path) -> WorkbookInput:
    """Open a workbook for reading values (not formulas); an unreadable file is an :class:`InputError`."""
    source = str(path)
    if not path.exists():
        raise InputError(source, [InputIssue("", "文件不存在，请检查路径")])
    if path.is_dir():
        raise InputError(source, [InputIssue("", "这是一个文件夹，不是输入文件")])
    try:
        # Through a file object: openpyxl goes by the extension, and an .xlsx saved under another name is one too.
        with path.open("rb") as handle:
            book = load_workbook(handle, data_only=True)
    except PermissionError:
        raise InputError(source, [InputIssue("", "无法读取文件：没有权限，或文件正被其他程序独占")]) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = "无法打开这个 Excel 文件：文件已损坏，或不是 .xlsx 工作簿；如设置了打开密码，请先取消密码再保存"
        raise InputError(source, [InputIssue("", message)]) from None
    return WorkbookInput(path, book)


def normalize(value: Any) -> str:
    """A header or field name as typed, compared without spaces, full-width forms or a required-mark."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\s+|[*]|\(必填\)", "", text)
    return text.replace("·", ".")


AnyCell = Cell | MergedCell


def _column(cell: AnyCell) -> int:
    assert cell.column is not None  # every cell of a sheet has its place
    return int(cell.column)


def _letter(cell: AnyCell) -> str:
    return get_column_letter(_column(cell))


def _row(cell: AnyCell) -> int:
    assert cell.row is not None
    return int(cell.row)


class _Reader:
    """Reads every sheet of ``layout`` into plain data, collecting problems instead of stopping at the first."""

    def __init__(self, opened: WorkbookInput, layout: Layout) -> None:
        self.book = opened.book
        self.layout = layout
        self.data: dict[str, Any] = {}
        self.locator = CellLocator()
        self.issues: list[InputIssue] = []
        self.known = {sheet.title for sheet in layout.sheets} | {"说明", EXAMPLES_SHEET}
        self.examples = _recorded_examples(self.book)
        self.single_rows: dict[PathKey, int] = {}

    def read(self) -> tuple[dict[str, Any], CellLocator, list[InputIssue]]:
        for name in self.book.sheetnames:
            if name not in self.known and _has_values(self.book[name]):
                self._problem(
                    CellRef(name),
                    f"不是填报表中的工作表，内容不会被读取；可用的工作表有：{'、'.join(s.title for s in self.layout.sheets)}",
                )
        for sheet in self.layout.sheets:
            if sheet.title not in self.book.sheetnames:
                continue
            ws = self.book[sheet.title]
            if sheet.kind == "fields":
                self._fields(ws, sheet)
            elif sheet.kind == "lists":
                self._lists(ws, sheet)
            elif sheet.kind == "grid":
                self._grid(ws, sheet)
            else:
                self._table(ws, sheet)
        return self.data, self.locator, self.issues

    # ------------------------------------------------------------ helpers

    def _problem(self, ref: CellRef, message: str) -> None:
        self.issues.append(ref.issue(message))

    def _value(self, cell: AnyCell, leaf: Leaf, ref: CellRef) -> Any:
        try:
            return from_cell(leaf.kind, cell.value, getattr(cell, "number_format", None) or "General")
        except CellProblem as exc:
            self._problem(ref, str(exc))
            return None

    def _headers(self, ws: Worksheet, known: dict[str, Any], extra: tuple[str, ...] = ()) -> dict[int, Any]:
        """Column number → what its header names; an unknown header is a problem naming the known ones."""
        found: dict[int, Any] = {}
        seen: dict[str, int] = {}
        for cell in ws[1]:
            text = normalize(cell.value)
            if not text:
                continue
            ref = CellRef(ws.title, 1, _letter(cell), str(cell.value).strip())
            target = text if text in extra else known.get(text)
            if target is None:
                choices = [*extra, *known]
                close = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
                hint = f"是否想写「{close[0]}」？" if close else f"此表可用的列有：{'、'.join(choices)}"
                self._problem(ref, f"未知的列，这一列的内容不会被读取；{hint}")
                continue
            if text in seen:
                self._problem(ref, f"与 {get_column_letter(seen[text])} 列的表头重复；请删除或改名其中一列")
                continue
            seen[text] = _column(cell)
            found[_column(cell)] = target
        return found

    # ------------------------------------------------------------ the four kinds of sheet

    def _fields(self, ws: Worksheet, sheet: Sheet) -> None:
        rows = self.layout.field_leaves(sheet)
        by_name = {normalize(".".join(leaf.path)): leaf for leaf in rows}
        if sheet.path:
            self.locator.cells.setdefault(sheet.path, CellRef(ws.title))
        seen: dict[FieldPath, int] = {}
        for row in ws.iter_rows(min_row=2, max_col=2):
            name_cell, value_cell = row[0], row[1]
            name = normalize(name_cell.value)
            has_value = value_cell.value not in (None, "") and str(value_cell.value).strip() != ""
            if not name:
                if has_value:
                    self._problem(
                        CellRef(ws.title, _row(value_cell), "A"), "这一行填了内容但没有字段名；请在 A 列写字段名"
                    )
                continue
            leaf = by_name.get(name)
            if leaf is None:
                close = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.5)
                hint = f"是否想写「{close[0]}」？" if close else "请使用 reportgen template 生成的填报表中的字段名"
                self._problem(CellRef(ws.title, _row(name_cell), "A", str(name_cell.value)), f"未知的字段；{hint}")
                continue
            full = (*sheet.path, *leaf.path)
            ref = CellRef(ws.title, _row(value_cell), "B", ".".join(leaf.path))
            if full in seen:
                self._problem(ref, f"字段与第{seen[full]}行重复；请只保留一行")
                continue
            seen[full] = _row(value_cell)
            self.locator.cells[full] = ref
            value = self._value(value_cell, leaf, ref)
            if value is not None:
                _set(self.data, full, value)

    def _lists(self, ws: Worksheet, sheet: Sheet) -> None:
        lists = {normalize(".".join(leaf.path)): leaf for leaf in self.layout.list_leaves(sheet)}
        for column, leaf in self._headers(ws, lists).items():
            letter = get_column_letter(column)
            header = ".".join(leaf.path)
            self.locator.cells[leaf.path] = CellRef(ws.title, 1, letter, header)
            items: list[Any] = []
            for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
                if cell.value is None or str(cell.value).strip() == "":
                    continue
                value = self._value(cell, leaf, CellRef(ws.title, _row(cell), letter, header))
                for item in value or []:
                    self.locator.cells[(*leaf.path, len(items))] = CellRef(ws.title, _row(cell), letter, header)
                    items.append(item)
            if items:
                _set(self.data, leaf.path, items)

    def _grid(self, ws: Worksheet, sheet: Sheet) -> None:
        columns = {normalize(c.header): c for c in self.layout.columns(sheet)}
        columns.update({normalize(".".join(c.leaf.path)): c for c in columns.values()})
        parts = {normalize(name): name for name, _ in grid_rows(self.layout.model_at(sheet.path))}
        heads = self._headers(ws, columns, extra=("项目",))
        self.locator.cells.setdefault(sheet.path, CellRef(ws.title))
        for row in ws.iter_rows(min_row=2):
            label = normalize(row[0].value)
            values = {_column(cell): cell for cell in row if _column(cell) in heads and heads[_column(cell)] != "项目"}
            if not label:
                if any(cell.value not in (None, "") for cell in values.values()):
                    self._problem(
                        CellRef(ws.title, _row(row[0]), "A"), f"请在 A 列写项目名称：{'、'.join(parts.values())}"
                    )
                continue
            part = parts.get(label) or parts.get(label.removesuffix("费"))
            if part is None:
                self._problem(
                    CellRef(ws.title, _row(row[0]), "A", str(row[0].value)),
                    f"未知的项目；可用的有：{'、'.join(parts.values())}",
                )
                continue
            item: dict[str, Any] = {}
            base = (*sheet.path, part)
            self.locator.cells[base] = CellRef(ws.title, _row(row[0]))
            for number, cell in values.items():
                column: Column = heads[number]
                ref = CellRef(ws.title, _row(cell), _letter(cell), column.header)
                self.locator.cells[(*base, *column.leaf.path)] = ref
                value = self._value(cell, column.leaf, ref)
                if value is not None:
                    _set(item, column.leaf.path, value)
            if item:
                _set(self.data, base, item)

    def _table(self, ws: Worksheet, sheet: Sheet) -> None:
        columns = self.layout.columns(sheet)
        by_header = {normalize(c.header): c for c in columns}
        by_header.update(
            {normalize(".".join(c.leaf.path)): c for c in columns if normalize(".".join(c.leaf.path)) not in by_header}
        )
        extra = (normalize(sheet.key_header),) if sheet.key_header else ()
        heads = self._headers(ws, by_header, extra=extra)
        key_column = next((c for c, target in heads.items() if extra and target == extra[0]), None)
        # The example row as written for the columns this sheet has (a format leaves some out).
        present = [c for c in columns if any(target is c for target in heads.values())]
        example_key, example = example_values(self.layout, sheet, present)
        example_cells = {c.header: v for c, v in zip(present, example, strict=True)}
        for source in sheet.sources:
            if source.parent is None:
                self.locator.cells.setdefault(source.within, CellRef(ws.title))
        for row in ws.iter_rows(min_row=2):
            cells = {_column(cell): cell for cell in row if _column(cell) in heads}
            if all(_blank(cell.value) for cell in cells.values()):
                continue
            recorded = self.examples.get(ws.title)
            if recorded is not None and _as_written(ws, row) == recorded:
                continue
            if recorded is None and self._is_example(cells, heads, key_column, example_key, example_cells):
                continue
            row_number = _row(row[0])
            leftover = [
                c for c in cells.values() if isinstance(c.value, str) and c.value.strip().startswith(EXAMPLE_NOTE)
            ]
            if leftover:
                first = leftover[0]
                self._problem(
                    CellRef(ws.title, row_number, _letter(first), _header_text(heads[_column(first)])),
                    f"这一行是示例行；要填写请删去「{EXAMPLE_NOTE}」，不用请删除这一行",
                )
                continue
            placed = self._place(ws, sheet, row_number, cells.get(key_column) if key_column else None)
            if placed is None:
                continue
            store, loc = placed
            item: dict[str, Any] = {}
            self.locator.cells[loc] = CellRef(ws.title, row_number)
            for number, target in heads.items():
                if number == key_column:
                    continue
                column: Column = target
                letter = get_column_letter(number)
                ref = CellRef(ws.title, row_number, letter, column.header)
                self.locator.cells[(*loc, *column.leaf.path)] = ref
                found = cells.get(number)
                value = self._value(found, column.leaf, ref) if found is not None else None
                if value is not None:
                    _set(item, column.leaf.path, value)
            store(item)

    def _is_example(
        self,
        cells: dict[int, AnyCell],
        heads: dict[int, Any],
        key_column: int | None,
        key: str | None,
        example: dict[str, Any],
    ) -> bool:
        for number, cell in cells.items():
            expected = key if number == key_column else example.get(heads[number].header)
            if _text(cell.value) != _text(expected):
                return False
        return True

    def _place(self, ws: Worksheet, sheet: Sheet, row: int, key_cell: AnyCell | None) -> tuple[Store, PathKey] | None:
        """Where a table row goes: how to store it, and its field path."""
        if not sheet.key_header:
            source = sheet.sources[0]
            return self._into(source, self.data, CellRef(ws.title, row), ())
        key_text = _text(key_cell.value if key_cell is not None else None)
        letter = _letter(key_cell) if key_cell is not None else "A"
        ref = CellRef(ws.title, row, letter, sheet.key_header)
        if not key_text:
            self._problem(ref, f"请填写这一行所属的{sheet.key_header}（{_parents_hint(self.data, sheet)}）")
            return None
        for source in sheet.sources:
            if source.fixed is not None and normalize(key_text) == normalize(source.fixed):
                return self._into(source, self.data, ref, ())
        for source in sheet.sources:
            if source.parent is None:
                continue
            parents = _get(self.data, source.parent) or []
            found = [i for i, parent in enumerate(parents) if normalize(parent.get(source.key)) == normalize(key_text)]
            if len(found) > 1:
                self._problem(
                    ref,
                    f"「{sheet.parent_sheet}」表中有{len(found)}个名为「{key_text}」的{sheet.key_header}；请给它们不同的名称",
                )
                return None
            if found:
                return self._into(source, parents[found[0]], ref, (*source.parent, found[0]))
        self._problem(ref, f"没有名为「{key_text}」的{sheet.key_header}；{_parents_hint(self.data, sheet)}")
        return None

    def _into(
        self, source: Source, base: dict[str, Any], ref: CellRef, prefix: PathKey
    ) -> tuple[Store, PathKey] | None:
        within = source.within
        if not source.single:
            items = _ensure(base, within, list)
            return items.append, (*prefix, *within, len(items))
        loc = (*prefix, *within)
        if loc in self.single_rows:
            self._problem(ref, f"与第{self.single_rows[loc]}行重复：每个只填一行")
            return None
        self.single_rows[loc] = ref.row or 0
        # A single part (a 自评表) may already hold its rows of another sheet; the row's fields join them.
        part = _ensure(base, within, dict)
        return part.update, loc


Store = Callable[[dict[str, Any]], None]


def _recorded_examples(book: Workbook) -> dict[str, dict[str, str]]:
    """Each table's example row as the workbook was written (sheet → header → text), if it keeps them."""
    if EXAMPLES_SHEET not in book.sheetnames:
        return {}
    found = {}
    for title, row in book[EXAMPLES_SHEET].iter_rows(max_col=2, values_only=True):
        try:
            found[str(title)] = {normalize(k): _text(v) for k, v in json.loads(str(row)).items()}
        except (ValueError, AttributeError):
            continue
    return found


def _as_written(ws: Worksheet, row: tuple[AnyCell, ...]) -> dict[str, str]:
    """A row's non-empty cells by header, compared as text."""
    return {normalize(ws.cell(1, _column(cell)).value): _text(cell.value) for cell in row if not _blank(cell.value)}


def _parents_hint(data: dict[str, Any], sheet: Sheet) -> str:
    names: list[str] = []
    for source in sheet.sources:
        if source.fixed:
            names.append(source.fixed)
        if source.parent is not None:
            names += [str(p.get(source.key)) for p in _get(data, source.parent) or [] if p.get(source.key)]
    parent_sheet = sheet.parent_sheet or sheet.key_header
    if not names:
        return f"「{parent_sheet}」表中还没有任何{sheet.key_header}"
    return f"可填：{'、'.join(names)}（须与「{parent_sheet}」表中的名称相同）"


def _header_text(target: Any) -> str:
    return target.header if isinstance(target, Column) else str(target)


def _has_values(ws: Worksheet) -> bool:
    return any(not _blank(value) for row in ws.iter_rows(values_only=True) for value in row)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _get(data: Any, path: FieldPath) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _ensure(data: dict[str, Any], path: FieldPath, kind: type) -> Any:
    """The container at ``path``, made (as dicts, and ``kind`` at the end) where missing."""
    current = data
    for index, key in enumerate(path):
        last = index == len(path) - 1
        if key not in current or current[key] is None:
            current[key] = kind() if last else {}
        current = current[key]
    return current


def _set(data: dict[str, Any], path: FieldPath, value: Any) -> None:
    holder = _ensure(data, path[:-1], dict) if len(path) > 1 else data
    holder[path[-1]] = value


def read_workbook(opened: WorkbookInput, layout: Layout) -> tuple[dict[str, Any], CellLocator, list[InputIssue]]:
    """The workbook as plain data (Chinese keys, as a YAML file would give), where each value was, and the
    problems found while reading (unknown columns or fields, rows naming no known project …)."""
    return _Reader(opened, layout).read()
