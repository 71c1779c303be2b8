"""Every rule's own pass/fail examples from rubrics/rules.yaml, as generated tests; the rule book's own checks."""

from __future__ import annotations

import pytest

from reportgen.check import check_text
from reportgen.check.rules import DETECTORS, RATE_EXTRACTORS, SUM_EXTRACTORS
from reportgen.findings import Category, Level
from reportgen.rubrics import load_standard
from texts import tab_table

RULES = list(load_standard().rules)


def _cases(kind: str):
    for rule in RULES:
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
    assert all(f.message and isinstance(f.category, Category) and isinstance(f.level, Level) for f in found)


@pytest.mark.parametrize(("rule_id", "example"), list(_cases("pass")))
def test_rule_quiet_on_its_pass_example(rule_id, example):
    found = [f for f in _run(example).findings if f.rule == rule_id]
    assert not found, [f.message for f in found]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_examples_both_ways(rule):
    assert rule.examples.get("fail") and rule.examples.get("pass")


def test_every_detector_is_reported_by_a_rule_and_every_source_exists():
    import reportgen.check.detectors  # noqa: F401 - registers the detectors

    sources = {s for rule in RULES for s in rule.source}
    detectors_named = {s.split(".")[0] for s in sources}
    assert set(DETECTORS) <= detectors_named
    graders = {s.split(".")[0] for s in sources} - set(DETECTORS)
    assert all(g.startswith("grade_") for g in graders), graders
    for rule in RULES:
        registry = SUM_EXTRACTORS if rule.kind == "sum" else RATE_EXTRACTORS
        assert set(rule.params.get("extract", [])) <= set(registry), rule.id


def test_a_crashing_detector_becomes_a_finding(monkeypatch):
    from reportgen.check import rules as rules_module

    def heading_numbers(report, std):
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    monkeypatch.setitem(rules_module.DETECTORS, "heading_numbers", heading_numbers)
    result = check_text("一、部门基本情况\n本单位是事业单位，负责预算绩效管理。")
    crashed = [f for f in result.findings if f.rule.startswith("numbering.heading")]
    assert crashed and "运行出错" in crashed[0].message and crashed[0].level is Level.WARNING
    assert [f for f in result.findings if f.rule == "typo.repeated_char"] == []  # the others still ran


def test_a_crashing_generic_rule_becomes_a_finding(monkeypatch):
    from reportgen.check import rules as rules_module

    def boom(rule, report, std):
        raise ValueError("boom")

    monkeypatch.setitem(rules_module.KINDS, "repeated", boom)
    result = check_text("一、部门基本情况\n本单位是事业单位，负责预算绩效管理。")
    crashed = [f for f in result.findings if f.rule == "typo.repeated_char"]
    assert crashed and "运行出错" in crashed[0].message


def _project_table(name: str, budget: str, executed: str, rate: str) -> str:
    """A 项目支出绩效自评表 as tab-per-cell text, followed by a report body."""
    cells = [
        ["项目支出名称", name],
        ["年度资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", budget, budget, executed, "10", rate, "10"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "修裱档案", "100卷", "100卷", "90", "90"],
    ]
    rows = tab_table(cells)
    return f"附件3\n项目支出绩效自评表\n{rows}\n部门整体支出绩效自评报告\n"


_PROJECTS = (
    "二、一般公共预算支出情况\n2023年决算的项目支出为114.70万元，其中：图书购置费18.40万元"
    "（全年预算18.80万元，执行率{rate}）；场馆维护费96.30万元（全年预算98.00万元，执行率98.27%）。"
)
_BASIC = (
    "二、一般公共预算支出情况\n2023年年初预算批复的基本支出为400.00万元（其中人员经费320.00万元、公用经费80.00万元），"
    "年中追加50.00万元，全年预算合计450.00万元。全年实际决算支出436.50万元，年终结余13.50万元，执行率{rate}。"
)


