"""Turn read blocks into a parsed draft: body section tree, attachments, numbering marks, profile and kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, TypeVar, cast

from reportgen.caches import by_identity, text_cache
from reportgen.check.model import Block, Detection, Paragraph, Section, TableBlock
from reportgen.check.read import fold
from reportgen.numbers import cn_numeral
from reportgen.profiles import Profile, SectionSpec, builtin_profiles, get_profile

T = TypeVar("T")

_CN = "一二三四五六七八九十"
# (style, natural level, pattern); the numeral is group 1, the title follows the match.
NUMERAL_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    ("cn_dun", 1, re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]\s*")),
    ("cn_paren", 2, re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*")),
    ("num_dot", 3, re.compile(r"^(\d{1,2})\s*[.．](?:(?!\d)|(?=\d{4}年))\s*")),
    ("num_dun", 3, re.compile(r"^(\d{1,2})\s*、\s*")),
    ("num_paren", 4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
    ("num_half", 4, re.compile(r"^(\d{1,2})[）)]\s*")),
    ("circled", 5, re.compile(r"^([①-⑳])\s*")),
]
STYLE_LEVEL = {style: level for style, level, _ in NUMERAL_PATTERNS}
_ATTACHMENT_MARK_RE = re.compile(r"^附件\s*(\d{1,2})\s*(?:[（(]\s*(\d{1,2})\s*[）)])?\s*[:：]?\s*(.{0,40})$")
_ATTACHMENT_LIST_RE = re.compile(r"^附件\s*[:：]\s*(.*)$")
_REPORT_TITLE_RE = re.compile(r"(自评报告|评价报告)\s*$")


def numeral_value(text: str) -> int:
    """The value of a heading numeral: ``"十二"`` → 12, ``"③"`` → 3, ``"7"`` → 7.

    >>> [numeral_value(t) for t in ("三", "十", "十二", "二十", "③", "7")]
    [3, 10, 12, 20, 3, 7]
    """
    if text.isdigit() and text.isascii():
        return int(text)
    if text and "①" <= text[0] <= "⑳":
        return ord(text[0]) - ord("①") + 1
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN.index(text[1]) + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.index(tens) + 1) * 10 + (_CN.index(ones) + 1 if ones else 0)
    return _CN.index(text) + 1


@dataclass
class Numbered:
    """A numbered heading or numbered paragraph, kept for the numbering rules."""

    style: str
    level: int  # the level it was placed at (may differ from the style's natural level)
    value: int
    numeral: str
    text: str
    line: int
    is_heading: bool
    parent: Section
    form: str = ""  # the numeral's shape without its value ("N、", "(C)"), to tell styles apart
    malformed: str = ""  # what is wrong with how the numeral is written, e.g. 缺少右括号「）」
    expected: str = ""  # how the numeral should be written, when malformed


@dataclass
class Attachment:
    """An attached table or document part: ``附件2 部门整体支出绩效自评表`` and its tables."""

    label: str  # "附件2", "附件3（1）" or "" for a table found in the body
    caption: str
    tables: list[TableBlock] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def is_rubric(self) -> bool:
        return "评分表" in self.caption or "考核" in self.caption


@dataclass
class ParsedReport:
    """A parsed draft: what every rule and the rubric look at."""

    blocks: list[Block]
    root: Section
    profile: Profile
    profile_detected: bool
    numbered: list[Numbered]
    attachments: list[Attachment]
    attachment_list: list[str]  # names listed under 附件：
    title: str
    year: int | None
    unit: str = ""  # 单位名称, from the title or the first lines
    detection: Detection | None = None  # how sure the profile and kind are, and why
    # what rules derive from the report more than once (its 自评表 tables), computed once
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per report: what several rules derive from it (its 自评表 tables, its figures)."""
        if key not in self.derived:
            self.derived[key] = compute()
        return cast(T, self.derived[key])

    @property
    def kind(self) -> str:
        return "项目支出" if self.profile.kind == "project" else "部门整体支出"

    def sections(self):
        for child in self.root.children:
            yield from child.walk()

    def body_tables(self) -> list[TableBlock]:
        return [b for s in self.root.walk() for b in s.body if isinstance(b, TableBlock)]

    def all_tables(self) -> list[tuple[str, TableBlock]]:
        """Every table with where it is: the section path or the attachment label."""
        found = [(s.path or "正文", b) for s in self.root.walk() for b in s.body if isinstance(b, TableBlock)]
        for att in self.attachments:
            if not att.is_rubric:
                found.extend((att.label or att.caption, t) for t in att.tables)
        return found

    def top_sections(self) -> list[Section]:
        return self.root.children


