"""Problems offered from the figures: each prompted by numbers it quotes, never inserted unasked."""

from __future__ import annotations

from typing import get_args

import pytest
import yaml

from paths import SAMPLES
from reportgen import api
from reportgen.cli import main
from reportgen.figures import compute
from reportgen.figures.candidates import CandidateProblem, candidate_problems
from reportgen.models import DepartmentReport
from reportgen.render.wording import CANDIDATE_PATTERNS, candidate_text
from reportgen.scoring import ScoringScheme, load_scheme

BASE = {
    "单位名称": "测试档案馆",
    "年度": 2023,
    "收入": {"其他": 100},
}


def candidates(scheme: ScoringScheme | None = None, **sections) -> list[str]:
    report = DepartmentReport.model_validate({**BASE, **sections})
    return [candidate_text(c) for c in candidate_problems(compute(report, scheme))]


def scheme_with(folder, **budget) -> ScoringScheme:
    """The default scheme with some ``budget`` lines changed, as a region's scheme file would say it."""
    path = folder / "scheme.yaml"
    path.write_text(yaml.safe_dump({"base": "default", "name": "测试方案", "budget": budget}, allow_unicode=True))
    return load_scheme(path)


def project(name, initial, budget, executed):
    return {"名称": name, "年初预算数": initial, "全年预算数": budget, "全年执行数": executed}


@pytest.mark.parametrize(
    ("projects", "expected"),
    [
        (
            [project("甲", 100, 100, "89.99")],
            ["甲执行率为89.99%（全年预算100.00万元，执行89.99万元），低于90%，预算执行进度偏慢"],
        ),
        ([project("甲", 100, 100, 90)], []),  # 90% is not below 90%
        (
            [project("甲", 100, 111, 111)],
            ["甲预算调整率为11.00%（年初预算100.00万元，全年预算111.00万元），超过10%，年初预算编制不够准确"],
        ),
        ([project("甲", 100, 110, 110)], []),  # 10% is not above 10%
        ([project("甲", 0, 160, 160)], []),  # no initial budget: no adjustment rate to speak of
    ],
)
def test_project_candidates(projects, expected):
    assert candidates(支出={"基本支出": {"合计": 1}, "项目支出": {"项目": projects}}) == expected


@pytest.mark.parametrize(
    ("budget_rule", "projects", "expected"),
    [
        ({"reason_below_rate": 80}, [project("甲", 100, 100, 85)], []),  # slow by the default 90, not by 80
        (
            {"reason_below_rate": 80},
            [project("甲", 100, 100, "79.99")],
            ["甲执行率为79.99%（全年预算100.00万元，执行79.99万元），低于80%，预算执行进度偏慢"],
        ),
        ({"large_adjustment_rate": 20}, [project("甲", 100, 111, 111)], []),  # large by the default 10, not by 20
        (
            {"large_adjustment_rate": "12.5"},
            [project("甲", 100, 113, 113)],
            ["甲预算调整率为13.00%（年初预算100.00万元，全年预算113.00万元），超过12.5%，年初预算编制不够准确"],
        ),
    ],
)
def test_thresholds_come_from_the_scheme(tmp_path, budget_rule, projects, expected):
    scheme = scheme_with(tmp_path, **budget_rule)
    assert candidates(scheme, 支出={"基本支出": {"合计": 1}, "项目支出": {"项目": projects}}) == expected


def test_basic_spending_is_judged_by_the_department_scheme(tmp_path):
    spending = {
        "基本支出": {"年初预算": {"人员经费": 80, "公用经费": 20}, "年中追加": 15, "全年预算数": 115, "合计": 115},
        "项目支出": {"合计": 0},
    }
    report = DepartmentReport.model_validate({**BASE, "支出": spending})
    lenient = scheme_with(tmp_path, large_adjustment_rate=20)
    by_default = [candidate_text(c) for c in candidate_problems(compute(report, load_scheme(), lenient))]
    by_lenient = [candidate_text(c) for c in candidate_problems(compute(report, lenient, load_scheme()))]
    assert (len(by_default), by_lenient) == (1, [])
    assert by_default[0].startswith("基本支出预算调整率为15.00%")


