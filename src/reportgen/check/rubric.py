"""Grade a parsed report against 附件5 (RUBRIC.md §2): 完整性, 绩效自评表, 反映问题情况, 建议情况.

Every maximum, band and point value comes from the rubric data (rubrics/rubric.yaml or a region's
override); the 自评表 weights come from the profile's scoring schemes. Each item carries the findings
that explain its lost points; findings are made with their points and never changed afterwards.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.caches import by_identity, text_cache
from reportgen.check.model import ScoreItem, Section, TableBlock
from reportgen.check.read import HAN_RE, fold
from reportgen.check.structure import ParsedReport, is_empty, numeral_value
from reportgen.check.tables import (
    IndicatorRow,
    IndicatorTable,
    basic_data_tables,
    cell_labels,
    form_title,
    indicator_tables,
    label,
    project_key,
)
from reportgen.findings import Finding
from reportgen.indicators import is_measurable
from reportgen.numbers import round_half_up
from reportgen.rubrics import Lexicon, Standard
from reportgen.rubrics.model import (
    ATTACHMENTS,
    BODY,
    INDICATOR_ITEMS,
    LEAN,
    LEVELS,
    MEASURABLE,
    PROBLEMS,
    RELEVANT,
    SUGGESTIONS,
    WEIGHTS,
    Band,
    any_of,
    any_word,
)
from reportgen.scoring import ScoringScheme
from reportgen.scoring.scheme import CategoryKind

ZERO = Decimal(0)


def score_item(
    std: Standard, item_id: str, score: Decimal | int | None, basis: str, deductions: Sequence[Finding] = ()
) -> ScoreItem:
    """A rubric item's score, kept within 0 and its maximum and rounded half-up to 2 places."""
    spec = std.rubric.item(item_id)
    if score is None:
        return ScoreItem(item_id, spec.name, spec.max, None, "not_assessable", basis, tuple(deductions))
    value = round_half_up(min(max(Decimal(score), ZERO), spec.max))
    status = "full" if value >= spec.max else ("zero" if value == 0 else "partial")
    return ScoreItem(item_id, spec.name, spec.max, value, status, basis, tuple(deductions))


def spread(total: Decimal, count: int) -> list[Decimal]:
    """``total`` lost points shared over ``count`` findings (2 decimals; the last takes the remainder).

    >>> spread(Decimal(5), 3)
    [Decimal('1.67'), Decimal('1.67'), Decimal('1.66')]
    """
    if count == 0:
        return []
    each = round_half_up(total / count)
    return [each] * (count - 1) + [total - each * (count - 1)]


# --- 完整性 -------------------------------------------------------------------------------------


def grade_body(report: ParsedReport, std: Standard) -> ScoreItem:
    """正文: one part per top-level skeleton section; each absent or empty part costs its points."""
    maximum = std.rubric.max(BODY)
    per_part = std.rubric.completeness.body_part_points
    parts = [s for s in report.profile.sections if not s.optional]
    lost = ZERO
    missing_titles = []
    found: list[Finding] = []
    for spec in parts:
        section = next((s for s in report.top_sections() if s.spec_title == spec.title), None)
        if section is not None and not is_empty(section, empty_ok=spec.empty_ok):
            continue
        missing_titles.append(spec.title)
        points = min(per_part, maximum - lost)
        lost += points
        if section is None:
            profile = report.profile.description.split("（")[0]
            found.append(
                std.finding("grade_body.missing", section="正文", points=points, title=spec.title, profile=profile)
            )
        else:
            found.append(
                std.finding(
                    "grade_body.empty",
                    section=section.path,
                    evidence=section.heading,
                    line=section.line,
                    points=points,
                    heading=section.heading,
                )
            )
    basis = f"正文共{len(parts)}个部分" + (f"，缺少或为空：{'、'.join(missing_titles)}" if missing_titles else "，齐全")
    return score_item(std, BODY, maximum - lost, basis, found)


