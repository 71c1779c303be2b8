"""Figure building blocks shared by every report kind: shares, rates, totals and their notes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from reportgen.arithmetic import (
    adjustment_rate,
    check_sum,
    execution_rate,
    fits_total,
    over_budget,
    receipt_rate,
    same_rate,
    same_score,
    share,
)
from reportgen.findings import Category, Finding, Level
from reportgen.models.department import Project
from reportgen.models.indicators import PerformanceTable
from reportgen.numbers import format_number, format_pct, format_wan
from reportgen.scoring import ScoringScheme, TableScore, score_table


def field_finding(
    rule: str, category: Category, fields: tuple[str, ...], message: str, *, level: Level = Level.WARNING
) -> Finding:
    """A finding about input fields: located at the first of ``fields``, and naming them all."""
    return Finding(rule=rule, category=category, level=level, message=message, section=fields[0], fields=fields)


@dataclass(frozen=True)
class Share:
    """A labelled amount and its share (percent, unrounded) of some total."""

    label: str
    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class Execution:
    """Budget against execution: 执行率, and 调整 when the initial budget is known."""

    budget: Decimal  # 全年预算数 (adjusted)
    executed: Decimal  # 全年执行数
    initial_budget: Decimal | None = None  # 年初预算数

    @property
    def rate(self) -> Decimal | None:
        """执行率 = 全年执行数 / 全年预算数 (percent, unrounded)."""
        return execution_rate(self.executed, self.budget)

    @property
    def balance(self) -> Decimal:
        """预算执行差额 (positive when money was left unspent)."""
        return self.budget - self.executed

    @property
    def adjustment(self) -> Decimal | None:
        """预算调整数 = 全年预算数 − 年初预算数."""
        return None if self.initial_budget is None else self.budget - self.initial_budget

    @property
    def adjustment_rate(self) -> Decimal | None:
        """预算调整率 = 预算调整数 / 年初预算数."""
        return None if self.initial_budget is None else adjustment_rate(self.budget, self.initial_budget)


@dataclass(frozen=True)
class ProjectFigures:
    """One project's money and its 自评表, scored: the same in a 部门整体 and a 项目支出 report."""

    name: str
    execution: Execution
    source: str | None
    category: str | None = None
    last_year_final: Decimal | None = None
    table: PerformanceTable | None = None  # its 项目支出绩效自评表
    score: TableScore | None = None  # that table, scored
    received: Decimal | None = None  # 实际到位资金

    @property
    def receipt_rate(self) -> Decimal | None:
        """到位率 = 实际到位资金 / 全年预算数 (percent, unrounded)."""
        return None if self.received is None else receipt_rate(self.received, self.execution.budget)


def shares(parts: list[tuple[str, Decimal]], total: Decimal) -> list[Share]:
    """Each part with its share of ``total``."""
    return [Share(label, amount, share(amount, total)) for label, amount in parts]


def reconcile(
    parts: list[tuple[str, Decimal]],
    stated: Decimal | None,
    stated_field: str,
    what: str,
) -> tuple[Decimal, list[Finding]]:
    """The total of ``parts`` (field path, amount), checked against a stated total if one is given.

    Within rounding (at most 0.01 per part) the stated total stands, as the 决算 rounds each line on
    its own (info). A larger difference is a warning naming every field and number, and the text uses
    the sum of the parts, so the report never states parts that do not add up to their total.
    """
    amounts = [amount for _, amount in parts]
    if stated is None:
        return sum(amounts, Decimal(0)), []
    if not parts:  # nothing to check the stated total against
        return stated, []
    checked = check_sum(amounts, stated)
    computed = checked.computed
    if checked.exact:
        return stated, []
    terms = " + ".join(f"「{field}」{format_wan(amount)}" for field, amount in parts)
    detail = (
        f"{what}：{terms} = {format_wan(computed)}，与「{stated_field}」{format_wan(stated)}"
        f"相差{format_wan(abs(checked.difference))}"
    )
    fields = (*(field for field, _ in parts), stated_field)
    if checked.within_rounding:
        message = f"{detail}，在四舍五入误差范围内；正文采用填写的合计"
        note = field_finding("total-rounding", Category.ARITHMETIC, fields, message, level=Level.INFO)
    else:
        note = field_finding(
            "total-mismatch", Category.ARITHMETIC, fields, f"{detail}；请核对，正文采用各项之和{format_wan(computed)}"
        )
        return computed, [note]
    return stated, [note]


