"""The attached tables (附件1 基础数据表, 附件2/附件3 自评表) as blocks, laid out like the finance bureau's forms."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from reportgen.figures.department import DepartmentFigures, ProjectGroup
from reportgen.figures.project import ProjectReportFigures
from reportgen.figures.scores import CategoryScore
from reportgen.models.department import DepartmentReport, ProjectCategory, ThreePublicItem, YearColumns
from reportgen.models.indicators import FundLine, PerformanceTable
from reportgen.models.project import ProjectReport
from reportgen.numbers import format_date, format_marks, format_number, format_pct
from reportgen.profiles import Profile
from reportgen.render.blocks import Cell, Table
from reportgen.render.environment import project_name
from reportgen.scoring import TableScore
from reportgen.scoring.scheme import CategoryKind

# Column widths in mm, wide enough for every column header on its lines at 五号 (a header never breaks inside a
# word such as 「（万元）」); tests/test_tables.py checks each header against its column.
# 自评表: ten columns, landscape (225 mm of 版心 width on an A4 turned sideways).
PERFORMANCE_WIDTHS = [19.0, 23.0, 22.0, 34.0, 25.0, 25.0, 13.0, 19.0, 22.5, 22.5]
COLUMNS = len(PERFORMANCE_WIDTHS)
BASIC_WIDTHS = [70.0, 30.0, 28.0, 28.0]  # 156 mm: the portrait 版心
BUILDING_WIDTHS = [38.0, 19.5, 19.5, 19.5, 20.0, 20.0, 19.5]
FUNDING_WIDTHS = [44.0, 28.0, 28.0, 28.0, 28.0]
REASON_MARKER = "【待补充：偏差原因分析及改进措施（{why}）】"


#: The input an attachment is drafted from, for a clerk told that the draft has no such attachment.
ATTACHMENT_INPUTS = {"部门整体支出绩效评价基础数据表": "基础数据表", "部门整体支出绩效自评表": "部门整体自评表"}


def attachment_input(name: str) -> str:
    """The input field an attachment is drafted from (a project's table: that project's 自评表).

    >>> attachment_input("部门整体支出绩效评价基础数据表"), attachment_input("大楼运行维护费项目支出绩效自评表")
    ('基础数据表', '项目的自评表')
    """
    return ATTACHMENT_INPUTS.get(name, "项目的自评表")


@dataclass(frozen=True)
class Attachment:
    """One entry of the 附件 list and the names of the tables that make it up."""

    title: str
    tables: list[str]


Attach = Callable[[str, list[Table]], None]


def build_tables(
    report: DepartmentReport | ProjectReport,
    figures: DepartmentFigures | ProjectReportFigures,
    profile: Profile,
) -> tuple[list[Attachment], dict[str, Table]]:
    """Every table the input supports: body tables by name, and attachments labelled 附件1… in the
    order the finance bureau lists them."""
    attachments: list[Attachment] = []
    tables: dict[str, Table] = {}

    def attach(title: str, blocks: list[Table]) -> None:
        label = f"附件{len(attachments) + 1}"
        names = []
        for index, block in enumerate(blocks):
            name = f"attachment{len(attachments) + 1}_{index + 1}"
            tables[name] = replace(block, label=label) if index == 0 else block
            names.append(name)
        attachments.append(Attachment(title, names))

    if isinstance(report, DepartmentReport) and isinstance(figures, DepartmentFigures):
        _department_attachments(report, figures, profile, attach)
    for project in figures.scored_projects:
        assert project.table is not None and project.score is not None
        attach(
            f"{project_name(project.name)}支出绩效自评表",
            [
                performance_table(
                    project.table,
                    project.score,
                    label="",
                    caption=f"{report.year}年度项目支出绩效自评表",
                    name_label="项目支出名称",
                )
            ],
        )
    if isinstance(figures, ProjectReportFigures):
        tables["funding"] = funding_table(figures)
    return attachments, tables


def _department_attachments(
    report: DepartmentReport, figures: DepartmentFigures, profile: Profile, attach: Attach
) -> None:
    """附件1 基础数据表 (when the profile asks for it) and 附件2 部门整体支出绩效自评表."""
    if report.basic_data is not None and "部门整体支出绩效评价基础数据表" in profile.attachments:
        attach("部门整体支出绩效评价基础数据表", basic_data_tables(report, figures, label=""))
    if figures.department_table is not None and figures.department_score is not None:
        spending = [(s.label, s.amount) for s in figures.spending_parts]
        income = [(s.label.replace("财政拨款", ""), s.amount) for s in figures.income_parts]
        attach(
            "部门整体支出绩效自评表",
            [
                performance_table(
                    figures.department_table,
                    figures.department_score,
                    label="",
                    caption=f"{report.year}年度部门整体支出绩效自评表",
                    name_label="部门（单位）名称",
                    income_split=income,
                    spending_split=spending,
                    declared=_declared(figures),
                )
            ],
        )


def funding_table(figures: ProjectReportFigures) -> Table:
    """项目资金申报及批复情况: each project's 预算, 到位, 使用 and 执行率, and a 合计 row computed from them."""
    header = ["项目名称", "预算数\n（万元）", "实际到位资金\n（万元）", "实际使用资金\n（万元）", "执行率（%）"]
    rows: list[list[Cell | None]] = [[Cell(text, bold=True) for text in header]]
    for project in figures.projects:
        execution = project.execution
        rows.append(
            [
                Cell(project.name, align="left"),
                Cell(money(execution.budget)),
                Cell(money(project.received)),
                Cell(money(execution.executed)),
                Cell(rate_text(execution.rate)),
            ]
        )
    totals = figures.totals
    rows.append(
        [
            Cell("合计", bold=True),
            Cell(money(totals.budget)),
            Cell(money(figures.received_total)),
            Cell(money(totals.executed)),
            Cell(rate_text(totals.rate)),
        ]
    )
    return Table(rows=rows, header_rows=1, widths_mm=FUNDING_WIDTHS)


