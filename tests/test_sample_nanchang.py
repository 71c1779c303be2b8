"""The nanchang sample drafts seed 001 (jiangxi) in its own words: every section and figure, warnings at its slips;
its 自评表 is invented to fit the figures."""

from __future__ import annotations

import re

import pytest
import yaml

from docx_digest import digest
from paths import SAMPLES
from reportgen import api
from reportgen.render.blocks import Paragraph, Table
from samples import headings, sample_fixtures

draft, document = sample_fixtures("nanchang_2022")


# Seed 001's structure (REFERENCE.md §2 jiangxi); its 1.–4. under 一（一） and 二（一） are written out.
SEED_001_HEADINGS = [
    "一、单位概况",
    "（一）单位主要职责职能、组织架构、人员及资产基本情况",
    "1.单位主要职责职能",
    "2.组织架构",
    "3.人员情况",
    "4.资产情况",
    "（二）履职总体目标、工作任务",
    "1.总体目标",
    "2.工作任务",
    "（三）整体支出绩效目标",
    "（四）预算绩效管理开展情况",
    "（五）预算及执行情况",
    "二、整体支出绩效实现情况",
    "（一）履职完成情况",
    "1.数量指标年初计划及实际完成情况",
    "2.质量指标年初计划及实际完成情况",
    "3.时效指标完成情况",
    "4.成本指标完成情况",
    "（二）履职效果情况",
    "（三）社会满意度",
    "三、整体支出绩效中存在问题及改进措施",
    "1.主要问题及原因分析",
    "2.改进的方向和具体措施",
    "四、绩效自评结果拟应用和公开情况",
    "（一）绩效自评结果拟应用情况",
    "（二）绩效自评结果公开情况",
]


def test_every_section_of_the_seed_in_order(draft):
    assert headings(draft) == SEED_001_HEADINGS


def test_profile_and_title(draft):
    assert draft.profile.name == "jiangxi"
    assert draft.text().startswith("南昌市档案馆\n2022年整体支出绩效自评报告\n")


# Every figure of seed 001's body, as the seed writes it (money and rates in two decimals).
SEED_001_FIGURES = [
    # 人员情况
    "编制人数33名",
    "实有人数24名",
    "工勤编制1名",
    "馆长1名",
    "副馆长3名",
    "办公室人员5名",
    "档案接收保管科4名",
    "档案鉴定利用科3名",
    "档案电子信息科3名",
    "档案征集编研科2名",
    "档案教育宣传科2名",
    "机关党支部1名",
    "大学本科学历17人",
    "硕士研究生学历4人",
    "大专学历2人",
    "中专学历1人",
    "55-59岁5人",
    "51-54岁2人",
    "46-50岁3人",
    "41-45岁2人",
    "36-40岁6人",
    "31-35岁4人",
    "30岁及以下2人",
    "女性职工12人",
    "男性职工12人",
    "7个科室",
    # 资产情况: all computed from 流动资产, 固定资产净值 and 负债合计
    "资产总计92.16万元",
    "流动资产10.07万元",
    "非流动资产82.09万元",
    "固定资产净值82.09万元",
    "负债合计14.87万元",
    "净资产77.29万元",
    "资产负债率16.13%",
    # 绩效目标 and 履职完成情况
    "档案扫描800000画幅",
    "维护6次",
    "档案征集50册",
    "档案整理2000卷",
    "档案接收10000卷",
    "抽检合格率95%",
    "运行稳定率95%",
    "破损率小于10%",
    "差错率小于5%",
    "符合进馆标准100%",
    "816677画幅",
    "13276.3卷",
    "11736条",
    "200批",
    "75.5%",
    "9290卷、256770件",
    "9196卷、238346件",
    "照片3955张",
    "12个月",
    "551卷册",
    "1966幅",
    "49幅",
    "286次",
    "16844卷、68285件",
    "635991卷243547件",
    "3.72%",
    "控制在100%以内",
    "全年共完成5次",
    # 预算及执行情况: the seed's 94.66% and 86.21% are its rounding slips
    "全年预算973.49万元",
    "全年执行数906.85万元",
    "预算执行率93.15%",
    "基本支出全年预算800.61万元，全年执行数757.79万元，预算执行率94.65%",
    "项目支出全年预算172.88万元，全年执行数149.06万元，预算执行率86.22%",
    # 履职效果 and 社会满意度
    "217人次",
    "103人次",
    "30万元",
    "53页",
    "206条",
    "1192画幅",
    "11万人次",
    "20余篇",
    "40余篇",
    "1494人（次）",
    "13359次",
    "1697卷（件）",
    "12289页",
    "利用满意率100%",
    "高于95%",
]


@pytest.mark.parametrize("figure", SEED_001_FIGURES)
def test_every_figure_of_the_seed_is_stated(draft, figure):
    assert figure in draft.text()


