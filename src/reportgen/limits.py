"""Resource limits against hostile or accidental input, each a constant in one place.

A real report or input file is far below every one of them; a file past one is refused with a Chinese
message naming the limit, before the work that the limit protects begins.
"""

from __future__ import annotations

MB = 1024 * 1024

#: A report file given to ``reportgen check`` (.docx, .pdf, .txt, .md).
MAX_REPORT_BYTES = 50 * MB
#: The text of a report to parse (characters): about 1,000 pages.
MAX_REPORT_CHARS = 2_000_000
#: A .docx unpacked: all its parts together, and how much more they may take than the packed file.
MAX_DOCX_UNPACKED_BYTES = 200 * MB
MAX_DOCX_COMPRESSION_RATIO = 100
#: Pages of a PDF report.
MAX_PDF_PAGES = 500
#: A YAML/JSON/xlsx input or evidence file.
MAX_INPUT_BYTES = 20 * MB
#: A file uploaded to the web page (``reportgen serve --max-upload-mb`` changes it), and files in one upload.
MAX_UPLOAD_BYTES = 20 * MB
MAX_UPLOAD_FILES = 200
#: Years an evidence date may fall in (a deadline or a submission date).
EVIDENCE_YEARS = (2000, 2100)


def size_text(size: int) -> str:
    """A file size for a message: ``52.3 MB``.

    >>> size_text(52_428_800), size_text(2048)
    ('50.0 MB', '0.0 MB')
    """
    return f"{size / MB:.1f} MB"
