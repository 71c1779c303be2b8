"""Recognise the attached 自评表 tables and read their funding row and indicator rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from reportgen.caches import text_cache
from reportgen.check.model import TableBlock
from reportgen.check.read import fold
from reportgen.check.structure import ParsedReport

_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN_NUMBER_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")


@text_cache(maxsize=16384)
def number(text: str) -> Decimal | None:
    """A plain number in a cell (``"　99%"`` → 99, ``"1,049.31"`` → 1049.31); ``None`` when the cell is not
    just a number.

    >>> number(" 103.86　"), number("99%"), number("1,049.31"), number("≤191万元"), number("3,12")
    (Decimal('103.86'), Decimal('99'), Decimal('1049.31'), None, None)
    """
    clean = fold(text).rstrip("%")
    if _GROUPED_RE.fullmatch(clean):
        clean = clean.replace(",", "")
    if not _PLAIN_NUMBER_RE.fullmatch(clean):
        return None
    try:
        return Decimal(clean)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None


@text_cache(maxsize=16384)
def label(text: str) -> str:
    """A cell as a label: folded, line breaks removed (``"经济效\\n益指标"`` → ``"经济效益指标"``)."""
    return fold(text.replace("\n", ""))


@text_cache(maxsize=16384)
def project_key(name: str) -> str:
    """A project's name as compared across the report: folded, without the 绩效自评表 title's ending or a closing
    项目/建设项目 (``"档案数字化建设项目"`` and ``"档案数字化项目支出绩效自评表"`` → ``"档案数字化"``)."""
    return _PROJECT_SUFFIX_RE.sub("", _FORM_SUFFIX_RE.sub("", fold(name)))


_FORM_SUFFIX_RE = re.compile(r"(项目支出)?绩效自评表$")
_PROJECT_SUFFIX_RE = re.compile(r"(项目)?(建设)?(项目)?$")


@dataclass
class IndicatorRow:
    """One 三级 indicator row of a 自评表."""

    level1: str  # 一级指标, e.g. 产出指标
    level2: str  # 二级指标, e.g. 数量指标
    name: str  # 三级指标
    target: str  # 年度指标值
    actual: str  # 实际完成值
    weight: Decimal | None  # 分值
    score: Decimal | None  # 得分
    # 分值 and 得分 are a merged cell shared with the row above (read there, None here): not missing
    shared: bool = False


@dataclass
class ScoredRow:
    """A scored row outside the indicators, spanning their columns: 管理效能 or 加减分项 of a guangdong table."""

    name: str
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
    table: TableBlock
    funding: Funding | None = None
    indicators: list[IndicatorRow] = field(default_factory=list)
    other_scores: list[ScoredRow] = field(default_factory=list)  # rows scored outside the indicators
    level1_labels: dict[str, Decimal] = field(default_factory=dict)  # "(50分)" written beside 一级指标
    total_weight: Decimal | None = None
    total_score: Decimal | None = None

    @property
    def title(self) -> str:
        """Where the table is and what it is: 「附件3（1） 大楼运行维护费项目支出绩效自评表」."""
        named = form_title(self.name) if self.kind == "project" else f"{self.name}部门整体支出绩效自评表"
        return f"{self.where} {named}".strip()


def form_title(project: str) -> str:
    """A project's 自评表 as a reader names it, its name's closing 项目 not written twice.

    >>> form_title("大楼运行维护费"), form_title("档案资源建设项目")
    ('大楼运行维护费项目支出绩效自评表', '档案资源建设项目支出绩效自评表')
    """
    return f"{project.removesuffix('项目')}项目支出绩效自评表"


def cell_labels(table: TableBlock) -> list[list[str]]:
    """Every cell of a table as a label, read once per table: the 自评表, 基础数据表 and form passes each read them."""
    labels = table.derived.get("labels")
    if labels is None:
        labels = table.derived["labels"] = [[label(c) for c in row] for row in table.rows]
    return labels


def is_indicator_table(table: TableBlock) -> bool:
    text = "".join([cell for row in cell_labels(table)[:40] for cell in row])
    return "三级指标" in text and ("二级指标" in text or "一级指标" in text)


def is_basic_data_table(table: TableBlock, caption: str = "") -> bool:
    text = "".join(cell for row in cell_labels(table)[:6] for cell in row)
    return "基础数据表" in caption or "财政供养人员" in text or "经费控制情况" in text


def indicator_tables(draft: ParsedReport) -> list[IndicatorTable]:
    """The report's 自评表 tables, read once per report."""
    return draft.memo("indicator_tables", lambda: _indicator_tables(draft))


