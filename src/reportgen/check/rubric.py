"""Grade a parsed draft against 附件5 (RUBRIC.md §2): 完整性, 绩效自评表, 反映问题情况, 建议情况."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reportgen.check.model import Finding, ScoreItem, Section
from reportgen.check.read import fold
from reportgen.check.rules import lexicon, rule
from reportgen.check.structure import ParsedReport, is_empty
from reportgen.check.tables import IndicatorTable, basic_data_tables, indicator_tables, label
from reportgen.indicators import is_measurable
from reportgen.rubrics import load


def rubric() -> dict[str, Any]:
    return load("rubric")


def _item_spec(item_id: str) -> dict[str, Any]:
    return next(i for i in rubric()["items"] if i["id"] == item_id)


def _item(item_id: str, score: float | None, basis: str) -> ScoreItem:
    spec = _item_spec(item_id)
    maximum = spec["max"]
    if score is None:
        status = "not_assessable"
    else:
        score = round(max(0.0, min(float(maximum), float(score))), 2)
        status = "full" if score >= maximum else ("zero" if score == 0 else "partial")
    return ScoreItem(item_id, spec["name"], maximum, score, status, basis)


def _spread(findings: list[Finding], total: float) -> None:
    """Share ``total`` lost points over ``findings`` (first ones first, 2 decimals)."""
    if not findings:
        return
    each = round(total / len(findings), 2)
    for finding in findings:
        finding.points_lost = each
    findings[-1].points_lost = round(total - each * (len(findings) - 1), 2)


# --- 完整性 -------------------------------------------------------------------------------------


def grade_body(draft: ParsedReport, findings: list[Finding]) -> ScoreItem:
    """正文 8: one part per top-level skeleton section; absent or empty parts cost 2 each."""
    per_part = rubric()["completeness"]["body_part_points"]
    parts = [s for s in draft.profile.sections if not s.optional]
    lost = 0.0
    missing_titles = []
    for spec in parts:
        section = next((s for s in draft.top_sections() if s.spec_title == spec.title), None)
        if section is None:
            missing_titles.append(spec.title)
            related = [f for f in findings if f.rule == "section.missing" and spec.title in f.message]
        elif is_empty(section, empty_ok=spec.empty_ok):
            missing_titles.append(spec.title)
            related = [f for f in findings if f.rule == "section.empty" and f.section == section.path]
        else:
            continue
        for finding in related:
            finding.item = "自评报告.完整性.正文"
            finding.level = "error"
            finding.points_lost = min(per_part, 8 - lost)
            lost += finding.points_lost
    score = 8 - lost
    basis = f"正文共{len(parts)}个部分" + (f"，缺少或为空：{'、'.join(missing_titles)}" if missing_titles else "，齐全")
    return _item("自评报告.完整性.正文", score, basis)


def _name_key(name: str) -> str:
    key = fold(name)
    key = re.sub(r"(项目支出)?绩效自评表$", "", key)
    return re.sub(r"(项目)?(建设)?(项目)?$", "", key)


def _same_project(a: str, b: str) -> bool:
    ka, kb = _name_key(a), _name_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def named_projects(draft: ParsedReport, tables: list[IndicatorTable]) -> list[str]:
    """Projects the report names: project tables, the 附件 list, project tables in the body, 项目绩效目标 lines."""
    names: list[str] = []

    def add(name: str) -> None:
        name = name.strip(" ：:。；;")
        if len(_name_key(name)) >= 3 and not any(_same_project(name, n) for n in names):
            names.append(name)

    for table in tables:
        if table.kind == "project" and table.name:
            add(table.name)
    for entry in draft.attachment_list:
        if entry.endswith("项目支出绩效自评表"):
            add(entry[: -len("项目支出绩效自评表")])
    for table in draft.body_tables():
        head = [label(c) for c in table.rows[0]] if table.rows else []
        col = next((i for i, h in enumerate(head) if "项目名称" in h), None)
        if col is None:
            continue
        for row in table.rows[1:]:
            if col < len(row) and label(row[col]) not in ("合计", "总计", "小计", ""):
                add(row[col])
    for section in draft.root.walk():
        for para in section.paragraphs():
            match = re.match(r"^[（(]\d+[）)]\s*(.{2,30}?)(?:项目)?绩效目标[：:]", para.text)
            if match:
                add(match.group(1))
    return names


def grade_attachments(draft: ParsedReport, tables: list[IndicatorTable], findings: list[Finding]) -> ScoreItem:
    """附件 7: each expected table present or −2; 0 when none is present."""
    per_part = rubric()["completeness"]["attachment_part_points"]
    parts: list[tuple[str, bool]] = []
    for name in draft.profile.attachments:
        if "基础数据表" in name:
            present = bool(basic_data_tables(draft))
        elif "部门整体支出绩效自评表" in name:
            present = any(t.kind == "department" for t in tables)
        else:
            present = any(name in a.caption for a in draft.attachments)
        parts.append((name, present))
    if draft.profile.project_attachments:
        for project in named_projects(draft, tables):
            present = any(t.kind == "project" and _same_project(t.name, project) for t in tables)
            parts.append((f"{project}项目支出绩效自评表", present))
    missing = [name for name, present in parts if not present]
    new = [rule("attachment.missing").finding(section="附件", name=name) for name in missing]
    if not parts:
        return _item("自评报告.完整性.附件", 7, "本格式不要求附表")
    score = 0.0 if len(missing) == len(parts) else max(0.0, 7 - per_part * len(missing))
    _spread(new, 7 - score)
    findings.extend(new)
    basis = f"应附{len(parts)}张表，缺{len(missing)}张" + ("（一张都没有，本项0分）" if score == 0 and missing else "")
    return _item("自评报告.完整性.附件", score, basis)


# --- 绩效自评表 ---------------------------------------------------------------------------------


def _weights_of(table: IndicatorTable) -> dict[str, Decimal]:
    weights: dict[str, Decimal] = {}
    if table.funding and table.funding.weight is not None:
        weights["预算执行"] = table.funding.weight
    sums: Counter[str] = Counter()
    for ind in table.indicators:
        key = _level1_key(ind.level1)
        if key and ind.weight is not None:
            sums[key] += ind.weight
    for key, value in sums.items():
        weights[key] = Decimal(value)
    for name, value in table.level1_labels.items():
        weights.setdefault(_level1_key(name) or name, value)
    for row in table.other_scores:  # 管理效能, 加减分项
        if row.weight is not None:
            weights[re.sub(r"[(（].*$", "", row.name)] = row.weight
    return weights


def _level1_key(name: str) -> str:
    for key in ("产出", "效益", "满意"):
        if key in name:
            return {"产出": "产出指标", "效益": "效益指标", "满意": "满意度指标"}[key]
    return ""


def _measurable(ind) -> bool:
    target = fold(ind.target)
    if target in ("无", "零", "0", "0次", "0起"):
        return any(word in ind.name for word in lexicon()["negative_impact"])
    if any(word in target for word in lexicon()["vague_values"]):
        return False
    try:
        return bool(is_measurable(ind.target))
    except Exception:  # noqa: BLE001 - an unparsable value is simply not measurable
        return False


def grade_indicator_tables(draft: ParsedReport, tables: list[IndicatorTable], findings: list[Finding]) -> list[ScoreItem]:
    ids = [
        "自评报告.绩效自评表.权重",
        "自评报告.绩效自评表.三级细化",
        "自评报告.绩效自评表.可衡量",
        "自评报告.绩效自评表.核心精简",
        "自评报告.绩效自评表.密切相关",
    ]
    tables = [t for t in tables if t.indicators]
    if not tables:
        finding = rule("indicator.no_table").finding(section="附件", points=20)
        findings.append(finding)
        return [_item(i, 0, "没有绩效自评表") for i in ids]
    conf = rubric()["indicator_table"]
    allowed = conf["weights_by_profile"].get(draft.profile.name, conf["weights"])
    # A profile may accept several weight sets (guangdong: 项目支出 tables and its 部门整体 scheme): any one fits.
    sets = allowed if isinstance(allowed, list) else [allowed]
    schemes = [{k: Decimal(str(v)) for k, v in weights.items()} for weights in sets]
    items = []

    # 权重 5
    matching = 0
    weight_findings = []
    for table in tables:
        weights = _weights_of(table)
        fits = [s for s in schemes if all(v == s[k] for k, v in weights.items() if k in s)]
        if not weights or not fits:
            actual = "、".join(f"{k}{v}" for k, v in weights.items()) or "未写分值"
            expected = "，或".join("、".join(f"{k}{v}" for k, v in scheme.items()) for scheme in schemes)
            weight_findings.append(
                rule("weights.mismatch").finding(
                    section=table.title, evidence=actual, table=table.title, actual=actual, expected=expected
                )
            )
        else:
            matching += 1
    score = 5 * matching / len(tables)
    _spread(weight_findings, 5 - score)
    findings.extend(weight_findings)
    items.append(_item(ids[0], score, f"{matching}/{len(tables)}张表权重符合规定"))

    # 三级细化 5
    all_indicators = [(t, i) for t in tables for i in t.indicators]
    complete = sum(1 for _, i in all_indicators if i.level1 and i.level2 and i.name)
    score = 5 * complete / len(all_indicators)
    level_findings = []
    for table in tables:
        lacking = sum(1 for i in table.indicators if not (i.level1 and i.level2 and i.name))
        if lacking:
            level_findings.append(
                rule("indicator.not_three_level").finding(section=table.title, table=table.title, count=lacking)
            )
    _spread(level_findings, 5 - score)
    findings.extend(level_findings)
    items.append(_item(ids[1], score, f"{complete}/{len(all_indicators)}个指标细化到三级"))

    # 可衡量 5
    vague = [(t, i) for t, i in all_indicators if not _measurable(i)]
    score = 5 * (len(all_indicators) - len(vague)) / len(all_indicators)
    vague_findings = [
        rule("indicator.vague_value").finding(
            section=t.title, evidence=f"{i.name}：{i.target}", table=t.title, name=i.name, value=i.target or "（空）"
        )
        for t, i in vague
    ]
    _spread(vague_findings, 5 - round(score, 2))
    findings.extend(vague_findings)
    items.append(_item(ids[2], score, f"{len(all_indicators) - len(vague)}/{len(all_indicators)}个年度指标值可衡量"))

    # 核心精简 3
    lean = []
    for table in tables:
        count = len(table.indicators)
        if not conf["min_indicators"] <= count <= conf["max_indicators"]:
            lean.append(
                dict(
                    reason=f"「{table.title}」有{count}个三级指标，不够精简（应为{conf['min_indicators']}—"
                    f"{conf['max_indicators']}个）",
                    fix="保留反映核心产出和效益的指标，合并或删去次要指标",
                    section=table.title,
                    evidence=f"{count}个三级指标",
                )
            )
            break
    for table in tables:
        seen: dict[str, str] = {}
        dup = None
        for ind in table.indicators:
            key = fold(re.sub(r"^\d+[.．、]", "", ind.name))
            if key in seen and seen[key] != ind.level2:
                dup = (ind.name, seen[key], ind.level2)
                break
            seen.setdefault(key, ind.level2)
        if dup:
            lean.append(
                dict(
                    reason=f"「{table.title}」中三级指标「{dup[0]}」同时出现在「{dup[1]}」和「{dup[2]}」下",
                    fix="一个三级指标只放在最贴切的二级指标下，另一处换成真正反映该二级指标的内容",
                    section=table.title,
                    evidence=dup[0],
                )
            )
            break
    benefit_tables: Counter[str] = Counter()
    for table in tables:
        if table.kind != "project":
            continue
        for key in {fold(re.sub(r"^\d+[.．、]", "", i.name)) for i in table.indicators if "效益" in i.level1}:
            benefit_tables[key] += 1
    repeated = [k for k, n in benefit_tables.items() if n >= conf["repeated_benefit_tables"]]
    if repeated:
        lean.append(
            dict(
                reason=f"{benefit_tables[repeated[0]]}张项目支出绩效自评表重复使用同样的效益指标"
                f"（{'、'.join(repeated[:3])}），没有突出各项目的核心效益",
                fix="按每个项目的实际效果设置效益指标，避免照搬",
                section="附件",
                evidence="、".join(repeated),
            )
        )
    lean_findings = [
        rule("indicator.lean").finding(section=x.pop("section"), evidence=x.pop("evidence"), points=1, **x)
        for x in lean[:3]
    ]
    findings.extend(lean_findings)
    items.append(
        _item(
            ids[3],
            3 - len(lean_findings),
            "突出核心、精简实用" if not lean_findings else f"{len(lean_findings)}处不够精简",
        )
    )

    # 密切相关 2
    economic = lexicon()["economic_terms"]
    meanings = {
        "质量指标": "产出的质量（合格率、达标率等）",
        "数量指标": "产出的数量",
        "时效指标": "完成时限",
        "成本指标": "成本控制",
        "社会效益指标": "对社会的效果",
        "生态效益指标": "对生态环境的影响",
        "可持续影响指标": "长期影响",
        "服务对象满意度指标": "服务对象满意程度",
    }
    relevant = []
    for table in tables:
        for ind in table.indicators:
            text = ind.name + ind.target
            if "经济" not in ind.level2 and any(term in text for term in economic):
                relevant.append(
                    rule("indicator.irrelevant").finding(
                        section=table.title,
                        evidence=f"{ind.level2}：{ind.name}（{ind.target}）",
                        points=1,
                        table=table.title,
                        name=ind.name,
                        value=ind.target,
                        level2=ind.level2,
                        meaning=meanings.get(ind.level2, "该二级指标的含义"),
                    )
                )
    relevant = relevant[: conf["relevant_max_deduction"]]
    findings.extend(relevant)
    items.append(
        _item(
            ids[4],
            2 - len(relevant),
            "指标与支出密切相关" if not relevant else f"{len(relevant)}个指标与其二级指标不符",
        )
    )
    return items


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


def _kind(title: str) -> set[str]:
    key = fold(title)
    lex = lexicon()
    kinds = set()
    if any(t in key for t in lex["problem_titles"]):
        kinds.add("problem")
    if any(t in key for t in lex["suggestion_titles"]):
        kinds.add("suggestion")
    return kinds


def _split_items(text: str) -> list[str]:
    """Split at enumeration marks (一是、1.、（1）、①) that start a clause."""
    marks = re.compile(
        r"(?:^|(?<=[。；;\n]))\s*(?=[一二三四五六七八九十]{1,2}是|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])"
    )
    parts = [p.strip() for p in marks.split(text) if p and p.strip()]
    return parts or ([text.strip()] if text.strip() else [])


def _suggestion_split(text: str) -> tuple[str, str]:
    starts = lexicon()["suggestion_starts"]
    best = None
    for pattern in starts:
        match = re.search(pattern, text)
        if match and match.start() > 0 and (best is None or match.start() < best):
            best = match.start()
    return (text, "") if best is None else (text[:best], text[best:])


def collect_items(draft: ParsedReport) -> tuple[list[Item], list[Item]]:
    problems: list[Item] = []
    suggestions: list[Item] = []

    def visit(section: Section) -> None:
        kinds = _kind(section.title)
        below = any(_kind(d.title) for child in section.children for d in child.walk())
        if kinds and not below:
            texts = _split_items(section.body_text())
            texts += [f"{c.title}。{c.all_text()}" for c in section.children]
            for text in texts:
                if kinds == {"problem"}:
                    problems.append(Item(text, section.path))
                elif kinds == {"suggestion"}:
                    suggestions.append(Item(text, section.path))
                else:
                    problem, suggestion = _suggestion_split(text)
                    if problem.strip():
                        problems.append(Item(problem.strip(), section.path))
                    if suggestion.strip():
                        suggestions.append(Item(suggestion.strip(), section.path))
            return
        for para in section.paragraphs():
            run_in = re.match(r"^(?:[（(]\d{1,2}[）)]|\d{1,2}[.．、])\s*([^：:。]{2,12})[：:](.+)$", para.text)
            if run_in and _kind(run_in.group(1)):
                kinds_here = _kind(run_in.group(1))
                target = suggestions if kinds_here == {"suggestion"} else problems
                target.append(Item(run_in.group(2).strip(), f"{section.path} > {run_in.group(1)}"))
        for child in section.children:
            visit(child)

    for top in draft.top_sections():
        visit(top)
    for item in problems + suggestions:
        _tag(item)
    return problems, suggestions


def _tag(item: Item) -> None:
    lex = lexicon()
    for aspect, topics in lex["aspects"].items():
        for topic, words in topics.items():
            if any(word in item.text for word in words):
                item.topics.add((aspect, topic))
    item.has_cause = any(re.search(marker, item.text) for marker in lex["cause_markers"])


def _only_funding(item: Item, phrases: list[str]) -> bool:
    if not any(p in item.text for p in phrases):
        return False
    rest = item.text
    for phrase in phrases:
        rest = rest.replace(phrase, "")
    probe = Item(rest, item.where)
    _tag(probe)
    return not probe.topics


def _quote(item: Item, limit: int = 40) -> str:
    text = re.sub(r"\s+", "", item.text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


ASPECTS = ("预算和预算绩效管理", "部门履职效能", "资金分配使用和管理", "资产和财务管理", "政府采购")


def grade_problems(problems: list[Item], findings: list[Finding]) -> ScoreItem:
    item_id = "自评报告.反映问题情况"
    conf = rubric()["problems"]
    if not problems:
        findings.append(rule("problems.none").finding(section="正文", points=20))
        return _item(item_id, 0, "没有找到存在的问题")
    if all(_only_funding(p, lexicon()["funding_shortage"]) for p in problems):
        findings.append(
            rule("problems.funding_only").finding(section=problems[0].where, evidence=_quote(problems[0]), points=20)
        )
        return _item(item_id, 0, "只提出资金不足问题")
    chars = sum(len(re.sub(r"\s", "", p.text)) for p in problems)
    aspects = set().union(*(p.aspects for p in problems))
    with_cause = sum(1 for p in problems if p.has_cause)
    position = 2 if with_cause == len(problems) else (1 if with_cause * 2 >= len(problems) else 0)
    new: list[Finding] = []
    if len(problems) <= conf["simple_max_items"] or chars < conf["simple_min_chars"]:
        band = conf["simple_band"]
        new.append(
            rule("problems.too_simple").finding(
                section=problems[0].where,
                evidence=_quote(problems[0]),
                points=20 - band[2],
                count=len(problems),
                chars=chars,
            )
        )
        basis = f"问题过于简单（{len(problems)}个，{chars}字）"
    else:
        band = conf["bands"][min(len(aspects), 5)]
        if len(aspects) < 5 or band[2] < 20:
            covered, missing = _aspect_lists(aspects)
            new.append(
                rule("problems.aspects").finding(
                    section=problems[0].where,
                    evidence=_quote(problems[0]),
                    points=20 - band[2],
                    count=len(aspects),
                    covered=covered,
                    missing=missing or "各",
                )
            )
        basis = f"{len(problems)}个问题，涉及{len(aspects)}个方面"
    score = band[position]
    if with_cause < len(problems):
        lacking = [p for p in problems if not p.has_cause]
        new.append(
            rule("problems.causes").finding(
                section=lacking[0].where,
                evidence="；".join(_quote(p, 30).rstrip("；;") for p in lacking[:3]),
                points=band[2] - score,
                count=len(lacking),
                total=len(problems),
            )
        )
    findings.extend(f for f in new if f.points_lost or f.rule != "problems.aspects")
    return _item(item_id, score, f"{basis}，{with_cause}/{len(problems)}个写明原因")


def _aspect_lists(aspects: set[str]) -> tuple[str, str]:
    """The rubric's aspects a text covers and those it misses, in the rubric's order, for messages."""
    covered = "、".join(a for a in ASPECTS if a in aspects) or "无法归类"
    return covered, "、".join(a for a in ASPECTS if a not in aspects)


def _answered(problem: Item, suggestions: list[Item]) -> bool:
    topics = {t for _, t in problem.topics}
    if topics:
        return any(topics & {t for _, t in s.topics} for s in suggestions)
    grams = {problem.text[i : i + 3] for i in range(len(problem.text) - 2)}
    return any(len(grams & {s.text[i : i + 3] for i in range(len(s.text) - 2)}) >= 2 for s in suggestions)


def grade_suggestions(problems: list[Item], suggestions: list[Item], findings: list[Finding]) -> ScoreItem:
    item_id = "自评报告.建议情况"
    conf = rubric()["suggestions"]
    if not suggestions:
        findings.append(rule("suggestions.none").finding(section="正文", points=15))
        return _item(item_id, 0, "没有找到改进措施或建议")
    if all(_only_funding(s, lexicon()["funding_request"]) for s in suggestions):
        findings.append(
            rule("suggestions.funding_only").finding(
                section=suggestions[0].where, evidence=_quote(suggestions[0]), points=15
            )
        )
        return _item(item_id, 0, "只提出加大资金投入")
    chars = sum(len(re.sub(r"\s", "", s.text)) for s in suggestions)
    aspects = set().union(*(s.aspects for s in suggestions))
    unanswered = [p for p in problems if not _answered(p, suggestions)]
    answered = len(problems) - len(unanswered)
    new: list[Finding] = []
    by_aspects = 2 if len(aspects) >= 3 else (1 if len(aspects) == 2 else 0)
    if len(suggestions) <= conf["simple_max_items"] or chars < conf["simple_min_chars"]:
        band = conf["simple_band"]
        score = band[2] if not unanswered else (band[1] if answered * 2 >= len(problems) else band[0])
        new.append(
            rule("suggestions.too_simple").finding(
                section=suggestions[0].where,
                evidence=_quote(suggestions[0]),
                points=15 - band[2],
                count=len(suggestions),
                chars=chars,
            )
        )
        basis = f"建议过于简单（{len(suggestions)}条，{chars}字）"
    elif not unanswered:
        score = conf["all_answered"][min(len(aspects), 4)]
        if score < 15:
            covered, missing = _aspect_lists(aspects)
            new.append(
                rule("suggestions.aspects").finding(
                    section=suggestions[0].where,
                    points=15 - score,
                    count=len(aspects),
                    covered=covered,
                    missing=missing,
                )
            )
        basis = f"建议与{len(problems)}个问题都对应，涉及{len(aspects)}个方面"
    else:
        band = conf["half_answered"] if answered * 2 >= len(problems) else conf["few_answered"]
        score = band[by_aspects]
        basis = f"{answered}/{len(problems)}个问题有对应建议，建议涉及{len(aspects)}个方面"
    missed = [
        rule("suggestions.unanswered").finding(
            section=p.where,
            evidence=_quote(p),
            problem=_quote(p, 30),
            topics="、".join(sorted({t for _, t in p.topics})) or "该问题的内容",
        )
        for p in unanswered
    ]
    _spread(missed, 15 - (new[0].points_lost if new else 0) - score if missed else 0)
    findings.extend(new + missed)
    return _item(item_id, score, basis)


def grade(draft: ParsedReport, findings: list[Finding], extra_tables: list[IndicatorTable] | None = None) -> list[ScoreItem]:
    """The 自评报告 items (70 points); deductions are appended to ``findings``."""
    tables = indicator_tables(draft) + list(extra_tables or [])
    items = [grade_body(draft, findings), grade_attachments(draft, tables, findings)]
    items.extend(grade_indicator_tables(draft, tables, findings))
    problems, suggestions = collect_items(draft)
    items.append(grade_problems(problems, findings))
    items.append(grade_suggestions(problems, suggestions, findings))
    return items
