"""Problems the figures alone suggest (slow execution, large budget adjustments, rising 三公经费, unmet targets).

Each candidate holds the figures that prompted it; ``render.wording`` words it, so a clerk and the
report read the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import ClassVar

from reportgen.figures.common import Execution
from reportgen.figures.department import DepartmentFigures, ThreePublicLine
from reportgen.figures.project import ProjectReportFigures
from reportgen.models.common import Aspect
from reportgen.models.indicators import Indicator
from reportgen.scoring import TableScore
from reportgen.scoring.scheme import BudgetRule


@dataclass(frozen=True)
class SlowExecution:
    """执行率 below the scheme's line: 预算执行进度偏慢."""

    aspect: ClassVar[Aspect] = Aspect.FUND_USE

    name: str  # a project's name
    execution: Execution
    threshold: Decimal  # the scheme's budget.reason_below_rate, percent

    @property
    def rate(self) -> Decimal:
        rate = self.execution.rate
        assert rate is not None  # only a defined rate can be below the line
        return rate


@dataclass(frozen=True)
class LargeAdjustment:
    """预算调整率 beyond the scheme's line: 年初预算编制不够准确."""

    aspect: ClassVar[Aspect] = Aspect.BUDGET_MANAGEMENT

    name: str  # a project's name, or 基本支出
    execution: Execution
    threshold: Decimal  # the scheme's budget.large_adjustment_rate, percent

    @property
    def rate(self) -> Decimal:
        rate = self.execution.adjustment_rate
        assert rate is not None  # only a defined rate can be beyond the line
        return rate

    @property
    def initial_budget(self) -> Decimal:
        initial = self.execution.initial_budget
        assert initial is not None  # an adjustment rate needs a 年初预算数
        return initial


@dataclass(frozen=True)
class RisingThreePublic:
    """三公经费 above last year's."""

    aspect: ClassVar[Aspect] = Aspect.FUND_USE

    total: ThreePublicLine  # all 三公经费 lines added up


@dataclass(frozen=True)
class UnmetIndicator:
    """A 绩效指标 whose actual falls short of its target."""

    aspect: ClassVar[Aspect] = Aspect.DUTY_PERFORMANCE

    table: str  # the name of the 自评表 it is in
    indicator: Indicator


#: A problem offered to the clerk, with the figures that prompted it; never inserted unasked.
CandidateProblem = SlowExecution | LargeAdjustment | RisingThreePublic | UnmetIndicator


def candidate_problems(figures: DepartmentFigures | ProjectReportFigures) -> list[CandidateProblem]:
    """The problems the figures suggest, judged by the thresholds of the schemes the figures were scored with;
    none the clerk has already written, and each unmet indicator once (a project's indicator may also be in the
    部门整体 table)."""
    found: list[CandidateProblem] = []
    rule = figures.project_scheme.budget  # a project is judged by the scheme its 自评表 was scored with
    for project in figures.projects:
        found += _slow(project.name, project.execution, rule)
        found += _adjusted(project.name, project.execution, rule)
    scores: list[TableScore] = [p.score for p in figures.projects if p.score is not None]
    if isinstance(figures, DepartmentFigures):
        found += _department(figures)
        if figures.department_score is not None:
            scores.insert(0, figures.department_score)
    unmet: set[tuple[str, str, str]] = set()
    for score in scores:
        for item in score.indicators:
            key = (item.indicator.name, item.indicator.target_text, item.indicator.actual_text)
            if item.met is False and key not in unmet:
                unmet.add(key)
                found.append(UnmetIndicator(score.name, item.indicator))
    names = _Names([project.name for project in figures.projects])
    return [c for c in found if not any(_written(c, text, names) for text in figures.written_problems)]