def rate_text(value: Decimal | None) -> str:
    """A rate in a column headed （%）: two decimals, no sign; empty when undefined."""
    return "" if value is None else format_number(value)


def _declared(figures: DepartmentFigures) -> list[CategoryScore]:
    """The categories scored outside the table's indicators (管理效能, 加减分项), shown as rows of their own."""
    if figures.scheme_scores is None:
        return []
    return [c for c in figures.scheme_scores.categories if c.kind is CategoryKind.DECLARED]


def money(value: Decimal | None) -> str:
    """A table cell for money in 万元: two decimals; an empty cell for no figure."""
    return "" if value is None else format_number(value)


def score_text(value: Decimal) -> str:
    """A 得分 cell: two decimals, as the forms print computed scores (a 分值 cell is a weight: ``format_marks``)."""
    return format_number(value)


def _span(text: str, width: int, **options: Any) -> list[Cell | None]:
    """A cell spanning ``width`` columns, followed by the ``None`` placeholders it covers."""
    return [Cell(text, merge_right=width - 1, **options), *([None] * (width - 1))]


def performance_table(
    table: PerformanceTable,
    score: TableScore,
    *,
    label: str,
    caption: str,
    name_label: str,
    income_split: list[tuple[str, Decimal]] | None = None,
    spending_split: list[tuple[str, Decimal]] | None = None,
    declared: list[CategoryScore] | None = None,
) -> Table:
    """One 绩效自评表 (附件2 for the unit, 附件3 for a project), scored; ``declared`` categories follow its rows."""
    rows: list[list[Cell | None]] = []
    rows.append([Cell(name_label, merge_right=1, bold=True), None, *_span(table.name, COLUMNS - 2)])
    if table.department or table.implementer:
        rows.append(
            [
                Cell("主管部门", merge_right=1),
                None,
                *_span(table.department or "", 3),
                *_span("实施单位", 2),
                *_span(table.implementer or "", 3),
            ]
        )
    rows += _funds_rows(table, score, income_split, spending_split)
    rows += _goal_rows(table)
    rows += _indicator_rows(score)
    rows += [_declared_row(category) for category in declared or []]
    grade = f"等级：{score.grade}"
    rows.append(
        [
            *_span("总分", 6, bold=True),
            Cell(format_marks(score.total_marks)),
            Cell(score_text(score.total), bold=True),
            *_span(grade, 2),
        ]
    )
    notes = signature_lines(table.filled_by, table.filled_on, table.phone)
    return Table(
        rows=rows,
        header_rows=1,
        widths_mm=PERFORMANCE_WIDTHS,
        caption=caption,
        landscape=True,
        label=label,
        notes=notes,
        new_page=True,
    )


