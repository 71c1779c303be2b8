"""Checking benchmark for issue 11: ``reportgen check`` per report and a 1,000-report batch with a summary.

Per report, in-process: the seeds (where ../shared/seeds exists) and every sample drafted to .docx and .md. The
time that counts is a report the process has not seen: what checking keeps from earlier reports
(reportgen.caches: folded lines, heading matches, word bounds, .docx styles) is dropped, the other
reports are checked (as a batch worker or the web page would have), then this one is timed — without its
twin, the same sample in the other format, which shares its text. Beside it: the time with nothing kept from
any report (as the first check of a fresh process, imports and rule book aside), the time when the same report
is checked again (everything kept), and the anchor, reading the file alone.

Per size: the yueyang sample grown to 10, 100 and 1,000 projects and to a 自评表 of 10 … 3,000 indicators, drafted
as .docx and checked; what each further project or indicator row costs (the marginal time between two sizes)
should stay the same from the smallest size to the largest — a cost that grows with the size shows work repeated
for every pair of projects or sentences.

The batch checks 1,000 copies of those reports with a summary workbook in a fresh process, as the command line
does (folder in, .xlsx out, ``jobs`` workers), and reports its wall time next to its anchor: the in-process
check times of the same reports divided over the workers (what perfect parallelism would give), the CPU time
its processes used, and the peak memory of the largest worker and of the gathering process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import synthetic

from reportgen import api, caches
from reportgen.check import check_file
from reportgen.check.read import read_draft

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PER_REPORT_MS = 50
BATCH_SIZE = 1000
BATCH_SECONDS = 60
WORKER_MB = 300
SIZE_SPREAD = 2  # the dearest marginal cost per project or indicator row, at most this many times the cheapest
Found = tuple[str, str, str, bool | None]  # target, measured, anchor, met (None: not run)


@dataclass
class Checked:
    name: str
    check: float  # seconds, best run: a report the process has not seen, after checking the others
    cpu: float  # CPU seconds of that check, best run (less disturbed by other work on the machine)
    cold: float  # seconds, best run, with nothing kept from any report
    again: float  # seconds, best run, checking the same report again
    read: float  # seconds to read the file alone (the anchor), with nothing kept


@dataclass
class Batch:
    reports: int
    seconds: float
    cpu_seconds: float  # user + system time of the batch's processes
    peak_mb: float  # the largest worker
    main_mb: float  # the process that gathers the results and writes the summary
    summary_rows: int


def best(fn, repeat: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def reports(samples: dict[str, Path], folder: Path) -> list[Path]:
    """The seeds and each sample drafted as .docx and as .md (drafted once, here)."""
    found = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    for name, path in samples.items():
        drafted = api.draft(path)
        for fmt in ("docx", "md"):
            found.append(api.save(drafted, folder / f"{name}.{fmt}", fmt))
    return found


def forgotten(fn):
    """``fn`` run after dropping everything checking kept from earlier reports."""

    def run_cold():
        caches.forget()
        return fn()

    return run_cold


def twin(path: Path) -> str:
    """Reports sharing a text: a sample's .docx and .md drafts (the seeds have none)."""
    return path.stem


