"""Rubric, rule and lexicon data for ``reportgen check`` (YAML, shipped as package data)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import RubricError


def data_dir() -> Path:
    return Path(str(resources.files("reportgen.rubrics")))


@cache
def load(name: str) -> dict[str, Any]:
    """One data file of this folder (``rules``, ``rubric``, ``lexicon``) as a dict."""
    path = data_dir() / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RubricError(f"评分规则文件 {path} 无法读取：{exc}") from None
    if not isinstance(data, dict):
        raise RubricError(f"评分规则文件 {path} 格式不对：顶层应是键值表")
    return data
