"""Element-level helpers: the only module that touches WordprocessingML directly.

Content is built append-only: each paragraph, row and cell is created once, in document order, with
its properties written in schema order, so building a document costs time in proportion to its size.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Sequence

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docx.shared import Emu, Length
from lxml import etree

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# Child order of the elements we edit (ECMA-376); Word rejects out-of-order children.
_ORDER = {
    "w:rPr": [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
    "w:pPr": [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    "w:tcPr": [
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ],
    "w:tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
    ],
    "w:style": [
        "name",
        "aliases",
        "basedOn",
        "next",
        "link",
        "autoRedefine",
        "hidden",
        "uiPriority",
        "semiHidden",
        "unhideWhenUsed",
        "qFormat",
        "locked",
        "personal",
        "personalCompose",
        "personalReply",
        "rsid",
        "pPr",
        "rPr",
        "tblPr",
        "trPr",
        "tcPr",
        "tblStylePr",
    ],
}


def _local(tag: str) -> str:
    return tag.split("}")[-1] if "}" in tag else tag.split(":")[-1]


def _child(parent: etree._Element, tag: str, *, first: bool = False) -> etree._Element:
    """The ``tag`` child of ``parent``, created in schema order if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = OxmlElement(tag)
    order = _ORDER.get(f"w:{_local(parent.tag)}")
    if first:
        parent.insert(0, found)
    elif order and _local(tag) in order:
        rank = order.index(_local(tag))
        for index, sibling in enumerate(parent):
            sibling_name = _local(sibling.tag)
            if sibling_name in order and order.index(sibling_name) > rank:
                parent.insert(index, found)
                return found
        parent.append(found)
    else:
        parent.append(found)
    return found


# ---------------------------------------------------------------- styles, fonts, sections


def set_fonts(rpr: etree._Element, *, latin: str, east_asia: str) -> None:
    """Write ``ascii``, ``hAnsi`` and ``eastAsia`` fonts on an ``w:rPr``, dropping theme fonts.

    Theme attributes win over explicit names in Word, so they must go; python-docx's
    ``font.name`` writes neither ``eastAsia`` nor removes them.
    """
    fonts = _child(rpr, "w:rFonts")
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def style_rpr(style_element: etree._Element) -> etree._Element:
    return _child(style_element, "w:rPr")


def style_ppr(style_element: etree._Element) -> etree._Element:
    return _child(style_element, "w:pPr")


def doc_defaults_rpr(styles_element: etree._Element) -> etree._Element:
    defaults = _child(styles_element, "w:docDefaults", first=True)
    rpr_default = _child(defaults, "w:rPrDefault", first=True)
    return _child(rpr_default, "w:rPr")


def remove_children(parent: etree._Element, *tags: str) -> None:
    for tag in tags:
        for found in parent.findall(qn(tag)):
            parent.remove(found)


def set_first_line_chars(ppr: etree._Element, *, chars: int, twips: int) -> None:
    """First-line indent in characters (Word's ``firstLineChars`` is hundredths of a character)."""
    ind = _child(ppr, "w:ind")
    for attr in ("w:hanging", "w:hangingChars"):
        ind.attrib.pop(qn(attr), None)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(twips))


def clear_first_line(ppr: etree._Element) -> None:
    ind = _child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


