"""Checking benchmark for issue 11: ``reportgen check`` per report and a 1,000-report batch with a summary.

Per report, in-process: the seeds (where ../shared/seeds exists) and every sample drafted to .docx and .md,
each next to its anchor measured in the same run — the time to read the file alone. The batch runs the real
command line on 1,000 copies of those reports with ``--summary``, and reports the peak memory of its processes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from reportgen import api
from reportgen.check import check_file
from reportgen.check.read import read_draft

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PER_REPORT_MS = 50
BATCH_SIZE = 1000
BATCH_SECONDS = 60
WORKER_MB = 300


@dataclass
class Checked:
    name: str
    check: float  # seconds, best run
    read: float  # seconds to read the file alone (the anchor)


@dataclass
class Batch:
    reports: int
    seconds: float
    peak_mb: float  # the largest worker
    main_mb: float  # the process that gathers the results and writes the summary
    summary_rows: int


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def reports(samples: dict[str, Path], folder: Path) -> list[Path]:
    """The seeds and each sample drafted as .docx and as .md (drafted once, here)."""
    found = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    for name, path in samples.items():
        drafted = api.draft(path)
        for fmt in ("docx", "md"):
            found.append(api.save(drafted, folder / f"{name}.{fmt}", fmt))
    return found


def per_report(paths: list[Path], repeat: int) -> list[Checked]:
    check_file(paths[0])  # imports, rule book and lexicon loaded once, as in a long-running batch worker
    return [
        Checked(p.name, best(lambda p=p: check_file(p), repeat), best(lambda p=p: read_draft(p), repeat)) for p in paths
    ]


_BATCH_SCRIPT = """
import json, resource, sys
from pathlib import Path
from reportgen.check import batch
paths, skipped = batch.collect([sys.argv[1]])
rows = batch.run(paths, batch.CheckOptions(), jobs=int(sys.argv[3]))
batch.write_summary(rows, Path(sys.argv[2]))
print(json.dumps({"main_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def batch(paths: list[Path], folder: Path, jobs: int) -> Batch:
    """1,000 reports checked with a summary workbook, in a fresh process as the CLI does it (folder in, .xlsx
    out, ``jobs`` workers), wall time and the peak memory of the largest worker."""
    inbox = folder / "batch"
    inbox.mkdir()
    for i in range(BATCH_SIZE):
        source = paths[i % len(paths)]
        shutil.copy(source, inbox / f"{i:04d}_{source.name}")
    summary = folder / "汇总.xlsx"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _BATCH_SCRIPT, str(inbox), str(summary), str(jobs)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    memory = json.loads(done.stdout.strip().splitlines()[-1])
    from openpyxl import load_workbook

    rows = load_workbook(summary, read_only=True)["汇总"].max_row - 1
    return Batch(BATCH_SIZE, seconds, memory["worker_kb"] / 1024, memory["main_kb"] / 1024, rows)


def run(
    samples: dict[str, Path], folder: Path, repeat: int, jobs: int
) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """Printed lines, and (target, measured, met) for the targets of issue 11."""
    paths = reports(samples, folder)
    checked = per_report(paths, repeat)
    lines = [
        "Checking, per report in-process (ms; best run)",
        f"  {'report':<40}{'check':>9}{'read':>9}{'check/read':>12}",
    ]
    lines += [f"  {c.name:<40}{c.check * 1000:>9.1f}{c.read * 1000:>9.1f}{c.check / c.read:>11.1f}×" for c in checked]
    slowest = max(checked, key=lambda c: c.check)
    found = [
        (
            f"reportgen check ≤ {PER_REPORT_MS} ms per report in-process (seeds and sample drafts, .txt/.md/.docx)",
            f"slowest {slowest.name} {slowest.check * 1000:.1f} ms; median "
            f"{sorted(c.check for c in checked)[len(checked) // 2] * 1000:.1f} ms",
            slowest.check * 1000 <= PER_REPORT_MS,
        )
    ]
    result = batch(paths, folder, jobs)
    lines += [
        "",
        f"Batch: {result.reports} reports ({len(paths)} distinct, copied), --jobs {jobs}, --summary .xlsx: "
        f"{result.seconds:.1f} s ({result.seconds / result.reports * 1000:.1f} ms per report), "
        f"summary rows {result.summary_rows}, peak memory: largest worker {result.peak_mb:.0f} MB, "
        f"main process {result.main_mb:.0f} MB",
    ]
    found.append(
        (
            f"{BATCH_SIZE} reports checked with a summary workbook in ≤ {BATCH_SECONDS} s on {jobs} workers",
            f"{result.seconds:.1f} s, {result.summary_rows} rows",
            result.seconds <= BATCH_SECONDS and result.summary_rows == result.reports,
        )
    )
    found.append(
        (f"peak memory per worker under {WORKER_MB} MB", f"{result.peak_mb:.0f} MB", result.peak_mb < WORKER_MB)
    )
    return lines, found
