"""Which sheet and column of the fill-in workbook holds each input field, derived from the models' fields.

The models are the one home of the fields: a sheet names only the part of the input it holds (a list of
rows, a group of fields); its columns, headers, types, dropdown values and examples all come from the
pydantic fields and their aliases. ``基本信息`` takes every field no other sheet claims, so a field added to
a model appears in the workbook without touching this module.
"""

from __future__ import annotations

import datetime as _dt
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from reportgen.models import DepartmentReport, ProjectReport
from reportgen.models.common import Unit

FieldPath = tuple[str, ...]


class Kind(str, Enum):
    """How a value is typed into a cell."""

    TEXT = "text"
    LINES = "lines"  # several paragraphs or items, one per line of the cell
    IDS = "ids"  # several short identifiers (问题编号), separated by 、 or one per line
    WHOLE = "whole"
    MONEY = "money"  # 万元
    PERCENT = "percent"
    NUMBER = "number"  # a score, an area
    DATE = "date"
    YESNO = "yesno"
    CHOICE = "choice"  # one of a closed list: a dropdown
    COUNTS = "counts"  # 名称：人数 per line


@dataclass(frozen=True)
class Leaf:
    """One input field that holds a value, at ``path`` (aliases) below the model its sheet lays out."""

    path: FieldPath
    info: FieldInfo
    kind: Kind
    choices: tuple[str, ...] = ()
    required: bool = False  # required whenever the row (or the part of the input) is given

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def example(self) -> str | None:
        examples = self.info.examples or []
        return str(examples[0]) if examples else None

    @property
    def is_label(self) -> bool:
        extra = self.info.json_schema_extra
        return isinstance(extra, dict) and bool(extra.get("label"))


def unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type inside ``X | None`` and ``Annotated[X, ...]``, and the metadata found on the way."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            metadata.extend(annotation.__metadata__)
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation, metadata


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def model_of(info: FieldInfo) -> type[BaseModel] | None:
    """The model a field holds (one, or a list of them), if it holds models."""
    core, _ = unwrap(info.annotation)
    if get_origin(core) is list:
        core, _ = unwrap(get_args(core)[0])
    return core if is_model(core) else None


def holds_list_of_models(info: FieldInfo) -> bool:
    core, _ = unwrap(info.annotation)
    return get_origin(core) is list and is_model(unwrap(get_args(core)[0])[0])


def alias(name: str, info: FieldInfo) -> str:
    return info.alias or name


def leaf_kind(info: FieldInfo) -> tuple[Kind, tuple[str, ...]]:
    """How the field's value is typed into a cell, and the allowed values of a closed list."""
    core, metadata = unwrap(info.annotation)
    metadata = [*info.metadata, *metadata]
    origin = get_origin(core)
    if origin is list:
        extra = info.json_schema_extra
        return (Kind.IDS if isinstance(extra, dict) and extra.get("ids") else Kind.LINES), ()
    if origin is dict:
        return Kind.COUNTS, ()
    if isinstance(core, type) and issubclass(core, Enum):
        return Kind.CHOICE, tuple(str(member.value) for member in core)
    if core is bool:
        return Kind.YESNO, ("是", "否")
    if core is int:
        return Kind.WHOLE, ()
    if core is Decimal:
        if Unit.WAN in metadata:
            return Kind.MONEY, ()
        if Unit.PERCENT in metadata:
            return Kind.PERCENT, ()
        return Kind.NUMBER, ()
    if core is _dt.date:
        return Kind.DATE, ()
    return Kind.TEXT, ()


def leaves(model: type[BaseModel], *, skip: Callable[[FieldPath], bool] = lambda path: False) -> list[Leaf]:
    """Every value-holding field of ``model``, its sub-models flattened into dotted paths, in declaration order.

    ``skip`` names paths another sheet holds. A list of models that no sheet holds is a layout error.
    """
    return list(_leaves(model, (), True, skip))


#: Fields that name a row come first in a sheet; the form's signature (填表人…) last.
_FIRST = ("编号", "名称", "标题")
_LAST = ("填表人", "填报日期", "联系电话")


def _order(name_info: tuple[str, FieldInfo]) -> int:
    """A subclass's own fields follow its base's in a model; a sheet reads better with the row's name first."""
    key = alias(*name_info)
    if key in _FIRST:
        return 0
    if key in _LAST:
        return 3
    extra = name_info[1].json_schema_extra
    return 2 if isinstance(extra, dict) and extra.get("label") else 1


