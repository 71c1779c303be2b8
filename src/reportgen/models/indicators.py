"""Input model of a 绩效自评表 (部门整体 or one project): funds, overall goals and 三级 indicators."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, field_validator, model_validator

from reportgen.arithmetic import check_sum
from reportgen.indicators import (
    Attainment,
    Comparison,
    Descriptive,
    IndicatorValue,
    IndicatorValueError,
    Op,
    Qualitative,
    parse_indicator_value,
)
from reportgen.models.common import DEFAULTED, InputModel, Money, SignedForm, Text, TextList, as_text
from reportgen.numbers import format_wan


class Level1(str, Enum):
    """一级指标."""

    OUTPUT = "产出指标"
    BENEFIT = "效益指标"
    SATISFACTION = "满意度指标"


class Level2(str, Enum):
    """二级指标, each under one 一级."""

    QUANTITY = "数量指标"
    QUALITY = "质量指标"
    TIMELINESS = "时效指标"
    COST = "成本指标"
    ECONOMIC = "经济效益指标"
    SOCIAL = "社会效益指标"
    ECOLOGICAL = "生态效益指标"
    SUSTAINABLE = "可持续影响指标"
    SATISFACTION = "服务对象满意度指标"

    @property
    def level1(self) -> Level1:
        return _PARENT[self]


_PARENT = {
    Level2.QUANTITY: Level1.OUTPUT,
    Level2.QUALITY: Level1.OUTPUT,
    Level2.TIMELINESS: Level1.OUTPUT,
    Level2.COST: Level1.OUTPUT,
    Level2.ECONOMIC: Level1.BENEFIT,
    Level2.SOCIAL: Level1.BENEFIT,
    Level2.ECOLOGICAL: Level1.BENEFIT,
    Level2.SUSTAINABLE: Level1.BENEFIT,
    Level2.SATISFACTION: Level1.SATISFACTION,
}
# Shorter names seen in real tables for the same 二级.
_LEVEL2_ALIASES = {"满意度指标": Level2.SATISFACTION, "可持续影响": Level2.SUSTAINABLE}


class Nature(str, Enum):
    """指标性质: 正向 (more is better), 反向 (less is better: 成本、差错率), 定性 (judged by 完成等级)."""

    POSITIVE = "正向"
    REVERSE = "反向"
    QUALITATIVE = "定性"


#: 偏差原因 cells that say nothing; a reason must be more than these.
EMPTY_REASONS = frozenset({"无", "/", "-", "—", "——", "无偏差", "不适用"})


def _compact(value: Any) -> Any:
    # Table cells arrive as 经济效\n益指标 or with ideographic spaces.
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


def _with_suffix(value: Any) -> Any:
    value = _compact(value)
    return value if not isinstance(value, str) or value.endswith("指标") else value + "指标"


def has_reason(text: str | None) -> bool:
    """Whether a 偏差原因 / 调整理由 cell actually gives a reason (``无`` does not)."""
    return bool(text) and _compact(text) not in EMPTY_REASONS


class Indicator(InputModel):
    """One 三级 indicator row of a 自评表, with its target and actual parsed into typed values."""

    level1: Level1 = Field(alias="一级指标", examples=["产出指标"])
    level2: Level2 = Field(alias="二级指标", examples=["数量指标"])
    name: Text = Field(alias="三级指标", examples=["纸质档案数字化完成量"])
    target_text: Text = Field(alias="年度指标值", examples=["≥200万页"])
    actual_text: Text = Field(alias="实际完成值", examples=["200万页"])
    full_marks: Decimal = Field(gt=0, allow_inf_nan=False, alias="分值", examples=["10"])
    nature: Nature | None = Field(default=None, alias="指标性质")
    grade: Attainment | None = Field(default=None, alias="完成等级")
    self_score: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False, alias="自评得分")
    override_reason: Text | None = Field(default=None, alias="调整理由")
    deviation_analysis: Text | None = Field(default=None, alias="偏差原因分析及改进措施")

    _target: IndicatorValue = PrivateAttr()
    _actual: IndicatorValue = PrivateAttr()
    _nature: Nature = PrivateAttr()

    @field_validator("level1", mode="before")
    @classmethod
    def _level1_suffix(cls, value: Any) -> Any:
        return _with_suffix(value)

    @field_validator("level2", mode="before")
    @classmethod
    def _level2_suffix(cls, value: Any) -> Any:
        value = _compact(value)
        if not isinstance(value, str):  # a list or mapping: the enum refuses it with its own message
            return value
        return _LEVEL2_ALIASES.get(value, _with_suffix(value))

    @field_validator("target_text", "actual_text", mode="before")
    @classmethod
    def _typed_as_text(cls, value: Any) -> Any:
        return as_text(value)

    @field_validator("grade", mode="before")
    @classmethod
    def _grade_long_form(cls, value: Any) -> Any:
        if not isinstance(value, str) or isinstance(value, Attainment):
            return value
        parsed = parse_indicator_value(value, allow_descriptive=True)
        if isinstance(parsed, Qualitative):
            return parsed.grade
        raise ValueError(f"完成等级只能是 达成 / 部分达成 / 未达成，实际填写的是「{value}」")

    @model_validator(mode="after")
    def _parse_values(self) -> Indicator:
        if self.level2.level1 is not self.level1:
            raise ValueError(
                f"二级指标「{self.level2.value}」属于「{self.level2.level1.value}」，不属于「{self.level1.value}」"
            )
        judged = self.nature is Nature.QUALITATIVE or self.grade is not None
        target = _parse(self.target_text, "年度指标值", allow_descriptive=judged)
        self._actual = _parse(self.actual_text, "实际完成值", allow_descriptive=True)
        self._nature = nature = self.nature or _infer_nature(self.level2, target)
        self._target = _orient(target, nature)
        self._check_nature_agrees()
        self._check_grade()
        return self

    def _check_nature_agrees(self) -> None:
        target, nature = self.target, self.effective_nature
        if not isinstance(target, Comparison) or target.op is Op.EQ or nature is Nature.QUALITATIVE:
            return
        if target.op.reverse != (nature is Nature.REVERSE):
            raise ValueError(
                f"指标性质为「{nature.value}」，但年度指标值「{self.target_text}」的比较符是「{target.op.value}」；"
                "正向指标用 ≥ 或 >，反向指标用 ≤ 或 <"
            )

    def _check_grade(self) -> None:
        actual = self.actual
        stated = actual.grade if isinstance(actual, Qualitative) else None
        if stated and self.grade and stated is not self.grade:
            raise ValueError(f"完成等级「{self.grade.value}」与实际完成值「{self.actual_text}」不一致")
        qualitative = self.effective_nature is Nature.QUALITATIVE or isinstance(self.target, Descriptive | Qualitative)
        if qualitative and self.effective_grade is None and self.self_score is None:
            raise ValueError("定性指标请填写「完成等级」（达成 / 部分达成 / 未达成）或「自评得分」")

    @property
    def target(self) -> IndicatorValue:
        """年度指标值, typed (a bare number under 成本指标 reads as ≤)."""
        return _private(self)["_target"]

    @property
    def actual(self) -> IndicatorValue:
        """实际完成值, typed; free text is kept as :class:`Descriptive`."""
        return _private(self)["_actual"]

    @property
    def effective_nature(self) -> Nature:
        """指标性质 as stated, or inferred from the operator and the 二级."""
        return _private(self)["_nature"]

    @property
    def effective_grade(self) -> Attainment | None:
        """完成等级 as stated, or as typed into 实际完成值."""
        if self.grade is not None:
            return self.grade
        actual = self.actual
        return actual.grade if isinstance(actual, Qualitative) else None

    @property
    def label(self) -> str:
        """``质量指标／工程量完成率``: how findings name the row."""
        return f"{self.level2.value}／{self.name}"

    @property
    def reason_text(self) -> str | None:
        """The clerk's own explanation, if any (偏差原因分析及改进措施, else 调整理由)."""
        for text in (self.deviation_analysis, self.override_reason):
            if has_reason(text):
                return text
        return None