def _funds_rows(
    table: PerformanceTable,
    score: TableScore,
    income_split: list[tuple[str, Decimal]] | None,
    spending_split: list[tuple[str, Decimal]] | None,
) -> list[list[Cell | None]]:
    funds = table.funds
    budget = score.budget
    lines: list[tuple[str, FundLine]] = []
    if funds.breakdown is not None:
        labels = {"appropriation": "其中：当年财政拨款", "carried_over": "上年结转资金", "other": "其他资金"}
        for attribute, label in labels.items():
            line = getattr(funds.breakdown, attribute)
            if line is not None:
                lines.append((label, line))
    extra = 1 if (income_split or spending_split) else 0
    height = 2 + len(lines) + extra
    rows = [
        [
            Cell("资金\n（万元）", merge_down=height - 1),
            *_span("", 2),
            Cell("年初预算数"),
            Cell("全年预算数"),
            Cell("全年执行数"),
            Cell("分值"),
            Cell("执行率"),
            *_span("得分", 2),
        ],
        [
            None,
            *_span("年度资金总额", 2),
            Cell(money(funds.initial_budget)),
            Cell(money(funds.budget)),
            Cell(money(funds.executed)),
            Cell(format_marks(budget.full_marks) if budget else ""),
            Cell(format_pct(budget.rate) if budget else ""),
            *_span(score_text(budget.score) if budget else "", 2),
        ],
    ]
    for label, line in lines:
        rows.append(
            [
                None,
                *_span(label, 2),
                Cell(money(line.initial_budget)),
                Cell(money(line.budget)),
                Cell(money(line.executed)),
                Cell(""),
                Cell(""),
                *_span("", 2),
            ]
        )
    if extra:
        splits = [(what, split) for what, split in (("收入", income_split), ("支出", spending_split)) if split]
        widths = [4, 5] if len(splits) == 2 else [9]
        row: list[Cell | None] = [None]
        for (what, split), width in zip(splits, widths, strict=True):
            text = f"按{what}性质分：" + "；".join(f"{label}{money(v)}" for label, v in split)
            row += _span(text, width, align="left")
        rows.append(row)
    return rows


def _goal_rows(table: PerformanceTable) -> list[list[Cell | None]]:
    if table.goal is None:
        return []
    expected = "\n".join(table.goal.expected)
    achieved = "\n".join(table.goal.achieved) or "【待补充：年度总体目标实际完成情况】"
    return [
        [Cell("年度总体目标", merge_down=1), *_span("预期目标", 4), *_span("实际完成情况", 5)],
        [None, *_span(expected, 4, align="left"), *_span(achieved, 5, align="left")],
    ]


def _indicator_rows(score: TableScore) -> list[list[Cell | None]]:
    scores = score.indicators
    header = [
        Cell("绩效指标", merge_down=len(scores)),
        Cell("一级指标"),
        Cell("二级指标"),
        Cell("三级指标"),
        Cell("年度指标值"),
        Cell("实际完成值"),
        Cell("分值"),
        Cell("得分"),
        *_span("偏差原因分析及改进措施", 2),
    ]
    rows = [header]
    level1_runs = _runs([s.indicator.level1 for s in scores])
    level2_runs = _runs([(s.indicator.level1, s.indicator.level2) for s in scores])
    weights = score.level1_weights
    for index, item in enumerate(scores):
        indicator = item.indicator
        level1 = None
        if index in level1_runs:
            label = f"{indicator.level1.value}\n（{format_number(weights[indicator.level1], places=0)}分）"
            level1 = Cell(label, merge_down=level1_runs[index] - 1)
        level2 = Cell(indicator.level2.value, merge_down=level2_runs[index] - 1) if index in level2_runs else None
        reason = indicator.reason_text or ""
        if item.reason_required and not indicator.reason_text:
            reason = REASON_MARKER.format(why="；".join(item.reasons_required))
        rows.append(
            [
                None,
                level1,
                level2,
                Cell(indicator.name, align="left"),
                Cell(indicator.target_text),
                Cell(indicator.actual_text),
                Cell(format_marks(indicator.full_marks)),
                Cell(score_text(item.score)),
                *_span(reason, 2, align="left"),
            ]
        )
    return rows