def unseen(path: Path, others: list[Path], repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of checking ``path`` in a process that has checked ``others`` and not it."""
    walls, cpus = [], []
    for _ in range(repeat):
        caches.forget()
        for other in others:
            check_file(other)
        wall, cpu = time.perf_counter(), time.process_time()
        check_file(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def per_report(paths: list[Path], repeat: int) -> list[Checked]:
    check_file(paths[0])  # imports, rule book, lexicon and word dictionary loaded once, as in any running process
    found = []
    for p in paths:
        wall, cpu = unseen(p, [o for o in paths if twin(o) != twin(p)], repeat)
        cold = best(forgotten(lambda p=p: check_file(p)), repeat)
        again = best(lambda p=p: check_file(p), repeat)
        read = best(forgotten(lambda p=p: read_draft(p)), repeat)
        found.append(Checked(p.name, wall, cpu, cold, again, read))
    return found


_BATCH_SCRIPT = """
import json, resource, sys
from pathlib import Path
from reportgen.check import batch
paths, skipped = batch.collect([sys.argv[1]])
rows = batch.run(paths, batch.CheckOptions(), jobs=int(sys.argv[3]))
batch.write_summary(rows, Path(sys.argv[2]))
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
main_kb = own.ru_maxrss
try:  # Linux keeps a process's ru_maxrss across exec: the forked copy of the benchmark would count
    status = Path("/proc/self/status").read_text()
    main_kb = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
except (OSError, StopIteration, ValueError):
    pass
print(json.dumps({"main_kb": main_kb, "worker_kb": children.ru_maxrss,
                  "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime}))
"""


def batch(paths: list[Path], folder: Path, jobs: int) -> Batch:
    """1,000 reports checked with a summary workbook, in a fresh process as the CLI does it (folder in, .xlsx
    out, ``jobs`` workers): wall time, CPU time, and the peak memory of the largest worker."""
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

    sheet = load_workbook(summary, read_only=True)["汇总"]
    sheet.reset_dimensions()  # a write-only workbook records no dimensions: count the rows themselves
    rows = sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
    return Batch(BATCH_SIZE, seconds, memory["cpu"], memory["worker_kb"] / 1024, memory["main_kb"] / 1024, rows)


def sizes(grown_from: Path, folder: Path, repeat: int, quick: bool) -> tuple[list[str], list[Found]]:
    """Check time of the sample grown to each size, and the marginal cost per project and per indicator row."""
    sample = synthetic.load_sample(grown_from)
    lines = ["", f"Checking by size, grown from {grown_from.name} and drafted as .docx (ms; best run, nothing kept)"]
    found: list[Found] = []
    for unit, grow, counts in (
        # from 10 projects: a report of one checks in about the time of its fixed parts, too little to compare
        ("project", synthetic.with_projects, synthetic.PROJECTS[1:3] if quick else synthetic.PROJECTS[1:]),
        ("indicator row", synthetic.with_indicators, synthetic.INDICATORS[:3] if quick else synthetic.INDICATORS),
    ):
        times = []
        for count in counts:
            source = synthetic.write(grow(sample, count), folder / f"check_{unit[0]}_{count}.yaml")
            path = api.save(api.draft(source), folder / f"check_{unit[0]}_{count}.docx", "docx")
            times.append(best(forgotten(lambda path=path: check_file(path)), repeat if count < 1000 else 3))
        marginal = [(t - t0) / (n - n0) for (n0, t0), (n, t) in pairwise(zip(counts, times, strict=True))]
        costs = ", ".join(f"{m * 1e6:.0f}" for m in marginal)
        sized = "  ".join(f"{n:>5}: {t * 1000:>7.1f}" for n, t in zip(counts, times, strict=True))
        lines.append(f"  {unit + 's':<16}{sized}   marginal µs per {unit}: {costs}")
        steps = ", ".join(f"{n0:,}→{n:,}" for n0, n in pairwise(counts))
        target = f"check time per {unit} constant within {SIZE_SPREAD}× over the steps {steps}"
        if len(marginal) < 2 or min(marginal) <= 0:
            found.append((target, f"too few sizes to compare (marginal µs per {unit}: {costs})", "", None))
            continue
        spread = max(marginal) / min(marginal)
        found.append(
            (
                target,
                f"{spread:.2f}× (marginal µs per {unit}: {costs}; {counts[-1]:,} take {times[-1] * 1000:.0f} ms)",
                f"the cheapest × {SIZE_SPREAD} = {min(marginal) * SIZE_SPREAD * 1e6:.0f} µs",
                spread <= SIZE_SPREAD,
            )
        )
    return lines, found


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run(
    samples: dict[str, Path], folder: Path, repeat: int, jobs: int, grown_from: Path, quick: bool
) -> tuple[list[str], list[Found]]:
    """Printed lines, and the targets of issue 11 with what was measured."""
    paths = reports(samples, folder)
    checked = per_report(paths, repeat)
    lines = [
        "Checking, per report in-process (ms; best run): unseen — a report the process has not checked, after the "
        "others; cold — nothing kept from any report; again — the same report once more",
        f"  {'report':<40}{'unseen':>9}{'CPU':>9}{'cold':>9}{'again':>9}{'read':>9}{'unseen/read':>13}",
    ]
    lines += [
        f"  {c.name:<40}{c.check * 1000:>9.1f}{c.cpu * 1000:>9.1f}{c.cold * 1000:>9.1f}{c.again * 1000:>9.1f}"
        f"{c.read * 1000:>9.1f}{c.check / c.read:>12.1f}×"
        for c in checked
    ]
    slowest = max(checked, key=lambda c: c.check)
    middle = median([c.check for c in checked])
    found: list[Found] = [
        (
            f"reportgen check ≤ {PER_REPORT_MS} ms per report in-process, a report not seen before "
            "(seeds and sample drafts, .txt/.md/.docx)",
            f"slowest {slowest.name} {slowest.check * 1000:.1f} ms; median {middle * 1000:.1f} ms "
            f"(CPU time: slowest {max(c.cpu for c in checked) * 1000:.1f} ms, "
            f"median {median([c.cpu for c in checked]) * 1000:.1f} ms)",
            f"{PER_REPORT_MS} ms; reading the slowest alone {slowest.read * 1000:.1f} ms",
            slowest.check * 1000 <= PER_REPORT_MS,
        )
    ]
    size_lines, size_targets = sizes(grown_from, folder, repeat, quick)
    lines += size_lines
    found += size_targets
    result = batch(paths, folder, jobs)
    # the anchor: the same 1,000 reports' in-process check times, shared perfectly among the workers
    ideal = sum(checked[i % len(checked)].again for i in range(BATCH_SIZE)) / jobs
    lines += [
        "",
        f"Batch: {result.reports} reports ({len(paths)} distinct, copied), --jobs {jobs}, --summary .xlsx: "
        f"{result.seconds:.1f} s wall ({result.seconds / result.reports * 1000:.1f} ms per report), "
        f"{result.cpu_seconds:.1f} s CPU; in-process checks ÷ {jobs} workers {ideal:.1f} s; "
        f"summary rows {result.summary_rows}; peak memory: largest worker {result.peak_mb:.0f} MB, "
        f"gathering process {result.main_mb:.0f} MB",
    ]
    found.append(
        (
            f"{BATCH_SIZE} reports checked with a summary workbook in ≤ {BATCH_SECONDS} s on {jobs} workers",
            f"{result.seconds:.1f} s wall, {result.cpu_seconds:.1f} s CPU, {result.summary_rows} rows",
            f"{BATCH_SECONDS} s; in-process checks ÷ {jobs} workers {ideal:.1f} s",
            result.seconds <= BATCH_SECONDS and result.summary_rows == result.reports,
        )
    )
    found.append(
        (
            f"peak memory per worker under {WORKER_MB} MB",
            f"{result.peak_mb:.0f} MB (gathering process {result.main_mb:.0f} MB)",
            f"{WORKER_MB} MB",
            result.peak_mb < WORKER_MB,
        )
    )
    return lines, found
