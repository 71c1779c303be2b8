"""Money figures and counts in a draft's sentences and tables: what quantity, which qualifier, where, what value."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice

from reportgen.caches import text_cache
from reportgen.check.model import Section
from reportgen.check.read import HAN_RE, fold
from reportgen.check.structure import ParsedReport
from reportgen.check.tables import (
    basic_data_tables,
    cell_labels,
    form_title,
    indicator_tables,
    label,
    number,
    project_key,
)

# Absolute quantities: the name says what is counted. Longest first so 基本支出 wins over 支出.
ABSOLUTE = [
    "基本支出",
    "项目支出",
    "人员支出",
    "公用支出",
    "人员经费",
    "公用经费",
    "整体支出",
    "总支出",
    "总收入",
    "财政拨款",
    "支出",
]
# Relative quantities: their subject is the last absolute name in the sentence, or the whole unit.
RELATIVE = {
    "全年预算数": "预算",
    "全年预算": "预算",
    "预算数": "预算",
    "全年执行数": "决算",
    "执行数": "决算",
    "决算数": "决算",
    "支出决算": "决算",
    "支出预算": "预算",
    "预算支出": "预算",  # not 一般公共预算支出 / 政府性基金预算支出: money of a fund, spent (see _LABEL_RE)
    "决算支出": "决算",
    "实际支出": "决算",
}
CANONICAL = {"整体支出": "支出", "总支出": "支出"}

# --- money and counts as reports write them --------------------------------------------------------

# 1299.97, 1,299.97 (ASCII thousands groups only: in Chinese text a full-width comma separates figures)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
# A bare 万 is money only where the figure ends (172.88万，): 10万页 and 40万档案条目 are counts of things.
_MONEY_UNIT = r"亿元|万元|元|万(?=[\s，,。；;、）)：:]|$)"
_AMOUNT = rf"(?<![\d.])(?P<number>{_NUMBER})\s*(?P<unit>{_MONEY_UNIT})"
# What a count counts. 个月, 个百分点, 分钟 are not counts of things; 20余人, 100多人 and 约30个 are not exact.
_CLASSIFIER = (
    r"人次|场次|批次|画幅|个(?!月|百分点|工作日)|项|次|人|名|家|件|卷|册|篇|场|期|批|台|套|处|条|份|所|张|部|集"
    r"|本|座|栋|辆|间|户|种|幅|页|盒|块|分(?![钟之秒别])"
)
_COUNT = rf"(?<![\d.约近逾超第\-—~～])(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>{_CLASSIFIER})"
# How many 万元 one unit is, as a power of ten (precision kept: 960000元 is 96.0000万元).
_WAN_EXPONENT = {"亿元": 4, "万元": 0, "万": 0, "元": -4}
MONEY_UNITS = frozenset(_WAN_EXPONENT)


def wan(number: str, unit: str) -> Decimal:
    """An amount as written, in 万元, keeping the precision it was written with.

    >>> wan("960000", "元"), wan("1,299.97", "万元"), wan("1.5", "亿元")
    (Decimal('96.0000'), Decimal('1299.97'), Decimal('15000'))
    """
    scaled = Decimal(number.replace(",", "")).scaleb(_WAN_EXPONENT[unit])
    exponent = scaled.as_tuple().exponent
    return scaled.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else scaled


_LABELS = sorted([*ABSOLUTE, *RELATIVE], key=len, reverse=True)
# 一般公共预算支出, 政府性基金预算支出, 国有资本经营预算支出 name a fund's spending, not a budget.
_LABEL_RE = "|".join("(?<!公共)(?<!基金)(?<!经营)预算支出" if name == "预算支出" else name for name in _LABELS)
MENTION_RE = re.compile(
    rf"(?P<label>{_LABEL_RE})(?P<suffix>预算数|决算数|执行数|预算|决算)?"
    rf"(?:合计|总额)?(?:为|是|共|达|:|：)?\s*{_AMOUNT}"
)
AMOUNT_RE = re.compile(_AMOUNT)
COUNT_RE = re.compile(_COUNT)
_QUALIFIER_WORDS = [
    ("年初预算", "年初预算"),
    ("年初", "年初预算"),
    ("调整后", "预算"),
    ("预算", "预算"),
    ("决算", "决算"),
    ("执行", "决算"),
    ("实际", "决算"),
]


# Punctuation that ends the words naming an amount (full-width and folded forms).
_BOUNDARY = "，,；;：:（(）)、。！？!?"
_BOUNDARY_RE = re.compile(rf"[{re.escape(_BOUNDARY)}]")
_LAST_CLAUSE_RE = re.compile(rf"(?<=[{_BOUNDARY}])[^{_BOUNDARY}]*\Z")  # what follows the last boundary
# Words that say which figure of a thing an amount is, not which thing: left over, the label names something else.
_ATTRIBUTE_RE = re.compile(
    r"\d{4}\s*年度?|全年|年初|年中|年末|年终|本年|当年|调整后|预算|决算|执行|实际|支出|追加|结余|结转|合计|总计|共计"
    r"|总额|批复|收入|累计|完成|使用|安排|下达|到位|资金|财政|拨款|金额|其中|经费|数|为|是|共|达|的|已|元|万|约|\s"
)


@dataclass
class Amount:
    """One figure in a text — an amount of money (``X万元``) or a count (``15个``) — with the words just before
    it that say what it is."""

    value: Decimal  # money in 万元 (precision as written), a count as written
    start: int
    end: int
    label: str  # text from the previous punctuation or figure up to the number
    role: str | None  # "预算" | "决算" | "其他" (年初, 结余, 追加…) | None when the label does not say
    unit: str = "万元"  # 元 / 万元 / 亿元, or a count's classifier (个, 人, 分…)
    written: Decimal | None = None  # the number as written, in its own unit
    noun: str = ""  # a count's noun right after its classifier: 15个项目 → 项目

    @property
    def money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def shown(self) -> str:
        """The figure as the report wrote it: ``960000元``, ``15个``."""
        return f"{self.written if self.written is not None else self.value}{self.unit}"


# What a label says an amount is (see amount_role): money that arrived (到位) is neither budget nor spending.
_OTHER_ROLE_RE = re.compile(r"年初|结余|结转|追加|差额|增长|增加|减少|下降|上年|同比|节约|超支|未|到位")
_SPENT_ROLE_RE = re.compile(r"执行|决算|实际")
_PAID_ROLE_RE = re.compile(r"支出|使用|拨付|支付")


def amount_role(label_text: str) -> str | None:
    """What kind of figure a label announces.

    >>> [amount_role(t) for t in ("全年基本支出预算", "全年执行数", "年终结余", "调整后预算", "图书购置费", "实际到位")]
    ['预算', '决算', '其他', '预算', None, '其他']
    """
    if "调整后" in label_text:
        return "预算"
    # Money that arrived (到位) is neither the budget nor what was spent.
    if _OTHER_ROLE_RE.search(label_text):
        return "其他"
    if _SPENT_ROLE_RE.search(label_text):
        return "决算"
    if "预算" in label_text:
        return "预算"
    if _PAID_ROLE_RE.search(label_text):
        return "决算"
    return None


_NOUN_RE = re.compile(r"[\u4e00-\u9fff]{1,8}")
# A count's noun stops before words that start the next thing said: 15个项目已完成 → 项目.
_NOUN_END_RE = re.compile(r"已|均|全部|共|其中|分别|合计|占|比|较|的")


def amounts(text: str, *, counts: bool = False) -> list[Amount]:
    """Every amount of a text in order (see :func:`_amounts`); a new list of the cached, unchanging amounts."""
    return list(_amounts(text, counts))


@text_cache(maxsize=8192)
def _amounts(text: str, counts: bool) -> tuple[Amount, ...]:
    """Every amount of a text in order (with ``counts``, every count too), each with its label: the words since
    the last punctuation or figure.

    >>> [(a.shown, a.label, a.value) for a in amounts("预算1,200,000元，到位96万")]
    [('1200000元', '预算', Decimal('120.0000')), ('96万', '到位', Decimal('96'))]
    >>> [(a.shown, a.noun) for a in amounts("共15个项目，已完成12个，计划3.5万卷", counts=True)]
    [('15个', '项目'), ('12个', '')]
    """
    matches = [(m, True) for m in AMOUNT_RE.finditer(text)]
    if counts:
        starts, ends = [m.start() for m, _ in matches], [m.end() for m, _ in matches]
        matches += [(m, False) for m in COUNT_RE.finditer(text) if not _overlaps(m, starts, ends)]
        matches.sort(key=lambda item: item[0].start())
    found = []
    previous = 0
    for match, money in matches:
        head = text[previous : match.start()]
        last = _LAST_CLAUSE_RE.search(head)
        label_text = (last.group(0) if last else head).strip().strip("＿")
        number_text, unit = match.group("number"), match.group("unit")
        written = Decimal(number_text.replace(",", ""))
        noun = ""
        if not money and (after := _NOUN_RE.match(text, match.end())):
            noun = _NOUN_END_RE.split(after.group(0), maxsplit=1)[0]
        value = wan(number_text, unit) if money else written
        found.append(
            Amount(value, match.start(), match.end(), label_text, amount_role(label_text), unit, written, noun)
        )
        previous = match.end()
    return tuple(found)


def _overlaps(match: re.Match[str], starts: list[int], ends: list[int]) -> bool:
    """Whether a match overlaps one of the sorted, disjoint spans ``starts[i]``…``ends[i]``: the span that starts
    at or before it and the one after."""
    after = bisect_right(starts, match.start())
    return (after > 0 and match.start() < ends[after - 1]) or (after < len(starts) and starts[after] < match.end())


def names_something(text: str) -> bool:
    """Whether words name a thing of their own (a project, an item), not just a figure of the current subject.

    >>> names_something("年中追加"), names_something("其中：档案保管保护费")
    (False, True)
    """
    rest = _ATTRIBUTE_RE.sub("", text)
    return len(HAN_RE.findall(rest)) >= 2


class _ClosedBrackets:
    """A sentence with its finished （…） asides blanked (same length), so that words inside them name no subject:
    the whole sentence (``whole``) and its beginnings (``masked(end)`` is that of ``text[:end]``), blanked once, as
    a sentence listing hundreds of figures asks at each of them.

    >>> _ClosedBrackets("基本支出395.34万元（其中人员经费330.89万元），年中追加").whole
    '基本支出395.34万元＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿，年中追加'

    An aside is a bracket and the nearest close after it with no bracket between, of either width; once blanked,
    the brackets around it enclose an aside in turn. That is a stack: a close ends the latest open bracket. A
    beginning is the whole sentence's mask up to there, but for the outermost aside it ends inside of, which is
    not finished there: that part is masked on its own."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._outermost: list[tuple[int, int]] = []  # (open, close) of the asides no other aside holds, in order
        opened: list[int] = []
        for bracket in _BRACKET_RE.finditer(text):
            if bracket.group() in "（(":
                opened.append(bracket.start())
            elif opened:
                start = opened.pop()
                while self._outermost and self._outermost[-1][0] > start:
                    self._outermost.pop()  # held by this one
                self._outermost.append((start, bracket.start()))
        chars = list(text)
        for start, close in self._outermost:
            chars[start : close + 1] = "＿" * (close + 1 - start)
        self.whole = "".join(chars)
        self._starts = [start for start, _ in self._outermost]

    def masked(self, end: int) -> str:
        """``text[:end]`` with the asides that close before ``end`` blanked."""
        last = bisect_left(self._starts, end) - 1  # the last outermost aside that opens before ``end``
        if last >= 0 and self._outermost[last][1] >= end:
            start = self._outermost[last][0]
            return self.whole[:start] + _ClosedBrackets(self._text[start:end]).whole
        return self.whole[:end]


