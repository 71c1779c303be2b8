"""The sentence patterns drafting writes outside its narrative templates, in one table.

Figures hold values; these patterns turn them into the sentences the report and the command line show,
so a candidate problem reads the same in a 【待确认】 item and in the terminal.
"""

from __future__ import annotations

import re
from typing import assert_never

from reportgen.figures.candidates import (
    CandidateProblem,
    LargeAdjustment,
    RisingThreePublic,
    SlowExecution,
    UnmetIndicator,
)
from reportgen.numbers import format_change, format_marks, format_pct, format_wan

# Comparison signs as running text says them (the forms keep the signs in their cells).
_COMPARISONS = {"≥": "不低于", "≤": "不超过", "＞": "超过", ">": "超过", "＜": "低于", "<": "低于"}
_COMPARISON_RE = re.compile(r"\s*([≥≤＞>＜<])\s*")


def in_words(text: str) -> str:
    """A 年度指标值 for running text: comparison signs in words, as 「不超过30.50万元」「不低于95%」.

    >>> in_words("≤30.50万元"), in_words("≥ 95%"), in_words("系统设备运行稳定率≥90%")
    ('不超过30.50万元', '不低于95%', '系统设备运行稳定率不低于90%')
    >>> in_words("＜5%"), in_words("12月31日前")
    ('低于5%', '12月31日前')
    """
    return _COMPARISON_RE.sub(lambda m: _COMPARISONS[m.group(1)], text)


#: One sentence per kind of candidate problem; the fields are filled by :func:`candidate_fields`.
CANDIDATE_PATTERNS: dict[type, str] = {
    SlowExecution: "{name}执行率为{rate}（全年预算{budget}，执行{executed}），低于{threshold}%，预算执行进度偏慢",
    LargeAdjustment: (
        "{name}预算调整率为{rate}（年初预算{initial_budget}，全年预算{budget}），超过{threshold}%，年初预算编制不够准确"
    ),
    RisingThreePublic: "“三公”经费决算{final}，比上年{change}，需分析增加原因并加强控制",
    UnmetIndicator: "{table}的绩效指标「{indicator}」年度指标值为{target}，实际完成{actual}，未达到目标",
}


def candidate_fields(problem: CandidateProblem) -> dict[str, str]:
    """The figures of a candidate problem, formatted for its pattern."""
    match problem:
        case SlowExecution():
            execution = problem.execution
            return {
                "name": problem.name,
                "rate": format_pct(problem.rate),
                "budget": format_wan(execution.budget),
                "executed": format_wan(execution.executed),
                "threshold": format_marks(problem.threshold),
            }
        case LargeAdjustment():
            return {
                "name": problem.name,
                "rate": format_pct(problem.rate),
                "initial_budget": format_wan(problem.initial_budget),
                "budget": format_wan(problem.execution.budget),
                "threshold": format_marks(problem.threshold),
            }
        case RisingThreePublic():
            total = problem.total
            return {"final": format_wan(total.item.final), "change": format_change(total.change, total.change_rate)}
        case UnmetIndicator():
            indicator = problem.indicator
            return {
                "table": problem.table,
                "indicator": indicator.name,
                "target": in_words(indicator.target_text),
                "actual": indicator.actual_text,
            }
        case _:
            assert_never(problem)


def candidate_text(problem: CandidateProblem) -> str:
    """A candidate problem as one sentence (no final 。), quoting the figures that prompted it."""
    return CANDIDATE_PATTERNS[type(problem)].format(**candidate_fields(problem))
