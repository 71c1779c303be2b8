"""The guangzhou_center sample drafts seed 003 in the guangdong format: its figures, scores computed, defects warned."""

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
    "基本支出预算969.83万元，基本支出决算856.88万元，预算执行差额112.95万元，主要原因为根据相关政策调整人员经费及压减公用经费",
    "项目支出预算162.18万元，项目支出决算155.10万元，预算执行差额7.08万元，主要原因为预算执行差异",
    # 机构设置, 绩效管理情况
    "内设4个正科级机构：综合部、音像部、展览部、技术部",
    "2021年7月，根据市财局要求组织实施年度预算项目支出运行监控：一是及时与项目责任部门沟通",
    "二是将绩效评价结果反馈给被评价部门",
    "三是绩效信息公开",
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
    "拍摄6名具有代表性的医务人员",
    "采访18名退役军人",
    "45期《口述历史》采访录制，视频总时长5453分钟，照片1395张",
    "素材总时长10900分钟，照片11670张，共160次",
    "市政类拍摄12次，素材时长3156分钟，照片694张",
    "城建类拍摄95次，素材时长2352分钟，照片9314张",
    "文化活动类拍摄21次，素材时长2664分钟，照片720张",
    "馆内活动拍摄32次，素材时长2728分钟，照片942张",
    "新收集视频资料2001部",
    "广州20条大街小巷",
    "新增13个广东省非遗项目",
    "精选30部红色电影和15部党史纪录片",
    "已播放53场次",
    "17家机关单位",
    "制作7名专家讲课成片",
    "133个人物",
    "全国2100多部作品",
    "40集《广州红色档案——百年党史故事》",
    "抗美援朝第71周年",
    "接待560余个单位团体，46845人次",
    "共计修复民国档案10232张",
    "修复了6张潘汉年相关红色档案",
    "共完成100659画幅档案",
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


# (三级指标, 年度指标值, 分值, 实际完成值) as seed 003 analyses them; every one earns full marks.
INDICATORS = [
    (
        "拍摄制作量，购置节目数量",
        "全年完成人物专辑21集，街道专辑20集，古村镇和新农村建设影像资料片专辑6集",
        4,
        "人物专辑21集，街道专辑20集，古村镇和新农村建设影像资料片专辑6集",
    ),
    (
        "展厅设备年正常开放天数，LED屏幕、千年海丝和羊城巨变等展厅设备年正常播放时长",
        "全年展厅设备正常开放150天以上，LED屏幕、展厅拓展阅读设备正常播放时长800小时以上，序厅、名称变迁、千年海丝、"
        "羊城巨变等投影设备每年正常播放总时长400小时以上",
        4,
        "展厅设备正常开放162天，LED屏幕、展厅拓展阅读设备正常播放时长972小时，序厅、名称变迁、千年海丝、羊城巨变等"
        "投影设备每年正常播放总时长648小时",
    ),
    (
        "展览数量，参观人数，展览面积",
        "举办展览2次，参观人数1.5万人次，展览面积1300平方米",
        4,
        "举办《百年恰是风华正茂》《马承宽艺术档案展》二个展览，参观人数46845人次，展览面积1300平方米",
    ),
    (
        "声像档案利用室正常可用时长，声像档案制作室正常运行时长，专业音像设备可用摄录时长",
        "全年声像档案利用室播放节目可用时间4小时/周，声像档案制作室正常可用工作时间2小时/周，摄像机、编辑机等设备"
        "可正常工作时长5小时/周",
        4,
        "声像档案利用室播放节目时间227小时，声像档案制作室正常工作时间125小时，摄像机、编辑机等设备正常工作时长302小时",
    ),
    (
        "开展档案缩微项目，完成缩微拍摄数量，完成档案修裱数量",
        "全年缩微100000画幅；抢救破损档案10000张",
        4,
        "缩微100659画幅；抢救破损档案10232张",
    ),
    ("维护系统验收合格率", "100%", 4, "信息化系统维护验收合格率100%"),
    ("故障排除及时率", "≥98%", 4, "信息化系统故障排除及时率100%"),
    ("资产完好率", "系统设备运行稳定率≥90%", 4, "信息化系统设备运行稳定率100%"),
    (
        "开展档案修复、档案仿真项目，确保档案展览顺利开展，修复档案是否达标",
        "保证展览顺利开展，档案修复达到数字化扫描的标准",
        5,
        "为《百年恰是风华正茂》《马承宽艺术档案展》二个展览修复、仿真展品，档案修复达到数字化扫描的标准，确保展览顺利开展",
    ),
    (
        "档案要求，档案价值",
        "通过影像纪录城市景观特色和人文历史，让城市发展留下印记，形成影像档案",
        5,
        "通过《羊城街巷》及古村镇和新农村建设等音像资料拍摄，记录了城市发展印记，为社会留下宝贵音像档案",
    ),
    ("观众参观满意度", "90%", 4, "观众参观（展览）满意度99.5%"),
    ("运维满意度", "用户满意率≥80%", 4, "用户满意率100%"),
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
