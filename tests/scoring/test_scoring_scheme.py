"""Scoring schemes as data: the shipped defaults, the guangdong variant, and regional overrides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.indicators import Attainment
from reportgen.layered import deep_merge
from reportgen.models.indicators import Level1, Level2
from reportgen.scoring.scheme import (
    Band,
    CategoryKind,
    ReverseRule,
    SchemeError,
    builtin_schemes,
    load_scheme,
)

D = Decimal


def test_builtin_schemes_are_listed():
    assert {"default", "guangdong_department"} <= set(builtin_schemes())


@pytest.mark.parametrize(
    ("category", "kind", "weight"),
    [
        ("预算执行", CategoryKind.BUDGET, D(10)),
        ("产出指标", CategoryKind.INDICATORS, D(50)),
        ("效益指标", CategoryKind.INDICATORS, D(30)),
        ("满意度指标", CategoryKind.INDICATORS, D(10)),
    ],
)
def test_default_weights(category, kind, weight):
    found = load_scheme("default").categories[category]
    assert (found.kind, found.weight) == (kind, weight)


def test_default_rules():
    scheme = load_scheme()
    assert (scheme.total, scheme.reverse, scheme.rounding, scheme.budget.reason_below_rate) == (
        D(100),
        ReverseRule.RATIO,
        2,
        D(90),
    )
    assert scheme.reasons.over_target_pct == D(130)
    assert scheme.budget.large_adjustment_rate == D(10)


@pytest.mark.parametrize(("rate", "slow"), [(D("89.99"), True), (D(90), False)])  # 90% is not below 90%
def test_slow_execution_line(rate, slow):
    assert load_scheme().budget.is_slow(rate) is slow


@pytest.mark.parametrize(
    ("rate", "large"),
    [
        (D(10), False),  # 10% is not above 10%
        (D("10.01"), True),
        (D("-10.01"), True),  # a budget cut by more than 10% is as large an adjustment
    ],
)
def test_large_adjustment_line(rate, large):
    assert load_scheme().budget.is_large_adjustment(rate) is large


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (Attainment.ACHIEVED, Band(low=D(80), high=D(100))),
        (Attainment.PARTIAL, Band(low=D(60), high=D(80))),
        (Attainment.NOT_ACHIEVED, Band(low=D(0), high=D(60))),
    ],
)
def test_default_qualitative_bands(grade, band):
    assert load_scheme().qualitative.bands[grade] == band


def test_guangdong_department_weights():
    scheme = load_scheme("guangdong_department")
    weights = {name: c.weight for name, c in scheme.categories.items()}
    assert weights == {"管理效能": D(45), "履职效能": D(50), "加减分项": D(5)}


def test_guangdong_management_parts():
    parts = load_scheme("guangdong_department").categories["管理效能"].parts
    assert {name: p.weight for name, p in parts.items()} == {
        "资金管理": D(16),
        "采购管理": D(2),
        "信息公开管理": D(4),
        "资产管理": D(4),
        "成本管理": D(4),
        "绩效管理": D(15),
    }


def test_guangdong_duty_parts_map_to_indicator_levels():
    parts = load_scheme("guangdong_department").categories["履职效能"].parts
    assert (parts["产出数量"].level1, parts["社会效益"].level2, parts["服务对象满意度"].level1) == (
        (Level1.OUTPUT,),
        (Level2.SOCIAL,),
        (Level1.SATISFACTION,),
    )


def test_guangdong_inherits_default_rules_it_does_not_change():
    assert load_scheme("guangdong_department").qualitative == load_scheme("default").qualitative


def test_deep_merge_merges_nested_mappings_and_deletes_null_keys():
    base = {"a": {"x": 1, "y": {"p": 1, "q": 2}}, "b": [1, 2], "c": 3}
    override = {"a": {"y": {"q": 9}}, "b": [7], "c": None}
    assert deep_merge(base, override) == {"a": {"x": 1, "y": {"p": 1, "q": 9}}, "b": [7]}


def test_region_override_changes_only_the_keys_it_names(tmp_path):
    path = tmp_path / "region.yaml"
    path.write_text(
        "name: region\n"
        "base: default\n"
        "reverse: linear\n"
        "qualitative:\n"
        "  bands:\n"
        "    部分达成: [50, 80]\n"
        "    未达成: [0, 50]\n"
        "grades: {优: 80, 良: 70, 中: 60}\n",
        encoding="utf-8",
    )
    scheme = load_scheme(path)
    default = load_scheme("default")
    assert scheme.name == "region"
    assert scheme.reverse is ReverseRule.LINEAR
    assert scheme.qualitative.bands[Attainment.ACHIEVED] == default.qualitative.bands[Attainment.ACHIEVED]
    assert scheme.qualitative.bands[Attainment.NOT_ACHIEVED] == Band(low=D(0), high=D(50))
    assert scheme.categories == default.categories
    assert scheme.grades == {"优": D(80), "良": D(70), "中": D(60), "差": D(0)}


def test_region_override_can_reweight_categories(tmp_path):
    path = tmp_path / "twenty.yaml"
    path.write_text(
        "name: twenty\nbase: default\ncategories:\n  预算执行: {weight: 20}\n  产出指标: {weight: 40}\n",
        encoding="utf-8",
    )
    weights = {name: c.weight for name, c in load_scheme(path).categories.items()}
    assert weights == {"预算执行": D(20), "产出指标": D(40), "效益指标": D(30), "满意度指标": D(10)}


def test_override_base_may_be_a_file_next_to_it(tmp_path):
    (tmp_path / "province.yaml").write_text("name: province\nbase: default\nrounding: 1\n", encoding="utf-8")
    (tmp_path / "city.yaml").write_text("name: city\nbase: province.yaml\nreverse: linear\n", encoding="utf-8")
    scheme = load_scheme(tmp_path / "city.yaml")
    assert (scheme.rounding, scheme.reverse) == (1, ReverseRule.LINEAR)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: bad\nbase: default\ncategories:\n  产出指标: {weight: 45}\n", "不等于总分 100"),
        (
            "name: bad\nbase: guangdong_department\ncategories:\n  管理效能: {parts: {资金管理: 10}}\n",
            "各分项权重",
        ),
        ("name: bad\nbase: default\nqualitative: {bands: {达成: [100, 80]}}\n", "下限 100 大于上限 80"),
        ("name: bad\nbase: default\nunknown_key: 1\n", "unknown_key"),
        ("name: bad\nbase: nowhere\n", "找不到评分方案「nowhere」"),
        ("- a list\n", "最外层应是"),
    ],
)
def test_malformed_scheme_is_a_scheme_error(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemeError, match=message):
        load_scheme(path)


def test_scheme_base_cycle_is_reported(tmp_path):
    (tmp_path / "a.yaml").write_text("name: a\nbase: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: b\nbase: a.yaml\n", encoding="utf-8")
    with pytest.raises(SchemeError, match="循环引用"):
        load_scheme(tmp_path / "a.yaml")


def test_unknown_builtin_scheme_lists_the_known_ones():
    with pytest.raises(SchemeError, match="内置方案有：default、guangdong_department"):
        load_scheme("hainan")


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_thresholds(total, grade):
    assert load_scheme().grade_for(D(total)) == grade
