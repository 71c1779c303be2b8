"""The haizhu sample drafts seed 000's sections and figures in its own words; only its 自评表 is invented, to fit them."""

from __future__ import annotations

import re

import pytest

from paths import SAMPLES
from reportgen import api
from samples import headings, sample_fixtures

draft, _ = sample_fixtures("haizhu_2023")


# The nine guangdong sub-sections of seed 000 (its "管理效率分析" is the profile's 管理效能分析).
SEED_000_HEADINGS = [
    "一、部门基本情况",
    "（一）部门职能",
    "（二）年度总体工作和重点工作任务",
    "（三）部门整体支出绩效目标",
    "（四）部门整体收支情况（以决算数为统计口径）",
    "（五）部门整体绩效管理情况",
    "1.部门整体绩效目标设定",
    "2.部门绩效运行监控开展情况",
    "二、绩效自评情况",
    "（一）自评结论",
    "（二）履职效能分析",
    "1.重点工作任务完成情况",
    "2.存在问题和改进方向",
    "3.专项资金绩效分析",
    "（三）管理效能分析",
    "1.存在问题",
    "2.改进方向",
    "三、存在的主要问题",
    "四、下一步改进措施",
]


def test_every_section_of_the_seed_in_order(draft):
    assert headings(draft) == SEED_000_HEADINGS


# Every figure stated in seed 000's body, in our two-decimal money and percentage format.
SEED_000_FIGURES = [
    "总收入1299.97万元",
    "一般公共预算财政拨款收入858.57万元，占66.05%",
    "政府性基金预算财政拨款收入441.40万元，占33.95%",
    "基本支出682.22万元，占52.48%",
    "项目支出617.74万元，占47.52%",
    "全年预算数1299.97万元，执行数1299.97万元，完成预算的100%",  # as the seed: the whole of the budget
    "发现主要问题8项12个",
    "自评总分为96.35分",
    "58个全宗单位",
    "5058.7卷",
    "43887件",
    "会计报表307卷",
    "业务档案260卷",
    "相册103卷",
    "379件",
    "会计档案60卷",
    "638卷",
    "立卷571卷",
    "按件673件",
    "12220件",
    "3408件",
    "10区国家档案馆",
    "11区1800余万常住人口",
    "10年悬而未决",
    "83卷（1165件）",
    "10个全宗",
    "今年3月",
    "1—2年",
    "60%",
    "已投入资金441.40万元",
    "分三次拨付",
    "实际支出率100.00%",
    "项目数为2个",
    "121.78万元",
]


@pytest.mark.parametrize("figure", SEED_000_FIGURES)
def test_every_figure_of_the_seed_is_stated(draft, figure):
    assert figure in draft.text()


def test_nothing_but_seed_figures_money(draft):
    # Every 万元 amount in the draft is one of the seed's own amounts.
    seed_amounts = {"1299.97", "858.57", "441.40", "682.22", "617.74", "121.78"}
    found = set(re.findall(r"(\d+(?:\.\d+)?)万元", draft.text()))
    assert found <= seed_amounts, found - seed_amounts


def test_enumerations_do_not_skip(draft):
    # Seed 000 jumps from 三是 to 五是; the draft numbers its eight tasks in order.
    tasks = draft.text().split("（二）年度总体工作和重点工作任务\n")[1].split("\n")[0]
    ordinals = re.findall(r"([一二三四五六七八九十]+)是", tasks)
    assert ordinals == ["一", "二", "三", "四", "五", "六", "七", "八"]


def test_only_the_rounding_note(draft):
    assert [(n.level.value, n.rule) for n in draft.notes] == [("info", "total-rounding")]
    assert draft.markers == []


def test_markdown_snapshot(draft, snapshot_md):
    assert draft.markdown() == snapshot_md


def test_missing_income_is_left_out_not_written_as_zero(tmp_path):
    # Seed 003, a real guangdong report, states no income; the sentence then starts with 总支出.
    text = (SAMPLES / "haizhu_2023.yaml").read_text(encoding="utf-8")
    start = text.index("收入:\n")
    path = tmp_path / "input.yaml"
    path.write_text(text[:start] + text[text.index("支出:\n") :], encoding="utf-8")
    drafted = api.draft(path)
    assert "2023年总支出1299.97万元，其中：基本支出682.22万元" in drafted.text()
    assert "总收入" not in drafted.text()
