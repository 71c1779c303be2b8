"""Shared building blocks of the input models: base config, money type, aspects."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

#: Money in 万元; never negative in an input.
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
#: A percentage as the clerk typed it (94.66 or "94.66%"); used only to check a stated rate.
Percent = Annotated[
    Decimal,
    BeforeValidator(lambda v: v.strip().removesuffix("%").removesuffix("％") if isinstance(v, str) else v),
    Field(ge=0, allow_inf_nan=False),
]
#: A non-empty line of text typed by the clerk.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class InputModel(BaseModel):
    """Base of every input model: Chinese aliases, English names also accepted, no unknown keys."""

    model_config = ConfigDict(
        extra="forbid",
        validate_by_alias=True,
        validate_by_name=True,
        frozen=True,
        str_strip_whitespace=True,
    )


def one_or_many(value: Any) -> Any:
    """A single text where a list is expected becomes a list of one (for ``mode="before"`` validators)."""
    return [value] if isinstance(value, str) else value


def as_text(value: Any) -> Any:
    """A number YAML read from a cell meant as text (191.21, 8220672) back to what the clerk typed."""
    return str(value) if isinstance(value, int | Decimal | float) and not isinstance(value, bool) else value


_CN_DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


class SignedForm(InputModel):
    """The lines under a finance bureau form: 填表人, 填报日期 (ISO or 2024年6月27日), 联系电话."""

    filled_by: Text | None = Field(default=None, alias="填表人")
    filled_on: _dt.date | None = Field(default=None, alias="填报日期")
    phone: Text | None = Field(default=None, alias="联系电话")

    @field_validator("phone", mode="before")
    @classmethod
    def _phone_as_text(cls, value: Any) -> Any:
        return as_text(value)

    @field_validator("filled_on", mode="before")
    @classmethod
    def _chinese_date(cls, value: Any) -> Any:
        if isinstance(value, str) and (match := _CN_DATE_RE.match(re.sub(r"\s+", "", value))):
            try:
                return _dt.date(*map(int, match.groups()))
            except ValueError:
                raise ValueError(f"日期不存在：「{value}」") from None
        return value


#: One or more paragraphs: a single text where a list is expected is a list of one.
TextList = Annotated[list[Text], BeforeValidator(one_or_many)]


class TitledText(InputModel):
    """A passage with an optional title and one or more paragraphs (内容), e.g. one 评价原则."""

    title: Text | None = Field(default=None, alias="标题")
    facts: TextList = Field(min_length=1, alias="内容")


class Aspect(str, Enum):
    """The five aspects the 附件5 rubric expects problems to cover (反映问题情况)."""

    BUDGET_MANAGEMENT = "预算和预算绩效管理"
    DUTY_PERFORMANCE = "部门履职效能"
    FUND_USE = "资金分配使用和管理"
    ASSET_FINANCE = "资产和财务管理"
    PROCUREMENT = "政府采购"


class FundingSource(str, Enum):
    """Income sources of a budget unit (收入来源)."""

    GENERAL_BUDGET = "一般公共预算财政拨款"
    GOVERNMENT_FUND = "政府性基金"
    STATE_CAPITAL = "国有资本经营"
    SPECIAL_ACCOUNT = "财政专户管理非税收入"
    OTHER = "其他"
