"""Report-level .docx builder meeting the 公文 layout (GB/T 9704-2012, REFERENCE.md §6)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, Pt
from lxml import etree

from reportgen.docx import oxml
from reportgen.render.blocks import MARKER_RE, Block, Cell, Heading, PageBreak, Paragraph, Subtitle, Table, Title

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

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)

STYLE_TABLE_TEXT = "表格文字"
SHORT_CELL = 60  # characters; rows with only short cells are kept on one page
STYLE_TITLE = "Title"
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}


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
    STYLE_TABLE_TEXT: StyleSpec(FONT_BODY, SIZE_TABLE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                                exact_spacing=False),
}


class DocxWriter:
    """Builds one report: ``add_heading("一、部门基本情况", level=1)``, ``add_paragraph(...)``, ``save(path)``."""

    def __init__(self) -> None:
        self.document = Document()
        self._setup_page(self.document.sections[0], landscape=False)
        self._setup_styles()
        self._setup_footers(self.document.sections[0])
        self._first_block = True
        self._landscape = False

    # ------------------------------------------------------------ setup

    def _setup_page(self, section, *, landscape: bool) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
            section.top_margin, section.bottom_margin = MARGIN_LEFT, MARGIN_RIGHT
            section.left_margin, section.right_margin = MARGIN_TOP, MARGIN_BOTTOM
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
            section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
            section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.header_distance = Mm(15)
        section.footer_distance = Mm(28) if not landscape else Mm(12)

    def _setup_styles(self) -> None:
        styles = self.document.styles
        oxml.set_fonts(oxml.doc_defaults_rpr(styles.element), latin=FONT_LATIN, east_asia=FONT_BODY)
        if STYLE_TABLE_TEXT not in [s.name for s in styles]:
            table_style = styles.add_style(STYLE_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
            table_style.base_style = styles["Normal"]
        for name, spec in STYLE_SPECS.items():
            self._apply_style(styles[name], spec)
        for level, name in HEADING_STYLES.items():
            style = styles[name]
            style.paragraph_format.keep_with_next = True
            oxml.set_outline_level(oxml.style_ppr(style.element), level - 1)
        font_table = self.document.part.part_related_by(RT.FONT_TABLE)
        element = etree.fromstring(font_table.blob)
        oxml.add_font_fallbacks(element, FALLBACKS)
        font_table._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _apply_style(self, style, spec: StyleSpec) -> None:
        font = style.font
        font.size = spec.size
        font.bold = spec.bold
        font.italic = False
        font.color.rgb = None
        rpr = oxml.style_rpr(style.element)
        oxml.remove_children(rpr, "w:color")
        oxml.set_fonts(rpr, latin=FONT_LATIN, east_asia=spec.font)
        ppr = oxml.style_ppr(style.element)
        oxml.remove_children(ppr, "w:pBdr")
        fmt = style.paragraph_format
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

    def _setup_footers(self, section) -> None:
        """Page numbers ``— N —`` as a PAGE field, outer side: odd pages right, even pages left."""
        self.document.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    def _page_number(self, footer, align: WD_ALIGN_PARAGRAPH) -> None:
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = self.document.styles["Footer"]
        paragraph.alignment = align
        rpr = paragraph.add_run("— ")._r.get_or_add_rPr()
        oxml.add_complex_field(paragraph._p, "PAGE", "1", rpr)
        paragraph.add_run(" —")

    # ------------------------------------------------------------ content

    def _paragraph(self, text: str = "", style: str | None = None):
        if self._first_block and len(self.document.paragraphs) == 1 and not self.document.paragraphs[0].text:
            paragraph = self.document.paragraphs[0]
            if style:
                paragraph.style = self.document.styles[style]
            if text:
                paragraph.add_run(text)
        else:
            paragraph = self.document.add_paragraph(text, style=style)
        self._first_block = False
        return paragraph

    def add_title(self, text: str) -> None:
        paragraph = self._paragraph(text, STYLE_TITLE)
        paragraph.paragraph_format.space_after = Pt(16)
        paragraph.paragraph_format.space_before = Pt(0)

    def add_subtitle(self, text: str) -> None:
        paragraph = self._paragraph(text, "Normal")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        oxml.clear_first_line(paragraph._p.get_or_add_pPr())

    def add_heading(self, text: str, level: int) -> None:
        self._paragraph(text, HEADING_STYLES[level])

    def add_paragraph(self, text: str, align: str = "body") -> None:
        paragraph = self._paragraph("", "Normal")
        self._add_text_runs(paragraph, text)
        if align != "body":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.CENTER
            oxml.clear_first_line(paragraph._p.get_or_add_pPr())

    def _add_text_runs(self, paragraph, text: str) -> None:
        """Text as runs; 【待补充：…】 markers highlighted so the clerk cannot miss them."""
        position = 0
        for match in MARKER_RE.finditer(text):
            if match.start() > position:
                paragraph.add_run(text[position : match.start()])
            run = paragraph.add_run(match.group(0))
            oxml.set_highlight(run._r.get_or_add_rPr())
            position = match.end()
        if position < len(text):
            paragraph.add_run(text[position:])

    def add_page_break(self) -> None:
        self._paragraph("", "Normal").add_run().add_break(WD_BREAK.PAGE)

    def add_table(self, table: Table) -> None:
        """A table on its own page (landscape when it needs the width), with label, caption and notes."""
        if table.landscape != self._landscape:
            self._new_section(landscape=table.landscape)
        elif table.new_page and not self._first_block:
            self.add_page_break()
        if table.label:
            label = self._paragraph("", "Normal")
            oxml.clear_first_line(label._p.get_or_add_pPr())
            run = label.add_run(table.label)
            oxml.set_fonts(run._r.get_or_add_rPr(), latin=FONT_LATIN, east_asia=FONT_HEADING_1)
        if table.caption:
            caption = self._paragraph("", "Normal")
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            oxml.clear_first_line(caption._p.get_or_add_pPr())
            run = caption.add_run(table.caption)
            oxml.set_fonts(run._r.get_or_add_rPr(), latin=FONT_LATIN, east_asia=FONT_TITLE)
        columns = max(len(row) for row in table.rows)
        doc_table = self.document.add_table(rows=len(table.rows), cols=columns)
        doc_table.alignment = WD_TABLE_ALIGNMENT.CENTER
        oxml.set_table_borders(doc_table._tbl)
        for r, row in enumerate(table.rows):
            doc_row = doc_table.rows[r]
            if all(len(cell.text) <= SHORT_CELL for cell in row if cell is not None):
                oxml.set_cant_split(doc_row._tr)  # long rows may break, or they leave half a page blank
            if r < table.header_rows:
                oxml.set_repeat_header(doc_row._tr)
            for c in range(columns):
                cell = row[c] if c < len(row) else None
                if cell is not None:
                    self._fill_cell(doc_table.cell(r, c), cell)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if cell is not None and (cell.merge_down or cell.merge_right):
                    doc_table.cell(r, c).merge(doc_table.cell(r + cell.merge_down, c + cell.merge_right))
        if table.widths_mm:
            doc_table.autofit = False
            for c, width in enumerate(table.widths_mm[:columns]):
                doc_table.columns[c].width = Mm(width)  # w:gridCol, which LibreOffice and WPS follow
                for doc_row in doc_table.rows:
                    doc_row.cells[c].width = Mm(width)
        for note in table.notes:
            paragraph = self._paragraph(note, STYLE_TABLE_TEXT)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        self._first_block = False

    def _fill_cell(self, doc_cell, cell: Cell) -> None:
        oxml.set_cell_vertical_center(doc_cell._tc)
        lines = cell.text.split("\n")
        first = doc_cell.paragraphs[0]
        paragraphs = [first] + [doc_cell.add_paragraph() for _ in lines[1:]]
        for paragraph, line in zip(paragraphs, lines):
            paragraph.style = self.document.styles[STYLE_TABLE_TEXT]
            paragraph.alignment = {
                "left": WD_ALIGN_PARAGRAPH.LEFT,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
            }.get(cell.align, WD_ALIGN_PARAGRAPH.CENTER)
            run = paragraph.add_run(line)
            if cell.bold:
                run.bold = True

    def _new_section(self, *, landscape: bool) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self._setup_page(section, landscape=landscape)
        self._landscape = landscape
        self._first_block = True

    # ------------------------------------------------------------ blocks

    def add_blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            if self._landscape and not isinstance(block, Table):
                self._new_section(landscape=False)
            if isinstance(block, Title):
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

    def save(self, path: Path) -> None:
        self.document.save(str(path))


def write_docx(blocks: list[Block], path: Path) -> None:
    writer = DocxWriter()
    writer.add_blocks(blocks)
    writer.save(path)

