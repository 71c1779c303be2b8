"""Figures of a 项目支出 report: per project and total 预算/到位/使用, rates, scores and 等级, indicator results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.arithmetic import receipt_rate
from reportgen.figures.common import (
    Execution,
    ProjectFigures,
    field_finding,
    project_figures,
    reconcile,
)
from reportgen.findings import Category, Finding
from reportgen.indicators import Attainment, Comparison
from reportgen.models.indicators import Indicator, Level2
from reportgen.models.project import ProjectProblem, ProjectReport, ProjectSuggestion, StatedTotals
from reportgen.numbers import format_wan
from reportgen.scoring import IndicatorScore, ScoringScheme, load_scheme

#: The 二级 indicators in the order a report discusses them: 产出 under （一）, 效益 and 满意度 under （二）.
OUTPUT_LEVEL2 = (Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS, Level2.COST)
BENEFIT_LEVEL2 = (Level2.ECONOMIC, Level2.SOCIAL, Level2.ECOLOGICAL, Level2.SUSTAINABLE, Level2.SATISFACTION)


@dataclass(frozen=True)
class IndicatorLine:
    """One 三级 indicator as the narrative states it: shared by every scored project, or one project's own."""

    indicator: Indicator
    project: str | None  # None when every project's 自评表 has this very row
    met: bool | None  # None when judged by 完成等级 or not comparable
    grade: Attainment | None  # the 完成等级 band used, if any

    @property
    def qualitative(self) -> bool:
        """Target and actual are words, not numbers or dates (so the text quotes them)."""
        return self.grade is not None


@dataclass(frozen=True)
class GradeBand:
    """One 等级 of the scheme: 优 from 90, 良 from 80 up to 90 …; ``high`` is None for the top grade."""

    grade: str
    low: Decimal
    high: Decimal | None


@dataclass(frozen=True)
class ProjectReportFigures:
    """Everything computed for a 项目支出绩效自评报告; the text states these, never typed figures."""

    projects: list[ProjectFigures]
    totals: Execution  # 全年预算数 and 全年执行数 (实际使用资金) of all projects; 年初 when every project has one
    received_total: Decimal  # 实际到位资金 of all projects
    indicator_lines: dict[Level2, list[IndicatorLine]]  # by 二级, in the order first met
    cost_total: Decimal | None  # the projects' 成本指标 actuals added up, when each has one in 万元
    weights: list[tuple[str, Decimal]]  # the scheme's categories: 预算执行 10, 产出指标 50 …
    grade_bands: list[GradeBand]
    scheme: ScoringScheme  # the scheme every project was scored with (and whose thresholds apply)
    notes: list[Finding] = field(default_factory=list)
    written_problems: tuple[
        str, ...
    ] = ()  # the clerk's own problems (text and cause), which a suggestion must not repeat

    @property
    def scored_projects(self) -> list[ProjectFigures]:
        return [p for p in self.projects if p.score is not None]

    @property
    def unscored_projects(self) -> list[ProjectFigures]:
        return [p for p in self.projects if p.score is None]

    @property
    def receipt_rate(self) -> Decimal | None:
        """到位率 of all projects = 实际到位资金 / 全年预算数."""
        return receipt_rate(self.received_total, self.totals.budget)

    @property
    def common_score(self) -> ProjectFigures | None:
        """A project standing for all, when every project is scored with the same 得分 and 等级."""
        scored = self.scored_projects
        if not scored or len(scored) != len(self.projects):
            return None
        first = scored[0].score
        assert first is not None
        same = all(p.score is not None and (p.score.total, p.score.grade) == (first.total, first.grade) for p in scored)
        return scored[0] if same else None

    @property
    def full_marks(self) -> Decimal:
        """The scheme's total (its categories' weights add up to it)."""
        return self.scheme.total

    @property
    def project_scheme(self) -> ScoringScheme:
        """The scheme the projects were scored with (named as a 部门整体 report's figures name it)."""
        return self.scheme

    @property
    def output_kinds(self) -> tuple[Level2, ...]:
        return OUTPUT_LEVEL2

    @property
    def benefit_kinds(self) -> tuple[Level2, ...]:
        return BENEFIT_LEVEL2

    def lines(self, level2: Level2) -> list[IndicatorLine]:
        return self.indicator_lines.get(level2, [])

    @property
    def output_lines(self) -> list[IndicatorLine]:
        return [line for level2 in OUTPUT_LEVEL2 for line in self.lines(level2)]

    @property
    def unmet_outputs(self) -> list[IndicatorLine]:
        """产出 indicators whose actual falls short of the target."""
        return [line for line in self.output_lines if line.met is False]

    @property
    def outputs_met(self) -> bool:
        """Every 产出 indicator is stated and reached its target."""
        return bool(self.output_lines) and all(line.met for line in self.output_lines)


def compute(report: ProjectReport, scheme: ScoringScheme | None = None) -> ProjectReportFigures:
    """All figures of a 项目支出 report, with a note for every input that does not add up."""
    scheme = scheme or load_scheme("default")
    notes: list[Finding] = []
    projects = []
    for index, project in enumerate(report.projects, start=1):
        figures, found = project_figures(project, f"项目[{index}]", scheme)
        projects.append(figures)
        notes += found
        notes += _cost_agrees(figures, f"项目[{index}]")
    totals, received_total, found = _totals(report, projects)
    notes += found
    notes += unanswered_problems(report.problems, report.measures)
    return ProjectReportFigures(
        projects=projects,
        totals=totals,
        received_total=received_total,
        indicator_lines=indicator_lines(projects),
        cost_total=cost_total(projects),
        weights=[(name, category.weight) for name, category in scheme.categories.items()],
        grade_bands=grade_bands(scheme.grades),
        scheme=scheme,
        notes=notes,
        written_problems=tuple(f"{p.title or ''}{p.text}{p.cause or ''}" for p in report.problems),
    )


