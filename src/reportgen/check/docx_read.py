"""Read a .docx at the element level: paragraphs with their heading level, tables with merged cells, in order.

One pass over document.xml with lxml: no grid rebuilt per row (python-docx's ``row.cells`` is quadratic in a
table's size), and only the parts needed are parsed (the main document and its styles), with entity
resolution and network access off.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath

from lxml import etree

from reportgen.caches import on_forget
from reportgen.check.model import Block, Paragraph, TableBlock
from reportgen.errors import DraftReadError
from reportgen.limits import MAX_DOCX_COMPRESSION_RATIO, MAX_DOCX_UNPACKED_BYTES, size_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@lru_cache(maxsize=256)
def _w(tag: str) -> str:
    """The qualified name of a WordprocessingML tag, or of a "/"-separated path of them."""
    return "/".join(f"{{{W}}}{part}" for part in tag.split("/"))


P, TBL, R, T, TAB, BR, CR = (_w(t) for t in ("p", "tbl", "r", "t", "tab", "br", "cr"))
PPR, PSTYLE, NUMPR, VAL = (_w(t) for t in ("pPr", "pStyle", "numPr", "val"))


def _xpath(path: str) -> etree.XPath:
    """A compiled query over WordprocessingML (prefix ``w``)."""
    return etree.XPath(path, namespaces={"w": W}, smart_strings=False)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
# Text-bearing elements of a run: what Word shows, in order (deleted text, field codes and drawings are not text).
_RUN_TEXT = {T: None, TAB: "\t", BR: "\n", CR: "\n", _w("noBreakHyphen"): "-", _w("ptab"): "\t"}


def read_docx(path: Path) -> list[Block]:
    """Paragraphs (with heading levels from their styles, list labels rendered) and tables, in document order."""
    try:
        with zipfile.ZipFile(path) as package:
            _refuse_bomb(package, path)
            main = _main_part(package)
            body = _parse(package, main).find(_w("body"))
            folder = PurePosixPath(main).parent
            styles = _styles(_optional_bytes(package, str(folder / "styles.xml")))
            numbering = Numbering(_optional_part(package, str(folder / "numbering.xml")), styles)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        raise DraftReadError(
            f"{path.name} 不是有效的 Word（.docx）文件或已损坏；请在 Word 或 WPS 中打开后另存为 .docx 再检查"
        ) from None
    if body is None:
        raise DraftReadError(f"{path.name} 不是有效的 Word（.docx）文件：没有正文")
    numbering.only(body)
    reader = _Reader(styles, numbering, body)
    blocks: list[Block] = []
    for ordinal, element in enumerate(_body_elements(body), start=1):
        if element.tag == P:
            text = reader.paragraph(element)
            if text.strip():
                blocks.append(Paragraph(text.strip(), ordinal, reader.heading_level(element)))
        elif element.tag == TBL:
            rows, merged = table_rows(element, reader.paragraph)
            if rows:
                blocks.append(TableBlock(rows, ordinal, merged=merged))
    return blocks


_SDT, _SDT_CONTENT, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")


def _body_elements(container: etree._Element) -> list[etree._Element]:
    """The body's paragraphs and tables in order, including those inside content controls (w:sdt) and custom
    XML — Word puts its table of contents in one, and some templates wrap the whole text in one."""
    found: list[etree._Element] = []
    for element in container:
        if element.tag in (P, TBL):
            found.append(element)
        elif element.tag == _SDT:
            content = element.find(_SDT_CONTENT)
            if content is not None:
                found.extend(_body_elements(content))
        elif element.tag == _CUSTOM_XML:
            found.extend(_body_elements(element))
    return found


def _refuse_bomb(package: zipfile.ZipFile, path: Path) -> None:
    """A .docx that would unpack to far more than any report (a zip bomb) is refused before any part is read."""
    unpacked = sum(info.file_size for info in package.infolist())
    packed = max(1, sum(info.compress_size for info in package.infolist()))
    if unpacked > MAX_DOCX_UNPACKED_BYTES or unpacked / packed > MAX_DOCX_COMPRESSION_RATIO:
        raise DraftReadError(
            f"{path.name} 解压后有 {size_text(unpacked)}（压缩了 {unpacked / packed:.0f} 倍），不像正常的 Word 文件，"
            f"为安全起见不予读取（上限 {size_text(MAX_DOCX_UNPACKED_BYTES)}、{MAX_DOCX_COMPRESSION_RATIO} 倍）"
        )


def _main_part(package: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    rels = _parse(package, "_rels/.rels")
    for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("Type") == _REL:
            return str(PurePosixPath(rel.get("Target", "").lstrip("/")))
    return "word/document.xml"


def _parse(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name), _PARSER)


def _optional_part(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return _parse(package, name)
    except KeyError:
        return None


def _optional_bytes(package: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return package.read(name)
    except KeyError:
        return None


def _styles(data: bytes | None) -> Styles:
    """The paragraph styles of a styles.xml, read once per distinct part: the reports of a batch mostly come
    from a few templates, and a template's styles.xml (table styles mostly) is often larger than the text.
    Keyed by the part's SHA-256, so a hit is an identical part; a malformed part raises and is not kept."""
    if data is None:
        return Styles(None)
    return _styles_by_digest(hashlib.sha256(data).digest(), data)