def check_overspent(execution: Execution, field: str, name: str) -> list[Finding]:
    """A warning when 全年执行数 exceeds 全年预算数."""
    if not over_budget(execution.executed, execution.budget):
        return []
    return [
        field_finding(
            "executed-over-budget",
            Category.ARITHMETIC,
            (f"{field}.全年执行数", f"{field}.全年预算数"),
            f"「{field}」{name}：全年执行数{format_wan(execution.executed)}超过全年预算数"
            f"{format_wan(execution.budget)}（执行率{format_pct(execution.rate)}），请核对",
        )
    ]


def check_stated_rate(execution: Execution, stated: Decimal | None, field: str, name: str) -> list[Finding]:
    """A warning when a rate copied from a source is not 全年执行数 / 全年预算数 rounded half-up."""
    rate = execution.rate
    if stated is None or rate is None or same_rate(rate, stated):
        return []
    return [
        field_finding(
            "stated-rate-mismatch",
            Category.ARITHMETIC,
            (f"{field}.执行率", f"{field}.全年执行数", f"{field}.全年预算数"),
            f"「{field}.执行率」{name}填写为{format_pct(stated)}，但{format_wan(execution.executed)} ÷ "
            f"{format_wan(execution.budget)} = {format_pct(rate)}；正文采用计算结果{format_pct(rate)}",
        )
    ]


def project_figures(project: Project, path: str, scheme: ScoringScheme) -> tuple[ProjectFigures, list[Finding]]:
    """A project's execution and its 自评表 scored, with a note for each figure that does not agree."""
    execution = Execution(project.budget, project.executed, project.initial_budget)
    notes = check_overspent(execution, path, project.name)
    notes += _check_received(project, path)
    score = None
    table = project.table
    if table is not None:
        notes += restated_funds(table, execution, f"{path}.自评表.资金", path, project.name)
        table, found = with_funds(table, execution, f"{path}.自评表.资金")
        notes += found
        score = score_table(table, scheme)
        # The project's own overspending is already noted once, just above.
        notes += scoring_notes(score, f"{path}.自评表", skip=("executed-over-budget",))
    notes += check_stated_score(score, project.stated_score, path, project.name)
    figures = ProjectFigures(
        project.name,
        execution,
        project.source.value if project.source else None,
        project.category.value if project.category else None,
        project.last_year_final,
        table,
        score,
        project.received_amount,
    )
    return figures, notes


def _check_received(project: Project, path: str) -> list[Finding]:
    """实际到位资金 above 全年预算数, or money used that never arrived: warnings naming both figures."""
    received = project.received
    if received is None:
        return []
    notes = []
    if over_budget(received, project.budget):
        notes.append(
            field_finding(
                "received-over-budget",
                Category.ARITHMETIC,
                (f"{path}.实际到位资金", f"{path}.全年预算数"),
                f"「{path}」{project.name}：实际到位资金{format_wan(received)}超过全年预算数"
                f"{format_wan(project.budget)}，请核对",
            )
        )
    if over_budget(project.executed, received):
        notes.append(
            field_finding(
                "executed-over-received",
                Category.ARITHMETIC,
                (f"{path}.全年执行数", f"{path}.实际到位资金"),
                f"「{path}」{project.name}：全年执行数{format_wan(project.executed)}超过实际到位资金"
                f"{format_wan(received)}，请核对",
            )
        )
    return notes