def _totals(report: ProjectReport, projects: list[ProjectFigures]) -> tuple[Execution, Decimal, list[Finding]]:
    """全年预算数, 实际到位资金 and 全年执行数 of all projects, each checked against a stated 合计."""
    stated = report.funding.stated or StatedTotals()
    columns = [
        ("全年预算数", [p.execution.budget for p in projects], stated.budget),
        ("实际到位资金", [p.received or Decimal(0) for p in projects], stated.received),
        ("全年执行数", [p.execution.executed for p in projects], stated.executed),
    ]
    notes: list[Finding] = []
    sums = []
    for label, values, given in columns:
        parts = [(f"项目[{i}].{label}", value) for i, value in enumerate(values, start=1)]
        total, found = reconcile(parts, given, f"资金申报及使用.合计.{label}", f"各项目{label}之和")
        sums.append(total)
        notes += found
    budget, received, executed = sums
    initial = [p.execution.initial_budget for p in projects]
    known = [value for value in initial if value is not None]
    initial_total = sum(known, Decimal(0)) if len(known) == len(initial) else None
    return Execution(budget, executed, initial_total), received, notes


def indicator_lines(projects: Sequence[ProjectFigures]) -> dict[Level2, list[IndicatorLine]]:
    """Every scored indicator by 二级; a row every 自评表 has alike is stated once, not once per project."""
    scored = [p for p in projects if p.score is not None]
    seen: dict[tuple, list[tuple[str, IndicatorScore]]] = {}
    for project in scored:
        assert project.score is not None
        for item in project.score.indicators:
            seen.setdefault(_row_key(item), []).append((project.name, item))
    lines: dict[Level2, list[IndicatorLine]] = {}
    for key, owners in seen.items():
        shared = len(owners) == len(scored)
        for name, item in owners[:1] if shared else owners:
            line = IndicatorLine(item.indicator, None if shared else name, item.met, item.grade)
            lines.setdefault(key[0], []).append(line)
    return lines


def _row_key(item: IndicatorScore) -> tuple:
    indicator = item.indicator
    return (indicator.level2, indicator.name, indicator.target_text, indicator.actual_text, item.grade)


def _single_cost(project: ProjectFigures) -> Decimal | None:
    """The actual of a project's one 成本指标, when it is an amount in 万元."""
    if project.score is None:
        return None
    costs = [s.indicator for s in project.score.indicators if s.indicator.level2 is Level2.COST]
    if len(costs) != 1:
        return None
    actual = costs[0].actual
    return actual.value if isinstance(actual, Comparison) and actual.unit == "万元" else None


def cost_total(projects: Sequence[ProjectFigures]) -> Decimal | None:
    """项目成本 of all projects, when every project's 自评表 has one 成本指标 in 万元."""
    costs = [_single_cost(p) for p in projects]
    if not costs or any(c is None for c in costs):
        return None
    return sum((c for c in costs if c is not None), Decimal(0))


def _cost_agrees(project: ProjectFigures, path: str) -> list[Finding]:
    """A 成本指标 actual in 万元 that is not the money the project used: one quantity, two values."""
    cost = _single_cost(project)
    if cost is None or cost == project.execution.executed:
        return []
    return [
        field_finding(
            "cost-differs-from-executed",
            Category.RESTATED_FIGURE,
            (f"{path}.自评表.指标（成本指标）", f"{path}.全年执行数"),
            f"「{path}」{project.name}：成本指标实际完成值{format_wan(cost)}与全年执行数"
            f"{format_wan(project.execution.executed)}不一致，请核对",
        )
    ]


def grade_bands(grades: dict[str, Decimal]) -> list[GradeBand]:
    """The scheme's 等级 from the best down, each with the score range it covers.

    >>> [(b.grade, str(b.low), b.high and str(b.high)) for b in grade_bands({"优": Decimal(90), "差": Decimal(0)})]
    [('优', '90', None), ('差', '0', '90')]
    """
    ranked = sorted(grades.items(), key=lambda item: item[1], reverse=True)
    bands = []
    upper: Decimal | None = None
    for grade, low in ranked:
        bands.append(GradeBand(grade, low, upper))
        upper = low
    return bands


def unanswered_problems(problems: Sequence[ProjectProblem], measures: Sequence[ProjectSuggestion]) -> list[Finding]:
    """A warning for each problem no measure says it answers (by 针对), once measures say what they answer."""
    if not any(m.answers for m in measures):
        return []
    answered = {a for m in measures for a in m.answers}
    notes = []
    for index, problem in enumerate(problems, start=1):
        if problem.id in answered:
            continue
        title = problem.title or problem.text[:20]
        notes.append(
            field_finding(
                "problem-unanswered",
                Category.SUGGESTIONS,
                (f"问题[{index}]", "改进措施"),
                f"「问题[{index}]」{title}：没有任何一条改进措施「针对」它；请补充相应的建议，"
                "或在已有建议的「针对」中写上它的编号",
            )
        )
    return notes
