"""Figures: totals, shares, execution rates and the notes raised when inputs do not add up."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reportgen.figures import compute
from reportgen.figures.common import Execution, reconcile
from reportgen.findings import Category, Level
from reportgen.models import DepartmentReport

BASE = {
    "单位名称": "测试档案馆",
    "年度": 2023,
    "主要职能": ["负责档案接收"],
    "年度总体工作和重点工作任务": ["抓好档案安全工作"],
    "整体支出绩效目标": ["提升档案服务水平"],
}


def report(**sections) -> DepartmentReport:
    return DepartmentReport.model_validate({**BASE, **sections})


SEED_000 = {
    "收入": {"一般公共预算财政拨款": "858.57", "政府性基金": "441.4", "合计": "1299.97"},
    "支出": {
        "基本支出": {"合计": "682.22"},
        "项目支出": {"合计": "617.74"},
        "合计": "1299.97",
        "全年预算数": "1299.97",
    },
}


def test_seed_000_shares():
    f = compute(report(**SEED_000))
    assert [(s.label, s.amount) for s in f.income_parts] == [
        ("一般公共预算财政拨款", D("858.57")),
        ("政府性基金", D("441.4")),
    ]
    assert [round(s.share, 2) for s in f.income_parts] == [D("66.05"), D("33.95")]
    assert [round(s.share, 2) for s in f.spending_parts] == [D("52.48"), D("47.52")]
    assert f.execution.rate == D(100)


def test_seed_000_rounding_difference_is_info_not_warning():
    notes = compute(report(**SEED_000)).notes
    assert [(n.level, n.rule) for n in notes] == [(Level.INFO, "total-rounding")]
    assert "1299.96万元" in notes[0].message and "1299.97万元" in notes[0].message


@pytest.mark.parametrize(
    ("parts", "stated", "total", "level"),
    [
        ([("a", D("1")), ("b", D("2"))], None, D("3"), None),  # computed when not stated
        ([("a", D("1")), ("b", D("2"))], D("3"), D("3"), None),
        ([("a", D("1")), ("b", D("2"))], D("3.02"), D("3.02"), Level.INFO),  # 0.01 per part
        ([("a", D("1")), ("b", D("2"))], D("3.03"), D("3"), Level.WARNING),  # beyond: the parts' sum
        ([("a", D("1"))], D("0.98"), D("1"), Level.WARNING),
        ([], D("5"), D("5"), None),  # nothing to check against
    ],
)
def test_reconcile(parts, stated, total, level):
    result, notes = reconcile(parts, stated, "合计", "各项之和")
    assert result == total
    assert [n.level for n in notes] == ([level] if level else [])


def test_mismatch_warning_names_fields_and_numbers():
    f = compute(
        report(
            收入={"一般公共预算财政拨款": "100", "其他": "20", "合计": "130"},
            支出={"基本支出": {"合计": 80}, "项目支出": {"合计": 20}},
        )
    )
    (note,) = f.notes
    assert (note.level, note.category) == (Level.WARNING, Category.ARITHMETIC)
    assert note.fields == ("收入.一般公共预算财政拨款", "收入.其他", "收入.合计")
    assert note.section == "收入.一般公共预算财政拨款"  # where a reader looks first: the first field named
    assert "120.00万元" in note.message and "130.00万元" in note.message and "相差10.00万元" in note.message
    assert f.income_total == D(120)  # the report never states parts that do not add up to their total


def test_basic_spending_total_is_computed_from_its_parts():
    f = compute(
        report(
            收入={"其他": 100}, 支出={"基本支出": {"人员经费": "60.5", "公用经费": "19.5"}, "项目支出": {"合计": 20}}
        )
    )
    assert f.basic_total == D(80)
    assert [(s.label, s.share) for s in f.basic_parts] == [("人员经费", D("75.625")), ("公用经费", D("24.375"))]
    assert f.spending_total == D(100)


def test_project_total_from_projects_and_overspending_warning():
    f = compute(
        report(
            收入={"其他": 300},
            支出={
                "基本支出": {"合计": 100},
                "项目支出": {
                    "项目": [
                        {"名称": "库房密集架", "全年预算数": 191, "全年执行数": "191.21"},
                        {"名称": "智慧档案一期", "全年预算数": 181, "全年执行数": "115.78"},
                    ]
                },
            },
        )
    )
    assert f.project_total == D("306.99")
    assert round(f.projects[1].execution.rate, 2) == D("63.97")
    (note,) = [n for n in f.notes if n.rule == "executed-over-budget"]
    assert "库房密集架" in note.message and "191.21万元" in note.message and "100.11%" in note.message


@pytest.mark.parametrize(
    ("budget", "executed", "initial", "rate", "adjustment_rate"),
    [
        ("181", "115.78", None, "63.97", None),
        ("1049.31", "1051.31", "518.29", "100.19", "102.46"),
        ("0", "5", "0", None, None),
    ],
)
def test_execution(budget, executed, initial, rate, adjustment_rate):
    e = Execution(D(budget), D(executed), D(initial) if initial else None)
    assert (round(e.rate, 2) if e.rate is not None else None) == (D(rate) if rate else None)
    got = e.adjustment_rate
    assert (round(got, 2) if got is not None else None) == (D(adjustment_rate) if adjustment_rate else None)


def test_three_public_change_against_last_year():
    f = compute(
        report(
            收入={"其他": 100},
            支出={"基本支出": {"合计": 80}, "项目支出": {"合计": 20}},
            三公经费={
                "公务用车运行维护": {"上年决算": "1.66", "本年预算": 3, "本年决算": "0.56"},
                "公务接待": {"上年决算": "1.02", "本年预算": 2, "本年决算": "1.36"},
            },
        )
    )
    total = f.three_public_total
    assert (total.item.last_year_final, total.item.final) == (D("2.68"), D("1.92"))
    assert total.change == D("-0.76")
    assert round(total.change_rate, 2) == D("-28.36")


def test_staff_over_quota_is_a_warning():
    f = compute(
        report(
            收入={"其他": 1},
            支出={"基本支出": {"合计": 1}, "项目支出": {"合计": 0}},
            人员编制={"编制数": 21, "实有人数": 22},
        )
    )
    assert [n.rule for n in f.notes] == ["staff-over-quota"]


@pytest.mark.parametrize(
    ("score", "expected_total", "codes"),
    [
        ({"总分": "96.35"}, D("96.35"), []),
        (
            {"分项": [{"名称": "管理效能", "分值": 45, "得分": "44.43"}, {"名称": "履职效能", "分值": 50, "得分": 50}]},
            D("94.43"),
            [],
        ),
        ({"分项": [{"名称": "效益指标", "分值": 30, "得分": 40}]}, D(30), ["score-over-max"]),  # counted at 30
        ({"分项": [{"名称": "管理效能", "分值": 45, "得分": 44}], "总分": 45}, D(44), ["score-total-mismatch"]),
    ],
)
def test_self_score(score, expected_total, codes):
    f = compute(report(收入={"其他": 1}, 支出={"基本支出": {"合计": 1}, "项目支出": {"合计": 0}}, 自评得分=score))
    assert f.self_score == expected_total
    assert [n.rule for n in f.notes] == codes


# Seed 001 (南昌 2022): budgets of 基本支出 and 项目支出 given on their own, with the seed's stated rates.
SEED_001 = {
    "收入": {"一般公共预算财政拨款": "906.85"},
    "支出": {
        "基本支出": {"合计": "757.79", "全年预算数": "800.61", "执行率": "94.66%"},
        "项目支出": {"合计": "149.06", "全年预算数": "172.88", "执行率": 86.21},
        "全年预算数": "973.49",
        "执行率": "93.15%",
    },
}


def test_seed_001_budgets_of_basic_and_project_spending():
    f = compute(report(**SEED_001))
    assert (f.basic_budget.budget, f.basic_budget.executed) == (D("800.61"), D("757.79"))
    assert (f.projects_execution.budget, f.projects_execution.executed) == (D("172.88"), D("149.06"))
    assert round(f.execution.rate, 2) == D("93.15")


def test_seed_001_stated_rates_that_are_rounding_slips_are_warned():
    notes = [n for n in compute(report(**SEED_001)).notes if n.rule == "stated-rate-mismatch"]
    assert [n.fields[0] for n in notes] == ["支出.基本支出.执行率", "支出.项目支出.执行率"]
    assert "94.66%" in notes[0].message and "94.65%" in notes[0].message
    assert "86.21%" in notes[1].message and "86.22%" in notes[1].message
    assert all(n.level is Level.WARNING for n in notes)


def test_basic_budget_stated_and_from_initial_plus_addition_must_agree():
    spending = {
        "基本支出": {
            "合计": "900",
            "年初预算": {"人员经费": "700", "公用经费": "150"},
            "年中追加": "60",
            "全年预算数": "950",
        },
        "项目支出": {"合计": "0"},
    }
    f = compute(report(收入={"其他": "900"}, 支出=spending))
    assert f.basic_budget.budget == D("910")  # the parts win, as for every total
    assert [n.rule for n in f.notes] == ["total-mismatch"]
    assert "支出.基本支出.全年预算数" in f.notes[0].fields


def test_income_may_be_left_out():
    # Seed 001 states no 收入; its figures still compute, without an income total.
    f = compute(report(**{k: v for k, v in SEED_001.items() if k != "收入"}))
    assert f.income_total is None and f.income_parts == []
    assert f.spending_total == D("906.85")


@pytest.mark.parametrize(
    ("assets", "total", "net", "debt_ratio", "codes"),
    [
        ({"流动资产": "10.07", "固定资产净值": "82.09", "负债合计": "14.87"}, "92.16", "77.29", "16.13", []),
        (  # a stated 非流动资产 beyond its parts: the parts win
            {"流动资产": "10", "固定资产净值": "80", "无形资产": "5", "非流动资产": "90", "负债合计": "19"},
            "95",
            "76",
            "20.00",
            ["total-mismatch"],
        ),
        ({"流动资产": "1", "非流动资产": "3", "负债合计": "5"}, "4", "-1", "125.00", ["liabilities-over-assets"]),
    ],
)
def test_assets(assets, total, net, debt_ratio, codes):
    f = compute(report(**SEED_001, 资产=assets))
    assert (f.assets.total, f.assets.net) == (D(total), D(net))
    assert round(f.assets.debt_ratio, 2) == D(debt_ratio)
    assert [n.rule for n in f.notes if n.rule != "stated-rate-mismatch"] == codes


def test_scoring_findings_become_new_findings_located_in_the_input():
    table = {
        "名称": "部门整体支出",
        "资金": {"全年预算数": 100, "全年执行数": 100},
        "指标": [
            {
                "一级指标": "产出指标",
                "二级指标": "数量指标",
                "三级指标": "接收档案",
                "年度指标值": "1000卷",
                "实际完成值": "1000卷",
                "分值": 100,
                "自评得分": 120,
            }
        ],
    }
    f = compute(
        report(收入={"其他": 100}, 支出={"基本支出": {"合计": 100}, "项目支出": {"合计": 0}}, 部门整体自评表=table)
    )
    engine = {finding.rule: finding for finding in f.department_score.findings}["override-above-full"]
    (note,) = [n for n in f.notes if n.rule == "override-above-full"]
    path = "部门整体自评表.指标[1]（数量指标／接收档案）"
    assert (note.section, note.fields, note.category) == (path, (path,), Category.SCORE_RANGE)
    assert note.message.startswith(f"「{path}」自评得分120超过分值100")
    assert (engine.section, engine.level) == ("指标[1]（数量指标／接收档案）", Level.ERROR)  # the engine's is unchanged
    assert note.level is Level.WARNING  # the draft uses the computed score, so the input only needs a look
