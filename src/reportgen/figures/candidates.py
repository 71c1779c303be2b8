"""Problems the figures alone suggest (slow execution, large budget adjustments, rising 三公经费, unmet targets).

Each candidate holds the figures that prompted it; ``render.wording`` words it, so a clerk and the
report read the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
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
    """The problems the figures suggest, judged by the thresholds of the schemes the figures were scored with."""
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
    for score in scores:
        found += [UnmetIndicator(score.name, item.indicator) for item in score.indicators if item.met is False]
    return found


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
