"""The one finding type: an input warning, a scoring note and a check finding are all a :class:`Finding`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

ZERO = Decimal(0)


class Level(StrEnum):
    """How serious a finding is."""

    ERROR = "error"  # wrong as written: a figure, a score or a required part
    WARNING = "warning"  # needs a second look or a reason
    INFO = "info"  # explained, e.g. a rounding difference within tolerance

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        """0 for the most serious, for sorting."""
        return ("error", "warning", "info").index(self.value)


class Category(StrEnum):
    """What a finding is about; the defect categories are the ones a reviewer corrects in the text."""

    SECTION_MISSING = "section_missing"
    SECTION_EMPTY = "section_empty"
    ATTACHMENT_MISSING = "attachment_missing"
    NUMBERING = "numbering"
    ARITHMETIC = "arithmetic"
    RESTATED_FIGURE = "restated_figure"
    SCORE_RANGE = "score_range"
    WEIGHTS = "weights"
    INDICATOR_QUALITY = "indicator_quality"
    PROBLEMS = "problems"
    SUGGESTIONS = "suggestions"
    TYPO = "typo"
    PLACEHOLDER = "placeholder"
    EVIDENCE = "evidence"  # 布置工作 / 实施评价, graded from the evidence a user declares
    INPUT = "input"  # an input value that drafting had to interpret (a dropped breakdown, a missing reason)

    @property
    def zh(self) -> str:
        return CATEGORY_ZH[self]

    @property
    def is_defect(self) -> bool:
        """A defect in the text itself, as opposed to a rubric deduction or a missing attachment."""
        return self in DEFECT_CATEGORIES


CATEGORY_ZH = {
    Category.SECTION_MISSING: "缺少部分",
    Category.SECTION_EMPTY: "空白部分",
    Category.ATTACHMENT_MISSING: "缺少附件",
    Category.NUMBERING: "编号",
    Category.ARITHMETIC: "计算",
    Category.RESTATED_FIGURE: "前后数字不一",
    Category.SCORE_RANGE: "得分超限",
    Category.WEIGHTS: "权重",
    Category.INDICATOR_QUALITY: "指标质量",
    Category.PROBLEMS: "反映问题",
    Category.SUGGESTIONS: "建议",
    Category.TYPO: "错别字",
    Category.PLACEHOLDER: "待补充标记",
    Category.EVIDENCE: "佐证材料",
    Category.INPUT: "输入数据",
}

DEFECT_CATEGORIES = frozenset(
    {
        Category.ARITHMETIC,
        Category.RESTATED_FIGURE,
        Category.NUMBERING,
        Category.TYPO,
        Category.PLACEHOLDER,
        Category.SECTION_EMPTY,
        Category.SECTION_MISSING,
        Category.SCORE_RANGE,
        Category.WEIGHTS,
    }
)


@dataclass(frozen=True)
class Finding:
    """One thing reported to a person: what rule found it, how serious, where, the words quoted, and the fix.

    ``section`` is where a reader finds it: a section path of a checked report (「二、… > （一）…」) or a
    field path of an input (「支出.项目支出.项目[2]」). ``fields`` lists every input field involved. A
    finding never changes after it is made; the rubric's deductions point at findings instead.
    """

    rule: str  # rule id, e.g. "arithmetic.sum", "total-mismatch"
    category: Category
    level: Level
    message: str  # one Chinese sentence with the numbers
    section: str = ""
    evidence: str = ""  # the words quoted from the report
    fix: str = ""  # what to write instead
    line: int | None = None  # 1-based line (paragraph) of the report, or of the input file
    span: tuple[int, int] | None = None  # character span of ``evidence`` inside its paragraph
    cell: tuple[int, int] | None = None  # (row, column) of a table cell, 0-based
    fields: tuple[str, ...] = ()  # input field paths involved
    points_lost: Decimal = ZERO  # points of ``item`` this finding costs
    item: str | None = None  # the rubric item the points count against

    def describe(self) -> str:
        """``[警告] message`` as the command line prints it."""
        return f"[{self.level.zh}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: enums as their values, points as a number."""
        return {
            "rule": self.rule,
            "category": self.category.value,
            "level": self.level.value,
            "message": self.message,
            "section": self.section,
            "evidence": self.evidence,
            "points_lost": json_number(self.points_lost),
            "fix": self.fix,
            "item": self.item,
            "line": self.line,
        }


def json_number(value: Decimal) -> int | float:
    """A score for JSON without noise: ``Decimal("16.00")`` → 16, ``Decimal("4.20")`` → 4.2."""
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)