@dataclass
class Mention:
    """One stated figure: ``项目支出`` [决算] = 588.43 in 正文 > 二、… (quote)."""

    quantity: str
    qualifier: str | None
    value: Decimal
    where: str
    quote: str
    start: int = 0  # offset in its sentence


@text_cache(maxsize=8192)
def sentences(text: str) -> tuple[str, ...]:
    """Sentences of a paragraph (split at 。！？ and line breaks), kept with their end mark."""
    return tuple(s for s in _SENTENCE_END_RE.split(text) if s.strip())


_SENTENCE_END_RE = re.compile(r"(?<=[。！？!?])|\n")


def units(draft: ParsedReport) -> list[tuple[Section, str]]:
    """Every body paragraph with its section (the root holds the front matter)."""
    found = []
    for section in draft.root.walk():
        for para in section.paragraphs():
            found.append((section, para.text))
    return found


def _qualifier_before(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for word, qualifier in _QUALIFIER_WORDS:
        index = text.rfind(word)
        if index >= 0 and (best is None or index + len(word) > best[0]):
            best = (index + len(word), qualifier)
    return best[1] if best else None


def _title_qualifier(section: Section) -> str | None:
    title = section.title
    if re.search(r"使用|决算|执行|支出情况", title):
        return "决算"
    if re.search(r"预算|安排|批复|申报", title):
        return "预算"
    return None


def sentence_mentions(sentence: str, where: str) -> list[Mention]:
    found = []
    asides: _ClosedBrackets | None = None  # made when a figure is named relative to a subject: few sentences
    for match in MENTION_RE.finditer(sentence):
        name, suffix = match.group("label"), match.group("suffix")
        value = wan(match.group("number"), match.group("unit"))
        before = sentence[: match.start()]
        if name in RELATIVE:
            qualifier = RELATIVE[name]
            if re.search(r"上年|去年|上一年", before[-4:]):
                continue  # last year's figure
            if qualifier == "预算" and "年初" in before[-4:]:
                qualifier = "年初预算"  # 年初预算支出800万元 is not the full-year budget
            asides = asides or _ClosedBrackets(sentence)
            masked = asides.masked(match.start())
            subject = None
            for absolute in ABSOLUTE:
                index = masked.rfind(absolute)
                end = index + len(absolute)
                if index >= 0 and (subject is None or (end, len(absolute)) > (subject[0], len(subject[1]))):
                    subject = (end, absolute)
            if subject and subject[1] != "支出":
                quantity = subject[1]
                if _changes_subject(masked[subject[0] :]):
                    continue  # 项目支出…，其中：档案保管保护费17.71万元（全年预算…）is that project's budget
            elif re.search(r"部门|单位|本级|全馆|中心", before) and "项目" not in before:
                quantity = "支出"  # the unit's whole budget or spending
            else:
                continue  # a project's or an unnamed item's figure
        else:
            if name == "支出" and not suffix:
                continue  # bare 支出 is whatever the sentence is about; too vague to compare
            quantity = name
            qualifier = {"预算数": "预算", "决算数": "决算", "执行数": "决算"}.get(suffix or "", suffix)
            if qualifier is None:
                clause_start = max(before.rfind("；"), before.rfind(";"))
                qualifier = _qualifier_before(before[clause_start + 1 :]) or _qualifier_before(before)
        quantity = CANONICAL.get(quantity, quantity)
        found.append(Mention(quantity, qualifier, value, where, sentence.strip(), match.start()))
    return found


def _changes_subject(gap: str) -> bool:
    """Whether the words between a subject and a figure name another thing the figure then belongs to: a clause
    of the gap, amounts taken as clause ends, that names something (read from the start until one does)."""
    start = 0
    for amount in chain(AMOUNT_RE.finditer(gap), [None]):
        end = len(gap) if amount is None else amount.start()
        if any(names_something(piece) for piece in _BOUNDARY_RE.split(gap[start:end])):
            return True
        start = end if amount is None else amount.end()
    return False


def text_mentions(draft: ParsedReport) -> list[Mention]:
    """Every named figure stated in the body text, found once per report."""
    return draft.memo("text_mentions", lambda: _text_mentions(draft))


def _text_mentions(draft: ParsedReport) -> list[Mention]:
    found = []
    for section, text in units(draft):
        for sentence in sentences(text):
            found.extend(sentence_mentions(sentence, section.path or "正文开头"))
    return found


def funding_mentions(draft: ParsedReport) -> list[Mention]:
    """全年预算数 / 全年执行数 of the 部门整体支出绩效自评表 are the unit's whole budget and spending."""
    return draft.memo("funding_mentions", lambda: _funding_mentions(draft))


def _funding_mentions(draft: ParsedReport) -> list[Mention]:
    found = []
    for table in indicator_tables(draft):
        if table.kind != "department" or table.funding is None:
            continue
        quote = f"{table.title}：年度资金总额"
        if table.funding.budget is not None:
            found.append(Mention("支出", "预算", table.funding.budget, table.where, f"{quote} 全年预算数"))
        if table.funding.executed is not None:
            found.append(Mention("支出", "决算", table.funding.executed, table.where, f"{quote} 全年执行数"))
    return found


def project_mentions(draft: ParsedReport, year: int | None) -> dict[str, list[Mention]]:
    """Budget and spending of each project named in a 项目支出绩效自评表, wherever else it is stated."""
    projects: dict[str, list[Mention]] = {}
    names: dict[str, str] = {}
    for table in indicator_tables(draft):
        key = project_key(table.name) if table.kind == "project" else ""
        if not key or table.funding is None:
            continue  # a table named only 项目 names no project to find
        names[key] = table.name
        where = f"{table.where}（{form_title(table.name)}）"
        items = projects.setdefault(key, [])
        if table.funding.budget is not None:
            items.append(Mention(table.name, "预算", table.funding.budget, where, "全年预算数"))
        if table.funding.executed is not None:
            items.append(Mention(table.name, "决算", table.funding.executed, where, "全年执行数"))
    if not projects:
        return projects
    for where, basic in basic_data_tables(draft):
        columns = _basic_columns(basic, year)
        for row in basic.rows:
            if not row:
                continue
            key = project_key(label(row[0]))
            if key not in projects:
                continue
            for qualifier, col in columns.items():
                value = number(row[col]) if col < len(row) else None
                if value is not None:
                    projects[key].append(
                        Mention(
                            names[key],
                            qualifier,
                            value,
                            f"{where}（基础数据表）",
                            f"{label(row[0])} {qualifier}数",
                        )
                    )
    for section, text in units(draft):
        for sentence in sentences(text):
            folded = fold(sentence)
            named = [key for key in names if key in folded]  # a C-speed scan: most sentences name none
            if not named:
                continue
            spots = _spots(folded, named)
            for key, figures in _project_figures(folded, spots, section).items():
                at = sentence.find(key)
                quote = sentence[at:].strip() if at > 0 else sentence.strip()
                for qualifier, value in figures:
                    projects[key].append(Mention(names[key], qualifier, value, section.path, quote))
    return projects


def _spots(folded: str, keys: list[str]) -> list[tuple[int, str]]:
    """Where each project is named in a sentence, in order: (position, key). A name's next mention is looked for
    after the end of the one before; a name inside a longer project's name (古籍修复 in 古籍修复培训) is that
    project's, not a mention."""
    found = []
    for key in keys:
        start = 0
        while (index := folded.find(key, start)) >= 0:
            found.append((index, key))
            start = index + len(key)
    found.sort(key=lambda spot: (spot[0], -len(spot[1])))
    kept = []
    reach = -1  # the furthest end of a mention so far
    for index, key in found:
        end = index + len(key)
        if end > reach:
            kept.append((index, key))
        reach = max(reach, end)
    return kept


def _project_figures(
    folded: str, spots: list[tuple[int, str]], section: Section
) -> dict[str, list[tuple[str, Decimal]]]:
    """Budget and spending stated right after each mention of a project (``spots``), up to the end of its clause
    or the next other project named.

    ``档案保管保护费17.71万元(全年预算17.95万元,执行率98.66%)`` → 决算 17.71 (from the context), 预算 17.95.
    """
    found: dict[str, list[tuple[str, Decimal]]] = {}
    positions = [index for index, _ in spots]
    for index, key in spots:
        figures = found.setdefault(key, [])
        start = index + len(key)
        clause_end = _CLAUSE_END_RE.search(folded, start)
        end = len(folded) if clause_end is None else clause_end.start()
        for at, other in islice(spots, bisect_left(positions, start), None):
            if at >= end:
                break
            if other != key and other not in key and at + len(other) <= end:
                end = at  # another project's figures follow
                break
        clause = folded[start:end]
        for position, amount in enumerate(amounts(clause)):
            if position == 0:
                if re.search(r"[,:]", clause[: amount.start]) or len(amount.label) > 12:
                    break  # the first figure is not the project's own
                qualifier = amount.role or _qualifier_before(folded[:index]) or _title_qualifier(section)
            elif amount.role in ("预算", "决算") and not _TOTAL_LABEL_RE.search(amount.label):
                qualifier = amount.role
            else:
                break  # a figure of something else, or a total of all projects (全年预算合计…)
            if qualifier in ("预算", "决算"):
                figures.append((qualifier, amount.value))
    return {key: figures for key, figures in found.items() if figures}


_CLAUSE_END_RE = re.compile(r"[;。]")
_TOTAL_LABEL_RE = re.compile(r"合计|总计|共计")


def _basic_columns(table, year: int | None) -> dict[str, int]:
    """Columns of the 基础数据表 holding this year's 预算数 and 决算数."""
    for labels in cell_labels(table)[:12]:
        budget = [i for i, lab in enumerate(labels) if lab.endswith("预算数") and (not year or str(year) in lab)]
        final = [i for i, lab in enumerate(labels) if lab.endswith("决算数") and (not year or str(year) in lab)]
        if budget or final:
            shift = 1 if labels[0].endswith("数") else 0  # header without a label cell: data rows have one
            columns = {}
            if budget:
                columns["预算"] = budget[0] + shift
            if final:
                columns["决算"] = final[0] + shift
            return columns
    return {}


# --- a total and its parts, stated in running text -----------------------------------------------------

# Words that hand a total over to its parts: 总额X，其中：a、b / 24人，分别为… / X（含a、b）
_INTRODUCER_RE = re.compile(r"其中[：:]?|包括[：:]?|包含[：:]?|分别为[：:]?|分别是[：:]?")
_BRACKET_INTRODUCER_RE = re.compile(r"\s*(?:其中|含|包括|包含)[：:]?")
# A total written after its parts (a、b，合计X). 累计 is a running total (累计支出), not the sum of what precedes.
_TOTAL_AFTER_RE = re.compile(r"合计|共计|总计|总额|一共")
# A total written before parts that share it out without 其中: 共15个项目，年初8个，年中增加8个.
_TOTAL_MARK_RE = re.compile(r"(?:共|共计|合计|总计)[\u4e00-\u9fff]{0,4}$")
_PARTITION_RE = re.compile(r"年初|年中|年末|新增|续建|追加|增加|调增|结转|当年|已完成|未完成|完工|在建|新开工|延续")
# 比上年增加20万元: a figure compared with another, not a part of the total.
_COMPARED_RE = re.compile(r"比|较|同比|环比")
# Parts taken away or left over: a breakdown with one of them does not simply add up.
_TAKEN_AWAY_RE = re.compile(r"调减|减少|压减|收回|退回|缴回|结余|节约|差额|剩余")
LAST_YEAR_RE = re.compile(r"上年(?!结转)|去年|上一年|上年度|同期")
_BUDGET_SIDE_RE = re.compile(r"预算|年初|追加|批复|调整后|下达")
_SPENT_SIDE_RE = re.compile(r"执行|决算|实际|支付|拨付|使用|已支出")
_GAP_FILLER = set(" \u3000\t，,、：:＿（(")
_STOP_RE = re.compile(r"[；;]")
# Every word one of the patterns above needs (共 for 共计 and 一共, 含 for 包含): a sentence without one holds no
# breakdown, nor does any bracket inside it.
_BREAKDOWN_WORD_RE = re.compile(r"[共含]|其中|包括|分别[为是]|合计|总计|总额")
_SAME_COUNT = {"名": "人"}  # 24名 and 3人 count the same people


@dataclass(frozen=True)
class Breakdown:
    """A total the text states and the parts it says make it up."""

    total: Amount
    parts: tuple[Amount, ...]  # (a figure's start and end are within its own bracket level)
    text: str  # the sentence (and any sentences its parts run on into)
    # The wording says the parts are all of the total: 分别为, a total after its parts (合计), a partition
    # (年初…年中…), or parts named as the sides of one division (男/女, 在编/编外…). A bare 其中 may list
    # only some parts (其中办公费…、差旅费…), or subsets that overlap (其中党员…，女职工…).
    whole: bool = False
    partial: bool = False  # the list ends with 等: it names only some parts
    kindred: bool = False  # the parts are kinds of one thing (专项检查、日常检查): likely, not surely, all of them


def side(label_text: str) -> str | None:
    """Whether a label announces a budget figure, a spent figure, or neither.

    >>> [side(t) for t in ("年初预算批复的基本支出为", "全年实际决算支出", "基本支出", "预算执行差额")]
    ['预算', '决算', None, None]
    """
    budget, spent = _BUDGET_SIDE_RE.search(label_text), _SPENT_SIDE_RE.search(label_text)
    if budget and not spent:
        return "预算"
    if spent and not budget:
        return "决算"
    return None


def same_kind(a: Amount, b: Amount) -> bool:
    if a.money or b.money:
        return a.money and b.money
    return _SAME_COUNT.get(a.unit, a.unit) == _SAME_COUNT.get(b.unit, b.unit)


def _clean_parts(total: Amount, parts: list[Amount], masked: str) -> tuple[Amount, ...] | None:
    """The parts that share out ``total``, or ``None`` when the figures are not one breakdown (mixed units, 预算
    beside 决算, 上年 beside 本年, a share of another part, a part taken away)."""
    parts = [p for p in parts if not _COMPARED_RE.search(p.label)]
    if len(parts) < 2 or not all(same_kind(total, p) for p in parts):
        return None
    if any(_TAKEN_AWAY_RE.search(p.label) for p in parts):
        return None
    if total.money and any(re.match(r"\s*[，,]?\s*占", masked[p.end :]) for p in parts):
        return None  # parts with their 占…% (总收入…其中a，占x%): share_sums' claim, nested shares included
    last_year = bool(LAST_YEAR_RE.search(total.label))
    if any(bool(LAST_YEAR_RE.search(p.label)) != last_year for p in parts):
        return None
    if total.money:
        sides = {side(p.label) for p in parts} - {None}
        whole = side(total.label)
        if len(sides) > 1 or (whole and sides and sides != {whole}):
            return None
    return tuple(parts)


# Divisions whose sides make up a whole: parts named by them are all the parts there are.
_DIVISIONS = [
    ("男", "女"),
    ("在职", "退休", "离休"),
    ("在编", "编外", "聘用", "借调", "购买服务", "临聘", "劳务派遣"),
    ("线上", "线下"),
    ("年初", "年中", "新增", "续建", "追加"),
    ("已完成", "未完成", "在建", "完工"),
    ("基本支出", "项目支出"),
    ("人员经费", "公用经费"),
    ("流动资产", "非流动资产"),
]


def _sides_of_one_division(parts: tuple[Amount, ...]) -> bool:
    """Whether each part is named by a different side of one division (男职工12人，女职工13人)."""
    for division in _DIVISIONS:
        sides = [
            next((word for word in sorted(division, key=len, reverse=True) if word in p.label), None) for p in parts
        ]
        if all(sides) and len(set(sides)) == len(sides):
            return True
    return False


def _kindred(parts: tuple[Amount, ...]) -> bool:
    """Whether the parts' names end alike (线上培训、线下培训; 专项检查、日常检查): kinds of one thing.

    >>> _kindred(tuple(amounts("其中专项检查6次、日常检查8次", counts=True)))
    True
    >>> _kindred(tuple(amounts("其中党员12人，女职工13人", counts=True)))
    False
    """
    names = [re.sub(r"^(?:其中|包括|包含|分别为|分别是)?[：:]?", "", p.label) for p in parts]
    if len(set(names)) < len(names) or not all(names):
        return False
    shortest = min(len(n) for n in names)
    common = 0
    while common < shortest and len({n[-common - 1] for n in names}) == 1:
        common += 1
    return common >= 2 and all(len(n) > common for n in names)


def _gap_is_filler(gap: str, noun: str = "") -> bool:
    if noun and gap.startswith(noun):
        gap = gap[len(noun) :]
    return all(ch in _GAP_FILLER for ch in gap)


def _total_before(figures: list[Amount], ends: list[int], masked: str, at: int) -> Amount | None:
    """The figure that ends right before ``at`` with nothing but punctuation between (or a count's noun);
    ``ends`` are the figures' ends, in order."""
    count = bisect_right(ends, at)
    if count and _gap_is_filler(masked[figures[count - 1].end : at], figures[count - 1].noun):
        return figures[count - 1]
    return None


def _bare_figure(sentence: str, total: Amount) -> Amount | None:
    """A sentence that is nothing but a name and one figure (``大楼运行维护费103.86万元。``): a run-on part."""
    found = amounts(sentence, counts=not total.money)
    if len(found) != 1 or not same_kind(total, found[0]):
        return None
    figure = found[0]
    head, tail = sentence[: figure.start], sentence[figure.end :]
    if len(head.strip()) > 30 or re.search(r"[，,：:；;]", head) or tail.strip(" 　。；;\n"):
        return None
    return figure if names_something(figure.label) else None  # 全年结余13万元。 is no part of the list


def _split_brackets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with its closed top-level brackets blanked (same length), and the brackets' spans."""
    if "（" not in text and "(" not in text:
        return text, []  # most sentences: nothing to blank
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for mark in _BRACKET_RE.finditer(text):
        index = mark.start()
        if mark.group() in "（(":
            if depth == 0:
                start = index
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index))
    masked = list(text)
    for a, b in spans:
        masked[a : b + 1] = "＿" * (b - a + 1)
    return "".join(masked), spans


