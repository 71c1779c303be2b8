"""Problems the figures alone suggest (slow execution, large budget adjustments, rising 三公经费, unmet targets)."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.figures.common import Execution
from reportgen.figures.department import DepartmentFigures
from reportgen.figures.project import ProjectReportFigures
from reportgen.models.common import Aspect
from reportgen.numbers import format_change, format_marks, format_pct, format_wan
from reportgen.scoring import TableScore
from reportgen.scoring.scheme import BudgetRule


@dataclass(frozen=True)
class CandidateProblem:
    """A problem offered to the clerk, with the figures that prompted it; never inserted unasked."""

    text: str
    aspect: Aspect


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
        for item in score.indicators:
            if item.met is False:
                indicator = item.indicator
                found.append(
                    CandidateProblem(
                        f"{score.name}的绩效指标「{indicator.name}」年度指标值为{indicator.target_text}，"
                        f"实际完成{indicator.actual_text}，未达到目标",
                        Aspect.DUTY_PERFORMANCE,
                    )
                )
    return found


def _department(figures: DepartmentFigures) -> list[CandidateProblem]:
    """What only a 部门整体 report has: 基本支出 adjusted, 三公经费 rising."""
    found = []
    if figures.basic_budget is not None:
        found += _adjusted("基本支出", figures.basic_budget, figures.scheme.budget)
    total = figures.three_public_total
    if total is not None and total.change > 0:
        found.append(
            CandidateProblem(
                f"“三公”经费决算{format_wan(total.item.final)}，比上年{format_change(total.change, total.change_rate)}，"
                "需分析增加原因并加强控制",
                Aspect.FUND_USE,
            )
        )
    return found


def _slow(name: str, execution: Execution, rule: BudgetRule) -> list[CandidateProblem]:
    rate = execution.rate
    if rate is None or not rule.is_slow(rate):
        return []
    return [
        CandidateProblem(
            f"{name}执行率为{format_pct(rate)}（全年预算{format_wan(execution.budget)}，执行"
            f"{format_wan(execution.executed)}），低于{format_marks(rule.reason_below_rate)}%，预算执行进度偏慢",
            Aspect.FUND_USE,
        )
    ]


def _adjusted(name: str, execution: Execution, rule: BudgetRule) -> list[CandidateProblem]:
    rate = execution.adjustment_rate
    if rate is None or not rule.is_large_adjustment(rate):
        return []
    return [
        CandidateProblem(
            f"{name}预算调整率为{format_pct(rate)}（年初预算{format_wan(execution.initial_budget)}，"
            f"全年预算{format_wan(execution.budget)}），超过{format_marks(rule.large_adjustment_rate)}%，年初预算编制不够准确",
            Aspect.BUDGET_MANAGEMENT,
        )
    ]
