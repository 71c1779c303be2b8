"""Shared fixtures and hooks: paths, readable syrupy snapshots under snapshots/, and the seeds acceptance suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from paths import SAMPLES, SEEDS, SNAPSHOTS


class _TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SNAPSHOTS / test_location.basename)


class MarkdownSnapshot(_TextSnapshot):
    file_extension = "md"


class DigestSnapshot(_TextSnapshot):
    file_extension = "txt"


class JsonSnapshot(_TextSnapshot):
    file_extension = "json"


@pytest.fixture
def snapshot_md(snapshot):
    return snapshot.use_extension(MarkdownSnapshot)


@pytest.fixture
def snapshot_txt(snapshot):
    return snapshot.use_extension(DigestSnapshot)


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JsonSnapshot)


@pytest.fixture
def haizhu_input() -> Path:
    return SAMPLES / "haizhu_2023.yaml"


# --- the seeds acceptance suite ----------------------------------------------------------------------
# Tests marked `seeds` check the checker against the real seed reports in ../shared/seeds, which are not ours
# to copy into the repository. Where that folder is missing they are skipped and the run ends with one note.
# The skip is raised here rather than added as a mark, so that `-rs` groups all of them into one line.

SEEDS_NOT_RUN = "seed acceptance suite NOT RUN: ../shared/seeds not found"
_seeds_skipped = pytest.StashKey[int]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_seeds_skipped] = 0


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Runs before the item's fixtures are set up, so a skipped test never looks a seed up.
    if item.get_closest_marker("seeds") and not SEEDS.is_dir():
        item.config.stash[_seeds_skipped] += 1
        pytest.skip(SEEDS_NOT_RUN)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    skipped = config.stash.get(_seeds_skipped, 0)
    if skipped:
        terminalreporter.write_sep("-", "seeds", yellow=True)
        terminalreporter.write_line(f"{SEEDS_NOT_RUN} (looked for {SEEDS})", yellow=True)
        terminalreporter.write_line(
            f"{skipped} tests skipped; they run where the seed reports sit next to the repository, as in CI "
            "(`pytest -m seeds` runs only them)."
        )