_BRACKET_RE = re.compile(r"[（()）]")


def _segment_breakdowns(text: str, following: tuple[str, ...], outer: Amount | None, evidence: str) -> list[Breakdown]:
    """Breakdowns of one bracket level of a sentence, then of each bracket inside it (``outer`` is the figure
    right before the bracket, the total of a bracket that opens with 其中/含)."""
    masked, spans = _split_brackets(text)
    figures = amounts(masked, counts=True)
    figure_ends = [f.end for f in figures]
    introducers = list(_INTRODUCER_RE.finditer(masked))
    stops = [m.start() for m in _STOP_RE.finditer(masked)]
    found: list[Breakdown] = []

    def add(total: Amount, parts: list[Amount], more: str = "", whole: bool = True) -> None:
        clean = _clean_parts(total, parts, masked)
        if clean:
            partial = bool(re.match(r"\s*等", masked[clean[-1].end :])) if not more else False
            whole = whole or _sides_of_one_division(clean)
            found.append(Breakdown(total, clean, evidence + more, whole and not partial, partial, _kindred(clean)))

    # 总额X，其中：a、b、c (the parts stop at a clause end, a nested 其中, or a total of their own)
    for index, intro in enumerate(introducers):
        total = _total_before(figures, figure_ends, masked, intro.start())
        if total is None and outer is not None and _BRACKET_INTRODUCER_RE.match(masked[: intro.end()]):
            total = outer
        if total is None:
            continue
        ends = [s for s in stops if s > intro.end()]
        if index + 1 < len(introducers):
            ends.append(introducers[index + 1].start())
        end = min(ends, default=len(masked))
        parts = []
        for figure in figures:
            if intro.end() <= figure.start < end:
                if _TOTAL_AFTER_RE.search(figure.label):
                    end = figure.start
                    break
                parts.append(figure)
        more = ""
        if end == len(masked) and outer is None and parts:
            for sentence in following:  # 其中：a万元。b万元。c万元。
                run_on = _bare_figure(sentence, total)
                if run_on is None:
                    break
                parts.append(run_on)
                more += sentence
        add(total, parts, more, whole=intro.group(0).startswith("分别"))
    # 年初a，年中追加b，合计X
    for total in figures:
        if not _TOTAL_AFTER_RE.search(total.label):
            continue
        starts = [s for s in stops if s < total.start] + [i.end() for i in introducers if i.end() <= total.start]
        start = max(starts, default=0)
        if any(start <= i.start() < total.start for i in introducers):
            continue
        add(total, [f for f in figures if start <= f.start and f.end <= total.start])
    # 共15个项目，年初8个，年中增加8个
    for total in figures:
        if not _TOTAL_MARK_RE.search(total.label.rstrip(" 　")):
            continue
        ends = [s for s in stops if s > total.end] + [i.start() for i in introducers if i.start() >= total.end]
        end = min(ends, default=len(masked))
        if any(total.end <= i.start() < end for i in introducers):
            continue
        parts = [f for f in figures if total.end <= f.start < end]
        if parts and all(_PARTITION_RE.search(p.label) for p in parts if not _COMPARED_RE.search(p.label)):
            add(total, parts)
    for a, b in spans:
        inner = text[a + 1 : b]
        before = _total_before(figures, figure_ends, masked, a)
        found.extend(_segment_breakdowns(inner, (), before, evidence))
    return found


