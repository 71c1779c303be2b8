"""What the pages show of a report: the drafted block tree, and a checked report's text with quotes marked.

Both produce plain view data (text split into segments, table cells with their spans); the templates escape
every piece of text, so nothing typed into an input or a report can become markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.check.model import Paragraph as ReadParagraph
from reportgen.check.model import TableBlock
from reportgen.findings import Finding
from reportgen.render.blocks import (
    MARKER_RE,
    Block,
    Cover,
    Heading,
    PageBreak,
    Paragraph,
    Subtitle,
    Table,
    Title,
)


@dataclass(frozen=True)
class Segment:
    """A run of text; ``mark`` is the anchor of a highlighted run ('' for plain text)."""

    text: str
    mark: str = ""
    label: str = ""  # what the highlight is, for a reader who cannot see its colour


@dataclass(frozen=True)
class ViewCell:
    segments: list[Segment]
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    bold: bool = False
    align: str = "center"


@dataclass(frozen=True)
class ViewBlock:
    """One block of a page: ``kind`` is title, subtitle, cover, heading, paragraph, pagebreak or table."""

    kind: str
    segments: list[Segment] = field(default_factory=list)
    level: int = 0
    align: str = "body"
    lines: list[str] = field(default_factory=list)  # a cover's lines; a table's notes
    label: str = ""
    caption: str = ""
    rows: list[list[ViewCell]] = field(default_factory=list)
    anchor: str = ""


@dataclass(frozen=True)
class Marker:
    anchor: str
    text: str


class _Markers:
    """Splits text at 【待补充】/【待确认】 markers, numbering them in document order."""

    def __init__(self) -> None:
        self.found: list[Marker] = []

    def split(self, text: str) -> list[Segment]:
        segments = []
        at = 0
        for match in MARKER_RE.finditer(text):
            if match.start() > at:
                segments.append(Segment(text[at : match.start()]))
            anchor = f"marker-{len(self.found) + 1}"
            self.found.append(Marker(anchor, match.group()))
            label = "待确认" if match.group().startswith("【待确认") else "待补充"
            segments.append(Segment(match.group(), anchor, label))
            at = match.end()
        if at < len(text) or not segments:
            segments.append(Segment(text[at:]))
        return segments


def draft_view(blocks: list[Block]) -> tuple[list[ViewBlock], list[Marker]]:
    """The drafted report as page blocks, and every marker in it (in the order of ``render.report.markers``)."""
    markers = _Markers()
    view: list[ViewBlock] = []
    for block in blocks:
        if isinstance(block, Title):
            view.append(ViewBlock("title", [Segment(block.text)]))
        elif isinstance(block, Subtitle):
            view.append(ViewBlock("subtitle", [Segment(block.text)]))
        elif isinstance(block, Cover):
            view.append(ViewBlock("cover", [Segment(line) for line in block.title], lines=list(block.lines)))
        elif isinstance(block, Heading):
            view.append(ViewBlock("heading", markers.split(block.full_text), level=block.level))
        elif isinstance(block, Paragraph):
            view.append(ViewBlock("paragraph", markers.split(block.text), align=block.align))
        elif isinstance(block, PageBreak):
            view.append(ViewBlock("pagebreak"))
        elif isinstance(block, Table):
            view.append(_table(block, markers))
    return view, markers.found


def _table(table: Table, markers: _Markers) -> ViewBlock:
    rows = []
    for index, row in enumerate(table.rows):
        cells = [
            ViewCell(
                markers.split(cell.text),
                rowspan=cell.merge_down + 1,
                colspan=cell.merge_right + 1,
                header=index < table.header_rows,
                bold=cell.bold,
                align=cell.align,
            )
            for cell in row
            if cell is not None  # covered by a merged cell
        ]
        rows.append(cells)
    return ViewBlock("table", label=table.label or "", caption=table.caption or "", rows=rows, lines=list(table.notes))


# ------------------------------------------------------------------------------------- a checked report


@dataclass(frozen=True)
class Quote:
    """Where a finding's quote is highlighted in the reading view (``anchor``), or '' when it was not found."""

    finding: Finding
    number: int
    anchor: str


