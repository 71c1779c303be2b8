"""Our own drafts, checked: every sample input drafts into a report the checker finds no defect in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen import api
from reportgen.check import CheckResult, check_file
from reportgen.check.model import DEFECT_CATEGORIES
from reportgen.render.blocks import Table

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_inputs").glob("*.yaml"))
# A sample whose own data still holds a real defect: (sample stem, test) → why. Only that one case is xfail.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, tuple[api.Draft, CheckResult]]:
    """Draft and check each sample once for the whole module (drafting is the slow part)."""
    folder = tmp_path_factory.mktemp("drafts")
    found = {}
    for sample in SAMPLES:
        drafted = api.draft(sample)
        path = api.save(drafted, folder / f"{sample.stem}.docx", "docx")
        found[sample.stem] = (drafted, check_file(path))
    return found


def _has_tables(sample) -> bool:
    # Only inputs with a 部门整体自评表, or a 项目支出 input whose projects have 自评表, get attached tables;
    # the others are not asked for 附件 marks.
    text = sample.read_text(encoding="utf-8")
    return "部门整体自评表" in text or ("格式: project" in text and "自评表:" in text)


def _cases(test: str) -> list:
    cases = []
    for sample in SAMPLES:
        if test == "attachments" and not _has_tables(sample):
            continue
        reason = KNOWN_DEFECTS.get((sample.stem, test))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(sample.stem, id=sample.stem, marks=marks))
    return cases


def test_there_are_samples():
    assert SAMPLES


@pytest.mark.parametrize("stem", _cases("defects"))
def test_draft_has_no_defect_error(checked, stem):
    _, result = checked[stem]
    errors = [
        f"{f.rule}: {f.message}（{f.section}）"
        for f in result.findings
        if f.level == "error" and f.category in DEFECT_CATEGORIES
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("stem", _cases("body"))
def test_draft_body_has_full_marks(checked, stem):
    _, result = checked[stem]
    item = next(i for i in result.items if i.id == "自评报告.完整性.正文")
    assert item.score == 8, item.basis


@pytest.mark.parametrize("stem", _cases("attachments"))
def test_draft_attachments_have_full_marks_when_the_input_has_the_tables(checked, stem):
    drafted, result = checked[stem]
    tables = [a for a in drafted.blocks if isinstance(a, Table) and a.label]
    assert tables, "the input has 自评表 but the draft attaches none"
    if drafted.profile.kind == "project":  # one 项目支出绩效自评表 per project, each named in the 附件 list
        assert [p.name for p in drafted.figures.scored_projects] == [p.name for p in drafted.report.projects]
        assert len(tables) == len(drafted.report.projects)
    item = next(i for i in result.items if i.id == "自评报告.完整性.附件")
    missing = [f.message for f in result.findings if f.rule == "attachment.missing"]
    assert item.score == 7, f"{item.basis}：{missing}"


@pytest.mark.parametrize("stem", _cases("evidence"))
def test_quoted_evidence_has_no_doubled_punctuation(checked, stem):
    _, result = checked[stem]
    doubled = [f.evidence for f in result.findings if f.evidence and re.search(r"([；。，])\1", f.evidence)]
    assert not doubled, doubled