def _declared_row(category: CategoryScore) -> list[Cell | None]:
    """管理效能（资金管理16分、…） | 分值 | 得分 | how many indicators it covers."""
    parts = "、".join(f"{p.name}{format_marks(p.weight)}分" for p in category.parts)
    name = f"{category.name}（{parts}）" if parts else category.name
    note = ""
    if category.indicator_count is not None:
        note = f"涉及{category.indicator_count}个指标"
        if category.completed_count is not None:
            note += f"，完成{category.completed_count}个"
    return [
        *_span(name, 6, align="left"),
        Cell(format_marks(category.weight)),
        Cell(score_text(category.score)),
        *_span(note, 2, align="left"),
    ]


def _runs(keys: Sequence[Hashable]) -> dict[int, int]:
    """Start index → length of each run of equal consecutive keys (cells merged vertically)."""
    runs: dict[int, int] = {}
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            runs[start] = index - start
            start = index
    return runs


def signature_lines(filled_by: str | None, filled_on: datetime.date | None, phone: str | None) -> list[str]:
    """The 填表人 line under a table when the input fills it in (the hunan forms carry it; the forms of other
    regions have none, and a line of blanks would only be reported as not filled in)."""
    if filled_by is None and filled_on is None and phone is None:
        return []
    return [signature_line(filled_by, filled_on, phone)]


@lru_cache(maxsize=256)  # every project's 自评表 of a report carries the same line; Babel writes a date slowly
def signature_line(filled_by: str | None, filled_on: datetime.date | None, phone: str | None) -> str:
    """填表人 / 填报日期 / 联系电话 under a table, as on the form."""
    parts = [
        f"填表人：{filled_by or '　　　　'}",
        f"填报日期：{format_date(filled_on) if filled_on else '　　年　月　日'}",
        f"联系电话：{phone or '　　　　'}",
        "单位负责人签字：",
    ]
    return "　　".join(parts)


# ---------------------------------------------------------------- 附件1


def basic_data_tables(report: DepartmentReport, figures: DepartmentFigures, *, label: str) -> list[Table]:
    """附件1 部门整体支出绩效评价基础数据表: staff, spending control lines, buildings, thrift measures."""
    year = report.year
    data = report.basic_data
    rows: list[list[Cell | None]] = []
    if report.staffing is not None:
        rows.append(
            [Cell("财政供养人员情况（人）", bold=True), Cell("编制数"), Cell(f"{year}年\n实际在职人数"), Cell("控制率")]
        )
        rows.append(
            [
                Cell(""),
                Cell(str(report.staffing.authorized)),
                Cell(str(report.staffing.actual)),
                Cell(format_pct(figures.staffing_rate)),
            ]
        )
    rows.append(
        [
            Cell("经费控制情况（万元）", bold=True),
            Cell(f"{year - 1}年决算数"),
            Cell(f"{year}年预算数"),
            Cell(f"{year}年决算数"),
        ]
    )
    rows += _three_public_rows(figures)
    rows += _project_rows(figures)
    if data is not None:
        costs = data.operating_costs
        if costs is not None:
            rows.append(_line_row("公用经费", costs.total))
            for name, line in (
                ("其中：办公经费", costs.office),
                ("水费、电费、差旅费", costs.utilities_travel),
                ("会议费、培训费", costs.meetings_training),
            ):
                if line is not None:
                    rows.append(_line_row(name, line, indent=True))
        if data.procurement is not None:
            rows.append(_line_row("政府采购金额", data.procurement))
        if data.basic_budget_adjustment is not None:
            rows.append(_line_row("部门基本支出预算调整", data.basic_budget_adjustment))
        if data.thrift_measures:
            text = "\n".join(f"{i}、{m}" for i, m in enumerate(data.thrift_measures, start=1))
            rows.append([Cell("厉行节约保障措施"), Cell(text, merge_right=2, align="left"), None, None])
    main = Table(
        rows=rows,
        header_rows=0,
        widths_mm=BASIC_WIDTHS,
        label=label,
        new_page=True,
        caption=f"{year}年度部门整体支出绩效评价基础数据表",
    )
    tables = [main]
    if figures.buildings is not None:
        tables[0] = replace(main, continued=True)
        b = figures.buildings.control
        tables.append(
            Table(
                rows=[
                    [
                        Cell(f"楼堂馆所控制情况\n（{year}年完工项目）"),
                        Cell("批复规模\n（㎡）"),
                        Cell("实际规模\n（㎡）"),
                        Cell("规模\n控制率"),
                        Cell("预算投资\n（万元）"),
                        Cell("实际投资\n（万元）"),
                        Cell("投资概算\n控制率"),
                    ],
                    [
                        Cell(""),
                        Cell(format_number(b.approved_area)),
                        Cell(format_number(b.actual_area)),
                        Cell(format_pct(figures.buildings.area_rate)),
                        Cell(money(b.approved_investment)),
                        Cell(money(b.actual_investment)),
                        Cell(format_pct(figures.buildings.investment_rate)),
                    ],
                ],
                header_rows=0,
                widths_mm=BUILDING_WIDTHS,
            )
        )
    if data is not None:
        note = "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"
        signature = signature_lines(data.filled_by, data.filled_on, data.phone)
        tables[-1] = replace(tables[-1], notes=[note, *signature])
    return tables


