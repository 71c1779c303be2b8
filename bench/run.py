"""Drafting and checking benchmark for issue 11: every time next to its anchor measured in the same run.

Not part of ``make test``: timings vary with the machine and its load, so they are compared with
anchors measured in the same run (the zip floor of the same output, a naive python-docx build of the
same blocks, per-row cost across sizes), never asserted in unit tests.

    .venv/bin/python bench/run.py                 # everything (about three minutes on two cores)
    .venv/bin/python bench/run.py --quick         # smaller sizes and fewer repeats, for a quick look
    .venv/bin/python bench/run.py --only check    # the checking targets alone (per report, 1,000-report batch)

Each target is printed with its measured value, its anchor and PASS or FAIL; the exit status is 1 when one fails.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import checking
import synthetic
from docx import Document

from reportgen import api, caches
from reportgen.docx.writer import docx_bytes
from reportgen.render.blocks import Block, Heading, PageBreak, Paragraph, Subtitle, Table, Title

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"
GROWN_FROM = SAMPLES / "yueyang_2023.yaml"  # the sample with projects and a 部门整体自评表, as issue 11 measured
PROJECTS, INDICATORS = synthetic.PROJECTS, synthetic.INDICATORS
_T = TypeVar("_T")
NAIVE_MAX_ROWS = 500  # python-docx's row.cells rebuilds the grid (rows² work) and merge() recurses once per row


# ---------------------------------------------------------------- measuring


def measure(fn: Callable[[], Any], *, repeat: int, budget: float) -> float:
    """Best of up to ``repeat`` runs, in seconds, stopping early once the runs have used ``budget`` seconds.

    The best run is the one least disturbed by whatever else the machine is doing; anchors are measured
    the same way, so the ratios compare like with like.
    """
    return best(lambda: timed(fn), repeat=repeat, budget=budget, seconds=lambda t: t)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best(run: Callable[[], _T], *, repeat: int, budget: float, seconds: Callable[[_T], float]) -> _T:
    """The fastest of up to ``repeat`` results of ``run``, by ``seconds``; see :func:`measure`."""
    results: list[_T] = []
    while len(results) < repeat and sum(map(seconds, results)) < budget:
        gc.collect()
        results.append(run())
    return min(results, key=seconds)


@dataclass(frozen=True)
class Stages:
    """One draft, read → .docx bytes, split where api.draft hands over."""

    read: float  # api.read_input: parse, clean and validate the input file
    blocks: float  # the rest of api.draft: figures, tables and templates → blocks
    docx: float  # blocks → .docx bytes

    @property
    def total(self) -> float:
        return self.read + self.blocks + self.docx


class ReadClock:
    """Times ``api.read_input`` where ``api.draft`` calls it, so that one run yields every stage."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._read_input = api.read_input

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self._read_input(*args, **kwargs)
        finally:
            self.seconds = time.perf_counter() - start


READ_CLOCK = ReadClock()
api.read_input = READ_CLOCK  # api.draft looks read_input up in its module on every call


def draft_stages(path: Path) -> tuple[Stages, list[Block], bytes]:
    caches.forget()  # timed as the command line drafts: nothing remembered from the runs before it of the same input
    start = time.perf_counter()
    blocks = api.draft(path).blocks
    drafted = time.perf_counter()
    output = docx_bytes(blocks)
    done = time.perf_counter()
    read = READ_CLOCK.seconds
    return Stages(read, drafted - start - read, done - drafted), blocks, output


@dataclass
class Draft:
    """One input drafted in-process, read → .docx bytes, with its stages and anchors."""

    name: str
    rows: int  # table rows in the whole document
    stages: Stages  # the fastest run
    zip_floor: float  # the same output's parts written into a zip
    naive: float | None  # python-docx's public API building the same paragraphs and tables
    naive_note: str = ""

    @property
    def total(self) -> float:
        return self.stages.total

    @property
    def docx(self) -> float:
        return self.stages.docx


