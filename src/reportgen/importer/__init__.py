"""``reportgen import``: last year's report → this year's fill-in workbook (or YAML/JSON), with the figures,
results and this year's problems left for the clerk to fill in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from pydantic import ValidationError

from reportgen.api import CONVERTIBLE, can_draft, cannot_draft, check_suffix
from reportgen.check.structure import ParsedReport
from reportgen.errors import DraftReadError, InputError, InputIssue, OutputError
from reportgen.files import write_atomically
from reportgen.importer.read import Carried, read_carried
from reportgen.load import ASKS_TO_FILL, MISSING, WORKBOOK_SUFFIXES, to_json, to_yaml, validate_data
from reportgen.models import Indicator
from reportgen.profiles import Profile

__all__ = ["OUTPUTS", "Imported", "import_report"]

#: What ``reportgen import`` writes: the fill-in workbook, or the same input as YAML or JSON (as ``convert`` does).
OUTPUTS = CONVERTIBLE
#: The format a report of each kind is imported into when no regional format fits it.
FALLBACK = {"department": "guangdong", "project": "project"}
#: Parts of the input that are the new year's own, by kind: named for the clerk when the format uses them.
NEW_PARTS = {
    "department": [
        ("收入", "本年的收入决算数"),
        ("支出", "本年的支出决算数和预算数"),
        ("三公经费", "三公经费的本年预算、本年决算"),
        ("基础数据表", "基础数据表的本年预算、本年决算"),
        ("重点工作完成情况", "本年的重点工作完成情况"),
        ("自评得分", "自评得分"),
        ("问题", "本年的问题"),
        ("改进措施", "本年的改进措施"),
        ("结果应用", "结果应用和公开情况"),
    ],
    "project": [
        ("项目", "各项目的预算数、到位和使用资金"),
        ("项目实施及管理", "项目实施及管理情况"),
        ("问题", "本年的问题"),
        ("改进措施", "本年的建议"),
    ],
}


@dataclass
class Imported:
    """What ``reportgen import`` wrote and what the clerk is told about it."""

    source: Path
    output: Path
    profile: Profile
    year: int
    last_year: int | None
    data: dict[str, Any]
    basis: str  # how the report's format and kind were recognised
    carried: dict[str, int] = field(default_factory=dict)  # sheet → values carried over
    to_fill: dict[str, list[str]] = field(default_factory=dict)  # sheet → required fields left empty
    new_parts: list[str] = field(default_factory=list)  # the new year's own parts the format uses
    confirm: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)


def import_report(
    source: str | Path,
    output: Path | None = None,
    *,
    year: int | None = None,
    profile: str | None = None,
    force: bool = False,
) -> Imported:
    """Read last year's report (.docx/.pdf/.txt/.md) and write the next year's input with what carries over.

    Nothing is written when the report cannot be read, is not a report, or does not fit ``profile``.
    """
    from reportgen.check.read import read_draft
    from reportgen.check.structure import parse_draft

    source = Path(source)
    if output is not None:
        check_suffix(output, OUTPUTS, "填报表")
    _refuse_an_input(source)
    blocks = read_draft(source)
    detected = parse_draft(blocks)
    target, notes = _target(detected, profile, source)
    parsed = detected if profile is None and detected.profile is target else parse_draft(blocks, target)
    carried = read_carried(parsed, target)
    carried.uncertain[:0] = notes
    if not _has_content(carried):
        raise DraftReadError(
            f"{source.name} 中没有读到可以带入新年度的内容（主要职能、工作任务、绩效目标、项目、自评表指标等），"
            "未生成任何文件；请确认这是上一年度的绩效自评报告"
        )
    last_year = parsed.year
    new_year = year if year is not None else (last_year + 1 if last_year else None)
    if new_year is None:
        raise DraftReadError(
            f"没有从 {source.name} 中读出报告的年度，未生成任何文件；请用 --year 指定新年度，如 --year 2024"
        )
    data = _input_data(carried, target, profile, new_year)
    output = output or source.parent / f"{new_year}年填报表.xlsx"
    imported = Imported(
        source, output, target, new_year, last_year, data, detected.detection.basis if detected.detection else ""
    )
    imported.confirm = carried.confirm
    imported.uncertain = carried.uncertain + _indicator_doubts(data)
    _account(imported)
    _write(imported, force=force)
    return imported


def _refuse_an_input(source: Path) -> None:
    """An input (a fill-in workbook, YAML or JSON) given in place of last year's report is named as such, with the
    commands that read it, rather than refused as a file type no report has."""
    suffix = source.suffix.lower()
    if not source.is_file() or suffix not in (*CONVERTIBLE, *WORKBOOK_SUFFIXES):
        return
    what = "填报表（起草报告用的 Excel 输入文件）" if suffix in WORKBOOK_SUFFIXES else "起草报告用的输入文件"
    raise DraftReadError(
        f"{source.name} 是{what}，不是上一年度的报告，未生成任何文件；reportgen import 读取上年的报告"
        f"（.docx、.pdf、.txt 或 .md）。要检查填写的内容请用 reportgen validate {source.name}，"
        f"起草报告请用 reportgen draft {source.name}"
    )


def _target(detected: ParsedReport, profile: str | None, source: Path) -> tuple[Profile, list[str]]:
    """The format to import into: the one named (if the report is of its kind), else the one detected, else
    the usual format of the report's kind."""
    from reportgen.check.structure import KIND_NAMES

    if profile is not None:
        chosen = _drafting_profile(profile)
        guess_kind = detected.profile.kind  # the generic profile, too, takes the kind the report reads as
        confidence = detected.detection.kind_confidence if detected.detection else 0.5
        if chosen.kind != guess_kind and confidence >= 0.75:
            raise DraftReadError(
                f"格式「{chosen.name}」用于{chosen.report_name}，但 {source.name} 是{KIND_NAMES[guess_kind]}绩效自评报告"
                f"（{detected.detection.basis if detected.detection else ''}），未生成任何文件；"
                f"请改用{KIND_NAMES[guess_kind]}的格式，或不加 --profile 自动识别"
            )
        return chosen, []
    found = detected.profile
    if can_draft(found):
        return found, []
    fallback = _drafting_profile(FALLBACK[found.kind])
    note = (
        f"报告的章节与各地区格式都不够相符，按 {fallback.name} 格式生成填报表；"
        "要用其他格式请加 --profile（如 --profile hunan）"
    )
    return fallback, [note]