@dataclass(frozen=True)
class Numeral:
    """A numeral that starts a paragraph: its style, value, text as written, and what is wrong with it."""

    style: str
    value: int
    numeral: str  # as written: "（二）", "2.", "（一" (malformed)
    rest: str  # the text after it
    malformed: str = ""  # what is wrong with how it is written: 缺少右括号「）」…; "" when well formed
    expected: str = ""  # how it should be written, when malformed

    @property
    def form(self) -> str:
        """The numeral's shape without its value, to compare styles: ``"N、"``, ``"N."``, ``"(N)"``, ``"C、"``."""
        return _DIGITS_RE.sub("N", _CN_RUN_RE.sub("C", fold(self.numeral)))


_CN_RUN_RE = re.compile(rf"[{_CN}]+")
_DIGITS_RE = re.compile(r"\d+|[①-⑳]")
# Numerals written wrongly but meant as a level-2 numeral: (pattern, what is wrong). The numeral is group 1.
_CN_WORD_AFTER = "般是些级次个项年季月批期类档号等线公分定体律直同起致并流大小本件人家名所贯切手把带"
_MALFORMED: list[tuple[str, re.Pattern[str], str]] = [
    (
        "cn_paren",
        re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})(?=[\u4e00-\u9fff])(?![{_CN_WORD_AFTER}])"),
        "缺少右括号「）」",
    ),
    ("cn_paren", re.compile(rf"^([{_CN}]{{1,3}})\s*[）)]\s*"), "缺少左括号「（」"),
    (
        "cn_dun",
        re.compile(rf"^([{_CN}]{{1,3}})\s*[，,]\s*(?=[\u4e00-\u9fff])(?![{_CN}{_CN_WORD_AFTER}])"),
        "后面用了逗号",
    ),
    ("num_paren", re.compile(r"^[（(]\s*(\d{1,2})(?=[\u4e00-\u9fff])(?![年月日号个项次万元%])"), "缺少右括号「）」"),
]


@text_cache(maxsize=16384)
def parse_numeral(text: str) -> Numeral | None:
    """The heading numeral a paragraph starts with, well formed or not (``（一绩效目标`` → 缺少右括号)."""
    for style, _level, pattern in NUMERAL_PATTERNS:
        match = pattern.match(text)
        if match and len(text) > match.end():
            numeral = text[: match.end()].strip()
            rest = text[match.end() :].strip()
            found = Numeral(style, numeral_value(match.group(1)), numeral, rest)
            return _check_form(found)
    for style, pattern, problem in _MALFORMED:
        match = pattern.match(text)
        if not match or len(text) <= match.end():
            continue
        rest = text[match.end() :].strip()
        if problem.startswith("缺少右括号") and re.search(r"[）)]", rest):
            continue  # a parenthesis closed later: 「（一般公共预算）」 is not a numeral
        value = numeral_value(match.group(1))
        return Numeral(style, value, text[: match.end()].strip(), rest, problem, _standard_numeral(style, value))
    return None


def _check_form(found: Numeral) -> Numeral:
    """A well-parsed numeral whose brackets do not pair up, or that is followed by a stray 、."""
    numeral, style = found.numeral, found.style
    expected = _standard_numeral(style, found.value)
    if style in ("cn_paren", "num_paren") and numeral[:1] + numeral[-1:] in ("(）", "（)"):
        return Numeral(style, found.value, numeral, found.rest, "的左右括号一个全角一个半角", expected)
    if style in ("cn_paren", "num_paren") and found.rest[:1] in ("、", ".", "．", "，", ","):
        written = numeral + found.rest[0]
        rest = found.rest[1:].strip()
        return Numeral(style, found.value, written, rest, f"的括号后面多了「{found.rest[0]}」", expected)
    return found


def numeral_text(style: str, value: int) -> str:
    """A numeral of ``style`` written out: ``二、``, ``（二）``, ``（2）``, ``2）``, ``②``, ``2、`` or ``2.``."""
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


def _standard_numeral(style: str, value: int) -> str:
    """How a numeral of this style is written properly: ``（二）``, ``二、``, ``（2）``, else ``2.``."""
    return numeral_text(style if style in ("cn_dun", "cn_paren", "num_paren") else "num_dot", value)


def parse_heading(text: str) -> tuple[str, int, str, str] | None:
    """``(style, value, numeral, rest)`` when the paragraph starts with a heading numeral."""
    found = parse_numeral(text)
    return None if found is None else (found.style, found.value, found.numeral, found.rest)


_SENTENCE_MARK_RE = re.compile(r"[。；;！？]")
_LEADING_YEAR_RE = re.compile(r"^\d{4}年(度)?(我部门|本部门)?")
_DOUBLED_RE = re.compile(r"(.)\1+")


def is_heading_text(rest: str) -> bool:
    """A short title (not a numbered paragraph that runs on into sentences)."""
    body = rest.rstrip("。：:；;.")
    if not body or len(body) > 40:
        return False
    if _SENTENCE_MARK_RE.search(body):
        return False
    return not rest.endswith(("，", ","))


