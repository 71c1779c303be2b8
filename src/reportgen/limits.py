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
#: Seconds one report of a batch may take to check: a real one takes under a second (a unit with 1,000 projects about
#: 2 s on a 2-core machine); a file crafted to be slow (one sentence of thousands of figures) becomes a row saying so,
#: and the batch goes on.
MAX_CHECK_SECONDS = 60
#: A .docx unpacked: all its parts together, and how much more they may take than the packed file.
MAX_DOCX_UNPACKED_BYTES = 200 * MB
MAX_DOCX_COMPRESSION_RATIO = 100
#: Pages of a PDF report.
MAX_PDF_PAGES = 500
#: A YAML/JSON/xlsx input or evidence file (a real one is under 100 KB), checked before it is read.
MAX_INPUT_BYTES = 5 * MB
#: A fill-in workbook (.xlsx) unpacked, and how much more its parts may take than the packed file: checked
#: before the workbook is opened. The samples unpack to about 0.25 MB; a workbook Excel has saved with many
#: styles, or a unit with hundreds of projects, may take a few MB, so the limit leaves room for 40 times the largest
#: sample (openpyxl reads about 2 MB a second: a workbook at the limit takes a few seconds, not minutes).
MAX_WORKBOOK_UNPACKED_BYTES = 10 * MB
MAX_WORKBOOK_COMPRESSION_RATIO = 100
#: A file uploaded to the web page (``reportgen serve --max-upload-mb`` changes it), and files in one upload.
MAX_UPLOAD_BYTES = 20 * MB
MAX_UPLOAD_FILES = 200
#: All the files of one upload together (a batch of reports to check; never less than one file's limit): 200 reports
#: of a typical 1 MB, and what the web page holds on disk for one request.
MAX_UPLOAD_TOTAL_BYTES = 200 * MB
#: Values and lists in an input, YAML aliases expanded: a YAML alias bomb is refused after this many, without being
#: expanded. The largest sample has under 2,000; a unit with 1,000 projects (the size issue 11 drafts) has about
#: 92,000, which must still draft.
MAX_INPUT_NODES = 200_000
#: Levels of nesting in an input (the deepest real field, 项目[i].自评表.指标[j].分值, is 6 levels down); deeper
#: YAML or JSON is refused before any recursive step reads it.
MAX_INPUT_DEPTH = 32
#: Characters of one text of an input (about 13 pages); a longer one is a pasted file, not a field.
MAX_TEXT_CHARS = 20_000
#: The magnitude every number of an input stays below: an amount in 万元 (10¹² 万元 is far beyond any
#: budget), a score, an area or a count. Larger numbers are refused before any arithmetic.
MAX_NUMBER = 10**12
#: Decimal places an input number keeps (0.000001 万元 is 0.01 元); more are rounded half-up, so that no rate
#: divides by a vanishing amount.
MAX_DECIMAL_PLACES = 6
#: Bytes of a default output file name (most file systems allow 255; a temporary name adds a few more).
MAX_FILE_NAME_BYTES = 200
#: Years an evidence date may fall in (a deadline or a submission date).
EVIDENCE_YEARS = (2000, 2100)


def size_text(size: int) -> str:
    """A file size for a message: ``52.3 MB``.

    >>> size_text(52_428_800), size_text(2048)
    ('50.0 MB', '0.0 MB')
    """
    return f"{size / MB:.1f} MB"
