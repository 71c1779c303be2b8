"""Read a draft (.docx, .pdf, .txt, .md) into normalised paragraphs and tables, in document order."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportgen.check.model import Block, Paragraph, TableBlock
from reportgen.errors import DraftReadError

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
SUFFIXES = (".docx", ".pdf", *TEXT_SUFFIXES)

# Lines that are never report text: page numbers, web-page chrome, Word bookmarks.
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[—–\-－─]+\s*\d{1,3}\s*[—–\-－─]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$"
)
_CHROME_RE = re.compile(
    r"(您所在的位置|当前位置[:：]|^\s*发布时间|Copyright|版权所有|ICP备|网站备案|网站标识码|邮政编码[:：]"
    r"|\[清空缓存\]|打印本页|关闭窗口|分享到[:：]|【字体|字号[:：]\s*[大中小]|浏览次数|^\s*来源\s*[:：])",
    re.IGNORECASE,
)
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_TERMINAL = "。！？；：”’」』…!?;:"
# A line that starts a new paragraph even when the line before it looks unfinished.
_PARA_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|\d{1,2}[）)]|[①-⑳]|附件|[一二三四五六七八九十]是)"
)
_FULLWIDTH = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "：": ":",
        "，": ",",
        "；": ";",
        "．": ".",
        "％": "%",
        "！": "!",
        "？": "?",
        "　": " ",
        "＜": "<",
        "＞": ">",
        "＝": "=",
    }
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Text for matching: NFKC (full-width digits and letters to ASCII), unified punctuation, no spaces.

    >>> fold("（一）部门 整体收支情况：１２％")
    '(一)部门整体收支情况:12%'
    """
    text = unicodedata.normalize("NFKC", text).translate(_FULLWIDTH)
    return re.sub(r"\s+", "", text)