def test_no_money_but_the_seeds(draft):
    seed_amounts = {
        "92.16",
        "10.07",
        "82.09",
        "14.87",
        "77.29",
        "973.49",
        "906.85",
        "800.61",
        "757.79",
        "172.88",
        "149.06",
        "30",
    }
    found = set(re.findall(r"(\d+(?:\.\d+)?)万元", draft.text()))
    assert found <= seed_amounts, found - seed_amounts


def test_the_seeds_rounding_slips_are_warned(draft):
    slips = {n.fields[0]: n.message for n in draft.notes if n.rule == "stated-rate-mismatch"}
    assert set(slips) == {"支出.基本支出.执行率", "支出.项目支出.执行率"}
    assert "94.66%" in slips["支出.基本支出.执行率"] and "94.65%" in slips["支出.基本支出.执行率"]
    assert "86.21%" in slips["支出.项目支出.执行率"] and "86.22%" in slips["支出.项目支出.执行率"]
    assert "94.66%" not in draft.text() and "86.21%" not in draft.text()


def test_no_other_warnings_and_no_markers(draft):
    assert {n.rule for n in draft.notes} == {"stated-rate-mismatch"}
    assert draft.markers == []


def test_performance_goals_come_from_the_plans_when_not_listed(draft):
    # Seed 001's （三） repeats the 年初计划 of 数量 and 质量 verbatim; the sample states them once.
    goals = draft.text().split("（三）整体支出绩效目标\n")[1].splitlines()[0]
    assert goals.count("；") == 9 and goals.endswith("档案接收符合进馆标准100%。")


def test_management_points_are_not_numbered_like_level_one_headings(draft):
    # Seed 001 numbers these paragraphs 一、二、三、四、 — the checker's numbering defect; we write 一是…四是.
    section = draft.text().split("（四）预算绩效管理开展情况\n")[1].split("（五）")[0]
    starts = [line[:2] for line in section.splitlines() if line]
    assert starts == ["一是", "二是", "三是", "四是"]


def test_signature_block_closes_the_report(draft):
    # the body ends in the unit and the date; the 附件 list and the attached 自评表 follow them
    body = [b for b in draft.blocks if isinstance(b, Paragraph)]
    end = next(i for i, b in enumerate(body) if b.text == "附件：")
    assert [(b.text, b.align) for b in body[end - 2 : end]] == [("南昌市档案馆", "right"), ("2023年3月6日", "right")]


def test_staff_breakdowns_that_do_not_add_up_are_warned(tmp_path):
    data = yaml.safe_load((SAMPLES / "nanchang_2022.yaml").read_text(encoding="utf-8"))
    data["人员构成"]["按学历"]["大学本科"] = 16  # 4 + 16 + 2 + 1 = 23, not 24
    data["资产"]["负债合计"] = 100  # more than 资产总计 92.16
    path = tmp_path / "input.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    notes = {n.rule: n for n in api.draft(path).notes}
    assert "23人" in notes["staff-breakdown-mismatch"].message
    assert notes["staff-breakdown-mismatch"].fields == ("人员构成.按学历", "人员编制.实有人数")
    assert "-7.84万元" in notes["liabilities-over-assets"].message


def test_a_jiangxi_report_attaches_its_table_when_given(tmp_path):
    data = yaml.safe_load((SAMPLES / "nanchang_2022.yaml").read_text(encoding="utf-8"))
    data["部门整体自评表"] = {
        "资金": {"年初预算数": 973.49, "全年预算数": 973.49, "全年执行数": 906.85},
        "年度总体目标": {"预期目标": "档案扫描800000画幅", "实际完成情况": "扫描816677画幅"},
        "指标": [
            {
                "一级指标": "产出指标",
                "二级指标": "数量指标",
                "三级指标": "档案扫描",
                "年度指标值": "≥800000画幅",
                "实际完成值": "816677画幅",
                "分值": 50,
            },
            {
                "一级指标": "效益指标",
                "二级指标": "社会效益指标",
                "三级指标": "查档办件率",
                "年度指标值": "100%",
                "实际完成值": "100%",
                "分值": 30,
            },
            {
                "一级指标": "满意度指标",
                "二级指标": "服务对象满意度指标",
                "三级指标": "利用满意率",
                "年度指标值": "≥95%",
                "实际完成值": "100%",
                "分值": 10,
            },
        ],
    }
    path = tmp_path / "input.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    drafted = api.draft(path)
    assert [b.label for b in drafted.blocks if isinstance(b, Table) and b.label] == ["附件1"]
    assert "附件：\n1.部门整体支出绩效自评表" in drafted.text()
    # 预算执行 10 × 906.85 / 973.49 = 9.3155… → 9.32; every indicator met → 90.
    assert str(drafted.figures.department_score.total) == "99.32"


def test_text_snapshot(draft, snapshot_md):
    assert draft.markdown() == snapshot_md


def test_docx_digest_snapshot(document, snapshot_txt):
    assert digest(document) == snapshot_txt
