"""Pure functions: model → computed figures (Decimal); no formatting, no I/O."""

from reportgen.figures.common import Execution, FigureNote, NoteLevel, Share
from reportgen.figures.department import DepartmentFigures, compute

__all__ = ["DepartmentFigures", "Execution", "FigureNote", "NoteLevel", "Share", "compute"]