def _indicator_tables(draft: ParsedReport) -> list[IndicatorTable]:
    found = []
    captions: dict[int, str] = {}  # by identity: two tables alike are still two tables
    for attachment in draft.attachments:
        for table in attachment.tables:
            captions.setdefault(id(table), attachment.caption)
    for where, table in draft.all_tables():
        if is_indicator_table(table):
            found.append(parse_indicator_table(table, where, captions.get(id(table), "")))
    return found


def basic_data_tables(draft: ParsedReport) -> list[tuple[str, TableBlock]]:
    """The report's 基础数据表 tables with where they are, found once per report."""
    return draft.memo("basic_data_tables", lambda: _basic_data_tables(draft))


def _basic_data_tables(draft: ParsedReport) -> list[tuple[str, TableBlock]]:
    found: list[tuple[str, TableBlock]] = []
    for att in draft.attachments:
        for table in att.tables:
            if is_basic_data_table(table, att.caption):
                found.append((att.label, table))
    found.extend((w, t) for w, t in draft.all_tables() if is_basic_data_table(t) and (w, t) not in found)
    return found


def _find(labels: list[list[str]], *names: str) -> tuple[int, int] | None:
    """(row, column) of the first cell whose label is one of ``names``."""
    for r, row in enumerate(labels):
        for c, text in enumerate(row):
            if text in names:
                return r, c
    return None


