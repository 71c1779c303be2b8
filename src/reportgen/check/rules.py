"""Consistency rules: declared in rubrics/rules.yaml, implemented here as registered check functions."""

from __future__ import annotations

import re
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from reportgen.check.figures import (
    ABSOLUTE,
    AMOUNT_RE,
    Mention,
    amounts,
    funding_mentions,
    names_something,
    project_mentions,
    sentences,
    text_mentions,
    units,
)
from reportgen.check.model import CATEGORIES, LEVELS, Finding, Paragraph
from reportgen.check.structure import ParsedReport, is_empty, numeral_value
from reportgen.check.tables import (
    ColumnSum,
    basic_data_sums,
    basic_data_tables,
    indicator_tables,
    is_indicator_table,
    label,
    number,
    rate_cells,
    total_row_sums,
)
from reportgen.errors import RubricError
from reportgen.numbers import cn_numeral, round_half_up
from reportgen.rubrics import load


@dataclass(frozen=True)
class Rule:
    """A rule as declared in rules.yaml: what it reports, how severe, and its own examples."""

    id: str
    level: str
    category: str
    message: str
    fix: str = ""
    points: float = 0
    item: str | None = None
    examples: dict[str, list[Any]] = field(default_factory=dict)

    def finding(
        self,
        *,
        section: str = "",
        evidence: str = "",
        level: str | None = None,
        points: float | None = None,
        line: int | None = None,
        **values: Any,
    ) -> Finding:
        try:
            message = self.message.format(**values)
            fix = self.fix.format(**values)
        except (KeyError, IndexError) as exc:
            raise RubricError(f"规则 {self.id} 的提示文字缺少字段 {exc}") from None
        return Finding(
            self.id,
            self.category,
            level or self.level,
            message,
            section,
            _clip(evidence),
            self.points if points is None else points,
            fix,
            self.item,
            line,
        )


def _clip(text: str, limit: int = 160) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def rules() -> dict[str, Rule]:
    data = load("rules")
    found = {}
    for entry in data.get("rules", []):
        try:
            rule = Rule(**entry)
        except TypeError as exc:
            raise RubricError(f"rules.yaml 中的规则 {entry.get('id', '?')} 格式不对：{exc}") from None
        if rule.level not in LEVELS or rule.category not in CATEGORIES:
            raise RubricError(f"规则 {rule.id} 的级别「{rule.level}」或类别「{rule.category}」无效")
        found[rule.id] = rule
    return found


def rule(rule_id: str) -> Rule:
    try:
        return rules()[rule_id]
    except KeyError:
        raise RubricError(f"rules.yaml 中没有规则 {rule_id}") from None


Check = Callable[[ParsedReport], Iterable[Finding]]
CHECKS: list[tuple[tuple[str, ...], Check]] = []


def check(*rule_ids: str) -> Callable[[Check], Check]:
    """Register a check function that reports under the given rule ids."""

    def register(func: Check) -> Check:
        CHECKS.append((rule_ids, func))
        return func

    return register


def run_checks(draft: ParsedReport) -> list[Finding]:
    """Every registered check; a check that crashes becomes a finding instead of crashing the run."""
    findings: list[Finding] = []
    for rule_ids, func in CHECKS:
        try:
            findings.extend(func(draft))
        except RubricError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            first = rule(rule_ids[0])
            where = traceback.extract_tb(exc.__traceback__)[-1]
            findings.append(
                Finding(
                    first.id,
                    first.category,
                    "warning",
                    f"检查规则 {first.id} 运行出错，本项未能检查（{type(exc).__name__}: {exc}；"
                    f"{where.name} 第{where.lineno}行）",
                    fix="请把此报告文件反馈给开发者",
                )
            )
    return findings


def lexicon() -> dict[str, Any]:
    return load("lexicon")


def text_units(draft: ParsedReport) -> list[tuple[str, str, int]]:
    """(section path, text, line) for every heading and paragraph of the body and attachments."""
    found = []
    for section in draft.root.walk():
        if section.level:
            found.append((section.path, section.heading, section.line))
        for block in section.body:
            if isinstance(block, Paragraph):
                found.append((section.path or "正文开头", block.text, block.line))
            else:
                found.extend((section.path or "正文", c, block.line) for c in block.distinct_cells() if c)
    for att in draft.attachments:
        if att.is_rubric:
            continue
        for table in att.tables:
            found.extend((att.label, c, table.line) for c in table.distinct_cells() if c)
    return found