@text_cache(maxsize=8192)
def title_key(title: str) -> str:
    """Title for comparison: folded, without a leading year or trailing punctuation, doubled characters collapsed
    (the year goes first: collapsing first would make 2022年度 into 202年度, which no longer reads as a year).

    >>> title_key("2022年度部门门整体支出绩效目标。")
    '部门整体支出绩效目标'
    """
    key = _LEADING_YEAR_RE.sub("", fold(title).rstrip("。:;."))
    return _DOUBLED_RE.sub(r"\1", key)


def match_score(title: str, spec: SectionSpec) -> float:
    """How well a heading title matches a skeleton section (1 exact … 0 none)."""
    key = title_key(title)
    if not key:
        return 0.0
    return _match_key(key, _keys_of(spec))


def _keys_of(spec: SectionSpec) -> tuple[str, ...]:
    """The keys of a skeleton section's title and aliases."""
    return _spec_keys(spec.title, tuple(spec.aliases))


@lru_cache(maxsize=1024)
def _spec_keys(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(title_key(name) for name in (title, *aliases))


@text_cache(maxsize=16384)
def _match_key(key: str, targets: tuple[str, ...]) -> float:
    best = 0.0
    size = len(key)
    for target in targets:
        if key == target:
            return 1.0
        length = len(target)
        if length >= 4 and target in key:
            # a longer name inside the heading says more: 「绩效目标完成情况」 is 绩效目标完成, not just 绩效目标
            edge = key.startswith(target) or key.endswith(target)
            best = max(best, (0.9 if edge else 0.8) + 0.04 * length / size)
        # SequenceMatcher's ratio is 2·matches / total, and matches are at most the shorter string, or the
        # characters of each found in the other: bounds that rule most pairs out before the full comparison
        total = size + length
        if 2 * min(size, length) < 0.8 * total:
            continue
        shared = min(sum(map(_chars(target).__contains__, key)), sum(map(_chars(key).__contains__, target)))
        if 2 * shared >= 0.8 * total:
            ratio = SequenceMatcher(None, key, target).ratio()
            if ratio >= 0.8:
                best = max(best, ratio * 0.95)
    return best


@text_cache(maxsize=8192)
def _chars(text: str) -> frozenset[str]:
    return frozenset(text)


def _any_matches(keys: list[str], targets: tuple[str, ...]) -> bool:
    """Whether one of the heading keys matches a section's names well (0.8); an exact match is found first."""
    return not set(targets).isdisjoint(keys) or any(_match_key(key, targets) >= 0.8 for key in keys)


def _profile_score(profile: Profile, titles: list[tuple[int, str]], title_text: str) -> float:
    score = 0.0
    # the headings' keys once, not once per skeleton section (as match_score would)
    parts = [key for level, t in titles if level != 2 and (key := title_key(t))]
    subparts = [key for level, t in titles if level != 1 and (key := title_key(t))]
    for spec in profile.sections:
        if _any_matches(parts, _keys_of(spec)):
            score += 2
        score += sum(1 for child in spec.children if _any_matches(subparts, _keys_of(child)))
    if profile.kind == "project" and "项目支出" in title_text:
        score += 6
    if profile.kind == "department" and re.search(r"整体支出", title_text):
        score += 2
    return score


# --- kind: 项目支出 or 部门整体支出, from the whole document -----------------------------------------

_PROJECT_TITLE_RE = re.compile(
    r"项目支出|项目(?:资金)?(?:绩效)?(?:自评|评价)|转移支付|衔接(?:推进乡村振兴)?(?:补助)?资金|专项资金"
    r"|(?:补助|奖补|专项)资金|资金(?:使用)?(?:绩效)?(?:自评|评价)(?:的)?(?:报告|情况)"
)
_DEPARTMENT_TITLE_RE = re.compile(
    r"部门整体支出|整体支出|部门整体|单位整体|整体绩效|部门(?:（单位）|\(单位\))?绩效(?:自评|评价)"
)
_PROJECT_WORDS = (
    "项目概况",
    "项目基本情况",
    "项目资金",
    "项目实施",
    "项目绩效",
    "项目管理",
    "项目立项",
    "项目组织",
    "项目产出",
    "项目效益",
    "资金到位",
    "项目自评",
)
_DEPARTMENT_WORDS = (
    "部门职能",
    "部门概况",
    "单位概况",
    "部门基本情况",
    "单位基本情况",
    "部门(单位)",
    "整体支出",
    "内设机构",
    "人员编制",
    "基本支出",
    "履职",
    "部门整体",
    "单位职能",
)
KIND_NAMES = {"project": "项目支出", "department": "部门整体支出"}


@dataclass(frozen=True)
class KindGuess:
    """项目支出 or 部门整体支出, how sure (0.5 a guess … 1), and the signs it rests on (Chinese)."""

    kind: str  # "project" | "department"
    confidence: float
    basis: str


def detect_kind(
    title: str, headings: list[tuple[int, str]], tables: list[tuple[str, TableBlock]], head: str = ""
) -> KindGuess:
    """Weigh the title (or, when it says nothing, the lines around it), the 自评表 tables and the headings'
    words: a 项目绩效自评报告, a 转移支付 or 衔接资金 report, a report with one project table and project
    headings is 项目支出; anything else 部门整体支出.

    ``tables`` are (caption, table) pairs: attachment captions and the tables of the body.
    """
    project, department = 0, 0
    signs: list[str] = []
    for text, weight, where in ((title, 5, "标题"), (head, 3, "标题前后")):
        if match := _DEPARTMENT_TITLE_RE.search(text):
            department += weight
        elif match := _PROJECT_TITLE_RE.search(text):
            project += weight
        if match:
            signs.append(f"{where}含「{match.group(0)}」")
            break
    project_tables = department_tables = 0
    for caption, table in tables:
        kind = _table_kind(caption, table)
        project_tables += kind == "project"
        department_tables += kind == "department"
    if department_tables:
        department += 2
        signs.append("附有部门整体支出绩效自评表")
    elif project_tables:
        project += 2 if project_tables == 1 else 1
        signs.append(f"附有{project_tables}张项目支出绩效自评表")
    keys = [fold(text) for _level, text in headings]
    project_words = [w for w in _PROJECT_WORDS if any(w in k for k in keys)]
    department_words = [w for w in _DEPARTMENT_WORDS if any(w in k for k in keys)]
    project += min(len(project_words), 3)
    department += min(len(department_words), 3)
    if project_words:
        signs.append("章节标题有" + "、".join(project_words[:3]))
    if department_words:
        signs.append("章节标题有" + "、".join(w.replace("(单位)", "（单位）") for w in department_words[:3]))
    kind = "project" if project > department else "department"
    winner, loser = max(project, department), min(project, department)
    confidence = round(0.5 + 0.5 * (winner - loser) / (winner + loser + 2), 2)
    if not signs:
        signs.append("没有找到项目支出报告的特征")
    return KindGuess(kind, confidence, "；".join(signs))


def _table_kind(caption: str, table: TableBlock) -> str:
    """A 自评表's kind from its caption and cells: "project", "department" or "" (not a 自评表)."""
    cells = fold(caption) + "".join(fold(c) for row in table.rows[:12] for c in row)  # cell by cell: each kept
    if not re.search(r"一级指标|绩效指标|三级指标", cells):
        return ""
    if re.search(r"部门整体|整体支出|部门\(单位\)名称|部门名称", cells):
        return "department"
    if re.search(r"项目名称|项目支出|项目绩效", cells):
        return "project"
    return ""


# --- profile: the regional skeleton that fits, else the generic one ------------------------------------

# A regional profile is used only when its parts are found among the report's top-level headings and the
# report's top-level headings are its parts, each at least this well; below it the report is checked
# against `generic`. A report missing one of four parts, or with one unknown part of five, still fits.
PROFILE_FIT_THRESHOLD = 0.75


def detect_profile(titles: list[tuple[int, str]], title_text: str, kind: KindGuess | None = None) -> Profile:
    """The built-in regional profile whose skeleton the headings match best (ties go to the first defined);
    only profiles of the report's kind when the kind is clear."""
    profiles = [p for p in builtin_profiles().values() if p.kind != "any"]
    if kind is not None and kind.confidence >= 0.75:
        profiles = [p for p in profiles if p.kind == kind.kind] or profiles
    order = {"guangdong": 0, "hunan": 1, "jiangxi": 2, "project": 3}
    profiles.sort(key=lambda p: order.get(p.name, 9))
    return max(profiles, key=lambda p: _profile_score(p, titles, title_text))


def top_sections(root: Section) -> list[Section]:
    """The report's top-level parts: the level-1 sections, or the highest level there is when none is level 1."""
    children = [c for c in root.children if not c.title.startswith("附件")]
    if not children:
        return []
    top = 1 if any(c.level == 1 for c in children) else min(c.level for c in children)
    return [c for c in children if c.level == top]


def profile_fit(profile: Profile, root: Section) -> float:
    """How well a profile fits (0–1): the lower of the share of its required parts found among the report's
    top-level headings and the share of those headings that are parts of it (1 when they correspond one to one)."""
    tops = top_sections(root)
    required = [spec for spec in profile.sections if not spec.optional]
    if not tops or not required:
        return 0.0
    found = sum(1 for spec in required if any(match_score(t.title, spec) >= 0.75 for t in tops))
    known = sum(1 for t in tops if any(match_score(t.title, spec) >= 0.75 for spec in profile.sections))
    return round(min(found / len(required), known / len(tops)), 2)


def fit_generic(profile: Profile, root: Section) -> tuple[Profile, int]:
    """The generic skeleton laid out as this report writes it, and how many of its parts were found.

    Each part is looked for among the top-level headings, then among the second-level ones (「（三）绩效目标」
    under 「一、部门概况」), then in what is left of a top-level heading that already names another part
    (「存在问题及改进措施」 stands for both). The report's own headings become the parts to grade; a part
    found nowhere stays, to be reported missing.
    """
    tops = top_sections(root)
    parts: dict[int, list[SectionSpec]] = {id(t): [] for t in tops}
    nested: dict[int, list[tuple[Section, SectionSpec]]] = {id(t): [] for t in tops}
    placed: set[str] = set()
    pairs = sorted(
        ((match_score(t.title, spec), t.line, i, t, spec) for t in tops for i, spec in enumerate(profile.sections)),
        key=lambda p: (-p[0], title_key(p[3].title) != title_key(p[4].title), p[1], p[2]),  # a part's own title first
    )
    for score, _line, _i, top, spec in pairs:  # one part per heading, the best matches first
        if score >= 0.75 and spec.title not in placed and not parts[id(top)]:
            parts[id(top)].append(spec)
            placed.add(spec.title)
    for spec in profile.sections:  # a part written as a second-level heading
        if spec.title in placed:
            continue
        below = [(match_score(c.title, spec), -c.line, t, c) for t in tops for c in t.children if c.level == 2]
        best = max((b for b in below if b[0] >= 0.75), default=None, key=lambda b: (b[0], b[1]))
        if best is not None:
            nested[id(best[2])].append((best[3], spec))
            placed.add(spec.title)
    for top in tops:  # a heading naming two parts: the second is found in what the first leaves
        if len(parts[id(top)]) != 1:
            continue
        rest = _without(title_key(top.title), parts[id(top)][0])
        for spec in profile.sections:
            keys = _keys_of(spec)
            if spec.title not in placed and rest and _match_key(rest, keys) >= 0.75:
                parts[id(top)].append(spec)
                placed.add(spec.title)
                rest = _without(rest, spec)
    sections = []
    for top in tops:
        if parts[id(top)] or nested[id(top)]:
            children = [SectionSpec(title=c.title, aliases=[s.title]) for c, s in nested[id(top)]]
            sections.append(SectionSpec(title=top.title, aliases=[s.title for s in parts[id(top)]], children=children))
    sections += [spec for spec in profile.sections if spec.title not in placed]
    return profile.model_copy(update={"sections": sections}), len(placed)


def _without(key: str, spec: SectionSpec) -> str:
    """A heading key without the longest name of ``spec`` it contains (「存在问题及改进措施」 → 「及改进措施」)."""
    names = sorted((k for k in _keys_of(spec) if k and k in key), key=len, reverse=True)
    return key.replace(names[0], "|", 1).strip("|") if names else ""


def _strong_levels(rest: str, profile: Profile) -> set[int]:
    """Skeleton levels whose title (or alias) this heading text matches exactly."""
    key = title_key(rest)
    parts, subparts = _skeleton_keys(profile)
    return {level for level, keys in ((1, parts), (2, subparts)) if key in keys}


@by_identity(maxsize=64)  # fitted profiles are made per report: keep the store small
def _skeleton_keys(profile: Profile) -> tuple[frozenset[str], frozenset[str]]:
    """The keys of a profile's parts and of their subparts, gathered once per profile (every numbered line of a
    report asks)."""
    parts = frozenset(k for spec in profile.sections for k in _keys_of(spec))
    subparts = frozenset(k for spec in profile.sections for c in spec.children for k in _keys_of(c))
    return parts, subparts


def _split_parts(blocks: list[Block]) -> tuple[list[Block], list[Attachment], list[str]]:
    """Separate the body from attachment parts (``附件2 …`` + tables) and the ``附件：`` list."""
    body: list[Block] = []
    attachments: list[Attachment] = []
    listed: list[str] = []
    current: Attachment | None = None
    in_list = False
    for block in blocks:
        if isinstance(block, Paragraph):
            text = block.text.strip()
            mark = _ATTACHMENT_MARK_RE.match(text)
            list_mark = _ATTACHMENT_LIST_RE.match(text)
            if mark and in_list and mark.group(3).strip():
                listed.append(mark.group(3).strip())
                continue
            if mark:
                in_list = False
                label = f"附件{mark.group(1)}" + (f"（{mark.group(2)}）" if mark.group(2) else "")
                current = Attachment(label, mark.group(3).strip())
                attachments.append(current)
                continue
            if list_mark:
                in_list = True
                current = None
                if list_mark.group(1).strip():
                    listed.extend(re.split(r"[；;]", list_mark.group(1).strip()))
                continue
            if in_list:
                heading = parse_heading(text)
                if heading and heading[0] in ("num_dot", "num_dun", "num_paren") and len(heading[3]) <= 50:
                    listed.append(heading[3])
                    continue
                in_list = False
            if current is not None:
                if (
                    current.tables
                    and len(text) <= 40
                    and (_REPORT_TITLE_RE.search(text) or re.match(r"^20\d{2}年度", text))
                ):
                    current = None
                elif not current.caption and not current.tables and len(text) <= 40:
                    current.caption = text
                    continue
                elif not current.tables and len(text) <= 40 and not parse_heading(text):
                    current.caption += text
                    continue
                else:
                    heading = parse_heading(text)
                    if heading and heading[0] == "cn_dun" and is_heading_text(heading[3]):
                        current = None
                    else:
                        current.paragraphs.append(block)
                        continue
            body.append(block)
        else:
            if current is not None:
                current.tables.append(block)
            else:
                body.append(block)
    return body, attachments, [name.strip("。；; ") for name in listed if name.strip()]


def _title(blocks: list[Block]) -> str:
    lines = []
    for block in blocks[:12]:
        if isinstance(block, Paragraph):
            if parse_heading(block.text):
                break
            lines.append(block.text)
    pattern = re.compile(r"(20\d{2}年度?.{0,40}?(?:自评报告|评价报告))")
    for line in lines:  # a title line of its own wins over a date line before it (2024年6月27日)
        match = pattern.search(line)
        if match:
            return match.group(1)
    text = "".join(lines)
    match = pattern.search(text)
    return match.group(1) if match else text[:60]


def _year(title: str, blocks: list[Block]) -> int | None:
    match = re.search(r"(20\d{2})\s*年", title) or re.fullmatch(r"\s*(20\d{2})\s*", title)
    if match:
        return int(match.group(1))
    for block in blocks[:40]:
        if isinstance(block, Paragraph):
            found = re.search(r"(20\d{2})\s*年度", block.text)
            if found:
                return int(found.group(1))
    return None


_YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年度?")
_KIND_TAIL_RE = re.compile(
    r"(?:部门（单位）|部门\(单位\)|部门|单位)?(?:整体支出|项目支出)?(?:绩效)?(?:自评|评价)报告.*$"
)
_ORG_RE = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}?(?:局|馆|中心|院|所|站|队|委员会|委|办公室|办|政府|党校|学校|医院|协会|公司|厅|部|处|室|会|社|台)"
    r"(?:[（(][\u4e00-\u9fff]{2,20}[）)])?$"
)
_UNIT_LABEL_RE = re.compile(
    r"(?:单位名称|部门名称|填报单位|编制单位|报送单位)(?:（盖章）|\(盖章\))?[:：]\s*([^\s，。；]{2,40})"
)


