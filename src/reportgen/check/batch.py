"""Check many reports at once: collect files from folders, check them in worker processes, summarise.

A finance bureau checks hundreds to thousands of reports a year. One unreadable or hostile file becomes a
row with its Chinese reason and never stops the batch; the summary workbook is written to a temporary
file and renamed, so an interrupted run leaves none half-written.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from reportgen.check.read import SUFFIXES
from reportgen.errors import OutputError, ReportgenError
from reportgen.files import write_atomically
from reportgen.findings import Category, Level
from reportgen.limits import MAX_CHECK_SECONDS

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


class FindingRow(NamedTuple):
    """One finding as the summary needs it: plain strings and a number, small to send back from a worker and to
    keep for thousands of reports."""

    rule: str
    category: str  # Category value
    level: str  # Level value
    message: str
    section: str
    evidence: str
    fix: str
    points_lost: int | float
    item: str


@dataclass
class BatchRow:
    """One report of a batch: what its summary row and its findings rows need, and the whole JSON result as
    text (read back only for ``--format json``), or the reason it could not be checked."""

    path: str
    error: str = ""
    unit: str = ""
    year: int | None = None
    kind: str = ""
    profile: str = ""
    score: int | float | None = None  # total of the items assessed, as in the JSON
    score_max: int | float | None = None
    items: tuple[tuple[str, str, int | float | None], ...] = ()  # (id, name, score) of each 附件5 item
    findings: tuple[FindingRow, ...] = ()
    result_json: str = ""

    @classmethod
    def from_result(cls, path: str, data: dict[str, Any]) -> BatchRow:
        score = data["score"]
        return cls(
            path,
            unit=data.get("unit", ""),
            year=data.get("year"),
            kind=data["kind"],
            profile=data["profile"],
            score=score["total"],
            score_max=score["max"],
            items=tuple((i["id"], i["name"], i["score"]) for i in score["items"]),
            findings=tuple(
                FindingRow(
                    f["rule"],
                    f["category"],
                    f["level"],
                    f["message"],
                    f["section"],
                    f["evidence"],
                    f["fix"],
                    f["points_lost"],
                    f["item"] or "",
                )
                for f in data["findings"]
            ),
            result_json=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        )

    @property
    def result(self) -> dict[str, Any] | None:
        """The report's JSON result (as ``reportgen check --format json`` gives it), or None when unreadable."""
        return json.loads(self.result_json) if self.result_json else None

    @property
    def checked(self) -> bool:
        return not self.error

    @property
    def total(self) -> Decimal | None:
        return None if self.error else Decimal(str(self.score))

    @property
    def has_errors(self) -> bool:
        return bool(self.error) or any(f.level == Level.ERROR for f in self.findings)


@dataclass(frozen=True)
class CheckOptions:
    """What every report of a batch is checked with."""

    profile: str | None = None
    evidence: str | None = None
    rubric: str | None = None
    lexicon: str | None = None


