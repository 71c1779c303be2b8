"""Report-level .docx builder meeting the 公文 layout (GB/T 9704-2012, REFERENCE.md §6).

python-docx builds the package once per process: styles, fonts, footers and settings (:func:`_template`).
Each report reuses those parts and builds only its own ``word/document.xml``, element by element through
:mod:`reportgen.docx.oxml`, in one pass over the blocks.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.document import CT_Document
from docx.oxml.section import CT_SectPr
from docx.section import _Footer
from docx.shared import Emu, Mm, Pt
from docx.styles.style import BaseStyle
from lxml import etree

from reportgen.caches import text_cache
from reportgen.docx import oxml
from reportgen.render.blocks import (
    MARKER_RE,
    Block,
    Cell,
    Cover,
    Heading,
    PageBreak,
    Paragraph,
    Subtitle,
    Table,
    Title,
)

# Fonts (REFERENCE.md §6) and the fall-backs declared in the font table.
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING_1 = "黑体"
FONT_HEADING_2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"
FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}

SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_PAGE_NUMBER = Pt(14)  # 四号
SIZE_TABLE = Pt(10.5)  # 五号
LINE_SPACING = Pt(28.95)  # 22 lines in the 225 mm 版心
INDENT_TWIPS = 640  # two characters of 16 pt
TITLE_SPACE_AFTER = Pt(16)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)

STYLE_TABLE_TEXT = "表格文字"
# Table layout estimates (points): a line of 五号 text, a cell's side margins, the rows kept with a signature.
TABLE_LINE = 13.7
CELL_SIDE_MARGINS = 11.4  # Word's default 0.08 inch on each side
ROW_PADDING = 2.0
KEEP_TAIL_ROWS = 3  # the last rows of a table that runs over a page go to the next page together, with its notes
COVER_TITLE_SPACE = Mm(55)  # the cover's title sits a quarter down the page
COVER_LINES_SPACE = Mm(70)  # 单位（盖章） and the date in the lower half
STYLE_TITLE = "Title"
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
HIGHLIGHT = "yellow"  # 【待补充：…】 markers
CELL_ALIGN = {"left": "left", "right": "right"}  # anything else is centred


@dataclass(frozen=True)
class StyleSpec:
    font: str
    size: Pt
    bold: bool = False
    indent: bool = True
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    exact_spacing: bool = True


STYLE_SPECS = {
    "Normal": StyleSpec(FONT_BODY, SIZE_BODY),
    STYLE_TITLE: StyleSpec(FONT_TITLE, SIZE_TITLE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact_spacing=False),
    "Heading 1": StyleSpec(FONT_HEADING_1, SIZE_BODY),
    "Heading 2": StyleSpec(FONT_HEADING_2, SIZE_BODY),
    "Heading 3": StyleSpec(FONT_BODY, SIZE_BODY, bold=True),
    "Heading 4": StyleSpec(FONT_BODY, SIZE_BODY),
    "Footer": StyleSpec(FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER, indent=False, exact_spacing=False),
    STYLE_TABLE_TEXT: StyleSpec(
        FONT_BODY, SIZE_TABLE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact_spacing=False
    ),
}


# ---------------------------------------------------------------- the package, built once


@dataclass(frozen=True)
class _Template:
    """The styled package python-docx builds: every part as saved, and the style id of each style we use."""

    parts: tuple[tuple[str, bytes], ...]  # (zip member name, bytes), in python-docx's order
    document_part: str  # the member holding word/document.xml
    style_ids: dict[str, str | None]  # style name → w:pStyle value; None for the default paragraph style


@functools.cache
def _template() -> _Template:
    """Styles, font table, footers and settings are the same for every report, so python-docx builds them once."""
    document = Document()
    sect_pr = document.element.body.sectPr
    assert sect_pr is not None
    _setup_page(sect_pr, landscape=False)
    _setup_styles(document)
    _setup_footers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = tuple((info.filename, archive.read(info)) for info in archive.infolist())
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    style_ids = {
        name: None if style == default else style.style_id for name in STYLE_SPECS for style in [document.styles[name]]
    }
    return _Template(parts, document.part.partname.membername, style_ids)


def _setup_page(sect_pr: CT_SectPr, *, landscape: bool) -> None:
    """A4 with the 公文 margins; a landscape page (an attached table) turns them with the paper and keeps a
    shorter footer."""
    portrait = (MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT)
    oxml.set_page(
        sect_pr,
        size=(PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT),
        margins=(MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM) if landscape else portrait,
        header=Mm(15),
        footer=Mm(12) if landscape else Mm(28),
        landscape=landscape,
    )


def _setup_styles(document: DocumentObject) -> None:
    styles = document.styles
    oxml.set_fonts(oxml.doc_defaults_rpr(styles.element), latin=FONT_LATIN, east_asia=FONT_BODY)
    if STYLE_TABLE_TEXT not in [s.name for s in styles]:
        table_style = styles.add_style(STYLE_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        table_style.base_style = styles["Normal"]
    for name, spec in STYLE_SPECS.items():
        _apply_style(styles[name], spec)
    for level, name in HEADING_STYLES.items():
        style = styles[name]
        style.paragraph_format.keep_with_next = True
        oxml.set_outline_level(oxml.style_ppr(style.element), level - 1)
    font_table = document.part.part_related_by(RT.FONT_TABLE)
    element = etree.fromstring(font_table.blob)
    oxml.add_font_fallbacks(element, FALLBACKS)
    font_table._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _apply_style(style: BaseStyle, spec: StyleSpec) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.size = spec.size
    font.bold = spec.bold
    font.italic = False
    font.color.rgb = None
    rpr = oxml.style_rpr(style.element)
    oxml.remove_children(rpr, "w:color")
    oxml.set_fonts(rpr, latin=FONT_LATIN, east_asia=spec.font)
    ppr = oxml.style_ppr(style.element)
    oxml.remove_children(ppr, "w:pBdr")
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.alignment = spec.align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.widow_control = True
    if spec.exact_spacing:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_SPACING
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if spec.indent:
        oxml.set_first_line_chars(ppr, chars=2, twips=INDENT_TWIPS)
    else:
        oxml.clear_first_line(ppr)


def _setup_footers(document: DocumentObject) -> None:
    """Page numbers ``— N —`` as a PAGE field, outer side: odd pages right, even pages left; none on a cover."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number(document, section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(document, section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    # An empty first-page footer, used only by a section marked as having a title page (a cover).
    section.first_page_footer.is_linked_to_previous = False


