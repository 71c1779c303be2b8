"""Shared fixtures: paths, and syrupy extensions that keep readable snapshots under snapshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from paths import SAMPLES, SNAPSHOTS


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
