"""The block tree a rendered template becomes: title, numbered headings, paragraphs, tables.

Templates emit a small line-based markup; this module parses it and numbers every heading and
numbered item in code, so numbering can never skip or repeat:

``@title 文字``           document title (centred, 二号 小标宋)
``@subtitle 文字``        a centred line under the title
``# 标题`` … ``#### 标题`` headings of level 1–4, numbered 一、 （一） 1. （1）
``+ 文字``                a numbered item paragraph （1）… (counter restarts under each heading)
``- 文字``                a numbered list item 1. 2. … (counter restarts after anything that is not such an item)
``@right 文字``           a right-aligned line (signature block, date)
``@cover-title 文字``     a line of the cover page's title; ``@cover-line 文字`` a line under it (单位（盖章）, date).
                          Consecutive cover lines make one cover page, with no page number, before the body.
``@pagebreak``            the next block starts a new page
``@table NAME``           a table supplied by the caller under NAME
any other non-blank line  a body paragraph

An arabic numeral is never run into text that starts with a digit: ``10. 2023年`` rather than ``10.2023年``,
which reads as a decimal.

Markup is what a template's own text says, never what its data says: everything a template writes with ``{{ }}`` is
passed through :func:`escape_text` (the environment's ``finalize``), which swaps the characters that begin a markup
line for Unicode noncharacters, and the parser swaps them back in the text of every block. A clerk's ``# 标题``,
``+ 条目``, ``@pagebreak`` or ``@table`` is printed as typed, and ordinary text comes out unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.errors import TemplateError
from reportgen.numbers import cn_numeral

#: The characters that begin a markup line, and what they travel as inside text written by ``{{ }}``: noncharacters
#: (U+FDD0…), which Unicode sets aside for a program's internal use and no typed or pasted text contains.
_MARKUP_CHARS = {"#": "\ufdd0", "+": "\ufdd1", "-": "\ufdd2", "@": "\ufdd3"}
_ESCAPE = str.maketrans(_MARKUP_CHARS)
_UNESCAPE = str.maketrans({escaped: char for char, escaped in _MARKUP_CHARS.items()})


def escape_text(text: str) -> str:
    """Text from a template's data, made unable to begin a markup line (applying it twice changes nothing).

    >>> parse_blocks(escape_text("# 不是标题")) == [Paragraph("# 不是标题")]
    True
    """
    return text.translate(_ESCAPE)


def unescape_text(text: str) -> str:
    """The text as it was before :func:`escape_text`."""
    return text.translate(_UNESCAPE)


#: A spot the clerk must fill in or confirm; highlighted in the .docx and listed by ``draft``.
MARKER_RE = re.compile(r"【待(?:补充|确认)：[^】]*】")


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Subtitle:
    text: str


@dataclass(frozen=True)
class Heading:
    level: int  # 1..4
    number: str  # e.g. "一、", "（二）", "3.", "（4）"
    text: str

    @property
    def full_text(self) -> str:
        return numbered(self.number, self.text)


@dataclass(frozen=True)
class Paragraph:
    text: str
    align: str = "body"  # "body" (indented, justified) | "right" | "center"


@dataclass(frozen=True)
class PageBreak:
    """The block after it starts a new page (written as page-break-before, never as an empty paragraph)."""


@dataclass(frozen=True)
class Cover:
    """A cover page: title lines, then lines such as 单位名称（盖章） and the date; it carries no page number."""

    title: tuple[str, ...]
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    text: str
    merge_down: int = 0  # number of rows below this cell that it spans
    merge_right: int = 0  # number of columns right of this cell that it spans
    bold: bool = False
    align: str = "center"  # "center" | "left" | "right"


@dataclass(frozen=True)
class Table:
    """A table: rows of cells; cells covered by a merge are ``None``."""

    rows: list[list[Cell | None]]
    header_rows: int = 1  # rows repeated at the top of every page
    widths_mm: list[float] = field(default_factory=list)
    caption: str | None = None  # the table's title, centred above it
    landscape: bool = False
    label: str | None = None  # e.g. 附件2, set flush left above the caption
    notes: list[str] = field(default_factory=list)  # lines under the table (说明, 填表人…)
    new_page: bool = False
    continued: bool = False  # the next block is another table of the same attachment, kept with this one


Block = Title | Subtitle | Heading | Paragraph | PageBreak | Cover | Table


def heading_number(level: int, n: int) -> str:
    """The numeral of the ``n``-th heading at ``level`` (GB/T 9704 hierarchy).

    >>> [heading_number(level, 2) for level in (1, 2, 3, 4)]
    ['二、', '（二）', '2.', '（2）']
    """
    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level must be 1..4, got {level}")


def numbered(numeral: str, text: str) -> str:
    """``numeral`` before ``text``; a space keeps an arabic ``10.`` from running into a leading digit.

    >>> numbered("10.", "2023年，全馆参加培训")
    '10. 2023年，全馆参加培训'
    >>> numbered("3.", "完成档案接收")
    '3.完成档案接收'
    >>> numbered("（2）", "2023年")
    '（2）2023年'
    """
    if numeral.endswith(".") and text[:1].isdigit():
        return f"{numeral} {text}"
    return numeral + text


def parse_blocks(markup: str, tables: dict[str, Table] | None = None, *, template: str = "") -> list[Block]:
    """Parse rendered template markup into numbered blocks."""
    tables = tables or {}
    blocks: list[Block] = []
    counters = [0, 0, 0, 0]
    item_counter = 0
    list_counter = 0  # ``- `` items: 1. 2. …, restarting after any other block
    # Lines are split at "\n" only: a U+2028 or form feed inside typed text is no line of markup.
    for line_no, raw in enumerate(markup.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("- "):
            list_counter += 1
            blocks.append(Paragraph(numbered(f"{list_counter}.", unescape_text(line[2:].strip()))))
            continue
        list_counter = 0
        if line.startswith("#"):
            marks, _, text = line.partition(" ")
            level = len(marks)
            if marks != "#" * level or not 1 <= level <= 4 or not text.strip():
                raise TemplateError(f"模板 {template} 第{line_no}行的标题标记无效：{unescape_text(line)}")
            # A level may be skipped (jiangxi: 三、 → 1.主要问题及原因分析), but not before any level-1 heading.
            if level > 1 and counters[0] == 0:
                raise TemplateError(f"模板 {template} 第{line_no}行：{level}级标题前没有一级标题")
            counters[level - 1] += 1
            for deeper in range(level, 4):
                counters[deeper] = 0
            item_counter = 0
            blocks.append(Heading(level, heading_number(level, counters[level - 1]), unescape_text(text.strip())))
        elif line.startswith("+ "):
            item_counter += 1
            blocks.append(Paragraph(numbered(f"（{item_counter}）", unescape_text(line[2:].strip()))))
        elif line.startswith("@"):
            directive, _, arg = line.partition(" ")
            # A blank date keeps its 　　年　月　日.
            arg = unescape_text(raw.strip(" \t\r").partition(" ")[2].strip(" \t"))
            if directive in ("@cover-title", "@cover-line"):
                _add_cover_line(blocks, directive, arg)
            elif directive == "@title":
                blocks.append(Title(arg))
            elif directive == "@subtitle":
                blocks.append(Subtitle(arg))
            elif directive == "@right":
                blocks.append(Paragraph(arg, align="right"))
            elif directive == "@center":
                blocks.append(Paragraph(arg, align="center"))
            elif directive == "@pagebreak":
                blocks.append(PageBreak())
            elif directive == "@table":
                if arg not in tables:
                    raise TemplateError(f"模板 {template} 第{line_no}行引用了不存在的表格：{arg}")
                blocks.append(tables[arg])
            else:
                raise TemplateError(f"模板 {template} 第{line_no}行有未知指令：{directive}")
        else:
            blocks.append(Paragraph(unescape_text(line)))
    return blocks


def _add_cover_line(blocks: list[Block], directive: str, text: str) -> None:
    """Cover lines in a row make one :class:`Cover`: title lines first, then the lines under them."""
    cover = blocks[-1] if blocks and isinstance(blocks[-1], Cover) else None
    if cover is None or (directive == "@cover-title" and cover.lines):
        cover = Cover(())
        blocks.append(cover)
    if directive == "@cover-title":
        blocks[-1] = Cover((*cover.title, text), cover.lines)
    else:
        blocks[-1] = Cover(cover.title, (*cover.lines, text))


def plain_text(blocks: list[Block]) -> str:
    """The report as plain text, one paragraph per line (tables as tab-separated rows)."""
    lines = []
    for block in blocks:
        if isinstance(block, (Title, Subtitle)):
            lines.append(block.text)
        elif isinstance(block, Cover):
            lines += [*block.title, *block.lines]
        elif isinstance(block, Heading):
            lines.append(block.full_text)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines += [text for text in (block.label, block.caption) if text]
            for row in block.rows:
                lines.append("\t".join(c.text.replace("\n", "") if c else "" for c in row))
            lines += block.notes
    return "\n".join(lines) + "\n"
