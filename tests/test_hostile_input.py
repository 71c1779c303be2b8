"""Hostile and accidental inputs to ``draft``, ``validate`` and ``convert``: typed text stays text, every bad file
gets a Chinese message naming the file and field with exit 2, no traceback, no hang, no file left behind."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from paths import SAMPLES
from reportgen import api
from reportgen.load import read_data, to_yaml
from reportgen.render.blocks import Heading, PageBreak, Paragraph, Table, escape_text, parse_blocks

PROJECT = SAMPLES / "huaihua_2024_project.yaml"
DEPARTMENT = SAMPLES / "haizhu_2023.yaml"


def sample_data(path: Path) -> dict[str, Any]:
    data, _ = read_data(path)
    return copy.deepcopy(data)


def write_input(folder: Path, data: dict[str, Any], name: str = "输入.yaml") -> Path:
    path = folder / name
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------- typed markup stays text

MARKUP = ["# 假标题", "#### 四级标题", "+ 假条目", "- 假列表", "@pagebreak", "@table funding", "@title 假题目", "@别的"]


@pytest.mark.parametrize("typed", MARKUP)
def test_escaped_text_is_one_paragraph_as_typed(typed):
    assert parse_blocks(escape_text(typed)) == [Paragraph(typed)]


def test_escaping_twice_changes_nothing():
    # A macro's output is written by {{ }} once more; text inside it must come out as typed all the same.
    assert parse_blocks(escape_text(escape_text("- 甲\n+ 乙"))) == [Paragraph("- 甲"), Paragraph("+ 乙")]


def test_template_markup_around_escaped_text_still_works():
    markup = f"# {escape_text('# 甲')}\n+ {escape_text('@table x')}\n@right {escape_text('- 丙')}\n"
    heading, item, right = parse_blocks(markup)
    assert heading == Heading(1, "一、", "# 甲")
    assert item == Paragraph("（1）@table x")
    assert right == Paragraph("- 丙", align="right")


def _structure(draft: api.DraftedReport) -> list[str]:
    return [
        b.full_text if isinstance(b, Heading) else type(b).__name__
        for b in draft.blocks
        if isinstance(b, Heading | PageBreak | Table)
    ]


@pytest.fixture(scope="module")
def project_structure() -> list[str]:
    return _structure(api.draft(PROJECT))


def test_markup_typed_in_a_project_field_appears_literally(tmp_path, project_structure):
    data = sample_data(PROJECT)
    data["项目基本情况"]["立项依据"] = [*MARKUP, "最后一段"]
    drafted = api.draft(write_input(tmp_path, data))
    assert _structure(drafted) == project_structure  # no heading, item, page break or table was added
    texts = [b.text for b in drafted.blocks if isinstance(b, Paragraph)]
    for typed in MARKUP:
        assert any(text.startswith(typed) for text in texts), typed
    docx_text = [p.text for p in Document(str(api.save(drafted, tmp_path / "r.docx", "docx"))).paragraphs]
    markdown = api.save(drafted, tmp_path / "r.md", "md").read_text(encoding="utf-8").splitlines()
    for typed in MARKUP:
        assert any(p.startswith(typed) for p in docx_text), typed
        assert any(line.startswith(typed) for line in markdown), typed


def test_markup_typed_in_a_department_problem_appears_literally(tmp_path):
    data = sample_data(DEPARTMENT)
    before = _structure(api.draft(DEPARTMENT))
    data["问题"][0]["内容"] = "@pagebreak"
    data["主要职能"][0] = "# 不是标题"
    drafted = api.draft(write_input(tmp_path, data))
    assert _structure(drafted) == before
    texts = [b.text for b in drafted.blocks if isinstance(b, Paragraph)]
    assert any("@pagebreak" in text for text in texts)
    assert any("# 不是标题" in text for text in texts)
