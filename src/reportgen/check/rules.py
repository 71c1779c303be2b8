"""Run the rules of rubrics/rules.yaml over a parsed report: the generic kinds, and the python detectors.

A rule's id is written once, in rules.yaml. Generic kinds (``phrase``, ``repeated``, ``sequence``, ``sum``,
``ratio``) are parametrised there and need no code. A ``python`` rule names the detector outcome it reports
(``source: heading_numbers.skip``); detectors yield :class:`Hit` objects and never name a rule. ``sum`` and
``ratio`` rules take their figures from a regular expression (``params.pattern``) or from registered
extractors (``params.extract``) that find claimed totals and rates where a pattern cannot.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, wraps
from typing import Any, TypeVar

from reportgen.arithmetic import ROUNDING_PER_PART, check_rate, check_sum
from reportgen.caches import text_cache
from reportgen.check.figures import sentences
from reportgen.check.model import Paragraph, Section
from reportgen.check.structure import ParsedReport, numeral_value
from reportgen.errors import RubricError
from reportgen.findings import Finding, Level
from reportgen.numbers import cn_numeral, parse_amount
from reportgen.rubrics import RuleSpec, Standard

T = TypeVar("T")

# ---------------------------------------------------------------- what detectors and extractors produce


@dataclass(frozen=True)
class Hit:
    """Something a detector found; the rule that reports ``outcome`` turns it into a finding."""

    outcome: str  # "" when the detector has a single outcome
    section: str = ""
    evidence: str = ""
    line: int | None = None
    level: Level | None = None  # a different level than the rule's (e.g. a rounding slip is a warning)
    points: Decimal | None = None
    values: dict[str, Any] = field(default_factory=dict)  # the message's named fields


@dataclass(frozen=True)
class SumClaim:
    """A total the report states and the parts it says make it up."""

    parts: tuple[Decimal, ...]
    total: Decimal
    what: str  # e.g. 其中各项, 「合计」行「预算数」
    section: str
    evidence: str
    line: int | None = None
    formula: str = ""  # how to show the parts; default "a + b + c"
    per: str = "项"  # 项 / 行: what one rounded part is called in the message
    advice: str = ""  # the fix when the total is wrong; default: make the parts add up


@dataclass(frozen=True)
class RateClaim:
    """A rate the report states and the two figures it must be the ratio of."""

    part: Decimal
    whole: Decimal
    stated: Decimal  # percent
    name: str  # 执行率, 占比, 表中「…」的执行率
    section: str
    evidence: str
    line: int | None = None


Detector = Callable[[ParsedReport, Standard], Iterable[Hit]]
SumExtractor = Callable[[ParsedReport, Standard], Iterable[SumClaim]]
RateExtractor = Callable[[ParsedReport, Standard], Iterable[RateClaim]]

DETECTORS: dict[str, Detector] = {}
SUM_EXTRACTORS: dict[str, SumExtractor] = {}
RATE_EXTRACTORS: dict[str, RateExtractor] = {}


def detector(func: Detector) -> Detector:
    """Register a python detector under its function name (rules name it in ``source``)."""
    DETECTORS[func.__name__] = func
    return func


def sum_extractor(func: SumExtractor) -> SumExtractor:
    SUM_EXTRACTORS[func.__name__] = once = _once_per_report(func)
    return once


def rate_extractor(func: RateExtractor) -> RateExtractor:
    RATE_EXTRACTORS[func.__name__] = once = _once_per_report(func)
    return once


def _once_per_report(
    extract: Callable[[ParsedReport, Standard], Iterable[T]],
) -> Callable[[ParsedReport, Standard], tuple[T, ...]]:
    """An extractor whose claims are found once per report (a report is checked with one standard): a detector
    asks again for what a rule checked (full_rates for the rates of arithmetic.ratio)."""
    key = f"claims.{extract.__name__}"

    @wraps(extract)
    def once(report: ParsedReport, std: Standard) -> tuple[T, ...]:
        return report.memo(key, lambda: tuple(extract(report, std)))

    return once


# ---------------------------------------------------------------- text helpers shared by kinds and detectors


def text_units(report: ParsedReport) -> list[tuple[str, str, int]]:
    """(section path, text, line) for every heading and paragraph of the body and attachments."""
    return list(report.memo("text_units", lambda: _text_units(report)))  # a copy: callers may keep it


def _text_units(report: ParsedReport) -> list[tuple[str, str, int]]:
    found = []
    for section in report.root.walk():
        if section.level:
            found.append((section.path, section.heading, section.line))
        for block in section.body:
            if isinstance(block, Paragraph):
                found.append((section.path or "正文开头", block.text, block.line))
            else:
                found.extend((section.path or "正文", c, block.line) for c in block.distinct_cells() if c)
    for att in report.attachments:
        if att.is_rubric:
            continue
        for table in att.tables:
            found.extend((att.label, c, table.line) for c in table.distinct_cells() if c)
        # the lines under an attached form (填表人、填报日期…) are text a reader sees too
        found.extend((att.label, p.text, p.line) for p in att.paragraphs)
    return found


def _distinct_texts(report: ParsedReport) -> list[str]:
    """The texts of :func:`text_units`, each once."""
    return report.memo("distinct_texts", lambda: list(dict.fromkeys(text for _, text, _ in text_units(report))))


def around(text: str, start: int, end: int, width: int = 30) -> str:
    """The words around a match, with … where the text goes on."""
    head = max(0, start - width)
    tail = min(len(text), end + width)
    return ("…" if head else "") + text[head:tail] + ("…" if tail < len(text) else "")


def paragraphs_by_section(report: ParsedReport) -> Iterator[tuple[str, str, int]]:
    """(section path, text, line) of every body paragraph."""
    return iter(report.memo("paragraphs_by_section", lambda: list(_paragraphs_by_section(report))))


def section_texts(report: ParsedReport) -> list[tuple[Section, str]]:
    """Every section with its paragraphs run together (an enumeration or a score goes on from one to the next),
    joined once per report."""
    return report.memo(
        "section_texts", lambda: [(s, "".join(p.text for p in s.paragraphs())) for s in report.root.walk()]
    )


def _paragraphs_by_section(report: ParsedReport) -> Iterator[tuple[str, str, int]]:
    for section in report.root.walk():
        for para in section.paragraphs():
            yield section.path or "正文开头", para.text, para.line


# Placeholders a rule's pattern may use for figures: amounts in 元/万元/亿元 (read in 万元) and percentages.
_AMOUNT = r"\d[\d,，]*(?:\.\d+)?\s*(?:亿元|万元|元)"
_PLACEHOLDERS = {
    "total": rf"(?P<total>{_AMOUNT})",
    "part": rf"(?P<part>{_AMOUNT})",
    "whole": rf"(?P<whole>{_AMOUNT})",
    "rate": r"(?P<rate>\d+(?:\.\d+)?)\s*[%％]",
}


@cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A rule's pattern with ``{total}``, ``{part}``, ``{whole}`` and ``{rate}`` expanded to named groups."""
    expanded = re.sub(r"\{(total|part|whole|rate)\}", lambda m: _PLACEHOLDERS[m.group(1)], pattern)
    try:
        return re.compile(expanded)
    except re.error as exc:
        raise RubricError(f"规则中的正则表达式「{pattern}」无效：{exc}") from None


