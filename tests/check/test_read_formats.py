"""One report, every shape it reaches us in: each sample draft grades the same (±1) and raises the same kinds of
defect whether checked as the .docx, as that .docx with Word list numbering instead of typed numerals, as the
PDF LibreOffice makes of it, as the text LibreOffice saves it as, and as our own Markdown.

Each sample is drafted once for the module and LibreOffice converts all of them in two calls.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from paths import FIXTURES, SAMPLES
from reportgen import api
from reportgen.check import CheckResult, check_file
from reportgen.check.docx_read import read_docx
from reportgen.check.model import DEFECT_CATEGORIES, Paragraph

sys.path.insert(0, str(FIXTURES))
from make_fixtures import retype_with_list_numbering

STEMS = sorted(p.stem for p in SAMPLES.glob("*.yaml"))


def _chinese_font() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (without one LibreOffice's PDF has no Chinese text)."""
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


SOFFICE = (shutil.which("soffice") or shutil.which("libreoffice")) if _chinese_font() else None
NO_SOFFICE = (
    "LibreOffice with a Chinese font is not installed: apt-get install -y libreoffice-writer-nogui fonts-wqy-zenhei"
)
# (format, what it needs LibreOffice for)
FORMATS = [("list-numbering.docx", False), ("md", False), ("pdf", True), ("txt", True)]


def _convert(files: list[Path], to: str, folder: Path) -> None:
    """LibreOffice converts ``files`` in one run, with a profile of its own (another soffice may be running)."""
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def shapes(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """For every sample: its draft as .docx, .docx with list numbering, .md, and (with LibreOffice) .pdf, .txt."""
    folder = tmp_path_factory.mktemp("shapes")
    found: dict[str, dict[str, Path]] = {}
    for stem in STEMS:
        drafted = api.draft(SAMPLES / f"{stem}.yaml")
        docx = api.save(drafted, folder / f"{stem}.docx", "docx")
        listed = folder / f"{stem}.list-numbering.docx"
        retype_with_list_numbering(docx, listed)
        markdown = api.save(drafted, folder / f"{stem}.md", "md")
        found[stem] = {"docx": docx, "list-numbering.docx": listed, "md": markdown}
    if SOFFICE:
        docxs = [found[stem]["docx"] for stem in STEMS]
        _convert(docxs, "pdf", folder)
        _convert(docxs, "txt:Text (encoded):UTF8", folder)
        for stem in STEMS:
            found[stem]["pdf"] = folder / f"{stem}.pdf"
            found[stem]["txt"] = folder / f"{stem}.txt"
    return found


@pytest.fixture(scope="module")
def checked(shapes) -> dict[tuple[str, str], CheckResult]:
    return {(stem, shape): check_file(path) for stem, paths in shapes.items() for shape, path in paths.items()}


def _defect_kinds(result: CheckResult) -> set[str]:
    return {str(f.category) for f in result.findings if f.category in DEFECT_CATEGORIES and f.level != "info"}


def _cases():
    for stem in STEMS:
        for shape, needs_soffice in FORMATS:
            marks = [pytest.mark.skip(reason=NO_SOFFICE)] if needs_soffice and not SOFFICE else []
            yield pytest.param(stem, shape, id=f"{stem}-{shape}", marks=marks)


@pytest.mark.parametrize(("stem", "shape"), list(_cases()))
def test_same_score_in_every_shape(checked, stem, shape):
    docx, other = checked[(stem, "docx")], checked[(stem, shape)]
    assert abs(other.total - docx.total) <= Decimal(1), {
        i.id: (i.score, j.score) for i, j in zip(docx.items, other.items, strict=True) if i.score != j.score
    }


@pytest.mark.parametrize(("stem", "shape"), list(_cases()))
def test_same_defect_kinds_in_every_shape(checked, stem, shape):
    assert _defect_kinds(checked[(stem, shape)]) == _defect_kinds(checked[(stem, "docx")])


@pytest.mark.parametrize(("stem", "shape"), list(_cases()))
def test_same_profile_and_kind_in_every_shape(checked, stem, shape):
    docx, other = checked[(stem, "docx")], checked[(stem, shape)]
    assert (other.profile, other.kind, other.unit, other.year) == (docx.profile, docx.kind, docx.unit, docx.year)


@pytest.mark.parametrize("stem", STEMS)
def test_list_numbering_reads_as_the_typed_numerals(shapes, stem):
    typed = [b.text for b in read_docx(shapes[stem]["docx"]) if isinstance(b, Paragraph)]
    numbered = [b.text for b in read_docx(shapes[stem]["list-numbering.docx"]) if isinstance(b, Paragraph)]
    assert numbered == typed
