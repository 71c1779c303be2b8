"""Self-score figures: the scheme's categories of the 部门整体 score, 自评得分 parts, and 项目自评."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.arithmetic import above_weight, completion_rate, share
from reportgen.figures.common import field_finding
from reportgen.findings import Category, Finding
from reportgen.indicators import Attainment
from reportgen.models.department import ProjectSelfScore, ScorePart, SelfScore
from reportgen.numbers import format_marks
from reportgen.scoring import IndicatorScore, ScoringScheme, TableScore
from reportgen.scoring.scheme import CategoryKind, Part

ZERO = Decimal(0)


@dataclass(frozen=True)
class ScoreLine:
    """One scored part as the text states it: 分值, and 得分 kept within 0—分值."""

    name: str
    full_marks: Decimal
    score: Decimal  # as used in the text and the totals


@dataclass(frozen=True)
class Weight:
    """A category of a scoring scheme with its 分值 and 占比 of the whole."""

    name: str
    weight: Decimal
    share: Decimal | None  # percent of the scheme's total, unrounded


@dataclass(frozen=True)
class PartScore:
    """A part of a category (产出数量 32 of 履职效能), with the indicators it covers."""

    name: str
    weight: Decimal
    score: Decimal | None  # None for a declared category's parts: only the category as a whole is scored
    indicators: tuple[IndicatorScore, ...] = ()


@dataclass(frozen=True)
class CategoryScore:
    """A category of the 部门整体 scheme (管理效能, 履职效能, 加减分项) and its score."""

    name: str
    kind: CategoryKind
    weight: Decimal
    score: Decimal
    parts: tuple[PartScore, ...]
    indicators: tuple[IndicatorScore, ...]  # the 自评表 rows it covers; none for a declared category
    indicator_count: int | None  # counted in the table, or as declared (21个管理效能指标)
    completed_count: int | None

    @property
    def groups(self) -> tuple[PartScore, ...]:
        """The parts its indicators are analysed by; the category itself when it has none."""
        return self.parts or (PartScore(self.name, self.weight, self.score, self.indicators),)


@dataclass(frozen=True)
class SchemeScores:
    """The 部门整体 self-score by the categories of its scheme, as computed from the 自评表 and declared scores."""

    total_marks: Decimal  # 项目总分 of the scheme
    total: Decimal  # 自评总分
    categories: tuple[CategoryScore, ...]

    def category(self, name: str) -> CategoryScore | None:
        return next((c for c in self.categories if c.name == name), None)

    @property
    def counted(self) -> tuple[CategoryScore, ...]:
        """The categories that say how many indicators they cover."""
        return tuple(c for c in self.categories if c.indicator_count is not None)

    @property
    def completed_count(self) -> int | None:
        """实际完成指标: known only when every counted category says how many it completed."""
        counts = [c.completed_count for c in self.counted]
        if not counts or any(n is None for n in counts):
            return None
        return sum(n for n in counts if n is not None)

    @property
    def completion_rate(self) -> Decimal | None:
        """指标完成率 = 实际完成指标 / 指标总数 (percent, unrounded)."""
        done = self.completed_count
        total = sum(c.indicator_count or 0 for c in self.counted)
        return None if done is None else completion_rate(done, total)


@dataclass(frozen=True)
class ProjectScore:
    """项目自评: a project's self-score split by the project scheme, without budget figures."""

    name: str
    total_marks: Decimal  # 分值 of the whole, e.g. 100
    weights: tuple[Weight, ...]  # every category of the scheme, with its 占比
    lines: tuple[ScoreLine, ...]  # the parts scored, in the scheme's order
    total: Decimal  # 自评得分: the lines added up (or the stated 总分 when no part is given)


def scheme_weights(scheme: ScoringScheme) -> tuple[Weight, ...]:
    """Each category's 分值 and its 占比 of the scheme's total."""
    return tuple(Weight(name, c.weight, share(c.weight, scheme.total)) for name, c in scheme.categories.items())


