"""Python detectors and figure extractors for what a YAML pattern cannot find; rules.yaml names them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from itertools import pairwise

from reportgen.arithmetic import (
    above_weight,
    check_rate,
    check_sum,
    cost_exceeded,
    over_budget,
    same_up_to_rounding,
    shares_complete,
)
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
)
from reportgen.check.rules import (
    Hit,
    RateClaim,
    SumClaim,
    around,
    detector,
    paragraphs_by_section,
    rate_extractor,
    sum_extractor,
)
from reportgen.check.structure import Numbered, ParsedReport, is_empty, parse_numeral
from reportgen.check.tables import (
    IndicatorRow,
    IndicatorTable,
    ScoredRow,
    basic_data_sums,
    basic_data_tables,
    indicator_tables,
    is_indicator_table,
    label,
    number,
    rate_cells,
    total_row_sums,
)
from reportgen.findings import Level
from reportgen.numbers import cn_numeral
from reportgen.rubrics import Standard
from reportgen.rubrics.model import clip

# ---------------------------------------------------------------- numbering


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


@detector
def heading_numbers(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """Heading numerals that skip, repeat, start late, take another level's style, mix two styles at one
    level or are written wrongly (「（一」「二）」「(一）」); 一、 used to number paragraphs of a body."""
    groups: dict[tuple[int, int], list[Numbered]] = defaultdict(list)
    body_level1 = []
    for item in report.numbered:
        if item.malformed:
            yield Hit(
                "malformed",
                item.parent.path or "正文",
                clip(item.text, 40),
                item.line,
                values={"written": item.numeral, "problem": item.malformed, "expected": item.expected},
            )
        if not item.is_heading and item.style == "cn_dun":
            if item.parent.level >= 1:
                body_level1.append(item)
            continue
        groups[(id(item.parent), item.level)].append(item)
        natural = _NATURAL.get(item.level)
        if item.is_heading and natural and item.style != natural:
            yield Hit(
                "style",
                item.parent.path or "正文",
                item.text,
                item.line,
                values={"written": item.numeral, "expected": _numeral(natural, item.value)},
            )
    for items in groups.values():
        yield from _sequence_hits(items)
        yield from _mixed_hits(items)
    runs: dict[int, list] = defaultdict(list)
    for item in body_level1:
        runs[id(item.parent)].append(item)
    for items in runs.values():
        numerals = "".join(i.numeral for i in items)
        yield Hit(
            "level1_in_body",
            items[0].parent.path,
            items[0].text,
            items[0].line,
            values={"numerals": numerals, "count": len(items)},
        )


def _sequence_hits(items: list[Numbered]) -> Iterable[Hit]:
    previous = None
    last = 0  # the previous item's last number: a paragraph 「1.…；2.…」 ends its list at 2
    for item in items:
        where = item.parent.path or "正文"
        shown = _numeral(item.style, item.value)
        if previous is None:
            if item.value > 1:
                missing = "、".join(_numeral(item.style, v) for v in range(1, item.value))
                yield Hit("start", where, item.text, item.line, values={"first": shown, "missing": missing})
        elif item.value == last:
            yield Hit("repeat", where, f"{previous.text} / {item.text}", item.line, values={"numeral": shown})
        elif item.value > last + 1 or (item.value < last and item.value != 1):
            if item.value > last:
                gap = "缺少" + "、".join(_numeral(item.style, v) for v in range(last + 1, item.value))
            else:
                gap = f"编号倒退，应为{_numeral(item.style, last + 1)}"
            yield Hit(
                "skip",
                where,
                f"{previous.text[:30]} → {item.text[:30]}",
                item.line,
                values={"previous": _numeral(previous.style, last), "numeral": shown, "gap": gap},
            )
        previous = item
        last = item.value if item.is_heading else _last_inline(item)


def _mixed_hits(items: list[Numbered]) -> Iterable[Hit]:
    """「1、」 then 「2.」 in one list: the numbers go on while the way they are written changes."""
    natural = _NATURAL.get(items[0].level) if items else None
    usable = [i for i in items if not i.malformed and (natural is None or i.style == natural)]
    switches = [(a, b) for a, b in pairwise(usable) if a.form != b.form and b.value == a.value + 1]
    if not switches:
        return
    counts = Counter(i.form for i in usable)
    common = max(counts, key=lambda f: (counts[f], -next(n for n, i in enumerate(usable) if i.form == f)))
    odd = next(i for i in usable if i.form != common)
    forms = "、".join(f"「{_shape(form, i.value)}」（{counts[form]}处）" for form, i in _first_of_each(usable))
    first, second = switches[0]
    yield Hit(
        "mixed",
        first.parent.path or "正文",
        f"{clip(first.text, 20)} / {clip(second.text, 20)}",
        second.line,
        values={"forms": forms, "written": odd.numeral, "expected": _shape(common, odd.value)},
    )


def _first_of_each(items: list[Numbered]) -> list[tuple[str, Numbered]]:
    seen: dict[str, Numbered] = {}
    for item in items:
        seen.setdefault(item.form, item)
    return list(seen.items())


def _shape(form: str, value: int) -> str:
    """A numeral of ``form`` (``"(N)"``, ``"C、"``) for ``value``, with full-width brackets: ``（3）``, ``三、``."""
    text = form.replace("N", str(value)).replace("C", cn_numeral(value))
    return text.replace("(", "（").replace(")", "）")


# Numbers of a list written on inside one paragraph, after the end of a sentence or clause (or a colon).
_INLINE_NUMERALS = {
    "arabic": re.compile(r"(?<=[。；;！？!?：:])\s*(\d{1,2})\s*[.．、](?!\d)"),
    "paren": re.compile(r"(?<=[。；;！？!?：:，,])\s*[（(]\s*(\d{1,2})\s*[）)]"),
}
_FAMILY = {"num_dot": "arabic", "num_dun": "arabic", "num_paren": "paren", "num_half": "paren"}


def _inline(text: str, family: str, leading: tuple[int, str] | None) -> list[tuple[int, str, int, int]]:
    """(value, numeral as written, start, end) of a list's numbers in one paragraph, its leading one first."""
    found = [(leading[0], leading[1], 0, len(leading[1]))] if leading else []
    for match in _INLINE_NUMERALS[family].finditer(text):
        found.append((int(match.group(1)), match.group(0).strip(), match.start(), match.end()))
    return found


def _leading(text: str, family: str) -> tuple[int, str] | None:
    found = parse_numeral(text)
    if found is None or _FAMILY.get(found.style) != family:
        return None
    return found.value, found.numeral


def _last_inline(item: Numbered) -> int:
    """The number a numbered paragraph's list ends at: its own, or the last one written on inside it."""
    family = _FAMILY.get(item.style)
    if family is None:
        return item.value
    numbers = _inline(item.text, family, (item.value, item.numeral))
    last = item.value
    for value, _numeral_text, _start, _end in numbers[1:]:
        if value != last + 1:
            break
        last = value
    return last


@detector
def inline_numbers(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """A list written on inside one paragraph whose numbers skip, repeat or go back: 「1.…；3.…」, 「4.…4.…」."""
    for where, text, line in paragraphs_by_section(report):
        for family in _INLINE_NUMERALS:
            numbers = _inline(text, family, _leading(text, family))
            for (before, shown_before, _s, _e), (value, shown, start, end) in pairwise(numbers):
                if value == before:
                    problem = f"「{shown}」出现了两次"
                elif value > before + 1:
                    missing = "、".join(_like(shown, v) for v in range(before + 1, value))
                    problem = f"「{shown_before}」之后是「{shown}」，缺少{missing}"
                elif value < before and value != 1:
                    problem = f"「{shown_before}」之后是「{shown}」，编号倒退"
                else:
                    continue
                yield Hit("", where, around(text, start, end, 20), line, values={"problem": problem})


def _like(numeral: str, value: int) -> str:
    """``value`` written the way ``numeral`` is: ``_like("（3）", 2)`` → ``（2）``."""
    return re.sub(r"\d+", str(value), numeral, count=1)


# ---------------------------------------------------------------- empty sections


@detector
def empty_sections(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """A heading with nothing under it. The profile's own top-level parts are the rubric's (正文 completeness)."""
    specs = {spec.title: spec for spec in report.profile.sections}
    for section in report.sections():
        if section.title.strip("：:") in ("附件",):
            continue
        spec = specs.get(section.spec_title or "") if section.level == 1 else None
        if spec is not None and not spec.optional:
            continue  # one of the parts graded under 完整性·正文
        empty_ok = bool(spec and spec.empty_ok)
        if section.children and not is_empty(section, empty_ok=empty_ok):
            continue
        if is_empty(section, empty_ok=empty_ok) and not (section.body_text().strip() and section.children):
            yield Hit(
                "",
                section.path,
                section.heading,
                section.line,
                level=Level.ERROR if spec else None,  # a part of the format, left empty
                values={"heading": section.heading},
            )


# ---------------------------------------------------------------- arithmetic in running text

_RATE_RE = re.compile(r"(执行率|完成率|支出率|完成预算的)\s*(\d+(?:\.\d+)?)\s*%")
_SHARE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*万元?\s*[，,]?\s*占(比)?([\u4e00-\u9fff]{0,6}?)\s*(\d+(?:\.\d+)?)\s*%")
_DIFF_RE = re.compile(r"差额\s*(\d+(?:\.\d+)?)\s*万元")
_NAMED_RE = re.compile(r"(总支出|整体支出|基本支出|项目支出|总收入|支出)[^0-9，。]{0,4}?(\d+(?:\.\d+)?)\s*万元")
_TOTAL_THEN_PARTS_RE = re.compile(r"(\d+(?:\.\d+)?)\s*万元\s*[，,]?\s*其中")


@rate_extractor
def text_rates(report: ParsedReport, std: Standard) -> Iterable[RateClaim]:
    """执行率 = the spending ÷ the budget named before it in the same clause (or, for a sentence that goes on
    about the same thing, the budget of the sentence before)."""
    for where, text, line in paragraphs_by_section(report):
        previous = ""
        for sentence in sentences(text):
            for match in _RATE_RE.finditer(sentence):
                before = sentence[: match.start()]
                clause_text = before[max(before.rfind("；"), before.rfind(";")) + 1 :]
                clause = amounts(clause_text)
                budgets = [a for a in clause if a.role == "预算"]
                spent = [a for a in clause if a.role in ("决算", None)]
                if not budgets and spent and not _names_quantity(clause_text):
                    budgets = [a for a in amounts(previous) if a.role == "预算"]
                if not budgets or not spent or budgets[-1].value == 0:
                    continue
                # the nearest ones: 某项目17.71万元（全年预算17.95万元，…）
                name = match.group(1).replace("完成预算的", "完成率")
                stated = Decimal(match.group(2))
                yield RateClaim(spent[-1].value, budgets[-1].value, stated, name, where, sentence, line)
            previous = sentence


def _names_quantity(text: str) -> bool:
    """Whether a clause names what it is about (基本支出, 项目支出, a project…) rather than going on about the last."""
    if any(name in text for name in ABSOLUTE if name != "支出"):
        return True
    return any(names_something(a.label) for a in amounts(text))


def _share_sentences(report: ParsedReport):
    """Sentences stating parts with their 占比: (where, sentence, share matches, named totals, total after 其中)."""
    for where, text, _line in paragraphs_by_section(report):
        for sentence in sentences(text):
            matches = list(_SHARE_RE.finditer(sentence))
            if not matches:
                continue
            named: dict[str, Decimal | None] = {}
            for mention in _NAMED_RE.finditer(sentence):
                named.setdefault(mention.group(1), Decimal(mention.group(2)))
            named.setdefault("总支出", named.get("整体支出"))
            total_match = _TOTAL_THEN_PARTS_RE.search(sentence)
            total = Decimal(total_match.group(1)) if total_match else None
            top = [m for m in matches if not m.group(3) or m.group(3) in ("总支出", "总收入", "全部")]
            yield where, sentence, matches, named, total, bool(total_match), top


@rate_extractor
def share_rates(report: ParsedReport, std: Standard) -> Iterable[RateClaim]:
    """``某项 X万元，占总支出 Y%``: Y = X ÷ the total it names (or the total the parts add up to)."""
    for where, sentence, matches, named, total, _, top in _share_sentences(report):
        if total is None and top and shares_complete(Decimal(m.group(4)) for m in top):
            total = sum(Decimal(m.group(1)) for m in top)
        for match in matches:
            whole = named.get(match.group(3)) if match.group(3) and match.group(3) != "全部" else total
            if whole is None and match.group(3) in ("总支出", "总收入"):
                whole = total
            if whole:
                yield RateClaim(Decimal(match.group(1)), whole, Decimal(match.group(4)), "占比", where, sentence)


@sum_extractor
def share_sums(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """``总额 X万元，其中：a万元，占…%；b万元，占…%``: a + b = X."""
    for where, sentence, _, _, total, has_total, top in _share_sentences(report):
        if has_total and total is not None and len(top) >= 2:
            yield SumClaim(tuple(Decimal(m.group(1)) for m in top), total, "其中各项", where, sentence)


@sum_extractor
def text_differences(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """``预算A万元，执行B万元，差额C万元``: C = A − B."""
    for where, text, _line in paragraphs_by_section(report):
        for sentence in sentences(text):
            for match in _DIFF_RE.finditer(sentence):
                before = sentence[: match.start()]
                clause_start = max(before.rfind("；"), before.rfind(";"))
                figures = [Decimal(m.group(1)) for m in AMOUNT_RE.finditer(before[clause_start + 1 :])]
                if len(figures) < 2:
                    continue
                a, b = figures[-2], figures[-1]
                yield SumClaim(
                    (max(a, b), -min(a, b)),
                    Decimal(match.group(1)),
                    "差额",
                    where,
                    sentence,
                    formula=f"{a} − {b}",
                    advice=f"核对{a}、{b}和差额{match.group(1)}，使 {a} − {b} 等于差额",
                )


@sum_extractor
def expenditure_parts(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """基本支出 + 项目支出 = the unit's whole budget / spending, per qualifier."""
    by_key = _mentions_by_key(text_mentions(report) + funding_mentions(report))
    for qualifier in ("预算", "决算", "年初预算"):
        basic = by_key.get(("基本支出", qualifier), [])
        project = by_key.get(("项目支出", qualifier), [])
        totals = by_key.get(("支出", qualifier), []) or by_key.get(("财政拨款", qualifier), [])
        if not basic or not project or not totals:
            continue
        values = {t.value for t in totals}
        if any(b.value + p.value in values for b in basic for p in project):
            continue
        b, p = basic[0], project[0]
        total = min(values, key=lambda v: abs(v - b.value - p.value))
        stated = next(t for t in totals if t.value == total)
        where = "；".join(dict.fromkeys((b.where, p.where, stated.where)))  # every place the three figures are
        yield SumClaim((b.value, p.value), total, f"基本支出与项目支出（{qualifier}数）之和", where, b.quote)


def _mentions_by_key(mentions: list[Mention]) -> dict[tuple[str, str | None], list[Mention]]:
    by_key: dict[tuple[str, str | None], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[(m.quantity, m.qualifier)].append(m)
    return by_key


# ---------------------------------------------------------------- one quantity, two values


@detector
def restated(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """The same quantity (支出 决算, a project's 预算…) stated with two values."""
    by_key = _mentions_by_key([m for m in text_mentions(report) + funding_mentions(report) if m.qualifier])
    for (quantity, qualifier), items in by_key.items():
        yield from _conflict(f"{quantity}（{qualifier}数）", items)
    for items in project_mentions(report, report.year).values():
        for qualifier in ("预算", "决算"):
            same = [m for m in items if m.qualifier == qualifier]
            yield from _conflict(f"{items[0].quantity}（{qualifier}数）", same)


def _conflict(name: str, items: list[Mention]) -> Iterable[Hit]:
    values = sorted({m.value for m in items})
    if len(values) < 2:
        return
    places = []
    for value in values:
        wheres = list(dict.fromkeys(m.where for m in items if m.value == value))
        places.append(f"{value}（{'；'.join(wheres)}）")
    first = next(m for m in items if m.value == values[0])
    second = next(m for m in items if m.value == values[-1])
    yield Hit(
        "",
        first.where,
        f"「{clip(first.quote, 60)}」 / 「{clip(second.quote, 60)}」",
        level=Level.INFO if same_up_to_rounding(values[0], values[-1]) else None,
        values={"name": name, "values": "、".join(places)},
    )


# ---------------------------------------------------------------- the 自评表 tables


@detector
def indicator_table_figures(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """Each 自评表: 执行率 against its 资金 row, scores above 分值, cost indicators over their limit at full
    marks, and the 总分 row against its rows."""
    for table in indicator_tables(report):
        yield from _funding_hits(table)
        yield from _score_hits(table)


def _funding_hits(table: IndicatorTable) -> Iterable[Hit]:
    where, funding = table.title, table.funding
    if not funding or not funding.budget or funding.executed is None:
        return
    rate = number(funding.rate_text)
    checked = check_rate(funding.executed, funding.budget, rate) if rate is not None else None
    evidence = f"全年预算数 {funding.budget}，全年执行数 {funding.executed}，执行率 {funding.rate_text}"
    over = over_budget(funding.executed, funding.budget)
    money = {"budget": funding.budget, "executed": funding.executed}
    if over and rate is not None and rate <= 100:
        # executed above budget while the rate claims 100% or less (RUBRIC §4, seed 002): not the true rate
        yield Hit("over_budget", where, evidence, values={**money, "rate": funding.rate_text})
    elif checked is not None and not checked.consistent:
        yield Hit(
            "rate",
            where,
            evidence,
            values={
                "stated": funding.rate_text,
                "computed": f"{checked.computed}%",
                "formula": f"{funding.executed} ÷ {funding.budget}",
            },
        )
    elif over:
        yield Hit("executed_above_budget", where, evidence, values={**money, "rate": funding.rate_text or "未填写"})
    if funding.weight is not None and funding.score is not None and above_weight(funding.score, funding.weight):
        yield Hit(
            "above_weight",
            where,
            f"预算执行 分值 {funding.weight}，得分 {funding.score}",
            values={"name": "预算执行", "score": funding.score, "weight": funding.weight},
        )


def _score_hits(table: IndicatorTable) -> Iterable[Hit]:
    where = table.title
    scored: list[IndicatorRow | ScoredRow] = [*table.indicators, *table.other_scores]
    for item in scored:
        if item.weight is not None and item.score is not None and above_weight(item.score, item.weight):
            yield Hit(
                "above_weight",
                where,
                f"{item.name}：分值 {item.weight}，得分 {item.score}",
                values={"name": item.name, "score": item.score, "weight": item.weight},
            )
    for ind in table.indicators:
        if "成本" not in ind.level2 or ind.weight is None or ind.score != ind.weight:
            continue
        limit = re.match(r"^[≤<]\s*(\d+(?:\.\d+)?)", label(ind.target).replace("<=", "≤"))
        actual = re.match(r"^[≤<]?\s*(\d+(?:\.\d+)?)", label(ind.actual))
        if (
            limit
            and actual
            and cost_exceeded(Decimal(limit.group(1)), Decimal(actual.group(1)))
            and not label(ind.actual).startswith(("≤", "<"))
        ):
            yield Hit(
                "cost_full_marks",
                where,
                f"{ind.name}：年度指标值 {ind.target}，实际完成值 {ind.actual}，得分 {ind.score}/{ind.weight}",
                values={
                    "name": ind.name,
                    "target": ind.target,
                    "actual": ind.actual,
                    "score": ind.score,
                    "weight": ind.weight,
                },
            )
    funding = table.funding
    if table.total_score is not None and all(i.score is not None for i in scored):
        parts = [i.score for i in scored if i.score is not None]
        if funding and funding.score is not None:
            parts.append(funding.score)
        checked = check_sum(parts, table.total_score)
        if checked.wrong:
            yield Hit(
                "total",
                where,
                f"总分行得分 {table.total_score}",
                values={"column": "得分", "computed": checked.computed, "total": table.total_score},
            )


# ---------------------------------------------------------------- 合计 rows of other tables


@sum_extractor
def table_column_sums(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """A 合计/总计 cell = the sum of its column's rows; the 基础数据表's 三公经费 and 项目支出 = their parts."""
    basic = {id(t) for _, t in basic_data_tables(report)}
    for where, table in report.all_tables():
        if is_indicator_table(table):
            continue  # the 自评表's 总分 row is indicator_table_figures'
        sums = total_row_sums(table)
        if id(table) in basic:
            sums += basic_data_sums(table)
        for item in sums:
            column = f"「{item.column}」" if item.column else ""
            evidence = "；".join(f"{n} {v}" for n, v in zip(item.names, item.parts, strict=True))
            yield SumClaim(
                tuple(item.parts),
                item.total,
                f"「{item.what}」行{column}",
                where,
                f"{evidence}；{item.what} {item.total}",
                table.line,
                per="行",
            )


@rate_extractor
def table_rate_cells(report: ParsedReport, std: Standard) -> Iterable[RateClaim]:
    """A 执行率 column = 实际使用 ÷ 预算 of its row."""
    for where, table in report.all_tables():
        if is_indicator_table(table):
            continue
        for name, budget, spent, stated_text in rate_cells(table):
            stated = number(stated_text)
            if stated is not None:
                evidence = f"{name}：预算 {budget}，实际使用 {spent}，执行率 {stated_text}"
                yield RateClaim(spent, budget, stated, f"表中「{name}」的执行率", where, evidence, table.line)


# ---------------------------------------------------------------- scores stated in text

_WEIGHTS_RE = re.compile(r"分值\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*其中(.*?)(?:。|$)")
_SCORES_RE = re.compile(r"自评\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*其中(.*?)(?:。|$)")
_PART_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)\s*(\d+(?:\.\d+)?)\s*分")
_WEIGHT_THEN_SCORE_RE = re.compile(r"分值\s*(\d+(?:\.\d+)?)\s*分[，,。；]\s*自评\s*(\d+(?:\.\d+)?)\s*分")


@detector
def text_scores(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """``分值100分，其中…效益指标30分`` then ``自评…，其中…效益指标40分``: a sub-score above its weight."""
    for section in report.root.walk():
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
                if weight is not None and above_weight(score, weight):
                    yield Hit(
                        "",
                        section.path,
                        around(text, match.start(), match.end(), 10),
                        values={"name": name, "score": score, "weight": weight},
                    )
        for match in _WEIGHT_THEN_SCORE_RE.finditer(text):
            weight, score = Decimal(match.group(1)), Decimal(match.group(2))
            if above_weight(score, weight):
                yield Hit("", section.path, match.group(0), values={"name": "该项", "score": score, "weight": weight})


def _part_name(name: str) -> str:
    return re.sub(r"^(其中|占比\d*%?|，)", "", name).strip("，, ")