def bench_draft(name: str, path: Path, *, repeat: int, budget: float, skip_naive: str = "") -> Draft:
    """Draft ``path`` in-process; ``skip_naive`` says why the naive python-docx anchor is not measured."""
    _, blocks, output = draft_stages(path)  # warm: imports, the python-docx template, scoring schemes
    stages = best(lambda: draft_stages(path)[0], repeat=repeat, budget=budget, seconds=lambda s: s.total)
    parts = zip_parts(output)
    floor = measure(lambda: zip_floor(parts), repeat=max(repeat, 5), budget=budget / 4)
    rows = sum(len(block.rows) for block in blocks if isinstance(block, Table))
    naive_time, note = None, ""
    largest = max((len(block.rows) for block in blocks if isinstance(block, Table)), default=0)
    if skip_naive:
        note = skip_naive
    elif largest > NAIVE_MAX_ROWS:
        note = f"skipped: a table of {largest} rows"
    else:
        naive_time = measure(lambda: naive_docx(blocks), repeat=repeat, budget=budget / 2)
    return Draft(name, rows, stages, floor, naive_time, note)


def zip_parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def zip_floor(parts: list[tuple[str, bytes]]) -> bytes:
    """The floor: the finished document's parts, already serialized, written into a deflated zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def naive_docx(blocks: list[Block]) -> bytes:
    """The same paragraphs and tables through python-docx's public API, as a newcomer would write it:
    ``add_paragraph``, ``add_table``, each row's ``cells`` once, ``cell.text`` and ``merge``; no styling."""
    document = Document()
    for block in blocks:
        if isinstance(block, Title):
            document.add_paragraph(block.text, style="Title")
        elif isinstance(block, Heading):
            document.add_paragraph(block.full_text, style=f"Heading {block.level}")
        elif isinstance(block, Subtitle | Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, PageBreak):
            document.add_page_break()
        elif isinstance(block, Table):
            for line in (block.label, block.caption):
                if line:
                    document.add_paragraph(line)
            table = document.add_table(rows=len(block.rows), cols=max(len(row) for row in block.rows))
            grid = [row.cells for row in table.rows]
            for row, cells in zip(block.rows, grid, strict=True):
                for c, cell in enumerate(row):
                    if cell is not None:
                        cells[c].text = cell.text
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    if cell is not None and (cell.merge_down or cell.merge_right):
                        grid[r][c].merge(grid[r + cell.merge_down][c + cell.merge_right])
            for note in block.notes:
                document.add_paragraph(note)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def help_cold(repeat: int) -> list[float]:
    """Wall time of ``reportgen --help`` in a fresh interpreter, ``repeat`` times."""
    script = Path(sys.executable).with_name("reportgen")
    command = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "reportgen.cli", "--help"]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


# ---------------------------------------------------------------- report


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f}"


def ratio(value: float | None, anchor: float) -> str:
    return "—" if value is None or anchor <= 0 else f"{value / anchor:,.1f}×"


def print_drafts(title: str, drafts: list[Draft]) -> None:
    print(f"\n{title}")
    header = (
        f"  {'input':<28}{'rows':>6}{'total ms':>11}{'read':>9}{'blocks':>9}{'docx':>9}{'zip floor':>11}"
        f"{'naive':>10}{'total/floor':>13}{'docx/floor':>12}{'naive/docx':>12}"
    )
    print(header)
    for d in drafts:
        stages = d.stages
        print(
            f"  {d.name:<28}{d.rows:>6}{ms(d.total):>11}{ms(stages.read):>9}{ms(stages.blocks):>9}{ms(d.docx):>9}"
            f"{ms(d.zip_floor):>11}{ms(d.naive):>10}{ratio(d.total, d.zip_floor):>13}"
            f"{ratio(d.docx, d.zip_floor):>12}{ratio(d.naive, d.docx):>12}"
            + (f"   naive {d.naive_note}" if d.naive_note else "")
        )