# --- placeholders and typos -------------------------------------------------------------------


@check("placeholder.marker")
def _placeholders(draft: ParsedReport) -> Iterable[Finding]:
    pattern = re.compile("|".join(lexicon()["placeholder_patterns"]))
    seen: set[tuple[str, str, int, int]] = set()
    for where, text, line in text_units(draft):
        for match in pattern.finditer(text):
            if (where, text, line, match.start()) in seen:
                continue  # the same cell reached twice (a merged cell read from a text table)
            seen.add((where, text, line, match.start()))
            yield rule("placeholder.marker").finding(
                section=where, evidence=_around(text, match.start(), match.end()), line=line, marker=match.group(0)
            )


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    head = max(0, start - width)
    tail = min(len(text), end + width)
    return ("…" if head else "") + text[head:tail] + ("…" if tail < len(text) else "")


@check("typo.repeated_char")
def _repeated_chars(draft: ParsedReport) -> Iterable[Finding]:
    lex = lexicon()
    suspects = set(lex["repeat_suspects"])
    whitelist = lex["repeat_whitelist"]
    for where, text, line in text_units(draft):
        for match in re.finditer(r"([\u4e00-\u9fff])\1", text):
            char = match.group(1)
            if char not in suspects:
                continue
            window = text[max(0, match.start() - 3) : match.end() + 3]
            if any(word in window and char * 2 in word for word in whitelist):
                continue
            yield rule("typo.repeated_char").finding(
                section=where,
                evidence=_around(text, match.start(), match.end(), 15),
                line=line,
                doubled=char * 2,
                single=char,
            )


# --- numbering --------------------------------------------------------------------------------


def _numeral(style: str, value: int) -> str:
    if style == "cn_dun":
        return f"{cn_numeral(value)}、"
    if style == "cn_paren":
        return f"（{cn_numeral(value)}）"
    if style == "num_paren":
        return f"（{value}）"
    if style == "num_half":
        return f"{value}）"
    if style == "circled":
        return chr(ord("①") + value - 1) if 1 <= value <= 20 else str(value)
    if style == "num_dun":
        return f"{value}、"
    return f"{value}."


_NATURAL = {1: "cn_dun", 2: "cn_paren"}


@check(
    "numbering.heading_skip",
    "numbering.heading_repeat",
    "numbering.heading_start",
    "numbering.style",
    "numbering.level1_in_body",
)
def _heading_numbers(draft: ParsedReport) -> Iterable[Finding]:
    groups: dict[tuple[int, int], list] = defaultdict(list)
    body_level1 = []
    for item in draft.numbered:
        if not item.is_heading and item.level <= 2 and item.parent.level >= 1:
            body_level1.append(item)
            continue
        if not item.is_heading and item.level <= 2:
            continue
        groups[(id(item.parent), item.level)].append(item)
        natural = _NATURAL.get(item.level)
        if item.is_heading and natural and item.style != natural:
            yield rule("numbering.style").finding(
                section=item.parent.path or "正文",
                evidence=item.text,
                line=item.line,
                written=item.numeral,
                expected=_numeral(natural, item.value),
            )
    for items in groups.values():
        previous = None
        for item in items:
            where = item.parent.path or "正文"
            shown = _numeral(item.style, item.value)
            if previous is None:
                if item.value > 1:
                    missing = "、".join(_numeral(item.style, v) for v in range(1, item.value))
                    yield rule("numbering.heading_start").finding(
                        section=where, evidence=item.text, line=item.line, first=shown, missing=missing
                    )
            elif item.value == previous.value:
                yield rule("numbering.heading_repeat").finding(
                    section=where, evidence=f"{previous.text} / {item.text}", line=item.line, numeral=shown
                )
            elif item.value > previous.value + 1 or (item.value < previous.value and item.value != 1):
                if item.value > previous.value:
                    gap = "缺少" + "、".join(_numeral(item.style, v) for v in range(previous.value + 1, item.value))
                else:
                    gap = f"编号倒退，应为{_numeral(item.style, previous.value + 1)}"
                yield rule("numbering.heading_skip").finding(
                    section=where,
                    evidence=f"{previous.text[:30]} → {item.text[:30]}",
                    line=item.line,
                    previous=_numeral(previous.style, previous.value),
                    numeral=shown,
                    gap=gap,
                )
            previous = item
    runs: dict[int, list] = defaultdict(list)
    for item in body_level1:
        runs[id(item.parent)].append(item)
    for items in runs.values():
        numerals = "".join(i.numeral for i in items)
        yield rule("numbering.level1_in_body").finding(
            section=items[0].parent.path,
            evidence=items[0].text,
            line=items[0].line,
            numerals=numerals,
            count=len(items),
        )