_SENTENCE_MARK_RE = re.compile(r"[（()）\n。！？!?]")


@text_cache(maxsize=4096)
def bracket_sentences(text: str) -> tuple[str, ...]:
    """Sentences of a paragraph that do not end inside a bracket: ``a（其中b、c。），d。`` is one sentence.

    >>> bracket_sentences("基本支出10万元（其中人员经费6万元、公用经费4万元。），年中追加2万元。下一句。")
    ('基本支出10万元（其中人员经费6万元、公用经费4万元。），年中追加2万元。', '下一句。')
    """
    found, depth, start = [], 0, 0
    for mark in _SENTENCE_MARK_RE.finditer(text):  # the brackets and sentence ends, not every character
        char, index = mark.group(), mark.start()
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif char == "\n" or depth == 0:
            end = index if char == "\n" else index + 1
            if text[start:end].strip():
                found.append(text[start:end])
            start, depth = index + 1, 0
    if text[start:].strip():
        found.append(text[start:])
    return tuple(found)


def breakdowns(text: str) -> list[Breakdown]:
    """Totals and their parts stated in a paragraph.

    Written as 总额X，其中：a、b、c (or 包括, 分别为; parts that run on over bare ``名称X万元。`` sentences), as
    a、b，合计X, as 共15个项目，年初8个，年中增加8个, and inside brackets (X（其中a、b））. Figures of different kinds
    (money and counts, 卷 and 件), 预算 beside 决算, 上年 beside 本年 and parts given with their 占比 are left alone.

    >>> def shown(text):
    ...     return [(b.total.shown, [p.shown for p in b.parts]) for b in breakdowns(text)]
    >>> shown("支出合计520万元，其中基本支出310万元、项目支出200万元。")
    [('520万元', ['310万元', '200万元'])]
    >>> shown("共15个项目，年初8个，年中增加8个。")
    [('15个', ['8个', '8个'])]
    >>> breakdowns("共接收档案500卷，其中文书档案4000件，会计档案300卷，照片200卷。")
    []
    """
    items = bracket_sentences(text)
    found: list[Breakdown] = []
    for index, sentence in enumerate(items):
        if _BREAKDOWN_WORD_RE.search(sentence):  # else no form below can match: most sentences
            found.extend(_segment_breakdowns(sentence, items[index + 1 :], None, sentence))
    return found
