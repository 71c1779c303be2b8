"""Figures of a 部门整体 report: totals, 占比, 执行率, 变动 — computed from the model, never typed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from reportgen.arithmetic import change_rate, control_rate, debt_ratio
from reportgen.figures.common import (
    Execution,
    ProjectFigures,
    Share,
    check_overspent,
    check_stated_rate,
    field_finding,
    project_figures,
    reconcile,
    restated_funds,
    scoring_notes,
    shares,
    with_funds,
)
from reportgen.figures.scores import (
    ProjectScore,
    SchemeScores,
    ScoreLine,
    declared_scores,
    lines_total,
    part_lines,
    project_scores,
    scheme_scores,
)
from reportgen.findings import Category, Finding
from reportgen.models.department import (
    Assets,
    BuildingControl,
    DepartmentReport,
    ProjectCategory,
    SpecialFund,
    ThreePublicItem,
)
from reportgen.models.indicators import PerformanceTable
from reportgen.numbers import format_wan
from reportgen.scoring import ScoringScheme, TableScore, load_scheme, score_table

__all__ = ["DepartmentFigures", "ProjectFigures", "compute"]


@dataclass(frozen=True)
class SpecialFundFigures:
    fund: SpecialFund
    execution: Execution


@dataclass(frozen=True)
class ThreePublicLine:
    label: str
    item: ThreePublicItem

    @property
    def change(self) -> Decimal:
        """本年决算 − 上年决算."""
        return self.item.final - self.item.last_year_final

    @property
    def change_rate(self) -> Decimal | None:
        """三公经费变动率 = (本年 − 上年) / 上年."""
        return change_rate(self.item.final, self.item.last_year_final)

    @property
    def budget_execution(self) -> Execution:
        return Execution(budget=self.item.budget, executed=self.item.final)


@dataclass(frozen=True)
class AssetFigures:
    """资产情况: totals from the parts, 净资产 = 资产总计 − 负债合计, 资产负债率 = 负债合计 / 资产总计."""

    current: Decimal
    noncurrent: Decimal
    noncurrent_parts: list[Share]
    total: Decimal
    liabilities: Decimal

    @property
    def net(self) -> Decimal:
        return self.total - self.liabilities

    @property
    def debt_ratio(self) -> Decimal | None:
        return debt_ratio(self.liabilities, self.total)


@dataclass(frozen=True)
class ProjectGroup:
    """Projects the 基础数据表 lists together (one 类别, or all of 项目支出), with their column totals."""

    category: ProjectCategory | None  # None: projects of no listed 类别 (or, for all projects, of every 类别)
    projects: tuple[ProjectFigures, ...]
    last_year_final: Decimal | None  # 上年决算数, known when every project states one
    budget: Decimal  # 全年预算数
    executed: Decimal  # 决算数 (全年执行数)


@dataclass(frozen=True)
class BuildingFigures:
    """楼堂馆所控制情况 (projects completed this year) and its two 控制率."""

    control: BuildingControl

    @property
    def area_rate(self) -> Decimal | None:
        """规模控制率 = 实际规模 / 批复规模."""
        return control_rate(self.control.actual_area, self.control.approved_area)

    @property
    def investment_rate(self) -> Decimal | None:
        """投资概算控制率 = 实际投资 / 预算投资."""
        return control_rate(self.control.actual_investment, self.control.approved_investment)


@dataclass(frozen=True)
class DepartmentFigures:
    income_total: Decimal | None  # None when the input states no 收入
    income_parts: list[Share]  # sources with a non-zero amount, in the standard order
    basic_total: Decimal
    basic_parts: list[Share]  # 人员经费 / 公用经费 with their share of 基本支出, when known
    project_total: Decimal
    spending_total: Decimal
    spending_parts: list[Share]  # 基本支出 / 项目支出 with their share of total spending
    execution: Execution | None  # the unit's whole budget against total spending
    projects: list[ProjectFigures]
    special_funds: list[SpecialFundFigures]
    three_public: list[ThreePublicLine]
    three_public_total: ThreePublicLine | None
    staffing_rate: Decimal | None  # 在职人员控制率 = 实有人数 / 编制数
    self_score: Decimal | None
    scheme: ScoringScheme  # the scheme the 部门整体 table was scored with (and whose thresholds apply to it)
    project_scheme: ScoringScheme  # the scheme the projects' tables and 项目自评 were scored with
    assets: AssetFigures | None = None
    scheme_scores: SchemeScores | None = None  # the 部门整体 score by the scheme's categories, with a table
    self_score_lines: list[ScoreLine] = field(default_factory=list)  # 自评得分.分项 without a table
    project_self_scores: list[ProjectScore] = field(default_factory=list)  # 项目自评
    department_table: PerformanceTable | None = None  # 部门整体支出绩效自评表, with the unit's own totals
    department_score: TableScore | None = None  # that table, scored
    basic_budget: Execution | None = None  # 基本支出: (年初预算 + 年中追加) against 决算
    projects_execution: Execution | None = None  # all projects: 年初, 全年预算 and 执行 summed
    all_projects: ProjectGroup | None = None  # every listed project, totalled as 项目支出 is elsewhere
    project_groups: list[ProjectGroup] = field(default_factory=list)  # by 类别, in the 基础数据表's order
    three_public_vehicle: ThreePublicLine | None = None  # 公务用车购置 and 运行维护 added up
    buildings: BuildingFigures | None = None
    # 人员编制.说明 states 编制 or 实有人数 itself: the text gives the clerk's sentence and not the figures again
    staffing_restated: bool = False
    notes: list[Finding] = field(default_factory=list)
    written_problems: tuple[
        str, ...
    ] = ()  # the clerk's own problems (text and cause), which a suggestion must not repeat

    @property
    def scored_projects(self) -> list[ProjectFigures]:
        return [p for p in self.projects if p.score is not None]


@dataclass(frozen=True)
class SpendingFigures:
    """支出 (决算数): 基本支出 and 项目支出, each with its parts, and their total."""

    basic_total: Decimal
    basic_parts: list[Share]  # 人员经费 / 公用经费 with their share of 基本支出, when known
    projects: list[ProjectFigures]
    project_total: Decimal
    total: Decimal
    parts: list[Share]  # 基本支出 / 项目支出 with their share of the total


@dataclass(frozen=True)
class BudgetFigures:
    """The year's budgets against spending: 基本支出, 项目支出 and the unit as a whole, each when known."""

    basic: Execution | None  # (年初预算 + 年中追加) against 基本支出决算
    projects: Execution | None  # all projects: 年初, 全年预算 and 执行 summed
    unit: Execution | None  # the unit's stated 全年预算数 against total spending