# What a written problem must speak of to be the candidate already: a topic of the checker's lexicon (the one
# home of that vocabulary), or these words.
_TOPICS: dict[type, tuple[str, str]] = {
    SlowExecution: ("预算和预算绩效管理", "预算执行"),
    LargeAdjustment: ("预算和预算绩效管理", "预算调整"),
}
_THREE_PUBLIC_WORDS = ("三公",)
_NAME_OVERLAP = 4  # characters of a project's name that a text must share to speak of that project


def _written(candidate: CandidateProblem, text: str, names: _Names) -> bool:
    """Whether ``text``, a problem the clerk wrote, already states ``candidate``: it speaks of the same thing
    (执行率, 调整率, 三公经费, the indicator) and of the same project, or of no project in particular."""
    if isinstance(candidate, UnmetIndicator):
        return candidate.indicator.name in text
    if isinstance(candidate, RisingThreePublic):
        return any(word in text for word in _THREE_PUBLIC_WORDS)
    aspect, topic = _TOPICS[type(candidate)]
    if not any(word in text for word in _topic_words(aspect, topic)):
        return False
    return names.named(text, candidate.name) or not names.any_named(text)


class _Names:
    """The projects' names, each with the parts of it that no other project's name shares, worked out once: asking
    of every candidate and written problem anew cost (projects)³ — minutes for a unit with 1,000 projects.

    >>> names = _Names(["市档案馆库房密集架建设", "市档案馆智慧档案一期项目建设"])
    >>> names.named("智慧档案项目执行率偏低", "市档案馆智慧档案一期项目建设"), names.named("市档案馆执行率偏低", "市档案馆智慧档案一期项目建设")
    (True, False)
    """

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._holders: dict[str, set[str]] = {}  # a window → the names it is part of
        for name in set(names):
            for window in _windows(name):
                self._holders.setdefault(window, set()).add(name)
        self._own: dict[str, tuple[str, ...]] = {}
        self._any: dict[str, bool] = {}

    def named(self, text: str, name: str) -> bool:
        """Whether ``text`` names ``name`` (基本支出, or a project by a part of its name long enough and its own:
        not the 市档案馆 every project of the unit starts with)."""
        if name in text:
            return True
        own = self._own.get(name)
        if own is None:
            own = self._own[name] = tuple(w for w in _windows(name) if not self._holders.get(w, set()) - {name})
        return any(window in text for window in own)

    def any_named(self, text: str) -> bool:
        """Whether ``text`` names any of the projects."""
        if text not in self._any:
            self._any[text] = any(self.named(text, name) for name in self.names)
        return self._any[text]


def _windows(name: str) -> list[str]:
    """The parts of ``name`` as long as a text must share to speak of it."""
    return [name[i : i + _NAME_OVERLAP] for i in range(len(name) - _NAME_OVERLAP + 1)]


@cache
def _topic_words(aspect: str, topic: str) -> tuple[str, ...]:
    from reportgen.rubrics import load_standard

    return tuple(load_standard().lexicon.aspects[aspect][topic])


def _department(figures: DepartmentFigures) -> list[CandidateProblem]:
    """What only a 部门整体 report has: 基本支出 adjusted, 三公经费 rising."""
    found: list[CandidateProblem] = []
    if figures.basic_budget is not None:
        found += _adjusted("基本支出", figures.basic_budget, figures.scheme.budget)
    total = figures.three_public_total
    if total is not None and total.change > 0:
        found.append(RisingThreePublic(total))
    return found


def _slow(name: str, execution: Execution, rule: BudgetRule) -> list[CandidateProblem]:
    rate = execution.rate
    if rate is None or not rule.is_slow(rate):
        return []
    return [SlowExecution(name, execution, rule.reason_below_rate)]


def _adjusted(name: str, execution: Execution, rule: BudgetRule) -> list[CandidateProblem]:
    rate = execution.adjustment_rate
    if rate is None or not rule.is_large_adjustment(rate):
        return []
    return [LargeAdjustment(name, execution, rule.large_adjustment_rate)]
