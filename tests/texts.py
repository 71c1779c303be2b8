"""Report text in the shapes the text reader takes, for tests that write their own reports."""

from __future__ import annotations


def tab_table(rows: list[list[str]]) -> str:
    """A table as a Word table pasted as text reads: each cell on its own line after a tab, a blank line after
    each row."""
    return "\n".join("".join(f"\t{cell}\n" for cell in row) for row in rows)
