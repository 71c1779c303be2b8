"""Read a text PDF into paragraphs and tables in reading order: ruled tables as tables, wrapped lines joined.

pdfplumber (on pdfminer.six) gives every character with its position and the ruling lines of tables, so a
table comes out as rows of cells (merged cells repeated, as the .docx reader does) instead of a column-ordered
jumble of numbers, and a line's characters are ordered by where they stand on their baseline rather than by
the order the PDF happens to draw them. pypdf stays for one job: telling a password-protected file apart from
a damaged one before any parsing.
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.check.model import TableBlock
from reportgen.errors import DraftReadError
from reportgen.limits import MAX_PDF_PAGES

# A line that is only a page number: — 5 —, -5-, 第5页, 第5页 共9页, 5/9, 5.
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[—–\-－─]+\s*\d{1,3}\s*[—–\-－─]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$"
)
_TERMINAL = "。！？!?"
# A line that starts a new paragraph whatever the line before it: a heading or list numeral.
_STARTS_ITEM_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|[①-⑳]|附件\s*\d)"
)
_CJK = r"\u2e80-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK_RE = re.compile(rf"(?<=[{_CJK}%％])[ \t]+|[ \t]+(?=[{_CJK}%％])")


@dataclass
class _Line:
    """One line of text on a page, outside tables."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Table:
    block: TableBlock
    top: float
    bottom: float
    columns: list[float]  # x of each column's left edge
    # per grid column: whether the cell in the last row continues a cell merged down from an earlier row
    open_below: list[bool] = field(default_factory=list)


@dataclass
class _Page:
    items: list[_Line | _Table]
    left: float
    right: float
    width: float
    margins_seen: bool  # whether enough lines run from margin to margin to tell where the margins are


#: What to do with a PDF that cannot be read (the library's exception name would only be English to a user).
_DAMAGED_PDF_ADVICE = "；请重新导出 PDF，或改用 Word 原文件检查"


def read_pdf(path: Path) -> list[str | TableBlock]:
    """The PDF's paragraphs (one string each, wrapped lines joined) and tables, in reading order."""
    _quiet_pdf_libraries()
    _refuse_encrypted(path)
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        raise DraftReadError("读取 PDF 需要 pdfplumber，请先安装：pip install pdfplumber") from None
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise DraftReadError(
                    f"{path.name} 有 {len(pdf.pages)} 页，超过可检查的上限 {MAX_PDF_PAGES} 页；请确认是否选错了文件"
                )
            pages = [_read_page(page) for page in pdf.pages]
    except DraftReadError:
        raise
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds on broken files
        raise DraftReadError(f"{path.name} 不是有效的 PDF 文件或已损坏{_DAMAGED_PDF_ADVICE}") from None
    items = _reading_order(pages)
    text = "".join(i for i in items if isinstance(i, str))
    text += "".join(c for t in items if isinstance(t, TableBlock) for row in t.rows for c in row)
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 30:
        raise DraftReadError(f"{path.name} 中没有可提取的文字（可能是扫描件），请提供 Word 文件或文字版 PDF")
    return items