def score_line(
    field: str, name: str, full_marks: Decimal, stated: Decimal, *, minimum: Decimal = ZERO
) -> tuple[ScoreLine, list[Finding]]:
    """A stated score kept within ``minimum``—分值: a score of 40 against 30 is counted as 30, and said so."""
    if minimum <= stated <= full_marks:
        return ScoreLine(name, full_marks, stated), []
    if above_weight(stated, full_marks):
        bound, code, what = full_marks, "score-over-max", "超过其分值"
    else:
        bound, code, what = minimum, "score-below-min", "低于最低分"
    message = (
        f"「{field}」{name}得分{format_marks(stated)}分{what}{format_marks(bound)}分；"
        f"正文和合计按{format_marks(bound)}分计，请核对"
    )
    return ScoreLine(name, full_marks, bound), [field_finding(code, Category.SCORE_RANGE, (field,), message)]


def lines_total(lines: list[ScoreLine], stated: Decimal | None, field: str) -> tuple[Decimal, list[Finding]]:
    """The lines added up, checked against a stated 总分; the text uses the sum."""
    computed = sum((line.score for line in lines), ZERO)
    if stated is None or computed == stated:
        return computed, []
    if not lines:
        return stated, []
    terms = " + ".join(f"{line.name}{format_marks(line.score)}" for line in lines)
    return computed, [
        field_finding(
            "score-total-mismatch",
            Category.ARITHMETIC,
            (f"{field}.分项", f"{field}.总分"),
            f"「{field}」各分项之和：{terms} = {format_marks(computed)}分，与「{field}.总分」"
            f"{format_marks(stated)}分不符；正文采用分项之和",
        )
    ]


def part_lines(parts: list[ScorePart], scheme: ScoringScheme, field: str) -> tuple[list[ScoreLine], list[Finding]]:
    """Stated parts as lines; a part named after a category of the scheme takes its 分值 from it."""
    lines, notes = [], []
    for index, part in enumerate(parts, start=1):
        path = f"{field}.分项[{index}]"
        category = scheme.categories.get(part.name)
        full = category.weight if category is not None else part.full_marks
        if full is None:  # the loader refuses such a part; a caller of compute() may not have
            message = f"「{path}」{part.name}没有分值，评分方案「{scheme.name}」中也没有这一类别；未计入自评得分"
            notes.append(field_finding("score-weight-missing", Category.WEIGHTS, (f"{path}.分值",), message))
            continue
        notes += weight_notes(part, scheme, path)
        minimum = category.minimum if category is not None else ZERO
        line, found = score_line(f"{path}.得分", part.name, full, part.score, minimum=minimum)
        lines.append(line)
        notes += found
    return lines, notes


def weight_notes(part: ScorePart, scheme: ScoringScheme, path: str) -> list[Finding]:
    """A 分值 typed for a category of the scheme that is not the scheme's weight; the scheme's is used."""
    category = scheme.categories.get(part.name)
    if category is None or part.full_marks is None or part.full_marks == category.weight:
        return []
    message = (
        f"「{path}.分值」{part.name}填写为{format_marks(part.full_marks)}分，评分方案「{scheme.name}」"
        f"规定为{format_marks(category.weight)}分；正文采用评分方案"
    )
    return [field_finding("score-weight-mismatch", Category.WEIGHTS, (f"{path}.分值",), message)]


def declared_scores(self_score: SelfScore | None, scheme: ScoringScheme) -> dict[str, Decimal]:
    """The 自评得分 parts that give a category the 自评表 does not score (管理效能, 加减分项)."""
    if self_score is None:
        return {}
    declared = {n for n, c in scheme.categories.items() if c.kind is CategoryKind.DECLARED}
    return {part.name: part.score for part in self_score.parts if part.name in declared}


