"""Rubric, rule and lexicon data for ``reportgen check`` (YAML shipped as package data, validated on load).

A region changes them with a file that says only what differs (``base: default``), given with
``--rubric`` / ``--lexicon`` or placed as ``rubric.yaml`` / ``lexicon.yaml`` in a profile folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from reportgen.errors import RubricError
from reportgen.findings import Finding
from reportgen.layered import read_layered, validate_layered
from reportgen.rubrics.model import Lexicon, Rubric, RuleBookData, RuleSpec

__all__ = ["Lexicon", "Rubric", "RuleBook", "RuleSpec", "Standard", "load_standard"]


def data_dir() -> Path:
    return Path(str(resources.files("reportgen.rubrics")))


def _locator(kind: str):
    def locate(name: str, relative_to: Path | None) -> Path:
        if name == "default":
            return data_dir() / f"{kind}.yaml"
        path = Path(name)
        if not path.is_absolute() and relative_to is not None and (relative_to / path).exists():
            return relative_to / path
        if not path.exists():
            raise RubricError(f"找不到{_WHAT[kind]}文件 {path}")
        return path

    return locate


_WHAT = {"rubric": "评分标准", "lexicon": "词表", "rules": "规则"}


@dataclass(frozen=True)
class RuleBook:
    """Every rule by id, and the python rules by the detector outcome they report."""

    rules: dict[str, RuleSpec]
    by_source: dict[str, RuleSpec]

    @classmethod
    def of(cls, data: RuleBookData) -> RuleBook:
        rules = {rule.id: rule for rule in data.rules}
        return cls(rules, {source: rule for rule in data.rules for source in rule.source})

    def __getitem__(self, rule_id: str) -> RuleSpec:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise RubricError(f"rules.yaml 中没有规则 {rule_id}") from None

    def __iter__(self):
        return iter(self.rules.values())

    def for_source(self, source: str) -> RuleSpec:
        """The rule that reports ``source`` (a detector, or ``detector.outcome``)."""
        found = self.by_source.get(source)
        if found is None:
            raise RubricError(f"rules.yaml 中没有规则报告检测结果「{source}」（请在某条规则的 source 中列出）")
        return found


@dataclass(frozen=True)
class Standard:
    """What a report is checked against: the rubric, the lexicon and the rule book."""

    rubric: Rubric
    lexicon: Lexicon
    rules: RuleBook

    def finding(self, source: str, **values: Any) -> Finding:
        """A finding of the rule that reports ``source``; see :meth:`RuleSpec.finding`."""
        return self.rules.for_source(source).finding(**values)


def _load(kind: str, name_or_path: str | Path, model: Any) -> Any:
    data = read_layered(name_or_path, _locator(kind), RubricError, _WHAT[kind])
    source = f"{_WHAT[kind]}「{name_or_path}」" if str(name_or_path) != "default" else f"内置{_WHAT[kind]} {kind}.yaml"
    return validate_layered(model, data, RubricError, source)


@cache
def _builtin_rules() -> RuleBook:
    return RuleBook.of(_load("rules", "default", RuleBookData))


@cache
def _cached(kind: str, name: str) -> Any:
    return _load(kind, name, Rubric if kind == "rubric" else Lexicon)


def load_standard(rubric: str | Path | None = None, lexicon: str | Path | None = None) -> Standard:
    """The built-in rubric and lexicon, or a user's files (read afresh each time, as a user may edit them)."""
    return Standard(
        _cached("rubric", "default") if rubric is None else _load("rubric", rubric, Rubric),
        _cached("lexicon", "default") if lexicon is None else _load("lexicon", lexicon, Lexicon),
        _builtin_rules(),
    )
