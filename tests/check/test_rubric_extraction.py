"""反映问题情况 and 建议情况: where problems and measures are found (sections, paragraphs, form rows, a 自评表's
偏差原因 column), 「无」 as no problem at all, money-only measures, and measures matched to problems by number.

Scores asserted here are those RUBRIC.md §2 prescribes; every fixture is in our own words.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx import Document

from paths import FIXTURES
from reportgen.check import check_file, check_text
from reportgen.check.rubric import says_nothing
from reportgen.errors import RubricError
from reportgen.rubrics import load_standard
from texts import tab_table

PROBLEMS, SUGGESTIONS = "自评报告.反映问题情况", "自评报告.建议情况"


def _scores(result) -> tuple[Decimal, Decimal]:
    items = {i.id: i.score for i in result.items}
    return items[PROBLEMS], items[SUGGESTIONS]


def _rules(result) -> set[str]:
    return {f.rule for f in result.findings}


_HEAD = "一、部门基本情况\n示例县文化馆负责群众文化活动的组织和文艺骨干的培训。\n二、绩效自评情况\n自评得分88分。\n"
_MEASURES = "四、下一步改进措施\n一是细化年初预算编制，按活动场次测算经费。二是每季度组织一次资产盘点，做到账实相符。\n"


@pytest.mark.parametrize("body", ["无", "无。", "暂无", "暂无。", "本年度无。", "经自查，本单位未发现问题。"])
def test_a_problems_section_that_says_nothing_has_no_problem(body):
    result = check_text(f"{_HEAD}三、存在的主要问题\n{body}\n{_MEASURES}")
    problems, _ = _scores(result)
    assert problems == 0  # none → 0 (RUBRIC.md §2), not the 10 of one 过于简单 problem
    said = [f for f in result.findings if f.rule == "problems.nothing_stated"]
    assert len(said) == 1 and said[0].points_lost == 20 and "三、存在的主要问题" in said[0].section


@pytest.mark.parametrize("body", ["无", "暂无。"])
def test_a_measures_section_that_says_nothing_has_no_suggestion(body):
    problems = "三、存在的主要问题\n一是年初预算编制不够细化，原因是活动场次测算不足。\n"
    result = check_text(f"{_HEAD}{problems}四、下一步改进措施\n{body}\n")
    assert _scores(result)[1] == 0
    assert "suggestions.nothing_stated" in _rules(result)


def test_a_mixed_section_of_just_nothing_has_neither():
    result = check_text(f"{_HEAD}三、存在问题及改进措施\n无。\n")
    assert _scores(result) == (0, 0)
    assert {"problems.nothing_stated", "suggestions.nothing_stated"} <= _rules(result)


def test_the_nothing_report_scores_zero_and_its_full_twin_full_marks():
    assert _scores(check_file(FIXTURES / "rubric_none.txt")) == (0, 0)
    # five problems over the five aspects, each with its cause → 20; each answered, 4+ aspects → 15
    full = check_file(FIXTURES / "rubric_full.txt")
    assert _scores(full) == (20, 15)
    assert not {f.rule for f in full.findings if f.category in ("problems", "suggestions")}


@pytest.mark.parametrize(
    "text",
    [
        "无人机巡查设备老化，原因是购置年限较长。",
        "没有建立资产台账，原因是管理制度不健全。",
        "暂无专职财务人员，原因是编制不足。",
    ],
)
def test_a_problem_that_begins_like_nothing_is_still_a_problem(text):
    assert not says_nothing(text, load_standard())


def test_problems_and_measures_in_a_paragraph_grade_as_in_their_own_sections():
    in_paragraph = check_file(FIXTURES / "rubric_paragraph.txt")
    in_sections = check_file(FIXTURES / "rubric_paragraph_sections.txt")
    # three problems, three aspects, each with its cause → top of 13–15; each answered, three aspects → 14
    assert _scores(in_paragraph) == _scores(in_sections) == (15, 14)
    assert "problems.none" not in _rules(in_paragraph) and "suggestions.none" not in _rules(in_paragraph)


_PARAGRAPHS = {
    "colon": "本馆自评得分88分。存在的问题：一是年初预算编制不够细化，原因是活动场次测算不足；"
    "二是固定资产登记不及时，原因是资产管理岗位人员变动频繁。",
    "list after": "本馆自评得分88分。本年度工作中存在的问题主要有：\n"
    "一是年初预算编制不够细化，原因是活动场次测算不足。\n二是固定资产登记不及时，原因是资产管理岗位人员变动频繁。\n本馆将认真整改。",
    "主要问题是": "本馆自评得分88分，主要问题是年初预算编制不够细化，原因是活动场次测算不足；"
    "二是固定资产登记不及时，原因是资产管理岗位人员变动频繁。",
}


@pytest.mark.parametrize("paragraph", list(_PARAGRAPHS.values()), ids=list(_PARAGRAPHS))
def test_problems_introduced_in_any_paragraph_are_found(paragraph):
    result = check_text(f"一、部门基本情况\n示例县文化馆负责群众文化活动。\n二、绩效自评情况\n{paragraph}\n")
    problems = next(i for i in result.items if i.id == PROBLEMS)
    assert problems.score > 0 and problems.basis.startswith("问题过于简单（2个"), problems.basis


def test_measures_after_下一步_in_a_paragraph_are_found():
    text = (
        f"{_HEAD}三、存在的主要问题\n一是年初预算编制不够细化，原因是活动场次测算不足。\n"
        "五、其他需要说明的情况\n下一步，本馆将细化年初预算编制，按活动场次逐项测算经费需求。\n"
    )
    assert "suggestions.none" not in _rules(check_text(text))


def test_problems_and_measures_in_form_rows_are_found():
    result = check_file(FIXTURES / "rubric_form.txt")
    # three problems, two aspects, each with its cause → top of 13–15; each answered (the first only by its
    # number: 车辆老化 / 车辆维护计划 share no topic), two aspects → 13
    assert _scores(result) == (15, 13)
    assert "suggestions.unanswered" not in _rules(result)


def test_form_rows_in_a_word_table_are_found(tmp_path):
    lines = (FIXTURES / "rubric_form.txt").read_text(encoding="utf-8").split("\n")
    rows = [r.split("\n\t") for r in "\n".join(lines[1:]).strip("\n").split("\n\n")]
    rows = [[c.strip("\t") for c in row] for row in rows]
    document = Document()
    document.add_paragraph(lines[0])
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=False):
            cell.text = value
    path = tmp_path / "自评表.docx"
    document.save(path)
    assert _scores(check_file(path)) == _scores(check_file(FIXTURES / "rubric_form.txt"))


def test_a_deviation_column_speaks_for_a_form_that_states_nothing_else():
    result = check_file(FIXTURES / "rubric_form_deviation.txt")
    problems, suggestions = (next(i for i in result.items if i.id == x) for x in (PROBLEMS, SUGGESTIONS))
    # one indicator's shortfall, its cause and a measure: 过于简单 → 10–12 and 6–8 (top: cause given, answered)
    assert (problems.score, suggestions.score) == (12, 8)
    assert "流动借阅服务场次" in problems.deductions[0].section


def test_a_deviation_note_beside_a_problems_section_is_not_one_more_problem():
    form = (FIXTURES / "rubric_form_deviation.txt").read_text(encoding="utf-8")
    text = f"{_HEAD}三、存在的主要问题\n一是年初预算编制不够细化，原因是活动场次测算不足。\n{_MEASURES}附件3\n{form}"
    problems = next(i for i in check_text(text).items if i.id == PROBLEMS)
    assert "1个" in problems.basis and "车辆" not in problems.basis


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [("rubric_money.txt", 0), ("rubric_money_clean.txt", 8)],  # only more money → 0; one short measure → 6–8
)
def test_a_measure_that_only_asks_for_money_scores_nothing(fixture, expected):
    result = check_file(FIXTURES / fixture)
    assert _scores(result)[1] == expected
    assert ("suggestions.funding_only" in _rules(result)) == (expected == 0)


@pytest.mark.parametrize(
    "where",
    [
        "二、绩效自评情况\n自评得分86分。下一步，建议财政部门加大资金投入，争取上级资金支持。\n",
        "\t改进措施\n\t建议财政部门加大经费投入，保障项目正常运转。\n",
        "\t项目名称\n\t馆藏文物保护\n\n\t改进措施\n\t建议财政部门加大经费投入，保障项目正常运转。\n",
    ],
    ids=["paragraph", "form line", "form row"],
)
def test_money_only_measures_are_recognised_in_paragraphs_and_forms(where):
    problems = "三、存在的主要问题\n一是文物修复专业人员不足，原因是编制内没有修复岗位。\n"
    result = check_text(f"一、部门基本情况\n示例县博物馆负责馆藏文物的保管。\n{problems}{where}")
    assert _scores(result)[1] == 0 and "suggestions.funding_only" in _rules(result)


_NUMBERED = (
    f"{_HEAD}三、存在的主要问题\n（一）流动借阅车辆老化且检修不及时，下半年两次故障停运，原因是车辆已使用十年。\n"
    "（二）乡镇分馆开放时间不稳定，原因是分馆管理员多为兼职。\n四、下一步改进措施\n{measures}"
)

_SECOND = "（二）为乡镇分馆配备专职管理员，固定每周开放时间。"


@pytest.mark.parametrize(
    ("measures", "answered"),
    [
        # each measure numbered like the problem it answers, sharing words but no lexicon topic with it
        ("（一）制定车辆维护计划，每季度检修一次，按程序申请更新车辆。\n" + _SECOND, True),
        # the same measures as prose: nothing ties the first to its problem
        ("制定维护计划，每季度检修一次，按程序申请更新。\n" + _SECOND.removeprefix("（二）"), False),
        # a measure that names the problem it answers
        ("针对问题一，制定维护计划，每季度检修一次，按程序申请更新。\n" + _SECOND.removeprefix("（二）"), True),
    ],
    ids=["numbered", "prose", "针对问题一"],
)
def test_a_numbered_measure_answers_the_problem_of_its_number(measures, answered):
    result = check_text(_NUMBERED.format(measures=measures))
    unanswered = [f for f in result.findings if f.rule == "suggestions.unanswered"]
    assert (not unanswered) == answered, [f.message for f in unanswered]


@pytest.mark.parametrize(
    ("override", "words"),
    [
        ("nothing_stated: ['(无']\n", "正则表达式"),
        ("problem_references: ['针对问题([一二三])']\n", "(?P<n>"),
    ],
)
def test_a_lexicon_with_a_broken_pattern_is_refused(tmp_path, override, words):
    path = tmp_path / "lexicon.yaml"
    path.write_text("base: default\n" + override, encoding="utf-8")
    with pytest.raises(RubricError, match=words.replace("(", r"\(").replace("?", r"\?")):
        load_standard(lexicon=path)


def test_a_vague_value_names_its_二级_so_a_row_copied_under_two_is_two_lines():
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "质量指标", "展陈环境提升", "有所改善", "有所改善", "40", "40"],
        ["效益指标", "社会效益指标", "展陈环境提升", "有所改善", "有所改善", "40", "40"],
        ["满意度指标", "服务对象满意度指标", "观众满意度", "≥90%", "93%", "20", "20"],
    ]
    table = tab_table(rows)
    text = f"附件2\n部门整体支出绩效自评表\n{table}\n部门整体支出绩效自评报告\n一、部门基本情况\n本馆负责展览。"
    found = [f.message for f in check_text(text).findings if f.rule == "indicator.vague_value"]
    assert len(found) == 2 and len(set(found)) == 2
    assert "「质量指标·展陈环境提升」" in found[0] + found[1] and "「社会效益指标·展陈环境提升」" in found[0] + found[1]
