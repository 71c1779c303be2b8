"""The guangzhou_center sample drafts seed 003's structure and figures, in its own words, in the guangdong format:
scores computed, the seed's inconsistent figures warned."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from reportgen.render.blocks import Table
from reportgen.render.wording import in_words
from samples import headings, sample_fixtures
from test_sample_haizhu import SEED_000_HEADINGS  # the guangdong skeleton both seeds are drafted in

draft, _ = sample_fixtures("guangzhou_center_2021")


# Seed 003's 基本情况/综合评价分析 content under the guangdong headings: 一、 is seed 000's skeleton; in 二、 its
# 主要工作成效 is 重点工作任务完成情况 and its 各项工作任务绩效目标完成情况分析 keeps its name.
HEADINGS = [
    *SEED_000_HEADINGS[: SEED_000_HEADINGS.index("二、绩效自评情况")],
    "二、绩效自评情况",
    "（一）自评结论",
    "（二）履职效能分析",
    "1.产出数量指标评价分析",
    "2.社会效益指标评价分析",
    "3.服务对象满意度指标评价分析",
    "4.重点工作任务完成情况",
    "5.各项工作任务绩效目标完成情况分析",
    "（三）管理效能分析",
    "三、存在的主要问题",
    "四、下一步改进措施",
]


def test_headings_in_order(draft):
    assert headings(draft) == HEADINGS


def test_profile_and_scheme_come_from_the_input(draft):
    assert draft.profile.name == "guangdong"
    assert draft.figures.department_score is not None
    assert set(draft.figures.department_score.categories) == {"管理效能", "履职效能", "加减分项"}


# Seed 003's figures as the seed states them, in the draft's two-decimal money and percentage format.
SEED_003_FIGURES = [
    # （三）部门整体收支情况
    "支出预算1132.01万元，支出决算1011.98万元，预算执行差额120.03万元",
    "基本支出预算969.83万元，基本支出决算856.88万元，预算执行差额112.95万元，主要原因为人员经费随政策调整，公用经费按要求压减",
    "项目支出预算162.18万元，项目支出决算155.10万元，预算执行差额7.08万元，主要原因为一项采购按合同在次年结算尾款",
    # 机构设置, 绩效管理情况
    "内设4个正科级机构：综合部、音像部、展览部、技术部",
    "2021年7月，按市财政局的部署对年度预算项目支出开展运行监控：一是与项目责任部门核对进度",
    "二是把评价结果告知被评价部门",
    "三是公开绩效信息",
    # 综合评价分析 and 自评结论综述
    "项目总分100分，管理效能45分，履职效能50分，加减分项5分",
    "管理效能分别从资金管理（16分）、采购管理（2分）、信息公开管理（4分）、资产管理（4分）、成本管理（4分）、"
    "绩效管理（15分）六个方面评估，自评44.43分",
    "履职效能设产出数量（32分）、社会效益（10分）、服务对象满意度（8分）三个二级指标，自评50分",
    # one precision in one sentence: 44.43 beside 50.00 and 0.00 (the seed writes 50 and 0)
    "自评总分为94.43分，其中管理效能44.43分，履职效能50.00分，加减分项0.00分",
    "涉及21个管理效能指标，12个履职效能指标，实际完成指标33个，指标完成率100%",
    # 各项工作任务绩效目标完成情况分析
    "专项工作经费，分值100分，其中预算执行10分，占比10%，产出指标50分，占比50%，效益指标30分，占比30%，"
    "满意度指标10分，占比10%",
    "自评99.92分，其中预算执行9.92分，产出指标50.00分，效益指标30.00分，满意度指标10.00分",
    "广州市音像资料馆2021年数字化信息管理系统运维项目，分值100分",
    "其中预算执行9.55分，产出指标46.40分",  # the seed's 46.4 beside 9.55 mixes precisions
    "其他购置经费，分值100分",
    # 主要工作成效
    "录制了6名有代表性的医务人员",
    "采访18名退役军人",
    "口述历史45期，视频合计5453分钟、照片1395张",
    "重要活动和会议160次，得到素材10900分钟、照片11670张",
    "市政类12次（素材3156分钟、照片694张）",
    "城建类95次（素材2352分钟、照片9314张）",
    "文化活动类21次（素材2664分钟、照片720张）",
    "馆内活动32次（素材2728分钟、照片942张）",
    "视频资料有2001部",
    "广州20条大街小巷",
    "新增13个广东省非遗项目",
    "红色电影30部、党史纪录片15部",
    "已播放53场次",
    "17家机关单位",
    "制作7名专家讲课成片",
    "133个人物",
    "全国2100多部作品",
    "党史故事短视频40集",
    "抗美援朝第71周年",
    "参观团体560余个，观众46845人次",
    "修复民国档案共10232张",
    "与潘汉年有关的红色档案6张",
    "全年拍摄100659画幅",
]


@pytest.mark.parametrize("figure", SEED_003_FIGURES)
def test_every_figure_of_the_seed_is_stated(draft, figure):
    assert figure in draft.text()


@pytest.mark.parametrize(
    "computed",
    [
        "完成预算的89.40%",  # 1011.98 ÷ 1132.01 = 89.398…%
        "基本支出856.88万元，占84.67%",  # 856.88 ÷ 1011.98 = 84.673…%
        "项目支出155.10万元，占15.33%",  # 155.10 ÷ 1011.98 = 15.326…%
        "分值32分，自评32分",  # 8 × 4
        "分值10分，自评10分",  # 2 × 5
        "分值8分，自评8分",  # 2 × 4
        "自评85.95分，其中预算执行9.55分，产出指标46.40分，效益指标30.00分。",  # 效益 40 counted at 30
        "自评90分，其中预算执行10分，产出指标50分，效益指标30分。",
    ],
)
def test_computed_figures(draft, computed):
    assert computed in draft.text()


# (三级指标, 年度指标值, 分值, 实际完成值) of the sample's 自评表; every one earns full marks.
INDICATORS = [
    ("音像专辑拍摄制作集数", "≥47集", 4, "47集"),
    ("展厅设备正常开放天数", "≥150天", 4, "162天"),
    ("举办档案展览数量", "2个", 4, "2个"),
    ("声像档案利用室播放时长", "≥200小时", 4, "227小时"),
    ("档案缩微拍摄画幅", "≥100000画幅", 4, "100659画幅"),
    ("破损档案修裱张数", "≥10000张", 4, "10232张"),
    ("信息化系统维护验收合格率", "100%", 4, "100%"),
    ("系统故障排除及时率", "≥98%", 4, "100%"),
    ("展品修复仿真达标率", "100%", 5, "100%"),
    ("新增口述历史影像时长", "≥5000分钟", 5, "5453分钟"),
    ("观众参观满意度", "≥90%", 4, "99.5%"),
    ("运维用户满意率", "≥80%", 4, "100%"),
]


@pytest.mark.parametrize(("name", "target", "marks", "actual"), INDICATORS, ids=[i[0][:8] for i in INDICATORS])
def test_each_indicator_is_analysed_the_seeds_way(draft, name, target, marks, actual):
    # running text says a comparison in words (≥98% → 不低于98%); the table keeps the sign
    expected = f"{name}。年度指标为：{in_words(target)}。分值{marks}分。实际完成情况：{actual}，自评{marks}分。"
    assert expected in draft.text()


def test_indicator_analyses_are_grouped_by_part(draft):
    text = draft.text()
    groups = [
        text.split("产出数量指标评价分析\n")[1].split("社会效益指标评价分析")[0],
        text.split("社会效益指标评价分析\n")[1].split("服务对象满意度指标评价分析")[0],
        text.split("服务对象满意度指标评价分析\n")[1].split("重点工作任务完成情况")[0],
    ]
    assert [len(re.findall(r"^（\d+）.*年度指标为", g, flags=re.M)) for g in groups] == [8, 2, 2]


def test_scores_are_computed(draft):
    # 管理效能 44.43 (declared) + 履职效能 32 + 10 + 8 (12 indicators) + 加减分项 0 = 94.43
    score = draft.figures.department_score
    assert score.categories == {"管理效能": Decimal("44.43"), "履职效能": Decimal(50), "加减分项": Decimal(0)}
    assert (score.total, score.grade, draft.figures.self_score) == (Decimal("94.43"), "优", Decimal("94.43"))
    assert [p.total for p in draft.figures.project_self_scores] == [Decimal("99.92"), Decimal("85.95"), Decimal(90)]


def test_the_seeds_defects_are_warnings(draft):
    assert [(n.level.value, n.rule, n.fields[0]) for n in draft.notes] == [
        ("warning", "stated-rate-mismatch", "支出.执行率"),  # 99.76% is 1011.98 ÷ 1014.4, not ÷ 1132.01
        ("warning", "restated-figure", "部门整体自评表.资金.全年预算数"),  # 1014.4 against 1132.01
        ("warning", "score-over-max", "项目自评[2].分项[3].得分"),  # 效益指标 40 of 30
        ("warning", "score-part-missing", "项目自评[2].分项"),  # no 满意度指标
        ("warning", "score-total-mismatch", "项目自评[2].分项"),  # 85.95 against the stated 95.95
        ("warning", "score-over-max", "项目自评[3].分项[3].得分"),
        ("warning", "score-part-missing", "项目自评[3].分项"),
        ("warning", "score-total-mismatch", "项目自评[3].分项"),  # 90 against the stated 100
    ]
    assert draft.markers == []


@pytest.mark.parametrize(
    "fragment",
    [
        "在「部门整体自评表.资金」中为1014.40万元，在「支出」中为1132.01万元",
        "填写为99.76%，但1011.98万元 ÷ 1132.01万元 = 89.40%",
        "「项目自评[2].分项[3].得分」效益指标得分40分超过其分值30分；正文和合计按30分计",
        "「项目自评[3].分项[3].得分」效益指标得分40分超过其分值30分；正文和合计按30分计",
        "预算执行9.55 + 产出指标46.4 + 效益指标30 = 85.95分，与「项目自评[2].总分」95.95分不符",
        "预算执行10 + 产出指标50 + 效益指标30 = 90分，与「项目自评[3].总分」100分不符",
    ],
)
def test_warnings_name_the_fields_and_numbers(draft, fragment):
    assert any(fragment in n.message for n in draft.notes), [n.message for n in draft.notes]


def test_the_text_uses_one_value_for_each_quantity(draft):
    text = draft.text()
    assert "1014.4" not in text and "99.76" not in text and "95.95" not in text
    assert not re.search(r"(?<![\d.])40(?:\.00)?分", text)  # never a score of 40 against 30


def test_nothing_but_seed_figures_money(draft):
    seed_amounts = {"1132.01", "1011.98", "120.03", "969.83", "856.88", "112.95", "162.18", "155.10", "7.08"}
    found = set(re.findall(r"(\d+(?:\.\d+)?)万元", draft.text()))
    assert found <= seed_amounts, found - seed_amounts


def test_the_department_table_is_attached(draft):
    tables = [b for b in draft.blocks if isinstance(b, Table)]
    assert [t.label for t in tables] == ["附件1"]
    assert draft.text().split("附件：\n")[1].splitlines()[0] == "1.部门整体支出绩效自评表"
    rows = [[c.text if c else "" for c in row] for row in tables[0].rows]
    assert ["", "年度资金总额", "", "", "1132.01", "1011.98", "", "", "", ""] in rows  # one budget, as in the text
    declared = [(r[0], r[6], r[7]) for r in rows if r[0].startswith(("管理效能", "加减分项"))]
    assert declared == [
        (
            "管理效能（资金管理16分、采购管理2分、信息公开管理4分、资产管理4分、成本管理4分、绩效管理15分）",
            "45",
            "44.43",
        ),
        ("加减分项", "5", "0.00"),
    ]
    assert rows[-1][6:8] == ["100", "94.43"]


def test_markdown_snapshot(draft, snapshot_md):
    assert draft.markdown() == snapshot_md
