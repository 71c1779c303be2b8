"""Word list numbering (numbering.xml) rendered as the labels a reader sees, and heading levels from styles and
outline levels."""

from __future__ import annotations

import sys

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from paths import FIXTURES
from reportgen.check.docx_read import format_number, read_docx
from reportgen.check.model import Paragraph

sys.path.insert(0, str(FIXTURES))
from make_fixtures import number_paragraph, number_style, use_numbering


@pytest.mark.parametrize(
    ("value", "fmt", "label"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (14, "chineseCountingThousand", "十四"),
        (30, "chineseCounting", "三十"),
        (101, "chineseCounting", "一百零一"),
        (2, "chineseLegalSimplified", "贰"),
        (7, "decimal", "7"),
        (3, "ideographTraditional", "丙"),
        (11, "ideographTraditional", "甲"),
        (2, "ideographZodiac", "丑"),
        (5, "decimalEnclosedCircle", "⑤"),
        (5, "decimalEnclosedCircleChinese", "⑤"),
        (3, "decimalEnclosedParen", "⑶"),
        (12, "decimalFullWidth", "１２"),
        (4, "upperRoman", "IV"),
        (27, "upperLetter", "AA"),
        (3, "lowerLetter", "c"),
        (5, "decimalZero", "05"),
        (1, "bullet", ""),
    ],
)
def test_number_formats(value, fmt, label):
    assert format_number(value, fmt) == label


def _level(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'{extra}<w:suff w:val="nothing"/></w:lvl>'
    )


def _numbering(*abstracts: str, nums: str) -> str:
    return f"<w:numbering {nsdecls('w')}>{''.join(abstracts)}{nums}</w:numbering>"


