"""Every sample ships as a workbook too: YAML → workbook → model is YAML → model, and both draft the same text."""

from __future__ import annotations

import pytest

from paths import SAMPLES
from reportgen import api

STEMS = sorted(path.stem for path in SAMPLES.glob("*.yaml"))


def test_every_sample_has_its_workbook():
    assert sorted(path.stem for path in SAMPLES.glob("*.xlsx")) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_yaml_to_workbook_to_model_is_yaml_to_model(stem, tmp_path):
    workbook = api.convert(SAMPLES / f"{stem}.yaml", tmp_path / f"{stem}.xlsx")
    from_yaml, profile, _ = api.load_input(SAMPLES / f"{stem}.yaml")
    from_workbook, profile_again, _ = api.load_input(workbook)
    assert from_workbook == from_yaml
    assert profile_again.name == profile.name


@pytest.mark.parametrize("stem", STEMS)
def test_the_shipped_workbook_drafts_what_the_yaml_drafts(stem):
    # Also proves sample_inputs/*.xlsx are up to date: regenerate them with
    # `reportgen convert sample_inputs/<stem>.yaml -o sample_inputs/<stem>.xlsx --force`.
    from_yaml = api.draft(SAMPLES / f"{stem}.yaml")
    from_workbook = api.draft(SAMPLES / f"{stem}.xlsx")
    assert from_workbook.report == from_yaml.report
    assert from_workbook.markdown() == from_yaml.markdown()
    # The same notes about the same fields; their messages name cells instead of field paths (next test).
    assert [(n.rule, n.level, n.fields) for n in from_workbook.notes] == [
        (n.rule, n.level, n.fields) for n in from_yaml.notes
    ]


def test_notes_of_a_workbook_name_its_cells_not_field_paths():
    """A clerk who filled the workbook is told which sheet and row to look at; the YAML twin keeps field paths."""
    from_workbook = [note.message for note in api.draft(SAMPLES / "yueyang_2023.xlsx").notes]
    from_yaml = [note.message for note in api.draft(SAMPLES / "yueyang_2023.yaml").notes]
    assert len(from_workbook) == len(from_yaml) > 0
    assert not any("支出.项目支出" in message for message in from_workbook)
    assert any("在「自评表」表第6行「资金」中为158.50万元，在「项目」表第5行中为160.00万元" in m for m in from_workbook)
    assert any("「支出」表第18行 B列「合计」1051.31万元" in message for message in from_workbook)
    assert any("在「支出.项目支出.项目[3].自评表.资金」中为158.50万元" in message for message in from_yaml)