def _leaves(
    model: type[BaseModel], prefix: FieldPath, required: bool, skip: Callable[[FieldPath], bool]
) -> Iterator[Leaf]:
    for name, info in sorted(model.model_fields.items(), key=_order):
        path = (*prefix, alias(name, info))
        if skip(path):
            continue
        inner = model_of(info)
        if inner is not None and holds_list_of_models(info):
            raise LayoutError(f"「{'.'.join(path)}」是一组行，须由一张表列出")
        needed = required and info.is_required() and not _defaulted(info)
        if inner is not None:
            yield from _leaves(inner, path, needed, skip)
            continue
        kind, choices = leaf_kind(info)
        yield Leaf(path, info, kind, choices, needed)


def _defaulted(info: FieldInfo) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("defaulted"))


class LayoutError(Exception):
    """A workbook layout that leaves a field out (a bug, caught by the tests)."""


# ---------------------------------------------------------------- sheets


@dataclass(frozen=True)
class Source:
    """Where a table's rows come from: a list (or a single part) of the input, under a parent row or not.

    ``parent`` is the list the rows hang from (each row names its parent by ``key`` in the sheet's first
    column); ``fixed`` is the name a row gives to mean the part at ``within`` of the report itself.
    """

    within: FieldPath
    parent: FieldPath | None = None
    key: str = "名称"
    fixed: str | None = None
    single: bool = False  # one row per parent (a 自评表), not a list of rows

    def root(self) -> FieldPath:
        """The path of the rows from the top of the input, without list positions."""
        return (*(self.parent or ()), *self.within)


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook.

    ``kind``: ``fields`` (a column of field names and a column of values), ``lists`` (one list of texts per
    column, one item per row), ``table`` (one row per item of a list) or ``grid`` (one row per sub-part of
    the same shape, e.g. the four lines of 三公经费).
    """

    title: str
    kind: str
    path: FieldPath = ()  # fields / grid: the part laid out; lists: unused
    lists: tuple[FieldPath, ...] = ()
    sources: tuple[Source, ...] = ()
    key_header: str = ""  # table: the header of the column naming each row's parent
    parent_sheet: str = ""  # table: the sheet where those parents are listed
    purpose: str = ""  # one line for the 说明 sheet

    def roots(self) -> tuple[FieldPath, ...]:
        """The parts of the input this sheet holds, from the top, without list positions (none: the top level)."""
        if self.kind == "table":
            return tuple(source.root() for source in self.sources)
        if self.kind == "lists":
            return self.lists
        return (self.path,) if self.path else ()


@dataclass(frozen=True)
class Column:
    """One column of a table or grid sheet."""

    leaf: Leaf
    header: str


@dataclass
class Layout:
    """The sheets of one report kind, with the columns each table derives from the models."""

    kind: str
    model: type[BaseModel]
    sheets: list[Sheet]
    _claimed: list[FieldPath] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._claimed = [root for sheet in self.sheets for root in sheet.roots()]

    def sheet_of(self, path: FieldPath) -> str:
        """The title of the sheet that holds the field at ``path`` (keys, no list positions): the sheet of the
        longest part it lies in, else the sheet of the top-level fields."""
        best = next(sheet for sheet in self.sheets if sheet.kind == "fields" and not sheet.path)
        length = 0
        for sheet in self.sheets:
            for root in sheet.roots():
                if path[: len(root)] == root and len(root) > length:
                    best, length = sheet, len(root)
        return best.title

    def claimed_below(self, root: FieldPath) -> Callable[[FieldPath], bool]:
        """``skip`` for the leaves under ``root``: paths that another sheet holds."""
        others = [path for path in self._claimed if path != root and path[: len(root)] == root]
        return lambda relative: (*root, *relative) in others

    def model_at(self, path: FieldPath) -> type[BaseModel]:
        """The model of the part at ``path`` (aliases, lists looked through)."""
        current: type[BaseModel] = self.model
        for key in path:
            info = field_by_alias(current, key)
            inner = model_of(info) if info is not None else None
            if inner is None:
                raise LayoutError(f"「{'.'.join(path)}」不是一组字段")
            current = inner
        return current

    def field_leaves(self, sheet: Sheet) -> list[Leaf]:
        """The rows of a ``fields`` sheet."""
        return leaves(self.model_at(sheet.path), skip=self.claimed_below(sheet.path))

    def columns(self, sheet: Sheet) -> list[Column]:
        """The columns of a ``table`` or ``grid`` sheet (after the key or row-name column)."""
        if sheet.kind == "grid":
            parts = grid_rows(self.model_at(sheet.path))
            model = model_of(parts[0][1])
            assert model is not None
            found = leaves(model)
        else:
            root = sheet.sources[0].root()
            found = leaves(self.model_at(root), skip=self.claimed_below(root))
        headers = unique_headers([leaf.path for leaf in found])
        return [Column(leaf, header) for leaf, header in zip(found, headers, strict=True)]

    def list_leaves(self, sheet: Sheet) -> list[Leaf]:
        """The columns of a ``lists`` sheet: one list of texts each."""
        found = []
        for path in sheet.lists:
            parent = self.model_at(path[:-1])
            info = field_by_alias(parent, path[-1])
            assert info is not None, path
            kind, choices = leaf_kind(info)
            found.append(Leaf(path, info, kind, choices, info.is_required()))
        return found


def field_by_alias(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def grid_rows(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The sub-parts of a grid's model, each one row: (alias, field)."""
    return [(alias(name, info), info) for name, info in model.model_fields.items()]