class _Projects:
    """Projects by their :func:`project_key`, asked whether a name is one of them: one name holds the other
    (档案数字化 and 馆藏档案数字化 are the same project named shorter). Asked without going through every project,
    which a report listing hundreds of them would do for each: this name within one of them is one search of all
    their names written out, one of them within this name is a look-up of its pieces as long as theirs."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._keys: set[str] = set()
        self._lengths: set[int] = set()
        self._written = "\n"
        for key in keys:
            self.add(key)

    def add(self, key: str) -> None:
        if key and key not in self._keys:
            self._keys.add(key)
            self._lengths.add(len(key))
            self._written += key + "\n"

    def __contains__(self, key: str) -> bool:
        if not key:
            return False
        if key in self._written:  # a key has no line break: a match lies within one project's name
            return True
        return any(key[i : i + n] in self._keys for n in self._lengths if n < len(key) for i in range(len(key) - n + 1))


def named_projects(report: ParsedReport, tables: list[IndicatorTable]) -> list[str]:
    """Projects the report names: project tables, the 附件 list, project tables in the body, 项目绩效目标 lines."""
    names: list[str] = []
    known = _Projects()

    def add(name: str) -> None:
        name = name.strip(" ：:。；;")
        key = project_key(name)
        if len(key) >= 3 and key not in known:
            names.append(name)
            known.add(key)

    for table in tables:
        if table.kind == "project" and table.name:
            add(table.name)
    for entry in report.attachment_list:
        if entry.endswith("项目支出绩效自评表"):
            add(entry[: -len("项目支出绩效自评表")])
    for block in report.body_tables():
        head = [label(c) for c in block.rows[0]] if block.rows else []
        col = next((i for i, h in enumerate(head) if "项目名称" in h), None)
        if col is None:
            continue
        for row in block.rows[1:]:
            if col < len(row) and label(row[col]) not in ("合计", "总计", "小计", ""):
                add(row[col])
    for section in report.root.walk():
        for para in section.paragraphs():
            match = _PROJECT_GOAL_RE.match(para.text)
            if match:
                add(match.group(1))
    return names


_PROJECT_GOAL_RE = re.compile(r"^[（(]\d+[）)]\s*(.{2,30}?)(?:项目)?绩效目标[：:]")


def grade_attachments(report: ParsedReport, std: Standard, tables: list[IndicatorTable]) -> ScoreItem:
    """附件: each expected table present, or its points lost; nothing when none is present."""
    maximum = std.rubric.max(ATTACHMENTS)
    parts: list[tuple[str, bool]] = []
    for name in report.profile.attachments:
        if "基础数据表" in name:
            present = bool(basic_data_tables(report))
        elif "部门整体支出绩效自评表" in name:
            present = any(t.kind == "department" for t in tables)
        else:
            present = any(name in a.caption for a in report.attachments)
        parts.append((name, present))
    if report.profile.project_attachments:
        attached = _Projects(project_key(t.name) for t in tables if t.kind == "project")
        for project in named_projects(report, tables):
            parts.append((form_title(project), project_key(project) in attached))
    if not parts:
        return score_item(std, ATTACHMENTS, maximum, "本格式不要求附表")
    missing = [name for name, present in parts if not present]
    per_part = std.rubric.completeness.attachment_part_points
    score = ZERO if len(missing) == len(parts) else max(ZERO, maximum - per_part * len(missing))
    found = [
        std.finding("grade_attachments.missing", section="附件", points=points, name=name)
        for name, points in zip(missing, spread(maximum - score, len(missing)), strict=True)
    ]
    basis = f"应附{len(parts)}张表，缺{len(missing)}张" + ("（一张都没有，本项0分）" if score == 0 and missing else "")
    return score_item(std, ATTACHMENTS, score, basis, found)


# --- 绩效自评表 ---------------------------------------------------------------------------------


def scheme_weights(scheme: ScoringScheme) -> dict[str, Decimal]:
    """The 分值 a 自评表 scored under ``scheme`` gives each 一级 indicator and each row scored outside them.

    >>> from reportgen.scoring import load_scheme
    >>> {k: int(v) for k, v in scheme_weights(load_scheme("guangdong_department")).items()}
    {'管理效能': 45, '产出指标': 32, '效益指标': 10, '满意度指标': 8, '加减分项': 5}
    """
    weights: dict[str, Decimal] = {}
    for name, category in scheme.categories.items():
        if category.kind is not CategoryKind.INDICATORS:
            weights[name] = category.weight
        elif category.parts:
            for part in category.parts.values():
                for level1 in dict.fromkeys([*part.level1, *(level2.level1 for level2 in part.level2)]):
                    weights[level1.value] = weights.get(level1.value, ZERO) + part.weight
        elif len(category.level1) == 1:
            weights[category.level1[0].value] = category.weight
    return weights


def _weights_of(table: IndicatorTable) -> dict[str, Decimal]:
    weights: dict[str, Decimal] = {}
    if table.funding and table.funding.weight is not None:
        weights["预算执行"] = table.funding.weight
    sums: dict[str, Decimal] = {}
    for ind in table.indicators:
        key = _level1_key(ind.level1)
        if key and ind.weight is not None:
            sums[key] = sums.get(key, ZERO) + ind.weight
    weights.update(sums)
    for name, value in table.level1_labels.items():
        weights.setdefault(_level1_key(name) or name, value)
    for row in table.other_scores:  # 管理效能, 加减分项
        if row.weight is not None:
            weights[re.sub(r"[(（].*$", "", row.name)] = row.weight
    return weights


def _level1_key(name: str) -> str:
    for key, level1 in (("产出", "产出指标"), ("效益", "效益指标"), ("满意", "满意度指标")):
        if key in name:
            return level1
    return ""


def _measurable(ind: IndicatorRow, std: Standard) -> bool:
    target = fold(ind.target)
    if target in ("无", "零", "0", "0次", "0起"):
        return any_word(std.lexicon.negative_impact)(ind.name)
    if any_word(std.lexicon.vague_values)(target):
        return False
    try:
        return bool(is_measurable(ind.target))
    except Exception:  # noqa: BLE001 - an unparsable value is simply not measurable
        return False


def grade_indicator_tables(
    std: Standard, tables: list[IndicatorTable], schemes: list[ScoringScheme], kind: str = "department"
) -> list[ScoreItem]:
    """The five 绩效自评表 items; none can score without a table (the fix names the tables a report of ``kind``
    attaches)."""
    tables = [t for t in tables if t.indicators]
    if not tables:
        total = sum((std.rubric.max(i) for i in INDICATOR_ITEMS), ZERO)
        expected = "项目支出绩效自评表" if kind == "project" else "部门整体支出绩效自评表（和各项目支出绩效自评表）"
        finding = std.finding("grade_indicator_tables.no_table", section="附件", points=total, tables=expected)
        items = [score_item(std, i, 0, "没有绩效自评表") for i in INDICATOR_ITEMS]
        return [score_item(std, WEIGHTS, 0, "没有绩效自评表", [finding]), *items[1:]]
    return [
        grade_weights(std, tables, schemes),
        grade_levels(std, tables),
        grade_measurable(std, tables),
        grade_lean(std, tables),
        grade_relevant(std, tables),
    ]


def _share_of(std: Standard, item_id: str, good: int, total: int) -> Decimal:
    return std.rubric.max(item_id) * Decimal(good) / Decimal(total)


_LEVEL1_KEYS = ("产出指标", "效益指标", "满意度指标")


def _follows(weights: dict[str, Decimal], scheme: dict[str, Decimal]) -> bool:
    """A table's weights follow a scheme: every 一级 indicator the scheme weighs is there with its weight, and
    every other row the table weighs (预算执行, 管理效能…) has the scheme's weight."""
    required = [k for k in scheme if k in _LEVEL1_KEYS]
    return all(k in weights for k in required) and all(v == scheme[k] for k, v in weights.items() if k in scheme)


