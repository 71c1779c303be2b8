"""The Excel fill-in workbook (填报表): a clerk's way in, read with the same models and strictness as YAML."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reportgen.load import dump_data
from reportgen.profiles import Profile
from reportgen.workbook.layout import DEPARTMENT_TABLE, LAYOUTS, FieldPath, Layout
from reportgen.workbook.read import CellIssue, CellLocator, CellRef, WorkbookInput, open_workbook, read_workbook
from reportgen.workbook.write import WorkbookInfo, write_workbook

__all__ = [
    "LAYOUTS",
    "CellIssue",
    "CellLocator",
    "CellRef",
    "WorkbookInput",
    "open_workbook",
    "read_workbook",
    "write_data_workbook",
    "write_report_workbook",
    "write_template",
]


def guide(profile: Profile, layout: Layout) -> list[str]:
    """The lines of the 说明 sheet."""
    lines = [
        f"本填报表用于起草《{profile.report_name}》（格式：{profile.name}，{profile.description}）。",
        "填好后，在命令行运行 reportgen validate 填报表.xlsx 检查填写是否有误，"
        "再运行 reportgen draft 填报表.xlsx 生成 Word 报告（填报表本身不会被改动）。",
        "每张工作表填写输入的一部分（见下表）。第一行是表头，请不要修改；深红色表头的列为必填（这张表有内容时）。"
        "点选表头或单元格，可以看到这一列的填写说明。",
        "灰色斜体、以「（示例）」开头的一行是示例：原样保留时 reportgen 会忽略它，也可以直接删除。",
        "金额一律以万元为单位，填数字（如 858.57，也可写 858.57万元 或 1,299.97）。百分比写 92.98% 或 0.9298。"
        "日期写 2024-06-27 或 2024年6月27日。",
        "合计、占比、到位率、执行率、得分和等级由 reportgen 计算：表中不要填写，也不要写公式。",
        "一个单元格中要写多条内容（多段文字、多个要点）时，每条一行：在单元格内按 Alt+Enter 换行（WPS 相同）。",
        "带下拉箭头的列请从列表中选择。不需要的工作表可以留空，但不要改工作表的名称。",
        "出错时，reportgen 会一次列出全部错误，每条都写明是哪张表、第几行、哪一列，以及应当怎样填写。",
    ]
    if any(source.fixed == DEPARTMENT_TABLE for sheet in layout.sheets for source in sheet.sources):
        lines.insert(
            6,
            "「自评表指标」每行一个三级指标，在「项目」列写项目名称；部门整体支出绩效自评表的指标写「部门整体」。"
            "项目的自评表资金不填时，即为该项目的年初预算数、全年预算数和全年执行数。",
        )
    else:
        lines.insert(6, "「自评表指标」每行一个三级指标，在「项目」列写项目名称（与「项目」表中的名称相同）。")
    return lines


def write_template(profile: Profile, path: Path, *, named: str | None = None) -> None:
    """The empty fill-in workbook of ``profile``: the fields its reports use, with 格式 already filled in
    (as ``named``: a format folder is named by its path)."""
    write_data_workbook({"格式": named or profile.name}, profile, path, named=named)


def write_report_workbook(report: BaseModel, profile: Profile, path: Path) -> None:
    """An input laid out as a workbook: every field it gives, and the other fields its format uses, empty."""
    write_data_workbook(dump_data(report), profile, path)


def write_data_workbook(
    data: dict[str, Any], profile: Profile, path: Path, *, named: str | None = None, notes: tuple[str, ...] = ()
) -> None:
    """Plain input data (Chinese keys, perhaps not yet complete) laid out as a workbook: every field it gives,
    and the other fields its format uses, empty; ``notes`` head the 说明 sheet."""
    layout = LAYOUTS[profile.kind]
    # A path is given when some value lies at or below it (人员构成.按岗位 holds names of the clerk's own).
    given = {path[:cut] for path in _paths(data) for cut in range(1, len(path) + 1)}
    used = _used(profile)

    def keep(path: FieldPath) -> bool:
        return path in given or used(path)

    write_workbook(
        layout,
        data,
        path,
        info=WorkbookInfo(profile.kind, profile.name),
        keep=keep,
        guide=[*notes, *guide(profile, layout)],
        choices=_choices(profile, named),
    )


def _choices(profile: Profile, named: str | None = None) -> dict[FieldPath, tuple[str, ...]]:
    """Dropdowns for 格式 (the built-in formats of this kind) and 评分方案 (the built-in schemes)."""
    from reportgen.profiles import builtin_profiles
    from reportgen.scoring.scheme import builtin_schemes

    formats = [p.name for p in builtin_profiles().values() if p.kind == profile.kind and p.templates]
    if (named or profile.name) not in formats:
        formats.insert(0, named or profile.name)
    return {("格式",): tuple(formats), ("评分方案",): tuple(builtin_schemes())}


def _used(profile: Profile) -> Callable[[FieldPath], bool]:
    """Whether a field appears in reports of ``profile`` (every field, for a format that does not say)."""
    return profile.uses_field


def _paths(data: Any, prefix: FieldPath = ()) -> Iterator[FieldPath]:
    """Every path (keys, list positions left out) at which plain data holds a value."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for item in data:
            yield from _paths(item, prefix)
    elif data is not None:
        yield prefix