def unique_headers(paths: list[FieldPath]) -> list[str]:
    """Each column's header: the shortest end of its path that no other column's header repeats.

    >>> unique_headers([("资金", "全年预算数"), ("资金", "其中", "当年财政拨款", "全年预算数"), ("名称",)])
    ['资金.全年预算数', '当年财政拨款.全年预算数', '名称']
    """
    depth = [1] * len(paths)
    while True:
        headers = [".".join(path[-n:]) for path, n in zip(paths, depth, strict=True)]
        clashes = {h for h in headers if headers.count(h) > 1}
        if not clashes:
            return headers
        grown = False
        for index, header in enumerate(headers):
            if header in clashes and depth[index] < len(paths[index]):
                depth[index] += 1
                grown = True
        if not grown:  # pragma: no cover - two fields with one path cannot exist
            raise LayoutError(f"列名重复：{'、'.join(sorted(clashes))}")


# ---------------------------------------------------------------- the layouts

_INDICATOR_PURPOSE = "自评表的指标，每行一个三级指标；「项目」列写项目名称，部门整体支出绩效自评表写「部门整体」"
_TABLE_PURPOSE = "自评表的表头部分（主管部门、实施单位、资金、年度总体目标、填表人）；只有指标的项目可不填本表"
DEPARTMENT_TABLE = "部门整体"
#: The sheet of last year's problems and measures, for reference (filled by ``reportgen import``).
PREVIOUS_SHEET = "上年问题（供参考）"

_PROJECTS = ("支出", "项目支出", "项目")