_SUBJECT_RE = re.compile(r"^([\u4e00-\u9fff]{2,20}(?:局|馆|中心|院|所|站|委员会|办公室))(?:[（(][^）)]{2,20}[）)])?是")


def unit_name(title: str, blocks: list[Block]) -> str:
    """单位名称: the title without its year and report name, else a labelled or organisation-like line near the top.

    >>> unit_name("2023年度某县图书馆部门整体支出绩效自评报告", [])
    '某县图书馆'
    >>> unit_name("2022年整体支出绩效自评报告", [Paragraph("某市文化馆", 1)])
    '某市文化馆'
    """
    unit = _KIND_TAIL_RE.sub("", _YEAR_RE.sub("", title)).strip(" ：:")
    if 2 <= len(unit) <= 40 and re.search(r"[\u4e00-\u9fff]{2}", unit):
        return unit
    head = [b.text for b in blocks[:60] if isinstance(b, Paragraph)]
    for text in head:
        if labelled := _UNIT_LABEL_RE.search(text):
            return labelled.group(1)
    for text in head[:15]:
        if _ORG_RE.match(text.strip()) and not parse_heading(text):
            return text.strip()
    for text in head:
        if subject := re.match(_SUBJECT_RE, text):
            return subject.group(1)
    return ""


def parse_draft(blocks: list[Block], profile: str | Profile | None = None) -> ParsedReport:
    """Section tree, attachments and numbering of a read draft; the profile is detected unless given.

    The kind (项目支出 / 部门整体支出) is read from the whole document; the regional profile of that kind
    whose skeleton fits best is used when it fits well enough (:data:`PROFILE_FIT_THRESHOLD`), else the
    generic one, laid out as the report writes its parts.
    """
    body, attachments, listed = _split_parts(blocks)
    title = _title(body) or _title(blocks)
    headings = _headings(body)
    tables = [(a.caption, t) for a in attachments for t in a.tables]
    tables += [("", b) for b in body if isinstance(b, TableBlock)]
    kind = detect_kind(title, headings, tables, _head_text(body))
    if profile is None:
        regional = detect_profile(headings, title, kind)
        root, numbered = _build_tree(body, regional)
        fit = profile_fit(regional, root)
        chosen, detected, basis = regional, True, f"格式：章节与 {regional.name} 格式相符"
        if fit < PROFILE_FIT_THRESHOLD:
            chosen, root, numbered, found = _generic(body, kind.kind)
            parts = len(builtin_profiles()["generic"].sections)
            basis = (
                f"格式：没有相符的地区格式（最接近的 {regional.name} 相符程度 {fit:.2f}，"
                f"低于 {PROFILE_FIT_THRESHOLD}），按通用格式检查，{parts}个部分找到{found}个"
            )
            fit = round(found / parts, 2)
        confidence: float | None = fit
    else:
        given = profile if isinstance(profile, Profile) else get_profile(profile)
        chosen, detected, confidence, basis = given, False, None, f"格式：指定为 {given.name}"
        if given.kind == "any":
            chosen, root, numbered, _found = _generic(body, kind.kind, given)
        else:
            root, numbered = _build_tree(body, chosen)
    kind_basis = f"类型：{KIND_NAMES[kind.kind]}（{kind.basis}）"
    if chosen.kind != kind.kind:  # the format decides; say what the document looked like
        kind_basis = f"类型：{KIND_NAMES[chosen.kind]}，由格式 {chosen.name} 决定（文中特征：{kind.basis}）"
    _match_specs(root, chosen)
    detection = Detection(confidence, kind.confidence, f"{basis}。{kind_basis}")
    return ParsedReport(
        blocks,
        root,
        chosen,
        detected,
        numbered,
        attachments,
        listed,
        title,
        _year(title, blocks),
        unit_name(title, blocks),
        detection,
    )


