"""Rendering: headings numbered by code, bare numbers refused, undefined data refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportgen.errors import TemplateError
from reportgen.render.blocks import Cell, Cover, Heading, PageBreak, Paragraph, Table, Title, parse_blocks
from reportgen.render.environment import enumerate_cn, make_environment, render_template
from reportgen.render.report import markers, to_markdown


def numbered(markup: str) -> list[str]:
    return [b.full_text for b in parse_blocks(markup) if isinstance(b, Heading)]


def test_headings_are_numbered_by_level_and_reset_below():
    markup = "# 甲\n## 子一\n### 孙一\n### 孙二\n#### 曾孙\n## 子二\n### 孙三\n# 乙\n## 子三\n"
    assert numbered(markup) == [
        "一、甲",
        "（一）子一",
        "1.孙一",
        "2.孙二",
        "（1）曾孙",
        "（二）子二",
        "1.孙三",
        "二、乙",
        "（一）子三",
    ]


def test_a_level_may_be_skipped_below_a_level_one_heading():
    # jiangxi: 三、整体支出绩效中存在问题及改进措施 → 1.主要问题及原因分析, with no （一） between.
    assert numbered("# 甲\n### 孙一\n### 孙二\n# 乙\n## 子一\n") == [
        "一、甲",
        "1.孙一",
        "2.孙二",
        "二、乙",
        "（一）子一",
    ]


def test_a_heading_left_out_by_a_condition_cannot_leave_a_gap():
    # The template below skips its second section when there is no data; numbering stays 一、二、
    assert numbered("# 甲\n\n# 丙\n") == ["一、甲", "二、丙"]


def test_numbered_items_restart_under_each_heading():
    blocks = parse_blocks("# 甲\n+ 一项\n+ 二项\n# 乙\n+ 三项\n")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["（1）一项", "（2）二项", "（1）三项"]


def test_directives():
    table = Table(rows=[[Cell("a")]])
    blocks = parse_blocks("@title 报告\n@right 某单位\n@pagebreak\n@table t1\n正文", {"t1": table})
    assert blocks == [Title("报告"), Paragraph("某单位", align="right"), PageBreak(), table, Paragraph("正文")]


@pytest.mark.parametrize(
    ("markup", "message_part"),
    [
        ("## 没有上级\n", "2级标题前没有一级标题"),
        ("### 没有上级\n", "3级标题前没有一级标题"),
        ("##### 太深\n", "标题标记无效"),
        ("#\n", "标题标记无效"),
        ("@table missing\n", "不存在的表格"),
        ("@unknown x\n", "未知指令"),
    ],
)
def test_bad_markup_is_a_template_error(markup, message_part):
    with pytest.raises(TemplateError, match=message_part):
        parse_blocks(markup)


@pytest.fixture
def env(tmp_path):
    def render(source: str, **context):
        (tmp_path / "t.md.j2").write_text(source, encoding="utf-8")
        return render_template(make_environment([tmp_path]), "t.md.j2", context)

    return render


@pytest.mark.parametrize("value", [Decimal("858.57"), 3, 1.5, True, None])
def test_bare_values_cannot_reach_the_text(env, value):
    with pytest.raises(TemplateError, match="未格式化"):
        env("收入{{ x }}", x=value)


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ x|wan }}", {"x": Decimal("441.4")}, "441.40万元"),
        ("{{ x|pct }}", {"x": Decimal("66.0454")}, "66.05%"),
        ("{{ x|num }}个", {"x": 12}, "12个"),
        ("{{ x|score }}分", {"x": Decimal("96.35")}, "96.35分"),
        ("{{ x|cn }}是", {"x": 4}, "四是"),
        ("{{ x|year }}年", {"x": 2023}, "2023年"),
        ("{{ xs|join_cn }}", {"xs": ["甲。", "乙"]}, "甲、乙"),
        ("{{ x|sentence }}", {"x": "防止“突击花钱”"}, "防止“突击花钱”。"),
    ],
)
def test_filters(env, source, context, expected):
    assert env(source, **context) == expected


def test_undefined_data_is_refused(env):
    with pytest.raises(TemplateError, match="未定义"):
        env("{{ missing }}")


def test_template_syntax_error_names_the_line(env):
    with pytest.raises(TemplateError, match="第2行"):
        env("甲\n{% if %}")


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["甲。", "乙；", "丙"], "一是甲；二是乙；三是丙。"),
        (
            [f"项{i}" for i in range(1, 12)],
            "；".join(
                f"{n}是项{i}"
                for i, n in enumerate(["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"], start=1)
            )
            + "。",
        ),
        ([], ""),
    ],
)
def test_enumerations_never_skip_an_ordinal(items, expected):
    assert enumerate_cn(items) == expected


def test_markers_are_collected_in_order():
    blocks = parse_blocks("甲【待补充：原因】\n# 乙\n【待确认：问题】")
    assert markers(blocks) == ["【待补充：原因】", "【待确认：问题】"]


def test_markdown_rendering():
    blocks = parse_blocks(
        "@title 报告\n# 甲\n正文。\n@table t\n",
        {"t": Table(rows=[[Cell("项目"), Cell("金额")], [Cell("a|b"), Cell("1.00")]])},
    )
    assert to_markdown(blocks) == ("# 报告\n\n## 一、甲\n\n正文。\n\n| 项目 | 金额 |\n|---|---|\n| a\\|b | 1.00 |\n")


def test_list_items_are_numbered_in_code_and_restart_after_other_blocks():
    blocks = parse_blocks("# 甲\n- 一项\n- 二项\n经自评，总分99分。\n- 三项\n")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["1.一项", "2.二项", "经自评，总分99分。", "1.三项"]


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("- 2023年，全馆参加培训", "1. 2023年，全馆参加培训"),  # not 「1.2023年」, which reads as a decimal
        ("- 完成档案接收", "1.完成档案接收"),
        ("+ 2023年，全馆参加培训", "（1）2023年，全馆参加培训"),
    ],
)
def test_a_list_numeral_never_runs_into_a_leading_digit(markup, text):
    (paragraph,) = parse_blocks(markup)
    assert paragraph.text == text


def test_a_level_three_heading_keeps_its_numeral_apart_from_a_leading_digit():
    assert numbered("# 甲\n### 2023年重点工作\n") == ["一、甲", "1. 2023年重点工作"]


def test_cover_lines_make_one_cover_block():
    markup = (
        "@cover-title 2023年度某馆\n@cover-title 部门整体支出绩效自评报告\n@cover-line 单位名称：某馆（盖章）\n"
        "@cover-line 2024年6月27日\n@title 2023年度某馆部门整体支出绩效自评报告\n"
    )
    cover, title = parse_blocks(markup)
    assert cover == Cover(("2023年度某馆", "部门整体支出绩效自评报告"), ("单位名称：某馆（盖章）", "2024年6月27日"))
    assert title == Title("2023年度某馆部门整体支出绩效自评报告")
    assert to_markdown([cover]).splitlines()[-1] == "---"