@pytest.mark.parametrize(
    ("text", "rule_id", "count"),
    [
        # a project's figures in brackets are that project's, not the whole 项目支出's
        (_PROJECTS.format(rate="97.87%"), "restated.figure", 0),
        (_PROJECTS.format(rate="97.87%"), "arithmetic.ratio", 0),
        (_PROJECTS.format(rate="96.87%"), "arithmetic.ratio", 1),
        # the rate of the sentence is spending ÷ the budget of the sentence before, not ÷ the 结余
        (_BASIC.format(rate="97.00%"), "arithmetic.ratio", 0),
        (_BASIC.format(rate="97.10%"), "arithmetic.ratio", 1),
        # two projects' 自评表 are two quantities; one project's table and text are one
        (
            _project_table("档案保管保护费", "17.95", "17.71", "98.66%")
            + _project_table("大楼运行维护费", "105.00", "103.86", "98.91%")
            + "一、部门基本情况\n档案保管保护费项目全年预算17.95万元，执行17.71万元，执行率98.66%。",
            "restated.figure",
            0,
        ),
        (
            _project_table("档案保管保护费", "17.95", "17.71", "98.66%")
            + "一、部门基本情况\n档案保管保护费项目全年预算18.95万元，执行17.71万元，执行率93.46%。",
            "restated.figure",
            1,
        ),
        # executed above budget: the true rate is a warning, a claimed 100% is the error
        (_project_table("库房密集架建设", "191.00", "191.21", "100.11%"), "table.executed_above_budget", 1),
        (_project_table("库房密集架建设", "191.00", "191.21", "100.11%"), "table.over_budget", 0),
        (_project_table("库房密集架建设", "191.00", "191.21", "100%"), "table.over_budget", 1),
        (_project_table("库房密集架建设", "191.00", "191.21", "101.50%"), "arithmetic.rate_in_table", 1),
    ],
    ids=[
        "project-in-brackets-not-restated",
        "project-in-brackets-rate-ok",
        "project-in-brackets-rate-wrong",
        "rate-uses-previous-budget-ok",
        "rate-uses-previous-budget-wrong",
        "two-projects-not-one-quantity",
        "same-project-table-and-text-differ",
        "over-budget-true-rate-warns",
        "over-budget-true-rate-no-error",
        "over-budget-claimed-100",
        "over-budget-wrong-rate",
    ],
)
def test_figures_are_compared_only_with_the_same_thing(text, rule_id, count):
    found = [f for f in check_text(text).findings if f.rule == rule_id]
    assert len(found) == count, [f.message for f in found]


@pytest.mark.parametrize(
    ("third", "message"),
    [
        ("4.资产情况", "标题编号跳号：「2.」之后是「4.」，缺少3."),
        ("1.资产情况", None),  # a new run starting at 1. is not a skip
        ("2.资产情况", "标题编号「2.」重复出现"),
    ],
)
def test_heading_skip_says_what_is_missing(third, message):
    text = "一、单位概况\n1.职能\n负责档案工作。\n2.人员\n在职24人。\n" + third + "\n资产92.16万元。"
    found = [f.message for f in check_text(text).findings if f.rule.startswith("numbering.heading")]
    assert found == ([message] if message else [])


def test_a_heading_numbered_backwards_is_named_as_such():
    text = "一、单位概况\n1.职能\n负责档案工作。\n2.人员\n在职24人。\n3.资产\n资产92.16万元。\n2.负债\n负债14.87万元。"
    found = [f.message for f in check_text(text).findings if f.rule == "numbering.heading_skip"]
    assert found == ["标题编号跳号：「3.」之后是「2.」，编号倒退，应为4."]


@pytest.mark.parametrize(
    ("text", "asked", "not_asked"),
    [
        (
            "2023年度某馆项目支出绩效自评报告\n一、项目概况\n本项目用于档案数字化。",
            "附上项目支出绩效自评表",
            "部门整体",
        ),
        ("2023年度某馆部门整体支出绩效自评报告\n一、部门基本情况\n本馆是事业单位。", "附上部门整体支出绩效自评表", ""),
    ],
)
def test_a_missing_table_is_asked_for_as_the_report_kind_attaches_it(text, asked, not_asked):
    [missing] = [f for f in check_text(text).findings if f.rule == "indicator.no_table"]
    assert missing.fix.startswith(asked)
    assert not not_asked or not_asked not in missing.fix