def _private(model: BaseModel) -> dict[str, Any]:
    """A model's private attributes: read as attributes, each goes through pydantic's ``__getattr__``, which
    the scoring of a 1,000-project input calls some 100,000 times."""
    private = model.__pydantic_private__
    assert private is not None
    return private


def _parse(text: str, field: str, *, allow_descriptive: bool) -> IndicatorValue:
    try:
        return parse_indicator_value(text, allow_descriptive=allow_descriptive)
    except IndicatorValueError as exc:
        raise ValueError(f"「{field}」{exc}") from None


def _infer_nature(level2: Level2, target: IndicatorValue) -> Nature:
    if isinstance(target, Descriptive | Qualitative):
        return Nature.QUALITATIVE
    if isinstance(target, Comparison):
        if target.op.reverse or (target.implied and level2 is Level2.COST):
            return Nature.REVERSE
        return Nature.POSITIVE
    return Nature.REVERSE if level2 is Level2.COST else Nature.POSITIVE


def _orient(target: IndicatorValue, nature: Nature) -> IndicatorValue:
    # A bare 181万元 under 成本指标 (or a 反向 indicator) is a ceiling, not a minimum.
    if isinstance(target, Comparison) and target.implied and nature is Nature.REVERSE:
        return replace(target, op=Op.LE)
    return target


