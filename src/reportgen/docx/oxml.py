"""Element-level helpers: the only module that touches WordprocessingML directly."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# Child order of the elements we edit (ECMA-376); Word rejects out-of-order children.
_ORDER = {
    "w:rPr": (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
        "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ).split(),
    "w:pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
        "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
        "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr "
        "sectPr pPrChange"
    ).split(),
    "w:tcPr": (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
        "hideMark"
    ).split(),
    "w:tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
        "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook"
    ).split(),
    "w:style": (
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
        "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
    ).split(),
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
            r.append(_copy(rpr))
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


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def set_repeat_header(tr: etree._Element) -> None:
    """Repeat this table row at the top of every page the table spans."""
    trpr = tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader").set(qn("w:val"), "true")


def set_cant_split(tr: etree._Element) -> None:
    trpr = tr.get_or_add_trPr()
    _child(trpr, "w:cantSplit").set(qn("w:val"), "true")


def set_table_borders(tbl: etree._Element, *, size: int = 4) -> None:
    """Single black borders on every edge and inner line (size in eighths of a point)."""
    tblpr = tbl.tblPr
    borders = _child(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = _child(borders, f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")


def set_cell_vertical_center(tc: etree._Element) -> None:
    tcpr = tc.get_or_add_tcPr()
    _child(tcpr, "w:vAlign").set(qn("w:val"), "center")


def set_highlight(rpr: etree._Element, color: str = "yellow") -> None:
    _child(rpr, "w:highlight").set(qn("w:val"), color)


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