@dataclass(frozen=True)
class SelfScoreFigures:
    """The unit's 自评得分: by the scheme's categories when a 部门整体自评表 is scored, else by its stated parts."""

    total: Decimal | None
    by_scheme: SchemeScores | None
    lines: list[ScoreLine]
    projects: list[ProjectScore]  # 项目自评


def compute(
    report: DepartmentReport, scheme: ScoringScheme | None = None, project_scheme: ScoringScheme | None = None
) -> DepartmentFigures:
    """All figures of the report, with a note for every input that does not add up.

    ``scheme`` scores the 部门整体 table; ``project_scheme`` (default: the same) the projects' tables and 项目自评.
    """
    scheme = scheme or load_scheme("default")
    project_scheme = project_scheme or scheme
    notes: list[Finding] = []
    income_total, income_parts, found = _income(report)
    notes += found
    spending, found = _spending(report, project_scheme)
    notes += found
    basic_budget, found = _basic_budget(report, spending.basic_total)
    notes += found
    notes += _economic_class_notes(report, spending.basic_total)
    projects_budget, found = _projects_budget(report, spending.project_total)
    notes += found
    unit_execution, found = _unit_execution(report, spending.total, basic_budget, projects_budget)
    notes += found
    budgets = BudgetFigures(basic_budget, projects_budget, unit_execution)
    department_table, department_score, found = _department_table(report, scheme, spending.total, budgets)
    notes += found
    special_funds, found = _special_funds(report)
    notes += found
    three_public, three_public_total, three_public_vehicle = _three_public(report)
    staffing_rate, found = _staffing(report)
    notes += found
    staffing_restated, found = _staffing_note(report)
    notes += found
    notes += _staff_profile_notes(report)
    assets = None
    if report.assets is not None:
        assets, found = _assets(report.assets)
        notes += found
    self_scores, found = _self_scores(report, scheme, project_scheme, department_score)
    notes += found
    return DepartmentFigures(
        income_total=income_total,
        income_parts=income_parts,
        basic_total=spending.basic_total,
        basic_parts=spending.basic_parts,
        project_total=spending.project_total,
        spending_total=spending.total,
        spending_parts=spending.parts,
        execution=budgets.unit,
        projects=spending.projects,
        special_funds=special_funds,
        three_public=three_public,
        three_public_total=three_public_total,
        staffing_rate=staffing_rate,
        assets=assets,
        self_score=self_scores.total,
        scheme=scheme,
        project_scheme=project_scheme,
        department_table=department_table,
        department_score=department_score,
        basic_budget=budgets.basic,
        projects_execution=budgets.projects,
        scheme_scores=self_scores.by_scheme,
        self_score_lines=self_scores.lines,
        project_self_scores=self_scores.projects,
        all_projects=_all_projects(spending, budgets),
        project_groups=project_groups(spending.projects),
        three_public_vehicle=three_public_vehicle,
        buildings=_buildings(report),
        staffing_restated=staffing_restated,
        notes=notes,
        written_problems=_written_problems(report),
    )


