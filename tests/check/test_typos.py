"""Typos and unfilled form fields: doubled words judged by word boundaries, and empty 填表人/填报日期 fields."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paths import FIXTURES
from reportgen.check import check_file, check_text
from reportgen.check.rules import word_bounds

SLIPS = FIXTURES / "rubric_slips.txt"  # planted: 根据根据, 了了, 的的, 和和, empty 填表人 and 填报日期
CLEAN = FIXTURES / "rubric_slips_clean.txt"  # the same report with each slip put right


def _doubled(text: str) -> list[str]:
    result = check_text(f"一、部门基本情况\n{text}")
    return [f.message for f in result.findings if f.rule == "typo.repeated_char"]


@pytest.mark.parametrize(
    ("text", "doubled"),
    [
        ("根据根据区财政局的通知开展自评。", "根据根据"),
        ("拟将自评结果应用和和公开。", "和和"),
        ("本馆的的主要职能是组织群众文化活动。", "的的"),
        ("全年完成了了非遗资料的整理。", "了了"),
        ("项目执行执行率为95%。", "执行执行"),
        ("对对预算执行情况开展监控。", "对对"),
    ],
)
def test_a_doubled_word_standing_alone_is_a_slip(text, doubled):
    messages = _doubled(text)
    assert len(messages) == 1 and f"「{doubled}」" in messages[0], messages


@pytest.mark.parametrize(
    "text",
    [
        "全年收入中，其中中央财政补助资金30万元。",  # 其中 + 中央
        "加强对对象的分类统计。",  # 对 + 对象
        "馆将会会同区财政局开展检查。",  # 会 + 会同
        "人人都能就近观看演出。",
        "常常邀请专家授课。",
        "请各科室看看自查清单。",
        "一步一步落实整改要求。",
        "问题整改没有不了了之。",
        "做到账款、账账、账实相符。",
        "实现目的的途径是加强管理。",  # 目的 + 的
        "填表人为苏敏敏。",  # a doubled given name
    ],
)
def test_words_that_merely_look_doubled_are_not_slips(text):
    assert _doubled(text) == []


def test_the_segmentation_covers_the_clause():
    clause = "其中中央财政补助资金30万元"
    bounds = word_bounds(clause)
    assert min(bounds) == 0 and max(bounds) == len(clause)
    assert 2 in bounds and 3 not in bounds  # 其中|中央, never 其中中|央


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("填表人：　　　　填报日期：2024年3月12日　　联系电话：0755-5550188", ["填表人："]),
        ("填表人：林晓晓　　填报日期：　　年　月　日　　联系电话：0755-5550188", ["填报日期："]),
        ("填表人：林晓晓　　填报日期：2024年3月12日　　联系电话：", ["联系电话："]),
        ("填表人：填报日期：联系电话：", ["填表人：", "填报日期：", "联系电话："]),
        ("填表人：林晓晓　　填报日期：2024年3月12日　　联系电话：0755-5550188　　单位负责人签字：", []),
    ],
)
def test_an_empty_form_field_is_a_placeholder(line, fields):
    text = "附件1\n部门整体支出绩效评价基础数据表\n\t财政供养人员\n\t编制数\n\n\t人数\n\t18\n\n" + line
    found = [f for f in check_text(text).findings if f.rule == "placeholder.empty_field"]
    assert [f.message.split("「")[1].split("」")[0] for f in found] == fields
    assert all(f.level == "warning" and f.category == "placeholder" for f in found)


def test_the_planted_report_has_each_slip_and_empty_field():
    found = check_file(SLIPS).findings
    typos = sorted(f.message for f in found if f.rule == "typo.repeated_char")
    assert typos == sorted(f"疑似重复{w}" for w in ("词「根据根据」", "字「了了」", "字「的的」", "字「和和」"))
    empty = [f.message for f in found if f.rule == "placeholder.empty_field"]
    assert len(empty) == 2 and "填表人：" in empty[0] and "填报日期：" in empty[1]


def test_the_clean_twin_has_none():
    found = check_file(CLEAN).findings
    assert [f.message for f in found if f.category in ("typo", "placeholder")] == []


def test_the_segmenter_is_not_loaded_by_the_command_line():
    """`reportgen --help` and drafting stay fast: jieba is imported only when a doubled character is met."""
    code = "import sys, reportgen.cli, reportgen.check.rules, reportgen.check.rubric; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