_ENUM_RE = re.compile(r"(?:^|(?<=[。；;，,：:！？\s]))([一二三四五六七八九十]{1,3})是")


@check("numbering.enumeration")
def _enumerations(draft: ParsedReport) -> Iterable[Finding]:
    for section in draft.root.walk():
        text = "".join(p.text for p in section.paragraphs())
        previous = None
        for match in _ENUM_RE.finditer(text):
            try:
                value = numeral_value(match.group(1))
            except ValueError:
                continue
            if previous is not None and value != 1:
                if value == previous or value > previous + 1:
                    missing = "、".join(f"{cn_numeral(v)}是" for v in range(previous + 1, value)) or "（重复）"
                    yield rule("numbering.enumeration").finding(
                        section=section.path or "正文",
                        evidence=_around(text, match.start(), match.end(), 20),
                        previous=f"{cn_numeral(previous)}是",
                        numeral=f"{cn_numeral(value)}是",
                        missing=missing,
                    )
            previous = value


# --- empty and missing sections ----------------------------------------------------------------


def _spec(draft: ParsedReport, title: str | None):
    return next((s for s in draft.profile.sections if s.title == title), None)


@check("section.empty")
def _empty_sections(draft: ParsedReport) -> Iterable[Finding]:
    for section in draft.sections():
        if section.title.strip("：:") in ("附件",):
            continue
        spec = _spec(draft, section.spec_title) if section.level == 1 else None
        empty_ok = bool(spec and spec.empty_ok)
        if section.children and not is_empty(section, empty_ok=empty_ok):
            continue
        if is_empty(section, empty_ok=empty_ok) and not (section.body_text().strip() and section.children):
            top = section.level == 1 and spec is not None
            yield rule("section.empty").finding(
                section=section.path,
                evidence=section.heading,
                line=section.line,
                heading=section.heading,
                level="error" if top else None,
            )


@check("section.missing")
def _missing_sections(draft: ParsedReport) -> Iterable[Finding]:
    present = {s.spec_title for s in draft.top_sections() if s.spec_title}
    for spec in draft.profile.sections:
        if spec.optional or spec.title in present:
            continue
        yield rule("section.missing").finding(
            section="正文", evidence="", title=spec.title, profile=draft.profile.description.split("（")[0]
        )


# --- arithmetic in the text --------------------------------------------------------------------


def _places(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)  # type: ignore[operator]


def _half(value: Decimal) -> Decimal:
    return Decimal(5) * Decimal(10) ** (-_places(value) - 1)


def _ratio_ok(part: Decimal, whole: Decimal, stated: Decimal) -> tuple[bool, Decimal]:
    """Whether ``stated`` % can be ``part / whole`` given the precision the figures are shown with."""
    computed = part / whole * 100
    low = (part - _half(part)) / (whole + _half(whole)) * 100
    high = (part + _half(part)) / (whole - _half(whole)) * 100 if whole > _half(whole) else computed
    half = _half(stated)
    return (stated + half >= low and stated - half <= high), round_half_up(computed, places=_places(stated))