def read_draft(path: str | Path) -> list[Block]:
    """The draft's paragraphs and tables; :class:`DraftReadError` with a Chinese message when unusable."""
    path = Path(path)
    if not path.exists():
        raise DraftReadError(f"找不到文件：{path}")
    if path.is_dir():
        raise DraftReadError(f"{path} 是一个文件夹，请给出报告文件")
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise DraftReadError(f"{path.name} 是旧版 Word（.doc）文件，请在 Word/WPS 中「另存为」.docx 后再检查")
    if suffix not in SUFFIXES:
        raise DraftReadError(
            f"不支持的文件类型「{suffix or '无扩展名'}」：{path.name}；请提供 .docx、.pdf、.txt 或 .md 文件"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftReadError(f"无法读取 {path}（{exc.strerror}）") from None
    if not data.strip():
        raise DraftReadError(f"{path.name} 是空文件，没有可检查的内容")
    if suffix == ".docx":
        from reportgen.check.docx_read import read_docx

        blocks = read_docx(path)
    elif suffix == ".pdf":
        blocks = read_text(_pdf_text(path))
    else:
        text = _decode(data, path.name)
        blocks = read_text(text, markdown=suffix in (".md", ".markdown"))
    _require_report(blocks, path.name)
    return blocks


_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def _require_report(blocks: list[Block], name: str) -> None:
    text = "".join(b.text for b in blocks if isinstance(b, Paragraph))
    text += "".join("".join(c for row in b.rows for c in row) for b in blocks if isinstance(b, TableBlock))
    cjk = len(_CJK_RE.findall(text))
    if cjk < 30:
        raise DraftReadError(f"{name} 中几乎没有中文文字（{cjk} 个汉字），无法作为绩效自评报告检查")
    if not re.search(r"绩效|自评|预算|支出|评价", text):
        raise DraftReadError(f"{name} 看起来不是绩效自评报告（没有出现「绩效」「预算」「支出」等字样）")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
        if controls > max(3, len(text) // 100):
            break
        return text
    raise DraftReadError(f"{name} 不是文本文件（可能是二进制或已损坏），无法读取；请提供 .docx、.pdf 或 UTF-8 文本")


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise DraftReadError("读取 PDF 需要 pypdf，请先安装：pip install pypdf") from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                unlocked = bool(reader.decrypt(""))
            except Exception:  # noqa: BLE001 - any failure means we cannot open it
                unlocked = False
            if not unlocked:
                raise DraftReadError(f"{path.name} 是加密的 PDF，需要密码才能打开；请提供未加密的文件或 Word 原稿")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DraftReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DraftReadError(f"{path.name} 不是有效的 PDF 文件或已损坏（{type(exc).__name__}）") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise DraftReadError(f"{path.name} 无法解析为 PDF（{type(exc).__name__}）") from None
    text = "\n".join(pages)
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 30:
        raise DraftReadError(f"{path.name} 中没有可提取的文字（可能是扫描件），请提供 Word 文件或文字版 PDF")
    return text


def _clean_line(text: str) -> str:
    text = _BOOKMARK_RE.sub("", text).replace("\r", "").replace("\xa0", " ")
    return text.rstrip(" \n")  # keep a lone tab: it is an empty table cell


def read_text(text: str, *, markdown: bool = False) -> list[Block]:
    """Normalise plain, pasted or PDF-extracted text into paragraphs and tables.

    >>> [b.text for b in read_text("一、部门概况\\n本单位是区委直属，\\n— 5 —\\n公益一类事业单位。")]
    ['一、部门概况', '本单位是区委直属，公益一类事业单位。']
    """
    lines = [_clean_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if markdown:
        lines = [_strip_markdown(line) for line in lines]
    lines = [
        "" if not line.startswith("\t") and (_PAGE_NUMBER_RE.match(line) or _CHROME_RE.search(line)) else line
        for line in lines
    ]
    width = _typical_width(lines)
    blocks: list[Block] = []
    i = 0
    pending: list[tuple[str, int]] = []  # text lines of the paragraph being built
    while i < len(lines):
        line = lines[i]
        if markdown and line.lstrip().startswith("|"):
            _flush(pending, blocks, width)
            i = _read_pipe_table(lines, i, blocks)
            continue
        if line.startswith("\t") and _looks_like_table(lines, i):
            _flush(pending, blocks, width)
            i = _read_tab_table(lines, i, blocks)
            continue
        if line.strip(" \t") == "":
            i += 1
            continue
        pending.append((line, i + 1))
        i += 1
    _flush(pending, blocks, width)
    return blocks


def _strip_markdown(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
    line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
    return line


# Characters that take a full em on the page: CJK, full-width forms and CJK punctuation.
_WIDE_RE = re.compile(r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
                      r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


def _width(text: str) -> float:
    """Width in ems: a wide character counts 1, any other ½."""
    text = text.strip()
    return (len(text) + len(_WIDE_RE.findall(text))) / 2


def _typical_width(lines: list[str]) -> float:
    """The page's line width when the text was hard-wrapped (PDF); infinite for one-line paragraphs."""
    texts = [line for line in lines if line.strip() and not line.startswith("\t")]
    measured = [(t, _width(t)) for t in texts]
    widths = sorted(w for _, w in measured if w >= 10)
    if not widths:
        return 1e9
    width = widths[int(len(widths) * 0.75)]
    wrapped = [t for t, w in measured if w >= 0.85 * width and t.strip()[-1] not in _TERMINAL]
    if len(wrapped) < 5 or len(wrapped) < 0.25 * len(texts):
        return 1e9
    return width


def _continues(line: str, width: float) -> bool:
    """Whether a text line was broken mid-sentence (PDF wrap), so the next line belongs to it."""
    text = line.strip()
    if not text or text[-1] in _TERMINAL:
        return False
    if text[-1] in "，、,（(《“":
        return True
    return _width(text) >= 0.85 * width


def _flush(pending: list[tuple[str, int]], blocks: list[Block], width: float) -> None:
    """Join the pending lines into paragraphs; PDF-wrapped lines are glued back together."""
    paragraph: list[str] = []
    start = 0
    for line, number in pending:
        text = line.strip().strip("\u3000").strip()
        if not text:
            continue
        if paragraph:
            previous = paragraph[-1]
            glue = _continues(previous, width) and (not _PARA_START_RE.match(text) or previous.strip()[-1] in "，、,")
            if not glue:
                blocks.append(Paragraph(_tidy("".join(paragraph)), start))
                paragraph = []
        if not paragraph:
            start = number
        paragraph.append(text)
    if paragraph:
        blocks.append(Paragraph(_tidy("".join(paragraph)), start))
    pending.clear()


def _tidy(text: str) -> str:
    """Remove the spaces PDF extraction puts between Chinese and digits; keep spaces inside Latin text."""
    text = re.sub(r"(?<=[\u4e00-\u9fff，。、；：（）“”%])\s+(?=[\u4e00-\u9fff\d（“])", "", text)
    text = re.sub(r"(?<=[\d.%])\s+(?=[\u4e00-\u9fff，。、；：）%])", "", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\d])", "", text)
    return text.strip()


def _looks_like_table(lines: list[str], start: int) -> bool:
    """Tab-led cells, one per line, with blank lines between rows (how Word tables reach plain text)."""
    tab_lines = 0
    blanks = 0
    for line in lines[start : start + 60]:
        if line.startswith("\t"):
            tab_lines += 1
        elif _blank(line):
            blanks += 1
    return tab_lines >= 4 and blanks >= 1


def _blank(line: str) -> bool:
    return not line.startswith("\t") and line.strip(" \t") == ""


def _is_cell_tail(line: str) -> bool:
    text = line.strip()
    return len(text) <= 10 and bool(re.match(r"^[（(]?\d+\s*分[）)]?$|^[\u3000\s]*$", text))


def _read_tab_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows: list[list[str]] = []
    row: list[str] = []
    start = i + 1
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            cells = line[1:].rstrip("\t").split("\t")
            row.extend(cell.strip(" \u3000") for cell in cells)
            i += 1
        elif _blank(line):
            j = i
            while j < n and _blank(lines[j]):
                j += 1
            if j >= n:
                i = j
                break
            if lines[j].startswith("\t"):
                if row:
                    rows.append(row)
                row = []
                i = j
            elif j - i == 1 and row and _is_cell_tail(lines[j]):
                row[-1] = (row[-1] + "\n" + lines[j].strip(" \u3000")).strip("\n")
                i = j + 1
            else:
                i = j
                break
        elif row:
            row[-1] = (row[-1] + "\n" + line.strip(" \u3000")).strip("\n")
            i += 1
        else:
            break
    if row:
        rows.append(row)
    if len(rows) >= 2 and any(len(r) >= 2 for r in rows):
        blocks.append(TableBlock(rows, start))
    else:  # indented paragraphs, not a table
        for r in rows:
            for cell in r:
                if cell.strip():
                    blocks.append(Paragraph(_tidy(cell.replace("\n", "")), start))
    return i


def _read_pipe_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows: list[list[str]] = []
    start = i + 1
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
        if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            rows.append(cells)
        i += 1
    if rows:
        blocks.append(TableBlock(rows, start))
    return i
