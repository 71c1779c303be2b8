"""The fixtures every sample's tests share: its draft, and that draft saved and reopened as .docx."""

from __future__ import annotations

import pytest
from docx import Document

from paths import SAMPLES
from reportgen import api
from reportgen.render.blocks import Heading


def sample_fixtures(stem: str):
    """Module-scoped ``draft`` and ``document`` fixtures for ``sample_inputs/<stem>.yaml``.

    Use as ``draft, document = sample_fixtures("haizhu_2023")`` at module level; drafting is the
    slow part, so each sample is drafted once per test module.
    """

    @pytest.fixture(scope="module")
    def draft() -> api.DraftedReport:
        return api.draft(SAMPLES / f"{stem}.yaml")

    @pytest.fixture(scope="module")
    def document(draft, tmp_path_factory):
        path = tmp_path_factory.mktemp(stem) / "report.docx"
        api.save(draft, path, "docx")
        return Document(str(path))

    return draft, document


def headings(draft: api.DraftedReport) -> list[str]:
    """Every heading of the draft with its numeral, in order."""
    return [b.full_text for b in draft.blocks if isinstance(b, Heading)]