def _rate_finding(
    part: Decimal, whole: Decimal, stated: Decimal, name: str, where: str, evidence: str, line: int | None = None
) -> Iterable[Finding]:
    """A stated rate that ``part ÷ whole`` cannot give: a warning when it is off by one in its last digit."""
    ok, computed = _ratio_ok(part, whole, stated)
    if ok:
        return
    slip = abs(computed - stated) <= Decimal(10) ** -_places(stated)
    yield rule("arithmetic.ratio").finding(
        section=where,
        evidence=evidence,
        line=line,
        level="warning" if slip else "error",
        name=name,
        stated=f"{stated}%",
        formula=f"{part} ÷ {whole}",
        computed=f"{computed}%",
    )


_RATE_RE = re.compile(r"(执行率|完成率|支出率|完成预算的)\s*(\d+(?:\.\d+)?)\s*%")
_SHARE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*万元?\s*[，,]?\s*占(比)?([\u4e00-\u9fff]{0,6}?)\s*(\d+(?:\.\d+)?)\s*%")
_DIFF_RE = re.compile(r"差额\s*(\d+(?:\.\d+)?)\s*万元")


@check("arithmetic.ratio", "arithmetic.sum")
def _text_arithmetic(draft: ParsedReport) -> Iterable[Finding]:
    for section, text in units(draft):
        where = section.path or "正文开头"
        previous = ""
        for sentence in sentences(text):
            yield from _rates(sentence, where, previous)
            yield from _shares(sentence, where)
            yield from _differences(sentence, where)
            previous = sentence


def _rates(sentence: str, where: str, previous: str = "") -> Iterable[Finding]:
    """执行率 = the spending ÷ the budget named before it in the same clause (or, for a sentence that goes on
    about the same thing, the budget of the sentence before)."""
    for match in _RATE_RE.finditer(sentence):
        before = sentence[: match.start()]
        clause_start = max(before.rfind("；"), before.rfind(";"))
        clause = amounts(before[clause_start + 1 :])
        budgets = [a for a in clause if a.role == "预算"]
        spent = [a for a in clause if a.role in ("决算", None)]
        if not budgets and spent and not _names_quantity(before[clause_start + 1 :]):
            budgets = [a for a in amounts(previous) if a.role == "预算"]
        if not budgets or not spent:
            continue
        whole, part = budgets[-1].value, spent[-1].value  # the nearest ones: 某项目17.71万元（全年预算17.95万元，…）
        if whole == 0:
            continue
        name = match.group(1).replace("完成预算的", "完成率")
        yield from _rate_finding(part, whole, Decimal(match.group(2)), name, where, sentence)


def _names_quantity(text: str) -> bool:
    """Whether a clause names what it is about (基本支出, 项目支出, a project…) rather than going on about the last."""
    if any(name in text for name in ABSOLUTE if name != "支出"):
        return True
    return any(names_something(a.label) for a in amounts(text))


def _shares(sentence: str, where: str) -> Iterable[Finding]:
    matches = list(_SHARE_RE.finditer(sentence))
    if not matches:
        return
    named = {}
    for mention in re.finditer(
        r"(总支出|整体支出|基本支出|项目支出|总收入|支出)[^0-9，。]{0,4}?(\d+(?:\.\d+)?)\s*万元", sentence
    ):
        named.setdefault(mention.group(1), Decimal(mention.group(2)))
    named.setdefault("总支出", named.get("整体支出"))
    total_match = re.search(r"(\d+(?:\.\d+)?)\s*万元\s*[，,]?\s*其中", sentence)
    total = Decimal(total_match.group(1)) if total_match else None
    top_parts = [m for m in matches if not m.group(3) or m.group(3) in ("总支出", "总收入", "全部")]
    if total is None and top_parts:
        shares = sum(Decimal(m.group(4)) for m in top_parts)
        if abs(shares - 100) <= Decimal("0.05") * len(top_parts):
            total = sum(Decimal(m.group(1)) for m in top_parts)
    for match in matches:
        whole = named.get(match.group(3)) if match.group(3) and match.group(3) not in ("全部",) else total
        if whole is None and match.group(3) in ("总支出", "总收入"):
            whole = total
        if not whole:
            continue
        part, stated = Decimal(match.group(1)), Decimal(match.group(4))
        ok, computed = _ratio_ok(part, whole, stated)
        if not ok:
            slip = abs(computed - stated) <= Decimal(10) ** -_places(stated)
            yield rule("arithmetic.ratio").finding(
                section=where,
                evidence=sentence,
                level="warning" if slip else "error",
                name="占比",
                stated=f"{stated}%",
                formula=f"{part} ÷ {whole}",
                computed=f"{computed}%",
            )
    if total_match and top_parts and len(top_parts) >= 2:
        parts = [Decimal(m.group(1)) for m in top_parts]
        yield from _sum_finding(parts, total, where, sentence, "其中各项")