def _income(report: DepartmentReport) -> tuple[Decimal | None, list[Share], list[Finding]]:
    """收入: the sources with an amount, their total (checked against a stated 合计) and shares."""
    if report.income is None:
        return None, [], []
    sources = [(source.value, amount) for source, amount in report.income.by_source() if amount != 0]
    total, notes = reconcile(
        [(f"收入.{label}", amount) for label, amount in sources],
        report.income.stated_total,
        "收入.合计",
        "收入各来源之和",
    )
    return total, shares(sources, total), notes


def _spending(report: DepartmentReport, project_scheme: ScoringScheme) -> tuple[SpendingFigures, list[Finding]]:
    """支出: 基本支出 from its parts, 项目支出 from its projects, and their total; each against a stated 合计."""
    basic = report.spending.basic
    basic_fields = []
    if basic.personnel is not None and basic.operating is not None:
        basic_fields = [("支出.基本支出.人员经费", basic.personnel), ("支出.基本支出.公用经费", basic.operating)]
    basic_total, notes = reconcile(basic_fields, basic.stated_total, "支出.基本支出.合计", "人员经费与公用经费之和")
    basic_parts: list[Share] = []
    if basic.personnel is not None and basic.operating is not None:
        basic_parts = shares([("人员经费", basic.personnel), ("公用经费", basic.operating)], basic_total)

    listed = report.spending.project.projects
    projects = []
    for index, project in enumerate(listed, start=1):
        figures, found = project_figures(project, f"支出.项目支出.项目[{index}]", project_scheme)
        projects.append(figures)
        notes += found
    project_total, found = reconcile(
        [(f"支出.项目支出.项目[{i}].全年执行数", p.executed) for i, p in enumerate(listed, start=1)],
        report.spending.project.stated_total,
        "支出.项目支出.合计",
        "各项目全年执行数之和",
    )
    notes += found

    total, found = reconcile(
        [("支出.基本支出", basic_total), ("支出.项目支出", project_total)],
        report.spending.stated_total,
        "支出.合计",
        "基本支出与项目支出之和",
    )
    notes += found
    parts = shares([("基本支出", basic_total), ("项目支出", project_total)], total)
    return SpendingFigures(basic_total, basic_parts, projects, project_total, total, parts), notes


def _basic_budget(report: DepartmentReport, basic_total: Decimal) -> tuple[Execution | None, list[Finding]]:
    """基本支出: (年初预算 + 年中追加, checked against a stated 全年预算数) against its 决算."""
    basic = report.spending.basic
    notes: list[Finding] = []
    if basic.initial is not None:
        initial = basic.initial.amount
        budget_fields = [(f"支出.基本支出.年初预算.{label}", amount) for label, amount in basic.initial.parts()]
        if basic.mid_year_addition is not None:
            budget_fields.append(("支出.基本支出.年中追加", basic.mid_year_addition))
        budget, notes = reconcile(budget_fields, basic.budget, "支出.基本支出.全年预算数", "年初预算与年中追加之和")
        execution = Execution(budget, basic_total, initial)
    elif basic.budget is not None:
        execution = Execution(basic.budget, basic_total)
    else:
        return None, []
    notes += check_overspent(execution, "支出.基本支出", "基本支出")
    notes += check_stated_rate(execution, basic.stated_rate, "支出.基本支出", "基本支出执行率")
    return execution, notes


