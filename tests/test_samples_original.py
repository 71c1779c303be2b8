"""The bundled samples are written in our own words: no line of a sample input repeats the seed reports.

The seeds (../shared/seeds) are published reports; their figures and structure may be drafted from, their text
may not be copied into the repository. A sample line shares no run of ``RUN`` characters (spaces and line breaks
ignored) with any seed. Only names are exempt — of a unit, a project or fund, a cited notice — because a name
identifies what it names and cannot be said in other words; they are the values of the keys in ``NAME_KEYS``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paths import SAMPLES, SEEDS

pytestmark = pytest.mark.seeds

RUN = 15
NAME_KEYS = ("单位名称", "名称", "又称", "评价依据")
_NAME_LINE = re.compile(rf"^\s*(?:-\s*)?(?:{'|'.join(NAME_KEYS)}):\s")
_SPACE = re.compile(r"\s+")

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def seed_runs() -> set[str]:
    """Every run of ``RUN`` characters in the seeds, spaces and line breaks removed."""
    runs: set[str] = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        text = _SPACE.sub("", seed.read_text(encoding="utf-8"))
        runs.update(text[i : i + RUN] for i in range(len(text) - RUN + 1))
    assert runs, f"no seed text in {SEEDS}"
    return runs


def copied_runs(path: Path, seed_runs: set[str]) -> list[str]:
    """``line number: first shared run`` for each line of ``path`` that shares a run with the seeds."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if _NAME_LINE.match(line):
            continue
        text = _SPACE.sub("", line)
        shared = next((text[i : i + RUN] for i in range(len(text) - RUN + 1) if text[i : i + RUN] in seed_runs), None)
        if shared:
            found.append(f"{path.name}:{number}: 「{shared}」")
    return found


def test_there_are_samples():
    assert len(SAMPLE_FILES) == 5


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_no_sample_line_repeats_a_seed(path, seed_runs):
    assert copied_runs(path, seed_runs) == []


def test_the_check_finds_a_copied_line(tmp_path, seed_runs):
    # the check itself: a line lifted from a seed is found, the same facts in other words are not
    seed = _SPACE.sub("", sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8"))
    lifted = seed[len(seed) // 2 : len(seed) // 2 + 40]
    sample = tmp_path / "sample.yaml"
    sample.write_text(f"单位简介: {lifted}\n名称: {lifted}\n主要职能: [负责档案的接收和保管。]\n", encoding="utf-8")
    assert [entry.split(":")[1] for entry in copied_runs(sample, seed_runs)] == ["1"]
