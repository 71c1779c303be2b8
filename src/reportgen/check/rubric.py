"""Grade a parsed report against 附件5 (RUBRIC.md §2): 完整性, 绩效自评表, 反映问题情况, 建议情况.

Every maximum, band and point value comes from the rubric data (rubrics/rubric.yaml or a region's
override); the 自评表 weights come from the profile's scoring schemes. Each item carries the findings
that explain its lost points; findings are made with their points and never changed afterwards.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.check.model import ScoreItem, Section
from reportgen.check.read import fold
from reportgen.check.structure import ParsedReport, is_empty
from reportgen.check.tables import IndicatorRow, IndicatorTable, basic_data_tables, indicator_tables, label
from reportgen.findings import Finding
from reportgen.indicators import is_measurable
from reportgen.numbers import round_half_up
from reportgen.rubrics import Standard
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
            found.append(std.finding("grade_body.missing", section="正文", points=points, title=spec.title,
                                     profile=profile))
        else:
            found.append(std.finding("grade_body.empty", section=section.path, evidence=section.heading,
                                     line=section.line, points=points, heading=section.heading))
    basis = f"正文共{len(parts)}个部分" + (f"，缺少或为空：{'、'.join(missing_titles)}" if missing_titles else "，齐全")
    return score_item(std, BODY, maximum - lost, basis, found)


def _name_key(name: str) -> str:
    key = fold(name)
    key = re.sub(r"(项目支出)?绩效自评表$", "", key)
    return re.sub(r"(项目)?(建设)?(项目)?$", "", key)


def _same_project(a: str, b: str) -> bool:
    ka, kb = _name_key(a), _name_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def named_projects(report: ParsedReport, tables: list[IndicatorTable]) -> list[str]:
    """Projects the report names: project tables, the 附件 list, project tables in the body, 项目绩效目标 lines."""
    names: list[str] = []

    def add(name: str) -> None:
        name = name.strip(" ：:。；;")
        if len(_name_key(name)) >= 3 and not any(_same_project(name, n) for n in names):
            names.append(name)

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
            match = re.match(r"^[（(]\d+[）)]\s*(.{2,30}?)(?:项目)?绩效目标[：:]", para.text)
            if match:
                add(match.group(1))
    return names


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
        for project in named_projects(report, tables):
            present = any(t.kind == "project" and _same_project(t.name, project) for t in tables)
            parts.append((f"{project}项目支出绩效自评表", present))
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
        return any(word in ind.name for word in std.lexicon.negative_impact)
    if any(word in target for word in std.lexicon.vague_values):
        return False
    try:
        return bool(is_measurable(ind.target))
    except Exception:  # noqa: BLE001 - an unparsable value is simply not measurable
        return False


def grade_indicator_tables(
    std: Standard, tables: list[IndicatorTable], schemes: list[ScoringScheme]
) -> list[ScoreItem]:
    """The five 绩效自评表 items; none can score without a table."""
    tables = [t for t in tables if t.indicators]
    if not tables:
        total = sum((std.rubric.max(i) for i in INDICATOR_ITEMS), ZERO)
        finding = std.finding("grade_indicator_tables.no_table", section="附件", points=total)
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


def grade_weights(std: Standard, tables: list[IndicatorTable], schemes: list[ScoringScheme]) -> ScoreItem:
    """权重: the share of tables whose 一级 weights follow one of the profile's scoring schemes."""
    expected_sets = [scheme_weights(s) for s in schemes]
    misfits = []
    for table in tables:
        weights = _weights_of(table)
        fits = [s for s in expected_sets if all(v == s[k] for k, v in weights.items() if k in s)]
        if not weights or not fits:
            misfits.append((table, weights))
    matching = len(tables) - len(misfits)
    score = _share_of(std, WEIGHTS, matching, len(tables))
    expected = "，或".join("、".join(f"{k}{v}" for k, v in s.items()) for s in expected_sets)
    found: list[Finding] = []
    for (table, weights), points in zip(misfits, spread(std.rubric.max(WEIGHTS) - score, len(misfits)), strict=True):
        actual = "、".join(f"{k}{v}" for k, v in weights.items()) or "未写分值"
        found.append(std.finding("grade_weights", section=table.title, evidence=actual, points=points,
                                 table=table.title, actual=actual, expected=expected))
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
        std.finding("grade_measurable", section=t.title, evidence=f"{i.name}：{i.target}", points=points,
                    table=t.title, name=i.name, value=i.target or "（空）")
        for (t, i), points in zip(vague, spread(lost, len(vague)), strict=True)
    ]
    return score_item(std, MEASURABLE, score, f"{len(rows) - len(vague)}/{len(rows)}个年度指标值可衡量", found)