_STYLES_KEPT = 8


def _styles_by_digest(digest: bytes, data: bytes) -> Styles:
    styles = _STYLES_SEEN.pop(digest, None) or Styles(_styles_root(data))
    _STYLES_SEEN[digest] = styles  # most recently used last
    while len(_STYLES_SEEN) > _STYLES_KEPT:
        del _STYLES_SEEN[next(iter(_STYLES_SEEN))]
    return styles


_STYLES_SEEN: dict[bytes, Styles] = {}

# The parts of a styles.xml a reader of paragraphs does not need, cut out before parsing: a template's table
# styles and latent-style list are most of its size (python-docx's own: 350 KB, of which 17 KB are paragraph and
# numbering styles), and parsing them cost more than the whole document.xml.
_STYLE_OPEN_RE = re.compile(rb"<w:style\b[^>]*>")
_STYLE_TYPE_RE = re.compile(rb'\bw:type="([^"]*)"')
_STYLE_TYPES_READ = (b"paragraph", b"numbering")
_LATENT_START, _LATENT_END, _STYLE_END = b"<w:latentStyles", b"</w:latentStyles>", b"</w:style>"


def _styles_root(data: bytes) -> etree._Element:
    """The parsed styles part, without the styles :class:`Styles` does not read when the part spells them the
    usual way (prefix ``w``); the whole part when cutting leaves it malformed or it is written otherwise."""
    if f'xmlns:w="{W}"'.encode() in data[:4096]:
        try:
            return etree.fromstring(_paragraph_styles_only(data), _PARSER)
        except etree.XMLSyntaxError:
            pass
    return etree.fromstring(data, _PARSER)


def _paragraph_styles_only(data: bytes) -> bytes:
    """``data`` without ``w:latentStyles`` and without the ``w:style`` elements of other types than those read
    (styles do not nest, so a style ends at the first ``</w:style>`` after it opens)."""
    start = data.find(_LATENT_START)
    end = data.find(_LATENT_END, start)
    if start >= 0 and end >= 0:
        data = data[:start] + data[end + len(_LATENT_END) :]
    kept: list[bytes] = []
    position = 0
    for opening in _STYLE_OPEN_RE.finditer(data):
        if opening.start() < position:
            continue
        kind = _STYLE_TYPE_RE.search(opening.group())
        if kind is None or kind.group(1) in _STYLE_TYPES_READ:
            continue
        if opening.group().endswith(b"/>"):
            end = opening.end()
        else:
            end = data.find(_STYLE_END, opening.end())
            if end < 0:
                return data
            end += len(_STYLE_END)
        kept.append(data[position : opening.start()])
        position = end
    kept.append(data[position:])
    return b"".join(kept)