def grade_weights(std: Standard, tables: list[IndicatorTable], schemes: list[ScoringScheme]) -> ScoreItem:
    """权重: the share of tables whose 一级 weights follow one of the profile's scoring schemes."""
    expected_sets = [scheme_weights(s) for s in schemes]
    misfits = []
    for table in tables:
        weights = _weights_of(table)
        fits = [s for s in expected_sets if _follows(weights, s)]
        if not weights or not fits:
            misfits.append((table, weights))
    matching = len(tables) - len(misfits)
    score = _share_of(std, WEIGHTS, matching, len(tables))
    expected = "，或".join("、".join(f"{k}{v}" for k, v in s.items()) for s in expected_sets)
    found: list[Finding] = []
    for (table, weights), points in zip(misfits, spread(std.rubric.max(WEIGHTS) - score, len(misfits)), strict=True):
        actual = "、".join(f"{k}{v}" for k, v in weights.items()) or "未写分值"
        found.append(
            std.finding(
                "grade_weights",
                section=table.title,
                evidence=actual,
                points=points,
                table=table.title,
                actual=actual,
                expected=expected,
            )
        )
    return score_item(std, WEIGHTS, score, f"{matching}/{len(tables)}张表权重符合规定", found)


def _complete(ind: IndicatorRow) -> bool:
    return bool(ind.level1 and ind.level2 and ind.name)


def grade_levels(std: Standard, tables: list[IndicatorTable]) -> ScoreItem:
    """三级细化: the share of indicators named at all three levels."""
    rows = [i for t in tables for i in t.indicators]
    complete = sum(1 for i in rows if _complete(i))
    score = _share_of(std, LEVELS, complete, len(rows))
    lacking = [(t, sum(1 for i in t.indicators if not _complete(i))) for t in tables]
    lacking = [(t, n) for t, n in lacking if n]
    found = [
        std.finding("grade_levels", section=t.title, points=points, table=t.title, count=n)
        for (t, n), points in zip(lacking, spread(std.rubric.max(LEVELS) - score, len(lacking)), strict=True)
    ]
    return score_item(std, LEVELS, score, f"{complete}/{len(rows)}个指标细化到三级", found)


def grade_measurable(std: Standard, tables: list[IndicatorTable]) -> ScoreItem:
    """可衡量: the share of 年度指标值 that can be measured."""
    rows = [(t, i) for t in tables for i in t.indicators]
    vague = [(t, i) for t, i in rows if not _measurable(i, std)]
    score = _share_of(std, MEASURABLE, len(rows) - len(vague), len(rows))
    lost = std.rubric.max(MEASURABLE) - round_half_up(score)
    found = [
        std.finding(
            "grade_measurable",
            section=t.title,
            evidence=f"{i.name}：{i.target}",
            points=points,
            table=t.title,
            name=f"{i.level2}·{i.name}" if i.level2 else i.name,  # a row copied under two 二级 is two lines
            value=i.target or "（空）",
        )
        for (t, i), points in zip(vague, spread(lost, len(vague)), strict=True)
    ]
    return score_item(std, MEASURABLE, score, f"{len(rows) - len(vague)}/{len(rows)}个年度指标值可衡量", found)


def _indicator_key(name: str) -> str:
    return fold(_LEADING_NUMBER_RE.sub("", name))


def _lean_shortcomings(std: Standard, tables: list[IndicatorTable]) -> list[dict[str, str]]:
    """What makes the tables less than core and lean: too many or too few indicators, a row copied under two
    二级, the same 效益 indicator in many project tables (at most one of each)."""
    conf = std.rubric.indicator_table
    found: list[dict[str, str]] = []
    for table in tables:
        count = len(table.indicators)
        if not conf.min_indicators <= count <= conf.max_indicators:
            found.append(
                {
                    "reason": f"「{table.title}」有{count}个三级指标，不够精简（应为{conf.min_indicators}—"
                    f"{conf.max_indicators}个）",
                    "fix": "保留反映核心产出和效益的指标，合并或删去次要指标",
                    "section": table.title,
                    "evidence": f"{count}个三级指标",
                }
            )
            break
    for table in tables:
        seen: dict[str, str] = {}
        for ind in table.indicators:
            key = _indicator_key(ind.name)
            if key in seen and seen[key] != ind.level2:
                found.append(
                    {
                        "reason": f"「{table.title}」中三级指标「{ind.name}」同时出现在「{seen[key]}」和「{ind.level2}」下",
                        "fix": "一个三级指标只放在最贴切的二级指标下，另一处换成真正反映该二级指标的内容",
                        "section": table.title,
                        "evidence": ind.name,
                    }
                )
                break
            seen.setdefault(key, ind.level2)
        else:
            continue
        break
    benefit_tables: Counter[str] = Counter()
    for table in tables:
        if table.kind == "project":
            # each indicator once per table, in the table's order (a set's order would vary from run to run)
            benefit_tables.update(
                list(dict.fromkeys(_indicator_key(i.name) for i in table.indicators if "效益" in i.level1))
            )
    repeated = [k for k, n in benefit_tables.items() if n >= conf.repeated_benefit_tables]
    if repeated:
        found.append(
            {
                "reason": f"{benefit_tables[repeated[0]]}张项目支出绩效自评表重复使用同样的效益指标"
                f"（{'、'.join(repeated[:3])}），没有突出各项目的核心效益",
                "fix": "按每个项目的实际效果设置效益指标，避免照搬",
                "section": "附件",
                "evidence": "、".join(repeated),
            }
        )
    return found


def grade_lean(std: Standard, tables: list[IndicatorTable]) -> ScoreItem:
    """核心精简: each shortcoming costs its points, down to zero."""
    maximum, per = std.rubric.max(LEAN), std.rubric.indicator_table.lean_points
    shortcomings = _lean_shortcomings(std, tables)[: int(maximum / per)]
    found = [
        std.finding(
            "grade_lean", section=x["section"], evidence=x["evidence"], points=per, reason=x["reason"], fix=x["fix"]
        )
        for x in shortcomings
    ]
    basis = "突出核心、精简实用" if not found else f"{len(found)}处不够精简"
    return score_item(std, LEAN, maximum - per * len(found), basis, found)


