"""Element-level helpers: the only module that touches WordprocessingML directly.

Content is built append-only: each paragraph, row and cell is created once, in document order, with
its properties written in schema order, so building a document costs time in proportion to its size.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

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
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
        "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
        "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
        "lang", "eastAsianLayout", "specVanish", "oMath",
    ],
    "w:pPr": [
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
        "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
        "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
        "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ],
    "w:tcPr": [
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
        "tcFitText", "vAlign", "hideMark",
    ],
    "w:tblPr": [
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
        "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
    ],
    "w:style": [
        "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
        "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr", "rPr",
        "tblPr", "trPr", "tcPr", "tblStylePr",
    ],
}

# Clark names of the elements and attributes the builders below write, resolved once.
_P, _PPR, _PSTYLE, _SPACING, _IND, _JC = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:spacing", "w:ind", "w:jc"))
_R, _RPR, _RFONTS, _B, _HIGHLIGHT, _LANG = (qn(t) for t in ("w:r", "w:rPr", "w:rFonts", "w:b", "w:highlight", "w:lang"))
_T, _TAB, _BR = qn("w:t"), qn("w:tab"), qn("w:br")
_TBL, _TBLPR, _TBLW, _TBLBORDERS, _TBLLAYOUT, _TBLLOOK = (
    qn(t) for t in ("w:tbl", "w:tblPr", "w:tblW", "w:tblBorders", "w:tblLayout", "w:tblLook")
)
_TBLGRID, _GRIDCOL, _TR, _TRPR, _CANTSPLIT, _TBLHEADER = (
    qn(t) for t in ("w:tblGrid", "w:gridCol", "w:tr", "w:trPr", "w:cantSplit", "w:tblHeader")
)
_TC, _TCPR, _TCW, _GRIDSPAN, _VMERGE, _VALIGN = (
    qn(t) for t in ("w:tc", "w:tcPr", "w:tcW", "w:gridSpan", "w:vMerge", "w:vAlign")
)
_VAL, _TYPE, _W = qn("w:val"), qn("w:type"), qn("w:w")
_SPACE_PRESERVE = qn("xml:space")
_BORDER_EDGES = tuple(qn(f"w:{edge}") for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
# python-docx's tblLook for a new table, kept so tables look as they did when python-docx built them.
_TBL_LOOK = {"firstColumn": "1", "firstRow": "1", "lastColumn": "0", "lastRow": "0", "noHBand": "0",
             "noVBand": "1", "val": "04A0"}
_RUN_BREAKS = re.compile(r"([\t\r\n])")


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


def add_complex_field(paragraph_element: etree._Element, instruction: str, placeholder: str,
                      rpr: etree._Element | None = None) -> None:
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


def set_page(sect_pr: CT_SectPr, *, size: tuple[Length, Length], margins: tuple[Length, Length, Length, Length],
             header: Length, footer: Length, landscape: bool) -> None:
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


def section_break(sentinel: CT_SectPr) -> etree._Element:
    """A paragraph that ends the current section with a copy of the body's last ``w:sectPr``.

    As python-docx's ``add_section_break``: the copy keeps the header and footer references, the
    body's ``w:sectPr`` (now the new last section) loses them and so inherits them; but in constant time.
    """
    paragraph = OxmlElement("w:p")
    ended = copy.deepcopy(sentinel)
    for attr in [name for name in ended.attrib if _local(name).startswith("rsid")]:
        del ended.attrib[attr]  # as python-docx's CT_SectPr.clone(): revision ids belong to one section
    etree.SubElement(paragraph, _PPR).append(ended)
    for reference in sentinel.findall(qn("w:headerReference")) + sentinel.findall(qn("w:footerReference")):
        sentinel.remove(reference)
    return paragraph


# ---------------------------------------------------------------- paragraphs and runs


def new_paragraph(style_id: str | None = None, *, align: str | None = None, flush: bool = False,
                  spacing: tuple[int, int] | None = None) -> etree._Element:
    """A detached ``w:p``, to be placed with ``addprevious``/``append``; see :func:`add_paragraph`."""
    paragraph = OxmlElement("w:p")
    _paragraph_properties(paragraph, style_id, align, flush, spacing)
    return paragraph


def add_paragraph(parent: etree._Element, style_id: str | None = None, *, align: str | None = None,
                  flush: bool = False, spacing: tuple[int, int] | None = None) -> etree._Element:
    """Append a ``w:p`` to ``parent`` (a cell): paragraph style id, ``align`` (left / center / right / both),
    ``flush`` (no first-line indent) and ``spacing`` (before, after) in twips; ``w:pPr`` only if needed."""
    paragraph = etree.SubElement(parent, _P)
    _paragraph_properties(paragraph, style_id, align, flush, spacing)
    return paragraph


def _paragraph_properties(paragraph: etree._Element, style_id: str | None, align: str | None, flush: bool,
                          spacing: tuple[int, int] | None) -> None:
    if style_id is None and align is None and not flush and spacing is None:
        return
    ppr = etree.SubElement(paragraph, _PPR)  # children in schema order: pStyle, spacing, ind, jc
    if style_id is not None:
        etree.SubElement(ppr, _PSTYLE).set(_VAL, style_id)
    if spacing is not None:
        element = etree.SubElement(ppr, _SPACING)
        element.set(qn("w:before"), str(spacing[0]))
        element.set(qn("w:after"), str(spacing[1]))
    if flush:
        ind = etree.SubElement(ppr, _IND)
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")
    if align is not None:
        etree.SubElement(ppr, _JC).set(_VAL, align)


def add_run(paragraph: etree._Element, text: str, *, bold: bool = False, highlight: str | None = None,
            fonts: tuple[str, str] | None = None) -> etree._Element:
    """Append a ``w:r`` holding ``text``: tabs and line breaks become ``w:tab`` and ``w:br`` as in python-docx.

    ``fonts`` is (latin, east-Asian); ``w:rPr`` children go in schema order (rFonts, b, highlight, lang).
    """
    run = etree.SubElement(paragraph, _R)
    if bold or highlight or fonts:
        rpr = etree.SubElement(run, _RPR)
        if bold:
            etree.SubElement(rpr, _B)
        if highlight:
            etree.SubElement(rpr, _HIGHLIGHT).set(_VAL, highlight)
        if fonts:
            set_fonts(rpr, latin=fonts[0], east_asia=fonts[1])
    if "\t" in text or "\n" in text or "\r" in text:
        for piece in _RUN_BREAKS.split(text):
            if piece == "\t":
                etree.SubElement(run, _TAB)
            elif piece in ("\r", "\n"):
                etree.SubElement(run, _BR)
            elif piece:
                _add_text(run, piece)
    elif text:
        _add_text(run, text)
    return run


def _add_text(run: etree._Element, text: str) -> None:
    element = etree.SubElement(run, _T)
    element.text = text
    if len(text.strip()) < len(text):  # leading or trailing spaces (also 全角) would be dropped otherwise
        element.set(_SPACE_PRESERVE, "preserve")


def add_page_break(paragraph: etree._Element) -> None:
    etree.SubElement(etree.SubElement(paragraph, _R), _BR).set(_TYPE, "page")


def set_highlight(rpr: etree._Element, color: str = "yellow") -> None:
    _child(rpr, "w:highlight").set(qn("w:val"), color)


# ---------------------------------------------------------------- tables


def new_table(grid: Sequence[int], *, fixed: bool, border_size: int = 4) -> etree._Element:
    """A detached, centred ``w:tbl`` with single black borders (``border_size`` in eighths of a point) and
    ``grid`` column widths in twips; ``fixed`` keeps Word from re-fitting the columns. Add rows with :func:`add_row`.
    """
    table = OxmlElement("w:tbl")
    tblpr = etree.SubElement(table, _TBLPR)  # tblW, jc, tblBorders, tblLayout, tblLook: schema order
    width = etree.SubElement(tblpr, _TBLW)
    width.set(_TYPE, "auto")
    width.set(_W, "0")
    etree.SubElement(tblpr, _JC).set(_VAL, "center")
    borders = etree.SubElement(tblpr, _TBLBORDERS)
    for edge in _BORDER_EDGES:
        element = etree.SubElement(borders, edge)
        element.set(_VAL, "single")
        element.set(qn("w:sz"), str(border_size))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
    if fixed:
        etree.SubElement(tblpr, _TBLLAYOUT).set(_TYPE, "fixed")
    look = etree.SubElement(tblpr, _TBLLOOK)
    for name, value in _TBL_LOOK.items():
        look.set(qn(f"w:{name}"), value)
    columns = etree.SubElement(table, _TBLGRID)
    for twips in grid:
        etree.SubElement(columns, _GRIDCOL).set(_W, str(twips))
    return table


def add_row(table: etree._Element, *, cant_split: bool = False, repeat_header: bool = False) -> etree._Element:
    """Append a ``w:tr``: ``cant_split`` keeps it on one page, ``repeat_header`` repeats it atop every page."""
    row = etree.SubElement(table, _TR)
    if cant_split or repeat_header:
        trpr = etree.SubElement(row, _TRPR)
        if cant_split:
            etree.SubElement(trpr, _CANTSPLIT).set(_VAL, "true")
        if repeat_header:
            etree.SubElement(trpr, _TBLHEADER).set(_VAL, "true")
    return row


def add_cell(row: etree._Element, *, width: int, span: int = 1, v_merge: str | None = None) -> etree._Element:
    """Append a vertically centred ``w:tc`` of ``width`` twips spanning ``span`` grid columns.

    ``v_merge`` is ``"restart"`` for the top cell of a vertical merge, ``"continue"`` for each cell it covers
    below (which holds only an empty paragraph). The caller adds at least one paragraph.
    """
    cell = etree.SubElement(row, _TC)
    tcpr = etree.SubElement(cell, _TCPR)  # tcW, gridSpan, vMerge, vAlign: schema order
    tcw = etree.SubElement(tcpr, _TCW)
    tcw.set(_TYPE, "dxa")
    tcw.set(_W, str(width))
    if span > 1:
        etree.SubElement(tcpr, _GRIDSPAN).set(_VAL, str(span))
    if v_merge == "restart":
        etree.SubElement(tcpr, _VMERGE).set(_VAL, "restart")
    elif v_merge == "continue":
        etree.SubElement(tcpr, _VMERGE)  # no w:val means "continue"
    elif v_merge is not None:
        raise ValueError(f"v_merge must be 'restart', 'continue' or None, not {v_merge!r}")
    etree.SubElement(tcpr, _VALIGN).set(_VAL, "center")
    return cell


# ---------------------------------------------------------------- the package part


def serialize(element: etree._Element) -> bytes:
    """A part's XML as python-docx writes it: UTF-8 with a standalone declaration."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)