def _headings(body: list[Block]) -> list[tuple[int, str]]:
    """(natural level, title) of every paragraph that reads as a heading."""
    headings = []
    for block in body:
        if isinstance(block, Paragraph):
            parsed = parse_numeral(block.text)
            if parsed and is_heading_text(parsed.rest):
                headings.append((STYLE_LEVEL[parsed.style], parsed.rest))
            elif block.style_level:
                headings.append((block.style_level, block.text))
    return headings


def _head_text(body: list[Block]) -> str:
    """The lines before the first numbered heading: the title, the unit, a subtitle."""
    lines = []
    for block in body[:12]:
        if isinstance(block, Paragraph):
            if parse_numeral(block.text):
                break
            lines.append(block.text)
    return "\n".join(lines)


def _generic(body: list[Block], kind: str, base: Profile | None = None) -> tuple[Profile, Section, list[Numbered], int]:
    """The generic profile for a report of ``kind``, fitted to its headings, with the tree built under it."""
    generic = (base or builtin_profiles()["generic"]).for_kind(kind)
    root, numbered = _build_tree(body, generic)
    fitted, found = fit_generic(generic, root)
    return fitted, root, numbered, found


def _build_tree(body: list[Block], profile: Profile) -> tuple[Section, list[Numbered]]:
    root = Section(title="", numeral="", level=0, line=0)
    stack = [root]
    numbered: list[Numbered] = []
    parsed = [parse_numeral(b.text) if isinstance(b, Paragraph) else None for b in body]
    listed = _list_items(body, parsed)
    for index, block in enumerate(body):
        if isinstance(block, TableBlock):
            stack[-1].body.append(block)
            continue
        found = parsed[index]
        if found is None:
            if block.style_level and len(block.text) <= 40:
                _push(stack, Section(block.text.strip(), "", min(block.style_level, 5), block.line))
            else:
                stack[-1].body.append(block)
            continue
        style, value, numeral, rest = found.style, found.value, found.numeral, found.rest
        level = STYLE_LEVEL[style]
        heading = is_heading_text(rest) and index not in listed
        strong = _strong_levels(rest, profile) if heading else set()  # asked of headings only: a paragraph is none
        if heading and level >= 3 and rest.endswith("。") and not strong:
            heading = not _short_item(body, parsed, index)
        marks = {"form": found.form, "malformed": found.malformed, "expected": found.expected}
        if not heading:
            # （4）… run on after the heading （3）: a sibling of that heading, not part of its body.
            while len(stack) > 1 and stack[-1].style == style and stack[-1].level >= level:
                stack.pop()
            numbered.append(
                Numbered(style, STYLE_LEVEL[style], value, numeral, block.text, block.line, False, stack[-1], **marks)
            )
            stack[-1].body.append(block)
            continue
        # Word auto-numbering can turn 一、 into 1、 and （二） into （2）: trust an exact skeleton title.
        if style == "num_dun" and 1 in strong:
            level = 1
        elif style in ("num_paren", "num_half") and 2 in strong:
            level = 2
        elif block.style_level and block.style_level in (1, 2) and level > 2:
            level = block.style_level
        section = Section(rest.rstrip("。"), numeral, level, block.line, value, style)
        _push(stack, section)
        numbered.append(
            Numbered(style, level, value, numeral, block.text, block.line, True, section.parent or root, **marks)
        )
    return root, numbered