def scheme_scores(
    score: TableScore, scheme: ScoringScheme, self_score: SelfScore | None
) -> tuple[SchemeScores, list[Finding]]:
    """The 部门整体 score by category, with a note for each stated part or total the table does not bear out."""
    stated = {part.name: (i, part) for i, part in enumerate(self_score.parts, start=1)} if self_score else {}
    categories, notes = [], []
    for name, category in scheme.categories.items():
        value = score.categories[name]
        index, part = stated.get(name, (0, None))
        if part is not None:
            notes += weight_notes(part, scheme, f"自评得分.分项[{index}]")
        if category.kind is CategoryKind.DECLARED:
            parts = tuple(PartScore(n, p.weight, None) for n, p in category.parts.items())
            count, completed = (part.indicator_count, part.completed_count) if part else (None, None)
            categories.append(CategoryScore(name, category.kind, category.weight, value, parts, (), count, completed))
            continue
        covered = tuple(s for s in score.indicators if category.covers(s.indicator))
        parts = tuple(_part_score(n, p, covered) for n, p in category.parts.items())
        completed = sum(1 for s in covered if completed_indicator(s))
        categories.append(
            CategoryScore(name, category.kind, category.weight, value, parts, covered, len(covered), completed)
        )
        if part is not None and part.score != value:
            notes.append(
                field_finding(
                    "score-part-mismatch",
                    Category.ARITHMETIC,
                    (f"自评得分.分项[{index}].得分",),
                    f"「自评得分.分项[{index}]」{name}得分填写为{format_marks(part.score)}分，按部门整体自评表"
                    f"计算为{format_marks(value)}分；正文采用计算结果",
                )
            )
    if self_score is not None and self_score.stated_total is not None and self_score.stated_total != score.total:
        notes.append(
            field_finding(
                "score-total-mismatch",
                Category.ARITHMETIC,
                ("自评得分.总分",),
                f"「自评得分.总分」填写为{format_marks(self_score.stated_total)}分，按部门整体自评表计算为"
                f"{format_marks(score.total)}分；正文采用计算结果",
            )
        )
    return SchemeScores(scheme.total, score.total, tuple(categories)), notes


def _part_score(name: str, part: Part, covered: tuple[IndicatorScore, ...]) -> PartScore:
    inside = tuple(s for s in covered if part.covers(s.indicator))
    return PartScore(name, part.weight, sum((s.score for s in inside), ZERO), inside)


def completed_indicator(score: IndicatorScore) -> bool:
    """An indicator whose target was reached: met as compared, or judged 达成."""
    return score.met is True or (score.met is None and score.grade is Attainment.ACHIEVED)


def project_scores(items: list[ProjectSelfScore], scheme: ScoringScheme) -> tuple[list[ProjectScore], list[Finding]]:
    """Each 项目自评 by the project scheme: parts kept within their 分值, the total added up from them."""
    weights = scheme_weights(scheme)
    found, notes = [], []
    for index, item in enumerate(items, start=1):
        field = f"项目自评[{index}]"
        lines, part_notes = part_lines(item.parts, scheme, field)
        notes += part_notes
        given = {line.name for line in lines}
        missing = [w for w in weights if w.name not in given]
        if lines and missing:
            listed = "、".join(f"「{w.name}」（{format_marks(w.weight)}分）" for w in missing)
            notes.append(
                field_finding(
                    "score-part-missing",
                    Category.INPUT,
                    (f"{field}.分项",),
                    f"「{field}」{item.name}未给出{listed}的得分；正文只列已给出的分项，自评得分按其合计",
                )
            )
        order = [w.name for w in weights]
        lines.sort(key=lambda line: order.index(line.name) if line.name in order else len(order))
        total, total_notes = lines_total(lines, item.stated_total, field)
        notes += total_notes
        found.append(ProjectScore(item.name, scheme.total, weights, tuple(lines), total))
    return found, notes
