"""Every rule's own pass/fail examples from rubrics/rules.yaml, as generated tests."""

from __future__ import annotations

import pytest

from reportgen.check import check_text
from reportgen.check.model import CATEGORIES, LEVELS
from reportgen.check.rules import CHECKS, rules


def _cases(kind: str):
    for rule in rules().values():
        for index, example in enumerate(rule.examples.get(kind, [])):
            yield pytest.param(rule.id, example, id=f"{rule.id}-{kind}{index}")


def _run(example):
    if isinstance(example, dict):
        return check_text(example["text"], example.get("profile"), example.get("evidence"))
    return check_text(example)


@pytest.mark.parametrize(("rule_id", "example"), list(_cases("fail")))
def test_rule_fires_on_its_fail_example(rule_id, example):
    found = [f for f in _run(example).findings if f.rule == rule_id]
    assert found, f"{rule_id} 没有在 fail 示例上报告"
    assert all(f.message and f.category in CATEGORIES and f.level in LEVELS for f in found)


@pytest.mark.parametrize(("rule_id", "example"), list(_cases("pass")))
def test_rule_quiet_on_its_pass_example(rule_id, example):
    found = [f for f in _run(example).findings if f.rule == rule_id]
    assert not found, [f.message for f in found]


@pytest.mark.parametrize("rule", list(rules().values()), ids=lambda r: r.id)
def test_every_rule_has_examples_both_ways(rule):
    assert rule.examples.get("fail") and rule.examples.get("pass")


def test_every_registered_check_names_declared_rules():
    declared = set(rules())
    for rule_ids, _func in CHECKS:
        assert set(rule_ids) <= declared


def test_a_crashing_rule_becomes_a_finding(monkeypatch):
    from reportgen.check import rules as rules_module

    def boom(draft):
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(rules_module, "CHECKS", [(("typo.repeated_char",), boom)])
    result = check_text("一、部门基本情况\n本单位是事业单位，负责预算绩效管理。")
    crashed = [f for f in result.findings if f.rule == "typo.repeated_char"]
    assert crashed and "运行出错" in crashed[0].message and crashed[0].level == "warning"
