"""The checker's data as validated models: the 附件5 rubric, the lexicon and the rule book."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from reportgen.caches import by_identity
from reportgen.errors import RubricError
from reportgen.findings import Category, Finding, Level


class RubricModel(BaseModel):
    """Base of the rubric models: no unknown keys (a typo is an error, not a silent default), immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- rubric


class RubricItem(RubricModel):
    """One line of 附件5 with its maximum points."""

    id: str  # e.g. 自评报告.反映问题情况
    name: str
    max: Decimal = Field(gt=0)
    source: Literal["report", "evidence"] = "report"  # evidence: graded from --evidence, not the report


Band = tuple[Decimal, Decimal, Decimal]  # [bottom, middle, top] of a score band


class Completeness(RubricModel):
    body_part_points: Decimal = Field(gt=0)  # 正文: each missing or empty part
    attachment_part_points: Decimal = Field(gt=0)  # 附件: each missing table


class IndicatorTableRules(RubricModel):
    """绩效自评表 quality: how lean a table is, and what a deduction costs (weights come from the scheme)."""

    min_indicators: int = Field(ge=1)
    max_indicators: int = Field(ge=1)
    repeated_benefit_tables: int = Field(ge=2)  # this many project tables with the same 效益 indicator
    lean_points: Decimal = Field(gt=0)  # 核心精简: each shortcoming
    relevant_points: Decimal = Field(gt=0)  # 密切相关: each indicator unrelated to its 二级

    @model_validator(mode="after")
    def _range(self) -> IndicatorTableRules:
        if self.min_indicators > self.max_indicators:
            raise ValueError(f"min_indicators {self.min_indicators} 大于 max_indicators {self.max_indicators}")
        return self


class ProblemRules(RubricModel):
    """反映问题情况: simple lists score low; otherwise a band by the aspects covered, a place by the causes given."""

    simple_max_items: int = Field(ge=0)
    simple_min_chars: int = Field(ge=0)
    bands: dict[int, Band]  # aspects covered (0–5) → band
    simple_band: Band

    @field_validator("bands")
    @classmethod
    def _every_count(cls, bands: dict[int, Band]) -> dict[int, Band]:
        missing = [str(n) for n in range(6) if n not in bands]
        if missing:
            raise ValueError(f"缺少涉及 {'、'.join(missing)} 个方面时的分档")
        return bands


class SuggestionRules(RubricModel):
    """建议情况: simple lists score low; otherwise by how many problems are answered and aspects covered."""

    simple_max_items: int = Field(ge=0)
    simple_min_chars: int = Field(ge=0)
    simple_band: Band
    all_answered: dict[int, Decimal]  # aspects covered (0–4, 4 meaning 4 or more) → score
    half_answered: Band  # by aspects covered: ≤1, 2, ≥3
    few_answered: Band

    @field_validator("all_answered")
    @classmethod
    def _every_count(cls, scores: dict[int, Decimal]) -> dict[int, Decimal]:
        missing = [str(n) for n in range(5) if n not in scores]
        if missing:
            raise ValueError(f"缺少涉及 {'、'.join(missing)} 个方面时的得分")
        return scores


class EvidenceRules(RubricModel):
    """布置工作 / 实施评价 from declared evidence."""

    notice_issued: Decimal = Field(ge=0)  # points for issuing the notice at all
    notice_elements: list[str]  # each element present earns one point
    self_check_per_unit: Decimal = Field(ge=0)
    late_per_working_day: Decimal = Field(ge=0)


