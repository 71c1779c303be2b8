"""Data types of a checked draft: blocks, tables, sections, findings, score items and the result."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from reportgen.findings import DEFECT_CATEGORIES as DEFECT_CATEGORIES  # re-exported for callers that filter
from reportgen.findings import Finding, Level, json_number


@dataclass
class Paragraph:
    """One paragraph of the draft after normalisation; ``line`` is 1-based in the read order."""

    text: str
    line: int
    style_level: int | None = None  # heading level from a Word heading style, when there is one


@dataclass
class TableBlock:
    """A table as rows of cell texts (merged cells repeat or are blank); ``caption`` is the text above it."""

    rows: list[list[str]]
    line: int
    caption: str = ""
    # (row, col) of cells that repeat a merged Word cell already read (left of or above it)
    merged: set[tuple[int, int]] = field(default_factory=set)
    # what checking reads from the table in several passes (its cells' labels), kept with it once read
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def cell(self, row: int, col: int) -> str:
        cells = self.rows[row]
        return cells[col] if col < len(cells) else ""

    def distinct_cells(self) -> list[str]:
        """Each cell's text once: merged cells, repeated in ``rows`` to keep columns aligned, count once."""
        return [c for r, row in enumerate(self.rows) for i, c in enumerate(row) if (r, i) not in self.merged]


Block = Paragraph | TableBlock


@dataclass
class Section:
    """A heading and what follows it up to the next heading of the same or a higher level."""

    title: str  # heading text without its numeral
    numeral: str  # e.g. "一、", "（二）", "3.", "" for the document root
    level: int  # 0 root, 1 一、, 2 （一）, 3 1., 4 （1）, 5 ①
    line: int
    value: int | None = None  # the numeral's value, 2 for （二）
    style: str = ""  # numeral style key: "cn_dun", "cn_paren", "num_dot", "num_dun", "num_paren", "circled"
    body: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)
    spec_title: str | None = None  # the profile skeleton title it was matched to

    @property
    def heading(self) -> str:
        return f"{self.numeral}{self.title}"

    @cached_property
    def path(self) -> str:
        """「一、… > （二）…」: the headings from the top; cached, as the tree does not change once parsed."""
        parts: list[str] = []
        node: Section | None = self
        while node is not None and node.level > 0:
            parts.append(node.heading)
            node = node.parent
        return " > ".join(reversed(parts))

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.body if isinstance(b, Paragraph)]

    def body_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs())

    def walk(self) -> Iterator[Section]:
        """This section and every one below it, in document order (one generator, not one per level)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def all_text(self) -> str:
        """Body text of this section and every descendant, headings included."""
        parts = [self.body_text()]
        for child in self.children:
            parts.append(child.heading)
            parts.append(child.all_text())
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class ScoreItem:
    """The estimated score of one rubric item; ``score`` is ``None`` when it cannot be assessed.

    ``deductions`` are the findings that explain the points lost (and notes that cost nothing).
    """

    id: str
    name: str
    max: Decimal
    score: Decimal | None
    status: str  # "full" | "partial" | "zero" | "not_assessable"
    basis: str = ""  # one Chinese sentence: how the score was reached
    deductions: tuple[Finding, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "score": None if self.score is None else json_number(self.score),
            "max": json_number(self.max),
            "status": self.status,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Detection:
    """How the report's format and kind were recognised, and how sure the checker is (shown to the user)."""

    profile_confidence: float | None  # how well the report's top-level headings fit the format (0–1); None if given
    kind_confidence: float  # 0.5 (a guess) … 1 (the title says so)
    basis: str  # why, in Chinese: 标题含「项目支出」；…

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile_confidence": self.profile_confidence,
            "kind_confidence": self.kind_confidence,
            "basis": self.basis,
        }


# A profile's description ends with what the format holds, in brackets: 「…自评报告（十个部分，附基础数据表…）」.
_CONTENTS_NOTE_RE = re.compile(r"（[^（）]*）$")


@dataclass
class CheckResult:
    """Everything ``reportgen check`` found in one draft."""

    source: str
    profile: str
    kind: str  # "部门整体支出" | "项目支出"
    items: list[ScoreItem]
    findings: list[Finding]
    profile_detected: bool = True
    unit: str = ""  # 单位名称 as the report states it
    year: int | None = None  # 年度 of the report
    detection: Detection | None = None  # how sure the format and kind are, and why

    @property
    def total(self) -> Decimal:
        """Points of the items that could be assessed."""
        return sum((i.score for i in self.items if i.score is not None), Decimal(0))

    @property
    def max(self) -> Decimal:
        """Maximum of the items that could be assessed."""
        return sum((i.max for i in self.items if i.score is not None), Decimal(0))

    @property
    def full_max(self) -> Decimal:
        return sum((i.max for i in self.items), Decimal(0))

    @property
    def format_title(self) -> str:
        """The format as a clerk knows it, with the name ``--profile`` takes: 「湖南格式部门（单位）整体支出绩效自评
        报告（hunan）」; a format from a file of its own is shown by its name."""
        from reportgen.profiles import builtin_profiles

        known = builtin_profiles().get(self.profile)
        if known is None:
            return self.profile
        return f"{_CONTENTS_NOTE_RE.sub('', known.description)}（{self.profile}）"

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.has_errors else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "profile": self.profile,
            "kind": self.kind,
            "unit": self.unit,
            "year": self.year,
            "detection": None if self.detection is None else self.detection.to_dict(),
            "score": {
                "total": json_number(self.total),
                "max": json_number(self.max),
                "full_max": json_number(self.full_max),
                "items": [i.to_dict() for i in self.items],
            },
            "findings": [f.to_dict() for f in self.findings],
        }
