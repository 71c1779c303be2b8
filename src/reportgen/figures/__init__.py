"""Pure functions: model → computed figures (Decimal); no formatting, no I/O."""

from reportgen.figures.common import Execution, ProjectFigures, Share
from reportgen.figures.department import DepartmentFigures, compute
from reportgen.figures.project import ProjectReportFigures

__all__ = [
    "DepartmentFigures",
    "Execution",
    "ProjectFigures",
    "ProjectReportFigures",
    "Share",
    "compute",
]