class FundLine(InputModel):
    """One row of the 资金 block (万元): 年初预算数, 全年预算数 (调整后), 全年执行数."""

    initial_budget: Money | None = Field(default=None, alias="年初预算数")
    budget: Money = Field(alias="全年预算数", description="调整后的全年预算数")
    executed: Money = Field(alias="全年执行数")


class FundBreakdown(InputModel):
    """其中: the 资金 rows by source."""

    appropriation: FundLine | None = Field(default=None, alias="当年财政拨款")
    carried_over: FundLine | None = Field(default=None, alias="上年结转资金")
    other: FundLine | None = Field(default=None, alias="其他资金")

    def lines(self) -> list[FundLine]:
        return [line for line in (self.appropriation, self.carried_over, self.other) if line is not None]


class Funds(FundLine):
    """资金 (年度资金总额) with optional breakdown, 分值 as printed, and the reason for a low 执行率."""

    # The same two figures as a line's, told apart for the clerk: a project's table takes the project's.
    budget: Money = Field(alias="全年预算数", description="调整后的全年预算数；项目的自评表不填即为项目的数字")
    executed: Money = Field(alias="全年执行数", description="项目的自评表不填即为项目的数字")
    breakdown: FundBreakdown | None = Field(default=None, alias="其中")
    full_marks: Decimal | None = Field(default=None, gt=0, alias="分值")
    deviation_reason: Text | None = Field(default=None, alias="偏差原因")

    @model_validator(mode="after")
    def _breakdown_adds_up(self) -> Funds:
        lines = self.breakdown.lines() if self.breakdown else []
        if not lines:
            return self
        # Each part may be off by its own rounding (REFERENCE.md §5): the one tolerance of arithmetic.py.
        for column, label in (("budget", "全年预算数"), ("executed", "全年执行数")):
            checked = check_sum((getattr(line, column) for line in lines), getattr(self, column))
            if checked.wrong:
                raise ValueError(
                    f"「其中」各项的{label}合计{format_wan(checked.computed)}，"
                    f"与年度资金总额的{label}{format_wan(checked.stated)}不一致"
                )
        return self


class OverallGoal(InputModel):
    """年度总体目标: 预期目标 and 实际完成情况, each a text or a list of texts."""

    expected: TextList = Field(min_length=1, alias="预期目标", examples=["完成馆藏档案数字化扫描。"])
    achieved: TextList = Field(default_factory=list, alias="实际完成情况")


class PerformanceTable(SignedForm):
    """One 绩效自评表: 部门整体支出 (附件2) or 项目支出 (附件3) of one project."""

    # 名称 and 资金 default to the project's (名称 to the unit's for the 部门整体 table): not marked required.
    name: Text = Field(
        alias="名称", description="不填即为项目名称（部门整体自评表为单位名称）", json_schema_extra=DEFAULTED
    )
    department: Text | None = Field(default=None, alias="主管部门", examples=["岳阳市档案馆"])
    implementer: Text | None = Field(default=None, alias="实施单位", examples=["岳阳市档案馆"])
    funds: Funds = Field(alias="资金", json_schema_extra=DEFAULTED)
    goal: OverallGoal | None = Field(default=None, alias="年度总体目标")
    indicators: list[Indicator] = Field(min_length=1, alias="指标")