def _quiet_pdf_libraries() -> None:
    """pypdf and pdfminer log English warnings about damaged files on stderr; what matters reaches the user
    as a Chinese message instead."""
    for name in ("pypdf", "pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _refuse_encrypted(path: Path) -> None:
    """A PDF that needs a password cannot be read; one locked only against editing opens with the empty one."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if not reader.is_encrypted:
            return
        try:
            unlocked = bool(reader.decrypt(""))
        except Exception:  # noqa: BLE001 - any failure means we cannot open it
            unlocked = False
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise DraftReadError(f"{path.name} 不是有效的 PDF 文件或已损坏{_DAMAGED_PDF_ADVICE}") from None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise DraftReadError(f"{path.name} 无法解析为 PDF{_DAMAGED_PDF_ADVICE}") from None
    if not unlocked:
        raise DraftReadError(f"{path.name} 是加密的 PDF，需要密码才能打开；请提供未加密的文件或 Word 原稿")


# --- one page --------------------------------------------------------------------------------------


def _read_page(page: Any) -> _Page:
    found = page.find_tables()
    tables = [t for t in (_table(f) for f in found) if t is not None]
    inside = [f.bbox for f in found]
    chars = [c for c in page.chars if c.get("text", "").strip() and not _in_any(c, inside)]
    lines = [line for line in _lines(chars) if line.text]
    lines = _drop_page_furniture(lines, page.height)
    items: list[_Line | _Table] = [*lines, *tables]
    items.sort(key=lambda item: item.top)
    body = [line for line in lines if len(line.text) >= 8] or lines
    left = _mode([round(line.x0) for line in body]) if body else 0.0
    right = max((line.x1 for line in body), default=page.width)
    full = [line for line in body if line.x1 >= right - 1.5 * line.size and abs(line.x0 - left) <= 2.5 * line.size]
    return _Page(items, left, right, page.width, len(full) >= 2)


def _in_any(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _mode(values: list[int]) -> float:
    return float(statistics.mode(values)) if values else 0.0


def _baseline(char: dict[str, Any]) -> float:
    """Distance of the character's baseline from the top of the page: the same for every glyph of a line,
    whatever its font (a fallback font's taller box shifts ``top``, not the baseline)."""
    matrix = char.get("matrix")
    if matrix and char.get("upright", True):
        return float(char["top"] + char["y1"] - matrix[5])  # top + y1 is the page height
    return float(char["bottom"])


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into lines by baseline, each line ordered left to right."""
    rows: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (_baseline(c), c["x0"])):
        base = _baseline(char)
        if rows and abs(_baseline(rows[-1][0]) - base) <= 0.4 * max(char["size"], 1):
            rows[-1].append(char)
        else:
            rows.append([char])
    return [_line(sorted(row, key=lambda c: c["x0"])) for row in rows]


def _line(chars: list[dict[str, Any]]) -> _Line:
    size = statistics.median(c["size"] for c in chars)
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            if gap > 2 * size:
                parts.append("  ")  # a column gap: cells of a table drawn without lines
            elif gap > 0.25 * size:
                parts.append(" ")
        parts.append(char["text"])
        previous = char
    text = _tidy("".join(parts))
    return _Line(
        text, chars[0]["x0"], chars[-1]["x1"], min(c["top"] for c in chars), max(c["bottom"] for c in chars), size
    )


def _tidy(text: str) -> str:
    """Spaces PDF extraction puts next to Chinese characters removed; column gaps (2+ spaces) kept."""
    kept = re.split(r"( {2,})", text)
    return "".join(part if part.startswith("  ") else _SPACE_NEAR_CJK_RE.sub("", part) for part in kept).strip()


def _drop_page_furniture(lines: list[_Line], height: float) -> list[_Line]:
    """Page numbers (— 5 —, 第5页, a number alone) at the top or bottom of the page."""
    if not lines:
        return lines
    ordered = sorted(lines, key=lambda line: line.top)
    edge = {id(ordered[0]), id(ordered[-1])}
    return [
        line
        for line in lines
        if not (_PAGE_NUMBER_RE.match(line.text) and (id(line) in edge or line.top > 0.85 * height))
    ]


# --- tables ----------------------------------------------------------------------------------------


def _cell_text(text: str | None) -> str:
    """A cell's text: its wrapped lines joined (no break inside Chinese text), spaces near Chinese removed."""
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n")]
    out = ""
    for line in lines:
        if out and line and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return _SPACE_NEAR_CJK_RE.sub("", out).strip()


def _table(found: Any) -> _Table | None:
    """A ruled table as rows of cell texts; a merged cell repeated in every grid position it covers."""
    rows_found = found.rows
    if not rows_found:
        return None
    texts = found.extract()
    tops = [row.bbox[1] for row in rows_found]
    width = max(len(row.cells) for row in rows_found)
    if len(rows_found) < 2 and width < 2:
        return None  # a frame drawn around text, not a table
    cells: list[tuple[tuple[float, float, float, float], str, int, int]] = []
    for r, row in enumerate(rows_found):
        for c, bbox in enumerate(row.cells):
            if bbox:
                cells.append((bbox, _cell_text(texts[r][c] if c < len(texts[r]) else ""), r, c))
    xs = [row.cells for row in rows_found]
    col_x = _column_lefts(xs, width)
    grid: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    for r in range(len(rows_found)):
        bottom = tops[r + 1] if r + 1 < len(tops) else found.bbox[3]
        y = (tops[r] + bottom) / 2
        row_text = []
        for c in range(width):
            right = col_x[c + 1] if c + 1 < len(col_x) else found.bbox[2]
            x = (col_x[c] + right) / 2
            owner = next(
                (
                    (bbox, text, r0, c0)
                    for bbox, text, r0, c0 in cells
                    if bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]
                ),
                None,
            )
            if owner is None:
                row_text.append("")
                continue
            row_text.append(owner[1])
            if (owner[2], owner[3]) != (r, c):
                merged.add((r, c))
        grid.append(row_text)
    last = len(rows_found) - 1
    open_below = []
    for c in range(width):
        open_below.append(
            any(
                r0 < last and bbox[0] <= col_x[c] + 0.5 <= bbox[2] and bbox[3] >= found.bbox[3] - 0.5
                for bbox, _text, r0, _c0 in cells
            )
        )
    return _Table(TableBlock(grid, 0, merged=merged), found.bbox[1], found.bbox[3], col_x, open_below)


def _column_lefts(rows: list[list[Any]], width: int) -> list[float]:
    lefts: list[float] = []
    for c in range(width):
        xs = [row[c][0] for row in rows if c < len(row) and row[c]]
        lefts.append(min(xs) if xs else (lefts[-1] if lefts else 0.0))
    return lefts


# --- pages in reading order --------------------------------------------------------------------------


def _reading_order(pages: list[_Page]) -> list[str | TableBlock]:
    """Paragraphs joined across wrapped lines and page breaks; a table continued on the next page joined to
    its first part (its repeated heading rows dropped)."""
    _borrow_margins(pages)
    _drop_running_heads(pages)
    out: list[str | TableBlock] = []
    paragraph: list[str] = []
    last_line: _Line | None = None
    last_page: _Page | None = None
    last_table: _Table | None = None

    def flush() -> None:
        if paragraph:
            out.append("".join(paragraph))
            paragraph.clear()

    for page in pages:
        for item in page.items:
            if isinstance(item, _Table):
                if last_table is not None and not paragraph and _continues_table(last_table, item):
                    _join_tables(last_table, item)
                    continue
                flush()
                out.append(item.block)
                last_table, last_line = item, None
                continue
            if (
                paragraph
                and last_line is not None
                and last_page is not None
                and _wraps(last_line, last_page, item, page)
            ):
                paragraph.append(item.text)
            else:
                flush()
                paragraph.append(item.text)
            last_line, last_page, last_table = item, page, None
    flush()
    for number, block in enumerate(out, start=1):
        if isinstance(block, TableBlock):
            block.line = number
    return out


def _centred_pair(line: _Line, following: _Line, page: _Page, next_page: _Page) -> bool:
    """A centred title wrapped onto a second, shorter centred line."""
    if page is not next_page:
        return False
    middle = (page.left + page.right) / 2
    size = line.size or 12
    balanced = abs((line.x0 - page.left) - (page.right - line.x1)) <= size
    return balanced and abs((following.x0 + following.x1) / 2 - middle) <= size and following.x1 < page.right - 2 * size


def _drop_running_heads(pages: list[_Page]) -> None:
    """A line repeated at the top (or bottom) of most pages — the unit's name, the report's short title — is
    page furniture, not text: it would break a paragraph running on over the page."""
    if len(pages) < 3:
        return
    ends: dict[str, int] = {}
    for page in pages:
        lines = [item for item in page.items if isinstance(item, _Line)]
        for line in {id(x): x for x in lines[:1] + lines[-1:]}.values():
            key = re.sub(r"\d+", "#", line.text)
            ends[key] = ends.get(key, 0) + 1
    repeated = {
        key
        for key, count in ends.items()
        if count >= max(3, len(pages) // 2) and not _STARTS_ITEM_RE.match(key) and not key.startswith("附件")
    }
    if not repeated:
        return
    for page in pages:
        lines = [item for item in page.items if isinstance(item, _Line)]
        edge = {id(x) for x in lines[:1] + lines[-1:]}
        page.items = [
            item
            for item in page.items
            if not (isinstance(item, _Line) and id(item) in edge and re.sub(r"\d+", "#", item.text) in repeated)
        ]


def _borrow_margins(pages: list[_Page]) -> None:
    """A page with too little running text to show its margins (a cover, a signature page) takes the margins
    of the pages that show them, so a centred date does not seem to reach the right margin."""
    seen = [p for p in pages if p.margins_seen]
    if not seen:
        return
    left = statistics.median(p.left for p in seen)
    right_margin = statistics.median(p.width - p.right for p in seen)
    for page in pages:
        if not page.margins_seen:
            page.left, page.right = left, page.width - right_margin


def _wraps(line: _Line, page: _Page, following: _Line, next_page: _Page) -> bool:
    """Whether ``line`` runs on into ``following``: the next line's first word would not have fitted in the
    room left at the right margin, the next line is not indented, and it is not a new numbered item after a
    finished sentence."""
    size = line.size or 12
    if page.right - line.x1 > _first_unit_width(following.text, size) + 0.3 * size:
        return False
    if following.x0 > next_page.left + 0.8 * size and not _centred_pair(line, following, page, next_page):
        return False
    text = line.text.rstrip()
    if text and text[-1] in _TERMINAL + "：:；;" and _STARTS_ITEM_RE.match(following.text):
        return False
    return not (page is next_page and following.top - line.bottom > 1.2 * size)


_WORD_RE = re.compile(r"[0-9A-Za-z.%％,+\-]+|.")
_QUOTES = "“”‘’\"'"
_CLOSING = "，。、；：）)》」』】！？,.;:!?"


def _first_unit_width(text: str, size: float) -> float:
    """Width of what cannot be split from the start of a line: a number or Latin word, or one character, with
    the quotation marks that bind to both neighbours and the punctuation that may not begin a line."""
    end = 0
    while end < len(text):
        match = _WORD_RE.match(text, end)
        end = match.end() if match else end + 1
        while end < len(text) and text[end] in _CLOSING:
            end += 1
        if end < len(text) and text[end] in _QUOTES:
            end += 1
            continue
        break
    return sum(size if _is_wide(ch) else 0.55 * size for ch in text[:end])


def _is_wide(ch: str) -> bool:
    return bool(re.match(f"[{_CJK}]", ch))


def _continues_table(first: _Table, second: _Table) -> bool:
    """A table at the top of a page that goes on from the table ending the page before: same columns."""
    if len(first.columns) != len(second.columns):
        return False
    return all(abs(a - b) <= 2 for a, b in zip(first.columns, second.columns, strict=True))


def _join_tables(first: _Table, second: _Table) -> None:
    rows = second.block.rows
    merged = set(second.block.merged)
    skip = 0
    while skip < len(rows) and skip < len(first.block.rows) and rows[skip] == first.block.rows[skip]:
        skip += 1  # heading rows Word and LibreOffice repeat on every page
    rows, merged = rows[skip:], {(r - skip, c) for r, c in merged if r >= skip}
    if not rows:
        return
    previous = first.block.rows[-1]
    last = len(first.block.rows) - 1
    open_below = [
        c < len(first.open_below) and (first.open_below[c] or (last, c) in first.block.merged)
        for c in range(len(rows[0]))
    ]
    if _split_row(previous, rows[0], open_below):
        # a row broken across the page: each cell's text goes on where it stopped
        for c, text in enumerate(rows[0]):
            if text and not open_below[c] and c < len(previous):
                previous[c] += text
        rows = rows[1:]
        merged = {(r - 1, c) for r, c in merged if r >= 1}
    elif rows:
        for c, text in enumerate(rows[0]):
            if text and c < len(previous) and _label_goes_on(previous[c], text):
                _rejoin_label(first.block, rows, merged, c, previous[c] + text)
                continue
            if text or not open_below[c] or c >= len(previous):
                continue
            # a cell merged down across the page break: its text stays on the first page
            for r in range(len(rows)):
                if rows[r][c] != "" or (r > 0 and (r, c) not in merged):
                    break
                rows[r][c] = previous[c]
                merged.add((r, c))
    offset = len(first.block.rows)
    first.block.rows.extend(rows)
    first.block.merged.update((r + offset, c) for r, c in merged)
    first.bottom = second.bottom
    first.open_below = second.open_below


_LABEL_RE = re.compile(r"^[\u4e00-\u9fff]{2,9}指标(?:[(（]\d+(?:\.\d+)?分[)）])?$")


def _label_goes_on(before: str, after: str) -> bool:
    """A merged 一级/二级 label whose text was cut by the page break: 效益指 | 标（30分）, 经济效益 | 指标."""
    return not _LABEL_RE.match(after) and bool(_LABEL_RE.match(before + after))


def _rejoin_label(block: TableBlock, rows: list[list[str]], merged: set[tuple[int, int]], c: int, text: str) -> None:
    """Write a label cut by a page break, whole, into every row its merged cell covers on both pages."""
    r = len(block.rows) - 1
    while r >= 0:
        block.rows[r][c] = text
        if (r, c) not in block.merged:
            break
        r -= 1
    for r, row in enumerate(rows):
        if r > 0 and (r, c) not in merged:
            break
        row[c] = text


def _split_row(previous: list[str], head: list[str], open_below: list[bool]) -> bool:
    """Whether the first row on the new page is the rest of the last row on the page before: every cell
    with text continues a cell that had text, and a cell that had text (a number, say) has none now."""
    columns = [c for c in range(min(len(previous), len(head))) if not open_below[c]]
    filled = [c for c in columns if head[c]]
    if not filled or any(not previous[c] for c in filled):
        return False
    if any(_NUMBER_RE.match(previous[c]) and _NUMBER_RE.match(head[c]) for c in filled):
        return False  # a number is never cut in two: this row has its own
    ended = [c for c in columns if previous[c] and not head[c] and not _LABEL_RE.match(previous[c])]
    return bool(ended) or all(len(head[c]) > 10 for c in filled)


_NUMBER_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?%?$")