def _economic_class_notes(report: DepartmentReport, basic_total: Decimal) -> list[Finding]:
    """基本支出 by 经济分类, checked against its total."""
    economic = report.spending.basic.economic
    if economic is None:
        return []
    _, notes = reconcile(
        [(f"支出.基本支出.经济分类.{label}", amount) for label, amount in economic.items()],
        basic_total,
        "支出.基本支出（合计）",
        "基本支出各经济分类之和",
    )
    return notes


def _projects_budget(report: DepartmentReport, project_total: Decimal) -> tuple[Execution | None, list[Finding]]:
    """项目支出: the projects' 全年预算数 added up (checked against a stated one), or the stated one alone."""
    project_spending = report.spending.project
    listed = project_spending.projects
    notes: list[Finding] = []
    if listed:
        budget, notes = reconcile(
            [(f"支出.项目支出.项目[{i}].全年预算数", p.budget) for i, p in enumerate(listed, start=1)],
            project_spending.budget,
            "支出.项目支出.全年预算数",
            "各项目全年预算数之和",
        )
        initial = [p.initial_budget for p in listed]
        known = [value for value in initial if value is not None]
        initial_total = sum(known, Decimal(0)) if len(known) == len(initial) else None
        execution = Execution(budget, project_total, initial_total)
    elif project_spending.budget is not None:
        execution = Execution(project_spending.budget, project_total)
        # Listed projects are each checked for overspending; only a stated total is checked as a whole.
        notes += check_overspent(execution, "支出.项目支出", "项目支出")
    else:
        return None, []
    notes += check_stated_rate(execution, project_spending.stated_rate, "支出.项目支出", "项目支出执行率")
    return execution, notes


def _department_table(
    report: DepartmentReport, scheme: ScoringScheme, spending_total: Decimal, budgets: BudgetFigures
) -> tuple[PerformanceTable | None, TableScore | None, list[Finding]]:
    """The 部门整体支出绩效自评表 with the unit's own 资金 (restated ones noted), scored by ``scheme``."""
    table = report.department_table
    if table is None:
        return None, None, []
    # The unit's 全年预算数 is stated, or the 基本支出 and 项目支出 budgets added up, when both are known.
    unit_budget = budgets.unit.budget if budgets.unit is not None else None
    if unit_budget is None and budgets.basic is not None and budgets.projects is not None:
        unit_budget = budgets.basic.budget + budgets.projects.budget
    known_budget = unit_budget is not None
    spent = Execution(unit_budget if unit_budget is not None else table.funds.budget, spending_total)
    source = "支出（基本支出与项目支出之和）" if report.spending.budget is None else "支出"
    notes = restated_funds(table, spent, "部门整体自评表.资金", source, "部门整体支出", executed_only=not known_budget)
    table, found = with_funds(table, spent, "部门整体自评表.资金")
    notes += found
    score = score_table(table, scheme, declared=declared_scores(report.self_score, scheme))
    notes += scoring_notes(score, "部门整体自评表")
    return table, score, notes


def _special_funds(report: DepartmentReport) -> tuple[list[SpecialFundFigures], list[Finding]]:
    """专项资金, each with its 执行率 and a warning when overspent."""
    funds: list[SpecialFundFigures] = []
    notes: list[Finding] = []
    for index, fund in enumerate(report.special_funds, start=1):
        execution = Execution(fund.budget, fund.executed)
        notes += check_overspent(execution, f"专项资金[{index}]", fund.name)
        funds.append(SpecialFundFigures(fund, execution))
    return funds, notes


def _three_public(
    report: DepartmentReport,
) -> tuple[list[ThreePublicLine], ThreePublicLine | None, ThreePublicLine | None]:
    """三公经费 by line, all lines added up, and the two 公务用车 lines added up."""
    three_public = report.three_public
    if three_public is None:
        return [], None, None
    lines = [ThreePublicLine(label, item) for label, item in three_public.items()]
    if not lines:
        return [], None, None
    vehicle = [item for item in (three_public.vehicle_purchase, three_public.vehicle_operation) if item is not None]
    vehicle_total = _added_up("公务用车购置及运行维护费", vehicle) if vehicle else None
    return lines, _added_up("三公经费", [line.item for line in lines]), vehicle_total