def grade_relevant(std: Standard, tables: list[IndicatorTable]) -> ScoreItem:
    """密切相关: an indicator whose words belong to another 二级 (economic words under a non-economic 二级)."""
    maximum, per = std.rubric.max(RELEVANT), std.rubric.indicator_table.relevant_points
    found: list[Finding] = []
    for table in tables:
        for ind in table.indicators:
            text = ind.name + ind.target
            if "经济" not in ind.level2 and any_word(std.lexicon.economic_terms)(text):
                found.append(
                    std.finding(
                        "grade_relevant",
                        section=table.title,
                        evidence=f"{ind.level2}：{ind.name}（{ind.target}）",
                        points=per,
                        table=table.title,
                        name=ind.name,
                        value=ind.target,
                        level2=ind.level2,
                        meaning=std.lexicon.indicator_meanings.get(ind.level2, "该二级指标的含义"),
                    )
                )
    found = found[: int(maximum / per)]
    basis = "指标与支出密切相关" if not found else f"{len(found)}个指标与其二级指标不符"
    return score_item(std, RELEVANT, maximum - per * len(found), basis, found)


# --- 反映问题情况 / 建议情况 ----------------------------------------------------------------------


@dataclass
class Item:
    """One problem or suggestion: its text, where it is, and what it is about."""

    text: str
    where: str
    topics: set[tuple[str, str]] = field(default_factory=set)  # (aspect, topic)
    has_cause: bool = False
    number: int | None = None  # its own enumeration number (一是 → 1, （二） → 2), to pair a measure with a problem
    group: str = ""  # the section or table it is written in; numbered measures pair with a sibling group's problems
    states_cause: bool = False  # written in a cause column (偏差原因分析), so a cause whatever its wording

    @property
    def aspects(self) -> set[str]:
        return {a for a, _ in self.topics}


@dataclass
class Statements:
    """What a report states as its problems and its measures, and where it says it has none (「无」)."""

    problems: list[Item] = field(default_factory=list)
    suggestions: list[Item] = field(default_factory=list)
    no_problems: Item | None = None  # the 「无」 a problems section is written as
    no_suggestions: Item | None = None
    # what only the 偏差原因分析及改进措施 column of a 自评表 says: the problems (and measures) of a report
    # that states none elsewhere, as a short form does; beside a problems section, an indicator's note
    deviations: dict[str, list[Item]] = field(default_factory=lambda: {"problem": [], "suggestion": []})

    def add(self, kind: str, item: Item, std: Standard) -> None:
        """An item of ``kind`` ("problem" or "suggestion"); one that says there is nothing is kept apart."""
        if says_nothing(item.text, std):
            if kind == "problem":
                self.no_problems = self.no_problems or item
            else:
                self.no_suggestions = self.no_suggestions or item
        elif re.search(r"[\u4e00-\u9fff]", item.text):
            (self.problems if kind == "problem" else self.suggestions).append(item)

    def settle(self) -> None:
        """Deviation notes where nothing else is stated; each statement once."""
        self.problems = _distinct(self.problems or self.deviations["problem"])
        self.suggestions = _distinct(self.suggestions or self.deviations["suggestion"])


def _kind(title: str, std: Standard) -> set[str]:
    key = fold(title)
    kinds = set()
    if any(t in key for t in std.lexicon.problem_titles):
        kinds.add("problem")
    if any(t in key for t in std.lexicon.suggestion_titles):
        kinds.add("suggestion")
    return kinds


_ITEM_MARKS = re.compile(
    r"(?:^|(?<=[。；;：:\n]))\s*(?=[一二三四五六七八九十]{1,2}是|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])"
)
_NUMBER_RE = re.compile(
    r"^\s*(?:(?P<cn_is>[一二三四五六七八九十]{1,3})是|[（(]\s*(?P<paren>[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]"
    r"|(?P<digit>\d{1,2})\s*[.．、](?!\d)|(?P<cn>[一二三四五六七八九十]{1,3})\s*、|(?P<circled>[①-⑳]))"
)


def _split_items(text: str) -> list[str]:
    """Split at enumeration marks (一是、1.、（1）、①) that start a clause; an introduction that ends in a colon
    before them (…但存在以下问题：) is no item.

    >>> _split_items("总体规范，但存在以下问题：一是预算不细；二是台账不全。")
    ['一是预算不细；', '二是台账不全。']
    """
    parts = [p.strip() for p in _ITEM_MARKS.split(text) if p and p.strip()]
    if len(parts) > 1 and parts[0].endswith((":", "：")):
        parts = parts[1:]
    return parts or ([text.strip()] if text.strip() else [])


def item_number(text: str) -> int | None:
    """The enumeration number an item starts with.

    >>> [item_number(t) for t in ("二是加强管理", "（3）完善制度", "4.强化监督", "②定期通报", "加强管理")]
    [2, 3, 4, 2, None]
    """
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    return numeral_value(next(g for g in match.groups() if g))


def says_nothing(text: str, std: Standard) -> bool:
    """Whether a section, paragraph or cell only says there is nothing (「无」「暂无」「无。」「未发现问题」).

    >>> from reportgen.rubrics import load_standard
    >>> [says_nothing(t, load_standard()) for t in ("无", "暂无。", "1.无", "本年度未发现问题。", "无人机老化")]
    [True, True, True, True, False]
    """
    key = fold(text)
    key = _NUMBER_RE.sub("", key, count=1) if item_number(key) is not None else key
    key = _PUNCTUATION_RE.sub("", key)
    return bool(key) and any(p.fullmatch(key) for p in _nothing_stated(std.lexicon))


@by_identity(maxsize=16)
def _nothing_stated(lexicon: Lexicon) -> list[re.Pattern[str]]:
    """The lexicon's patterns of a text that says nothing, compiled once per lexicon."""
    return [re.compile(p) for p in lexicon.nothing_stated]


def _suggestion_split(text: str, std: Standard) -> tuple[str, str]:
    best = None
    for pattern in std.lexicon.suggestion_starts:
        match = re.search(pattern, text)
        if match and match.start() > 0 and (best is None or match.start() < best):
            best = match.start()
    return (text, "") if best is None else (text[:best], text[best:])