def _abstract(number: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{number}">{"".join(levels)}</w:abstractNum>'


def _read(tmp_path, build) -> list[str]:
    document = Document()
    build(document)
    path = tmp_path / "编号.docx"
    document.save(str(path))
    return [b.text for b in read_docx(path) if isinstance(b, Paragraph)]


def test_levels_restart_after_a_shallower_level(tmp_path):
    xml = _numbering(
        _abstract(1, _level(0, "chineseCounting", "%1、"), _level(1, "chineseCounting", "（%2）")),
        nums='<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )

    def build(document):
        use_numbering(document, xml)
        for text, level in [("概况", 0), ("职能", 1), ("机构", 1), ("评价", 0), ("结论", 1)]:
            number_paragraph(document.add_paragraph(text), 1, level)

    assert _read(tmp_path, build) == ["一、概况", "（一）职能", "（二）机构", "二、评价", "（一）结论"]


def test_lvl_restart_zero_keeps_counting(tmp_path):
    xml = _numbering(
        _abstract(1, _level(0, "chineseCounting", "%1、"), _level(1, "decimal", "%2.", '<w:lvlRestart w:val="0"/>')),
        nums='<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )

    def build(document):
        use_numbering(document, xml)
        for text, level in [("甲部分", 0), ("第一项", 1), ("乙部分", 0), ("第二项", 1)]:
            number_paragraph(document.add_paragraph(text), 1, level)

    assert _read(tmp_path, build) == ["一、甲部分", "1.第一项", "二、乙部分", "2.第二项"]


def test_lists_sharing_a_definition_continue_unless_a_start_override_restarts(tmp_path):
    xml = _numbering(
        _abstract(1, _level(0, "decimal", "（%1）")),
        nums='<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
    )

    def build(document):
        use_numbering(document, xml)
        for text, num in [("甲", 1), ("乙", 1), ("丙", 2), ("丁", 3), ("戊", 3)]:
            number_paragraph(document.add_paragraph(text), num)

    assert _read(tmp_path, build) == ["（1）甲", "（2）乙", "（3）丙", "（1）丁", "（2）戊"]


def test_start_value_legal_numbering_and_level_override(tmp_path):
    xml = _numbering(
        _abstract(
            1,
            _level(0, "chineseCounting", "%1、").replace('w:start w:val="1"', 'w:start w:val="3"'),
            _level(1, "chineseCounting", "%1.%2", "<w:isLgl/>"),
        ),
        nums='<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        f'<w:lvlOverride w:ilvl="0">{_level(0, "ideographTraditional", "%1.")}</w:lvlOverride></w:num>',
    )

    def build(document):
        use_numbering(document, xml)
        number_paragraph(document.add_paragraph("部分"), 1, 0)
        number_paragraph(document.add_paragraph("细项"), 1, 1)
        number_paragraph(document.add_paragraph("天干"), 2, 0)

    assert _read(tmp_path, build) == ["三、部分", "3.1细项", "丁.天干"]


def test_numbering_through_the_paragraph_style(tmp_path):
    xml = _numbering(
        _abstract(1, _level(0, "chineseCounting", "%1、"), _level(1, "decimalEnclosedCircle", "%2")),
        nums='<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )

    def build(document):
        use_numbering(document, xml)
        number_style(document.styles["Heading 1"], 1, 0)
        number_style(document.styles["Heading 2"], 1, 1)
        document.add_paragraph("部门基本情况", style="Heading 1")
        document.add_paragraph("职能", style="Heading 2")
        document.add_paragraph("机构", style="Heading 2")
        paragraph = document.add_paragraph("不编号的正文", style="Heading 2")
        number_paragraph(paragraph, 0)  # numId 0 on the paragraph takes the style's numbering away

    assert _read(tmp_path, build) == ["一、部门基本情况", "①职能", "②机构", "不编号的正文"]


def test_bullets_add_no_label(tmp_path):
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    xml = _numbering(_abstract(1, _level(0, "bullet", "●")), nums=nums)

    def build(document):
        use_numbering(document, xml)
        number_paragraph(document.add_paragraph("要点"), 1)

    assert _read(tmp_path, build) == ["要点"]


def test_outline_levels_give_heading_levels(tmp_path):
    def build(document):
        styles = document.styles
        custom = styles.add_style("我的一级标题", 1)
        custom.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
        based = styles.add_style("我的一级标题（加粗）", 1)
        based.base_style = custom
        document.add_paragraph("一、部门基本情况", style="我的一级标题（加粗）")
        paragraph = document.add_paragraph("（一）部门职能")
        paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
        document.add_paragraph("正文", style="Heading 3")

    document = Document()
    build(document)
    path = tmp_path / "层级.docx"
    document.save(str(path))
    levels = [(b.text, b.style_level) for b in read_docx(path) if isinstance(b, Paragraph)]
    assert levels == [("一、部门基本情况", 1), ("（一）部门职能", 2), ("正文", 3)]


def test_a_list_linked_through_a_numbering_style(tmp_path):
    """Word's multilevel lists saved as a list style: the definition the paragraphs use holds no levels, only a
    numStyleLink to a numbering style, whose numId leads to the definition that does."""
    xml = _numbering(
        _abstract(1, _level(0, "chineseCounting", "%1、"), _level(1, "chineseCounting", "（%2）")).replace(
            '<w:abstractNum w:abstractNumId="1">',
            '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="报告编号"/>',
        ),
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="报告编号"/></w:abstractNum>',
        nums='<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>',
    )

    def build(document):
        use_numbering(document, xml)
        document.styles.element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="报告编号"><w:name w:val="报告编号"/>'
                '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
            )
        )
        for text, level in [("基本情况", 0), ("职能", 1), ("机构", 1), ("评价结论", 0)]:
            number_paragraph(document.add_paragraph(text), 2, level)

    assert _read(tmp_path, build) == ["一、基本情况", "（一）职能", "（二）机构", "二、评价结论"]


def test_heading_styles_are_read_whatever_surrounds_them_in_the_styles_part(tmp_path):
    """The styles part is read without its table and character styles; a heading style between them, after a
    self-closing one, or written with other quotes is still found."""
    extra = (
        '<w:style w:type="table" w:styleId="空表"/>'
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="甲标题"><w:name w:val="甲标题"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="character" w:styleId="强调字"><w:name w:val="强调字"/></w:style>'
        "<w:style w:type='paragraph' w:styleId='乙标题'><w:name w:val='乙标题'/>"
        "<w:pPr><w:outlineLvl w:val='1'/></w:pPr></w:style>"
    )

    def build(document):
        for style in parse_xml(f"<w:styles {nsdecls('w')}>{extra}</w:styles>"):
            document.styles.element.append(style)
        for text, style in [("一、概况", "甲标题"), ("（一）职能", "乙标题"), ("正文", None)]:
            paragraph = document.add_paragraph(text)
            if style:
                paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))

    document = Document()
    build(document)
    path = tmp_path / "样式.docx"
    document.save(str(path))
    levels = [(b.text, b.style_level) for b in read_docx(path) if isinstance(b, Paragraph)]
    assert levels == [("一、概况", 1), ("（一）职能", 2), ("正文", None)]