def amount(text: str) -> Decimal:
    """An amount matched by ``{total}``/``{part}``/``{whole}``, in 万元."""
    return parse_amount(re.sub(r"\s+", "", text))


# ---------------------------------------------------------------- the generic kinds


def _phrase(rule: RuleSpec, report: ParsedReport, std: Standard) -> Iterable[Finding]:
    """A phrase that must not stay in a report: one finding per occurrence (``{match}``)."""
    patterns = rule.params.get("patterns") or getattr(std.lexicon, rule.params.get("lexicon", ""), None)
    if not patterns:
        raise RubricError(f"规则 {rule.id}：phrase 规则须给出 params.patterns 或 params.lexicon")
    pattern = compile_pattern("|".join(patterns))
    seen: set[tuple[str, str, int, int]] = set()

    def occurrences(text: str) -> list[re.Match[str]]:
        # one search rules out most texts, without the iterator finditer makes for each
        return list(pattern.finditer(text)) if pattern.search(text) else []

    for where, text, line, match in _matches(report, occurrences):
        key = (where, text, line, match.start())
        if key in seen:
            continue  # the same cell reached twice (a merged cell read from a text table)
        seen.add(key)
        yield rule.finding(
            section=where,
            evidence=around(text, match.start(), match.end()),
            line=line,
            span=(match.start(), match.end()),
            match=match.group(0),
        )


