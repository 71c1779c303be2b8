"""Read a .docx at the element level: paragraphs with their heading level, tables with merged cells, in order.

One pass over document.xml with lxml: no grid rebuilt per row (python-docx's ``row.cells`` is quadratic in a
table's size), and only the parts needed are parsed (the main document and its styles), with entity
resolution and network access off.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from reportgen.check.model import Block, Paragraph, TableBlock
from reportgen.errors import DraftReadError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, R, T, TAB, BR, CR = (_w(t) for t in ("p", "tbl", "tr", "tc", "r", "t", "tab", "br", "cr"))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
# Text-bearing elements of a run: what Word shows, in order (deleted text, field codes and drawings are not text).
_RUN_TEXT = {T: None, TAB: "\t", BR: "\n", CR: "\n", _w("noBreakHyphen"): "-", _w("ptab"): "\t"}


def read_docx(path: Path) -> list[Block]:
    """Paragraphs (with heading levels from their styles) and tables of the main document, in order."""
    try:
        with zipfile.ZipFile(path) as package:
            main = _main_part(package)
            body = _parse(package, main).find(_w("body"))
            styles = _heading_styles(package, main)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise DraftReadError(f"{path.name} 不是有效的 Word（.docx）文件或已损坏（{type(exc).__name__}）") from None
    if body is None:
        raise DraftReadError(f"{path.name} 不是有效的 Word（.docx）文件：没有正文")
    blocks: list[Block] = []
    for ordinal, element in enumerate(body, start=1):
        if element.tag == P:
            text = paragraph_text(element)
            if text.strip():
                blocks.append(Paragraph(text.strip(), ordinal, styles.get(_style_id(element))))
        elif element.tag == TBL:
            rows, merged = table_rows(element)
            if rows:
                blocks.append(TableBlock(rows, ordinal, merged=merged))
    return blocks


def _main_part(package: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    rels = _parse(package, "_rels/.rels")
    for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        if rel.get("Type") == _REL:
            return str(PurePosixPath(rel.get("Target", "").lstrip("/")))
    return "word/document.xml"


def _parse(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name), _PARSER)


def _heading_styles(package: zipfile.ZipFile, main: str) -> dict[str, int]:
    """Style id → heading level, for styles named Heading N / 标题 N (or with an outline level)."""
    name = str(PurePosixPath(main).parent / "styles.xml")
    try:
        root = _parse(package, name)
    except KeyError:
        return {}
    levels = {}
    for style in root.iter(_w("style")):
        style_id = style.get(_w("styleId"), "")
        name_el = style.find(_w("name"))
        match = _HEADING_STYLE_RE.match((name_el.get(_w("val"), "") if name_el is not None else "").strip())
        if match:
            levels[style_id] = int(match.group(1))
    return levels


def _style_id(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val"), "") if style is not None else ""


def paragraph_text(paragraph: etree._Element) -> str:
    """The text a reader sees in a paragraph: runs (in hyperlinks, fields and insertions too), tabs, breaks."""
    parts = []
    for run in paragraph.iter(R):
        if not _own_visible_run(run, paragraph):
            continue
        for child in run:
            if child.tag == T:
                parts.append(child.text or "")
            elif child.tag in _RUN_TEXT:
                parts.append(_RUN_TEXT[child.tag] or "")
    return _clean("".join(parts))


_NOT_THIS_TEXT = {_w("del"), _w("moveFrom"), _w("txbxContent"), P}


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


def table_rows(table: etree._Element) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """Cell texts row by row, a merged cell repeated in every grid position it covers (as python-docx does),
    with the positions that repeat a cell already read."""
    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    for r, tr in enumerate(table.iterchildren(TR)):
        texts: list[str] = []
        for tc in tr.iterchildren(TC):
            props = tc.find(_w("tcPr"))
            span = _int_val(props, "gridSpan") or 1
            vmerge = props.find(_w("vMerge")) if props is not None else None
            continuing = vmerge is not None and vmerge.get(_w("val"), "continue") == "continue"
            column = len(texts)
            if continuing and r > 0 and column < len(rows[-1]):
                text = rows[-1][column]
                merged.update((r, column + k) for k in range(span))
            else:
                text = "\n".join(paragraph_text(p) for p in tc.iterchildren(P)).strip()
                merged.update((r, column + k) for k in range(1, span))
            texts.extend([text] * span)
        rows.append(texts)
    return rows, merged


def _int_val(props: etree._Element | None, tag: str) -> int | None:
    element = props.find(_w(tag)) if props is not None else None
    try:
        return int(element.get(_w("val"), "")) if element is not None else None
    except ValueError:
        return None
