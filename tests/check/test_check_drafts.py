"""Our own drafts, checked: every sample input drafts into a report the checker finds no fault in that the draft
could have avoided, and that loses no point its input did not lose it.

A finding is allowed only where the input itself accounts for it, and :func:`input_accounts_for` says how for
each rule: an attachment whose data the input does not have, a 年度指标值 the clerk typed that is not measurable,
problems that cover no more aspects than the clerk wrote of, a problem the clerk gave no cause for. Anything else
(a cause the checker does not recognise, a measure not paired with the problem it names, a figure or a numeral
the draft got wrong) fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from reportgen import api
from reportgen.check import CheckResult, check_file, standard_for
from reportgen.check.model import DEFECT_CATEGORIES
from reportgen.check.read import read_draft
from reportgen.check.rubric import Statements, _paired, collect_items
from reportgen.check.structure import parse_draft
from reportgen.cli import main
from reportgen.findings import Finding, Level
from reportgen.models import DepartmentReport
from reportgen.models.indicators import PerformanceTable
from reportgen.render.blocks import Table
from reportgen.rubrics import Standard

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_inputs").glob("*.yaml"))


class Checked:
    """One sample: its draft, the check of the saved .docx, and the problems and measures the checker read."""

    def __init__(self, drafted: api.DraftedReport, path: Path) -> None:
        self.drafted = drafted
        self.result: CheckResult = check_file(path)
        parsed = parse_draft(read_draft(path))
        self.std: Standard = standard_for(parsed.profile)
        self.stated: Statements = collect_items(parsed, self.std)


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, Checked]:
    """Draft and check each sample once for the whole module (drafting is the slow part)."""
    folder = tmp_path_factory.mktemp("drafts")
    found = {}
    for sample in SAMPLES:
        drafted = api.draft(sample)
        found[sample.stem] = Checked(drafted, api.save(drafted, folder / f"{sample.stem}.docx", "docx"))
    return found


# ---------------------------------------------------------------- what the input accounts for


def _tables(drafted: api.DraftedReport) -> list[PerformanceTable]:
    figures = drafted.figures
    tables = [p.table for p in figures.projects if p.table is not None]
    department = getattr(figures, "department_table", None)
    return [department, *tables] if department is not None else tables


def _problems(drafted: api.DraftedReport) -> list[str]:
    """The problems as the clerk wrote them (a project's title with its text), a special fund's among them."""
    report = drafted.report
    texts = [f"{getattr(p, 'title', None) or ''}{p.text}{p.cause or ''}" for p in report.problems]
    if isinstance(report, DepartmentReport):
        texts += [fund.problems for fund in report.special_funds if fund.problems]
    return texts


def _measures(drafted: api.DraftedReport) -> list[str]:
    report = drafted.report
    texts = []
    for m in report.measures:
        points = getattr(m, "points", [])
        texts.append("".join([m.title or "", getattr(m, "text", None) or "", *points]))
    if isinstance(report, DepartmentReport):
        texts += [fund.improvements for fund in report.special_funds if fund.improvements]
    return texts


def _aspects(texts: list[str], std: Standard) -> set[str]:
    """The rubric's aspects the texts speak of, by the lexicon's words (as the checker tags them)."""
    return {
        aspect
        for text in texts
        for aspect, topics in std.lexicon.aspects.items()
        if any(word in text for words in topics.values() for word in words)
    }


def _without_cause(drafted: api.DraftedReport, std: Standard) -> int:
    """Problems the clerk gave no 原因 for, and whose own words state none (由于…, 导致…)."""
    report = drafted.report
    texts = [p.text for p in report.problems if not p.cause]
    if isinstance(report, DepartmentReport):
        texts += [fund.problems for fund in report.special_funds if fund.problems]
    return sum(1 for text in texts if not any(re.search(m, text) for m in std.lexicon.cause_markers))


def _unanswered_problems(drafted: api.DraftedReport) -> list[str]:
    """Problems no measure names in its 针对, when the measures name what they answer."""
    report = drafted.report
    answered = {a for m in report.measures for a in m.answers}
    if not answered:
        return []
    return [p.text for p in report.problems if p.id not in answered]


def input_accounts_for(finding: Finding, sample: Checked) -> bool:
    """Whether the input itself accounts for ``finding``: the draft says what the input says, and no more."""
    drafted, std, stated = sample.drafted, sample.std, sample.stated
    report = drafted.report
    indicators = [(t.name, i) for t in _tables(drafted) for i in t.indicators]
    rule = finding.rule
    if rule == "indicator.no_table":
        return not _tables(drafted)
    if rule == "attachment.missing":
        name = re.search(r"「(.+?)」", finding.message)
        assert name is not None
        if "基础数据表" in name.group(1):
            return isinstance(report, DepartmentReport) and report.basic_data is None
        if "部门整体支出绩效自评表" in name.group(1):
            return isinstance(report, DepartmentReport) and report.department_table is None
        return all(t.name not in name.group(1) for t in _tables(drafted))
    if rule == "indicator.vague_value":  # 「name：value」, as the clerk typed both
        name, _, value = finding.evidence.partition("：")
        return any(i.name == name and i.target_text.strip() == value for _, i in indicators)
    if rule == "indicator.lean":  # names the clerk gave twice, or to every project
        names = re.split(r"[、，]", finding.evidence)
        return all(any(i.name == n for _, i in indicators) for n in names)
    if rule == "indicator.irrelevant":  # 「质量指标：name（value）」
        found = re.match(r"(.+?)：(.+)（(.+)）$", finding.evidence)
        return found is not None and any(
            i.level2.value == found.group(1) and i.name == found.group(2) for _, i in indicators
        )
    if rule == "table.executed_above_budget":
        return any(
            t.funds.executed is not None and t.funds.budget is not None and t.funds.executed > t.funds.budget
            for t in _tables(drafted)
        )
    if rule == "problems.aspects":
        return {a for p in stated.problems for a in p.aspects} >= _aspects(_problems(drafted), std)
    if rule == "suggestions.aspects":
        return {a for s in stated.suggestions for a in s.aspects} >= _aspects(_measures(drafted), std)
    if rule in ("problems.too_simple", "suggestions.too_simple"):
        conf = std.rubric.problems if rule.startswith("problems") else std.rubric.suggestions
        texts = _problems(drafted) if rule.startswith("problems") else _measures(drafted)
        return len(texts) <= conf.simple_max_items or sum(len(t) for t in texts) < conf.simple_min_chars
    if rule == "problems.causes":  # exactly the problems the clerk gave no cause for
        lacking = sum(1 for p in stated.problems if not p.has_cause)
        return lacking == _without_cause(drafted, std)
    if rule == "suggestions.unanswered":
        quoted = finding.evidence.rstrip("…")
        return any(text.startswith(quoted[:20]) or quoted[:20] in text for text in _unanswered_problems(drafted))
    return False


STEMS = [sample.stem for sample in SAMPLES]


def test_there_are_samples():
    assert SAMPLES


@pytest.mark.parametrize("stem", STEMS)
def test_every_error_or_warning_is_one_the_input_accounts_for(checked, stem):
    sample = checked[stem]
    serious = [f for f in sample.result.findings if f.level in (Level.ERROR, Level.WARNING)]
    unexplained = [
        f"{f.level} {f.rule}: {f.message}（{f.section}）" for f in serious if not input_accounts_for(f, sample)
    ]
    assert not unexplained, "\n".join(unexplained)


@pytest.mark.parametrize("stem", STEMS)
def test_every_item_has_every_point_its_input_makes_possible(checked, stem):
    sample = checked[stem]
    for item in sample.result.items:
        if item.score is None or item.score == item.max:
            continue
        # the findings that cost it points: its own, or one for its whole group (没有绩效自评表 costs all five)
        costs = [f for f in sample.result.findings if f.points_lost and f.item and item.id.startswith(f.item)]
        assert costs, f"{item.name}：{item.basis}"
        unexplained = [f.message for f in costs if not input_accounts_for(f, sample)]
        assert not unexplained, f"{item.name}：{unexplained}"


@pytest.mark.parametrize("stem", STEMS)
def test_draft_has_no_defect_error(checked, stem):
    errors = [
        f"{f.rule}: {f.message}（{f.section}）"
        for f in checked[stem].result.findings
        if f.level == "error" and f.category in DEFECT_CATEGORIES
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("stem", STEMS)
def test_draft_body_has_full_marks(checked, stem):
    item = next(i for i in checked[stem].result.items if i.id == "自评报告.完整性.正文")
    assert item.score == 8, item.basis


def _has_tables(sample: Path) -> bool:
    # Only inputs with a 部门整体自评表, or a 项目支出 input whose projects have 自评表, get attached tables;
    # the others are not asked for 附件 marks.
    text = sample.read_text(encoding="utf-8")
    return "部门整体自评表" in text or ("格式: project" in text and "自评表:" in text)


@pytest.mark.parametrize("stem", [s.stem for s in SAMPLES if _has_tables(s)])
def test_draft_attachments_have_full_marks_when_the_input_has_the_tables(checked, stem):
    drafted, result = checked[stem].drafted, checked[stem].result
    tables = [a for a in drafted.blocks if isinstance(a, Table) and a.label]
    assert tables, "the input has 自评表 but the draft attaches none"
    if drafted.profile.kind == "project":  # one 项目支出绩效自评表 per project, each named in the 附件 list
        assert [p.name for p in drafted.figures.scored_projects] == [p.name for p in drafted.report.projects]
        assert len(tables) == len(drafted.report.projects)
    item = next(i for i in result.items if i.id == "自评报告.完整性.附件")
    missing = [f.message for f in result.findings if f.rule == "attachment.missing"]
    assert item.score == 7, f"{item.basis}：{missing}"


@pytest.mark.parametrize("stem", STEMS)
def test_every_cause_the_clerk_gave_is_read_as_a_cause(checked, stem):
    sample = checked[stem]
    problems = sample.stated.problems
    assert len(problems) == len(_problems(sample.drafted))
    lacking = [p.text[:30] for p in problems if not p.has_cause]
    assert len(lacking) == _without_cause(sample.drafted, sample.std), lacking


@pytest.mark.parametrize("stem", STEMS)
def test_no_problem_a_measure_names_in_its_针对_is_reported_unanswered(checked, stem):
    sample = checked[stem]
    report = sample.drafted.report
    named = [p.text[:15] for p in report.problems if any(p.id in m.answers for m in report.measures)]
    unanswered = [f.evidence for f in sample.result.findings if f.rule == "suggestions.unanswered"]
    assert not [text for text in unanswered if any(start in text for start in named)], unanswered


def test_a_measure_针对_the_second_problem_is_paired_with_it(checked):
    # seed 004: the first suggestion is 针对 ["2"], the next two 3 and 4: each is numbered apart from its problem
    sample = checked["huaihua_2024_project"]
    assert [m.answers for m in sample.drafted.report.measures][:3] == [["2"], ["3"], ["4"]]
    problems = {p.number: p for p in sample.stated.problems}
    suggestions = {s.number: s for s in sample.stated.suggestions}
    pairs = [(n, p) for n in suggestions for p in problems if _paired(problems[p], suggestions[n], sample.std)]
    assert {(1, 2), (2, 3), (3, 4)} <= set(pairs)


@pytest.mark.parametrize("stem", STEMS)
def test_quoted_evidence_has_no_doubled_punctuation(checked, stem):
    doubled = [
        f.evidence for f in checked[stem].result.findings if f.evidence and re.search(r"([；。，])\1", f.evidence)
    ]
    assert not doubled, doubled


# ---------------------------------------------------------------- the draft-then-check summary


def test_leaving_out_the_optional_basic_data_table_shows_its_cost(tmp_path, capsys):
    data = yaml.safe_load((ROOT / "sample_inputs" / "yueyang_2023.yaml").read_text(encoding="utf-8"))
    del data["基础数据表"]
    source = tmp_path / "无基础数据表.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["draft", str(source), "-o", str(tmp_path / "报告.docx")]) == 0
    printed = capsys.readouterr().out
    assert "未生成的附件（输入文件中没有相应数据）：\n" in printed
    assert "  - 「部门整体支出绩效评价基础数据表」：失2分；在输入文件中填写「基础数据表」即可生成\n" in printed


def test_a_complete_input_lists_no_missing_attachment(tmp_path, capsys):
    assert main(["draft", str(ROOT / "sample_inputs" / "yueyang_2023.yaml"), "-o", str(tmp_path / "报告.docx")]) == 0
    assert "未生成的附件" not in capsys.readouterr().out


# ---------------------------------------------------------------- the lexicon reads the draft's phrasing


@pytest.mark.parametrize(("number", "paired"), [(1, True), (2, False), (3, True)])
def test_a_measure_naming_several_problems_is_paired_with_each(number, paired):
    from types import SimpleNamespace

    from reportgen.check.rubric import Item
    from reportgen.render.environment import answers_lead
    from reportgen.rubrics import load_standard

    problems = [SimpleNamespace(id=str(n)) for n in (1, 2, 3)]
    lead = answers_lead(SimpleNamespace(answers=["1", "3"]), problems, 2)
    assert lead == "针对上述第一个问题、第三个问题，"
    measure = Item(f"{lead}加强绩效目标管理。", "四、下一步改进措施", number=2, group="四、下一步改进措施")
    problem = Item("问题", "三、存在的主要问题", number=number, group="三、存在的主要问题")
    assert _paired(problem, measure, load_standard()) is paired
