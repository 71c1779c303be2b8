"""Every sample's draft passes our own check (issue 15): saved as .docx and read back by ``reportgen check``, it has
no error- or warning-level finding in any category, and full marks on every 附件5 item its input makes possible.

The only items a draft cannot earn from its input are the four that are judged on evidence of how the self-evaluation
was organised (附件5 布置工作 and 实施评价: the notice, the working group, the units' self-checks, the date the report
was handed in). A report input holds none of that; it is given to ``reportgen check --evidence`` on its own, and
without it the checker leaves those items unmarked ("未评") rather than scoring them. Every other item must be full.
"""

from __future__ import annotations

import pytest

from paths import SAMPLES
from reportgen import api
from reportgen.check import CheckResult, check_file
from reportgen.findings import Level

STEMS = sorted(path.stem for path in SAMPLES.glob("*.yaml"))

# 附件5 items the input cannot make possible, and why: they are marked from --evidence, never from the report.
NOT_FROM_THE_INPUT = {
    "布置工作.自评通知": "whether the self-evaluation notice was issued with its six elements is evidence, not report text",
    "布置工作.工作小组": "whether a working group was set up is evidence, not report text",
    "实施评价.单位自查": "which units skipped their self-check is evidence, not report text",
    "实施评价.提交报告": "the date the report was handed in is evidence, not report text",
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, CheckResult]:
    """Each sample drafted once, saved as .docx and checked as a clerk would check it."""
    folder = tmp_path_factory.mktemp("checked")
    return {
        stem: check_file(api.save(api.draft(SAMPLES / f"{stem}.yaml"), folder / f"{stem}.docx", "docx"))
        for stem in STEMS
    }


def test_every_sample_is_checked():
    assert STEMS == ["guangzhou_center_2021", "haizhu_2023", "huaihua_2024_project", "nanchang_2022", "yueyang_2023"]


@pytest.mark.parametrize("stem", STEMS)
def test_no_error_or_warning(checked, stem):
    serious = [
        f"{f.level} {f.rule}（{f.category}）: {f.message} | {f.evidence}"
        for f in checked[stem].findings
        if f.level in (Level.ERROR, Level.WARNING)
    ]
    assert serious == []


@pytest.mark.parametrize("stem", STEMS)
def test_full_marks_on_every_item_the_input_makes_possible(checked, stem):
    short = [
        f"{item.id}: {item.score}/{item.max}（{item.basis}）"
        for item in checked[stem].items
        if item.id not in NOT_FROM_THE_INPUT and item.score != item.max
    ]
    assert short == []


@pytest.mark.parametrize("stem", STEMS)
def test_only_the_evidence_items_are_left_unmarked(checked, stem):
    unmarked = {item.id for item in checked[stem].items if item.score is None}
    assert unmarked == set(NOT_FROM_THE_INPUT)
    assert all(item.status == "not_assessable" for item in checked[stem].items if item.id in NOT_FROM_THE_INPUT)


@pytest.mark.parametrize("stem", STEMS)
def test_the_report_scores_every_point_it_can(checked, stem):
    result = checked[stem]
    assessable = [item for item in result.items if item.id not in NOT_FROM_THE_INPUT]
    assert result.total == result.max == sum(item.max for item in assessable) == 70
