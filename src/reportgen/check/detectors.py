"""Python detectors and figure extractors for what a YAML pattern cannot find; rules.yaml names them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import pairwise

from reportgen.arithmetic import (
    ZERO,
    above_weight,
    check_budget_score,
    check_rate,
    check_sum,
    cost_exceeded,
    exact_count,
    execution_rate,
    may_be_some_parts,
    near_total,
    over_budget,
    rounded_to_full,
    same_up_to_rounding,
    shares_complete,
)
from reportgen.check.figures import (
    ABSOLUTE,
    AMOUNT_RE,
    LAST_YEAR_RE,
    Amount,
    Breakdown,
    Mention,
    amounts,
    breakdowns,
    funding_mentions,
    names_something,
    project_mentions,
    same_kind,
    sentences,
    text_mentions,
    wan,
)
from reportgen.check.read import HAN_RE
from reportgen.check.rules import (
    Hit,
    RateClaim,
    SumClaim,
    around,
    detector,
    paragraphs_by_section,
    pattern_rates,
    pattern_sums,
    rate_extractor,
    section_texts,
    sum_extractor,
)
from reportgen.check.structure import Numbered, ParsedReport, is_empty, numeral_text, parse_numeral
from reportgen.check.tables import (
    IndicatorRow,
    IndicatorTable,
    ScoredRow,
    basic_data_sums,
    basic_data_tables,
    indicator_tables,
    label,
    number,
    rate_cells,
    total_row_sums,
)
from reportgen.findings import Level
from reportgen.numbers import HUNDRED, cn_numeral, round_half_up
from reportgen.rubrics import Standard
from reportgen.rubrics.model import any_of, any_word, clip

# ---------------------------------------------------------------- numbering


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
                values={"written": item.numeral, "expected": numeral_text(natural, item.value)},
            )
    for items in groups.values():
        yield from _sequence_hits(items)
        yield from _mixed_hits(items)
    runs: dict[int, list] = defaultdict(list)
    for item in body_level1:
        runs[id(item.parent)].append(item)
    for items in runs.values():
        numerals = "、".join(i.numeral.rstrip("、.．") for i in items)  # 一、二、三 (no 、 before ，)
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
        shown = numeral_text(item.style, item.value)
        if previous is None:
            if item.value > 1:
                missing = "、".join(numeral_text(item.style, v) for v in range(1, item.value))
                yield Hit("start", where, item.text, item.line, values={"first": shown, "missing": missing})
        elif item.value == last:
            yield Hit("repeat", where, f"{previous.text} / {item.text}", item.line, values={"numeral": shown})
        elif item.value > last + 1 or (item.value < last and item.value != 1):
            if item.value > last:
                gap = "缺少" + "、".join(numeral_text(item.style, v) for v in range(last + 1, item.value))
            else:
                gap = f"编号倒退，应为{numeral_text(item.style, last + 1)}"
            yield Hit(
                "skip",
                where,
                f"{previous.text[:30]} → {item.text[:30]}",
                item.line,
                values={"previous": numeral_text(previous.style, last), "numeral": shown, "gap": gap},
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

# A rate as reports write it: 执行率94.65%, 预算执行率为94.65%, 到位率达到100%, 控制率是90.48% ("约" is no claim).
_RATE_RE = re.compile(
    r"(?P<name>执行率|支出率|完成率|到位率|控制率|完成预算的|执行进度|支出进度)"
    r"\s*(?:为|是|达|达到|仅为|仅|只有)?\s*(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
)
_CHANGE_RE = re.compile(
    r"(?P<verb>增长|上升|增加|增幅|下降|减少|降幅)(?:率)?\s*(?:为|是|达|达到|了)?\s*(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
)
_DOWN = ("下降", "减少", "降幅")
_DELTA_RE = re.compile(r"(?:增长|上升|增加|下降|减少)了?$")
_COMPARED_TO_RE = re.compile(r"^(?:较|比|与)")
_SHARE_RE = re.compile(
    rf"{AMOUNT_RE.pattern}\s*[，,]?\s*占(?:比)?(?P<of>[\u4e00-\u9fff]{{0,6}}?)(?:的)?(?:比例|比重)?(?:为|达|是)?\s*"
    r"(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
)
_NAMED_RE = re.compile(rf"(?P<name>总支出|整体支出|基本支出|项目支出|总收入|支出)[^0-9，。]{{0,4}}?{AMOUNT_RE.pattern}")
_TOTAL_THEN_PARTS_RE = re.compile(rf"{AMOUNT_RE.pattern}\s*[，,]?\s*其中")
_DIFF_RE = re.compile(rf"差额\s*(?:为|是)?\s*{AMOUNT_RE.pattern}")
# Who is counted against what: 在职人员控制率 = 实有人数 ÷ 编制数; 完成率 = 完成数 ÷ 计划数.
_CONTROL_PART_RE = re.compile(r"实有|在职|实际")
_CONTROL_WHOLE_RE = re.compile(r"编制|核定|控制数")
_PLAN_RE = re.compile(r"计划|目标|年初|任务|应")
_DONE_RE = re.compile(r"完成|实际|已")


def _pattern_claims(report: ParsedReport, std: Standard) -> list[tuple[str, str, Decimal]]:
    """(section, sentence, total or stated rate) of each claim a rule's own ``params.pattern`` finds: an
    extractor leaves those to that rule, so one claim is reported once."""

    def compute() -> list[tuple[str, str, Decimal]]:
        found: list[tuple[str, str, Decimal]] = []
        for rule in std.rules:
            if "pattern" not in rule.params:
                continue
            if rule.kind == "sum":
                found.extend((c.section, c.evidence, c.total) for c in pattern_sums(rule, report))
            elif rule.kind == "ratio":
                found.extend((c.section, c.evidence, c.stated) for c in pattern_rates(rule, report))
        return found

    return report.memo("pattern_claims", compute)


def _claimed(report: ParsedReport, std: Standard, where: str, text: str, value: Decimal) -> bool:
    return any(
        w == where and v == value and (e.strip() in text or text.strip() in e)
        for w, e, v in _pattern_claims(report, std)
    )


def _section_sentences(report: ParsedReport) -> list[tuple[str, list[tuple[str, int]]]]:
    """(section path, [(sentence, line)…]) for every section with body text, found once per report (the rate
    extractors read them)."""
    return report.memo("section_sentences", lambda: list(_find_section_sentences(report)))


def _find_section_sentences(report: ParsedReport) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    for section in report.root.walk():
        found = [(s, para.line) for para in section.paragraphs() for s in sentences(para.text)]
        if found:
            yield section.path or "正文开头", found


def _clause_before(sentence: str, at: int) -> str:
    """The clause a figure or rate at ``at`` belongs to: back to the previous ；."""
    before = sentence[:at]
    return before[max(before.rfind("；"), before.rfind(";")) + 1 :]


@rate_extractor
def text_rates(report: ParsedReport, std: Standard) -> Iterable[RateClaim]:
    """执行率 (支出率, 预算完成率), 到位率, 控制率 and 完成率 against the two figures they are the ratio of: in the
    same clause; or, for a clause that goes on about the same thing, the budget of the sentence before; or the
    only budget and spending the section states. Money in 元, 万元 or 亿元; 控制率 and 完成率 also of counts."""
    for where, items in _section_sentences(report):
        for index, (sentence, line) in enumerate(items):
            for match in _RATE_RE.finditer(sentence):
                stated = Decimal(match.group("rate"))
                name = match.group("name").replace("完成预算的", "完成率")
                clause_text = _clause_before(sentence, match.start())
                operands = _rate_operands(name, clause_text, sentence[: match.start()], items[:index])
                if operands is None:
                    continue
                (part, whole), _ = _written(operands)
                if not operands[0].money:
                    part, whole = exact_count(part), exact_count(whole)
                if not whole or _claimed(report, std, where, sentence, stated):
                    continue
                yield RateClaim(part, whole, stated, name, where, sentence, line)


def _rate_operands(
    name: str, clause_text: str, sentence_before: str, earlier: list[tuple[str, int]]
) -> tuple[Amount, Amount] | None:
    """(part, whole) of a rate named ``name``, from its clause (or the sentence or section before)."""
    clause = amounts(clause_text)
    budgets = [a for a in clause if a.role == "预算"]
    if "到位" in name:
        received = [a for a in clause if "到位" in a.label]
        return (received[-1], budgets[-1]) if received and budgets else None
    if "控制" in name:
        people = amounts(sentence_before, counts=True)
        actual = [c for c in people if not c.money and _CONTROL_PART_RE.search(c.label)]
        limit = [c for c in people if not c.money and _CONTROL_WHOLE_RE.search(c.label)]
        if actual and limit and _same_people(actual[-1], limit[-1]):
            return actual[-1], limit[-1]
        spent = [a for a in clause if a.role == "决算"]
        return (spent[-1], budgets[-1]) if spent and budgets else None
    spent = [a for a in clause if a.role in ("决算", None)]
    if name == "完成率" and not (budgets and spent):
        return _count_completion(clause_text)
    previous = earlier[-1][0] if earlier else ""
    quiet = not _names_quantity(clause_text)
    if not budgets and spent and quiet:
        budgets = [a for a in amounts(previous) if a.role == "预算"]
    if not budgets and not spent and quiet and not names_something(clause_text):
        return _section_operands(earlier)  # 全年预算执行率为90%: of the budget the section stated
    if not budgets or not spent:
        return None
    # the nearest ones: 某项目17.71万元（全年预算17.95万元，…）
    return spent[-1], budgets[-1]


def _same_people(a: Amount, b: Amount) -> bool:
    return {a.unit, b.unit} <= {"人", "名"}


def _count_completion(clause_text: str) -> tuple[Amount, Amount] | None:
    """计划完成50册，实际完成55册，完成率110%: the done count ÷ the planned one (same classifier)."""
    found = [c for c in amounts(clause_text, counts=True) if not c.money]
    plan = [c for c in found if _PLAN_RE.search(c.label)]
    done = [c for c in found if _DONE_RE.search(c.label) and c not in plan]
    if plan and done and plan[-1].unit == done[-1].unit:
        return done[-1], plan[-1]
    return None


def _section_operands(earlier: list[tuple[str, int]]) -> tuple[Amount, Amount] | None:
    """The budget and the spending a section stated before its rate, when it stated exactly one of each."""
    figures = [a for sentence, _ in earlier for a in amounts(sentence)]
    budgets = [a for a in figures if a.role == "预算"]
    spent = [a for a in figures if a.role == "决算"]
    if len(budgets) == 1 and len(spent) == 1:
        return spent[0], budgets[0]
    return None


def _names_quantity(text: str) -> bool:
    """Whether a clause names what it is about (基本支出, 项目支出, a project…) rather than going on about the last."""
    if any(name in text for name in ABSOLUTE if name != "支出"):
        return True
    return any(names_something(a.label) for a in amounts(text))


@rate_extractor
def change_rates(report: ParsedReport, std: Standard) -> Iterable[RateClaim]:
    """增长率 / 下降率 against last year's figure in the same clause: 本年X，上年Y，增长Z%; 比上年增加D，增长Z%
    (last year = X − D); 较上年Y增加D，增长Z%. Money or counts of one kind."""
    for where, items in _section_sentences(report):
        for sentence, line in items:
            for match in _CHANGE_RE.finditer(sentence):
                operands = _change_operands(_clause_before(sentence, match.start()), match.group("verb"))
                if operands is None:
                    continue
                part, whole, money = operands
                if not money:
                    part, whole = exact_count(part), exact_count(whole)
                stated = Decimal(match.group("rate"))
                if whole > 0 and not _claimed(report, std, where, sentence, stated):
                    name = "下降率" if match.group("verb") in _DOWN else "增长率"
                    yield RateClaim(part, whole, stated, name, where, sentence, line)


def _change_operands(clause_text: str, verb: str) -> tuple[Decimal, Decimal, bool] | None:
    """(change in the stated direction, last year's figure) from the clause before a 增长/下降 X%."""
    figures = amounts(clause_text, counts=True)
    deltas = [f for f in figures if _DELTA_RE.search(f.label)]
    # last year's figure: 上年4.80万元, 较2022年的900万元
    previous = [
        f for f in figures if f not in deltas and (LAST_YEAR_RE.search(f.label) or _COMPARED_TO_RE.search(f.label))
    ]
    current = [f for f in figures if f not in deltas and f not in previous]
    down = verb in _DOWN
    delta = deltas[-1] if deltas else None
    if delta is not None and (delta.label.rstrip("了").endswith(("下降", "减少"))) != down:
        return None  # 增加X万元，下降Y%: not one change
    prev = previous[-1] if previous else None
    cur = next((f for f in reversed(current) if delta is None or f.start < delta.start), None)
    years = {int(y.group(1)): f for f in current if (y := re.search(r"((?:19|20)\d{2})\s*年", f.label))}
    if prev is None and len(years) >= 2:  # 2022年收入900万元，2023年收入1000万元，同比增长11.11%
        prev, cur = years[min(years)], years[max(years)]
    kinds = [f for f in (delta, prev, cur) if f is not None]
    if len(kinds) < 2 or not all(same_kind(kinds[0], f) for f in kinds):
        return None
    money = kinds[0].money
    if prev is not None and delta is not None:
        return delta.value, prev.value, money
    if prev is not None and cur is not None:
        return (prev.value - cur.value if down else cur.value - prev.value), prev.value, money
    if cur is not None and delta is not None and not _own_subject(delta.label):
        return delta.value, (cur.value + delta.value if down else cur.value - delta.value), money
    return None


def _own_subject(label_text: str) -> bool:
    """Whether a change names its own subject (其中人员经费增加50万元) rather than the figure before it (比上年增加).

    >>> _own_subject("比上年增加"), _own_subject("其中人员经费增加")
    (False, True)
    """
    rest = re.sub(
        r"比上年|较上年|与上年相比|同比|比|较|上年|去年|同期|增加|减少|增长|下降|上升|了|共|约|，|,", "", label_text
    )
    return len(HAN_RE.findall(rest)) >= 2


def _share_sentences(report: ParsedReport):
    """Sentences stating parts with their 占比: (where, sentence, share matches, named totals, total after 其中),
    found once per report (share_rates and share_sums read them)."""
    return report.memo("share_sentences", lambda: list(_find_share_sentences(report)))


def _find_share_sentences(report: ParsedReport):
    for where, text, _line in paragraphs_by_section(report):
        for sentence in sentences(text):
            # a share is written with 占: a sentence without it is ruled out at C speed, not by _SHARE_RE at each figure
            matches = list(_SHARE_RE.finditer(sentence)) if "占" in sentence else []
            if not matches:
                continue
            named: dict[str, Decimal | None] = {}
            for mention in _NAMED_RE.finditer(sentence):
                named.setdefault(mention.group("name"), wan(mention.group("number"), mention.group("unit")))
            named.setdefault("总支出", named.get("整体支出"))
            total_match = _TOTAL_THEN_PARTS_RE.search(sentence)
            total = wan(total_match.group("number"), total_match.group("unit")) if total_match else None
            top = [m for m in matches if not m.group("of") or m.group("of") in ("总支出", "总收入", "全部")]
            yield where, sentence, matches, named, total, bool(total_match), top


def _share_value(match: re.Match[str]) -> Decimal:
    return wan(match.group("number"), match.group("unit"))


@rate_extractor
def share_rates(report: ParsedReport, std: Standard) -> Iterable[RateClaim]:
    """``某项 X万元，占总支出 Y%``: Y = X ÷ the total it names (or the total the parts add up to)."""
    for where, sentence, matches, named, total, _, top in _share_sentences(report):
        if total is None and top and shares_complete(Decimal(m.group("rate")) for m in top):
            total = sum((_share_value(m) for m in top), Decimal(0))
        for match in matches:
            of = match.group("of")
            whole = named.get(of) if of and of != "全部" else total
            if whole is None and of in ("总支出", "总收入"):
                whole = total
            if whole:
                yield RateClaim(_share_value(match), whole, Decimal(match.group("rate")), "占比", where, sentence)


@sum_extractor
def share_sums(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """``总额 X万元，其中：a万元，占…%；b万元，占…%``: a + b = X."""
    for where, sentence, _, _, total, has_total, top in _share_sentences(report):
        if has_total and total is not None and len(top) >= 2:
            yield SumClaim(tuple(_share_value(m) for m in top), total, "其中各项", where, sentence)


def _breakdowns(report: ParsedReport) -> list[tuple[str, int, Breakdown]]:
    """Every total-with-parts of the body text, found once per report."""

    def compute() -> list[tuple[str, int, Breakdown]]:
        return [(where, line, b) for where, text, line in paragraphs_by_section(report) for b in breakdowns(text)]

    return report.memo("breakdowns", compute)


def _written(figures: Iterable[Amount]) -> tuple[tuple[Decimal, ...], str]:
    """The figures as a claim compares them: in the unit they share as written (0.01元 is then 0.01 of the
    rounding allowed), else in 万元; and the unit to show."""
    items = list(figures)
    units = {f.unit for f in items}
    if len(units) == 1 and all(f.written is not None for f in items):
        return tuple(f.written for f in items if f.written is not None), next(iter(units))
    return tuple(f.value for f in items), "万元" if items[0].money else items[0].unit


def _meant_whole(item: Breakdown) -> bool:
    """Whether a breakdown claims its parts make up the total: its wording says so; or, for money and scores, the
    parts add up to more than the total (wrong whatever they list) or to nearly all of it. A bare 其中 list of
    counts may name overlapping groups (其中党员12人，女职工13人): only its wording says it is whole, or parts
    that are kinds of one thing (专项检查6次、日常检查8次) and come within the margin of the total."""
    if item.whole:
        return True
    values = [p.value for p in item.parts]
    if not (item.total.money or item.total.unit == "分"):
        return item.kindred and not item.partial and near_total(values, item.total.value, at_least=Decimal(1))
    if sum(values, ZERO) > item.total.value:
        return True
    return not item.partial and not may_be_some_parts(values, item.total.value)


@sum_extractor
def text_sums(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """Money totals and their parts in running text (总额X，其中：a、b、c; a、b，合计X; X（其中a、b）)."""
    for where, line, item in _breakdowns(report):
        if not item.total.money or not _meant_whole(item):
            continue
        values, unit = _written([item.total, *item.parts])
        total, parts = values[0], values[1:]
        if _claimed(report, std, where, item.text, item.total.value):
            continue
        mixed = len({f.unit for f in (item.total, *item.parts)}) > 1
        shown = "元" if unit == "元" else "万元" if mixed else ""  # 1.5亿元 and 6000万元 are added in 万元
        formula = " + ".join(f"{p}{shown}" for p in parts)
        yield SumClaim(parts, total, "其中各项", where, item.text, line, formula=formula)


@sum_extractor
def text_count_sums(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """Counts (and scores in 分) and their parts in running text: 共15个项目，其中年初8个、年中增加8个."""
    for where, line, item in _breakdowns(report):
        if item.total.money or not _meant_whole(item):
            continue
        unit = item.total.unit
        parts = tuple(p.value for p in item.parts)
        thing = f"{item.total.shown}{item.total.noun}"
        yield SumClaim(
            parts,
            item.total.value,
            f"「{thing}」的各部分之和" if unit != "分" else f"「{thing}」的各项得分之和",
            where,
            item.text,
            line,
            formula=" + ".join(p.shown for p in item.parts),
            advice=f"核对各部分的数字与总数 {item.total.shown}，使各部分相加等于总数",
        )


@sum_extractor
def text_differences(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """``预算A万元，执行B万元，差额C万元``: C = A − B."""
    for where, text, _line in paragraphs_by_section(report):
        for sentence in sentences(text):
            for match in _DIFF_RE.finditer(sentence):
                figures = [a.value for a in amounts(_clause_before(sentence, match.start()))]
                if len(figures) < 2:
                    continue
                a, b = figures[-2], figures[-1]
                stated = wan(match.group("number"), match.group("unit"))
                yield SumClaim(
                    (max(a, b), -min(a, b)),
                    stated,
                    "差额",
                    where,
                    sentence,
                    formula=f"{a} − {b}",
                    advice=f"核对{a}、{b}和差额{stated}，使 {a} − {b} 等于差额",
                )


@sum_extractor
def expenditure_parts(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """基本支出 + 项目支出 = the unit's whole budget / spending, per qualifier (unless one sentence already
    states the three, where the text rules check it)."""
    by_key = _mentions_by_key(text_mentions(report) + funding_mentions(report))
    stated_together = {
        (b.total.value, frozenset(p.value for p in b.parts)) for _, _, b in _breakdowns(report) if b.total.money
    }
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
        if (total, frozenset((b.value, p.value))) in stated_together:
            continue
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
        yield from _conflict(quantity, qualifier, items)
    for items in project_mentions(report, report.year).values():
        for qualifier in ("预算", "决算"):
            same = [m for m in items if m.qualifier == qualifier]
            yield from _conflict(items[0].quantity, qualifier, same)


# Where the right figure of each kind is found: the fix names it, not always the final accounts.
_RESTATED_BASIS = {"预算": "预算批复文件", "年初预算": "年初预算批复文件", "决算": "部门决算报表"}


def _conflict(quantity: str, qualifier: str | None, items: list[Mention]) -> Iterable[Hit]:
    values = sorted({m.value for m in items})
    if len(values) < 2:
        return
    places = []
    for value in values:
        wheres = list(dict.fromkeys(m.where for m in items if m.value == value))
        places.append(f"{value}万元（{'；'.join(wheres)}）")
    first = next(m for m in items if m.value == values[0])
    second = next(m for m in items if m.value == values[-1])
    yield Hit(
        "",
        first.where,
        f"「{clip(first.quote, 60)}」 / 「{clip(second.quote, 60)}」",
        level=Level.INFO if same_up_to_rounding(values[0], values[-1]) else None,
        values={
            "name": f"{quantity}（{qualifier}数）",
            "values": "、".join(places),
            "basis": _RESTATED_BASIS.get(qualifier or "", "原始数据"),
        },
    )


# ---------------------------------------------------------------- the 自评表 tables


@detector
def indicator_table_figures(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """Each 自评表: 执行率 against its 资金 row, scores above 分值, cost indicators over their limit at full
    marks, and the 总分 row against its rows."""
    for table in indicator_tables(report):
        yield from _funding_hits(table, std)
        yield from _budget_score_hits(table)
        yield from _score_hits(table)
        yield from _level1_hits(table)


def _funding_hits(table: IndicatorTable, std: Standard) -> Iterable[Hit]:
    where, funding = table.title, table.funding
    if not funding or not funding.budget or funding.executed is None:
        return
    rate = _stated_rate(funding.rate_text, execution_rate(funding.executed, funding.budget))
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
        # spending above the budget is a warning until the table says why (a 偏差原因 that names it, with a cause)
        explained = _overspend_explained(table, std)
        yield Hit(
            "executed_above_budget_explained" if explained else "executed_above_budget",
            where,
            f"{evidence}；{clip(explained, 60)}" if explained else evidence,
            values={**money, "rate": funding.rate_text or "未填写"},
        )
    elif rate is not None and (exact := rounded_to_full(funding.executed, funding.budget, rate)) is not None:
        # 99.6% written as 100%: within rounding, but it claims full execution and full marks
        yield Hit(
            "full_rate",
            where,
            evidence,
            table.table.line,
            values={
                "name": "执行率",
                "rate": funding.rate_text,
                "part": funding.executed,
                "whole": funding.budget,
                "computed": f"{exact}%",
            },
        )
    if funding.weight is not None and funding.score is not None and above_weight(funding.score, funding.weight):
        yield Hit(
            "above_weight",
            where,
            f"预算执行 分值 {funding.weight}，得分 {funding.score}",
            values={"name": "预算执行", "score": funding.score, "weight": funding.weight},
        )


def _overspend_explained(table: IndicatorTable, std: Standard) -> str:
    """The cell of ``table`` that explains spending above the budget: it names the overspend in the lexicon's
    ``over_budget_terms`` and states a cause (``cause_markers``); "" when none does."""
    overspent, caused = any_word(std.lexicon.over_budget_terms), any_of(std.lexicon.cause_markers)
    for row in table.table.rows:
        for cell in row:
            if overspent(cell) and caused(cell):
                return cell.strip()
    return ""


def _stated_rate(text: str, true_rate: Decimal | None) -> Decimal | None:
    """The 执行率 a cell states, in percent: ``99%``, ``99``, or a fraction ``0.99`` where the true rate says so."""
    value = number(text)
    if value is not None and "%" not in text and value <= Decimal("1.5") and true_rate and true_rate > Decimal(2):
        return value * HUNDRED
    return value


_BUDGET_ROW_RE = re.compile(r"预算执行|执行率")
_PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def _budget_score_hits(table: IndicatorTable) -> Iterable[Hit]:
    """预算执行得分 = 分值 × 执行率 (capped at 分值): the 资金 row's, or a 预算执行 indicator row's (forms that score
    budget execution as an indicator, 实际完成值 its rate)."""
    funding = table.funding
    claims: list[tuple[Decimal, Decimal, list[Decimal], str]] = []
    if funding and funding.weight is not None and funding.score is not None:
        true_rate = execution_rate(funding.executed, funding.budget) if funding.budget and funding.executed else None
        stated = _stated_rate(funding.rate_text, true_rate)
        rates = [r for r in (stated, true_rate) if r is not None]
        shown = funding.rate_text or (f"{round_half_up(true_rate, places=2)}%" if true_rate is not None else "")
        claims.append((funding.weight, funding.score, rates, shown))
    for ind in table.indicators:
        if not _BUDGET_ROW_RE.search(ind.level1 + ind.name) or ind.weight is None or ind.score is None:
            continue
        actual = _PERCENT_RE.fullmatch(label(ind.actual))
        if actual:
            claims.append((ind.weight, ind.score, [Decimal(actual.group(1))], label(ind.actual)))
    for weight, score, rates, shown in claims:
        checked = check_budget_score(weight, score, rates)
        if checked is None or checked.consistent:
            continue
        yield Hit(
            "budget_score",
            table.title,
            f"预算执行 分值 {weight}，执行率 {shown}，得分 {score}",
            table.table.line,
            level=Level.WARNING if checked.slip else None,
            values={"weight": weight, "rate": shown, "expected": checked.expected, "score": score},
        )


def _level1_hits(table: IndicatorTable) -> Iterable[Hit]:
    """A 一级指标 labelled with its points (产出指标（50分）) whose rows' 分值 add up to something else."""
    for level1, points in table.level1_labels.items():
        rows = [i for i in table.indicators if i.level1 == level1 and not i.shared]
        if not rows or any(i.weight is None for i in rows):
            continue
        checked = check_sum([i.weight for i in rows if i.weight is not None], points)
        if checked.wrong:
            yield Hit(
                "level1_weight",
                table.title,
                "、".join(f"{i.name} {i.weight}" for i in rows),
                table.table.line,
                values={"level1": level1, "labelled": points, "computed": checked.computed, "count": len(rows)},
            )


def _score_hits(table: IndicatorTable) -> Iterable[Hit]:
    where = table.title
    scored: list[IndicatorRow | ScoredRow] = [*(i for i in table.indicators if not i.shared), *table.other_scores]
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
        if checked.wrong and not (funding and funding.weight is not None and funding.score is None):
            yield Hit(
                "total",
                where,
                f"总分行得分 {table.total_score}",
                values={"column": "得分", "computed": checked.computed, "total": table.total_score},
            )
    if table.total_weight is not None and scored and all(i.weight is not None for i in scored):
        weights = [i.weight for i in scored if i.weight is not None]
        if funding and funding.weight is not None:
            weights.append(funding.weight)
        checked = check_sum(weights, table.total_weight)
        # without a 资金 row the 预算执行 分值 may be outside the table: only a sum above the total is wrong
        if checked.wrong and (funding is not None or checked.computed > table.total_weight):
            yield Hit(
                "total",
                where,
                f"总分行分值 {table.total_weight}",
                table.table.line,
                values={"column": "分值", "computed": checked.computed, "total": table.total_weight},
            )


# ---------------------------------------------------------------- 合计 rows of other tables


def _indicator_table_ids(report: ParsedReport) -> set[int]:
    """The tables of the report that are 自评表 (read once per report by indicator_tables)."""
    return {id(form.table) for form in indicator_tables(report)}


@sum_extractor
def table_column_sums(report: ParsedReport, std: Standard) -> Iterable[SumClaim]:
    """A 合计/总计 cell = the sum of its column's rows; the 基础数据表's 三公经费 and 项目支出 = their parts."""
    basic = {id(t) for _, t in basic_data_tables(report)}
    forms = _indicator_table_ids(report)
    for where, table in report.all_tables():
        if id(table) in forms:
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
    """A rate column = the ratio of two cells of its row: 执行率 = 实际使用 ÷ 预算, 到位率 = 到位 ÷ 预算,
    控制率 = 实际 ÷ 编制 (or 批复), 完成率 = 完成 ÷ 计划."""
    forms = _indicator_table_ids(report)
    for where, table in report.all_tables():
        if id(table) in forms:
            continue
        for cell in rate_cells(table):
            stated = number(cell.stated)
            if stated is not None:
                figures = f"{cell.whole_name} {cell.whole}，{cell.part_name} {cell.part}"
                evidence = f"{cell.row}：{figures}，{cell.name} {cell.stated}"
                name = f"表中「{cell.row}」的{cell.name}"
                part, whole = cell.part, cell.whole
                if re.search(r"人|编制", cell.part_name + cell.whole_name):  # people are counted, not rounded
                    part, whole = exact_count(part), exact_count(whole)
                yield RateClaim(part, whole, stated, name, where, evidence, table.line)


@detector
def full_rates(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """执行率 (到位率, 完成率…) written 100% in the text or a table's rate column while the part is below the whole:
    within rounding (99.6% shows as 100%), but it claims everything was spent. The 自评表's own row is
    indicator_table_figures'."""
    claims = [*text_rates(report, std), *table_rate_cells(report, std)]
    for rule in std.rules:
        if rule.kind == "ratio" and "pattern" in rule.params:
            claims.extend(pattern_rates(rule, report))
    for claim in claims:
        exact = rounded_to_full(claim.part, claim.whole, claim.stated)
        if exact is None or "率" not in claim.name:
            continue
        checked = check_rate(claim.part, claim.whole, claim.stated)
        if checked is None or not checked.consistent:
            continue  # a wrong rate: arithmetic.ratio reports it
        yield Hit(
            "",
            claim.section,
            claim.evidence,
            claim.line,
            values={
                "name": claim.name,
                "part": claim.part,
                "whole": claim.whole,
                "rate": "100%",
                "computed": f"{exact}%",
            },
        )


# ---------------------------------------------------------------- scores stated in text

_WEIGHTS_RE = re.compile(r"分值\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*其中(.*?)(?:。|$)")
_SCORES_RE = re.compile(r"自评\s*(\d+(?:\.\d+)?)\s*分\s*[，,]\s*其中(.*?)(?:。|$)")
_PART_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)\s*(\d+(?:\.\d+)?)\s*分")
_WEIGHT_THEN_SCORE_RE = re.compile(r"分值\s*(\d+(?:\.\d+)?)\s*分[，,。；]\s*自评\s*(\d+(?:\.\d+)?)\s*分")


@detector
def text_scores(report: ParsedReport, std: Standard) -> Iterable[Hit]:
    """``分值100分，其中…效益指标30分`` then ``自评…，其中…效益指标40分``: a sub-score above its weight."""
    for section, text in section_texts(report):
        weights: dict[str, Decimal] = {}
        owner = ""  # what the weights are of: 「3.其他购置经费，分值100分…」 → 其他购置经费
        for match in _WEIGHTS_OR_SCORES_RE.finditer(text):
            if match.group(1) is not None:
                weights = {_part_name(n): Decimal(v) for n, v in _PART_RE.findall(match.group(2))}
                weights["总分"] = Decimal(match.group(1))
                owner = _scored_item(text[: match.start()])
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
                        values={"name": f"{owner}·{name}" if owner else name, "score": score, "weight": weight},
                    )
        for match in _WEIGHT_THEN_SCORE_RE.finditer(text):
            weight, score = Decimal(match.group(1)), Decimal(match.group(2))
            if above_weight(score, weight):
                yield Hit("", section.path, match.group(0), values={"name": "该项", "score": score, "weight": weight})


_WEIGHTS_OR_SCORES_RE = re.compile(rf"{_WEIGHTS_RE.pattern}|{_SCORES_RE.pattern}")


def _scored_item(head: str) -> str:
    """The item a 分值 sentence scores, from the text before 「分值」: its clause, without its numeral; "" when
    the clause names nothing short enough to be an item."""
    clause = head[max(head.rfind("。"), head.rfind("；")) + 1 :].strip()
    numbered = parse_numeral(clause)
    name = (numbered.rest if numbered else clause).strip(" ，,：:")
    return name if 2 <= len(name) <= 40 else ""


def _part_name(name: str) -> str:
    return re.sub(r"^(其中|占比\d*%?|，)", "", name).strip("，, ")