def quoted_pieces(evidence: str) -> list[str]:
    """The parts of a quote worth finding in the text: the quote with its ellipses cut, longest first.

    >>> quoted_pieces("…执行率为90.30%。二是…")
    ['执行率为90.30%。二是']
    >>> quoted_pieces("")
    []
    """
    pieces = [p.strip() for p in evidence.replace("...", "…").split("…")]
    return sorted((p for p in pieces if len(p) >= 2), key=len, reverse=True)


def reading_view(
    blocks: list[ReadParagraph | TableBlock], findings: list[Finding]
) -> tuple[list[ViewBlock], list[Quote]]:
    """The checked report's paragraphs and tables, each finding's quote highlighted where it is found (on the
    finding's line first, anywhere else after), and the finding's place in the page."""
    spans: dict[int, list[tuple[int, int, str, str]]] = {}  # block index → (start, end, anchor, label)
    cells: dict[tuple[int, int, int], tuple[str, str]] = {}  # (block, row, col) → (anchor, label)
    by_line = {block.line: i for i, block in enumerate(blocks)}
    quotes = []
    for number, finding in enumerate(findings, start=1):
        anchor = f"finding-{number}"
        label = f"{finding.level.zh} {number}"
        placed = _place(blocks, by_line.get(finding.line or -1), quoted_pieces(finding.evidence), spans, cells)
        if placed is None:
            quotes.append(Quote(finding, number, ""))
            continue
        kind, where = placed
        if kind == "span":
            index, start, end = where
            spans.setdefault(index, []).append((start, end, anchor, label))
        else:
            cells[where] = (anchor, label)
        quotes.append(Quote(finding, number, anchor))
    view = []
    for index, block in enumerate(blocks):
        if isinstance(block, ReadParagraph):
            view.append(
                ViewBlock("paragraph", _segments(block.text, spans.get(index, [])), anchor=f"line-{block.line}")
            )
        else:
            rows = []
            for r, row in enumerate(block.rows):
                row_cells = []
                for c, text in enumerate(row):
                    mark = cells.get((index, r, c))
                    segments = [Segment(text, *mark)] if mark else [Segment(text)]
                    row_cells.append(ViewCell(segments, header=r == 0, align="left"))
                rows.append(row_cells)
            view.append(ViewBlock("table", caption=block.caption, rows=rows, anchor=f"line-{block.line}"))
    return view, quotes


def _place(
    blocks: list[ReadParagraph | TableBlock],
    line_index: int | None,
    pieces: list[str],
    spans: dict[int, list[tuple[int, int, str, str]]],
    cells: dict[tuple[int, int, int], tuple[str, str]],
) -> tuple[str, tuple[int, int, int]] | None:
    """Where to highlight the first of ``pieces`` found: a free span of a paragraph or a free table cell."""
    order = list(range(len(blocks)))
    if line_index is not None:
        order.remove(line_index)
        order.insert(0, line_index)
    for piece in pieces:
        for index in order:
            block = blocks[index]
            if isinstance(block, ReadParagraph):
                start = block.text.find(piece)
                taken = spans.get(index, [])
                while start >= 0:
                    end = start + len(piece)
                    if all(end <= s or start >= e for s, e, _, _ in taken):
                        return "span", (index, start, end)
                    start = block.text.find(piece, start + 1)
            else:
                for r, row in enumerate(block.rows):
                    for c, text in enumerate(row):
                        if piece in text and (index, r, c) not in cells:
                            return "cell", (index, r, c)
    return None


def _segments(text: str, marks: list[tuple[int, int, str, str]]) -> list[Segment]:
    segments = []
    at = 0
    for start, end, anchor, label in sorted(marks):
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], anchor, label))
        at = end
    if at < len(text) or not segments:
        segments.append(Segment(text[at:]))
    return segments
