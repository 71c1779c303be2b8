"""The drafts as printed: LibreOffice lays each sample's .docx out as a PDF, read back page by page.

``make pages`` runs this file: every sample is drafted into ``out/pages/<sample>.docx``, converted to
``<sample>.pdf`` and rendered to ``<sample>/page-01.png`` …, and the layout faults found are listed.
``tests/test_pages.py`` uses the same functions to assert that no sample has any.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"

_PAGE_NUMBER_RE = re.compile(r"^—\s*\d+\s*—$")
# What a signature block under a table is made of: the 填表人 line and the 说明 above it.
_SIGNATURE_RE = re.compile(r"填表人|填报日期|联系电话|单位负责人|^说明：")


def soffice() -> str | None:
    """LibreOffice, when it is installed together with a font that has Chinese glyphs (else its PDF is empty)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None or shutil.which("fc-list") is None:
        return None
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return found if fonts.stdout.strip() else None


def to_pdf(docxs: list[Path], folder: Path) -> list[Path]:
    """LibreOffice converts ``docxs`` in one run, with a profile of its own (another soffice may be running)."""
    office = soffice()
    if office is None:
        raise RuntimeError("需要 LibreOffice 和中文字体：apt-get install -y libreoffice-writer-nogui fonts-wqy-zenhei")
    folder = folder.resolve()  # the profile must be an absolute file URL, or soffice waits for ever
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, docxs),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return [folder / f"{docx.stem}.pdf" for docx in docxs]


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, the page number (— 3 —) left out."""
    with pdfplumber.open(pdf) as document:
        pages = [(page.extract_text() or "").splitlines() for page in document.pages]
    return [
        [line.strip() for line in lines if line.strip() and not _PAGE_NUMBER_RE.match(line.strip())] for lines in pages
    ]


def page_numbers(pdf: Path) -> list[str | None]:
    """The page number printed on each page (``— 1 —`` → ``1``), or None."""
    with pdfplumber.open(pdf) as document:
        texts = [(page.extract_text() or "").splitlines() for page in document.pages]
    found = []
    for lines in texts:
        numbers = [line.strip("— ") for line in lines if _PAGE_NUMBER_RE.match(line.strip())]
        found.append(numbers[-1] if numbers else None)
    return found


def layout_faults(pages: list[list[str]]) -> list[str]:
    """What a reader would have to fix by hand: a blank page, a page that holds only a signature line."""
    faults = []
    for number, lines in enumerate(pages, start=1):
        if not lines:
            faults.append(f"第{number}页是空白页")
        elif all(_SIGNATURE_RE.search(line) for line in lines):
            faults.append(f"第{number}页只有签字栏：{lines[-1]}")
    return faults


def render(pdf: Path, folder: Path, *, resolution: int = 80) -> list[Path]:
    """Each page of ``pdf`` as ``folder/page-01.png`` …"""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            path = folder / f"page-{number:02d}.png"
            page.to_image(resolution=resolution).save(path)
            written.append(path)
    return written


def main(argv: list[str]) -> int:
    """``python tests/pages.py OUT [SAMPLE …]``: draft, convert and render every sample (or those named)."""
    from reportgen import api

    out = Path(argv[0]) if argv else ROOT / "out" / "pages"
    out.mkdir(parents=True, exist_ok=True)
    stems = argv[1:] or sorted(p.stem for p in SAMPLES.glob("*.yaml"))
    docxs = [api.save(api.draft(SAMPLES / f"{stem}.yaml"), out / f"{stem}.docx", "docx") for stem in stems]
    status = 0
    for pdf in to_pdf(docxs, out):
        images = render(pdf, out / pdf.stem)
        faults = layout_faults(page_lines(pdf))
        print(f"{pdf.stem}：{len(images)} 页 → {out / pdf.stem}/" + ("" if faults else "，版面无问题"))
        for fault in faults:
            print(f"  - {fault}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