class _TooSlow(BaseException):
    """Checking one report took longer than MAX_CHECK_SECONDS."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _TooSlow in this thread after ``seconds``, where a timer signal can do it (the main thread of a worker
    or of the command line, on a system with SIGALRM); elsewhere (the web page's threads, Windows) no limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_one(path: str, options: CheckOptions) -> BatchRow:
    """Check one file in a worker; any failure, or a check that takes too long, becomes the row's Chinese reason."""
    from reportgen.check import check_file

    try:
        with _time_limit(MAX_CHECK_SECONDS):
            data = check_file(
                path, options.profile, options.evidence, rubric=options.rubric, lexicon=options.lexicon
            ).to_dict()
    except _TooSlow:
        return BatchRow(
            path,
            error=f"{Path(path).name} 检查超过 {MAX_CHECK_SECONDS} 秒仍未完成（内容异常多或结构异常），已跳过；"
            "请确认文件是否正确，必要时单独检查",
        )
    except ReportgenError as exc:
        return BatchRow(path, error=exc.user_message())
    except RecursionError:
        return BatchRow(path, error=f"{Path(path).name} 的结构嵌套过深，无法检查")
    except MemoryError:
        return BatchRow(path, error=f"{Path(path).name} 太大，无法在内存中检查")
    except Exception as exc:  # noqa: BLE001 - one hostile file must not stop the batch
        return BatchRow(path, error=f"{Path(path).name} 检查时出错（{type(exc).__name__}），请把文件反馈给开发者")
    return BatchRow.from_result(path, data)


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


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes for a batch. On Linux they are forked from this process once it has the checker loaded
    (reportgen.check.worker: modules, formats, rule books, lexicons, schemes), so each starts with all of it,
    shared copy-on-write, instead of importing and reading it again; nothing is re-run in them. The progress
    bar's refresh thread is the only other thread then, and a worker never touches the terminal it writes to.
    Elsewhere (macOS, Windows, where forking is unsafe or absent) workers are spawned and load on first use."""
    if sys.platform.startswith("linux"):
        import reportgen.check.worker  # noqa: F401 - loaded here to be inherited

        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))


def _in_workers(
    paths: list[Path], options: CheckOptions, jobs: int, on_start: Callable[[Path], None] | None
) -> Iterator[BatchRow]:
    # One file per task: a report takes tens of milliseconds against well under one to send its path and receive
    # its row, and single tasks keep the progress bar's "current file" true and a slow file from holding others.
    # A worker that dies (a file that crashes the XML or PDF library, the memory killer) breaks the pool and fails
    # every task in it: the pool is replaced and those files are checked again one at a time, so that only the
    # file that kills a worker on its own becomes a row with the reason.
    pool = _pool(jobs)
    pending: dict[Future[BatchRow], Path] = {}
    queue = list(reversed(paths))
    suspects: list[Path] = []  # files whose pool broke, to check alone
    alone: Path | None = None  # the suspect being checked alone
    try:
        while queue or pending or suspects:
            if not pending and _broken(pool):
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(jobs)
            if suspects and not pending:
                alone = suspects.pop(0)
                pending[pool.submit(check_one, str(alone), options)] = alone
                if on_start:
                    on_start(alone)
            while not suspects and alone is None and queue and len(pending) < jobs * 2:  # a few ahead, not all
                path = queue.pop()
                try:
                    future = pool.submit(check_one, str(path), options)
                except BrokenProcessPool:
                    queue.append(path)
                    break  # the broken pool's tasks fail below; then it is replaced
                pending[future] = path
                if on_start:
                    on_start(path)
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path = pending.pop(future)
                isolated, alone = path == alone, (None if path == alone else alone)
                try:
                    row = future.result()
                except BrokenProcessPool:
                    if isolated:
                        row = BatchRow(str(path), error=f"{path.name} 检查时工作进程异常退出，无法检查")
                    else:
                        suspects.append(path)
                        continue
                except Exception as exc:  # noqa: BLE001 - one hostile file must not stop the batch
                    row = BatchRow(str(path), error=f"{path.name} 检查时工作进程异常退出（{type(exc).__name__}）")
                yield row
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: stop now, nothing left to wait for
        raise
    pool.shutdown(wait=True)  # every report done: the workers exit and are reaped


def _broken(pool: ProcessPoolExecutor) -> bool:
    try:
        pool.submit(int).cancel()  # submitting is how a pool tells that a worker died
    except BrokenProcessPool:
        return True
    return False


# ---------------------------------------------------------------- the summary


SUMMARY_HEAD = ["文件", "单位名称", "年度", "格式", "类型", "报告格式"]
FINDINGS_HEAD = ["文件", "单位名称", "规则", "级别", "类别", "问题", "位置", "原文", "建议", "扣分", "评分项"]


def summary_table(rows: list[BatchRow]) -> tuple[list[str], list[list[Any]]]:
    """One row per report — file, unit, year, format, kind, each 附件5 item's score, total, counts of error and
    warning findings by category — sorted by total score, highest first; unreadable files last with the reason."""
    items = list(dict.fromkeys((item_id, name) for row in rows for item_id, name, _ in row.items))
    counted = (Level.ERROR, Level.WARNING)
    present = {f.category for row in rows for f in row.findings if f.level in counted}
    categories = [c for c in Category if c.value in present]
    head = [*SUMMARY_HEAD, *(name for _, name in items), "得分", "已评满分"]
    head += [f"{c.zh}·{level.zh}" for c in categories for level in counted]
    head.append("说明")
    ordered = sorted(rows, key=lambda r: (not r.checked, -(r.total or 0), r.path))
    table = []
    for row in ordered:
        suffix = Path(row.path).suffix.lower()
        line: list[Any] = [row.path]
        if not row.checked:
            line += ["", None, FORMAT_ZH.get(suffix, suffix), "", ""]
            line += [None] * (len(items) + 2 + 2 * len(categories))
            line.append(row.error)
            table.append(line)
            continue
        scores = {item_id: score for item_id, _, score in row.items}
        line += [row.unit, row.year, FORMAT_ZH.get(suffix, suffix), row.kind, row.profile]
        line += [scores.get(item_id) for item_id, _ in items]
        line += [row.score, row.score_max]
        counts = Counter((f.category, f.level) for f in row.findings)
        line += [counts[(category.value, level.value)] for category in categories for level in counted]
        line.append("")
        table.append(line)
    return head, table


def findings_table(rows: list[BatchRow]) -> Iterator[list[Any]]:
    """Every finding of every report, one per row (made as they are written, not held as a second copy)."""
    for row in rows:
        for f in row.findings:
            yield [
                row.path,
                row.unit,
                f.rule,
                Level(f.level).zh,
                Category(f.category).zh,
                f.message,
                f.section,
                f.evidence,
                f.fix,
                f.points_lost or None,
                f.item,
            ]


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


def _write_workbook(path: Path, head: list[str], table: list[list[Any]], findings: Iterable[list[Any]]) -> None:
    """Two sheets, header row bold and frozen, filters on, widths from the first rows (see check/xlsx.py)."""
    from reportgen.check.xlsx import Sheet, write_workbook

    write_workbook(path, [Sheet("汇总", head, table), Sheet("问题明细", FINDINGS_HEAD, findings)])
