"""Render a report's narrative templates into blocks, and blocks into Markdown."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from reportgen.profiles import Profile, templates_root
from reportgen.render.blocks import (
    MARKER_RE,
    Block,
    Heading,
    PageBreak,
    Paragraph,
    Subtitle,
    Table,
    Title,
    parse_blocks,
)
from reportgen.render.environment import make_environment, render_template


def render_report(profile: Profile, context: dict[str, Any], tables: dict[str, Table] | None = None) -> list[Block]:
    """Render the profile's entry template with ``context`` into a numbered block tree."""
    env = _environment(profile.template_dir(), templates_root() / "zh" / "_common")
    markup = render_template(env, profile.entry, context)
    return parse_blocks(markup, tables, template=f"{profile.templates}/{profile.entry}")


@cache
def _environment(*search_path: Path) -> jinja2.Environment:
    # One environment per template folder: Jinja compiles each template once and recompiles it only when the
    # file changes, instead of on every draft (compiling was most of the time a draft took).
    return make_environment(list(search_path))


def markers(blocks: list[Block]) -> list[str]:
    """Every 【待补充：…】 / 【待确认：…】 marker left for the clerk, in document order."""
    found = []
    for block in blocks:
        texts = [block.text] if isinstance(block, (Paragraph, Heading)) else []
        if isinstance(block, Table):
            texts = [cell.text for row in block.rows for cell in row if cell]
        for text in texts:
            found += MARKER_RE.findall(text)
    return found


def to_markdown(blocks: list[Block]) -> str:
    """The report as readable Markdown: ``#`` title, ``##``–``#####`` numbered headings, pipe tables."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Title):
            out.append(f"# {block.text}")
        elif isinstance(block, Subtitle):
            out.append(block.text)
        elif isinstance(block, Heading):
            out.append(f"{'#' * (block.level + 1)} {block.full_text}")
        elif isinstance(block, Paragraph):
            out.append(block.text if block.align == "body" else f'<p align="{block.align}">{block.text}</p>')
        elif isinstance(block, PageBreak):
            out.append("---")
        elif isinstance(block, Table):
            out.append(_table_markdown(block))
    return "\n\n".join(out) + "\n"


def _table_markdown(table: Table) -> str:
    lines = []
    if table.label:
        lines += [table.label, ""]
    if table.caption:
        lines += [f"**{table.caption}**", ""]
    width = max(len(row) for row in table.rows)
    for index, row in enumerate(table.rows):
        cells = [(cell.text if cell else "").replace("\n", "<br>").replace("|", "\\|") for cell in row]
        cells += [""] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "---|" * width)
    for note in table.notes:
        lines += ["", note]
    return "\n".join(lines)
