"""Shared building blocks of the input models: base config, money type, aspects."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: Money in 万元; never negative in an input.
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
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
