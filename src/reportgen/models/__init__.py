"""Pydantic input models, one module per report kind; Chinese field aliases."""

from reportgen.models.common import Aspect, FundingSource, InputModel, Money, Text
from reportgen.models.department import DepartmentReport
from reportgen.models.indicators import Indicator, Level1, Level2, Nature, PerformanceTable
from reportgen.models.project import ProjectReport

__all__ = [
    "Aspect",
    "DepartmentReport",
    "FundingSource",
    "Indicator",
    "InputModel",
    "Level1",
    "Level2",
    "Money",
    "Nature",
    "PerformanceTable",
    "ProjectReport",
    "Text",
]