@pytest.mark.parametrize(
    ("last_year", "this_year", "expected"),
    [
        ("1.02", "1.36", ["“三公”经费决算1.36万元，比上年增加0.34万元，增长33.33%，需分析增加原因并加强控制"]),
        ("1.36", "1.02", []),
    ],
)
def test_three_public_rising(last_year, this_year, expected):
    three = {"公务接待": {"上年决算": last_year, "本年预算": 2, "本年决算": this_year}}
    assert candidates(支出={"基本支出": {"合计": 1}, "项目支出": {"合计": 0}}, 三公经费=three) == expected


def test_seed_002_candidates():
    # the clerk already wrote 预算调整率偏高 (年中追加人员经费) and 智慧档案一期项目资金使用进度慢（执行率63.97%）,
    # so neither 基本支出's adjustment nor that project's low execution is offered again
    texts = [candidate_text(c) for c in api.draft(SAMPLES / "yueyang_2023.yaml").candidates]
    assert texts == [
        "市档案馆库房密集架建设的绩效指标「建设支出控制数」年度指标值为不超过191万元，实际完成191.21万元，未达到目标",
    ]


SLOW = [project("档案数字化项目", 100, 100, 50), project("库房改造", 100, 100, 60)]


@pytest.mark.parametrize(
    ("written", "offered"),
    [
        ([], ["档案数字化项目", "库房改造"]),
        (["档案数字化项目执行率偏低，主要原因是招标延期"], ["库房改造"]),  # the clerk's own, by name
        (["库房改造支出进度偏慢"], ["档案数字化项目"]),
        (["预算执行进度偏慢，年底集中支付"], []),  # names no project: it speaks of them all
        (["档案数字化项目验收延期"], ["档案数字化项目", "库房改造"]),  # the project, but not its execution
    ],
)
def test_a_problem_the_clerk_wrote_is_not_offered_again(written, offered):
    problems = [{"内容": text} for text in written]
    found = candidates(支出={"基本支出": {"合计": 1}, "项目支出": {"项目": SLOW}}, 问题=problems)
    assert [text.split("执行率")[0] for text in found] == offered


def _indicator(name: str) -> dict:
    return {
        "一级指标": "产出指标",
        "二级指标": "数量指标",
        "三级指标": name,
        "年度指标值": "10次",
        "实际完成值": "8次",
        "分值": 50,
    }


def _table(name: str) -> dict:
    satisfaction = {
        "一级指标": "满意度指标",
        "二级指标": "服务对象满意度指标",
        "三级指标": "满意度",
        "年度指标值": "≥90%",
        "实际完成值": "95%",
        "分值": 50,
    }
    return {
        "名称": name,
        "资金": {"全年预算数": 100, "全年执行数": 100},
        "指标": [_indicator("培训次数"), satisfaction],
    }


def test_an_unmet_indicator_in_two_tables_is_offered_once():
    funded = {**project("培训项目", 100, 100, 100), "自评表": _table("培训项目")}
    found = candidates(
        支出={"基本支出": {"合计": 1}, "项目支出": {"项目": [funded]}}, 部门整体自评表=_table("测试档案馆")
    )
    assert [text for text in found if "培训次数" in text] == [
        "测试档案馆的绩效指标「培训次数」年度指标值为10次，实际完成8次，未达到目标"
    ]


def test_candidates_are_not_inserted_unasked():
    assert api.draft(SAMPLES / "yueyang_2023.yaml").markers == []


def test_suggest_inserts_them_as_items_to_confirm():
    markers = api.draft(SAMPLES / "yueyang_2023.yaml", suggest=True).markers
    assert len(markers) == 1
    assert all(m.startswith("【待确认：") and m.endswith("（由数据推断，请确认并补充原因，或删除）】") for m in markers)


def test_every_kind_of_candidate_has_one_sentence_pattern():
    assert set(CANDIDATE_PATTERNS) == set(get_args(CandidateProblem))


def test_the_command_line_words_candidates_as_the_report_does(capsys, tmp_path):
    main(["draft", str(SAMPLES / "yueyang_2023.yaml"), "-o", str(tmp_path / "报告.md")])
    printed = capsys.readouterr().out
    for candidate in api.draft(SAMPLES / "yueyang_2023.yaml").candidates:
        assert f"  - [{candidate.aspect.value}] {candidate_text(candidate)}\n" in printed