@on_forget
def forget_styles() -> None:
    """Drop the styles kept from earlier documents."""
    _STYLES_SEEN.clear()


def _val(element: etree._Element | None, path: str) -> str | None:
    """The ``w:val`` of the child at ``path`` (tags without prefix, "/"-separated), or None."""
    if element is None:
        return None
    found = _find(element, _path(path))
    return None if found is None else found.get(VAL)


@lru_cache(maxsize=64)
def _path(path: str) -> tuple[str, ...]:
    return tuple(_w(tag) for tag in path.split("/"))


def _find(element: etree._Element, path: tuple[str, ...]) -> etree._Element | None:
    """What ``element.find`` gives for a path of qualified child tags (the first match in document order),
    without ElementPath's machinery, which costs several times a walk over the few children of a paragraph."""
    tag, rest = path[0], path[1:]
    for child in element:
        if child.tag == tag:
            if not rest:
                return child
            found = _find(child, rest)
            if found is not None:
                return found
    return None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


class Styles:
    """Paragraph styles (and numbering styles, which lists link to): heading level (Heading N / 标题 N or an outline level) and list numbering, inherited
    through ``w:basedOn``."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self._levels: dict[str, int | None] = {}
        self._numbering: dict[str, tuple[str | None, int | None]] = {}
        if root is not None:
            for style in root.iter(_w("style")):
                if style.get(_w("type"), "paragraph") in ("paragraph", "numbering"):  # numbering: numStyleLink
                    self._styles[style.get(_w("styleId"), "")] = _Style.read(style)

    def ids(self) -> list[str]:
        """The ids of the paragraph styles."""
        return list(self._styles)

    def _chain(self, style_id: str) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain

    def heading_level(self, style_id: str) -> int | None:
        """1 for Heading 1 / 标题 1 or a style with outline level 0 (its own or inherited), None for body text."""
        if style_id not in self._levels:
            self._levels[style_id] = self._heading_level(style_id)
        return self._levels[style_id]

    def _heading_level(self, style_id: str) -> int | None:
        for style in self._chain(style_id):
            match = _HEADING_STYLE_RE.match(style.name.strip())
            if match:
                return int(match.group(1))
            if style.outline is not None:
                return style.outline + 1 if 0 <= style.outline < 9 else None
        return None

    def numbering(self, style_id: str) -> tuple[str | None, int | None]:
        """(numId, ilvl) of the list numbering a style carries, inherited; (None, None) when it has none."""
        if style_id not in self._numbering:
            self._numbering[style_id] = self._style_numbering(style_id)
        return self._numbering[style_id]

    def _style_numbering(self, style_id: str) -> tuple[str | None, int | None]:
        for style in self._chain(style_id):
            if style.numbering is not None:
                return style.numbering
        return None, None


@dataclass(frozen=True)
class _Style:
    """What a paragraph style says about headings and lists: its name, parent, outline level, numbering."""

    name: str
    based_on: str
    outline: int | None
    numbering: tuple[str | None, int | None] | None  # (numId, ilvl) of its w:numPr; None without one

    @classmethod
    def read(cls, style: etree._Element) -> _Style:
        """One pass over the style's children and its paragraph properties (the first of each kind counts)."""
        found: dict[str, etree._Element] = {}
        for child in style:
            if child.tag in _STYLE_CHILDREN:
                found.setdefault(child.tag, child)
        for prop in found.get(PPR, ()):
            if prop.tag in _STYLE_PROPERTIES:
                found.setdefault(prop.tag, prop)
        num_pr = found.get(NUMPR)
        return cls(
            name=_attribute(found.get(_NAME)),
            based_on=_attribute(found.get(_BASED_ON)),
            outline=_int(found[_OUTLINE].get(VAL)) if _OUTLINE in found else None,
            numbering=None if num_pr is None else (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"))),
        )


_NAME, _BASED_ON, _OUTLINE = _w("name"), _w("basedOn"), _w("outlineLvl")
_STYLE_CHILDREN, _STYLE_PROPERTIES = (_NAME, _BASED_ON, PPR), (_OUTLINE, NUMPR)


def _attribute(element: etree._Element | None) -> str:
    """The ``w:val`` of an element, "" without one."""
    return (element.get(VAL) if element is not None else None) or ""


class _Reader:
    """Paragraph text with its list label, and heading levels, for one document."""

    def __init__(self, styles: Styles, numbering: Numbering, body: etree._Element) -> None:
        self.styles = styles
        self.numbering = numbering
        self._texts = _texts_by_paragraph(body)

    def paragraph(self, element: etree._Element) -> str:
        label = self.numbering.label_for(element)
        text = _clean("".join(self._texts.get(element, ())))  # as paragraph_text(element)
        return _clean(label + text) if label else text

    def heading_level(self, element: etree._Element) -> int | None:
        outline = _int(_val(element, "pPr/outlineLvl"))
        if outline is not None:
            return outline + 1 if 0 <= outline < 9 else None
        style_id = _style_id(element)
        return self.styles.heading_level(style_id) if style_id else None


# --- Word list numbering (numbering.xml) -------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    """One level of a list definition: how its number is written (numFmt) and the label around it (lvlText)."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; None after any shallower one
    legal: bool = False  # isLgl: every number in the label written as a decimal
    suffix: str = "tab"

    @classmethod
    def read(cls, lvl: etree._Element) -> _Level:
        legal = lvl.find(_w("isLgl"))
        start = _int(_val(lvl, "start"))
        return cls(
            fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") or "",
            start=1 if start is None else start,
            restart=_int(_val(lvl, "lvlRestart")),
            legal=legal is not None and legal.get(_w("val"), "1") not in ("0", "false", "off"),
            suffix=_val(lvl, "suff") or "tab",
        )


@dataclass
class _List:
    """A w:num: the abstract definition it uses, with its level and start overrides."""

    abstract: str
    levels: dict[int, _Level] = field(default_factory=dict)  # from the abstract definition, overrides applied
    start_overrides: dict[int, int] = field(default_factory=dict)
    styles: dict[str, int] = field(default_factory=dict)  # pStyle → ilvl, for numbering given by a style


class Numbering:
    """Renders Word list numbering to the labels a reader sees (``一、``, ``（二）``, ``3.``), counting in
    document order: lists sharing a definition continue each other, a start override restarts a list, and a
    level restarts when a shallower level is used (unless its lvlRestart says otherwise)."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.styles = styles
        self._root = root
        self._counters: dict[str, list[int | None]] = {}
        self._overridden: set[tuple[str, int]] = set()
        self._candidates: set[etree._Element | None] | None = None  # see only(); None: every paragraph

    @cached_property
    def _lists(self) -> dict[str, _List]:
        """The list definitions by numId, read when a paragraph may be numbered (templates carry many that no
        paragraph uses)."""
        lists: dict[str, _List] = {}
        root = self._root
        if root is None:
            return lists
        abstracts = {a.get(_w("abstractNumId"), ""): a for a in root.iterchildren(_w("abstractNum"))}
        nums = {n.get(_w("numId"), ""): n for n in root.iterchildren(_w("num"))}
        for num_id, num in nums.items():
            abstract_id = _val(num, "abstractNumId") or ""
            abstract = self._follow_style_link(abstracts.get(abstract_id), abstracts, nums)
            if abstract is None:
                continue
            listing = _List(abstract.get(_w("abstractNumId"), abstract_id))
            for lvl in abstract.iterchildren(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl"))) or 0
                listing.levels[ilvl] = _Level.read(lvl)
                style = _val(lvl, "pStyle")
                if style:
                    listing.styles[style] = ilvl
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl"))) or 0
                replacement = override.find(_w("lvl"))
                if replacement is not None:
                    listing.levels[ilvl] = _Level.read(replacement)
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    listing.start_overrides[ilvl] = start
            lists[num_id] = listing
        return lists

    def _follow_style_link(
        self,
        abstract: etree._Element | None,
        abstracts: dict[str, etree._Element],
        nums: dict[str, etree._Element],
    ) -> etree._Element | None:
        """The definition that holds the levels: a numStyleLink points through a numbering style to another."""
        for _ in range(4):
            if abstract is None or abstract.find(_w("lvl")) is not None:
                return abstract
            link = _val(abstract, "numStyleLink")
            if not link:
                return abstract
            num = nums.get(self.styles.numbering(link)[0] or "")
            abstract = abstracts.get(_val(num, "abstractNumId") or "") if num is not None else None
        return abstract

    def only(self, body: etree._Element) -> None:
        """Narrow :meth:`label_for` to the paragraphs of ``body`` that may be numbered — a ``numPr`` of their own
        or a style that numbers them — found by a walk over those elements rather than by looking into every
        paragraph (and every table cell's) in Python; the others are not numbered, as label_for would find. A
        paragraph taken in vain (its numPr not in its first pPr, say) is only looked into as before."""
        numbered = {  # the styles that may number (whether their list exists is asked of the paragraphs found)
            style
            for style in self.styles.ids()
            if style and (num_id := self.styles.numbering(style)[0]) and num_id != "0"
        }
        found = {_grandparent(num_pr) for num_pr in body.iter(NUMPR)}
        if numbered and not numbered.isdisjoint(_STYLE_VALUES(body)):
            found.update(_grandparent(style) for style in body.iter(PSTYLE) if style.get(VAL) in numbered)
        self._candidates = found

    def label_for(self, paragraph: etree._Element) -> str:
        """The label Word shows before this paragraph ("" when it is not numbered); advances the count."""
        if self._candidates is not None and paragraph not in self._candidates:
            return ""
        ppr = _child(paragraph, PPR)
        if ppr is None:
            return ""  # neither numbering of its own nor a style that could carry one
        num_pr, style_element = _first_children(ppr, NUMPR, PSTYLE)
        style = style_element.get(VAL, "") if style_element is not None else ""
        num_id, ilvl = (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"))) if num_pr is not None else (None, None)
        if num_id is None and style:
            num_id, style_ilvl = self.styles.numbering(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if not num_id or num_id == "0" or num_id not in self._lists:
            return ""
        listing = self._lists[num_id]
        if ilvl is None:
            ilvl = listing.styles.get(style, 0)
        return self.label(num_id, ilvl)

    def label(self, num_id: str, ilvl: int) -> str:
        listing = self._lists[num_id]
        level = listing.levels.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(listing.abstract, [None] * 10)
        if ilvl in listing.start_overrides and (num_id, ilvl) not in self._overridden:
            self._overridden.add((num_id, ilvl))
            counters[ilvl] = listing.start_overrides[ilvl] - 1
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, len(counters)):
            rule = listing.levels.get(deeper, _Level()).restart
            if rule is None or (rule != 0 and ilvl < rule):
                counters[deeper] = None
        if level.fmt == "bullet":
            return ""  # a bullet is no numeral: the text reads the same without it

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            of = listing.levels.get(index, _Level())
            value = counters[index] if 0 <= index < len(counters) and counters[index] is not None else of.start
            return format_number(value or 0, "decimal" if level.legal else of.fmt)

        text = re.sub(r"%([1-9])", number, level.text)
        if text and level.suffix != "nothing" and text[-1].isalnum() and text[-1].isascii():
            text += " "
        elif text and level.suffix != "nothing" and re.match(r"[\u4e00-\u9fff]", text[-1]):
            text += " "  # 第一章 总则: a label ending in a character is set off from the text
        return text


# Every pStyle value of a document, in one query.
_STYLE_VALUES = _xpath(".//w:pStyle/@w:val")


def _grandparent(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    return None if parent is None else parent.getparent()


_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _cn_counting(value: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """Chinese counting numerals: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if value <= 0:
        return digits[0]
    if value >= 10000:
        return str(value)
    parts: list[str] = []
    places = [(1000, units[2]), (100, units[1]), (10, units[0]), (1, "")]
    zero = False
    for size, unit in places:
        digit = value // size % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(digits[digit] + unit)
    text = "".join(parts)
    if digits is _CN_DIGITS and 10 <= value < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for size, letters in numerals:
        while value >= size:
            out.append(letters)
            value -= size
    return "".join(out)


def _letters(value: int) -> str:
    """A … Z, AA … ZZ, AAA … as Word counts letters."""
    if value <= 0:
        return ""
    repeat, index = divmod(value - 1, 26)
    return chr(ord("A") + index) * (repeat + 1)


def format_number(value: int, fmt: str) -> str:
    """A list number written in a Word number format (w:numFmt).

    >>> [format_number(n, "chineseCounting") for n in (1, 10, 11, 20, 105)]
    ['一', '十', '十一', '二十', '一百零五']
    >>> format_number(3, "ideographTraditional"), format_number(4, "decimalEnclosedCircle")
    ('丙', '④')
    >>> format_number(12, "ideographDigital"), format_number(7, "upperRoman"), format_number(28, "lowerLetter")
    ('一二', 'VII', 'bb')
    """
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
    ):
        return _cn_counting(value)
    if fmt in ("chineseLegalSimplified", "japaneseLegal", "taiwaneseLegal"):
        return _cn_counting(value, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(value))
    if fmt == "ideographTraditional":
        return _STEMS[(value - 1) % 10] if value > 0 else str(value)
    if fmt == "ideographZodiac":
        return _BRANCHES[(value - 1) % 12] if value > 0 else str(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + value - 1) if 1 <= value <= 20 else str(value)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + value - 1) if 1 <= value <= 20 else f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + value - 1) if 1 <= value <= 20 else f"{value}."
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(value))
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperLetter":
        return _letters(value)
    if fmt == "lowerLetter":
        return _letters(value).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(value)  # decimal and the formats we do not know


