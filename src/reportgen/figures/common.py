"""Figure building blocks shared by every report kind: shares, rates, totals and their notes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from reportgen.numbers import CENT, format_pct, format_wan, ratio, round_half_up


class NoteLevel(str, Enum):
    WARNING = "warning"  # 警告: the input is inconsistent and the clerk should look
    INFO = "info"  # 提示: explained, e.g. a rounding difference within tolerance


LEVEL_ZH = {NoteLevel.WARNING: "警告", NoteLevel.INFO: "提示"}


@dataclass(frozen=True)
class FigureNote:
    """A figure that does not add up, naming the input fields and the numbers involved."""

    level: NoteLevel
    code: str  # stable id, e.g. "total-mismatch"
    fields: tuple[str, ...]  # Chinese field paths, e.g. ("支出.合计",)
    message: str

    def describe(self) -> str:
        return f"[{LEVEL_ZH[self.level]}] {self.message}"


@dataclass(frozen=True)
class Share:
    """A labelled amount and its share (percent, unrounded) of some total."""

    label: str
    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class Execution:
    """Budget against execution: 执行率, and 调整 when the initial budget is known."""

    budget: Decimal  # 全年预算数 (adjusted)
    executed: Decimal  # 全年执行数
    initial_budget: Decimal | None = None  # 年初预算数

    @property
    def rate(self) -> Decimal | None:
        """执行率 = 全年执行数 / 全年预算数 (percent, unrounded)."""
        return ratio(self.executed, self.budget)

    @property
    def balance(self) -> Decimal:
        """预算执行差额 (positive when money was left unspent)."""
        return self.budget - self.executed

    @property
    def adjustment(self) -> Decimal | None:
        """预算调整数 = 全年预算数 − 年初预算数."""
        return None if self.initial_budget is None else self.budget - self.initial_budget

    @property
    def adjustment_rate(self) -> Decimal | None:
        """预算调整率 = 预算调整数 / 年初预算数."""
        if self.initial_budget is None:
            return None
        return ratio(self.budget - self.initial_budget, self.initial_budget)


def shares(parts: list[tuple[str, Decimal]], total: Decimal) -> list[Share]:
    """Each part with its share of ``total``."""
    return [Share(label, amount, ratio(amount, total)) for label, amount in parts]


def reconcile(
    parts: list[tuple[str, Decimal]],
    stated: Decimal | None,
    stated_field: str,
    what: str,
) -> tuple[Decimal, list[FigureNote]]:
    """The total of ``parts`` (field path, amount), checked against a stated total if one is given.

    Within rounding (at most 0.01 per part) the stated total stands, as the 决算 rounds each line on
    its own (info). A larger difference is a warning naming every field and number, and the text uses
    the sum of the parts, so the report never states parts that do not add up to their total.
    """
    computed = sum((amount for _, amount in parts), Decimal(0))
    if stated is None:
        return computed, []
    if not parts:  # nothing to check the stated total against
        return stated, []
    difference = stated - computed
    if difference == 0:
        return stated, []
    terms = " + ".join(f"「{field}」{format_wan(amount)}" for field, amount in parts)
    detail = (
        f"{what}：{terms} = {format_wan(computed)}，与「{stated_field}」{format_wan(stated)}"
        f"相差{format_wan(abs(difference))}"
    )
    fields = (*(field for field, _ in parts), stated_field)
    if abs(difference) <= CENT * len(parts):
        note = FigureNote(NoteLevel.INFO, "total-rounding", fields, f"{detail}，在四舍五入误差范围内；正文采用填写的合计")
    else:
        note = FigureNote(
            NoteLevel.WARNING, "total-mismatch", fields, f"{detail}；请核对，正文采用各项之和{format_wan(computed)}"
        )
        return computed, [note]
    return stated, [note]


def check_overspent(execution: Execution, field: str, name: str) -> list[FigureNote]:
    """A warning when 全年执行数 exceeds 全年预算数."""
    if execution.executed <= execution.budget:
        return []
    return [
        FigureNote(
            NoteLevel.WARNING,
            "executed-over-budget",
            (f"{field}.全年执行数", f"{field}.全年预算数"),
            f"「{field}」{name}：全年执行数{format_wan(execution.executed)}超过全年预算数"
            f"{format_wan(execution.budget)}（执行率{format_pct(execution.rate)}），请核对",
        )
    ]


def check_stated_rate(execution: Execution, stated: Decimal | None, field: str, name: str) -> list[FigureNote]:
    """A warning when a rate copied from a source is not 全年执行数 / 全年预算数 rounded half-up."""
    rate = execution.rate
    if stated is None or rate is None or round_half_up(rate) == round_half_up(stated):
        return []
    return [
        FigureNote(
            NoteLevel.WARNING,
            "stated-rate-mismatch",
            (f"{field}.执行率", f"{field}.全年执行数", f"{field}.全年预算数"),
            f"「{field}.执行率」{name}填写为{format_pct(stated)}，但{format_wan(execution.executed)} ÷ "
            f"{format_wan(execution.budget)} = {format_pct(rate)}；正文采用计算结果{format_pct(rate)}",
        )
    ]