_RUN_IN_RE = re.compile(r"^(?:[（(]\d{1,2}[）)]|\d{1,2}[.．、])\s*([^：:。]{2,12})[：:](.+)$")


_LEADING_NUMBER_RE = re.compile(r"^\d+[.．、]")
_PUNCTUATION_RE = re.compile(r"[\s。.，,；;！!、:：]")
# What may join label words in a form's label cell (存在问题及原因分析) and leave it a label.
_LABEL_GLUE_RE = re.compile(r"[及和与、其的]|原因分析|原因|分析")
_NOT_WORD_RE = re.compile(r"[\W_]")


def collect_items(report: ParsedReport, std: Standard) -> Statements:
    """The problems and the suggestions a report states, each tagged with its aspects and cause: the items of
    its problems and measures sections, those a paragraph introduces anywhere (存在的问题：一是…, 下一步，…),
    and those written in a form (a 存在问题 or 改进措施 row, a 偏差原因分析及改进措施 column)."""
    found = Statements()
    _from_paragraphs(report.root, std, found)  # a short form may have no heading at all
    for top in report.top_sections():
        _visit(top, std, found)
    for where, table in report.all_tables():
        _from_form(where, table, std, found)
    found.settle()
    for item in found.problems + found.suggestions:
        _tag(item, std)
    return found


def _visit(section: Section, std: Standard, found: Statements) -> None:
    kinds = _kind(section.title, std)
    below = any(_kind(d.title, std) for child in section.children for d in child.walk())
    if kinds and not below:
        _from_section(section, kinds, std, found)
        return
    _from_paragraphs(section, std, found)
    for child in section.children:
        _visit(child, std, found)


def _from_section(section: Section, kinds: set[str], std: Standard, found: Statements) -> None:
    """A problems or measures section (or one holding both): each enumerated item of its body, each subsection;
    a line that is only a form label (改进措施) hands the lines after it to its own kind."""
    runs: list[tuple[set[str], str, list[str]]] = [(kinds, section.path, [])]
    for para in section.paragraphs():
        own = _form_label(para.text, std)
        if own:
            runs.append((own, f"{section.path} > {label(para.text).rstrip(':')}", []))
        else:
            runs[-1][2].append(para.text)
    children = []
    for child in section.children:
        content = child.all_text()
        if content and says_nothing(content, std):
            continue  # （三）政府采购方面：无 — nothing to say about it
        children.append((f"{child.title}。{content}", child.value))
    for position, (run_kinds, group, lines) in enumerate(runs):
        texts = [(text, item_number(text)) for text in _split_items("\n".join(lines))]
        if position == len(runs) - 1:
            texts += children
        for text, number in texts:
            _add_section_item(run_kinds, text, number, group, std, found)


def _add_section_item(
    kinds: set[str], text: str, number: int | None, group: str, std: Standard, found: Statements
) -> None:
    if len(kinds) > 1 and says_nothing(text, std):
        problem, suggestion = text, text  # 存在问题及改进措施：无 — neither
    elif kinds == {"problem"}:
        problem, suggestion = _lead_split(text, std)
    elif kinds == {"suggestion"}:
        problem, suggestion = "", text
    else:
        problem, suggestion = _suggestion_split(text, std)
    if problem.strip():
        found.add("problem", Item(problem.strip(), group, number=number, group=group), std)
    if suggestion.strip():
        # a measure split off a problem's own item (（一）…改进方向：…) answers that problem; one a problems
        # section ends with (…。下一步，…) answers them all
        own = number if kinds != {"problem"} else None
        found.add("suggestion", Item(suggestion.strip(), group, number=own, group=group), std)


def _lead_split(text: str, std: Standard) -> tuple[str, str]:
    """A problem and the measure a sentence of it introduces (…原因是人手不足。下一步，将…)."""
    leads = [m for m in _leads(text, std) if m[0] == "suggestion" and m[1] > 0]
    return (text, "") if not leads else (text[: leads[0][1]], text[leads[0][2] :])