def check_stated_score(score: TableScore | None, stated: Decimal | None, field: str, name: str) -> list[Finding]:
    """A warning when a 自评得分 copied from a source is not what its 自评表 scores, or has no 自评表 behind it."""
    if stated is None:
        return []
    if score is None:
        return [
            field_finding(
                "stated-score-unbacked",
                Category.INPUT,
                (f"{field}.自评得分", f"{field}.自评表"),
                f"「{field}.自评得分」{name}填写为{format_number(stated)}分，但没有「自评表」可据以计算；"
                "正文不采用填写的得分，请补填自评表",
            )
        ]
    if same_score(stated, score.total):
        return []
    return [
        field_finding(
            "stated-score-mismatch",
            Category.ARITHMETIC,
            (f"{field}.自评得分", f"{field}.自评表"),
            f"「{field}.自评得分」{name}填写为{format_number(stated)}分，但按自评表计算为"
            f"{format_number(score.total)}分（等级“{score.grade}”）；正文采用计算结果",
        )
    ]


def scoring_notes(score: TableScore, prefix: str, *, skip: tuple[str, ...] = ()) -> list[Finding]:
    """The scoring engine's findings, located by the table's field path, as warnings of the input.

    An error of the engine (a typed score it could not use) is a warning here: the draft uses the computed score.
    """
    notes = []
    for finding in score.findings:
        if finding.rule in skip:
            continue
        path = f"{prefix}.{finding.section}"
        message = f"「{path}」{finding.message.removeprefix(finding.section + '：')}"
        # A new finding located in the input; the engine's own stays as it was made.
        notes.append(replace(finding, level=Level.WARNING, message=message, section=path, fields=(path,)))
    return notes


def with_funds(table: PerformanceTable, execution: Execution, field: str) -> tuple[PerformanceTable, list[Finding]]:
    """The table with the 资金 the rest of the report states, so one quantity has one value in the draft.

    The 其中 rows stay only while they still add up to the new totals; otherwise they are left out
    and a note says so, rather than printing rows that contradict their total.
    """
    funds = table.funds
    if (funds.budget, funds.executed) == (execution.budget, execution.executed):
        return table, []
    update: dict = {"budget": execution.budget, "executed": execution.executed}
    notes = []
    lines = funds.breakdown.lines() if funds.breakdown else []
    if lines:
        fits = all(
            fits_total((getattr(line, column) for line in lines), getattr(execution, column))
            for column in ("budget", "executed")
        )
        if not fits:
            update["breakdown"] = None
            notes.append(
                field_finding(
                    "breakdown-dropped",
                    Category.INPUT,
                    (f"{field}.其中",),
                    f"「{field}.其中」各项与改用的全年预算数{format_wan(execution.budget)}、全年执行数"
                    f"{format_wan(execution.executed)}不再相符，自评表中暂不列出，请核对后补填",
                )
            )
    return table.model_copy(update={"funds": funds.model_copy(update=update)}), notes


def restated_funds(
    table: PerformanceTable,
    execution: Execution,
    table_field: str,
    source_field: str,
    name: str,
    *,
    executed_only: bool = False,
) -> list[Finding]:
    """A 自评表 whose 资金 differ from the same money stated elsewhere: one quantity, two values."""
    pairs = [("全年执行数", table.funds.executed, execution.executed)]
    if not executed_only:
        pairs.insert(0, ("全年预算数", table.funds.budget, execution.budget))
    notes = []
    for label, in_table, elsewhere in pairs:
        if in_table != elsewhere:
            notes.append(
                field_finding(
                    "restated-figure",
                    Category.RESTATED_FIGURE,
                    (f"{table_field}.{label}", source_field),
                    f"{name}的{label}在「{table_field}」中为{format_wan(in_table)}，"
                    f"在「{source_field}」中为{format_wan(elsewhere)}：同一数字前后不一致，"
                    f"自评表中采用{format_wan(elsewhere)}，请核对",
                )
            )
    return notes
