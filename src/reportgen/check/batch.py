"""Check many reports at once: collect files from folders, check them in worker processes, summarise.

A finance bureau checks hundreds to thousands of reports a year. One unreadable or hostile file becomes a
row with its Chinese reason and never stops the batch; the summary workbook is written to a temporary
file and renamed, so an interrupted run leaves none half-written.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.check.read import SUFFIXES
from reportgen.errors import OutputError, ReportgenError
from reportgen.files import write_atomically
from reportgen.findings import Category, Level

FORMAT_ZH = {
    ".docx": "Word",
    ".pdf": "PDF",
    ".txt": "文本",
    ".text": "文本",
    ".md": "Markdown",
    ".markdown": "Markdown",
}


@dataclass(frozen=True)
class Skipped:
    """A file in a folder that is not a report format reportgen reads."""

    path: Path
    reason: str


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """The report files named, and those in the folders named (recursively, in name order); others skipped."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for given in map(Path, paths):
        if given.is_dir():
            for path in sorted(p for p in given.rglob("*") if p.is_file()):
                if path.name.startswith(("~$", ".")):
                    continue  # Word's lock files and hidden files are not reports
                if path.suffix.lower() in SUFFIXES:
                    found.append(path)
                else:
                    skipped.append(Skipped(path, f"不是可检查的文件类型（{path.suffix or '无扩展名'}）"))
        else:
            found.append(given)  # a file named explicitly is checked, and explained if it cannot be
    return list(dict.fromkeys(found)), skipped


@dataclass
class BatchRow:
    """One report of a batch: its result as JSON-ready data, or the reason it could not be checked."""

    path: str
    result: dict[str, Any] | None = None
    error: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        return None if self.result is None else Decimal(str(self.result["score"]["total"]))

    @property
    def has_errors(self) -> bool:
        return self.result is None or any(f["level"] == Level.ERROR for f in self.findings)


@dataclass(frozen=True)
class CheckOptions:
    """What every report of a batch is checked with."""

    profile: str | None = None
    evidence: str | None = None
    rubric: str | None = None
    lexicon: str | None = None


def check_one(path: str, options: CheckOptions) -> BatchRow:
    """Check one file in a worker; any failure becomes the row's Chinese reason."""
    from reportgen.check import check_file

    try:
        data = check_file(
            path, options.profile, options.evidence, rubric=options.rubric, lexicon=options.lexicon
        ).to_dict()
    except ReportgenError as exc:
        return BatchRow(path, error=exc.user_message())
    except RecursionError:
        return BatchRow(path, error=f"{Path(path).name} 的结构嵌套过深，无法检查")
    except MemoryError:
        return BatchRow(path, error=f"{Path(path).name} 太大，无法在内存中检查")
    except Exception as exc:  # noqa: BLE001 - one hostile file must not stop the batch
        return BatchRow(path, error=f"{Path(path).name} 检查时出错（{type(exc).__name__}），请把文件反馈给开发者")
    return BatchRow(path, data, findings=data["findings"])


def run(
    paths: list[Path],
    options: CheckOptions,
    *,
    jobs: int,
    on_start: Callable[[Path], None] | None = None,
    on_done: Callable[[BatchRow], None] | None = None,
) -> list[BatchRow]:
    """Check ``paths`` in ``jobs`` worker processes (in this process when ``jobs`` is 1), in input order."""
    rows: dict[str, BatchRow] = {}
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            if on_start:
                on_start(path)
            row = check_one(str(path), options)
            rows[row.path] = row
            if on_done:
                on_done(row)
    else:
        for row in _in_workers(paths, options, jobs, on_start):
            rows[row.path] = row
            if on_done:
                on_done(row)
    return [rows[str(p)] for p in paths]


def _in_workers(
    paths: list[Path], options: CheckOptions, jobs: int, on_start: Callable[[Path], None] | None
) -> Iterator[BatchRow]:
    pool = ProcessPoolExecutor(max_workers=jobs)
    pending: dict[Future[BatchRow], Path] = {}
    queue = list(reversed(paths))
    try:
        while queue or pending:
            while queue and len(pending) < jobs * 2:  # a few ahead of the workers, not the whole batch
                path = queue.pop()
                pending[pool.submit(check_one, str(path), options)] = path
                if on_start:
                    on_start(path)
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path = pending.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died (out of memory, killed)
                    yield BatchRow(str(path), error=f"{path.name} 检查时工作进程异常退出（{type(exc).__name__}）")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


# ---------------------------------------------------------------- the summary