def _repeated(rule: RuleSpec, report: ParsedReport, std: Standard) -> Iterable[Finding]:
    """A character or word written twice where once was meant (``和和``, ``根据根据``), told apart from
    real words by where the words of the clause begin and end: a slip when each copy is made of whole
    words (应用/和/和/公开), not when the copies belong to other words (其中/中央, 对/对象) or the pair
    is a word itself (人人, 实实在在). A doubled single character counts only among ``repeat_suspects``
    (function words; a doubled given name such as 敏敏 is no slip); ``repeat_whitelist`` names pairs
    that are words although the segmenter splits them (年年, 账账)."""
    pattern = compile_pattern(rule.params.get("pattern", r"([\u4e00-\u9fff]{1,4}?)\1"))
    whitelist = [w for w in std.lexicon.repeat_whitelist if w]
    suspects = set(std.lexicon.repeat_suspects)

    def slips(text: str) -> list[re.Match[str]]:
        found = []
        for match in pattern.finditer(text):
            unit = match.group(1)
            if len(unit) == 1 and unit not in suspects:
                continue
            if _whitelisted(text, match.start(), match.end(), unit, whitelist):
                continue
            if _whole_words(text, match.start(), len(unit)):
                found.append(match)
        return found

    for where, text, line, match in _matches(report, slips):
        unit = match.group(1)
        yield rule.finding(
            section=where,
            evidence=around(text, match.start(), match.end(), 15),
            line=line,
            span=(match.start(), match.end()),
            doubled=match.group(0),
            single=unit,
            what="字" if len(unit) == 1 else "词",
        )


def _matches(
    report: ParsedReport, search: Callable[[str], list[re.Match[str]]]
) -> Iterator[tuple[str, str, int, re.Match[str]]]:
    """(section path, text, line, match) of what ``search`` finds in the text units, in reading order. Each text is
    searched once (table cells repeat: 分值, 100%, 是); most reports hold no match, and then no unit is visited."""
    found = {text: matches for text in _distinct_texts(report) if (matches := search(text))}
    if found:
        for where, text, line in text_units(report):
            for match in found.get(text, ()):
                yield where, text, line, match


def _whitelisted(text: str, start: int, end: int, unit: str, whitelist: list[str]) -> bool:
    """The doubled ``unit`` at ``start``…``end`` lies inside a listed word (人人, 一步一步)."""
    for word in whitelist:
        if unit * 2 not in word:
            continue
        at = text.find(word, max(0, start - len(word) + 1))
        if 0 <= at < end:
            return True
    return False


_CLAUSE_END = re.compile(r"[^\u3400-\u9fff]")


def _whole_words(text: str, start: int, size: int) -> bool:
    """Whether a word boundary falls before, between and after the two copies of ``text[start:start+size]``,
    by segmenting the clause around them."""
    left = start
    while left > 0 and not _CLAUSE_END.match(text[left - 1]):
        left -= 1
    right = start + 2 * size
    while right < len(text) and not _CLAUSE_END.match(text[right]):
        right += 1
    bounds = word_bounds(text[left:right])
    return all(start - left + offset in bounds for offset in (0, size, 2 * size))


@text_cache(maxsize=4096)
def word_bounds(clause: str) -> frozenset[int]:
    """The offsets in ``clause`` where a word begins or ends, by jieba's dictionary (no HMM guessing, so an
    unknown pair such as 和和 stays two words).

    >>> sorted(word_bounds("其中中央财政"))
    [0, 2, 6]
    """
    bounds = {0}
    position = 0
    for token in _segmenter()(clause):
        position += len(token)
        bounds.add(position)
    return frozenset(bounds)


