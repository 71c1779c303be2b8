"""A real Chinese PDF (the haizhu draft exported by LibreOffice) is read and graded like its .docx."""

from __future__ import annotations

import pytest

from paths import ROOT, SAMPLES
from reportgen import api
from reportgen.check import check_file

PDF = ROOT / "tests" / "fixtures" / "haizhu_2023_draft.pdf"  # exported from `reportgen draft` output


@pytest.fixture(scope="module")
def from_pdf():
    return check_file(PDF)


@pytest.fixture(scope="module")
def from_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "haizhu.docx"
    api.save(api.draft(SAMPLES / "haizhu_2023.yaml"), path, "docx")
    return check_file(path)


def test_pdf_profile_is_detected(from_pdf):
    assert (from_pdf.profile, from_pdf.kind) == ("guangdong", "部门整体支出")


def test_pdf_grades_like_the_docx(from_pdf, from_docx):
    assert [(i.id, i.score) for i in from_pdf.items] == [(i.id, i.score) for i in from_docx.items]


def test_pdf_page_numbers_and_line_breaks_do_not_become_defects(from_pdf):
    defects = [
        f.message
        for f in from_pdf.findings
        if f.level == "error" and f.category in ("numbering", "typo", "section_empty", "section_missing", "arithmetic")
    ]
    assert defects == []