DEPARTMENT = Layout(
    "department",
    DepartmentReport,
    [
        Sheet("基本信息", "fields", purpose="单位名称、年度、格式和各段文字；每行一个字段，在 B 列填写"),
        Sheet(
            "职能与任务",
            "lists",
            lists=(("主要职能",), ("年度总体工作和重点工作任务",), ("整体支出绩效目标",)),
            purpose="每列一项内容，每行写一条，编号由 reportgen 生成",
        ),
        Sheet("内设机构", "table", sources=(Source(("内设机构",)),), purpose="每行一个内设机构"),
        Sheet("收入", "fields", ("收入",), purpose="各来源的收入决算数（万元）；没有的来源不填"),
        Sheet("支出", "fields", ("支出",), purpose="基本支出和项目支出的决算数、预算数（万元）"),
        Sheet("项目", "table", sources=(Source(_PROJECTS),), purpose="每行一个项目支出"),
        Sheet(
            "自评表",
            "table",
            sources=(
                Source(("部门整体自评表",), fixed=DEPARTMENT_TABLE, single=True),
                Source(("自评表",), parent=_PROJECTS, single=True),
            ),
            key_header="项目",
            parent_sheet="项目",
            purpose=_TABLE_PURPOSE,
        ),
        Sheet(
            "自评表指标",
            "table",
            sources=(
                Source(("部门整体自评表", "指标"), fixed=DEPARTMENT_TABLE),
                Source(("自评表", "指标"), parent=_PROJECTS),
            ),
            key_header="项目",
            parent_sheet="项目",
            purpose=_INDICATOR_PURPOSE,
        ),
        Sheet("三公经费", "grid", ("三公经费",), purpose="“三公”经费各项的上年决算、本年预算、本年决算（万元）"),
        Sheet("重点工作", "table", sources=(Source(("重点工作完成情况",)),), purpose="每行一项重点工作完成情况"),
        Sheet("问题", "table", sources=(Source(("问题",)),), purpose="存在的问题，每行一个"),
        Sheet("改进措施", "table", sources=(Source(("改进措施",)),), purpose="改进措施，每行一条"),
        Sheet("审计检查", "table", sources=(Source(("审计检查",)),), purpose="本年度的审计、检查，每行一次"),
        Sheet("专项资金", "table", sources=(Source(("专项资金",)),), purpose="单独分析的专项资金，每行一项"),
        Sheet("自评得分", "table", sources=(Source(("自评得分", "分项")),), purpose="自评得分的分项，每行一项"),
        Sheet("项目自评", "table", sources=(Source(("项目自评",)),), purpose="只有得分的项目自评，每行一个项目"),
        Sheet(
            "项目自评分项",
            "table",
            sources=(Source(("分项",), parent=("项目自评",)),),
            key_header="项目",
            parent_sheet="项目自评",
            purpose="项目自评各分项的得分；「项目」列写「项目自评」表中的名称",
        ),
        Sheet("履职完成情况", "grid", ("履职完成情况",), purpose="数量、质量、时效、成本指标的年初计划与实际完成"),
        Sheet("基础数据表", "fields", ("基础数据表",), purpose="附件1 基础数据表中其他表没有的数字"),
        Sheet(
            PREVIOUS_SHEET,
            "lists",
            lists=(("上年问题",), ("上年改进措施",)),
            purpose="上年报告中的问题和改进措施，由 reportgen import 带入，仅供参考，不写入报告",
        ),
    ],
)

PROJECT = Layout(
    "project",
    ProjectReport,
    [
        Sheet("基本信息", "fields", purpose="单位名称、年度、格式和各段文字；每行一个字段，在 B 列填写"),
        Sheet("项目", "table", sources=(Source(("项目",)),), purpose="每行一个项目"),
        Sheet(
            "自评表",
            "table",
            sources=(Source(("自评表",), parent=("项目",), single=True),),
            key_header="项目",
            parent_sheet="项目",
            purpose=_TABLE_PURPOSE,
        ),
        Sheet(
            "自评表指标",
            "table",
            sources=(Source(("自评表", "指标"), parent=("项目",)),),
            key_header="项目",
            parent_sheet="项目",
            purpose="项目支出绩效自评表的指标，每行一个三级指标；「项目」列写项目名称",
        ),
        Sheet(
            "绩效目标",
            "table",
            sources=(Source(("项目绩效目标", "具体绩效目标")),),
            purpose="具体绩效目标，每行一个",
        ),
        Sheet(
            "绩效目标分项",
            "table",
            sources=(Source(("分项",), parent=("项目绩效目标", "具体绩效目标"), key="标题"),),
            key_header="绩效目标",
            parent_sheet="绩效目标",
            purpose="具体绩效目标的分项；「绩效目标」列写「绩效目标」表中的标题",
        ),
        Sheet("评价原则", "table", sources=(Source(("自评步骤及方法", "评价原则")),), purpose="评价原则，每行一条"),
        Sheet("评价方法", "table", sources=(Source(("自评步骤及方法", "评价方法")),), purpose="评价方法，每行一种"),
        Sheet("问题", "table", sources=(Source(("问题",)),), purpose="存在的问题，每行一个"),
        Sheet("改进措施", "table", sources=(Source(("改进措施",)),), purpose="相关建议，每行一条"),
        Sheet(
            PREVIOUS_SHEET,
            "lists",
            lists=(("上年问题",), ("上年改进措施",)),
            purpose="上年报告中的问题和改进措施，由 reportgen import 带入，仅供参考，不写入报告",
        ),
    ],
)

LAYOUTS = {"department": DEPARTMENT, "project": PROJECT}