def _sum_finding(parts: list[Decimal], total: Decimal, where: str, evidence: str, what: str) -> Iterable[Finding]:
    computed = sum(parts)
    if computed == total:
        return
    tolerance = Decimal("0.01") * len(parts)
    within = abs(computed - total) <= tolerance
    yield rule("arithmetic.sum").finding(
        section=where,
        evidence=evidence,
        level="info" if within else "error",
        points=0,
        what=what,
        formula=" + ".join(str(p) for p in parts),
        computed=computed,
        total=total,
        note="，差额在四舍五入允许范围内（每项0.01）" if within else "",
        advice="这是各项分别四舍五入造成的差额，可不修改"
        if within
        else f"核对各项金额与合计，使 {' + '.join(str(p) for p in parts)} 等于合计数",
    )


def _differences(sentence: str, where: str) -> Iterable[Finding]:
    for match in _DIFF_RE.finditer(sentence):
        before = sentence[: match.start()]
        clause_start = max(before.rfind("；"), before.rfind(";"))
        amounts = [Decimal(m.group(1)) for m in AMOUNT_RE.finditer(before[clause_start + 1 :])]
        if len(amounts) < 2:
            continue
        a, b = amounts[-2], amounts[-1]
        stated = Decimal(match.group(1))
        if abs(abs(a - b) - stated) > Decimal("0.01"):
            yield rule("arithmetic.sum").finding(
                section=where,
                evidence=sentence,
                what="差额",
                formula=f"{a} − {b}",
                computed=abs(a - b),
                total=stated,
                note="",
                advice=f"核对{a}、{b}和差额{stated}，使 {a} − {b} 等于差额",
            )


