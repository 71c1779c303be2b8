"""The 自评表 scoring scheme as data: weights, rules, bands and grades, loaded from YAML with regional overrides."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reportgen.errors import ProfileError
from reportgen.indicators import Attainment
from reportgen.layered import read_layered, validate_layered
from reportgen.models.indicators import Indicator, Level1, Level2


class SchemeError(ProfileError):
    """A scoring scheme is missing or malformed (it is part of a report format)."""


class SchemeModel(BaseModel):
    """Base of the scheme models: no unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CategoryKind(str, Enum):
    """How a category earns its points."""

    BUDGET = "budget"  # 预算执行: from 执行率
    INDICATORS = "indicators"  # from the 三级 indicators of the listed 一级
    DECLARED = "declared"  # outside the 自评表 (管理效能, 加减分项): the user supplies the score


class Part(SchemeModel):
    """A sub-weight of a category, e.g. 资金管理 16 of 管理效能 45, or 产出数量 32 of 履职效能 50."""

    weight: Decimal = Field(gt=0)
    level1: tuple[Level1, ...] = ()
    level2: tuple[Level2, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _bare_weight(cls, value: Any) -> Any:
        return {"weight": value} if isinstance(value, int | float | Decimal | str) else value

    def covers(self, indicator: Indicator) -> bool:
        return indicator.level1 in self.level1 or indicator.level2 in self.level2


class Category(SchemeModel):
    """One 评分类别 with its weight (分值) and optional parts."""

    kind: CategoryKind
    weight: Decimal = Field(gt=0)
    level1: tuple[Level1, ...] = ()
    parts: dict[str, Part] = Field(default_factory=dict)
    minimum: Decimal = Decimal(0)  # a declared 加减分项 may go below zero

    @model_validator(mode="after")
    def _consistent(self) -> Category:
        if self.kind is CategoryKind.INDICATORS and not self.level1:
            raise ValueError("indicators 类别须列出所含的一级指标（level1）")
        if self.parts and sum(p.weight for p in self.parts.values()) != self.weight:
            listed = "＋".join(f"{name}{p.weight}" for name, p in self.parts.items())
            raise ValueError(f"各分项权重 {listed} 之和不等于类别权重 {self.weight}")
        return self

    def covers(self, indicator: Indicator) -> bool:
        return self.kind is CategoryKind.INDICATORS and indicator.level1 in self.level1


class BudgetRule(SchemeModel):
    """预算执行: 得分 = 分值 × 执行率, and the lines past which a budget figure needs explaining."""

    cap_at_full: bool = True
    reason_below_rate: Decimal = Decimal(90)  # percent: a lower 执行率 needs a reason, and is a candidate problem
    large_adjustment_rate: Decimal = Decimal(10)  # percent: a 预算调整率 further from 0 is a candidate problem

    def is_slow(self, rate: Decimal) -> bool:
        """执行率 below :attr:`reason_below_rate` (预算执行进度偏慢)."""
        return rate < self.reason_below_rate

    def is_large_adjustment(self, rate: Decimal) -> bool:
        """预算调整率 (up or down) beyond :attr:`large_adjustment_rate` (年初预算编制不够准确)."""
        return abs(rate) > self.large_adjustment_rate


class Band(SchemeModel):
    """A 完成等级 band as percentages of 分值, written ``[80, 100]``."""

    low: Decimal = Field(ge=0, le=100)
    high: Decimal = Field(ge=0, le=100)

    @model_validator(mode="before")
    @classmethod
    def _pair(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and len(value) == 2:
            return {"low": value[0], "high": value[1]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.low > self.high:
            raise ValueError(f"等级区间下限 {self.low} 大于上限 {self.high}")
        return self


class QualitativeRule(SchemeModel):
    """定性 scoring: a band per 完成等级 and where inside it the default score sits."""

    bands: dict[Attainment, Band]
    default_position: Literal["top", "middle", "bottom"] = "top"
    unmet_grade: Attainment = Attainment.NOT_ACHIEVED

    @field_validator("bands")
    @classmethod
    def _every_grade(cls, bands: dict[Attainment, Band]) -> dict[Attainment, Band]:
        missing = [g.value for g in Attainment if g not in bands]
        if missing:
            raise ValueError(f"缺少完成等级的分档：{'、'.join(missing)}")
        return bands

    def default_share(self, grade: Attainment) -> Decimal:
        """The share of 分值 (percent) given for ``grade`` when no score is stated."""
        band = self.bands[grade]
        return {"top": band.high, "bottom": band.low, "middle": (band.low + band.high) / 2}[self.default_position]


class ReasonRule(SchemeModel):
    """When 偏差原因分析 must be written."""

    below_full: bool = True
    over_target_pct: Decimal | None = Decimal(130)


class ReverseRule(str, Enum):
    """How a reverse (≤) indicator that overshoots its target is scored."""

    RATIO = "ratio"  # 分值 × 目标/实际
    LINEAR = "linear"  # 分值 × (1 − (实际−目标)/目标), 0 at 2 × 目标


class ScoringScheme(SchemeModel):
    """A whole 评分方案: categories, rules, rounding and grades."""

    name: str
    description: str = ""
    total: Decimal = Decimal(100)
    categories: dict[str, Category]
    budget: BudgetRule = BudgetRule()
    reverse: ReverseRule = ReverseRule.RATIO
    qualitative: QualitativeRule
    reasons: ReasonRule = ReasonRule()
    rounding: int = Field(default=2, ge=0, le=4)
    grades: dict[str, Decimal]
    project_scheme: str | None = None  # the scheme 项目支出 self-scores use, when this one is for 部门整体 only

    @model_validator(mode="after")
    def _weights_add_up(self) -> ScoringScheme:
        weights = sum((c.weight for c in self.categories.values()), Decimal(0))
        if weights != self.total:
            listed = "＋".join(f"{name}{c.weight}" for name, c in self.categories.items())
            raise ValueError(f"各类别权重 {listed} = {weights}，不等于总分 {self.total}")
        if not self.grades or min(self.grades.values()) > 0:
            raise ValueError("等级（grades）中须有一个最低分为 0 的等级")
        return self

    def budget_category(self) -> tuple[str, Category] | None:
        return next(((n, c) for n, c in self.categories.items() if c.kind is CategoryKind.BUDGET), None)

    def category_of(self, indicator: Indicator) -> str | None:
        return next((name for name, c in self.categories.items() if c.covers(indicator)), None)

    def grade_for(self, total: Decimal) -> str:
        """The 等级 of a total score: the best grade whose minimum it reaches."""
        ranked = sorted(self.grades.items(), key=lambda item: item[1], reverse=True)
        return next(name for name, minimum in ranked if total >= minimum)


# ---------------------------------------------------------------- loading


@cache
def _builtin_dir() -> Path:
    return Path(str(resources.files("reportgen.scoring"))) / "schemes"


@cache
def builtin_schemes() -> tuple[str, ...]:
    """Names of the schemes shipped with reportgen, listed once: every check asks, and they do not change."""
    return tuple(sorted(path.stem for path in _builtin_dir().glob("*.yaml")))


def _locate(name_or_path: str | Path, relative_to: Path | None) -> Path:
    text = str(name_or_path)
    if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_absolute() and relative_to is not None and (relative_to / path).exists():
            return relative_to / path
        return path
    path = _builtin_dir() / f"{text}.yaml"
    if not path.exists():
        raise SchemeError(f"找不到评分方案「{text}」；内置方案有：{'、'.join(builtin_schemes())}")
    return path


def scheme_from_data(data: Mapping[str, Any], *, source: str = "评分方案") -> ScoringScheme:
    """Validate already-merged scheme data; errors become a :class:`SchemeError` in Chinese."""
    return validate_layered(ScoringScheme, data, SchemeError, source)


def _load(name_or_path: str) -> ScoringScheme:
    data = read_layered(name_or_path, _locate, SchemeError, "评分方案")
    return scheme_from_data(data, source=f"评分方案「{name_or_path}」")


# Built-in schemes never change while running; a user's file may, so it is read every time.
_load_builtin = cache(_load)


def load_scheme(name_or_path: str | Path = "default") -> ScoringScheme:
    """A built-in scheme by name (``default``, ``guangdong_department``) or a YAML file.

    A file may say ``base: <name or path>`` and change only some keys (deep merge; ``null`` deletes).
    """
    text = str(name_or_path)
    return _load_builtin(text) if text in builtin_schemes() else _load(text)
