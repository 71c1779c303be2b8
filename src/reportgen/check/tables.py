"""Recognise the attached 自评表 tables and read their funding row and indicator rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from reportgen.check.model import Table
from reportgen.check.read import fold
from reportgen.check.structure import Draft

LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标")


def number(text: str) -> Decimal | None:
    """A plain number in a cell (``"　99%"`` → 99); ``None`` when the cell is not just a number.

    >>> number(" 103.86　"), number("99%"), number("≤191万元")
    (Decimal('103.86'), Decimal('99'), None)
    """
    clean = fold(text).rstrip("%")
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?", clean):
        return None
    try:
        return Decimal(clean)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None


def label(text: str) -> str:
    """A cell as a label: folded, line breaks removed (``"经济效\\n益指标"`` → ``"经济效益指标"``)."""
    return fold(text.replace("\n", ""))


@dataclass
class Indicator:
    """One 三级 indicator row of a 自评表."""

    level1: str  # 一级指标, e.g. 产出指标
    level2: str  # 二级指标, e.g. 数量指标
    name: str  # 三级指标
    target: str  # 年度指标值
    actual: str  # 实际完成值
    weight: Decimal | None  # 分值
    score: Decimal | None  # 得分


@dataclass
class Funding:
    """The 年度资金总额 row: budget, execution, and the 预算执行 score."""

    budget: Decimal | None  # 全年预算数
    executed: Decimal | None  # 全年执行数
    weight: Decimal | None  # 分值
    rate_text: str  # 执行率 as written
    score: Decimal | None  # 得分


@dataclass
class IndicatorTable:
    """A 部门整体支出 or 项目支出 绩效自评表."""

    where: str  # "附件3（1）" or a section path
    kind: str  # "department" | "project"
    name: str  # project or unit name
    table: Table
    funding: Funding | None = None
    indicators: list[Indicator] = field(default_factory=list)
    level1_labels: dict[str, Decimal] = field(default_factory=dict)  # "(50分)" written beside 一级指标
    total_weight: Decimal | None = None
    total_score: Decimal | None = None

    @property
    def title(self) -> str:
        what = "项目支出绩效自评表" if self.kind == "project" else "部门整体支出绩效自评表"
        return f"{self.where} {self.name}{what}".strip()


def is_indicator_table(table: Table) -> bool:
    text = "".join(label(c) for row in table.rows[:40] for c in row)
    return "三级指标" in text and ("二级指标" in text or "一级指标" in text)


def is_basic_data_table(table: Table, caption: str = "") -> bool:
    text = "".join(label(c) for row in table.rows[:6] for c in row)
    return "基础数据表" in caption or "财政供养人员" in text or "经费控制情况" in text


def indicator_tables(draft: Draft) -> list[IndicatorTable]:
    found = []
    for where, table in draft.all_tables():
        if is_indicator_table(table):
            caption = next((a.caption for a in draft.attachments if table in a.tables), "")
            found.append(parse_indicator_table(table, where, caption))
    return found


def basic_data_tables(draft: Draft) -> list[tuple[str, Table]]:
    found = []
    for att in draft.attachments:
        for table in att.tables:
            if is_basic_data_table(table, att.caption):
                found.append((att.label, table))
    found.extend((w, t) for w, t in draft.all_tables() if is_basic_data_table(t) and (w, t) not in found)
    return found


def _find(rows: list[list[str]], *names: str) -> tuple[int, int] | None:
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if label(cell) in names:
                return r, c
    return None


def _next_value(table: Table, row: int, col: int) -> str:
    """The first filled cell right of a label cell, skipping the label's own merged repeats.

    >>> _next_value(Table([["项目支出名称", "项目支出名称", "档案保管保护费"]], 1), 0, 0)
    '档案保管保护费'
    """
    cells = table.rows[row]
    own = label(cells[col])
    for index in range(col + 1, len(cells)):
        text = label(cells[index])
        if (row, index) in table.merged or not text or text == own:
            continue
        return cells[index].strip()
    return ""


def parse_indicator_table(table: Table, where: str, caption: str = "") -> IndicatorTable:
    rows = table.rows
    project = _find(rows, "项目支出名称", "项目名称", "项目支出名称:")
    dept = _find(rows, "市级预算部门名称", "预算部门名称", "部门名称", "单位名称", "部门(单位)名称")
    kind = "project" if project or "项目支出" in caption else "department"
    name = ""
    if project:
        name = _next_value(table, *project)
    elif dept:
        name = _next_value(table, *dept)
    result = IndicatorTable(where, kind, name.strip(" \u3000"), table)
    result.funding = _funding(rows)
    _indicators(table, result)
    return result


def _funding(rows: list[list[str]]) -> Funding | None:
    header = _find(rows, "全年预算数")
    if header is None:
        return None
    head = [label(c) for c in rows[header[0]]]
    for row in rows[header[0] + 1 : header[0] + 6]:
        labels = [label(c) for c in row]
        if not any(lab.startswith("年度资金总额") for lab in labels):
            continue
        offset = len(row) - len(head)

        def col(name: str, row=row, offset=offset) -> str:  # noqa: E306 - small local accessor
            if name not in head:
                return ""
            index = head.index(name) + offset
            return row[index] if 0 <= index < len(row) else ""

        return Funding(
            number(col("全年预算数")),
            number(col("全年执行数")),
            number(col("分值")),
            col("执行率").strip(" \u3000"),
            number(col("得分")),
        )
    return None


def _indicators(table: Table, result: IndicatorTable) -> None:
    rows = table.rows
    header = _find(rows, "三级指标")
    if header is None:
        return
    head = [label(c) for c in rows[header[0]]]
    names = {
        "一级指标": None,
        "二级指标": None,
        "三级指标": None,
        "年度指标值": None,
        "实际完成值": None,
        "分值": None,
        "得分": None,
    }
    for key in names:
        if key in head:
            names[key] = head.index(key)
    level1 = level2 = ""
    for r in range(header[0] + 1, len(rows)):
        row = rows[r]
        labels = [label(c) for c in row]
        if labels and labels[0] in ("总分", "合计"):
            # 分值 then 得分 follow the label; a label merged across columns repeats first
            cells = [c for i, c in enumerate(row[1:], start=1) if (r, i) not in table.merged and label(c) != labels[0]]
            result.total_weight = number(cells[0]) if cells else None
            result.total_score = number(cells[1]) if len(cells) > 1 else None
            break
        offset = len(row) - len(head) if len(row) > len(head) else 0

        def get(key: str, row=row, offset=offset) -> str:
            index = names[key]
            if index is None:
                return ""
            index += offset
            return row[index].strip(" \u3000") if 0 <= index < len(row) else ""

        if get("一级指标"):
            text = label(get("一级指标"))
            level1 = re.sub(r"[(（]?\d+分[)）]?", "", text)
            points = re.search(r"(\d+)分", text)
            if points:
                result.level1_labels[level1] = Decimal(points.group(1))
            level2 = ""
        if get("二级指标"):
            level2 = label(get("二级指标"))
        name = get("三级指标")
        if not name and not get("年度指标值"):
            continue
        result.indicators.append(
            Indicator(
                level1,
                level2,
                re.sub(r"\s+", "", name),
                get("年度指标值"),
                get("实际完成值"),
                number(get("分值")),
                number(get("得分")),
            )
        )