# Numeral styles a list of short lines (names of units, items) is written in; 一、 and （一） are headings.
_LIST_STYLES = ("num_dot", "num_dun", "num_paren", "num_half", "circled")


def _list_items(body: list[Block], parsed: list[Numeral | None]) -> set[int]:
    """Short numbered lines one after another with nothing between them — 「（1）某某乡人民政府」「（2）…」 —
    are a list, not headings each left empty: three or more in a row, or two that are both names of bodies."""
    found: set[int] = set()
    i = 0
    while i < len(body):
        first = parsed[i]
        if first is None or first.style not in _LIST_STYLES or not _short_line(body[i], first):
            i += 1
            continue
        j = i
        while j + 1 < len(body) and _continues_list(parsed[j], parsed[j + 1], body[j + 1]):
            j += 1
        after = parsed[j + 1] if j + 1 < len(body) else None
        deeper = after is not None and STYLE_LEVEL[after.style] > STYLE_LEVEL[first.style]
        run = range(i, j + 1)
        names = all(_ORG_RE.match((parsed[k] or first).rest) for k in run)
        if not deeper and (len(run) >= 3 or (len(run) == 2 and names)):
            found.update(run)
        i = j + 1
    return found


def _short_line(block: Block, found: Numeral) -> bool:
    return isinstance(block, Paragraph) and not block.style_level and is_heading_text(found.rest)