def _added_up(label: str, items: list[ThreePublicItem]) -> ThreePublicLine:
    """Several 三公经费 lines added up column by column, as one line."""
    total = ThreePublicItem(
        last_year_final=sum((item.last_year_final for item in items), Decimal(0)),
        budget=sum((item.budget for item in items), Decimal(0)),
        final=sum((item.final for item in items), Decimal(0)),
    )
    return ThreePublicLine(label, total)


def project_groups(projects: list[ProjectFigures]) -> list[ProjectGroup]:
    """The projects by 类别 as the 基础数据表 lists them (业务工作经费, 运行维护经费, 专项资金, then the rest)."""
    by_category: list[tuple[ProjectCategory | None, list[ProjectFigures]]]
    by_category = [(c, [p for p in projects if p.category == c.value]) for c in ProjectCategory]
    listed = {c.value for c in ProjectCategory}
    by_category.append((None, [p for p in projects if p.category not in listed]))
    return [_group(category, group) for category, group in by_category if group]


def _group(category: ProjectCategory | None, projects: list[ProjectFigures]) -> ProjectGroup:
    known = [p.last_year_final for p in projects if p.last_year_final is not None]
    return ProjectGroup(
        category,
        tuple(projects),
        sum(known, Decimal(0)) if len(known) == len(projects) else None,
        sum((p.execution.budget for p in projects), Decimal(0)),
        sum((p.execution.executed for p in projects), Decimal(0)),
    )


def _all_projects(spending: SpendingFigures, budgets: BudgetFigures) -> ProjectGroup | None:
    """Every listed project as one group, with the 项目支出 全年预算数 and 决算数 the text states."""
    if not spending.projects or budgets.projects is None:
        return None
    group = _group(None, spending.projects)
    return replace(group, budget=budgets.projects.budget, executed=spending.project_total)


def _buildings(report: DepartmentReport) -> BuildingFigures | None:
    data = report.basic_data
    return None if data is None or data.buildings is None else BuildingFigures(data.buildings)


def _staffing(report: DepartmentReport) -> tuple[Decimal | None, list[Finding]]:
    """在职人员控制率 = 实有人数 / 编制数, with a warning above the quota."""
    staffing = report.staffing
    if staffing is None:
        return None, []
    rate = control_rate(Decimal(staffing.actual), Decimal(staffing.authorized))
    if staffing.actual <= staffing.authorized:
        return rate, []
    message = f"「人员编制」实有人数{staffing.actual}人超过编制数{staffing.authorized}人，请核对"
    return rate, [field_finding("staff-over-quota", Category.INPUT, ("人员编制.实有人数", "人员编制.编制数"), message)]


def _written_problems(report: DepartmentReport) -> tuple[str, ...]:
    """The problems the clerk wrote, each with its cause: 问题, and a special fund's 存在问题."""
    written = [f"{p.text}{p.cause or ''}" for p in report.problems]
    written += [fund.problems for fund in report.special_funds if fund.problems]
    return tuple(written)


# 人员编制.说明 restating the figures: 编制人数21人 / 实有在职人员19人 / 在职人员19人
_NOTE_AUTHORIZED_RE = re.compile(r"编制(?:人数|数)(?:为|是|共)?(\d+)[人名]")
_NOTE_ACTUAL_RE = re.compile(r"(?:实有(?:在职)?(?:人员|人数)?|在职人员(?:数)?)(?:为|是|共)?(\d+)[人名]")