def _indicator_key(name: str) -> str:
    return fold(re.sub(r"^\d+[.．、]", "", name))


def _lean_shortcomings(std: Standard, tables: list[IndicatorTable]) -> list[dict[str, str]]:
    """What makes the tables less than core and lean: too many or too few indicators, a row copied under two
    二级, the same 效益 indicator in many project tables (at most one of each)."""
    conf = std.rubric.indicator_table
    found: list[dict[str, str]] = []
    for table in tables:
        count = len(table.indicators)
        if not conf.min_indicators <= count <= conf.max_indicators:
            found.append({
                "reason": f"「{table.title}」有{count}个三级指标，不够精简（应为{conf.min_indicators}—"
                f"{conf.max_indicators}个）",
                "fix": "保留反映核心产出和效益的指标，合并或删去次要指标",
                "section": table.title,
                "evidence": f"{count}个三级指标",
            })
            break
    for table in tables:
        seen: dict[str, str] = {}
        for ind in table.indicators:
            key = _indicator_key(ind.name)
            if key in seen and seen[key] != ind.level2:
                found.append({
                    "reason": f"「{table.title}」中三级指标「{ind.name}」同时出现在「{seen[key]}」和「{ind.level2}」下",
                    "fix": "一个三级指标只放在最贴切的二级指标下，另一处换成真正反映该二级指标的内容",
                    "section": table.title,
                    "evidence": ind.name,
                })
                break
            seen.setdefault(key, ind.level2)
        else:
            continue
        break
    benefit_tables: Counter[str] = Counter()
    for table in tables:
        if table.kind == "project":
            benefit_tables.update({_indicator_key(i.name) for i in table.indicators if "效益" in i.level1})
    repeated = [k for k, n in benefit_tables.items() if n >= conf.repeated_benefit_tables]
    if repeated:
        found.append({
            "reason": f"{benefit_tables[repeated[0]]}张项目支出绩效自评表重复使用同样的效益指标"
            f"（{'、'.join(repeated[:3])}），没有突出各项目的核心效益",
            "fix": "按每个项目的实际效果设置效益指标，避免照搬",
            "section": "附件",
            "evidence": "、".join(repeated),
        })
    return found


