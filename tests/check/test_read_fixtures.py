"""The made-up 青禾县图书馆 report (tests/fixtures/make_fixtures.py) read from every shape it is committed in: Word
list numbering rendered, tables with their rows and cells, page marks dropped and small cells kept, the 目录
skipped, the run-in heading split."""

from __future__ import annotations

import sys

import pytest

from paths import FIXTURES
from reportgen.check.model import Paragraph, TableBlock
from reportgen.check.read import read_draft

sys.path.insert(0, str(FIXTURES))
import make_fixtures as fx

SHAPES = ["library_numbered.docx", "library_numbered.pdf", "library_cells.txt", "library_flat.txt"]


@pytest.fixture(scope="module")
def read() -> dict[str, list]:
    return {name: read_draft(FIXTURES / name) for name in SHAPES}


def _expected_paragraphs() -> list[str]:
    out: list[str] = []
    for part in fx.typed_paragraphs():
        if isinstance(part, str):
            # the heading written with its text run in is read as the heading and a paragraph
            out.extend(part.split("。", 1) if part.startswith("（一）自评结论。") else [part])
    return out


def _paragraphs(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def _tables(blocks) -> list[TableBlock]:
    return [b for b in blocks if isinstance(b, TableBlock)]


@pytest.mark.parametrize("name", SHAPES)
def test_paragraphs_read_as_a_reader_sees_them(read, name):
    assert _paragraphs(read[name]) == _expected_paragraphs()


@pytest.mark.parametrize("name", SHAPES)
def test_funds_table_rows_and_cells(read, name):
    assert _tables(read[name])[0].rows == fx.FUNDS.rows  # 0, 46, 100 are cells, not page numbers


@pytest.mark.parametrize("name", SHAPES)
def test_indicator_table_rows_and_cells(read, name):
    rows = _tables(read[name])[1].rows
    assert rows[:-1] == fx.INDICATORS.rows[:-1]
    assert [c for i, c in enumerate(rows[-1]) if i == 0 or c != "总分"] == ["总分", "100", "98.76"]


@pytest.mark.parametrize("name", SHAPES)
def test_merged_indicator_cells_are_marked(read, name):
    assert fx.INDICATORS.merged_down <= _tables(read[name])[1].merged


@pytest.mark.parametrize("name", SHAPES)
def test_table_of_contents_is_skipped(read, name):
    texts = _paragraphs(read[name])
    assert not [t for t in texts if t.replace(" ", "") == "目录" or t[-1:].isdigit()]
    assert texts.count("一、部门基本情况") == 1


@pytest.mark.parametrize("name", ["library_numbered.docx", "library_numbered.pdf"])
def test_word_list_numbering_gives_the_labels(read, name):
    texts = _paragraphs(read[name])
    labels = ["一、部门基本情况", "（三）部门整体收支情况", "2.绩效运行监控开展情况"]
    labels.append("（3）指导乡镇综合文化站图书室的业务工作。")
    assert [label for label in labels if label in texts] == labels
    # the second （1）（2） list restarts at 1 (a startOverride), it does not go on from （3）
    assert "（1）县财政局批复的年度预算和决算报表。" in texts


def test_heading_styles_give_levels(read):
    levels = {b.text: b.style_level for b in read["library_numbered.docx"] if isinstance(b, Paragraph)}
    assert (levels["一、部门基本情况"], levels["（一）部门职能"], levels["1.绩效目标设定"]) == (1, 2, 3)


def test_page_marks_are_dropped(read):
    assert not [t for t in _paragraphs(read["library_cells.txt"]) if "—" in t and t.strip("— 0123456789") == ""]


def test_glyphs_of_other_sizes_stay_in_their_place():
    (text,) = _paragraphs(read_draft(FIXTURES / "mixed_sizes.pdf"))
    assert text == "".join(part for part, _size in fx.MIXED_SIZES)


@pytest.mark.parametrize(("name", "make"), [("library_cells.txt", fx.cells_text), ("library_flat.txt", fx.flat_text)])
def test_text_fixtures_are_what_the_script_makes(name, make):
    assert (FIXTURES / name).read_text(encoding="utf-8") == make()