def _style_id(paragraph: etree._Element) -> str:
    ppr = _child(paragraph, PPR)
    style = _child(ppr, PSTYLE) if ppr is not None else None
    return style.get(VAL, "") if style is not None else ""


def _first_children(
    parent: etree._Element, first: str, second: str
) -> tuple[etree._Element | None, etree._Element | None]:
    """The first child tagged ``first`` and the first tagged ``second``, found in one pass over ``parent``."""
    found_first = found_second = None
    for child in parent:
        tag = child.tag
        if tag == first and found_first is None:
            found_first = child
        elif tag == second and found_second is None:
            found_second = child
    return found_first, found_second


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """The first child with ``tag``: properties come first in a paragraph or cell, so this beats ``find``'s
    path machinery on the hot paths (every paragraph, every cell)."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def paragraph_text(paragraph: etree._Element) -> str:
    """The text a reader sees in a paragraph: runs (in hyperlinks, fields and insertions too), tabs, breaks."""
    parts = []
    run: etree._Element | None = None
    own = False
    # The text-bearing elements in document order, each the child of a run: the same order as the runs' children,
    # one walk over the paragraph instead of one per run, and a run's ancestors looked at once.
    for child in paragraph.iter():  # lxml matches several tags far slower than this walk and a dict lookup
        if child.tag not in _RUN_TEXT:
            continue
        parent = child.getparent()
        if parent is None or parent.tag != R:
            continue
        if parent is not run:
            run = parent
            own = parent.getparent() is paragraph or _own_visible_run(parent, paragraph)
        if own:
            parts.append(child.text or "" if child.tag == T else _RUN_TEXT[child.tag] or "")
    return _clean("".join(parts))


_NOT_THIS_TEXT = {_w("del"), _w("moveFrom"), _w("txbxContent"), P}


def _texts_by_paragraph(body: etree._Element) -> dict[etree._Element, list[str]]:
    """The text parts of every paragraph in ``body``, in order: what :func:`paragraph_text` finds paragraph by
    paragraph, in one walk over the text-bearing elements. A run's text belongs to the nearest of its ancestors
    that is a paragraph, deletion, text box or fallback — when that is a paragraph (see _own_visible_run)."""
    texts: dict[etree._Element, list[str]] = {}
    for child in body.iter(*_RUN_TEXT):
        run = child.getparent()
        if run is None or run.tag != R:
            continue
        owner = run.getparent()
        if owner is None or owner.tag != P:
            owner = next(
                (a for a in run.iterancestors() if a.tag in _NOT_THIS_TEXT or a.tag.endswith("}Fallback")), None
            )
            if owner is None or owner.tag != P:
                continue
        texts.setdefault(owner, []).append(child.text or "" if child.tag == T else _RUN_TEXT[child.tag] or "")
    return texts


def _own_visible_run(run: etree._Element, paragraph: etree._Element) -> bool:
    """A run of this paragraph that is shown: not deleted, not inside a text box (its own paragraphs)."""
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in _NOT_THIS_TEXT or ancestor.tag.endswith("}Fallback"):
            return False
    return False


def _clean(text: str) -> str:
    return text.replace("\r", "").replace("\xa0", " ").rstrip(" \n")


def table_rows(
    table: etree._Element, text_of: Callable[[etree._Element], str] = paragraph_text
) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """Cell texts row by row, a merged cell repeated in every grid position it covers (as python-docx does),
    with the positions that repeat a cell already read; ``text_of`` reads one paragraph of a cell.

    The rows, cells, paragraphs and merge marks come from one XPath query each: walking the children in Python
    makes lxml build an object for every property element on the way, which cost more than the rest."""
    rows_in = _ROWS(table)
    row_of = {tr: r for r, tr in enumerate(rows_in)}
    texts_of: dict[etree._Element, list[str]] = {}
    for paragraph in _CELL_PARAGRAPHS(table):
        texts_of.setdefault(paragraph.getparent(), []).append(text_of(paragraph))
    spans = {_cell_of(mark): _int_of(mark) or 1 for mark in _GRID_SPANS(table)}
    continuing = {_cell_of(mark) for mark in _VERTICAL_MERGES(table) if mark.get(VAL, "continue") == "continue"}
    rows: list[list[str]] = [[] for _ in rows_in]
    merged: set[tuple[int, int]] = set()
    for tc in _CELLS(table):
        r = row_of[tc.getparent()]
        texts = rows[r]
        span = spans.get(tc, 1)
        column = len(texts)
        if tc in continuing and r > 0 and column < len(rows[r - 1]):
            text = rows[r - 1][column]
            merged.update((r, column + k) for k in range(span))
        else:
            text = "\n".join(texts_of.get(tc, ())).strip()
            if span > 1:
                merged.update((r, column + k) for k in range(1, span))
        texts.extend([text] * span)
    return rows, merged


_ROWS = _xpath("w:tr")
_CELLS = _xpath("w:tr/w:tc")
_CELL_PARAGRAPHS = _xpath("w:tr/w:tc/w:p")
# A cell's merge marks live in its (first) tcPr: a horizontal span, a vertical merge that starts or continues.
_GRID_SPANS = _xpath("w:tr/w:tc/w:tcPr[1]/w:gridSpan[1]")
_VERTICAL_MERGES = _xpath("w:tr/w:tc/w:tcPr[1]/w:vMerge[1]")


def _cell_of(mark: etree._Element) -> etree._Element:
    """The cell a merge mark (w:tc/w:tcPr/…) belongs to."""
    return mark.getparent().getparent()


def _int_of(element: etree._Element | None) -> int | None:
    """The integer ``w:val`` of an element, or None."""
    try:
        return int(element.get(VAL, "")) if element is not None else None
    except ValueError:
        return None