def grade_lean(std: Standard, tables: list[IndicatorTable]) -> ScoreItem:
    """核心精简: each shortcoming costs its points, down to zero."""
    maximum, per = std.rubric.max(LEAN), std.rubric.indicator_table.lean_points
    shortcomings = _lean_shortcomings(std, tables)[: int(maximum / per)]
    found = [
        std.finding("grade_lean", section=x["section"], evidence=x["evidence"], points=per, reason=x["reason"],
                    fix=x["fix"])
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
            if "经济" not in ind.level2 and any(term in text for term in std.lexicon.economic_terms):
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

    @property
    def aspects(self) -> set[str]:
        return {a for a, _ in self.topics}


def _kind(title: str, std: Standard) -> set[str]:
    key = fold(title)
    kinds = set()
    if any(t in key for t in std.lexicon.problem_titles):
        kinds.add("problem")
    if any(t in key for t in std.lexicon.suggestion_titles):
        kinds.add("suggestion")
    return kinds


_ITEM_MARKS = re.compile(
    r"(?:^|(?<=[。；;\n]))\s*(?=[一二三四五六七八九十]{1,2}是|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])"
)


def _split_items(text: str) -> list[str]:
    """Split at enumeration marks (一是、1.、（1）、①) that start a clause."""
    parts = [p.strip() for p in _ITEM_MARKS.split(text) if p and p.strip()]
    return parts or ([text.strip()] if text.strip() else [])


def _suggestion_split(text: str, std: Standard) -> tuple[str, str]:
    best = None
    for pattern in std.lexicon.suggestion_starts:
        match = re.search(pattern, text)
        if match and match.start() > 0 and (best is None or match.start() < best):
            best = match.start()
    return (text, "") if best is None else (text[:best], text[best:])


_RUN_IN_RE = re.compile(r"^(?:[（(]\d{1,2}[）)]|\d{1,2}[.．、])\s*([^：:。]{2,12})[：:](.+)$")


def collect_items(report: ParsedReport, std: Standard) -> tuple[list[Item], list[Item]]:
    """The problems and the suggestions a report states, each tagged with its aspects and cause."""
    problems: list[Item] = []
    suggestions: list[Item] = []

    def visit(section: Section) -> None:
        kinds = _kind(section.title, std)
        below = any(_kind(d.title, std) for child in section.children for d in child.walk())
        if kinds and not below:
            texts = _split_items(section.body_text())
            texts += [f"{c.title}。{c.all_text()}" for c in section.children]
            for text in texts:
                if kinds == {"problem"}:
                    problems.append(Item(text, section.path))
                elif kinds == {"suggestion"}:
                    suggestions.append(Item(text, section.path))
                else:
                    problem, suggestion = _suggestion_split(text, std)
                    if problem.strip():
                        problems.append(Item(problem.strip(), section.path))
                    if suggestion.strip():
                        suggestions.append(Item(suggestion.strip(), section.path))
            return
        for para in section.paragraphs():
            run_in = _RUN_IN_RE.match(para.text)
            if run_in and _kind(run_in.group(1), std):
                target = suggestions if _kind(run_in.group(1), std) == {"suggestion"} else problems
                target.append(Item(run_in.group(2).strip(), f"{section.path} > {run_in.group(1)}"))
        for child in section.children:
            visit(child)

    for top in report.top_sections():
        visit(top)
    for item in problems + suggestions:
        _tag(item, std)
    return problems, suggestions


def _tag(item: Item, std: Standard) -> None:
    for aspect, topics in std.lexicon.aspects.items():
        for topic, words in topics.items():
            if any(word in item.text for word in words):
                item.topics.add((aspect, topic))
    item.has_cause = any(re.search(marker, item.text) for marker in std.lexicon.cause_markers)


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


def grade_problems(problems: list[Item], std: Standard) -> ScoreItem:
    """反映问题情况: a band by the aspects covered, the place in it by how many problems give their cause."""
    maximum, conf = std.rubric.max(PROBLEMS), std.rubric.problems
    if not problems:
        none = std.finding("grade_problems.none", section="正文", points=maximum)
        return score_item(std, PROBLEMS, 0, "没有找到存在的问题", [none])
    if all(_only_funding(p, std.lexicon.funding_shortage, std) for p in problems):
        funding = std.finding("grade_problems.funding_only", section=problems[0].where,
                              evidence=_quote(problems[0]), points=maximum)
        return score_item(std, PROBLEMS, 0, "只提出资金不足问题", [funding])
    chars = _chars(problems)
    aspects = set().union(*(p.aspects for p in problems))
    with_cause = sum(1 for p in problems if p.has_cause)
    position = 2 if with_cause == len(problems) else (1 if with_cause * 2 >= len(problems) else 0)
    found: list[Finding] = []
    band: Band
    if len(problems) <= conf.simple_max_items or chars < conf.simple_min_chars:
        band = conf.simple_band
        found.append(std.finding("grade_problems.too_simple", section=problems[0].where,
                                 evidence=_quote(problems[0]), points=maximum - band[2], count=len(problems),
                                 chars=chars))
        basis = f"问题过于简单（{len(problems)}个，{chars}字）"
    else:
        band = conf.bands[min(len(aspects), 5)]
        if band[2] < maximum:
            covered, missing = _aspect_lists(aspects, std)
            found.append(std.finding("grade_problems.aspects", section=problems[0].where,
                                     evidence=_quote(problems[0]), points=maximum - band[2], count=len(aspects),
                                     covered=covered, missing=missing or "各"))
        basis = f"{len(problems)}个问题，涉及{len(aspects)}个方面"
    score = band[position]
    if with_cause < len(problems):
        lacking = [p for p in problems if not p.has_cause]
        found.append(std.finding("grade_problems.causes", section=lacking[0].where,
                                 evidence="；".join(_quote(p, 30).rstrip("；;") for p in lacking[:3]),
                                 points=band[2] - score, count=len(lacking), total=len(problems)))
    return score_item(std, PROBLEMS, score, f"{basis}，{with_cause}/{len(problems)}个写明原因", found)


def _answered(problem: Item, suggestions: list[Item]) -> bool:
    topics = {t for _, t in problem.topics}
    if topics:
        return any(topics & {t for _, t in s.topics} for s in suggestions)
    grams = {problem.text[i : i + 3] for i in range(len(problem.text) - 2)}
    return any(len(grams & {s.text[i : i + 3] for i in range(len(s.text) - 2)}) >= 2 for s in suggestions)


def grade_suggestions(problems: list[Item], suggestions: list[Item], std: Standard) -> ScoreItem:
    """建议情况: how many problems the suggestions answer, and how many aspects they cover."""
    maximum, conf = std.rubric.max(SUGGESTIONS), std.rubric.suggestions
    if not suggestions:
        none = std.finding("grade_suggestions.none", section="正文", points=maximum)
        return score_item(std, SUGGESTIONS, 0, "没有找到改进措施或建议", [none])
    if all(_only_funding(s, std.lexicon.funding_request, std) for s in suggestions):
        funding = std.finding("grade_suggestions.funding_only", section=suggestions[0].where,
                              evidence=_quote(suggestions[0]), points=maximum)
        return score_item(std, SUGGESTIONS, 0, "只提出加大资金投入", [funding])
    chars = _chars(suggestions)
    aspects = set().union(*(s.aspects for s in suggestions))
    unanswered = [p for p in problems if not _answered(p, suggestions)]
    answered = len(problems) - len(unanswered)
    found: list[Finding] = []
    by_aspects = 2 if len(aspects) >= 3 else (1 if len(aspects) == 2 else 0)
    if len(suggestions) <= conf.simple_max_items or chars < conf.simple_min_chars:
        band = conf.simple_band
        score = band[2] if not unanswered else (band[1] if answered * 2 >= len(problems) else band[0])
        found.append(std.finding("grade_suggestions.too_simple", section=suggestions[0].where,
                                 evidence=_quote(suggestions[0]), points=maximum - band[2],
                                 count=len(suggestions), chars=chars))
        basis = f"建议过于简单（{len(suggestions)}条，{chars}字）"
    elif not unanswered:
        score = conf.all_answered[min(len(aspects), 4)]
        if score < maximum:
            covered, missing = _aspect_lists(aspects, std)
            found.append(std.finding("grade_suggestions.aspects", section=suggestions[0].where,
                                     points=maximum - score, count=len(aspects), covered=covered, missing=missing))
        basis = f"建议与{len(problems)}个问题都对应，涉及{len(aspects)}个方面"
    else:
        band = conf.half_answered if answered * 2 >= len(problems) else conf.few_answered
        score = band[by_aspects]
        basis = f"{answered}/{len(problems)}个问题有对应建议，建议涉及{len(aspects)}个方面"
    already = found[0].points_lost if found else ZERO
    shares = spread(maximum - already - score, len(unanswered)) if unanswered else []
    for problem, points in zip(unanswered, shares, strict=True):
        topics = "、".join(sorted({t for _, t in problem.topics})) or "该问题的内容"
        found.append(std.finding("grade_suggestions.unanswered", section=problem.where, evidence=_quote(problem),
                                 points=points, problem=_quote(problem, 30), topics=topics))
    return score_item(std, SUGGESTIONS, score, basis, found)


def grade(
    report: ParsedReport,
    std: Standard,
    schemes: list[ScoringScheme],
    extra_tables: list[IndicatorTable] | None = None,
) -> list[ScoreItem]:
    """The 自评报告 items (70 points by default), each with the findings that explain its lost points."""
    tables = indicator_tables(report) + list(extra_tables or [])
    problems, suggestions = collect_items(report, std)
    return [
        grade_body(report, std),
        grade_attachments(report, std, tables),
        *grade_indicator_tables(std, tables, schemes),
        grade_problems(problems, std),
        grade_suggestions(problems, suggestions, std),
    ]