class Rubric(RubricModel):
    """附件5 as data: every maximum, band and point value the grade uses."""

    name: str
    items: list[RubricItem]
    completeness: Completeness
    indicator_table: IndicatorTableRules
    problems: ProblemRules
    suggestions: SuggestionRules
    evidence: EvidenceRules

    @field_validator("items", mode="before")
    @classmethod
    def _by_id(cls, items: Any) -> Any:
        """Items are written as a mapping by id (so an override can change one item's maximum)."""
        if isinstance(items, dict):
            return [{"id": key, **value} if isinstance(value, dict) else value for key, value in items.items()]
        return items

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [item.id for item in self.items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"评分项重复：{'、'.join(repeated)}")
        missing = [i for i in REQUIRED_ITEMS if i not in ids]
        if missing:
            raise ValueError(f"缺少评分项：{'、'.join(missing)}")
        problems, suggestions = self.max(PROBLEMS), self.max(SUGGESTIONS)
        for name, band in [
            *((f"problems.bands.{k}", b) for k, b in self.problems.bands.items()),
            ("problems.simple_band", self.problems.simple_band),
        ]:
            _check_band(name, band, problems)
        for name, band in [
            ("suggestions.simple_band", self.suggestions.simple_band),
            ("suggestions.half_answered", self.suggestions.half_answered),
            ("suggestions.few_answered", self.suggestions.few_answered),
        ]:
            _check_band(name, band, suggestions)
        for count, score in self.suggestions.all_answered.items():
            if score > suggestions:
                raise ValueError(f"suggestions.all_answered.{count} 为 {score}，超过该项满分 {suggestions}")
        notice = self.evidence.notice_issued + len(self.evidence.notice_elements)
        if notice != self.max(NOTICE):
            raise ValueError(
                f"自评通知：印发 {self.evidence.notice_issued} 分 + {len(self.evidence.notice_elements)} "
                f"项要素 = {notice} 分，不等于该项满分 {self.max(NOTICE)}"
            )
        return self

    def item(self, item_id: str) -> RubricItem:
        return next(item for item in self.items if item.id == item_id)

    def max(self, item_id: str) -> Decimal:
        return self.item(item_id).max


def _check_band(name: str, band: Band, maximum: Decimal) -> None:
    if not band[0] <= band[1] <= band[2]:
        raise ValueError(f"{name} 应从低到高排列，实际为 {list(band)}")
    if band[2] > maximum:
        raise ValueError(f"{name} 的最高分 {band[2]} 超过该项满分 {maximum}")


# The items the grader computes; a rubric file must have each (it may change their maxima and names).
BODY = "自评报告.完整性.正文"
ATTACHMENTS = "自评报告.完整性.附件"
WEIGHTS = "自评报告.绩效自评表.权重"
LEVELS = "自评报告.绩效自评表.三级细化"
MEASURABLE = "自评报告.绩效自评表.可衡量"
LEAN = "自评报告.绩效自评表.核心精简"
RELEVANT = "自评报告.绩效自评表.密切相关"
PROBLEMS = "自评报告.反映问题情况"
SUGGESTIONS = "自评报告.建议情况"
NOTICE = "布置工作.自评通知"
GROUP = "布置工作.工作小组"
SELF_CHECK = "实施评价.单位自查"
SUBMISSION = "实施评价.提交报告"
INDICATOR_ITEMS = (WEIGHTS, LEVELS, MEASURABLE, LEAN, RELEVANT)
EVIDENCE_ITEMS = (NOTICE, GROUP, SELF_CHECK, SUBMISSION)
REQUIRED_ITEMS = (*EVIDENCE_ITEMS, BODY, ATTACHMENTS, *INDICATOR_ITEMS, PROBLEMS, SUGGESTIONS)


# ---------------------------------------------------------------- lexicon


def any_of(patterns: Sequence[str]) -> Callable[[str], bool]:
    """Whether a text matches one of ``patterns`` (a lexicon's list of regexes): one search of them joined,
    made once per list, where asking each in turn cost a call per pattern for every cell and sentence read."""
    return _patterns_matcher(patterns)


def any_word(words: Sequence[str]) -> Callable[[str], bool]:
    """Whether a text contains one of ``words`` (a lexicon's list of plain words), as :func:`any_of`."""
    return _words_matcher(words)


# Kept by the list's identity: a lexicon's lists do not change once loaded.
@by_identity(maxsize=512)
def _patterns_matcher(patterns: Sequence[str]) -> Callable[[str], bool]:
    return _joined(list(patterns))


@by_identity(maxsize=512)
def _words_matcher(words: Sequence[str]) -> Callable[[str], bool]:
    return _joined([re.escape(word) for word in words if word])


def _joined(patterns: list[str]) -> Callable[[str], bool]:
    try:
        joined = re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")
    except re.error:  # a global flag such as (?i) inside one of them, or one group name in two: ask each
        compiled = [re.compile(p) for p in patterns]
        return lambda text: any(pattern.search(text) for pattern in compiled)
    return lambda text: joined.search(text) is not None