def _continues_list(previous: Numeral | None, found: Numeral | None, block: Block) -> bool:
    return (
        previous is not None
        and found is not None
        and found.style == previous.style
        and found.value == previous.value + 1
        and _short_line(block, found)
    )


def _short_item(body: list[Block], parsed: list[Numeral | None], index: int) -> bool:
    """A short numbered sentence ending in 。 (「3.完成数字化10万页。」) is a list item, not a heading, when the
    next line is the next item or a heading of its level or above, or the line before was such an item;
    followed by its own text (「1.绩效目标设定。」 + a paragraph) it is a heading."""
    found = parsed[index]
    assert found is not None
    level = STYLE_LEVEL[found.style]
    after = parsed[index + 1] if index + 1 < len(body) else None
    before = parsed[index - 1] if index > 0 else None
    if index + 1 >= len(body):
        return True
    if after is not None and (after.style == found.style or STYLE_LEVEL[after.style] <= level):
        return True
    return (
        before is not None
        and before.style == found.style
        and before.rest.endswith("。")
        and is_heading_text(before.rest)
    )


def _push(stack: list[Section], section: Section) -> None:
    while len(stack) > 1 and stack[-1].level >= section.level:
        stack.pop()
    section.parent = stack[-1]
    stack[-1].children.append(section)
    stack.append(section)