def _drafting_profile(name: str) -> Profile:
    """A format a report can be drafted in (a workbook is only worth writing for one)."""
    from reportgen.profiles import get_profile

    chosen = get_profile(name)
    if not can_draft(chosen):
        raise OutputError(cannot_draft(chosen))
    return chosen


def _has_content(carried: Carried) -> bool:
    keys = set(carried.data) - {"单位名称", "评分方案"}
    return bool(keys)


def _input_data(carried: Carried, target: Profile, profile: str | None, year: int) -> dict[str, Any]:
    """The input in the models' order: 格式 (as named on the command line), 评分方案, 单位名称, 年度, the rest."""
    data: dict[str, Any] = {"格式": profile or target.name}
    read = carried.data
    for key in ("评分方案", "单位名称"):
        if key in read:
            data[key] = read[key]
    data["年度"] = year
    data.update({k: v for k, v in read.items() if k not in data})
    return data


def _indicator_doubts(data: dict[str, Any]) -> list[str]:
    """Indicators whose levels or 年度指标值 the input model would refuse once 实际完成值 is filled in (a fault
    the model states now is listed with the other input issues, not here again)."""
    found = []
    for where, row in _indicator_rows(data):
        # As if filled in, and graded (a target in words is judged by 完成等级): only the row's own faults remain.
        probe = {**row, "实际完成值": row.get("年度指标值", ""), "完成等级": "达成"}
        stated_now = set(_row_faults(row))
        reasons = [reason for reason in _row_faults(probe) if reason not in stated_now]
        if reasons:
            found.append(f"{where}「{row.get('三级指标', '')}」：{'；'.join(dict.fromkeys(reasons))}")
    return found


def _row_faults(row: dict[str, Any]) -> list[str]:
    """What the input model says (in Chinese) of an indicator row, but for fields left to fill."""
    try:
        validate_data(row, Indicator, source="")
    except InputError as exc:
        return [issue.message for issue in exc.issues if issue.message != MISSING and "完成等级" not in issue.message]
    return []