def print_per_row(title: str, drafts: list[Draft], base: Draft) -> dict[str, float]:
    """Cost per table row at each size: whole draft per row, and the marginal cost of the rows added
    over the smallest size (which takes out the fixed cost of the rest of the report)."""
    print(f"\n{title} (per table row; marginal = extra time ÷ extra rows over {base.name})")
    print(f"  {'input':<28}{'rows':>6}{'draft µs/row':>14}{'marginal':>10}{'docx µs/row':>13}{'marginal':>10}")
    marginal: dict[str, float] = {}
    for d in drafts:
        extra = d.rows - base.rows
        draft_marginal = (d.total - base.total) / extra if extra > 0 else None
        docx_marginal = (d.docx - base.docx) / extra if extra > 0 else None
        if draft_marginal is not None:
            marginal[d.name] = draft_marginal
        print(
            f"  {d.name:<28}{d.rows:>6}{d.total / d.rows * 1e6:>14,.0f}{us(draft_marginal):>10}"
            f"{d.docx / d.rows * 1e6:>13,.1f}{us(docx_marginal):>10}"
        )
    return marginal


def us(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1e6:,.0f}"


@dataclass
class Target:
    text: str
    measured: str
    anchor: str  # what the measurement is held against, measured in the same run where it is a time
    met: bool | None  # None: not measured in this run

    def line(self) -> str:
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[self.met]
        return f"  [{verdict:^4}] {self.text}\n         measured: {self.measured}\n         anchor:   {self.anchor}"


@dataclass
class Run:
    samples: list[Draft] = field(default_factory=list)
    projects: list[Draft] = field(default_factory=list)
    indicators: list[Draft] = field(default_factory=list)
    help_times: list[float] = field(default_factory=list)


def indicators_name(count: int) -> str:
    return f"自评表 of {count} indicators"


def targets(run: Run, indicator_marginals: dict[str, float]) -> list[Target]:
    found: list[Target] = []
    yueyang = next((d for d in run.samples if d.name == GROWN_FROM.stem), None)
    if yueyang is None:
        found.append(Target("yueyang draft ≤ 10× its zip floor", "sample not run", "", None))
    else:
        whole = yueyang.total / yueyang.zip_floor
        stage = yueyang.docx / yueyang.zip_floor
        found.append(
            Target(
                "yueyang whole draft in-process ≤ 10× the zip floor of its output",
                f"{whole:.1f}× ({ms(yueyang.total)} ms)",
                f"zip floor {ms(yueyang.zip_floor)} ms × 10 = {ms(yueyang.zip_floor * 10)} ms",
                whole <= 10,
            )
        )
        found.append(
            Target(
                "yueyang .docx-building stage ≤ 3× the zip floor",
                f"{stage:.1f}× ({ms(yueyang.docx)} ms)",
                f"zip floor {ms(yueyang.zip_floor)} ms × 3 = {ms(yueyang.zip_floor * 3)} ms",
                stage <= 3,
            )
        )
    costs = [
        indicator_marginals[name] for name in map(indicators_name, (100, 1000, 3000)) if name in indicator_marginals
    ]
    if len(costs) == 3:
        spread = max(costs) / min(costs)
        found.append(
            Target(
                "draft time per table row constant within 2× from 100 to 3,000 indicators",
                f"{spread:.2f}× (marginal µs/row at 100, 1,000, 3,000: {', '.join(us(c) for c in costs)})",
                f"the cheapest of the three × 2 = {us(min(costs) * 2)} µs/row",
                spread <= 2,
            )
        )
    else:
        found.append(
            Target(
                "draft time per table row constant within 2× from 100 to 3,000 indicators",
                "sizes 100, 1,000 and 3,000 not all run",
                "",
                None,
            )
        )
    thousand = next((d for d in run.projects if d.name == "1000 projects"), None)
    found.append(
        Target(
            "1,000 projects draft in under 10 s",
            "not run"
            if thousand is None
            else f"{thousand.total:.2f} s (read {thousand.stages.read:.2f} s,"
            f" blocks {thousand.stages.blocks:.2f} s, docx {thousand.docx:.2f} s)",
            "10 s" if thousand is None else f"10 s; its zip floor {ms(thousand.zip_floor)} ms",
            None if thousand is None else thousand.total < 10,
        )
    )
    if run.help_times:
        median = statistics.median(run.help_times)
        found.append(
            Target(
                "reportgen --help cold ≤ 0.5 s",
                f"median {median:.2f} s, max {max(run.help_times):.2f} s of {len(run.help_times)}",
                "0.5 s",
                median <= 0.5,
            )
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 100 projects and 1,000 indicators")
    parser.add_argument("--repeat", type=int, default=None, help="runs per measurement (best; default 5, quick 3)")
    parser.add_argument("--projects", type=lambda s: tuple(int(n) for n in s.split(",")), default=None)
    parser.add_argument("--indicators", type=lambda s: tuple(int(n) for n in s.split(",")), default=None)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive python-docx anchor")
    parser.add_argument(
        "--only", choices=("all", "draft", "check"), default="all", help="drafting or checking targets alone"
    )
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 5)
    project_sizes = args.projects or (PROJECTS[:3] if args.quick else PROJECTS)
    indicator_sizes = args.indicators or (INDICATORS[:3] if args.quick else INDICATORS)
    skip_naive = "skipped (--no-naive)" if args.no_naive else ""
    budget = 10.0  # seconds per measurement; slower inputs are measured fewer times

    print(
        f"reportgen benchmark — Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {load_average()} at the start; best of up to {repeat} runs, in-process"
    )
    run = Run()
    drafted: dict[str, Path] = {}
    marginals: dict[str, float] = {}
    check_targets: list[checking.Found] = []
    drafting = args.only in ("all", "draft")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        folder = Path(tmp)
        for path in sorted(SAMPLES.glob("*.yaml")):
            drafted[path.stem] = path
            if drafting:
                run.samples.append(bench_draft(path.stem, path, repeat=repeat, budget=budget, skip_naive=skip_naive))
        if drafting:
            print_drafts("Samples (ms)", run.samples)
            marginals = bench_sizes(run, folder, project_sizes, indicator_sizes, repeat, budget, skip_naive)
        if args.only in ("all", "check"):
            print()
            check_lines, check_targets = checking.run(
                drafted, folder, repeat, jobs=os.cpu_count() or 1, grown_from=GROWN_FROM, quick=args.quick
            )
            for line in check_lines:
                print(line)

    found = [Target(*t) for t in check_targets]
    if drafting:
        run.help_times = help_cold(repeat)
        found = targets(run, marginals) + found
    print(f"\nTargets (issue 11), as ratios measured in this run; load average {load_average()} at the end")
    for target in found:
        print(target.line())
    return 0 if all(t.met is not False for t in found) else 1