def _match_specs(root: Section, profile: Profile) -> None:
    """Label sections with the skeleton title they stand for (best match, each spec used once)."""
    tops = top_sections(root)
    level = tops[0].level if tops else 1
    _assign(tops, profile.sections, level=level)
    for section in tops:
        spec = next((s for s in profile.sections if s.title == section.spec_title), None)
        if spec and spec.children:
            _assign([c for c in section.children if c.level == level + 1], spec.children, level=level + 1)


def _assign(sections: list[Section], specs: list[SectionSpec], *, level: int) -> None:
    pairs = []
    for section in sections:
        if section.level != level:
            continue
        for spec in specs:
            score = match_score(section.title, spec)
            if score >= 0.75:
                pairs.append((score, section.line, section, spec))
    used_sections: set[int] = set()
    used_specs: set[str] = set()
    for _score, _line, section, spec in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if id(section) in used_sections or spec.title in used_specs:
            continue
        section.spec_title = spec.title
        used_sections.add(id(section))
        used_specs.add(spec.title)


_SPACE_RE = re.compile(r"\s")


def is_empty(section: Section, *, empty_ok: bool = False) -> bool:
    """No body text or table and no non-empty child; a body of just 无 is empty unless ``empty_ok``."""
    text = _SPACE_RE.sub("", section.body_text())
    has_table = any(isinstance(b, TableBlock) for b in section.body)
    if has_table:
        return False
    if text and not (text.rstrip("。.") in ("无", "暂无") and not empty_ok):
        return False
    return all(is_empty(child, empty_ok=empty_ok) for child in section.children)