def _year_row(
    label: str, last_year_final: Decimal | None, budget: Decimal | None, final: Decimal | None, *, indent: bool = False
) -> list[Cell | None]:
    """A 基础数据表 line: 上年决算数, 本年预算数, 本年决算数; ``——`` where a figure is not known."""

    def cell(value: Decimal | None) -> Cell:
        return Cell("——" if value is None else money(value))

    return [Cell(("　　" if indent else "") + label, align="left"), cell(last_year_final), cell(budget), cell(final)]


def _line_row(label: str, line: YearColumns | ThreePublicItem, *, indent: bool = False) -> list[Cell | None]:
    return _year_row(label, line.last_year_final, line.budget, line.final, indent=indent)


def _group_row(label: str, group: ProjectGroup, *, indent: bool = False) -> list[Cell | None]:
    return _year_row(label, group.last_year_final, group.budget, group.executed, indent=indent)


def _three_public_rows(figures: DepartmentFigures) -> list[list[Cell | None]]:
    total = figures.three_public_total
    if total is None:
        return []
    lines = {line.label: line.item for line in figures.three_public}
    rows = [_line_row("三公经费", total.item)]
    if figures.three_public_vehicle is not None:
        rows.append(_line_row("1、公务用车购置和维护经费", figures.three_public_vehicle.item, indent=True))
        for key, label in (("公务用车购置费", "其中：公车购置"), ("公务用车运行维护费", "公车运行维护")):
            if key in lines:
                rows.append(_line_row("　　" + label, lines[key], indent=True))
    for key, label in (("因公出国（境）费", "2、出国经费"), ("公务接待费", "3、公务接待")):
        if key in lines:
            rows.append(_line_row(label, lines[key], indent=True))
    return rows


def _group_label(category: ProjectCategory | None) -> str:
    """How the 基础数据表 names a 项目类别's group: 专项资金 are the city's; projects of no listed 类别 are 其他."""
    if category is None:
        return "其他项目"
    return "市级专项资金" if category is ProjectCategory.SPECIAL else category.value


def _project_rows(figures: DepartmentFigures) -> list[list[Cell | None]]:
    """项目支出 with the totals the text states, then each 类别 and its projects."""
    if figures.all_projects is None:
        return []
    rows = [_group_row("项目支出", figures.all_projects)]
    for number, group in enumerate(figures.project_groups, start=1):
        rows.append(_group_row(f"{number}、{_group_label(group.category)}", group, indent=True))
        for project in group.projects:
            execution = project.execution
            rows.append(
                _year_row(
                    "　　" + project.name, project.last_year_final, execution.budget, execution.executed, indent=True
                )
            )
    return rows