@check("arithmetic.sum")
def _expenditure_parts(draft: ParsedReport) -> Iterable[Finding]:
    """基本支出 + 项目支出 = the unit's whole budget / spending, per qualifier."""
    mentions = text_mentions(draft) + funding_mentions(draft)
    by_key: dict[tuple[str, str | None], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[(m.quantity, m.qualifier)].append(m)
    for qualifier in ("预算", "决算", "年初预算"):
        basic = by_key.get(("基本支出", qualifier), [])
        project = by_key.get(("项目支出", qualifier), [])
        totals = by_key.get(("支出", qualifier), []) or by_key.get(("财政拨款", qualifier), [])
        if not basic or not project or not totals:
            continue
        combos = {(b.value, p.value) for b in basic for p in project}
        values = {t.value for t in totals}
        if any(b + p in values for b, p in combos):
            continue
        b, p = basic[0], project[0]
        total = min(values, key=lambda v: abs(v - b.value - p.value))
        stated = next(t for t in totals if t.value == total)
        where = "；".join(dict.fromkeys((b.where, p.where, stated.where)))  # every place the three figures are
        yield from _sum_finding([b.value, p.value], total, where, b.quote, f"基本支出与项目支出（{qualifier}数）之和")


# --- one quantity, two values ------------------------------------------------------------------


@check("restated.figure")
def _restated(draft: ParsedReport) -> Iterable[Finding]:
    mentions = text_mentions(draft) + funding_mentions(draft)
    by_key: dict[tuple[str, str | None], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.qualifier:
            by_key[(m.quantity, m.qualifier)].append(m)
    for (quantity, qualifier), items in by_key.items():
        yield from _conflict(f"{quantity}（{qualifier}数）", items)
    for items in project_mentions(draft, draft.year).values():
        for qualifier in ("预算", "决算"):
            yield from _conflict(
                f"{items[0].quantity}（{qualifier}数）", [m for m in items if m.qualifier == qualifier]
            )


def _conflict(name: str, items: list[Mention]) -> Iterable[Finding]:
    values = sorted({m.value for m in items})
    if len(values) < 2:
        return
    spread = values[-1] - values[0]
    places = []
    for value in values:
        wheres = list(dict.fromkeys(m.where for m in items if m.value == value))
        places.append(f"{value}（{'；'.join(wheres)}）")
    first = next(m for m in items if m.value == values[0])
    second = next(m for m in items if m.value == values[-1])
    yield rule("restated.figure").finding(
        section=first.where,
        evidence=f"「{_clip(first.quote, 60)}」 / 「{_clip(second.quote, 60)}」",
        level="info" if spread <= Decimal("0.01") else None,
        name=name,
        values="、".join(places),
    )


# --- the 自评表 tables -------------------------------------------------------------------------


@check(
    "table.over_budget",
    "table.executed_above_budget",
    "arithmetic.rate_in_table",
    "arithmetic.table_total",
    "score.above_weight",
    "score.cost_exceeded_full_marks",
)
def _tables(draft: ParsedReport) -> Iterable[Finding]:
    for table in indicator_tables(draft):
        where = table.title
        funding = table.funding
        if funding and funding.budget and funding.executed is not None:
            rate = number(funding.rate_text)
            ok, computed = _ratio_ok(funding.executed, funding.budget, rate) if rate is not None else (True, None)
            evidence = f"全年预算数 {funding.budget}，全年执行数 {funding.executed}，执行率 {funding.rate_text}"
            over = funding.executed > funding.budget
            if over and rate is not None and rate <= 100:
                # executed above budget while the rate claims 100% or less (RUBRIC §4, seed 002): not the true rate
                yield rule("table.over_budget").finding(
                    section=where,
                    evidence=evidence,
                    budget=funding.budget,
                    executed=funding.executed,
                    rate=funding.rate_text,
                )
            elif not ok:
                yield rule("arithmetic.rate_in_table").finding(
                    section=where,
                    evidence=evidence,
                    stated=funding.rate_text,
                    computed=f"{computed}%",
                    formula=f"{funding.executed} ÷ {funding.budget}",
                )
            elif over:
                yield rule("table.executed_above_budget").finding(
                    section=where,
                    evidence=evidence,
                    budget=funding.budget,
                    executed=funding.executed,
                    rate=funding.rate_text or "未填写",
                )
            if funding.weight is not None and funding.score is not None and funding.score > funding.weight:
                yield rule("score.above_weight").finding(
                    section=where,
                    evidence=f"预算执行 分值 {funding.weight}，得分 {funding.score}",
                    name="预算执行",
                    score=funding.score,
                    weight=funding.weight,
                )
        scored = [*table.indicators, *table.other_scores]
        for item in scored:
            if item.weight is not None and item.score is not None and item.score > item.weight:
                yield rule("score.above_weight").finding(
                    section=where,
                    evidence=f"{item.name}：分值 {item.weight}，得分 {item.score}",
                    name=item.name,
                    score=item.score,
                    weight=item.weight,
                )
        for ind in table.indicators:
            if "成本" in ind.level2 and ind.weight is not None and ind.score == ind.weight:
                limit = re.match(r"^[≤<]\s*(\d+(?:\.\d+)?)", label(ind.target).replace("<=", "≤"))
                actual = re.match(r"^[≤<]?\s*(\d+(?:\.\d+)?)", label(ind.actual))
                if (
                    limit
                    and actual
                    and Decimal(actual.group(1)) > Decimal(limit.group(1))
                    and not label(ind.actual).startswith(("≤", "<"))
                ):
                    yield rule("score.cost_exceeded_full_marks").finding(
                        section=where,
                        evidence=f"{ind.name}：年度指标值 {ind.target}，实际完成值 {ind.actual}，得分 {ind.score}/{ind.weight}",
                        name=ind.name,
                        target=ind.target,
                        actual=ind.actual,
                        score=ind.score,
                        weight=ind.weight,
                    )
        if table.total_score is not None and all(i.score is not None for i in scored):
            parts = [i.score for i in scored]
            if funding and funding.score is not None:
                parts.append(funding.score)
            computed = sum(parts)
            if abs(computed - table.total_score) > Decimal("0.01"):
                yield rule("arithmetic.table_total").finding(
                    section=where,
                    evidence=f"总分行得分 {table.total_score}",
                    column="得分",
                    computed=computed,
                    total=table.total_score,
                )


# --- 合计 rows of other tables ------------------------------------------------------------------


@check("arithmetic.column_total", "arithmetic.ratio")
def _column_totals(draft: ParsedReport) -> Iterable[Finding]:
    """A 合计/总计 cell = the sum of its column's rows; the 基础数据表's 三公经费 and 项目支出 = their parts;
    a 执行率 column = 实际使用 ÷ 预算 of its row."""
    basic = {id(t) for _, t in basic_data_tables(draft)}
    for where, table in draft.all_tables():
        if is_indicator_table(table):
            continue  # the 自评表's 总分 row is arithmetic.table_total's
        sums = total_row_sums(table)
        if id(table) in basic:
            sums += basic_data_sums(table)
        for item in sums:
            yield from _column_total_finding(item, where, table.line)
        for name, budget, spent, stated_text in rate_cells(table):
            stated = number(stated_text)
            assert stated is not None
            evidence = f"{name}：预算 {budget}，实际使用 {spent}，执行率 {stated_text}"
            yield from _rate_finding(spent, budget, stated, f"表中「{name}」的执行率", where, evidence, table.line)


def _column_total_finding(item: ColumnSum, where: str, line: int) -> Iterable[Finding]:
    computed = sum(item.parts)
    if computed == item.total:
        return
    within = abs(computed - item.total) <= Decimal("0.01") * len(item.parts)
    column = f"「{item.column}」" if item.column else ""
    yield rule("arithmetic.column_total").finding(
        section=where,
        evidence="；".join(f"{n} {v}" for n, v in zip(item.names, item.parts, strict=True))
        + f"；{item.what} {item.total}",
        line=line,
        level="info" if within else None,
        points=0 if within else None,
        what=f"「{item.what}」行{column}",
        formula=" + ".join(str(p) for p in item.parts),
        computed=computed,
        total=item.total,
        note="，差额在四舍五入允许范围内（每行0.01）" if within else "",
    )


_WEIGHTS_RE = re.compile(r"分值\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*其中(.*?)(?:。|$)")
_SCORES_RE = re.compile(r"自评\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*其中(.*?)(?:。|$)")
_PART_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)\s*(\d+(?:\.\d+)?)\s*分")


@check("score.above_weight")
def _text_scores(draft: ParsedReport) -> Iterable[Finding]:
    """``分值100分，其中…效益指标30分`` then ``自评…，其中…效益指标40分``: a sub-score above its weight."""
    for section in draft.root.walk():
        text = "".join(p.text for p in section.paragraphs())
        weights: dict[str, Decimal] = {}
        for match in re.finditer(rf"{_WEIGHTS_RE.pattern}|{_SCORES_RE.pattern}", text):
            if match.group(1) is not None:
                weights = {_part_name(n): Decimal(v) for n, v in _PART_RE.findall(match.group(2))}
                weights["总分"] = Decimal(match.group(1))
                continue
            scores = {_part_name(n): Decimal(v) for n, v in _PART_RE.findall(match.group(4))}
            scores["总分"] = Decimal(match.group(3))
            for name, score in scores.items():
                weight = weights.get(name)
                if weight is not None and score > weight:
                    yield rule("score.above_weight").finding(
                        section=section.path,
                        evidence=_around(text, match.start(), match.end(), 10),
                        name=name,
                        score=score,
                        weight=weight,
                    )
        for match in re.finditer(r"分值\s*(\d+(?:\.\d+)?)\s*分[，,。；]\s*自评\s*(\d+(?:\.\d+)?)\s*分", text):
            if Decimal(match.group(2)) > Decimal(match.group(1)):
                yield rule("score.above_weight").finding(
                    section=section.path,
                    evidence=match.group(0),
                    name="该项",
                    score=match.group(2),
                    weight=match.group(1),
                )


def _part_name(name: str) -> str:
    return re.sub(r"^(其中|占比\d*%?|，)", "", name).strip("，, ")


def rule_ids() -> list[str]:
    return sorted(rules())