def set_outline_level(ppr: etree._Element, level: int) -> None:
    """Outline level 0-based, so the Word/WPS navigation pane lists the heading."""
    _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def add_complex_field(
    paragraph_element: etree._Element, instruction: str, placeholder: str, rpr: etree._Element | None = None
) -> None:
    """Append ``{ INSTRUCTION }`` as a complex field (begin / instrText / separate / result / end)."""

    def run(*children: etree._Element) -> etree._Element:
        r = OxmlElement("w:r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        for child in children:
            r.append(child)
        paragraph_element.append(r)
        return r

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run(separate)
    text = OxmlElement("w:t")
    text.text = placeholder
    run(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


def add_font_fallbacks(font_table: etree._Element, fallbacks: dict[str, str]) -> None:
    """Declare ``altName`` for fonts a machine may lack (仿宋_GB2312 → 仿宋), as WPS and Word honour it."""
    existing = {f.get(qn("w:name")) for f in font_table.findall(qn("w:font"))}
    for name, alternative in fallbacks.items():
        if name in existing:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), alternative)
        font.append(alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(charset)
        family = OxmlElement("w:family")
        family.set(qn("w:val"), "modern" if "黑" in name else "roman")
        font.append(family)
        pitch = OxmlElement("w:pitch")
        pitch.set(qn("w:val"), "variable")
        font.append(pitch)
        font_table.append(font)


def set_page(
    sect_pr: CT_SectPr,
    *,
    size: tuple[Length, Length],
    margins: tuple[Length, Length, Length, Length],
    header: Length,
    footer: Length,
    landscape: bool,
) -> None:
    """Page size (width, height), margins (top, bottom, left, right) and header/footer distances of a section."""
    sect_pr.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sect_pr.page_width, sect_pr.page_height = size
    sect_pr.top_margin, sect_pr.bottom_margin, sect_pr.left_margin, sect_pr.right_margin = margins
    sect_pr.header = header
    sect_pr.footer = footer


def text_width(sect_pr: CT_SectPr) -> Length:
    """The width between the section's side margins (python-docx's block width)."""
    width = (sect_pr.page_width or 0) - (sect_pr.left_margin or 0) - (sect_pr.right_margin or 0)
    return Emu(width)


def end_section(sentinel: CT_SectPr, *, title_page: bool = False) -> str:
    """Markup of the ``w:sectPr`` that ends the current section: a copy of the body's last ``w:sectPr``.

    As python-docx's ``add_section_break``: the copy keeps the header and footer references and drops the
    revision ids; the body's ``w:sectPr`` (now the new last section) loses the references and so inherits
    them. ``title_page`` gives the ended section's first page its own (empty) footer: a cover without a page
    number. A page-numbering restart (``w:pgNumType``) on the sentinel belongs to the section it ends and
    is not carried on.
    """
    ended = copy.deepcopy(sentinel)
    for attr in [name for name in ended.attrib if _local(name).startswith("rsid")]:
        del ended.attrib[attr]
    for reference in sentinel.findall(qn("w:headerReference")) + sentinel.findall(qn("w:footerReference")):
        sentinel.remove(reference)
    remove_children(sentinel, "w:pgNumType")
    if title_page:
        _child(ended, "w:titlePg")
    return _markup(ended)


def restart_page_numbers(sect_pr: CT_SectPr) -> None:
    """Number the section's pages from 1 (the body after a cover)."""
    _child(sect_pr, "w:pgNumType").set(qn("w:start"), "1")


def with_section_end(paragraph_markup: str, sect_pr: str) -> str:
    """A paragraph from :func:`paragraph` that also ends its section: ``sect_pr`` is the last child of its
    ``w:pPr``, so no empty paragraph is needed (one that could spill onto a blank page)."""
    if paragraph_markup.startswith("<w:p><w:pPr>"):
        at = paragraph_markup.index("</w:pPr>")
        return paragraph_markup[:at] + sect_pr + paragraph_markup[at:]
    return f"<w:p><w:pPr>{sect_pr}</w:pPr>{paragraph_markup[len('<w:p>') :]}"


#: The paragraph a section needs after a table that ends it: one point high, so it never spills onto a page.
SECTION_END_SPACER = (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
)
#: The same between two tables kept together (Word joins tables with nothing between them).
TABLE_SPACER = SECTION_END_SPACER.replace("<w:pPr>", "<w:pPr><w:keepNext/>", 1)


def _markup(element: etree._Element) -> str:
    """An element's markup without the namespace declarations lxml repeats on it: the document root has them."""
    markup = etree.tostring(element, encoding="unicode")
    end = markup.index(">")
    return _NS_DECLARATION.sub("", markup[:end]) + markup[end:]


# ---------------------------------------------------------------- body content, as markup
#
# The body is written once, front to back, so each paragraph, run, row and cell is emitted as its
# markup in document order (prefix ``w:``, which the document root declares) rather than built as
# lxml elements: a 自评表 of 3,000 rows is some 40,000 elements, and markup is ten times cheaper.


def paragraph(
    runs: str = "",
    *,
    style_id: str | None = None,
    align: str | None = None,
    flush: bool = False,
    spacing: tuple[int, int] | None = None,
    keep_next: bool = False,
    break_before: bool = False,
) -> str:
    """A ``w:p`` holding ``runs`` (from :func:`run`): paragraph style id, ``align`` (left / center / right / both),
    ``flush`` (no first-line indent), ``spacing`` (before, after) in twips, ``keep_next`` (on the page of the
    paragraph after it) and ``break_before`` (starts a new page); ``w:pPr`` only if needed."""
    properties = _paragraph_properties(style_id, align, flush, spacing, keep_next, break_before)
    return f"<w:p>{properties}{runs}</w:p>"


@functools.cache
def _paragraph_properties(
    style_id: str | None,
    align: str | None,
    flush: bool,
    spacing: tuple[int, int] | None,
    keep_next: bool,
    break_before: bool,
) -> str:
    parts = []  # schema order: pStyle, keepNext, pageBreakBefore, spacing, ind, jc
    if style_id is not None:
        parts.append(f'<w:pStyle w:val="{_attr(style_id)}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if break_before:
        parts.append("<w:pageBreakBefore/>")
    if spacing is not None:
        parts.append(f'<w:spacing w:before="{spacing[0]:d}" w:after="{spacing[1]:d}"/>')
    if flush:
        parts.append('<w:ind w:firstLineChars="0" w:firstLine="0"/>')
    if align is not None:
        parts.append(f'<w:jc w:val="{_attr(align)}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def run(text: str, *, bold: bool = False, highlight: str | None = None, fonts: tuple[str, str] | None = None) -> str:
    """A ``w:r`` holding ``text``; tabs and line breaks become ``w:tab`` and ``w:br`` as in python-docx.

    ``fonts`` is (latin, east-Asian), written as ``w:rFonts`` with ``w:lang`` like :func:`set_fonts`.
    """
    return f"<w:r>{_run_properties(bold, highlight, fonts)}{_text(text)}</w:r>"


@functools.cache
def _run_properties(bold: bool, highlight: str | None, fonts: tuple[str, str] | None) -> str:
    parts = []  # schema order: rFonts, b, highlight, lang
    if fonts is not None:
        latin, east_asia = _attr(fonts[0]), _attr(fonts[1])
        parts.append(
            f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}" w:eastAsia="{east_asia}" w:hint="eastAsia"/>'
        )
    if bold:
        parts.append("<w:b/>")
    if highlight is not None:
        parts.append(f'<w:highlight w:val="{_attr(highlight)}"/>')
    if fonts is not None:
        parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _text(text: str) -> str:
    if not text:
        return ""
    if _RUN_SPECIAL.search(text) is None:
        return _t(text)
    if bad := _NOT_XML.search(text):
        raise ValueError(f"text holds U+{ord(bad.group()):04X}, which XML cannot carry: {text[:40]!r}")
    pieces = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            pieces.append("<w:br/>")
        elif piece:
            pieces.append(_t(piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")))
    return "".join(pieces)


def _t(escaped: str) -> str:
    if escaped[0].isspace() or escaped[-1].isspace():  # leading or trailing spaces (also 全角) are kept
        return f'<w:t xml:space="preserve">{escaped}</w:t>'
    return f"<w:t>{escaped}</w:t>"


def _attr(value: str) -> str:
    if _NOT_XML.search(value):
        raise ValueError(f"attribute value {value!r} holds a character XML cannot carry")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def table(grid: Sequence[int], rows: Iterable[str], *, fixed: bool, border_size: int = 4) -> str:
    """A centred ``w:tbl`` of ``rows`` (from :func:`row`) with single black borders (``border_size`` in eighths
    of a point) and ``grid`` column widths in twips; ``fixed`` keeps Word from re-fitting the columns."""
    border = f'w:val="single" w:sz="{border_size:d}" w:space="0" w:color="000000"'
    borders = "".join(f"<w:{edge} {border}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    layout = '<w:tblLayout w:type="fixed"/>' if fixed else ""
    columns = "".join(f'<w:gridCol w:w="{twips:d}"/>' for twips in grid)
    return (  # tblPr children in schema order: tblW, jc, tblBorders, tblLayout, tblLook
        f'<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblBorders>{borders}'
        f"</w:tblBorders>{layout}{_TBL_LOOK}</w:tblPr><w:tblGrid>{columns}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def row(cells: Iterable[str], *, cant_split: bool = False, repeat_header: bool = False) -> str:
    """A ``w:tr`` of ``cells`` (from :func:`cell`): ``cant_split`` keeps it on one page, ``repeat_header``
    repeats it atop every page the table runs onto."""
    return f"<w:tr>{_ROW_PROPERTIES[cant_split, repeat_header]}{''.join(cells)}</w:tr>"


def cell(paragraphs: str, *, width: int, span: int = 1, v_merge: str | None = None) -> str:
    """A vertically centred ``w:tc`` of ``width`` twips across ``span`` grid columns, holding ``paragraphs``.

    ``v_merge`` is ``"restart"`` for the top cell of a vertical merge and ``"continue"`` for each cell it
    covers below. A cell must hold at least one paragraph, so an empty one gets ``<w:p/>``.
    """
    grid_span = f'<w:gridSpan w:val="{span:d}"/>' if span > 1 else ""
    return (  # tcPr children in schema order: tcW, gridSpan, vMerge, vAlign
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width:d}"/>{grid_span}{_V_MERGE[v_merge]}'
        f'<w:vAlign w:val="center"/></w:tcPr>{paragraphs or "<w:p/>"}</w:tc>'
    )


def document_xml(document: etree._Element, body: str) -> bytes:
    """``document`` serialized as python-docx writes a part, with ``body`` markup placed before the body's
    closing ``w:sectPr`` (the only element left in the body)."""
    xml = serialize(document)
    at = xml.rindex(b"<w:sectPr")
    return xml[:at] + body.encode("utf-8") + xml[at:]


_RUN_BREAKS = re.compile(r"([\t\r\n])")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RUN_SPECIAL = re.compile("[\t\r\n&<>]|[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NS_DECLARATION = re.compile(r'\sxmlns(?::\w+)?="[^"]*"')
# python-docx's tblLook for a new table, kept so tables look as they did when python-docx built them.
_TBL_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
    'w:noVBand="1" w:val="04A0"/>'
)
_ROW_PROPERTIES = {
    (False, False): "",
    (True, False): '<w:trPr><w:cantSplit w:val="true"/></w:trPr>',
    (False, True): '<w:trPr><w:tblHeader w:val="true"/></w:trPr>',
    (True, True): '<w:trPr><w:cantSplit w:val="true"/><w:tblHeader w:val="true"/></w:trPr>',
}
_V_MERGE = {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}


# ---------------------------------------------------------------- the package part


def serialize(element: etree._Element) -> bytes:
    """A part's XML as python-docx writes it: UTF-8 with a standalone declaration."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)