def bench_sizes(
    run: Run,
    folder: Path,
    project_sizes: tuple[int, ...],
    indicator_sizes: tuple[int, ...],
    repeat: int,
    budget: float,
    skip_naive: str,
) -> dict[str, float]:
    """Synthetic inputs grown from the yueyang sample: 1 … 1,000 projects, a 自评表 of 10 … 3,000 indicators."""
    sample = synthetic.load_sample(GROWN_FROM)
    for count in project_sizes:
        path = synthetic.write(synthetic.with_projects(sample, count), folder / f"projects_{count}.yaml")
        many = f"skipped: {count} tables take minutes" if count > 100 else ""
        run.projects.append(
            bench_draft(f"{count} projects", path, repeat=repeat, budget=budget, skip_naive=skip_naive or many)
        )
    print_drafts(f"Projects, grown from {GROWN_FROM.name} (ms)", run.projects)
    if len(run.projects) > 1:
        print_per_row("Projects", run.projects[1:], run.projects[0])

    for count in indicator_sizes:
        path = synthetic.write(synthetic.with_indicators(sample, count), folder / f"indicators_{count}.yaml")
        run.indicators.append(
            bench_draft(indicators_name(count), path, repeat=repeat, budget=budget, skip_naive=skip_naive)
        )
    print_drafts(f"部门整体自评表 sizes, grown from {GROWN_FROM.name} (ms)", run.indicators)
    if len(run.indicators) > 1:
        return print_per_row("自评表 sizes", run.indicators[1:], run.indicators[0])
    return {}


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages (other work on the machine slows every figure)."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