@cache
def _segmenter() -> Callable[[str], Iterable[str]]:
    """jieba's segmentation without HMM, on first use: from its dictionary split by first character
    (check/segment.py: milliseconds to open instead of the second or two jieba takes to load it whole, in every
    worker of a batch), or jieba's own tokenizer where that file cannot be written. Never loaded by
    ``reportgen --help`` or drafting."""
    from reportgen.check import segment

    try:
        words = segment.dictionary()
    except OSError:
        import logging

        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict…" to stderr at DEBUG
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        return lambda clause: tokenizer.cut(clause, HMM=False)
    return lambda clause: segment.cut(clause, words)


def _sequence(rule: RuleSpec, report: ParsedReport, std: Standard) -> Iterable[Finding]:
    """Numerals of an enumeration inside one section (一是、二是…) that skip or repeat."""
    pattern = compile_pattern(rule.params["pattern"])
    shown = rule.params.get("numeral", "{n}")
    chinese = rule.params.get("numerals", "chinese") == "chinese"

    def numeral(value: int) -> str:
        return shown.format(n=cn_numeral(value) if chinese else value)

    for section, text in section_texts(report):
        previous: int | None = None
        for match in pattern.finditer(text):
            try:
                value = numeral_value(match.group("n")) if chinese else int(match.group("n"))
            except ValueError:
                continue
            if previous is not None and value != 1 and (value == previous or value > previous + 1):
                missing = "、".join(numeral(v) for v in range(previous + 1, value)) or "（重复）"
                yield rule.finding(
                    section=section.path or "正文",
                    evidence=around(text, match.start(), match.end(), 20),
                    span=(match.start(), match.end()),
                    previous=numeral(previous),
                    numeral=numeral(value),
                    missing=missing,
                )
            previous = value


def _sum(rule: RuleSpec, report: ParsedReport, std: Standard) -> Iterable[Finding]:
    """A stated total against the sum of its parts; a difference within rounding is only 提示."""
    for claim in _claims(rule, report, std, SUM_EXTRACTORS, pattern_sums):
        checked = check_sum(claim.parts, claim.total)
        if checked.exact:
            continue
        formula = claim.formula or " + ".join(str(p) for p in claim.parts)
        within = checked.within_rounding
        yield rule.finding(
            section=claim.section,
            evidence=claim.evidence,
            line=claim.line,
            level=Level.INFO if within else None,
            points=Decimal(0) if within else None,
            what=claim.what,
            formula=formula,
            computed=checked.computed,
            total=claim.total,
            note=f"，差额在四舍五入允许范围内（每{claim.per}{ROUNDING_PER_PART}）" if within else "",
            advice="这是各项分别四舍五入造成的差额，可不修改"
            if within
            else claim.advice or f"核对各项金额与合计，使 {formula} 等于合计数",
        )


def _ratio(rule: RuleSpec, report: ParsedReport, std: Standard) -> Iterable[Finding]:
    """A stated rate against part ÷ whole at the precision written; off by one in the last digit is a warning."""
    for claim in _claims(rule, report, std, RATE_EXTRACTORS, pattern_rates):
        checked = check_rate(claim.part, claim.whole, claim.stated)
        if checked is None or checked.consistent:
            continue
        yield rule.finding(
            section=claim.section,
            evidence=claim.evidence,
            line=claim.line,
            level=Level.WARNING if checked.slip else None,
            name=claim.name,
            stated=f"{claim.stated}%",
            formula=f"{claim.part} ÷ {claim.whole}",
            computed=f"{checked.computed}%",
        )


def _claims(rule: RuleSpec, report: ParsedReport, std: Standard, registry: dict, from_pattern) -> Iterator[Any]:
    for name in rule.params.get("extract", []):
        if name not in registry:
            raise RubricError(f"规则 {rule.id}：没有名为「{name}」的提取函数（可用：{'、'.join(sorted(registry))}）")
        yield from registry[name](report, std)
    if "pattern" in rule.params:
        yield from from_pattern(rule, report)


def pattern_sums(rule: RuleSpec, report: ParsedReport) -> tuple[SumClaim, ...]:
    """``params.pattern`` finds the total (``{total}``), ``params.part`` each part after it, up to
    ``params.until`` (default: the end of the clause, or a nested 其中 that breaks a part down further).
    Found once per report: the extractors ask which claims a rule's pattern already finds."""
    return report.memo(f"pattern.{rule.id}", lambda: tuple(_pattern_sums(rule, report)))