def _indicator_rows(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    table = data.get("部门整体自评表")
    if isinstance(table, dict):
        for row in table.get("指标", []):
            yield "部门整体自评表指标", row
    projects = data.get("项目") or data.get("支出", {}).get("项目支出", {}).get("项目", [])
    for project in projects:
        for row in (project.get("自评表") or {}).get("指标", []):
            yield f"项目「{project['名称']}」的自评表指标", row


# ---------------------------------------------------------------- what was carried, what is left


def _account(imported: Imported) -> None:
    """Count what was carried over and list the required fields left empty, by the sheet that holds them."""
    from reportgen.api import KINDS
    from reportgen.workbook import LAYOUTS

    layout = LAYOUTS[imported.profile.kind]
    for path in _leaf_paths(imported.data):
        if path[0] not in ("格式", "年度"):
            sheet = layout.sheet_of(path)
            imported.carried[sheet] = imported.carried.get(sheet, 0) + 1
    issues: list[InputIssue] = []
    try:
        validate_data(imported.data, KINDS[imported.profile.kind].model, source=str(imported.output))
    except InputError as exc:
        issues = exc.issues
    for issue in issues:
        keys = tuple(part for part in issue.path.replace("]", "").replace("[", ".").split(".") if not part.isdigit())
        sheet = layout.sheet_of(keys)
        if issue.message == MISSING or issue.message.startswith(ASKS_TO_FILL):
            imported.to_fill.setdefault(sheet, []).append(issue.path)
        else:
            imported.uncertain.append(f"「{issue.path}」：{issue.message}")
    imported.new_parts = [what for key, what in NEW_PARTS[imported.profile.kind] if imported.profile.uses_part(key)]


def _leaf_paths(data: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path (keys only) of every value in plain data, a row of a table (a project, an indicator) once and
    each item of a list of texts once: what the clerk is told was carried, counted (``load.given_paths`` reads a
    model, the workbook's own walk names each field of a row once for all rows: neither counts)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaf_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict):
                yield prefix
                for key, value in item.items():
                    if isinstance(value, dict | list):
                        yield from _leaf_paths(value, (*prefix, key))
            else:
                yield prefix
    elif data is not None:
        yield prefix


# ---------------------------------------------------------------- writing

MARKED = "黄色的单元格是带入后仍空着的必填项：请填写本年的数字或完成情况（整张表都是本年新内容的，表中不再逐格标出）。"
TO_FILL = PatternFill("solid", fgColor="FFF2CC")


def mark_to_fill(path: Path, kind: str) -> int:
    """Colour the empty cells of a written workbook that its input model requires; how many were marked."""
    from reportgen.api import KINDS
    from reportgen.workbook import LAYOUTS, open_workbook, read_workbook

    opened = open_workbook(path)
    data, locator, _ = read_workbook(opened, LAYOUTS[kind])
    try:
        KINDS[kind].model.model_validate(data)
        return 0
    except ValidationError as exc:
        missing: list[tuple[Any, list[str]]] = []
        for error in exc.errors():
            loc = error["loc"]
            if error["type"] == "missing":
                missing.append((loc, [str(loc[-1])]))
            elif ASKS_TO_FILL + "「" in error["msg"]:  # 请填写「内容」或「分项」: the fields of this row
                missing.append(((*loc, "_"), re.findall(r"「(.+?)」", error["msg"])))
    with path.open("rb") as handle:  # a temporary file's name does not end in .xlsx
        book = load_workbook(handle)
    marked = 0
    for loc, keys in missing:
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        ref = next((locator.cells[loc[:cut]] for cut in range(len(loc), 0, -1) if loc[:cut] in locator.cells), None)
        if ref is None or ref.row is None or ref.sheet not in book.sheetnames:
            continue
        ws = book[ref.sheet]
        for column, head in enumerate(ws[1], start=1):
            header = str(head.value or "")
            if any(header == key or header.endswith("." + key) or header.startswith(key + ".") for key in keys):
                cell = ws.cell(ref.row, column)
                if cell.value in (None, ""):
                    cell.fill = TO_FILL
                    marked += 1
    book.save(path)
    return marked


def _write(imported: Imported, *, force: bool) -> None:
    suffix = imported.output.suffix.lower()
    head = (
        f"本填报表由 reportgen import 根据上年报告《{imported.source.name}》生成：已带入单位情况、职能、任务、绩效目标、"
        "项目和自评表指标（年度指标值、分值）等；金额、实际完成值、重点工作完成情况和本年的问题、措施都须重新填写。"
        "「上年问题（供参考）」表列出上年的问题和措施，只供对照，不写入报告。"
    )

    def write(temp: Path) -> None:
        if suffix == ".xlsx":
            from reportgen.workbook import write_data_workbook

            write_data_workbook(
                imported.data, imported.profile, temp, named=imported.data.get("格式"), notes=(head, MARKED)
            )
            mark_to_fill(temp, imported.profile.kind)
        elif suffix == ".json":
            temp.write_text(to_json(imported.data), encoding="utf-8")
        else:
            comment = (
                f"# {head}\n# 金额单位：万元。填好后运行 reportgen validate 检查，再运行 reportgen draft 起草报告。\n"
            )
            temp.write_text(comment + to_yaml(imported.data), encoding="utf-8")

    write_atomically(imported.output, write, inputs=[imported.source], force=force)
