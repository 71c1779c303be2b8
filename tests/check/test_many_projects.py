"""Reports naming many projects: each project's figures are found after its own name, however many share a
sentence, and the pieces that do so in one pass per sentence read exactly as the rules they replace.

All names, texts and figures are our own.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reportgen.check import check_text
from reportgen.check.figures import AMOUNT_RE, _changes_subject, _ClosedBrackets, names_something
from reportgen.check.model import TableBlock
from reportgen.check.read import read_text
from reportgen.check.rubric import _Projects
from reportgen.check.structure import Attachment, parse_draft
from reportgen.check.tables import indicator_tables
from texts import tab_table

_WORKS = ["社区书屋", "古籍修复", "口述史采集", "展陈更新", "库房除湿", "数字化加工", "志愿服务", "安防升级"]


def _names(count: int) -> list[str]:
    """``count`` distinct project names, none inside another."""
    return [f"{_WORKS[i % len(_WORKS)]}第{i + 1}期工程" for i in range(count)]


def _project_table(number: int, name: str, budget: float, executed: float) -> str:
    """附件 ``number``: a 项目支出绩效自评表 as tab-per-cell text."""
    rate, score = f"{executed / budget * 100:.2f}%", f"{executed / budget * 10:.2f}"
    cells = [
        ["项目支出名称", name],
        ["年度资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", f"{budget:.2f}", f"{budget:.2f}", f"{executed:.2f}", "10", rate, score],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "完成批次", "1批", "1批", "90", "90"],
    ]
    rows = tab_table(cells)
    return f"附件{number}\n{name}项目支出绩效自评表\n{rows}\n"


def _report(budgets: dict[str, tuple[float, float]], stated: dict[str, tuple[float, float]]) -> str:
    """A report whose one sentence lists every project's spending and budget, and whose 附件 list names each
    project's 自评表; then the 自评表 of the projects in ``budgets``."""
    tables = "".join(
        _project_table(number, name, budget, executed)
        for number, (name, (budget, executed)) in enumerate(budgets.items(), start=1)
    )
    listing = "；".join(
        f"{name}{executed:.2f}万元（全年预算{budget:.2f}万元，执行率{executed / budget * 100:.2f}%）"
        for name, (budget, executed) in stated.items()
    )
    total = sum(executed for _, executed in stated.values())
    attached = "".join(f"{number}.{name}项目支出绩效自评表\n" for number, name in enumerate(stated, start=1))
    return (
        "部门整体支出绩效自评报告\n一、部门基本情况\n本馆负责档案的收集、保管和利用。\n"
        f"二、一般公共预算支出情况\n2023年决算的项目支出为{total:.2f}万元，其中：{listing}。\n"
        f"附件：\n{attached}{tables}"
    )


def _findings(text: str, rule: str) -> list[str]:
    """What ``rule`` says of the report, checked in a format that wants one 自评表 per project."""
    return [f.message for f in check_text(text, "hunan").findings if f.rule == rule]


def test_sixty_projects_in_one_sentence_each_compared_with_its_own_table():
    names = _names(60)
    budgets = {name: (100.0 + i, 90.0 + i) for i, name in enumerate(names)}
    assert _findings(_report(budgets, budgets), "restated.figure") == []

    slipped = dict(budgets)
    slipped[names[41]] = (budgets[names[41]][0] + 5, budgets[names[41]][1])  # the text's budget is not the table's
    found = _findings(_report(budgets, slipped), "restated.figure")
    assert len(found) == 1 and names[41] in found[0]


def test_a_name_inside_a_longer_project_name_is_not_that_project():
    # 古籍修复 is its own project, and the first words of 古籍修复培训: 培训's figures are not 古籍修复's
    budgets = {"古籍修复": (50.0, 48.0), "古籍修复培训": (8.0, 7.5)}
    assert _findings(_report(budgets, budgets), "restated.figure") == []


def test_every_named_project_has_its_table_or_is_reported_missing():
    names = _names(40)
    budgets = {name: (20.0 + i, 19.0 + i) for i, name in enumerate(names)}

    def missing_project_tables(text: str) -> list[str]:
        return [m for m in _findings(text, "attachment.missing") if "项目支出绩效自评表" in m]

    assert missing_project_tables(_report(budgets, budgets)) == []
    without = {name: figures for name, figures in budgets.items() if name != names[17]}
    missing = missing_project_tables(_report(without, budgets))
    assert len(missing) == 1 and names[17] in missing[0]


def test_two_alike_tables_take_the_captions_of_their_own_attachments():
    # the caption says whose table it is when the table does not: a project's, then the whole unit's
    rows = [
        ["年度资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "10", "10", "9", "10", "90%", "9"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "展板", "20块", "20块", "90", "90"],
    ]
    report = parse_draft(read_text("部门整体支出绩效自评报告\n一、部门基本情况\n本馆负责展览。\n"))
    first, second = TableBlock([list(r) for r in rows], 1), TableBlock([list(r) for r in rows], 1)
    assert first == second  # alike, yet two tables
    report.attachments += [
        Attachment("附件1", "展陈更新项目支出绩效自评表", [first]),
        Attachment("附件2", "部门整体支出绩效自评表", [second]),
    ]
    assert [t.kind for t in indicator_tables(report)] == ["project", "department"]


# --- the one-pass pieces read as the rules they replace ------------------------------------------------------


def _masked_by_rule(text: str) -> str:
    """The rule: blank the innermost finished bracket, again until none is left."""
    pattern = re.compile(r"[（(][^（()）]*[)）]")
    while (masked := pattern.sub(lambda m: "＿" * len(m.group(0)), text)) != text:
        text = masked
    return text


_BRACKETED = st.text(alphabet="（()）甲乙，1", max_size=40)


@given(_BRACKETED, st.lists(st.integers(min_value=0, max_value=40), max_size=6))
def test_closed_brackets_of_a_sentence_and_its_beginnings_are_those_of_each(text, cuts):
    asides = _ClosedBrackets(text)
    assert asides.whole == _masked_by_rule(text)
    for end in (min(cut, len(text)) for cut in cuts):
        assert asides.masked(end) == _masked_by_rule(text[:end])


def _changes_subject_by_rule(gap: str) -> bool:
    """The rule: amounts end a clause; a clause that names something changes the subject."""
    pieces = re.split(r"[，,；;：:（(）)、。！？!?]", AMOUNT_RE.sub("，", gap))
    return any(names_something(piece) for piece in pieces)


@given(
    st.lists(
        st.sampled_from(["其中", "：", "，", "图书费", "12.5万元", "预算", "3,000元", "（", "全年", "馆"]), max_size=12
    )
)
def test_a_gap_changes_the_subject_as_the_rule_says(words):
    gap = "".join(words)
    assert _changes_subject(gap) == _changes_subject_by_rule(gap)


@given(
    st.lists(st.text(alphabet="档案数字化馆藏修复", max_size=6), max_size=8),
    st.text(alphabet="档案数字化馆藏修复", max_size=8),
)
def test_a_project_is_known_as_the_rule_says(keys, key):
    """The rule: a name is a known project's when one of the two holds the other."""
    by_rule = bool(key) and any(other and (key in other or other in key) for other in keys)
    assert (key in _Projects(keys)) == by_rule
