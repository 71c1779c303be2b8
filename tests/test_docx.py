"""The saved .docx meets the 公文 layout: page, fonts (east-Asian), styles, footer page field."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docx_digest import digest, effective_east_asia_font
from paths import SAMPLES
from reportgen import api
from reportgen.docx.writer import DocxWriter
from reportgen.render.blocks import Cell, Table


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    api.save(api.draft(SAMPLES / "haizhu_2023.yaml"), path, "docx")
    return path


@pytest.fixture(scope="module")
def document(saved):
    return Document(str(saved))


@pytest.mark.parametrize(
    ("attribute", "mm"),
    [
        ("page_width", 210),
        ("page_height", 297),
        ("top_margin", 37),
        ("bottom_margin", 35),
        ("left_margin", 28),
        ("right_margin", 26),
    ],
)
def test_page_is_a4_with_gbt9704_margins(document, attribute, mm):
    # Word stores twips, so compare within a twentieth of a millimetre.
    assert abs(getattr(document.sections[0], attribute) - Mm(mm)) < Mm(0.05)


@pytest.mark.parametrize(
    ("style", "font", "size", "bold"),
    [
        ("Normal", "仿宋_GB2312", 16, False),
        ("Title", "方正小标宋简体", 22, False),
        ("Heading 1", "黑体", 16, False),
        ("Heading 2", "楷体_GB2312", 16, False),
        ("Heading 3", "仿宋_GB2312", 16, True),
        ("Heading 4", "仿宋_GB2312", 16, False),
        ("Footer", "宋体", 14, False),
    ],
)
def test_style_fonts_are_written_to_east_asia(document, style, font, size, bold):
    s = document.styles[style]
    fonts = s.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == font
    assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None
    assert s.font.size == Pt(size)
    assert bool(s.font.bold) is bold
    assert s.font.italic is False
    assert s.element.rPr.find(qn("w:color")) is None


def test_document_defaults_carry_the_body_font(document):
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_body_has_two_character_indent_and_fixed_line_spacing(document):
    fmt = document.styles["Normal"].paragraph_format
    indent = document.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert Pt(28) <= fmt.line_spacing <= Pt(29)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_headings_use_real_heading_styles_with_outline_levels(document, level):
    style = document.styles[f"Heading {level}"]
    assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


@pytest.mark.parametrize(
    ("text", "style"),
    [("一、部门基本情况", "Heading 1"), ("（一）部门职能", "Heading 2"), ("1.部门整体绩效目标设定", "Heading 3")],
)
def test_numbered_headings_are_written_with_heading_styles(document, text, style):
    assert [p.style.name for p in document.paragraphs if p.text == text] == [style]


def test_title_is_the_first_paragraph_centred(document):
    first = document.paragraphs[0]
    assert first.style.name == "Title"
    assert first.text == "2023年度海珠区国家档案馆部门整体支出绩效自评报告"
    assert document.styles["Title"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_every_paragraph_resolves_to_a_chinese_font(document):
    fonts = {effective_east_asia_font(document, p) for p in document.paragraphs if p.text}
    assert fonts <= {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"}


@pytest.mark.parametrize(("footer", "align"), [("footer", "right"), ("even_page_footer", "left")])
def test_page_numbers_are_a_page_field_on_the_outer_side(document, footer, align):
    paragraph = getattr(document.sections[0], footer).paragraphs[0]
    xml = paragraph._p.xml
    assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
    assert paragraph.alignment == getattr(WD_ALIGN_PARAGRAPH, align.upper())
    assert document.settings.odd_and_even_pages_header_footer


def test_font_table_declares_fallbacks(saved):
    with zipfile.ZipFile(saved) as archive:
        table = archive.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in table and 'w:altName w:val="仿宋"' in table


def test_tables_merge_cells_and_repeat_header(tmp_path):
    writer = DocxWriter()
    writer.add_table(
        Table(
            rows=[
                [Cell("一级"), Cell("二级"), Cell("分值")],
                [Cell("产出指标", merge_down=1), Cell("数量指标"), Cell("3")],
                [None, Cell("质量指标"), Cell("3")],
            ],
            caption="附件2",
        )
    )
    path = tmp_path / "t.docx"
    writer.save(path)
    table = Document(str(path)).tables[0]
    assert table.cell(1, 0)._tc is table.cell(2, 0)._tc  # vertically merged
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.cell(2, 1).text == "质量指标"


def test_docx_digest_snapshot(document, snapshot_txt):
    assert digest(document) == snapshot_txt