class Lexicon(RubricModel):
    """The word lists the checker reads reports with (see lexicon.yaml for what each is for)."""

    aspects: dict[str, dict[str, list[str]]]  # aspect → topic → keywords
    cause_markers: list[str]
    funding_shortage: list[str]
    funding_request: list[str]
    problem_titles: list[str]
    suggestion_titles: list[str]
    suggestion_starts: list[str]
    nothing_stated: list[str]  # regexes: a text that only says there is nothing (无, 暂无)
    problem_leads: list[str]  # regexes: 存在的问题： in a paragraph
    suggestion_leads: list[str]  # regexes: 下一步， in a paragraph
    problem_references: list[str]  # regexes with a group n: 针对问题二
    form_labels: dict[Literal["problem", "suggestion"], list[str]]  # 存在问题 | …, 改进措施 | …
    deviation_columns: list[str]  # 偏差原因分析及改进措施
    over_budget_terms: list[str]  # 超出预算: a 偏差原因 that explains spending above the budget
    vague_values: list[str]
    negative_impact: list[str]
    economic_terms: list[str]
    indicator_meanings: dict[str, str]  # 二级指标 → what it should reflect
    repeat_whitelist: list[str]
    repeat_suspects: str
    placeholder_patterns: list[str]

    @field_validator(
        "cause_markers",
        "suggestion_starts",
        "nothing_stated",
        "problem_leads",
        "suggestion_leads",
        "problem_references",
    )
    @classmethod
    def _patterns(cls, patterns: list[str], info: ValidationInfo) -> list[str]:
        for pattern in patterns:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式「{pattern}」无效：{exc}") from None
            if info.field_name == "problem_references" and "n" not in compiled.groupindex:
                raise ValueError(f"「{pattern}」须用 (?P<n>…) 标出问题的序号")
        return patterns

    @property
    def aspect_names(self) -> tuple[str, ...]:
        """The rubric's aspects in the lexicon's order, for messages."""
        return tuple(self.aspects)


# ---------------------------------------------------------------- rules


def clip(text: str, limit: int = 160) -> str:
    """A quotation cut to ``limit`` characters."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


RuleKind = Literal["phrase", "repeated", "sequence", "sum", "ratio", "python"]


class RuleSpec(RubricModel):
    """One rule of rules.yaml: what it reports and how severe; its kind says how it finds it.

    ``python`` rules name the detector or grader outcome they report (``source``); the generic kinds carry
    their parameters (``params``) and need no code. ``examples.fail`` must produce the rule and
    ``examples.pass`` must not; tests are generated from them.
    """

    id: str
    kind: RuleKind = "python"
    level: Level
    category: Category
    message: str
    fix: str = ""
    points: Decimal = Decimal(0)
    item: str | None = None
    source: list[str] = Field(default_factory=list)  # python: "detector" or "detector.outcome"
    params: dict[str, Any] = Field(default_factory=dict)
    examples: dict[Literal["fail", "pass"], list[Any]] = Field(default_factory=dict)

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def finding(
        self,
        *,
        section: str = "",
        evidence: str = "",
        level: Level | None = None,
        points: Decimal | None = None,
        line: int | None = None,
        span: tuple[int, int] | None = None,
        cell: tuple[int, int] | None = None,
        item: str | None = None,
        **values: Any,
    ) -> Finding:
        """This rule's finding: ``message`` and ``fix`` filled from ``values``; level and points may differ
        from the rule's defaults (a rounding difference is only 提示, a rubric grader computes its points)."""
        try:
            message = self.message.format(**values)
            fix = self.fix.format(**values)
        except (KeyError, IndexError) as exc:
            raise RubricError(f"规则 {self.id} 的提示文字缺少字段 {exc}") from None
        return Finding(
            rule=self.id,
            category=self.category,
            level=level or self.level,
            message=message,
            section=section,
            evidence=clip(evidence),
            fix=fix,
            line=line,
            span=span,
            cell=cell,
            points_lost=self.points if points is None else points,
            item=item or self.item,
        )

    @field_validator("params")
    @classmethod
    def _extract_list(cls, params: dict[str, Any]) -> dict[str, Any]:
        extract = params.get("extract")
        return {**params, "extract": [extract]} if isinstance(extract, str) else params

    @model_validator(mode="after")
    def _kind_needs(self) -> RuleSpec:
        if self.kind == "python" and not self.source:
            raise ValueError("python 规则须写明 source（检测函数名）")
        if self.kind != "python" and self.source:
            raise ValueError(f"{self.kind} 规则由参数（params）定义，不应写 source")
        return self


class RuleBookData(RubricModel):
    rules: list[RuleSpec]

    @model_validator(mode="after")
    def _unique(self) -> RuleBookData:
        ids = [r.id for r in self.rules]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"规则编号重复：{'、'.join(repeated)}")
        sources = [s for r in self.rules for s in r.source]
        shared = sorted({s for s in sources if sources.count(s) > 1})
        if shared:
            raise ValueError(f"检测函数输出被多条规则使用：{'、'.join(shared)}")
        return self