def _page_number(document: DocumentObject, footer: _Footer, align: WD_ALIGN_PARAGRAPH) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = align
    rpr = paragraph.add_run("— ")._r.get_or_add_rPr()
    oxml.add_complex_field(paragraph._p, "PAGE", "1", rpr)
    paragraph.add_run(" —")


# ---------------------------------------------------------------- one report


class DocxWriter:
    """Builds one report: ``add_heading("一、部门基本情况", level=1)``, ``add_paragraph(...)``, ``save(path)``."""

    def __init__(self) -> None:
        template = _template()
        self._template = template
        self._styles = template.style_ids
        self._document = cast(CT_Document, parse_xml(dict(template.parts)[template.document_part]))
        sentinel = self._document.body.sectPr
        assert sentinel is not None and len(self._document.body) == 1
        self._sentinel: CT_SectPr = sentinel  # the last section's properties: all the body holds until saved
        self._body: list[str] = []  # the content's markup, in document order
        self._first_block = True
        self._landscape = False
        self._break_next = False  # the next block starts a new page (page-break-before, never an empty paragraph)

    def _add(
        self,
        runs: str,
        style: str,
        *,
        align: str | None = None,
        flush: bool = False,
        spacing: tuple[int, int] | None = None,
        keep_next: bool = False,
    ) -> None:
        self._body.append(
            oxml.paragraph(
                runs,
                style_id=self._styles[style],
                align=align,
                flush=flush,
                spacing=spacing,
                keep_next=keep_next,
                break_before=self._break_next,
            )
        )
        self._first_block = False
        self._break_next = False

    # ------------------------------------------------------------ content

    def add_title(self, text: str) -> None:
        self._add(oxml.run(text) if text else "", STYLE_TITLE, spacing=(0, Emu(TITLE_SPACE_AFTER).twips))

    def add_subtitle(self, text: str) -> None:
        self._add(oxml.run(text) if text else "", "Normal", flush=True, align="center")

    def add_heading(self, text: str, level: int) -> None:
        self._add(oxml.run(text) if text else "", HEADING_STYLES[level])

    def add_paragraph(self, text: str, align: str = "body") -> None:
        if align == "body":
            self._add(self._text_runs(text), "Normal")
        else:
            self._add(self._text_runs(text), "Normal", flush=True, align="right" if align == "right" else "center")

    @staticmethod
    def _text_runs(text: str) -> str:
        """Text as runs; 【待补充：…】 markers highlighted so the clerk cannot miss them."""
        runs = []
        position = 0
        for match in MARKER_RE.finditer(text):
            if match.start() > position:
                runs.append(oxml.run(text[position : match.start()]))
            runs.append(oxml.run(match.group(0), highlight=HIGHLIGHT))
            position = match.end()
        if position < len(text):
            runs.append(oxml.run(text[position:]))
        return "".join(runs)

    def add_page_break(self) -> None:
        """The next block starts a new page: its first paragraph carries page-break-before."""
        if not self._first_block:
            self._break_next = True

    def add_cover(self, cover: Cover) -> None:
        """A cover page in a section of its own whose first-page footer is empty (no page number); the body
        after it is numbered from 1."""
        for index, line in enumerate(cover.title):
            before = Emu(COVER_TITLE_SPACE).twips if index == 0 else 0
            self._add(oxml.run(line), STYLE_TITLE, spacing=(before, 0))
        for index, line in enumerate(cover.lines):
            before = Emu(COVER_LINES_SPACE).twips if index == 0 else Emu(LINE_SPACING).twips // 2
            self._add(self._text_runs(line), "Normal", flush=True, align="center", spacing=(before, 0))
        self._end_section(title_page=True)
        oxml.restart_page_numbers(self._sentinel)
        self._first_block = True

    def add_table(self, table: Table) -> None:
        """A table on its own page (landscape when it needs the width), with label, caption and notes kept with
        it: rows never split, header rows repeat, a table that fits on a page stays on one page, and one that
        does not takes its last rows along with its signature line."""
        if table.landscape != self._landscape:
            self._new_section(landscape=table.landscape)
        elif table.new_page:
            self.add_page_break()
        if table.label:
            self._add(oxml.run(table.label, fonts=(FONT_LATIN, FONT_HEADING_1)), "Normal", flush=True, keep_next=True)
        if table.caption:
            self._add(
                oxml.run(table.caption, fonts=(FONT_LATIN, FONT_TITLE)),
                "Normal",
                flush=True,
                align="center",
                keep_next=True,
            )
        elif self._body and self._body[-1].startswith("<w:tbl>"):
            self._body.append(oxml.TABLE_SPACER)  # two tables side by side would be joined into one
        self._body.append(self._table(table))
        self._break_next = False
        for index, note in enumerate(table.notes):
            self._add(
                oxml.run(note) if note else "", STYLE_TABLE_TEXT, align="left", keep_next=index < len(table.notes) - 1
            )
        self._first_block = False

    def _table(self, table: Table) -> str:
        """The ``w:tbl``, row by row: each merged cell is written once, as its top-left ``w:tc`` with its
        ``gridSpan``, then one ``vMerge`` continuation per row it covers below."""
        columns = max(len(row) for row in table.rows)
        grid = self._grid(table, columns)
        offsets = [0]
        for width in grid:
            offsets.append(offsets[-1] + width)
        page = self._page_height()
        heights = _row_heights(table, offsets)
        keep = self._rows_kept(table, heights, page)
        text_style = self._styles[STYLE_TABLE_TEXT]
        merges: dict[int, tuple[int, int, int]] = {}  # column → (rows still covered, span, row of the merged cell)
        rows = []
        for r, row in enumerate(table.rows):
            cells = []
            c = 0
            while c < columns:
                cell = row[c] if c < len(row) else None
                if c in merges:
                    below, span, top = merges.pop(c)
                    _check_covered(row, r, c, span, (top, c), "down")
                    if below > 1:
                        merges[c] = (below - 1, span, top)
                    cells.append(oxml.cell("", width=offsets[c + span] - offsets[c], span=span, v_merge="continue"))
                    c += span
                    continue
                if cell is None:
                    cells.append(oxml.cell("", width=grid[c]))
                    c += 1
                    continue
                span = 1 + cell.merge_right
                if span > 1:
                    if c + span > columns or any(c < k < c + span for k in merges):
                        raise ValueError(f"cell ({r}, {c}) spans {span} columns across the table's edge or a merge")
                    _check_covered(row, r, c + 1, span - 1, (r, c), "right")
                down = cell.merge_down
                if down:
                    if r + down >= len(table.rows):
                        raise ValueError(f"cell ({r}, {c}) merges {down} rows down, past the table's last row")
                    merges[c] = (down, span, r)
                paragraphs = _cell_paragraphs(
                    cell, text_style, keep_next=keep[r], break_before=self._break_next and r == 0 and c == 0
                )
                cells.append(
                    oxml.cell(
                        paragraphs, width=offsets[c + span] - offsets[c], span=span, v_merge="restart" if down else None
                    )
                )
                c += span
            # a row taller than half a page may split rather than leave most of a page empty
            rows.append(oxml.row(cells, cant_split=heights[r] * 2 <= page, repeat_header=r < table.header_rows))
        return oxml.table(grid, rows, fixed=bool(table.widths_mm))

    def _rows_kept(self, table: Table, heights: list[float], page: float) -> list[bool]:
        """Which rows keep with the next (their paragraphs carry keep-with-next): every row of a table that fits on
        one page with its label, caption and notes; otherwise the header rows with the first row below them, and
        the last rows with the notes, so no page holds a lone row or a lone signature line."""
        count = len(table.rows)
        follows = bool(table.notes) or table.continued
        lines = sum(1 for text in (table.label, table.caption) if text) + len(table.notes)
        needed = sum(heights) + lines * LINE_SPACING.pt
        if needed <= page and not table.continued:
            return [r < count - 1 or follows for r in range(count)]
        tail = max(count - KEEP_TAIL_ROWS, 0)
        return [r < table.header_rows or (r >= tail and (r < count - 1 or follows)) for r in range(count)]

    def _page_height(self) -> float:
        """The height between the current section's top and bottom margins, in points."""
        sect = self._sentinel
        return Emu((sect.page_height or 0) - (sect.top_margin or 0) - (sect.bottom_margin or 0)).pt

    def _grid(self, table: Table, columns: int) -> list[int]:
        """Column widths in twips: the table's own, else the text width shared out as python-docx does."""
        share = Emu(oxml.text_width(self._sentinel) // columns).twips
        given = [Mm(width).twips for width in table.widths_mm[:columns]]
        return given + [share] * (columns - len(given))

    def _new_section(self, *, landscape: bool) -> None:
        if self._body:
            self._end_section()
        _setup_page(self._sentinel, landscape=landscape)
        self._landscape = landscape
        self._first_block = True

    def _end_section(self, *, title_page: bool = False) -> None:
        """End the current section in its last paragraph (a table gets a one-point paragraph after it): a new
        section starts on a new page, so a pending page break is spent."""
        sect_pr = oxml.end_section(self._sentinel, title_page=title_page)
        if self._body and self._body[-1].startswith("<w:p>"):
            self._body[-1] = oxml.with_section_end(self._body[-1], sect_pr)
        else:
            self._body.append(oxml.with_section_end(oxml.SECTION_END_SPACER, sect_pr))
        self._break_next = False

    # ------------------------------------------------------------ blocks

    def add_blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            if self._landscape and not isinstance(block, Table):
                self._new_section(landscape=False)
            if isinstance(block, Cover):
                self.add_cover(block)
            elif isinstance(block, Title):
                self.add_title(block.text)
            elif isinstance(block, Subtitle):
                self.add_subtitle(block.text)
            elif isinstance(block, Heading):
                self.add_heading(block.full_text, block.level)
            elif isinstance(block, Paragraph):
                self.add_paragraph(block.text, block.align)
            elif isinstance(block, PageBreak):
                self.add_page_break()
            elif isinstance(block, Table):
                self.add_table(block)

    # ------------------------------------------------------------ output

    def write(self, target: str | Path | IO[bytes]) -> None:
        """The package as python-docx saves it, with this report's ``word/document.xml``."""
        document_xml = oxml.document_xml(self._document, "".join(self._body))
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in self._template.parts:
                archive.writestr(name, document_xml if name == self._template.document_part else data)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.write(buffer)
        return buffer.getvalue()

    def save(self, path: Path) -> None:
        self.write(path)


def _cell_paragraphs(cell: Cell, style_id: str | None, *, keep_next: bool = False, break_before: bool = False) -> str:
    """One paragraph per line of the cell's text, in the table text style."""
    return _paragraphs(cell.text, cell.bold, cell.align, style_id, keep_next, break_before)


@text_cache(maxsize=16384)
def _paragraphs(text: str, bold: bool, align: str, style_id: str | None, keep_next: bool, break_before: bool) -> str:
    """:func:`_cell_paragraphs`, remembered by what they are made of: a cell repeated across a report's tables
    (分值 10, 达成, the same indicator under many projects) is written once."""
    jc = CELL_ALIGN.get(align, "center")
    if "\n" not in text:  # most cells: one line
        return oxml.paragraph(
            oxml.run(text, bold=bold) if text else "",
            style_id=style_id,
            align=jc,
            keep_next=keep_next,
            break_before=break_before,
        )
    lines = text.split("\n")
    return "".join(
        oxml.paragraph(
            oxml.run(line, bold=bold) if line else "",
            style_id=style_id,
            align=jc,
            keep_next=keep_next,
            break_before=break_before and index == 0,
        )
        for index, line in enumerate(lines)
    )


def text_ems(text: str) -> float:
    """How wide a line of text is in ems of its font, at most: a Chinese or full-width character is one, and so is
    a sign as wide as ``%``; a digit or a Latin letter is half.

    >>> text_ems("资金（万元）"), text_ems("100.00%")
    (6.0, 4.0)
    """
    narrow = len(_NARROW.findall(text))
    return (len(text) - narrow) + narrow * 0.5  # halves add up exactly: the same float as summing per character


_WIDE_SIGNS = "%＞＜≥≤@&"
# Characters half an em wide: up to U+2E7F, except the wide signs (＞ and ＜ lie above it anyway).
_NARROW = re.compile("[^\u2e80-\U0010ffff" + re.escape(_WIDE_SIGNS) + "]")


def fits_in_cell(text: str, width_mm: float) -> bool:
    """Whether every line of a cell's text fits its width on one line at the table font size."""
    room = Mm(width_mm).pt - CELL_SIDE_MARGINS
    return all(text_ems(line) * SIZE_TABLE.pt <= room for line in text.split("\n"))


@text_cache(maxsize=16384)
def _cell_lines(text: str, width_twips: int) -> int:
    per_line = _half_ems_per_line(width_twips)
    if "\n" not in text:  # most cells: one line
        return max(1, -(-_half_ems(text) // per_line))
    return sum(max(1, -(-_half_ems(line) // per_line)) for line in text.split("\n"))


@functools.lru_cache(maxsize=256)
def _half_ems_per_line(width_twips: int) -> int:
    """How many half ems of table text fit on one line of a cell ``width_twips`` wide (at least two)."""
    return int(max((width_twips / 20 - CELL_SIDE_MARGINS) / SIZE_TABLE.pt, 1.0) * 2)


def _half_ems(line: str) -> int:
    """``text_ems(line) * 2`` in whole numbers: two for a wide character, one for a narrow one."""
    return 2 * len(line) - len(_NARROW.findall(line))


def _row_heights(table: Table, offsets: list[int]) -> list[float]:
    """Each row's estimated height in points: its tallest cell's lines (a cell merged down shares its lines out
    over the rows it covers)."""
    heights = []
    for row in table.rows:
        tallest = 1.0
        for c, cell in enumerate(row):
            if cell is None or not cell.text:
                continue
            end = min(c + 1 + cell.merge_right, len(offsets) - 1)
            lines = _cell_lines(cell.text, offsets[end] - offsets[c]) / (1 + cell.merge_down)
            tallest = max(tallest, lines)
        heights.append(tallest * TABLE_LINE + ROW_PADDING)
    return heights


def _check_covered(
    row: list[Cell | None], r: int, start: int, count: int, origin: tuple[int, int], direction: str
) -> None:
    """A grid position covered by a merge must be ``None`` in the block: text there would be lost."""
    for c in range(start, min(start + count, len(row))):
        if row[c] is not None:
            raise ValueError(f"cell ({r}, {c}) holds text but is covered by the cell {origin} merged {direction}")


def build_docx(blocks: list[Block]) -> DocxWriter:
    writer = DocxWriter()
    writer.add_blocks(blocks)
    return writer


def docx_bytes(blocks: list[Block]) -> bytes:
    """The report as .docx bytes, in memory."""
    return build_docx(blocks).to_bytes()


def write_docx(blocks: list[Block], path: Path) -> None:
    build_docx(blocks).save(path)
