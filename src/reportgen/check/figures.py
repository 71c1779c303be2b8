"""Find money figures in a draft's sentences and tables: what quantity, which qualifier, where, what value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from reportgen.check.model import Section
from reportgen.check.read import fold
from reportgen.check.structure import ParsedReport
from reportgen.check.tables import basic_data_tables, indicator_tables, label, number

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
}
CANONICAL = {"整体支出": "支出", "总支出": "支出"}
_AMOUNT = r"(\d+(?:\.\d+)?)\s*(?:万元|万(?![人件卷页条册张次]))"
_LABELS = sorted([*ABSOLUTE, *RELATIVE], key=len, reverse=True)
MENTION_RE = re.compile(
    rf"(?P<label>{'|'.join(_LABELS)})(?P<suffix>预算数|决算数|执行数|预算|决算)?"
    rf"(?:合计|总额)?(?:为|是|共|达|:|：)?\s*{_AMOUNT}"
)
AMOUNT_RE = re.compile(_AMOUNT)
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
# Words that say which figure of a thing an amount is, not which thing: left over, the label names something else.
_ATTRIBUTE_RE = re.compile(
    r"\d{4}\s*年度?|全年|年初|年中|年末|年终|本年|当年|调整后|预算|决算|执行|实际|支出|追加|结余|结转|合计|总计|共计"
    r"|总额|批复|收入|累计|完成|使用|安排|下达|到位|资金|财政|拨款|金额|其中|经费|数|为|是|共|达|的|已|元|万|约|\s"
)


@dataclass
class Amount:
    """One ``X万元`` in a text, with the words just before it that say what it is."""

    value: Decimal
    start: int
    end: int
    label: str  # text from the previous punctuation or amount up to the number
    role: str | None  # "预算" | "决算" | "其他" (年初, 结余, 追加…) | None when the label does not say


def amount_role(label_text: str) -> str | None:
    """What kind of figure a label announces.

    >>> [amount_role(t) for t in ("全年基本支出预算", "全年执行数", "年终结余", "调整后预算", "图书购置费", "实际到位")]
    ['预算', '决算', '其他', '预算', None, '其他']
    """
    if "调整后" in label_text:
        return "预算"
    # Money that arrived (到位) is neither the budget nor what was spent.
    if re.search(r"年初|结余|结转|追加|差额|增长|增加|减少|下降|上年|同比|节约|超支|未|到位", label_text):
        return "其他"
    if re.search(r"执行|决算|实际", label_text):
        return "决算"
    if "预算" in label_text:
        return "预算"
    if re.search(r"支出|使用|拨付|支付", label_text):
        return "决算"
    return None


def amounts(text: str) -> list[Amount]:
    """Every amount of a text in order, each with its label (the words since the last punctuation or amount)."""
    found = []
    previous = 0
    for match in AMOUNT_RE.finditer(text):
        head = text[previous : match.start()]
        cut = max(head.rfind(ch) for ch in _BOUNDARY)
        label_text = head[cut + 1 :].strip()
        found.append(Amount(Decimal(match.group(1)), match.start(), match.end(), label_text, amount_role(label_text)))
        previous = match.end()
    return found


def names_something(text: str) -> bool:
    """Whether words name a thing of their own (a project, an item), not just a figure of the current subject.

    >>> names_something("年中追加"), names_something("其中：档案保管保护费")
    (False, True)
    """
    rest = _ATTRIBUTE_RE.sub("", text)
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 2


def mask_closed_brackets(text: str) -> str:
    """Text with finished （…） asides blanked (same length), so words inside them name no subject.

    >>> mask_closed_brackets("基本支出395.34万元（其中人员经费330.89万元），年中追加")
    '基本支出395.34万元＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿，年中追加'
    """
    pattern = re.compile(r"[（(][^（()）]*[)）]")
    while True:
        masked = pattern.sub(lambda m: "＿" * len(m.group(0)), text)
        if masked == text:
            return masked
        text = masked


@dataclass
class Mention:
    """One stated figure: ``项目支出`` [决算] = 588.43 in 正文 > 二、… (quote)."""

    quantity: str
    qualifier: str | None
    value: Decimal
    where: str
    quote: str
    start: int = 0  # offset in its sentence


@lru_cache(maxsize=16384)
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
    for match in MENTION_RE.finditer(sentence):
        name, suffix = match.group("label"), match.group("suffix")
        value = Decimal(match.group(3))
        before = sentence[: match.start()]
        if name in RELATIVE:
            qualifier = RELATIVE[name]
            masked = mask_closed_brackets(before)
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
    """Whether the words between a subject and a figure name another thing the figure then belongs to."""
    pieces = re.split(rf"[{re.escape(_BOUNDARY)}]", AMOUNT_RE.sub("，", gap))
    return any(names_something(piece) for piece in pieces)


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


def _name_key(name: str) -> str:
    key = fold(name)
    return re.sub(r"(项目)?(建设)?(项目)?$", "", key)


def project_mentions(draft: ParsedReport, year: int | None) -> dict[str, list[Mention]]:
    """Budget and spending of each project named in a 项目支出绩效自评表, wherever else it is stated."""
    projects: dict[str, list[Mention]] = {}
    names: dict[str, str] = {}
    for table in indicator_tables(draft):
        if table.kind != "project" or not table.name or table.funding is None:
            continue
        key = _name_key(table.name)
        names[key] = table.name
        where = f"{table.where}（{table.name}项目支出绩效自评表）"
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
            key = _name_key(label(row[0]))
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
            for key, display in names.items():
                figures = _project_figures(folded, key, names, section)
                if figures:
                    at = sentence.find(key)
                    quote = sentence[at:].strip() if at > 0 else sentence.strip()
                for qualifier, value in figures:
                    projects[key].append(Mention(display, qualifier, value, section.path, quote))
    return projects


def _project_figures(folded: str, key: str, names: dict[str, str], section: Section) -> list[tuple[str, Decimal]]:
    """Budget and spending stated right after a project's name, up to the end of its clause.

    ``档案保管保护费17.71万元(全年预算17.95万元,执行率98.66%)`` → 决算 17.71 (from the context), 预算 17.95.
    """
    found: list[tuple[str, Decimal]] = []
    start = 0
    while (index := folded.find(key, start)) >= 0:
        start = index + len(key)
        clause = re.split(r"[;。]", folded[start:], maxsplit=1)[0]
        others = [clause.find(k) for k in names if k != key and k not in key and clause.find(k) >= 0]
        if others:
            clause = clause[: min(others)]  # another project's figures follow
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
                found.append((qualifier, amount.value))
    return found


_TOTAL_LABEL_RE = re.compile(r"合计|总计|共计")


def _basic_columns(table, year: int | None) -> dict[str, int]:
    """Columns of the 基础数据表 holding this year's 预算数 and 决算数."""
    for row in table.rows[:12]:
        labels = [label(c) for c in row]
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
