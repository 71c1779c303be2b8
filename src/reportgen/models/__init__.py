"""Pydantic input models, one module per report kind; Chinese field aliases."""

from reportgen.models.common import Aspect, FundingSource, InputModel, Money, Text
from reportgen.models.department import DepartmentReport

__all__ = ["Aspect", "DepartmentReport", "FundingSource", "InputModel", "Money", "Text"]
