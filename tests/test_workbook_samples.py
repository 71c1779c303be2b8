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
    assert [n.message for n in from_workbook.notes] == [n.message for n in from_yaml.notes]
