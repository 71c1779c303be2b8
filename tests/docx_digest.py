"""Read a saved .docx back: effective east-Asian font and size per paragraph, as a digest line."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _east_asia(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def effective_east_asia_font(document: DocumentObject, paragraph: Paragraph) -> str | None:
    for run in paragraph.runs:
        found = _east_asia(run._r.rPr)
        if found:
            return found
    for style in _style_chain(paragraph.style):
        found = _east_asia(style.element.rPr)
        if found:
            return found
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return _east_asia(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))


def effective_size_pt(paragraph: Paragraph) -> float | None:
    for run in paragraph.runs:
        if run.font.size is not None:
            return run.font.size.pt
    for style in _style_chain(paragraph.style):
        if style.font.size is not None:
            return style.font.size.pt
    return None


def digest(document: DocumentObject) -> str:
    """One line per body paragraph: style | east-Asian font | size | text; tables as their cell text."""
    lines = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            if not paragraph.text and not paragraph.runs:
                continue
            size = effective_size_pt(paragraph)
            lines.append(
                f"{paragraph.style.name} | {effective_east_asia_font(document, paragraph)} | "
                f"{size:g}pt | {paragraph.text}"
            )
        elif child.tag == qn("w:tbl"):
            rows = child.findall(qn("w:tr"))
            lines.append(f"[table {len(rows)} rows]")
            for tr in rows:
                cells = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.findall(qn("w:tc"))]
                lines.append("  " + " ¦ ".join(cells))
    return "\n".join(lines) + "\n"
