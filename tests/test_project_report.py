"""The 项目支出 report kind: its input model's Chinese errors, its figures (totals, rates, scores, 等级) and notes."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
import yaml

from paths import SAMPLES
from reportgen import api
from reportgen.cli import main
from reportgen.errors import InputError
from reportgen.figures.project import GradeBand, compute, grade_bands
from reportgen.load import validate_data
from reportgen.models import ProjectReport
from reportgen.scoring import load_scheme


def report(projects: list[dict], **fields) -> ProjectReport:
    data = {"单位名称": "测试馆", "年度": 2024, "项目": projects, **fields}
    validated = validate_data(data, ProjectReport, source="测试.yaml")
    assert isinstance(validated, ProjectReport)
    return validated


def table(output_actual: str = "100件", *, stated_cost: str | None = None) -> dict:
    """产出 50 (one indicator, target 100件), 效益 30 (达成), 满意度 10: the indicators give 50·实际/100 + 40."""
    indicators = [
        {
            "一级指标": "产出指标",
            "二级指标": "数量指标",
            "三级指标": "整理档案",
            "年度指标值": "100件",
            "实际完成值": output_actual,
            "分值": 40,
            "偏差原因分析及改进措施": "部分档案推迟移交",
        },
        {
            "一级指标": "产出指标",
            "二级指标": "成本指标",
            "三级指标": "项目成本",
            "年度指标值": "≤10万元",
            "实际完成值": stated_cost or "8万元",
            "分值": 10,
        },
        {
            "一级指标": "效益指标",
            "二级指标": "社会效益指标",
            "三级指标": "服务效果",
            "年度指标值": "保障查档利用",
            "实际完成值": "保障查档利用",
            "分值": 30,
            "完成等级": "达成",
        },
        {
            "一级指标": "满意度指标",
            "二级指标": "服务对象满意度指标",
            "三级指标": "满意度",
            "年度指标值": "≥90%",
            "实际完成值": "95%",
            "分值": 10,
        },
    ]
    return {"指标": indicators}


def project(name: str = "甲项目", budget: str = "10", executed: str = "8", **fields) -> dict:
    return {"名称": name, "全年预算数": Decimal(budget), "全年执行数": Decimal(executed), **fields}


# ---------------------------------------------------------------- figures


def test_totals_and_rates_by_hand():
    figures = compute(
        report(
            [
                project("甲", "30.50", "30.00", 年初预算数=Decimal("30.50"), 实际到位资金=Decimal("30.50")),
                project("乙", "48", "36", 年初预算数=Decimal(0), 实际到位资金=Decimal("40")),
            ]
        )
    )
    totals = figures.totals
    assert (totals.budget, totals.executed, totals.initial_budget) == (
        Decimal("78.50"),
        Decimal("66.00"),
        Decimal("30.50"),
    )
    assert figures.received_total == Decimal("70.50")
    assert round(figures.receipt_rate, 4) == Decimal("89.8089")  # 70.50 / 78.50
    assert round(totals.rate, 4) == Decimal("84.0764")  # 66.00 / 78.50
    assert [p.execution.adjustment for p in figures.projects] == [Decimal(0), Decimal(48)]  # 年中追加 48 on 年初 0
    assert [round(p.receipt_rate, 2) for p in figures.projects] == [Decimal("100.00"), Decimal("83.33")]


def test_received_defaults_to_the_budget():
    (only,) = compute(report([project(budget="12", executed="6")])).projects
    assert (only.received, only.receipt_rate) == (Decimal(12), Decimal(100))


# 10 × 执行率 (here 100%) + 40 × 实际/100 (capped) + 10 (cost met) + 30 + 10 → 等级 at the default bands 90/80/60.
@pytest.mark.parametrize(
    ("actual", "total", "grade"),
    [
        ("100件", "100.00", "优"),
        ("75件", "90.00", "优"),  # 10 + 30 + 10 + 30 + 10: exactly 90 is still 优
        ("72件", "88.80", "良"),
        ("50件", "80.00", "良"),
        ("47件", "78.80", "中"),
        ("25件", "70.00", "中"),
        ("10件", "64.00", "中"),
    ],
)
def test_score_and_grade(actual, total, grade):
    (only,) = compute(report([project(executed="10", 自评表=table(actual))])).projects
    assert (only.score.total, only.score.grade) == (Decimal(total), grade)


def test_grade_below_sixty_is_poor():
    # 执行 0 of 10 → 预算执行 0; 产出 40 × 10/100 = 4, + 10; 效益 30; 满意度 10 → 54 (差).
    (only,) = compute(report([project(executed="0", 自评表=table("10件"))])).projects
    assert (only.score.total, only.score.grade) == (Decimal("54.00"), "差")


def test_grade_bands_of_the_default_scheme():
    assert grade_bands(load_scheme("default").grades) == [
        GradeBand("优", Decimal(90), None),
        GradeBand("良", Decimal(80), Decimal(90)),
        GradeBand("中", Decimal(60), Decimal(80)),
        GradeBand("差", Decimal(0), Decimal(60)),
    ]


def test_identical_rows_are_one_line_and_differing_rows_are_per_project():
    figures = compute(
        report(
            [
                project("甲", executed="8", 自评表=table()),
                project("乙", executed="9", 自评表=table(stated_cost="9万元")),
            ]
        )
    )
    quantity = figures.indicator_lines[figures.output_kinds[0]]
    assert [(line.project, line.indicator.name) for line in quantity] == [(None, "整理档案")]
    costs = figures.lines(figures.output_kinds[3])
    assert [(line.project, line.indicator.actual_text) for line in costs] == [("甲", "8万元"), ("乙", "9万元")]
    assert figures.cost_total == Decimal(17)  # 8 + 9
    assert figures.outputs_met


def test_common_score_only_when_every_project_scores_alike():
    same = compute(report([project("甲", executed="10", 自评表=table()), project("乙", executed="10", 自评表=table())]))
    assert same.common_score is not None and same.common_score.score.total == Decimal("100.00")
    differ = compute(
        report([project("甲", executed="10", 自评表=table()), project("乙", executed="5", 自评表=table())])
    )
    assert differ.common_score is None


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        (
            {"实际到位资金": Decimal(12)},
            "received-over-budget",
            "「项目[1]」甲项目：实际到位资金12.00万元超过全年预算数10.00万元",
        ),
        (
            {"实际到位资金": Decimal(7)},
            "executed-over-received",
            "「项目[1]」甲项目：全年执行数8.00万元超过实际到位资金7.00万元",
        ),
        ({"全年执行数": Decimal(11)}, "executed-over-budget", "全年执行数11.00万元超过全年预算数10.00万元"),
        (
            {"自评得分": Decimal(95)},
            "stated-score-unbacked",
            "「项目[1].自评得分」甲项目填写为95.00分，但没有「自评表」",
        ),
    ],
)
def test_project_money_and_score_notes(fields, code, message):
    figures = compute(report([{**project(), **fields}]))
    assert any(n.rule == code and message in n.message for n in figures.notes), [n.message for n in figures.notes]


def test_a_stated_score_is_checked_against_the_table():
    # 10 × 80% = 8; 40 × 90/100 = 36; 10; 30; 10 → 94.
    figures = compute(report([project(自评表=table("90件"), 自评得分=Decimal(97))]))
    (note,) = [n for n in figures.notes if n.rule == "stated-score-mismatch"]
    assert "填写为97.00分，但按自评表计算为94.00分（等级“优”）" in note.message


def test_a_cost_actual_that_is_not_the_money_used_is_noted():
    figures = compute(report([project(executed="8", 自评表=table(stated_cost="9万元"))]))
    (note,) = [n for n in figures.notes if n.rule == "cost-differs-from-executed"]
    assert "成本指标实际完成值9.00万元与全年执行数8.00万元不一致" in note.message


def test_stated_totals_are_reconciled():
    figures = compute(
        report(
            [project("甲", "30.50", "30.50"), project("乙", "48", "48")],
            资金申报及使用={"合计": {"全年预算数": Decimal("78.60"), "全年执行数": Decimal("78.50")}},
        )
    )
    (note,) = figures.notes
    assert note.rule == "total-mismatch"
    assert (
        "「项目[1].全年预算数」30.50万元 + 「项目[2].全年预算数」48.00万元 = 78.50万元，"
        "与「资金申报及使用.合计.全年预算数」78.60万元" in note.message
    )
    assert figures.totals.budget == Decimal("78.50")  # the text uses the parts' sum


def test_unanswered_problems_are_warned_once_measures_say_what_they_answer():
    problems = [{"编号": "1", "标题": "评价体系有待完善", "内容": "指标笼统。"}, {"编号": "2", "内容": "数据不全。"}]
    linked = compute(report([project()], 问题=problems, 改进措施=[{"内容": "完善数据收集。", "针对": ["2"]}]))
    assert [(n.rule, n.fields[0]) for n in linked.notes] == [("problem-unanswered", "问题[1]")]
    unlinked = compute(report([project()], 问题=problems, 改进措施=[{"内容": "完善数据收集。"}]))
    assert unlinked.notes == []


# ---------------------------------------------------------------- input errors


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"单位名称": "馆", "年度": 2024}, "项目", "缺少必填字段"),
        ({"单位名称": "馆", "年度": 2024, "项目": []}, "项目", "至少需要填写 1 项"),
        (
            {"单位名称": "馆", "年度": 2024, "项目": [{"名称": "甲", "全年预算数": -1, "全年执行数": 0}]},
            "项目[1].全年预算数",
            "不能为负数",
        ),
        (
            {
                "单位名称": "馆",
                "年度": 2024,
                "项目": [{"名称": "甲", "全年预算数": 1, "全年执行数": 1, "实际到位资金": "全部"}],
            },
            "项目[1].实际到位资金",
            "应为数字",
        ),
        ({"单位名称": "馆", "年度": 2024, "项目": [project("甲"), project("甲")]}, "", "项目「名称」重复：甲"),
        (
            {"单位名称": "馆", "年度": 2024, "项目": [project()], "改进措施": [{"标题": "完善机制"}]},
            "改进措施[1]",
            "请填写「内容」或「要点」",
        ),
        (
            {"单位名称": "馆", "年度": 2024, "项目": [project()], "改进措施": [{"内容": "甲。", "针对": ["9"]}]},
            "",
            "改进措施「针对」引用了不存在的问题编号：9",
        ),
        (
            {"单位名称": "馆", "年度": 2024, "项目": [project()], "项目绩效目标": {"具体绩效目标": [{"标题": "甲"}]}},
            "项目绩效目标.具体绩效目标[1]",
            "请填写「内容」或「分项」",
        ),
        ({"单位名称": "馆", "年度": 2024, "项目": [project()], "项目概况": "甲"}, "项目概况", "未知的字段"),
    ],
)
def test_bad_input_names_the_field_in_chinese(data, path, message):
    with pytest.raises(InputError) as raised:
        validate_data(data, ProjectReport, source="测试.yaml")
    assert any(i.path == path and message in i.message for i in raised.value.issues), raised.value.issues


@pytest.fixture
def bad_project_input(tmp_path):
    data = yaml.safe_load((SAMPLES / "huaihua_2024_project.yaml").read_text(encoding="utf-8"))
    data["项目"][1]["全年执行数"] = "四十八"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_cli_rejects_a_bad_project_input_and_writes_nothing(bad_project_input, tmp_path, capsys):
    output = tmp_path / "out.docx"
    assert main(["draft", str(bad_project_input), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert f"输入文件 {bad_project_input} 有 1 处错误，未生成任何文件" in err
    assert "「项目[2].全年执行数」：应为数字（金额以万元为单位，如 858.57），实际填写的是「四十八」" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_cli_bad_project_input_prints_no_traceback(bad_project_input):
    result = subprocess.run(
        [sys.executable, "-m", "reportgen.cli", "draft", str(bad_project_input)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "「项目[2].全年执行数」" in result.stderr


@pytest.mark.parametrize(
    ("sample", "profile", "message"),
    [
        ("haizhu_2023.yaml", "project", "格式「project」用于项目支出绩效自评报告，与本输入（部门整体支出）不符"),
        (
            "huaihua_2024_project.yaml",
            "hunan",
            "格式「hunan」用于部门（单位）整体支出绩效自评报告，与本输入（项目支出）不符",
        ),
    ],
)
def test_an_input_of_the_other_kind_is_named(sample, profile, message, capsys):
    assert main(["validate", str(SAMPLES / sample), "--profile", profile]) == 2
    assert message in capsys.readouterr().err


def test_profiles_lists_all_four_as_draftable(capsys):
    assert main(["profiles"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "目前仅用于检查" not in lines["project"] and "项目支出绩效自评报告" in lines["project"]
    assert [name for name, line in lines.items() if "目前仅用于检查" in line] == ["generic"]  # the fallback
    assert set(lines) == {"guangdong", "hunan", "jiangxi", "project", "generic"}


def test_validate_a_project_input(capsys):
    assert main(["validate", str(SAMPLES / "huaihua_2024_project.yaml")]) == 0
    out = capsys.readouterr().out
    assert "输入有效（格式：project）" in out and "数据核对：各项合计、执行数均一致。" in out


def test_suggest_inserts_candidates_into_the_problems(tmp_path):
    path = tmp_path / "slow.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "格式": "project",
                "单位名称": "测试馆",
                "年度": 2024,
                "项目": [{"名称": "甲项目", "全年预算数": 10, "全年执行数": 8}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    drafted = api.draft(path, suggest=True)
    problems = drafted.text().split("（二）存在的问题\n")[1].split("\n")[0]
    assert problems.startswith("【待确认：甲项目执行率为80.00%（全年预算10.00万元，执行8.00万元），低于90%")