SUMMARY_HEAD = ["文件", "单位名称", "年度", "格式", "类型", "报告格式"]
FINDINGS_HEAD = ["文件", "单位名称", "规则", "级别", "类别", "问题", "位置", "原文", "建议", "扣分", "评分项"]


def summary_table(rows: list[BatchRow]) -> tuple[list[str], list[list[Any]]]:
    """One row per report — file, unit, year, format, kind, each 附件5 item's score, total, counts of error and
    warning findings by category — sorted by total score, highest first; unreadable files last with the reason."""
    items: list[tuple[str, str]] = []
    for row in rows:
        for item in (row.result or {}).get("score", {}).get("items", []):
            if (item["id"], item["name"]) not in items:
                items.append((item["id"], item["name"]))
    counted = (Level.ERROR, Level.WARNING)
    categories = [
        c for c in Category if any(f["category"] == c and f["level"] in counted for row in rows for f in row.findings)
    ]
    head = [*SUMMARY_HEAD, *(name for _, name in items), "得分", "已评满分"]
    head += [f"{c.zh}·{level.zh}" for c in categories for level in counted]
    head.append("说明")
    ordered = sorted(rows, key=lambda r: (r.result is None, -(r.total or 0), r.path))
    table = []
    for row in ordered:
        suffix = Path(row.path).suffix.lower()
        line: list[Any] = [row.path]
        if row.result is None:
            line += ["", None, FORMAT_ZH.get(suffix, suffix), "", ""]
            line += [None] * (len(items) + 2 + 2 * len(categories))
            line.append(row.error)
            table.append(line)
            continue
        data = row.result
        scores = {i["id"]: i["score"] for i in data["score"]["items"]}
        line += [data.get("unit", ""), data.get("year"), FORMAT_ZH.get(suffix, suffix), data["kind"], data["profile"]]
        line += [scores.get(item_id) for item_id, _ in items]
        line += [data["score"]["total"], data["score"]["max"]]
        for category in categories:
            for level in counted:
                line.append(sum(1 for f in row.findings if f["category"] == category and f["level"] == level))
        line.append("")
        table.append(line)
    return head, table


def findings_table(rows: list[BatchRow]) -> list[list[Any]]:
    """Every finding of every report, one per row."""
    table = []
    for row in rows:
        unit = (row.result or {}).get("unit", "")
        for f in row.findings:
            table.append(
                [
                    row.path,
                    unit,
                    f["rule"],
                    Level(f["level"]).zh,
                    Category(f["category"]).zh,
                    f["message"],
                    f["section"],
                    f["evidence"],
                    f["fix"],
                    f["points_lost"] or None,
                    f["item"] or "",
                ]
            )
    return table


def write_summary(rows: list[BatchRow], output: Path) -> Path:
    """The summary as .xlsx (two sheets) or .csv (the first sheet, UTF-8 with BOM for Excel), atomically."""
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise OutputError(f"汇总文件应为 .xlsx 或 .csv：{output}")
    if not output.parent.is_dir():
        raise OutputError(f"汇总文件所在的文件夹 {output.parent} 不存在")
    head, table = summary_table(rows)

    def write(temp: Path) -> None:
        if suffix == ".csv":
            with temp.open("w", encoding="utf-8-sig", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(head)
                writer.writerows(["" if v is None else v for v in line] for line in table)
        else:
            _write_workbook(temp, head, table, findings_table(rows))

    # A summary is regenerated from the reports on every run, so it replaces the last one.
    return write_atomically(output, write, inputs=[], force=True)


def _write_workbook(path: Path, head: list[str], table: list[list[Any]], findings: list[list[Any]]) -> None:
    """Two sheets, streamed (openpyxl's write-only mode: rows are not kept as cell objects, so a summary of
    thousands of reports and their findings stays small and quick)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for title, columns, lines in (("汇总", head, table), ("问题明细", FINDINGS_HEAD, findings)):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "B2"
        for index, name in enumerate(columns, start=1):
            values = [name, *(line[index - 1] for line in lines[:200])]
            width = max(_display_width(v) for v in values)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(6, width + 2))
        last = f"{get_column_letter(len(columns))}{len(lines) + 1}"
        sheet.auto_filter.ref = f"A1:{last}"
        header = []
        for name in columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        sheet.append(header)
        for line in lines:
            sheet.append([_cell(v) for v in line])
    workbook.save(path)


def _cell(value: Any) -> Any:
    """Numbers stay numbers (Decimal is not an Excel type); text stays text."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _display_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
