"""Scoring of 自评表 tables: the scheme as data (:mod:`.scheme`) and the engine (:mod:`.engine`)."""

from reportgen.layered import deep_merge
from reportgen.scoring.engine import (
    BudgetScore,
    IndicatorScore,
    OverrideStatus,
    ScoringRule,
    TableScore,
    score_budget,
    score_indicator,
    score_table,
)
from reportgen.scoring.scheme import SchemeError, ScoringScheme, load_scheme

__all__ = [
    "BudgetScore",
    "IndicatorScore",
    "OverrideStatus",
    "SchemeError",
    "ScoringRule",
    "ScoringScheme",
    "TableScore",
    "deep_merge",
    "load_scheme",
    "score_budget",
    "score_indicator",
    "score_table",
]