def _staffing_note(report: DepartmentReport) -> tuple[bool, list[Finding]]:
    """Whether 人员编制.说明 states 编制 or 实有人数 itself, and a warning where it gives another number than the
    fields (the draft would otherwise say the same fact twice, with two numbers)."""
    staffing = report.staffing
    if staffing is None or not staffing.note:
        return False, []
    stated = [
        (field_name, figure, int(match.group(1)))
        for field_name, figure, pattern in (
            ("编制数", staffing.authorized, _NOTE_AUTHORIZED_RE),
            ("实有人数", staffing.actual, _NOTE_ACTUAL_RE),
        )
        for match in pattern.finditer(staffing.note)
    ]
    notes = [
        field_finding(
            "staffing-note-differs",
            Category.INPUT,
            ("人员编制.说明", f"人员编制.{field_name}"),
            f"「人员编制.说明」写的{field_name}是{number}人，「人员编制.{field_name}」是{figure}人；"
            f"报告采用说明原文，在职人员控制率按{field_name}{figure}人计算，请核对",
        )
        for field_name, figure, number in stated
        if number != figure
    ]
    return bool(stated), notes


def _self_scores(
    report: DepartmentReport, scheme: ScoringScheme, project_scheme: ScoringScheme, department_score: TableScore | None
) -> tuple[SelfScoreFigures, list[Finding]]:
    """自评得分 and 项目自评, each checked against what is stated."""
    total: Decimal | None = None
    summary: SchemeScores | None = None
    lines: list[ScoreLine] = []
    notes: list[Finding] = []
    if department_score is not None:
        # The scored 部门整体 table is the unit's self-score; stated parts and totals are checked against it.
        summary, notes = scheme_scores(department_score, scheme, report.self_score)
        total = department_score.total
    elif report.self_score is not None:
        lines, notes = part_lines(report.self_score.parts, scheme, "自评得分")
        total, found = lines_total(lines, report.self_score.stated_total, "自评得分")
        notes += found
    projects, found = project_scores(report.project_self_scores, project_scheme)
    notes += found
    return SelfScoreFigures(total, summary, lines, projects), notes


def _unit_execution(
    report: DepartmentReport,
    spending_total: Decimal,
    basic_budget: Execution | None,
    projects_execution: Execution | None,
) -> tuple[Execution | None, list[Finding]]:
    """The unit's stated 全年预算数 against its spending; checked against the 基本支出 and 项目支出 budgets."""
    budget = report.spending.budget
    if budget is None:
        return None, []
    notes: list[Finding] = []
    if basic_budget is not None and projects_execution is not None:
        parts = [
            ("支出.基本支出.全年预算数", basic_budget.budget),
            ("支出.项目支出.全年预算数", projects_execution.budget),
        ]
        budget, notes = reconcile(parts, budget, "支出.全年预算数", "基本支出与项目支出全年预算数之和")
    execution = Execution(budget, spending_total)
    notes += check_overspent(execution, "支出", "部门整体支出")
    notes += check_stated_rate(execution, report.spending.stated_rate, "支出", "预算执行率")
    return execution, notes


def _assets(assets: Assets) -> tuple[AssetFigures, list[Finding]]:
    parts = assets.noncurrent_parts()
    noncurrent, notes = reconcile(
        [(f"资产.{label}", amount) for label, amount in parts],
        assets.stated_noncurrent,
        "资产.非流动资产",
        "非流动资产各项之和",
    )
    total, found = reconcile(
        [("资产.流动资产", assets.current), ("资产.非流动资产", noncurrent)],
        assets.stated_total,
        "资产.资产总计",
        "流动资产与非流动资产之和",
    )
    notes += found
    figures = AssetFigures(assets.current, noncurrent, shares(parts, noncurrent), total, assets.liabilities)
    if figures.net < 0:
        notes.append(
            field_finding(
                "liabilities-over-assets",
                Category.INPUT,
                ("资产.负债合计",),
                f"「资产.负债合计」{format_wan(assets.liabilities)}超过资产总计{format_wan(total)}，"
                f"净资产为负（{format_wan(figures.net)}），请核对",
            )
        )
    return figures, notes


def _staff_profile_notes(report: DepartmentReport) -> list[Finding]:
    """Each breakdown of 人员构成 must add up to 实有人数."""
    if report.staff_profile is None or report.staffing is None:
        return []
    actual = report.staffing.actual
    return [
        field_finding(
            "staff-breakdown-mismatch",
            Category.ARITHMETIC,
            (f"人员构成.{name}", "人员编制.实有人数"),
            f"「人员构成.{name}」合计{total}人，与「人员编制.实有人数」{actual}人不符，请核对",
        )
        for name, total in report.staff_profile.breakdowns()
        if total != actual
    ]