def _pattern_sums(rule: RuleSpec, report: ParsedReport) -> Iterator[SumClaim]:
    total_re = compile_pattern(rule.params["pattern"])
    part_re = compile_pattern(rule.params.get("part", "{part}"))
    until_re = compile_pattern(rule.params.get("until", "[；;]|其中"))
    what = rule.params.get("what", "各项之和")
    for where, text, line in paragraphs_by_section(report):
        for sentence in sentences(text):
            for match in total_re.finditer(sentence):
                rest = _mask_asides(sentence[match.end() :])
                rest = rest[: end.start()] if (end := until_re.search(rest)) else rest
                parts = tuple(amount(m.group("part")) for m in part_re.finditer(rest))
                if len(parts) >= 2:
                    yield SumClaim(parts, amount(match.group("total")), what, where, sentence, line)


def pattern_rates(rule: RuleSpec, report: ParsedReport) -> tuple[RateClaim, ...]:
    """``params.pattern`` with ``{part}``, ``{whole}`` and ``{rate}`` in one sentence; ``params.name`` names it.
    Found once per report: the extractors and full_rates ask for them again."""
    return report.memo(f"pattern.{rule.id}", lambda: tuple(_pattern_rates(rule, report)))


def _pattern_rates(rule: RuleSpec, report: ParsedReport) -> Iterator[RateClaim]:
    pattern = compile_pattern(rule.params["pattern"])
    name = rule.params.get("name", "比率")
    for where, text, line in paragraphs_by_section(report):
        for sentence in sentences(text):
            for match in pattern.finditer(sentence):
                whole = amount(match.group("whole"))
                if whole:
                    part, stated = amount(match.group("part")), Decimal(match.group("rate"))
                    yield RateClaim(part, whole, stated, name, where, sentence, line)


def _mask_asides(text: str) -> str:
    """Finished （…） asides blanked, so amounts inside them (a part's own breakdown) are not parts."""
    pattern = re.compile(r"[（(][^（()）]*[)）]")
    while (masked := pattern.sub(lambda m: "＿" * len(m.group(0)), text)) != text:
        text = masked
    return text


KINDS: dict[str, Callable[[RuleSpec, ParsedReport, Standard], Iterable[Finding]]] = {
    "phrase": _phrase,
    "repeated": _repeated,
    "sequence": _sequence,
    "sum": _sum,
    "ratio": _ratio,
}


# ---------------------------------------------------------------- running


def _crashed(rule: RuleSpec, exc: Exception) -> Finding:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return Finding(
        rule=rule.id,
        category=rule.category,
        level=Level.WARNING,
        message=f"检查规则 {rule.id} 运行出错，本项未能检查（{type(exc).__name__}: {exc}；"
        f"{where.name} 第{where.lineno}行）",
        fix="请把此报告文件反馈给开发者",
    )


def run_checks(report: ParsedReport, std: Standard) -> list[Finding]:
    """Every rule; a rule or detector that crashes becomes a finding instead of crashing the run."""
    from reportgen.check import detectors  # noqa: F401 - registers the python detectors

    findings: list[Finding] = []
    for rule in std.rules:
        if rule.kind == "python":
            continue
        try:
            findings.extend(KINDS[rule.kind](rule, report, std))
        except RubricError:
            raise
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            findings.append(_crashed(rule, exc))
    for name, func in DETECTORS.items():
        reported = [r for source, r in std.rules.by_source.items() if source.split(".")[0] == name]
        if not reported:
            continue  # no rule reports this detector
        try:
            for hit in func(report, std):
                source = f"{name}.{hit.outcome}" if hit.outcome else name
                findings.append(
                    std.rules.for_source(source).finding(
                        section=hit.section,
                        evidence=hit.evidence,
                        line=hit.line,
                        level=hit.level,
                        points=hit.points,
                        **hit.values,
                    )
                )
        except RubricError:
            raise
        except Exception as exc:  # noqa: BLE001
            findings.append(_crashed(reported[0], exc))
    return findings
