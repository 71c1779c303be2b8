"""Templates → block tree (title, numbered headings, paragraphs, tables) → Markdown."""

from reportgen.render.blocks import (
    Block,
    Cell,
    Cover,
    Heading,
    PageBreak,
    Paragraph,
    Subtitle,
    Table,
    Title,
    parse_blocks,
)
from reportgen.render.report import render_report

__all__ = [
    "Block",
    "Cell",
    "Cover",
    "Heading",
    "PageBreak",
    "Paragraph",
    "Subtitle",
    "Table",
    "Title",
    "parse_blocks",
    "render_report",
]
