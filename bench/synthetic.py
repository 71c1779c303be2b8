"""Synthetic inputs of a chosen size, grown from a sample's own structure (not part of the test suite)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

# The sizes issue 11 measures: 1 … 1,000 projects, a 部门整体自评表 of 10 … 3,000 indicators.
PROJECTS = (1, 10, 100, 1000)
INDICATORS = (10, 100, 1000, 3000)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # generating is not what is timed
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load_sample(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    assert isinstance(data, dict)
    return data


def with_projects(sample: dict[str, Any], count: int) -> dict[str, Any]:
    """The sample with ``count`` 项目支出 projects: its own projects repeated in turn, each renamed, so
    every one has its own 自评表 (附件) and its own lines in the text."""
    data = copy.deepcopy(sample)
    own = data["支出"]["项目支出"]["项目"]
    projects = []
    for i in range(count):
        project = copy.deepcopy(own[i % len(own)])
        project["名称"] = f"{project['名称']}（{i + 1}）"
        if "自评表" in project:
            project["自评表"]["名称"] = project["名称"]
        projects.append(project)
    data["支出"]["项目支出"]["项目"] = projects
    return data


def with_indicators(sample: dict[str, Any], count: int) -> dict[str, Any]:
    """The sample whose 部门整体自评表 has ``count`` indicators: its own indicators repeated in turn, each
    三级指标 numbered so that no two are the same."""
    data = copy.deepcopy(sample)
    own = data["部门整体自评表"]["指标"]
    indicators = []
    for i in range(count):
        indicator = dict(own[i % len(own)])
        indicator["三级指标"] = f"{indicator['三级指标']}（{i + 1}）"
        indicators.append(indicator)
    data["部门整体自评表"]["指标"] = indicators
    return data


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
