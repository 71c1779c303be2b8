"""Self-scores: categories scored outside the 自评表 (管理效能, 加减分项), parts kept within 分值, and 项目自评.

Expected values are added up by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reportgen.figures import compute
from reportgen.figures.scores import score_line
from reportgen.models import DepartmentReport
from reportgen.scoring import load_scheme

GUANGDONG = load_scheme("guangdong_department")
DEFAULT = load_scheme("default")


def row(level1: str, level2: str, name: str, marks: int, **extra) -> dict:
    return {
        "一级指标": level1,
        "二级指标": level2,
        "三级指标": name,
        "年度指标值": "≥90%",
        "实际完成值": "100%",
        "分值": marks,
        **extra,
    }


# 履职效能 of seed 003 in four rows: 产出数量 16 + 16, 社会效益 10, 服务对象满意度 8 = 50.
TABLE = {
    "资金": {"全年预算数": "1132.01", "全年执行数": "1011.98"},
    "指标": [
        row("产出指标", "数量指标", "缩微画幅", 16),
        row("产出指标", "质量指标", "验收合格率", 16),
        row("效益指标", "社会效益指标", "档案修复达标", 10),
        row("满意度指标", "服务对象满意度指标", "用户满意率", 8),
    ],
}
SPENDING = {"基本支出": {"合计": "856.88"}, "项目支出": {"合计": "155.1"}}
SEED_003_SCORES = {"分项": [{"名称": "管理效能", "得分": "44.43"}, {"名称": "加减分项", "得分": 0}]}


def report(**sections) -> DepartmentReport:
    return DepartmentReport.model_validate({"单位名称": "测试档案馆", "年度": 2021, "支出": SPENDING, **sections})


def guangdong(**sections):
    return compute(report(部门整体自评表=TABLE, **sections), GUANGDONG, DEFAULT)


def codes(figures) -> list[str]:
    return [n.rule for n in figures.notes]


# ---------------------------------------------------------------- 部门整体: declared categories


def test_declared_scores_complete_the_department_total():
    f = guangdong(自评得分=SEED_003_SCORES)
    # 管理效能 44.43 + 履职效能 16 + 16 + 10 + 8 + 加减分项 0 = 94.43
    assert f.department_score.categories == {"管理效能": D("44.43"), "履职效能": D(50), "加减分项": D(0)}
    assert f.self_score == D("94.43")
    assert codes(f) == []


def test_the_categories_carry_the_schemes_weights_and_parts():
    summary = guangdong(自评得分=SEED_003_SCORES).scheme_scores
    assert [(c.name, c.weight, c.score) for c in summary.categories] == [
        ("管理效能", D(45), D("44.43")),
        ("履职效能", D(50), D(50)),
        ("加减分项", D(5), D(0)),
    ]
    management, duty, _ = summary.categories
    assert [(p.name, p.weight, p.score) for p in management.parts] == [
        ("资金管理", D(16), None),
        ("采购管理", D(2), None),
        ("信息公开管理", D(4), None),
        ("资产管理", D(4), None),
        ("成本管理", D(4), None),
        ("绩效管理", D(15), None),
    ]
    assert [(p.name, p.weight, p.score, len(p.indicators)) for p in duty.parts] == [
        ("产出数量", D(32), D(32), 2),
        ("社会效益", D(10), D(10), 1),
        ("服务对象满意度", D(8), D(8), 1),
    ]


def test_a_declared_category_left_out_counts_zero_with_a_warning():
    f = guangdong(自评得分={"分项": [{"名称": "管理效能", "得分": "44.43"}]})
    assert f.self_score == D("94.43")  # 加减分项 counted as 0
    assert [(n.rule, n.fields) for n in f.notes] == [("declared-missing", ("部门整体自评表.加减分项",))]


def test_stated_parts_and_total_are_checked_against_the_table():
    stated = {"总分": 95, "分项": [*SEED_003_SCORES["分项"], {"名称": "履职效能", "得分": 48}]}
    f = guangdong(自评得分=stated)
    assert f.self_score == D("94.43")  # the table's, not the typed 95 or 48
    assert [(n.rule, n.fields) for n in f.notes] == [
        ("score-part-mismatch", ("自评得分.分项[3].得分",)),
        ("score-total-mismatch", ("自评得分.总分",)),
    ]


def test_a_typed_weight_unlike_the_schemes_is_warned():
    stated = {"分项": [{"名称": "管理效能", "分值": 40, "得分": "38"}, {"名称": "加减分项", "得分": 0}]}
    f = guangdong(自评得分=stated)
    assert codes(f) == ["score-weight-mismatch"]
    assert "管理效能填写为40分，评分方案「guangdong_department」规定为45分" in f.notes[0].message


@pytest.mark.parametrize(
    ("management", "count", "completed", "rate"),
    [
        ({"指标数": 21, "完成指标数": 21}, 25, 25, D(100)),  # 21 declared + 4 table rows, all met
        ({"指标数": 21, "完成指标数": 20}, 25, 24, D(96)),  # 24 / 25
        ({"指标数": 21}, 25, None, None),  # completion unknown for 管理效能: not stated at all
    ],
)
def test_indicator_counts_add_declared_and_table_indicators(management, count, completed, rate):
    parts = [{"名称": "管理效能", "得分": "44.43", **management}, {"名称": "加减分项", "得分": 0}]
    summary = guangdong(自评得分={"分项": parts}).scheme_scores
    assert sum(c.indicator_count for c in summary.counted) == count
    assert (summary.completed_count, summary.completion_rate) == (completed, rate)


def test_completed_count_above_count_is_refused():
    with pytest.raises(ValueError, match="「完成指标数」22大于「指标数」21"):
        report(自评得分={"分项": [{"名称": "管理效能", "得分": 44, "指标数": 21, "完成指标数": 22}]})


# ---------------------------------------------------------------- parts kept within 分值


@pytest.mark.parametrize(
    ("stated", "full", "minimum", "counted", "code"),
    [
        ("30", "30", "0", "30", None),
        ("40", "30", "0", "30", "score-over-max"),  # seed 003: 效益指标 40 of 30
        ("-2", "5", "-5", "-2", None),  # 加减分项 may go below zero
        ("-6", "5", "-5", "-5", "score-below-min"),
        ("-1", "10", "0", "0", "score-below-min"),
    ],
)
def test_a_stated_part_is_kept_within_its_range(stated, full, minimum, counted, code):
    line, notes = score_line("项目自评[1].分项[1].得分", "效益指标", D(full), D(stated), minimum=D(minimum))
    assert line.score == D(counted)
    assert [n.rule for n in notes] == ([code] if code else [])


def test_self_score_parts_take_their_weight_from_the_scheme_without_a_table():
    f = compute(report(自评得分={"分项": [{"名称": "产出指标", "得分": 45}, {"名称": "其他", "分值": 5, "得分": 5}]}))
    assert [(line.name, line.full_marks, line.score) for line in f.self_score_lines] == [
        ("产出指标", D(50), D(45)),
        ("其他", D(5), D(5)),
    ]
    assert f.self_score == D(50)


# ---------------------------------------------------------------- 项目自评


def project(name: str, total: str | None, **parts: str) -> dict:
    item = {"名称": name, "分项": [{"名称": k, "得分": v} for k, v in parts.items()]}
    return {**item, "总分": total} if total else item


def test_project_self_scores_use_the_project_scheme():
    f = compute(
        report(
            项目自评=[project("专项工作经费", "99.92", 预算执行="9.92", 产出指标="50", 效益指标="30", 满意度指标="10")]
        ),
        GUANGDONG,
        DEFAULT,
    )
    (score,) = f.project_self_scores
    assert [(w.name, w.weight, w.share) for w in score.weights] == [
        ("预算执行", D(10), D(10)),
        ("产出指标", D(50), D(50)),
        ("效益指标", D(30), D(30)),
        ("满意度指标", D(10), D(10)),
    ]
    assert (score.total_marks, score.total) == (D(100), D("99.92"))  # 9.92 + 50 + 30 + 10
    assert codes(f) == []


def test_seed_003_project_with_a_part_over_its_weight():
    item = project("数字化信息管理系统运维项目", "95.95", 预算执行="9.55", 产出指标="46.4", 效益指标="40")
    f = compute(report(项目自评=[item]), GUANGDONG, DEFAULT)
    (score,) = f.project_self_scores
    assert [(line.name, line.score) for line in score.lines] == [
        ("预算执行", D("9.55")),
        ("产出指标", D("46.4")),
        ("效益指标", D(30)),
    ]
    assert score.total == D("85.95")  # 9.55 + 46.4 + 30
    assert [(n.rule, n.fields[0]) for n in f.notes] == [
        ("score-over-max", "项目自评[1].分项[3].得分"),
        ("score-part-missing", "项目自评[1].分项"),
        ("score-total-mismatch", "项目自评[1].分项"),
    ]


def test_project_parts_are_listed_in_the_schemes_order():
    f = compute(report(项目自评=[project("甲", None, 满意度指标="10", 预算执行="10", 效益指标="30", 产出指标="50")]))
    assert [line.name for line in f.project_self_scores[0].lines] == ["预算执行", "产出指标", "效益指标", "满意度指标"]


def test_a_project_total_alone_is_taken_as_stated():
    f = compute(report(项目自评=[{"名称": "甲", "总分": 88}]))
    assert (f.project_self_scores[0].lines, f.project_self_scores[0].total, codes(f)) == ((), D(88), [])


# ---------------------------------------------------------------- the unit's budget and its parts


@pytest.mark.parametrize(
    ("stated", "used", "code"), [("1132.01", "1132.01", None), ("1140", "1132.01", "total-mismatch")]
)
def test_unit_budget_is_checked_against_basic_and_project_budgets(stated, used, code):
    spending = {
        "基本支出": {"合计": "856.88", "全年预算数": "969.83"},
        "项目支出": {"合计": "155.1", "全年预算数": "162.18"},
        "全年预算数": stated,
    }
    f = compute(report(支出=spending))
    assert f.execution.budget == D(used)  # 969.83 + 162.18 = 1132.01
    assert codes(f) == ([code] if code else [])