def _leads(text: str, std: Standard) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each phrase that introduces problems (存在的问题：) or measures (下一步，) in a text."""
    problem_leads, suggestion_leads = std.lexicon.problem_leads, std.lexicon.suggestion_leads
    if not _any_lead(std.lexicon)(text):
        return []  # most paragraphs introduce nothing: one search instead of one per pattern
    found: list[tuple[str, int, int]] = []
    for kind, patterns in (("problem", problem_leads), ("suggestion", suggestion_leads)):
        for pattern in patterns:
            found.extend((kind, m.start(), m.end()) for m in re.finditer(pattern, text))
    found.sort(key=lambda lead: (lead[1], -lead[2]))
    kept: list[tuple[str, int, int]] = []
    for lead in found:
        if not kept or lead[1] >= kept[-1][2]:
            kept.append(lead)
    return kept


@by_identity(maxsize=16)
def _any_lead(lexicon: Lexicon) -> Callable[[str], bool]:
    """Whether a text holds a phrase that introduces problems or measures: both lists in one search."""
    return any_of([*lexicon.problem_leads, *lexicon.suggestion_leads])


def _from_paragraphs(section: Section, std: Standard, found: Statements) -> None:
    """Problems and measures written in the paragraphs of any other section: a run-in title
    (（3）存在问题及改进方向：…) or a phrase that introduces them (存在的问题：一是…；二是…。下一步，…)."""
    paragraphs = section.paragraphs()
    index = 0
    while index < len(paragraphs):
        text = paragraphs[index].text
        index += 1
        run_in = _RUN_IN_RE.match(text)
        if run_in and _kind(run_in.group(1), std):
            kinds = _kind(run_in.group(1), std)
            where = f"{section.path} > {run_in.group(1)}"
            body = run_in.group(2).strip()
            if kinds == {"suggestion"}:
                problem, suggestion = "", body
            elif len(kinds) > 1 and not says_nothing(body, std):
                problem, suggestion = _suggestion_split(body, std)
            else:
                problem, suggestion = body, (body if len(kinds) > 1 else "")
            if problem.strip():
                found.add("problem", Item(problem.strip(), where, group=where), std)
            if suggestion.strip():
                found.add("suggestion", Item(suggestion.strip(), where, group=where), std)
            continue
        kinds = _form_label(text, std)
        if kinds:
            # a form read one cell per line: 存在问题 alone, its text in the lines after it
            following = []
            while index < len(paragraphs) and not _form_label(paragraphs[index].text, std):
                following.append(paragraphs[index].text)
                index += 1
            where = f"{section.path or '正文'} > {label(text).rstrip(':')}"
            _add_labelled(kinds, "\n".join(following), where, std, found)
            continue
        leads = _leads(text, std)
        for position, (kind, _, end) in enumerate(leads):
            stop = leads[position + 1][1] if position + 1 < len(leads) else len(text)
            segment = text[end:stop].strip(" ，,")
            if not segment and position + 1 == len(leads):
                # 存在的问题主要有： then 一是… 二是… in the paragraphs that follow
                following = []
                while index < len(paragraphs) and item_number(paragraphs[index].text) is not None:
                    following.append(paragraphs[index].text)
                    index += 1
                segment = "\n".join(following)
            where = section.path or "正文"
            if says_nothing(segment, std):
                found.add(kind, Item(segment, where, group=where), std)
                continue
            for item in _split_items(segment):
                found.add(kind, Item(item, where, number=item_number(item), group=where), std)


@dataclass(frozen=True)
class _DeviationColumn:
    """Where a 自评表's 偏差原因分析及改进措施 column is, counted from the right (data rows may have more leading
    cells than the header: a merged 一级指标 written once)."""

    header: str
    width: int  # cells in the header row
    from_right: int
    name_from_right: int | None  # the 三级指标 column


def _from_form(where: str, table: TableBlock, std: Standard, found: Statements) -> None:
    """Problems and measures in a form: a row labelled 存在问题 / 改进措施 (the text in the next cell), and the
    cells of a 偏差原因分析及改进措施 column (the indicator's shortfall, its cause and the measure)."""
    deviation: _DeviationColumn | None = None
    words = _form_words(std.lexicon)  # once per table: every cell of a form is asked whether it is a label
    headers = any_word(std.lexicon.deviation_columns)
    for r, row in enumerate(table.rows):
        kinds = [_label_kinds(c, words) for c in row]
        if deviation is None:
            labels = cell_labels(table)[r]
            # the row as one text first (a label holds no line break): most rows name no such column
            named = headers("\n".join(labels))
            column = next((i for i, lab in enumerate(labels) if headers(lab)), None) if named else None
            if column is not None:
                name = next((i for i, lab in enumerate(labels) if lab == "三级指标"), None)
                deviation = _DeviationColumn(
                    labels[column], len(row), len(row) - column, None if name is None else len(row) - name
                )
                continue
        elif len(row) * 2 >= deviation.width and not any(kinds):
            _deviation_cell(where, table, r, deviation, std, found)
        if any(kinds):
            _labelled_cells(where, table, r, kinds, std, found)


def _form_label(text: str, std: Standard) -> set[str]:
    """What a form's label cell introduces: {"problem"}, {"suggestion"} or both (存在问题及改进措施); nothing
    when the cell says more than a label (an indicator such as 意见建议采纳率).

    >>> from reportgen.rubrics import load_standard
    >>> std = load_standard()
    >>> [sorted(_form_label(t, std)) for t in ("存在问题：", "2.改进措施", "存在问题及改进措施", "意见建议采纳率")]
    [['problem'], ['suggestion'], ['problem', 'suggestion'], []]
    """
    return set(_label_kinds(text, _form_words(std.lexicon)))


@dataclass(frozen=True, eq=False)
class _FormWords:
    """(kind, label word) of a lexicon's form labels, longest first. Compared and hashed by identity: one per
    lexicon, and a cheap key for the cache of every cell's kinds."""

    pairs: tuple[tuple[str, str], ...]


@text_cache(maxsize=16384)
def _label_kinds(text: str, words: _FormWords) -> frozenset[str]:
    if len(text) > 32 and len("".join(text.split())) > 32:
        return frozenset()  # prose: no numeral and 16 characters of label fold from this many (most cells)
    key = fold(text).rstrip(":")
    key = _NUMBER_RE.sub("", key, count=1) if item_number(key) is not None else key
    if not 2 <= len(key) <= 16:
        return frozenset()
    kinds: set[str] = set()
    for kind, word in words.pairs:
        if word in key:
            key = key.replace(word, "")
            kinds.add(kind)
    return frozenset(kinds) if not _LABEL_GLUE_RE.sub("", key) else frozenset()


@by_identity(maxsize=16)
def _form_words(lexicon: Lexicon) -> _FormWords:
    """The lexicon's form label words, sorted once per lexicon."""
    words = [(str(kind), w) for kind, ws in lexicon.form_labels.items() for w in ws]
    return _FormWords(tuple(sorted(words, key=lambda kw: -len(kw[1]))))


def _labelled_cells(
    where: str, table: TableBlock, r: int, kinds: list[frozenset[str]], std: Standard, found: Statements
) -> None:
    """存在问题 | 一是… | 改进措施 | 一是…: each label cell and the text in the cell after it (``kinds``: what each
    cell of the row is a label of)."""
    words = _form_words(std.lexicon)
    row = table.rows[r]
    for c, cell in enumerate(row):
        if (r, c) in table.merged or not kinds[c]:
            continue
        value = next(
            (
                v
                for i, v in enumerate(row[c + 1 :], start=c + 1)
                if v.strip() and label(v) != label(cell) and (r, i) not in table.merged
            ),
            "",
        )
        if _label_kinds(value, words) or not (says_nothing(value, std) or len(HAN_RE.findall(value)) >= 4):
            continue  # the next cell is another label, or a figure
        _add_labelled(set(kinds[c]), value, f"{where} > {label(cell).rstrip(':')}", std, found)


def _add_labelled(kinds: set[str], value: str, place: str, std: Standard, found: Statements) -> None:
    """The text a form label (存在问题, 改进措施, 存在问题及改进措施) introduces, item by item."""
    if says_nothing(value, std):
        for kind in kinds:
            found.add(kind, Item(value, place), std)
        return
    for text in _split_items(value):
        if len(kinds) > 1:
            problem, suggestion = _suggestion_split(text, std)
        else:
            problem, suggestion = (text, "") if kinds == {"problem"} else ("", text)
        if problem.strip():
            found.add("problem", Item(problem.strip(), place, number=item_number(text), group=place), std)
        if suggestion.strip():
            found.add("suggestion", Item(suggestion.strip(), place, number=item_number(text), group=place), std)


def _deviation_cell(
    where: str, table: TableBlock, r: int, deviation: _DeviationColumn, std: Standard, found: Statements
) -> None:
    """A 偏差原因分析及改进措施 cell: the indicator's shortfall and its cause; a measure after it, if any."""
    row = table.rows[r]
    column = len(row) - deviation.from_right
    text = row[column].strip() if column >= 0 else ""
    if (r, column) in table.merged or len(HAN_RE.findall(text)) < 2 or says_nothing(text, std):
        return
    name_col = len(row) - deviation.name_from_right if deviation.name_from_right is not None else -1
    name = row[name_col].strip() if 0 <= name_col < column else ""
    cause, measure = _suggestion_split(text, std)
    place = f"{where} > {name or deviation.header}"
    if cause.strip():
        problem = f"{name}：{cause.strip()}" if name else cause.strip()
        found.deviations["problem"].append(Item(problem, place, group=where, states_cause="原因" in deviation.header))
    if measure.strip():
        found.deviations["suggestion"].append(Item(measure.strip(), place, group=where))


def _distinct(items: list[Item]) -> list[Item]:
    """Each statement once (a form read both as a table and as text, a cell merged over two rows)."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = _NOT_WORD_RE.sub("", item.text)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _tag(item: Item, std: Standard) -> None:
    for aspect, topics in std.lexicon.aspects.items():
        for topic, words in topics.items():
            if any_word(words)(item.text):
                item.topics.add((aspect, topic))
    item.has_cause = item.states_cause or any_of(std.lexicon.cause_markers)(item.text)


def _only_funding(item: Item, phrases: list[str], std: Standard) -> bool:
    if not any(p in item.text for p in phrases):
        return False
    rest = item.text
    for phrase in phrases:
        rest = rest.replace(phrase, "")
    probe = Item(rest, item.where)
    _tag(probe, std)
    return not probe.topics


def _quote(item: Item, limit: int = 40) -> str:
    text = re.sub(r"\s+", "", item.text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chars(items: list[Item]) -> int:
    return sum(len(re.sub(r"\s", "", i.text)) for i in items)


def _aspect_lists(aspects: set[str], std: Standard) -> tuple[str, str]:
    """The rubric's aspects a text covers and those it misses, in the lexicon's order, for messages."""
    names = std.lexicon.aspect_names
    covered = "、".join(a for a in names if a in aspects) or "无法归类"
    return covered, "、".join(a for a in names if a not in aspects)


def _none_written(std: Standard, item_id: str, rule: str, nothing: Item | None, part: str, missing: str) -> ScoreItem:
    """An item graded 0 because the report has none of its part: where it wrote only 「无」, that is quoted
    (``rule``.nothing_stated), else the part is missing (``rule``.none)."""
    maximum = std.rubric.max(item_id)
    if nothing is not None:
        text = _quote(nothing, 20)
        said = std.finding(
            f"{rule}.nothing_stated", section=nothing.where, evidence=nothing.text, points=maximum, text=text
        )
        return score_item(std, item_id, 0, f"{part}只写了「{text}」", [said])
    none = std.finding(f"{rule}.none", section="正文", points=maximum)
    return score_item(std, item_id, 0, missing, [none])


def grade_problems(problems: list[Item], std: Standard, nothing: Item | None = None) -> ScoreItem:
    """反映问题情况: a band by the aspects covered, the place in it by how many problems give their cause.

    ``nothing`` is where the report says it has no problem (「无」): no problem, as when none is written.
    """
    maximum, conf = std.rubric.max(PROBLEMS), std.rubric.problems
    if not problems:
        return _none_written(std, PROBLEMS, "grade_problems", nothing, "存在的问题", "没有找到存在的问题")
    if all(_only_funding(p, std.lexicon.funding_shortage, std) for p in problems):
        funding = std.finding(
            "grade_problems.funding_only", section=problems[0].where, evidence=_quote(problems[0]), points=maximum
        )
        return score_item(std, PROBLEMS, 0, "只提出资金不足问题", [funding])
    chars = _chars(problems)
    aspects = set().union(*(p.aspects for p in problems))
    with_cause = sum(1 for p in problems if p.has_cause)
    position = 2 if with_cause == len(problems) else (1 if with_cause * 2 >= len(problems) else 0)
    found: list[Finding] = []
    band: Band
    if len(problems) <= conf.simple_max_items or chars < conf.simple_min_chars:
        band = conf.simple_band
        found.append(
            std.finding(
                "grade_problems.too_simple",
                section=problems[0].where,
                evidence=_quote(problems[0]),
                points=maximum - band[2],
                count=len(problems),
                chars=chars,
            )
        )
        basis = f"问题过于简单（{len(problems)}个，{chars}字）"
    else:
        band = conf.bands[min(len(aspects), 5)]
        if band[2] < maximum:
            covered, missing = _aspect_lists(aspects, std)
            found.append(
                std.finding(
                    "grade_problems.aspects",
                    section=problems[0].where,
                    evidence=_quote(problems[0]),
                    points=maximum - band[2],
                    count=len(aspects),
                    covered=covered,
                    missing=missing or "各",
                )
            )
        basis = f"{len(problems)}个问题，涉及{len(aspects)}个方面"
    score = band[position]
    if with_cause < len(problems):
        lacking = [p for p in problems if not p.has_cause]
        found.append(
            std.finding(
                "grade_problems.causes",
                section=lacking[0].where,
                evidence="；".join(_quote(p, 30).rstrip("；;") for p in lacking[:3]),
                points=band[2] - score,
                count=len(lacking),
                total=len(problems),
            )
        )
    return score_item(std, PROBLEMS, score, f"{basis}，{with_cause}/{len(problems)}个写明原因", found)


def _parent(group: str) -> str:
    return group.rsplit(" > ", 1)[0] if " > " in group else ""


def _paired(problem: Item, suggestion: Item, std: Standard) -> bool:
    """A measure that answers this problem by its number: 针对问题二, or the measure numbered like the problem in
    the section or form row beside the problems (三、存在的主要问题 一是… / 四、下一步改进措施 一是…) sharing a topic
    or two words with it (车辆老化… / 制定车辆维护计划…)."""
    if problem.number is None:
        return False
    for pattern in std.lexicon.problem_references:
        for match in re.finditer(pattern, suggestion.text):
            try:
                if numeral_value(match.group("n")) == problem.number:
                    return True
            except ValueError:  # 一二 is no numeral
                continue
    if suggestion.number != problem.number:
        return False
    if not (suggestion.group == problem.group or _parent(suggestion.group) == _parent(problem.group)):
        return False
    shared_topic = {t for _, t in problem.topics} & {t for _, t in suggestion.topics}
    return bool(shared_topic) or len(_bigrams(problem.text) & _bigrams(suggestion.text)) >= 2


def _bigrams(text: str) -> set[str]:
    """The two-character runs of an item's words, without its enumeration mark (一是 is in every first item)."""
    text = _NUMBER_RE.sub("", text, count=1)
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _answered(problem: Item, suggestions: list[Item], std: Standard) -> bool:
    if any(_paired(problem, s, std) for s in suggestions):
        return True
    topics = {t for _, t in problem.topics}
    if topics:
        return any(topics & {t for _, t in s.topics} for s in suggestions)
    grams = {problem.text[i : i + 3] for i in range(len(problem.text) - 2)}
    return any(len(grams & {s.text[i : i + 3] for i in range(len(s.text) - 2)}) >= 2 for s in suggestions)


def grade_suggestions(
    problems: list[Item], suggestions: list[Item], std: Standard, nothing: Item | None = None
) -> ScoreItem:
    """建议情况: how many problems the suggestions answer, and how many aspects they cover.

    ``nothing`` is where the report says it has no measure (「无」): no suggestion, as when none is written.
    """
    maximum, conf = std.rubric.max(SUGGESTIONS), std.rubric.suggestions
    if not suggestions:
        return _none_written(std, SUGGESTIONS, "grade_suggestions", nothing, "改进措施", "没有找到改进措施或建议")
    if all(_only_funding(s, std.lexicon.funding_request, std) for s in suggestions):
        funding = std.finding(
            "grade_suggestions.funding_only",
            section=suggestions[0].where,
            evidence=_quote(suggestions[0]),
            points=maximum,
        )
        return score_item(std, SUGGESTIONS, 0, "只提出加大资金投入", [funding])
    chars = _chars(suggestions)
    aspects = set().union(*(s.aspects for s in suggestions))
    unanswered = [p for p in problems if not _answered(p, suggestions, std)]
    answered = len(problems) - len(unanswered)
    found: list[Finding] = []
    by_aspects = 2 if len(aspects) >= 3 else (1 if len(aspects) == 2 else 0)
    if len(suggestions) <= conf.simple_max_items or chars < conf.simple_min_chars:
        band = conf.simple_band
        score = band[2] if not unanswered else (band[1] if answered * 2 >= len(problems) else band[0])
        found.append(
            std.finding(
                "grade_suggestions.too_simple",
                section=suggestions[0].where,
                evidence=_quote(suggestions[0]),
                points=maximum - band[2],
                count=len(suggestions),
                chars=chars,
            )
        )
        basis = f"建议过于简单（{len(suggestions)}条，{chars}字）"
    elif not unanswered:
        score = conf.all_answered[min(len(aspects), 4)]
        if score < maximum:
            covered, missing = _aspect_lists(aspects, std)
            found.append(
                std.finding(
                    "grade_suggestions.aspects",
                    section=suggestions[0].where,
                    points=maximum - score,
                    count=len(aspects),
                    covered=covered,
                    missing=missing,
                )
            )
        basis = f"建议与{len(problems)}个问题都对应，涉及{len(aspects)}个方面"
    else:
        band = conf.half_answered if answered * 2 >= len(problems) else conf.few_answered
        score = band[by_aspects]
        basis = f"{answered}/{len(problems)}个问题有对应建议，建议涉及{len(aspects)}个方面"
    already = found[0].points_lost if found else ZERO
    shares = spread(maximum - already - score, len(unanswered)) if unanswered else []
    for problem, points in zip(unanswered, shares, strict=True):
        topics = "、".join(sorted({t for _, t in problem.topics})) or "该问题的内容"
        found.append(
            std.finding(
                "grade_suggestions.unanswered",
                section=problem.where,
                evidence=_quote(problem),
                points=points,
                problem=_quote(problem, 30),
                topics=topics,
            )
        )
    return score_item(std, SUGGESTIONS, score, basis, found)


def grade(
    report: ParsedReport,
    std: Standard,
    schemes: list[ScoringScheme],
    extra_tables: list[IndicatorTable] | None = None,
) -> list[ScoreItem]:
    """The 自评报告 items (70 points by default), each with the findings that explain its lost points."""
    tables = indicator_tables(report) + list(extra_tables or [])
    stated = collect_items(report, std)
    return [
        grade_body(report, std),
        grade_attachments(report, std, tables),
        *grade_indicator_tables(std, tables, schemes, report.profile.kind),
        grade_problems(stated.problems, std, stated.no_problems),
        grade_suggestions(stated.problems, stated.suggestions, std, stated.no_suggestions),
    ]