def _next_value(table: TableBlock, row: int, col: int) -> str:
    """The first filled cell right of a label cell, skipping the label's own merged repeats.

    >>> _next_value(TableBlock([["项目支出名称", "项目支出名称", "档案保管保护费"]], 1), 0, 0)
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


def parse_indicator_table(table: TableBlock, where: str, caption: str = "") -> IndicatorTable:
    labels = cell_labels(table)
    project = _find(labels, "项目支出名称", "项目名称", "项目支出名称:")
    dept = _find(labels, "市级预算部门名称", "预算部门名称", "部门名称", "单位名称", "部门(单位)名称")
    kind = "project" if project or "项目支出" in caption else "department"
    name = ""
    if project:
        name = _next_value(table, *project)
    elif dept:
        name = _next_value(table, *dept)
    result = IndicatorTable(where, kind, name.strip(" \u3000"), table)
    result.funding = _funding(table.rows, labels)
    _indicators(table, labels, result)
    return result


# The 资金 header of a 自评表, as forms word it: 全年预算数（A）, 全年执行数（B）, 执行率（B/A）…
_FUNDING_COLUMNS = {
    "全年预算数": re.compile(r"^(?:全年|调整后)?预算(?:数|资金|金额)?(?:$|[(（])|^(?:全年|调整后)预算"),
    "全年执行数": re.compile(r"^(?:全年|实际)?执行(?:数|金额)|^全年执行|^实际支出"),
    "分值": re.compile(r"^分值|^权重"),
    "执行率": re.compile(r"执行率"),
    "得分": re.compile(r"^得分|^自评得分"),
}
_FUNDING_ROW_RE = re.compile(r"^(?:年度)?资金总额|^资金合计|^合计$")


@text_cache(maxsize=2048)
def _columns(labels: tuple[str, ...], part: str) -> dict[str, int]:
    """Which column each named header of the 自评表's ``part`` ("funding" or "indicator") is in: the first cell that
    matches it and no earlier name. Kept per header row, as the forms of a report (and a region's reports) share
    theirs: the answer is shared, not to be changed."""
    patterns = _FUNDING_COLUMNS if part == "funding" else _INDICATOR_COLUMNS
    found: dict[str, int] = {}
    for index, text in enumerate(labels):
        key = next((k for k, pattern in patterns.items() if k not in found and pattern.search(text)), None)
        if key is not None:
            found[key] = index
    return found


def _funding(rows: list[list[str]], labels: list[list[str]]) -> Funding | None:
    for h, head in enumerate(labels[:40]):
        joined = "".join(head)
        if "预算" not in joined or ("执行" not in joined and "实际支出" not in joined):
            continue  # not the 资金 header: it names both columns (see _FUNDING_COLUMNS)
        columns = _columns(tuple(head), "funding")
        if "全年预算数" not in columns or "全年执行数" not in columns:
            continue
        for data, data_labels in zip(rows[h + 1 : h + 6], labels[h + 1 : h + 6], strict=True):
            if not any(_FUNDING_ROW_RE.search(text) for text in data_labels[:3]):
                continue
            offset = len(data) - len(head)  # a row without the header's leading label cell, or with one more

            def col(name: str, data=data, offset=offset, columns=columns) -> str:
                if name not in columns:
                    return ""
                index = columns[name] + offset
                return data[index] if 0 <= index < len(data) else ""

            return Funding(
                number(col("全年预算数")),
                number(col("全年执行数")),
                number(col("分值")),
                col("执行率").strip(" \u3000"),
                number(col("得分")),
            )
    return None


# The indicator header of a 自评表. Forms add columns (指标性质, 度量单位, 指标方向, 偏差原因) and word these
# differently (年度目标值, 全年实际值, 权重, 自评得分); a name is given to the first cell that matches it.
_INDICATOR_COLUMNS = {
    "一级指标": re.compile(r"一级"),
    "二级指标": re.compile(r"二级"),
    "三级指标": re.compile(r"三级"),
    "实际完成值": re.compile(r"实际|完成值"),
    "年度指标值": re.compile(r"指标值|目标值|年度目标|计划值|预期值|年度指标$"),
    "分值": re.compile(r"分值|权重|标准分|满分"),
    "得分": re.compile(r"得分|^评分"),
    "指标性质": re.compile(r"指标性质|指标方向|^符号$"),
    "度量单位": re.compile(r"度量单位|计量单位|^单位$"),
}
# 指标性质 as forms write it, as the comparison a 年度指标值 reads with (≥ 1200 件 → ≥1200件).
_NATURE = {"正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤", "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<"}
_TOTAL_LABELS = ("总分", "合计", "总计", "综合得分", "自评总分", "总得分")


def _indicator_header(rows: list[list[str]], labels: list[list[str]]) -> tuple[int, dict[str, int], int] | None:
    """(last header row, columns, header width) of the indicator part. A header split over two rows
    (年度 / 指标值) is read as one."""
    for h, head in enumerate(labels):
        if not any("三级" in text for text in head):
            continue
        best = (h, _columns(tuple(head), "indicator"), len(head))
        for upper, lower in ((h - 1, h), (h, h + 1)):
            if upper < 0 or lower >= len(rows) or _has_number(rows[upper]) or _has_number(rows[lower]):
                continue
            a, b = labels[upper], labels[lower]
            width = max(len(a), len(b))
            a = [""] * (width - len(a)) + a  # aligned right: a merged leading cell may be missing
            b = [""] * (width - len(b)) + b
            joined = [x + y if x != y else x for x, y in zip(a, b, strict=True)]
            columns = _columns(tuple(joined), "indicator")
            if len(columns) > len(best[1]):
                best = (lower, columns, width)
        return best
    return None


def _aligned(row: list[str], columns: dict[str, int], width: int) -> int:
    """How far a data row's cells sit from the header's columns. A row with fewer cells lost some (merged 一级
    and 二级 cells a reader left out, or an empty last cell): the shift that puts numbers under 分值 and 得分
    and a name under 三级指标 wins; a tie keeps the cells right-aligned."""
    if len(row) >= width:
        return len(row) - width
    best: tuple[float, int] | None = None
    for offset in range(len(row) - width, 1):

        def at(key: str, offset=offset) -> str:
            index = columns[key] + offset if key in columns else -1
            return row[index].strip(" \u3000") if 0 <= index < len(row) else ""

        score = 0.0
        for key in ("分值", "得分"):
            score += 2 if number(at(key)) is not None else (-1 if at(key) else 0)
        name = at("三级指标")
        score += -2 if number(name) is not None else (1 if name else 0)
        score += 0.5 * sum(1 for key in ("年度指标值", "实际完成值") if at(key))
        if best is None or score >= best[0]:
            best = (score, offset)
    return best[1] if best else 0


def _total_label(labels: list[str]) -> int | None:
    """The column of a 总分 row's label (its first filled cell), or ``None`` for another row."""
    first = next((i for i, text in enumerate(labels) if text), None)
    if first is not None and _SPACES_RE.sub("", labels[first]) in _TOTAL_LABELS:
        return first
    return None


# 产出指标（50分）: the points a 一级指标 label carries, and the label without them.
_POINTS_RE = re.compile(r"(\d+(?:\.\d+)?)分")
_POINTS_NOTE_RE = re.compile(r"[(（]?\d+(?:\.\d+)?分[)）]?")


def _indicators(table: TableBlock, cell_labels: list[list[str]], result: IndicatorTable) -> None:
    rows = table.rows
    header = _indicator_header(rows, cell_labels)
    if header is None:
        return
    last, names, width = header
    level1 = level2 = ""
    for r in range(last + 1, len(rows)):
        row = rows[r]
        at = _total_label(cell_labels[r])
        if at is not None:
            _total_row(table, r, at, names, width, result)
            break
        offset = _aligned(row, names, width)
        cells = {
            key: row[index].strip(" \u3000")
            for key, column in names.items()
            if 0 <= (index := column + offset) < len(row)
        }  # the row's cell under each named column, once: an indicator row asks for most of them

        def get(key: str, cells: dict[str, str] = cells) -> str:
            return cells.get(key, "")

        if _spans_indicator_columns(row, get):
            result.other_scores.append(ScoredRow(label(row[0]), number(get("分值")), number(get("得分"))))
            continue
        if get("一级指标"):
            text = label(get("一级指标"))
            level1 = _POINTS_NOTE_RE.sub("", text)
            points = _POINTS_RE.search(text)
            if points:
                result.level1_labels[level1] = Decimal(points.group(1))
            level2 = ""
        if get("二级指标"):
            level2 = label(get("二级指标"))
        name = get("三级指标")
        if not name and not get("年度指标值"):
            continue
        target, actual = get("年度指标值"), get("实际完成值")
        unit = get("度量单位")
        if number(target) is not None:  # a form with 指标性质 and 度量单位 columns: ≥ | 1200 | 件
            target = _NATURE.get(label(get("指标性质")).replace(">=", "≥").replace("<=", "≤"), "") + target + unit
        if number(actual) is not None:
            actual += unit
        shared = all(
            key in names and (r, names[key] + offset) in table.merged for key in ("分值", "得分")
        )  # a 分值/得分 cell merged down over several 三级 rows counts once
        result.indicators.append(
            IndicatorRow(
                level1,
                level2,
                _SPACES_RE.sub("", name),
                target,
                actual,
                None if shared else number(get("分值")),
                None if shared else number(get("得分")),
                shared,
            )
        )


def _total_row(table: TableBlock, r: int, at: int, names: dict[str, int], width: int, result: IndicatorTable) -> None:
    """The 总分 row: its 分值 and 得分 under their columns when the row is as wide as the header, else the
    first two numbers after its label (a label merged across columns repeats first)."""
    row = table.rows[r]
    if len(row) == width and ("分值" in names or "得分" in names):
        weight = number(row[names["分值"]]) if "分值" in names else None
        score = number(row[names["得分"]]) if "得分" in names else None
        if weight is not None or score is not None:
            result.total_weight, result.total_score = weight, score
            return
    own = label(row[at])
    cells = [c for i, c in enumerate(row[at + 1 :], start=at + 1) if (r, i) not in table.merged and label(c) != own]
    figures = [number(c) for c in cells if label(c)]
    result.total_weight = figures[0] if figures else None
    result.total_score = figures[1] if len(figures) > 1 else None


def _spans_indicator_columns(row: list[str], get: Callable[[str], str]) -> bool:
    """A scored row whose first cell runs across 一级指标 … 实际完成值 (merged cells repeat its text in Word and
    are blank in Markdown): not an indicator."""
    first = label(row[0]) if row else ""
    cells = {label(get(key)) for key in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值")}
    return bool(first) and cells in ({first}, {""}) and number(get("得分")) is not None


# --- 合计 rows and the 基础数据表 hierarchy ----------------------------------------------------------

_TOTAL_RE = re.compile(r"(合计|总计)(?:[(（][^)）]*[)）])?[:：]?")
# Columns whose cells do not add up down the column: rates, shares, serial numbers, unit prices.
_NOT_ADDITIVE_RE = re.compile(r"序号|编号|率|%|％|占比|比例|比重|单价|标准|年份|日期|时间")


@dataclass
class ColumnSum:
    """One total cell and the cells it should be the sum of: ``合计`` (实际使用资金) = 30.50 + 48.00."""

    what: str  # the total's row label, e.g. 合计 or 三公经费
    column: str  # the column header, e.g. 实际使用资金（万元）
    total: Decimal
    parts: list[Decimal]
    names: list[str]  # the labels of the rows summed, same order as parts


_SPACES_RE = re.compile(r"\s+")


def _row_label(row: list[str]) -> str:
    return _SPACES_RE.sub("", label(row[0])) if row else ""


def _is_total_row(row: list[str]) -> bool:
    return bool(_TOTAL_RE.fullmatch(_row_label(row)))


def _has_number(row: list[str]) -> bool:
    return any(number(c) is not None for c in row[1:])


def _header_for(table: TableBlock, before: int) -> list[str]:
    """The nearest row above ``before`` that is all labels (no numbers): the column headers."""
    for r in range(before - 1, -1, -1):
        row = table.rows[r]
        if not _has_number(row) and sum(1 for c in row[1:] if label(c)) >= 1:
            return [label(c).replace("\n", "") for c in row]
    return []


def _cell(row: list[str], col: int, width: int) -> str:
    """Column ``col`` of a table ``width`` wide, for a row that may lack leading cells (aligned right)."""
    index = col - (width - len(row))
    return row[index] if 0 <= index < len(row) else ""


def _column_sums(
    table: TableBlock, total_row: int, part_rows: list[int], what: str, header: list[str]
) -> list[ColumnSum]:
    found = []
    row = table.rows[total_row]
    width = len(row)
    for col in range(1, width):
        if (total_row, col) in table.merged:
            continue
        name = header[col] if col < len(header) else ""
        if _NOT_ADDITIVE_RE.search(name):
            continue
        total = number(row[col])
        if total is None:
            continue
        parts, names = [], []
        for r in part_rows:
            value = number(_cell(table.rows[r], col, width))
            if value is not None and (r, col) not in table.merged:
                parts.append(value)
                names.append(_row_label(table.rows[r]))
        if parts:
            found.append(ColumnSum(what, name, total, parts, names))
    return found


def total_row_sums(table: TableBlock) -> list[ColumnSum]:
    """For each 合计/总计 row: per numeric column, the total and the rows above it (below, when it heads them).

    Rows headed 其中 are a breakdown of the row before and 小计 rows a breakdown's total: neither is summed.
    """
    found = []
    start = 0
    for r, row in enumerate(table.rows):
        if not _is_total_row(row) or not _has_number(row):
            continue
        above = [i for i in range(start, r) if _part_row(table.rows[i])]
        if above:
            rows = above
        else:  # 合计 first, its rows after it (up to the next 合计)
            end = next((i for i in range(r + 1, len(table.rows)) if _is_total_row(table.rows[i])), len(table.rows))
            rows = [i for i in range(r + 1, end) if _part_row(table.rows[i])]
        header = _header_for(table, min([r, *rows]))
        found.extend(_column_sums(table, r, rows, _row_label(row), header))
        start = r + 1
    return found


def _part_row(row: list[str]) -> bool:
    name = _row_label(row)
    return _has_number(row) and not _is_total_row(row) and not _BREAKDOWN_ROW_RE.match(name)


_BREAKDOWN_ROW_RE = re.compile(r"其中|小计|[(（]?其中")


@dataclass(frozen=True)
class RateCell:
    """A rate written in a table row, with the two cells of that row it is the ratio of."""

    row: str  # the row's label
    name: str  # the rate column's header: 执行率, 到位率, 规模控制率…
    part: Decimal  # e.g. 实际使用资金
    whole: Decimal  # e.g. 预算数
    stated: str  # the rate as written
    part_name: str = ""  # the part's column header
    whole_name: str = ""


# For each kind of rate column, the headers of its part and its whole (searched left of it, nearest first).
_RATE_COLUMNS = [
    (re.compile(r"到位率"), re.compile(r"到位"), re.compile(r"预算")),
    (
        re.compile(r"执行率|支出率|使用率"),
        re.compile(r"实际使用|实际支出|执行数|决算数|支出数|使用"),
        re.compile(r"预算"),
    ),
    (re.compile(r"控制率"), re.compile(r"实际|实有|在职|决算"), re.compile(r"编制|批复|核定|预算|计划")),
    (re.compile(r"完成率"), re.compile(r"完成|实际"), re.compile(r"计划|目标|预算")),
]


def _rate_columns(names: list[str]) -> list[tuple[int, int, int]]:
    """(rate, part, whole) column triples of a header row."""
    found = []
    for col, name in enumerate(names):
        kind = next((k for k in _RATE_COLUMNS if k[0].search(name)), None)
        if kind is None:
            continue
        _, part_re, whole_re = kind
        left = range(col - 1, -1, -1)  # nearest first: 规模控制率 after 实际规模, 投资概算控制率 after 实际投资
        whole_cols = [i for i in left if whole_re.search(names[i]) and "率" not in names[i]]
        # the budget that was spent against, not the one the year started with
        whole = next((i for i in whole_cols if "年初" not in names[i]), whole_cols[0] if whole_cols else None)
        part = next((i for i in left if i != whole and part_re.search(names[i]) and "率" not in names[i]), None)
        if part is not None and whole is not None:
            found.append((col, part, whole))
    return found


def rate_cells(table: TableBlock) -> list[RateCell]:
    """Each rate written in a row of a table with a rate column (执行率, 到位率, 控制率, 完成率) and the columns
    it is the ratio of (实际使用 ÷ 预算, 到位 ÷ 预算, 实际 ÷ 编制…). A header row may come anywhere: the rows
    below it, as wide as it, are read until the next header."""
    found: list[RateCell] = []
    columns: list[tuple[int, int, int]] = []
    names: list[str] = []
    for row, labels in zip(table.rows, cell_labels(table), strict=True):
        if not _has_number(row) and number(row[0] if row else "") is None and sum(1 for t in labels if t) >= 2:
            columns, names = _rate_columns(labels), labels  # a header row: another table part begins
            continue
        if not columns or len(row) != len(names):
            continue
        for col, part, whole in columns:
            values = number(row[whole]), number(row[part])
            stated = row[col].strip(" \u3000")
            if values[0] and values[1] is not None and number(stated) is not None:
                name = _row_label(row) or next((n for n in labels if n and number(n) is None), "") or names[0]
                rate = re.sub(r"[(（][^)）]*[)）]", "", names[col])  # 执行率（%） → 执行率
                found.append(RateCell(name, rate, values[1], values[0], stated, names[part], names[whole]))
    return found


# The 基础数据表's fixed hierarchy: a total row and the rows that make it up, by their names.
_STOP_RE = re.compile(r"公用经费|人员经费|基本支出|政府采购|楼堂馆所|厉行节约|三公经费|财政供养|经费控制|其中")
_NUMBERED_RE = re.compile(r"^\d+\s*[、.．]")


def _basic_name(row: list[str]) -> str:
    """A row label without its numbering or 其中: ``1、公务用车购置和维护经费`` → ``公务用车购置和维护经费``."""
    name = _row_label(row)
    name = _LEADING_QIZHONG_RE.sub("", name)
    name = _NUMBERED_RE.sub("", name)
    return _TRAILING_COLON_RE.sub("", name)


_LEADING_QIZHONG_RE = re.compile(r"^(其中[:：]?)")
_TRAILING_COLON_RE = re.compile(r"[:：]$")


def _find_row(table: TableBlock, pattern: str, start: int = 0, end: int | None = None) -> int | None:
    for r in range(start, len(table.rows) if end is None else end):
        if re.match(pattern, _basic_name(table.rows[r])):
            return r
    return None


def basic_data_sums(table: TableBlock) -> list[ColumnSum]:
    """三公经费 = 公务用车购置和维护 + 出国 + 公务接待; 公务用车购置和维护 = 公车购置 + 公车运行维护;
    项目支出 = its numbered category rows; each category = the project rows under it. Per column."""
    found: list[ColumnSum] = []
    rows = table.rows

    def block_end(start: int) -> int:
        return next((i for i in range(start + 1, len(rows)) if _STOP_RE.match(_basic_name(rows[i]))), len(rows))

    sangong = _find_row(table, r"三公经费")
    if sangong is not None:
        end = next((i for i in range(sangong + 1, len(rows)) if re.match(r"项目支出", _basic_name(rows[i]))), None)
        end = end if end is not None else min(len(rows), sangong + 8)
        car = _find_row(table, r"公务用车", sangong + 1, end)
        abroad = _find_row(table, r"(因公)?出国", sangong + 1, end)
        reception = _find_row(table, r"公务接待", sangong + 1, end)
        parts = [r for r in (car, abroad, reception) if r is not None]
        if len(parts) == 3:
            found.extend(_column_sums(table, sangong, parts, "三公经费", _header_for(table, sangong)))
        if car is not None:
            buy = _find_row(table, r"公车购置|公务用车购置$", car + 1, end)
            run = _find_row(table, r"公车运行维护|公务用车运行维护", car + 1, end)
            if buy is not None and run is not None:
                found.extend(_column_sums(table, car, [buy, run], _basic_name(rows[car]), _header_for(table, sangong)))
    project = _find_row(table, r"项目支出")
    if project is not None:
        end = block_end(project)
        categories = [r for r in range(project + 1, end) if _NUMBERED_RE.match(_row_label(rows[r]))]
        header = _header_for(table, project)
        if categories:
            found.extend(_column_sums(table, project, categories, "项目支出", header))
        for index, category in enumerate(categories):
            stop = categories[index + 1] if index + 1 < len(categories) else end
            items = [r for r in range(category + 1, stop) if _has_number(rows[r])]
            if items:
                found.extend(_column_sums(table, category, items, _basic_name(rows[category]), header))
    return found
