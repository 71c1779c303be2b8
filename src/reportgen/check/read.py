"""Read a draft (.docx, .pdf, .txt, .md) into normalised paragraphs and tables, in document order."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from reportgen.caches import text_cache
from reportgen.check.model import Block, Paragraph, TableBlock
from reportgen.errors import DraftReadError
from reportgen.limits import MAX_REPORT_BYTES, MAX_REPORT_CHARS, size_text

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
SUFFIXES = (".docx", ".pdf", *TEXT_SUFFIXES)

# Lines that are never report text: page marks, web-page chrome, Word bookmarks. A bare number is a page
# number only where the context says so (see _page_numbers): elsewhere it is a table cell.
_PAGE_MARK_RE = re.compile(
    r"^\s*(?:[—–\-－─]+\s*\d{1,3}\s*[—–\-－─]+|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)\s*$"
)
_PAGE_OF_RE = re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$")
_BARE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*$")
PAGE_BREAK = "\f"
_CHROME_RE = re.compile(
    r"(您所在的位置|当前位置[:：]|^\s*发布时间|Copyright|版权所有|ICP备|网站备案|网站标识码|邮政编码[:：]"
    r"|\[清空缓存\]|打印本页|关闭窗口|分享到[:：]|【字体|字号[:：]\s*[大中小]|浏览次数|^\s*来源\s*[:：])",
    re.IGNORECASE,
)
# What every match of _CHROME_RE holds: its words, and for the two matched in any case (Copyright, ICP备) the C
# each has, which only C and c match in any case. A pattern of alternatives that each start with a plain character
# is searched for in C: most lines are ruled out at that speed, not at the pace of _CHROME_RE, which tries every
# alternative at every place.
_CHROME_HINT_RE = re.compile(
    r"您所在的位置|当前位置|发布时间|版权所有|网站备案|网站标识码|邮政编码|\[清空缓存\]|打印本页|关闭窗口|分享到|【字体|字号"
    r"|浏览次数|来源|C|c"
)
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_TERMINAL = "。！？；：”’」』…!?;:"
# A line that starts a new paragraph even when the line before it looks unfinished.
_PARA_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]|\d{1,2}[）)]|[①-⑳]|附件|[一二三四五六七八九十]是)"
)


@text_cache(maxsize=16384)
def fold(text: str) -> str:
    """Text for matching: NFKC (full-width digits, letters and punctuation — （：，％ and the ideographic space —
    to ASCII), no spaces.

    >>> fold("（一）部门 整体收支情况：１２％")
    '(一)部门整体收支情况:12%'
    """
    if not unicodedata.is_normalized("NFKC", text):
        # Full-width ASCII (，：（）％) and the ideographic space are most of what a report's text has to fold. Each is
        # first replaced by its one-character compatibility decomposition, which leaves NFKC's answer as it is and
        # often leaves nothing for NFKC to do: a paragraph folds in 2 µs instead of 8.
        text = unicodedata.normalize("NFKC", _FULL_WIDTH_RE.sub(lambda m: _HALF_WIDTH[m.group()], text))
    # str.split() cuts at exactly the characters r"\s" matches (str.isspace), and is four times faster on CJK text
    return "".join(text.split())


_HALF_WIDTH = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")


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
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise DraftReadError(
                f"{path.name} 有 {size_text(size)}，超过可检查的上限 {size_text(MAX_REPORT_BYTES)}；"
                "请确认是否选错了文件，或把报告和附件分开检查"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DraftReadError(f"无法读取 {path}（{exc.strerror}）") from None
    if not data.strip():
        raise DraftReadError(f"{path.name} 是空文件，没有可检查的内容")
    if suffix == ".docx":
        from reportgen.check.docx_read import read_docx

        blocks = normalise_blocks(read_docx(path))
    elif suffix == ".pdf":
        from reportgen.check.pdf_read import read_pdf

        blocks = read_lines(read_pdf(path), wrapped=False)
    else:
        text = _decode(data, path.name)
        if len(text) > MAX_REPORT_CHARS:
            raise DraftReadError(
                f"{path.name} 有 {len(text):,} 个字符，超过可检查的上限 {MAX_REPORT_CHARS:,} 个（约一千页）；"
                "请确认是否选错了文件"
            )
        blocks = read_text(text, markdown=suffix in (".md", ".markdown"))
    _require_report(blocks, path.name)
    return blocks


HAN_RE = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character (CJK Unified Ideographs)
_REPORT_WORDS_RE = re.compile(r"绩效|自评|预算|支出|评价")


def _require_report(blocks: list[Block], name: str) -> None:
    text = "".join(b.text for b in blocks if isinstance(b, Paragraph))
    text += "".join(["".join(row) for b in blocks if isinstance(b, TableBlock) for row in b.rows])
    cjk = sum(1 for _ in islice(HAN_RE.finditer(text), 30))  # only a count below 30 is reported
    if cjk < 30:
        raise DraftReadError(f"{name} 中几乎没有中文文字（{cjk} 个汉字），无法作为绩效自评报告检查")
    if not _REPORT_WORDS_RE.search(text):
        raise DraftReadError(f"{name} 看起来不是绩效自评报告（没有出现「绩效」「预算」「支出」等字样）")


# Control characters (Unicode Cc) other than tab, line feed, carriage return and form feed: many mean binary data.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


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
        controls = len(_CONTROL_RE.findall(text))
        if controls > max(3, len(text) // 100):
            break
        return text
    raise DraftReadError(f"{name} 不是文本文件（可能是二进制或已损坏），无法读取；请提供 .docx、.pdf 或 UTF-8 文本")


def _clean_line(text: str) -> str:
    if "[bookmark:" in text:
        text = _BOOKMARK_RE.sub("", text)
    text = text.replace("\r", "").replace("\xa0", " ")
    return text.rstrip(" \n")  # keep a lone tab: it is an empty table cell


def read_text(text: str, *, markdown: bool = False) -> list[Block]:
    """Normalise plain, pasted or PDF-extracted text into paragraphs and tables.

    >>> [b.text for b in read_text("一、部门概况\\n本单位是区委直属，\\n— 5 —\\n公益一类事业单位。")]
    ['一、部门概况', '本单位是区委直属，公益一类事业单位。']
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return read_lines(lines, markdown=markdown)


def read_lines(items: Sequence[str | TableBlock], *, wrapped: bool = True, markdown: bool = False) -> list[Block]:
    """Lines of text (and tables already read, from a PDF) into paragraphs and tables.

    ``wrapped``: the lines may be hard-wrapped (plain text, pasted PDF text) and are glued back into paragraphs;
    a PDF read by geometry gives whole paragraphs, one per item.
    """
    lines: list[str | TableBlock] = []
    source: list[int] = []  # the input line each entry of ``lines`` comes from (1-based), for findings' lines
    for number, item in enumerate(items, start=1):
        if isinstance(item, TableBlock):
            lines.append(item)
            source.append(number)
            continue
        text = _clean_line(item)
        if PAGE_BREAK not in text:
            lines.append(_report_text(text, markdown))
            source.append(number)
            continue
        for piece in text.split(PAGE_BREAK):
            lines += [_report_text(piece, markdown), PAGE_BREAK]
            source += [number, number]
        lines.pop()  # the break added after the last piece
        source.pop()
    lines, source = _unflatten(lines, source)
    lines = _drop_toc(lines)
    texts = [line for line in lines if isinstance(line, str)]
    width = _typical_width(texts) if wrapped else 1e9
    blocks: list[Block] = []
    pending: list[tuple[str, int]] = []  # text lines of the paragraph being built
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if isinstance(line, TableBlock):
            _flush(pending, blocks, width)
            line.line = i + 1
            blocks.append(line)
            i += 1
            continue
        if markdown and line.lstrip().startswith("|"):
            _flush(pending, blocks, width)
            i = _read_pipe_table(lines, i, blocks)
            continue
        if line.startswith("\t") and _looks_like_table(lines, i):
            _flush(pending, blocks, width)
            i = _read_tab_table(lines, i, blocks)
            continue
        if line == PAGE_BREAK or line.strip(" \t") == "":  # (no table starts at a blank line)
            i += 1
            continue
        end = _read_separated_table(lines, i, blocks, pending, width)
        if end is None:
            end = _read_cell_table(lines, i, blocks, pending, width)
        if end is not None:
            i = end
            continue
        if (_BARE_NUMBER_RE.match(line) or _PAGE_OF_RE.match(line)) and _is_page_number(lines, i, pending, width):
            i += 1
            continue
        pending.append((line, i + 1))
        i += 1
    _flush(pending, blocks, width)
    for block in blocks:  # blocks were numbered by their place in ``lines``: give them the input's line
        block.line = source[min(block.line, len(source)) - 1] if source else block.line
    return normalise_blocks(blocks)


def _report_text(line: str, markdown: bool) -> str:
    """The line without Markdown marks; empty when it is no report text."""
    if markdown:
        line = _strip_markdown(line)
    return "" if _not_report_text(line) else line


def _not_report_text(line: str) -> bool:
    """A page mark (— 5 —, 第5页) or web-page chrome; a tab-led line is a table cell, never either."""
    if line.startswith("\t"):
        return False
    return bool(_PAGE_MARK_RE.match(line) or (_CHROME_HINT_RE.search(line) and _CHROME_RE.search(line)))


def normalise_blocks(blocks: list[Block]) -> list[Block]:
    """What every reader's output gets: a 目录 dropped, a heading with its text run in split in two."""
    kept = [b for b in blocks if isinstance(b, TableBlock) or b.text]
    texts = [b.text if isinstance(b, Paragraph) else None for b in kept]
    toc = _toc_indices(texts)
    out: list[Block] = []
    for index, block in enumerate(kept):
        if index in toc:
            continue
        if isinstance(block, Paragraph):
            out.extend(_split_run_in(block))
        else:
            out.append(block)
    return out


_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def _strip_markdown(line: str) -> str:
    if "#" in line:
        line = _MD_HEADING_RE.sub("", line)
    if "**" in line:
        line = _MD_BOLD_RE.sub(r"\1", line)
    return line


# --- page numbers --------------------------------------------------------------------------------------


def _neighbour(lines: list[str | TableBlock], i: int, step: int) -> str | TableBlock | None:
    """The nearest line before (step −1) or after (step 1) that is not blank; a page break counts."""
    j = i + step
    while 0 <= j < len(lines):
        line = lines[j]
        if isinstance(line, TableBlock) or line == PAGE_BREAK or line.strip(" \t\u3000"):
            return line
        j += step
    return None


def _is_page_number(lines: list[str | TableBlock], i: int, pending: list[tuple[str, int]], width: float) -> bool:
    """A number alone on its line is a page number where a page break is next to it, where it interrupts a
    wrapped sentence, or where it is one of a run of numbers counting pages through the document."""
    before, after = _neighbour(lines, i, -1), _neighbour(lines, i, 1)
    if PAGE_BREAK in (before, after) or before is None:
        return True
    if _PAGE_OF_RE.match(str(lines[i])):
        return True
    if pending and _continues(pending[-1][0], width) and isinstance(after, str):
        return True  # 档案资料的收集，并对所 | 5 | 征集的档案…: the page turned mid-sentence
    return _counts_pages(lines, i)


def _counts_pages(lines: list[str | TableBlock], i: int) -> bool:
    """Bare numbers far apart that go up by one (… 4 … 5 … 6): the pages of a document pasted as text."""
    value = int(str(lines[i]).strip())
    found: dict[int, list[int]] = {}
    for j, line in enumerate(lines):
        if isinstance(line, str) and not line.startswith("\t") and (match := _BARE_NUMBER_RE.match(line)):
            found.setdefault(int(match.group(1)), []).append(j)
    near = [j for v in (value - 1, value + 1) for j in found.get(v, []) if abs(j - i) >= 8]
    return len(near) >= 1 and any(abs(j - i) >= 8 for j in near) and len(found) >= 3


# --- 目录 ---------------------------------------------------------------------------------------------

_TOC_TITLE_RE = re.compile(r"^目\s*录$")
# A contents entry: a title, then dot leaders, a tab or spaces, and a page number at the end of the line.
_TOC_ENTRY_RE = re.compile(r"^(?P<title>\S.{0,60}?)(?P<lead>[\s.．…·•‥⋯—_\-]{2,}|\t+)?\s*(?P<page>\d{1,3})\s*$")
_LEADERS_RE = re.compile(r"[.．…·•‥⋯_]{3,}|\t")


def _toc_entry(text: str | None) -> bool:
    """「一、部门基本情况……3」, 「二、绩效自评情况\t5」: a title and the page it starts on."""
    text = (text or "").strip()
    # an entry ends in its page number: most lines are ruled out without the (backtracking) pattern
    match = _TOC_ENTRY_RE.match(text) if text[-1:].isdecimal() else None
    if match is None:
        return False
    title = match.group("title").rstrip(" .．…·\t")
    return not title.endswith(("年", "第", "共", "约", "为", "至", "达", "是")) and not title[-1:].isdigit()


def _toc_indices(texts: list[str | None]) -> set[int]:
    """Positions of a 目录: its title and the entries after it, or a run of entries with dot leaders."""
    found: set[int] = set()
    end = 0  # where the last 目录 found ends
    for i, line in enumerate(texts):
        if i < end or not line:
            continue
        text = line.strip()
        if not text:
            continue
        # a 目录 starts with its title or an entry with leaders, which ends in its page number: cheap tests first
        titled = text[0] == "目" and bool(_TOC_TITLE_RE.match(text))
        if titled or (text[-1].isdecimal() and _LEADERS_RE.search(text) and _toc_entry(text)):
            j = i + 1 if titled else i
            entries = []
            while j < len(texts) and texts[j] is not None and (not (texts[j] or "").strip() or _toc_entry(texts[j])):
                if (texts[j] or "").strip():
                    entries.append(j)
                j += 1
            if len(entries) >= 2 or (titled and entries):
                found.update(range(i, j))
                end = j
    return found


def _drop_toc(lines: list[str | TableBlock]) -> list[str | TableBlock]:
    """The 目录's lines blanked (not removed: every line keeps its place)."""
    texts = [line if isinstance(line, str) and line != PAGE_BREAK else None for line in lines]
    toc = _toc_indices(texts)
    return ["" if index in toc else line for index, line in enumerate(lines)] if toc else lines


# --- text flattened onto one line ----------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
_HEADING_START_RE = re.compile(rf"(?:[{_CN_NUM}]{{1,3}}、|[（(][{_CN_NUM}]{{1,3}}[）)]|附件\s*\d)")
_GAPS_RE = re.compile(r"[ \u3000\t]+")
# Before a heading numeral that follows the end of a sentence.
_HEADING_CUT_RE = re.compile(rf"(?<=[。；！？])(?=[{_CN_NUM}]{{1,3}}、|[（(][{_CN_NUM}]{{1,3}}[）)]|附件\s*\d)")


def _unflatten(lines: list[str | TableBlock], source: list[int]) -> tuple[list[str | TableBlock], list[int]]:
    """A report copied from a web page as one long line (most of the text on one line, with headings in it), split
    back at its headings and (when its paragraphs and cells are separated by spaces) at every space."""
    lengths = [len(line) for line in lines if isinstance(line, str)]
    least = max(200, 0.4 * sum(lengths))  # a flattened line's length
    if max(lengths, default=0) < least:
        return lines, source  # the usual case: nothing flattened
    out: list[str | TableBlock] = []
    numbers: list[int] = []
    for line, number in zip(lines, source, strict=True):
        flattened = isinstance(line, str) and len(line) >= least
        if not isinstance(line, str) or not flattened or len(_HEADING_START_RE.findall(line)) < 3:
            out.append(line)
            numbers.append(number)
            continue
        pieces = _GAPS_RE.split(line.strip()) if line.count(" ") >= 5 else [line]
        for piece in pieces:
            split = _split_at_headings(piece)
            out.extend(split)
            numbers.extend([number] * len(split))
    return out, numbers


def _split_at_headings(text: str) -> list[str]:
    """Split before a heading numeral that follows the end of a sentence, or a short title's end."""
    return [p for p in _HEADING_CUT_RE.split(text) if p]


# --- tables written as text ----------------------------------------------------------------------------

_L1_RE = re.compile(r"^(?:产出|效益|满意度|成本|预算执行|履职效能|管理效能)指标?(?:[(（]\d+(?:\.\d+)?分[)）])?$")
_L2_RE = re.compile(r"^[\u4e00-\u9fff]{2,9}指标$")
_NUMBER_CELL_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?%?$|^[—\-–/／]{1,2}$")
_TAIL_RE = re.compile(r"^[(（][^()（）]{1,8}[)）]$")
_TOTAL_RE = re.compile(r"^(?:总分|合计|总计)$")
_FORM_LABEL_RE = re.compile(
    r"^(?:项目支出名称|项目名称|主管部门|实施单位|部门名称|单位名称|部门\(单位\)名称|预算部门名称|市级预算部门名称)$"
)
_TABLE_END_RE = re.compile(
    r"^(?:附件\s*\d|填表人|填报人|填报日期|联系电话|单位负责人|说明[:：]|注[:：]|备注[:：])"
    rf"|^(?:[{_CN_NUM}]{{1,3}}、|[（(][{_CN_NUM}]{{1,3}}[）)])[\u4e00-\u9fff]"
)
_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("l1", re.compile(r"^一级指标$")),
    ("l2", re.compile(r"^二级指标$")),
    ("label", re.compile(r"^(?:绩效指标|资金|年度总体目标)$")),
    ("name", re.compile(r"^(?:三级指标|指标名称|项目名称|项目|名称|项目支出名称|单位名称)$")),
    (
        "value",
        re.compile(
            r"^(?:年度)?(?:指标值|目标值)$|^全年指标值$|^实际(?:完成)?值$|^完成值$|^实际完成情况$|^预期目标$"
            r"|^指标性质$|^(?:度量|计量)单位$|^指标方向$|^评分标准$|^完成情况$"
        ),
    ),
    (
        "num",
        re.compile(
            r"^(?:分值|得分|权重|评分|自评得分|序号)$|预算数|执行数|决算数|到位资金|使用资金|^金额|执行率|到位率|完成率"
        ),
    ),
    ("note", re.compile(r"偏差|原因|改进措施|^备注$|^说明$")),
]


_BRACKETED_RE = re.compile(r"\([^()]*\)")
# A column heading folds to 16 characters at most once its brackets are dropped. NFKC keeps every CJK ideograph as
# it is (none has a decomposition or composes with anything), so a line of 17 of them folds longer, unless it has a
# character that folds to "(" (a bracket, ⑴, ㈠, …: the list is checked against every code point in the tests).
_SEVENTEEN_IDEOGRAPHS_RE = re.compile(r"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){17}")
_FOLDS_TO_BRACKET_RE = re.compile(
    "[(\u207d\u208d\u2474-\u2487\u249c-\u24b5\u3200-\u3243\ufe35\ufe59\uff08\U0001f110-\U0001f129]"
)


def _column_kind(cell: str) -> str | None:
    if _SEVENTEEN_IDEOGRAPHS_RE.match(cell) and not _FOLDS_TO_BRACKET_RE.search(cell):
        return None  # prose: too long for a heading, told without folding it
    key = fold(cell)
    if "(" in key:
        key = _BRACKETED_RE.sub("", key)
    if not key or len(key) > 16:
        return None
    return next((kind for kind, pattern in _KINDS if pattern.search(key)), None)


_FUNDS_WORDS_RE = re.compile(r"预算|执行|决算|到位|使用")


def _header(cells: list[str]) -> list[str] | None:
    """The column kinds when ``cells`` are the headings of a known table (自评表 indicators, funds)."""
    kinds: list[str] = []
    for cell in cells:  # stopping at the first cell that is no heading: most rows have one early
        kind = _column_kind(cell) or ("name" if not cell.strip() else "")
        if not kind:
            return None
        kinds.append(kind)
    if len([c for c in cells if c.strip()]) < 3:
        return None
    folded = "".join(fold(c) for c in cells)
    indicators = "三级指标" in folded and ("l1" in kinds or "l2" in kinds)
    funds = kinds.count("num") >= 2 and bool(_FUNDS_WORDS_RE.search(folded))
    return kinds if indicators or funds else None


def _fit(cell: str, kind: str) -> float:
    """How well a cell's text fits a column kind (positive: fits)."""
    text = fold(cell)
    if not text:
        return 0.3
    level1, level2 = bool(_L1_RE.match(text)), bool(_L2_RE.match(text))
    number = bool(_NUMBER_CELL_RE.match(text))
    if kind == "l1":
        return 4.0 if level1 else -4.0
    if kind == "l2":
        return 4.0 if level2 else -4.0
    if level1 or level2:
        return -3.0
    if kind == "num":
        return 3.0 if number else -3.0
    if kind == "label":
        return -3.0 if number else (3.0 if _column_kind(text) == "label" else 1.0)
    if kind == "name":
        return -2.0 if number else 1.5
    if kind == "note":
        return -2.0 if number else (1.5 if len(text) >= 12 or _NOTE_WORDS_RE.search(text) else 0.5)
    return 1.0  # value


_NOTE_WORDS_RE = re.compile(r"原因|由于|未|偏差|改进|无")
_OPTIONAL = {"label": 0.0, "l1": 0.0, "l2": 0.0, "note": 0.0, "value": 1.5, "name": 2.0, "num": 2.0}


def _align(cells: list[str], kinds: list[str], *, one_row: bool = False) -> list[list[int]]:
    """Cells read one by one into rows of the header's columns: which column each cell is in, row by row.

    A best-scoring alignment (dynamic programming): cells fit their columns' kinds, columns left out cost what an
    empty cell of that kind is unlikely to be (nothing for merged 一级/二级 labels and notes), and a blank line is
    an empty cell or a separator between rows."""
    n = len(kinds)
    skip = [_OPTIONAL.get(k, 2.0) for k in kinds]
    lead = [sum(skip[:j]) for j in range(n + 1)]  # leaving out columns 0 … j-1 at a row's start
    trail = [sum(skip[j:]) for j in range(n + 1)]  # leaving out columns j … n-1 at a row's end
    neg = float("-inf")
    score = [[neg] * n for _ in cells]
    back: list[list[tuple[int, bool]]] = [[(-1, False)] * n for _ in cells]  # (previous column, new row)
    carried = [[False] * n for _ in cells]  # blank line taken as a separator: the state carries over
    for i, cell in enumerate(cells):
        for j in range(n):
            fit = _fit(cell, kinds[j])
            if i == 0:
                score[i][j] = fit - lead[j]
                back[i][j] = (-1, True)
                continue
            best, how = neg, (-1, False)
            for k in range(n):
                prev = score[i - 1][k]
                if prev == neg:
                    continue
                if j > k:  # same row, columns between left out
                    value = prev + fit - (lead[j] - lead[k + 1])
                    if value > best:
                        best, how = value, (k, False)
                value = prev + fit - 1.0 - trail[k + 1] - lead[j]  # a new row
                if not one_row and value > best:
                    best, how = value, (k, True)
            score[i][j], back[i][j] = best, how
        if not cell.strip() and i > 0:  # a separator: keep the state of the line before
            for j in range(n):
                if score[i - 1][j] - 0.2 > score[i][j]:
                    score[i][j] = score[i - 1][j] - 0.2
                    back[i][j] = (j, False)
                    carried[i][j] = True
    j = max(range(n), key=lambda c: score[-1][c] - trail[c + 1])
    placed: list[tuple[int, int, bool]] = []  # (cell index, column, starts a row)
    for i in range(len(cells) - 1, -1, -1):
        k, new_row = back[i][j]
        if not carried[i][j]:
            placed.append((i, j, new_row))
        j = k if k >= 0 else j
    placed.reverse()
    rows: list[list[int]] = []
    for i, column, new_row in placed:
        if new_row or not rows:
            rows.append([-1] * n)
        rows[-1][column] = i
    return rows


def _rows_from(cells: list[str], kinds: list[str], *, one_row: bool = False) -> list[list[str]]:
    return [[cells[i] if i >= 0 else "" for i in picks] for picks in _align(cells, kinds, one_row=one_row)]


def _stray_row(cells: list[str]) -> bool:
    """A last "row" that is one line of text with nothing else: a paragraph after the table, not a row."""
    filled = [c for c in cells if c.strip()]
    return len(filled) <= 1 and not any(_NUMBER_CELL_RE.match(fold(c)) for c in filled)


def _fill_merged(rows: list[list[str]], kinds: list[str], merged: set[tuple[int, int]], first: int) -> None:
    """An 一级/二级 (or leading label) cell left empty under a filled one repeats it, as a merged Word cell does;
    ``rows[first:]`` are the rows under one header."""
    for r in range(first + 1, len(rows)):
        row, above = rows[r], rows[r - 1]
        if not row or _TOTAL_RE.match(fold(row[0])) or len(row) != len(above):
            continue
        for c, kind in enumerate(kinds[: len(row)]):
            if kind not in ("l1", "l2", "label") or row[c].strip() or not above[c].strip():
                continue
            if kind == "l2" and c > 0 and kinds[c - 1] == "l1" and row[c - 1] != above[c - 1]:
                continue  # a new 一级 starts its own 二级
            row[c] = above[c]
            merged.add((r, c))


def _join_tails(cells: list[str]) -> list[str]:
    """A cell written on two lines (产出指标 / （50分）, 资金 / （万元）) made one again."""
    return [cell for cell, _ in _join_placed_tails([(cell, 0) for cell in cells])]


def _join_placed_tails(cells: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for cell, where in cells:
        if out and out[-1][0].strip() and _TAIL_RE.match(cell.strip()):
            out[-1] = (out[-1][0].rstrip() + cell.strip(), out[-1][1])
        else:
            out.append((cell.strip(" \u3000\t"), where))
    return out


def _read_cell_table(
    lines: list[str | TableBlock], i: int, blocks: list[Block], pending: list[tuple[str, int]], width: float
) -> int | None:
    """A table written one cell per line (web pages, Word/LibreOffice saved as text), recognised by the headings
    of a known table; it runs until a line that ends tables (附件N, 填表人, a heading) or the text's end."""
    start = _header_at(lines, i)
    if start is None:
        return None
    if _corner_above(lines, i, *start):
        i -= 1
        start = start[0] + 1, ["name", *start[1]]
    begin = _form_rows_start(lines, i)
    while pending and pending[-1][1] - 1 >= begin:
        pending.pop()  # the corner cell and form rows above the header were taken for text
    _flush(pending, blocks, width)
    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    rows.extend(_form_rows(lines[begin:i]))
    j = i
    kinds = start[1]
    while j < len(lines):
        found = start if j == i else _header_at(lines, j)
        if found is not None:
            header_len, kinds = found
            rows.append(_join_tails([str(line) for line in lines[j : j + header_len]]))
            j += header_len
            placed, j = _segment(lines, j)
            placed = _join_placed_tails(placed)
            while placed and not placed[-1][0]:
                placed.pop()
            if placed:
                cells = [cell for cell, _ in placed]
                aligned = _align(cells, kinds)
                goes_on = _table_goes_on(lines, j, kinds)  # then a last lone line is a full-width row (按支出性质分)
                while len(aligned) > 1 and not goes_on and _stray_row([cells[k] for k in aligned[-1] if k >= 0]):
                    j = placed[min(k for k in aligned.pop() if k >= 0)][1]  # prose after the table: give it back
                first = len(rows)
                rows.extend([cells[k] if k >= 0 else "" for k in picks] for picks in aligned)
                _fill_merged(rows, kinds, merged, first - 1)
        special = _special_rows(lines, j, kinds, len(rows), merged)
        if special is None:
            if found is None:
                break
            continue
        more, j = special
        rows.extend(more)
    rows = [row for row in rows if any(c.strip() for c in row)]
    blocks.append(TableBlock(rows, begin + 1, merged=merged))
    return j


_SPANNING_RE = re.compile(r"^(?:管理效能|履职效能|加减分项?|预算执行率?)")


def _table_goes_on(lines: list[str | TableBlock], j: int, kinds: list[str]) -> bool:
    """Whether the table carries on at line ``j``: another header, or a row :func:`_special_rows` reads."""
    if j >= len(lines) or not isinstance(lines[j], str):
        return False
    key = fold(str(lines[j]))
    return bool(
        _header_at(lines, j)
        or _TOTAL_RE.match(key)
        or (_SPANNING_RE.match(key) and "num" in kinds)
        or _goal_rows(lines, j) is not None
    )


def _special_rows(
    lines: list[str | TableBlock], j: int, kinds: list[str], first: int, merged: set[tuple[int, int]]
) -> tuple[list[list[str]], int] | None:
    """A 总分/合计 row, a scored row whose label spans the indicator columns (管理效能, 加减分项), or the
    年度总体目标 block, at line ``j``."""
    if j >= len(lines) or not isinstance(lines[j], str):
        return None
    key = fold(str(lines[j]))
    if _TOTAL_RE.match(key):
        total, j = _total_row(lines, j)
        return [total], j
    if _SPANNING_RE.match(key) and "num" in kinds:
        return _spanning_row(lines, j, kinds, first, merged)
    return _goal_rows(lines, j)


def _spanning_row(
    lines: list[str | TableBlock], j: int, kinds: list[str], r: int, merged: set[tuple[int, int]]
) -> tuple[list[list[str]], int]:
    """「管理效能（…）| 45.00 | 44.43 | 说明」: the label repeated over the columns before 分值, as Word's merged
    cell reads."""
    span = kinds.index("num")
    label = str(lines[j]).strip()
    values: list[str] = []
    k = j + 1
    while k < len(lines) and len(values) < len(kinds) - span:
        line = lines[k]
        if not isinstance(line, str):
            break
        text = line.strip()
        if not text or line == PAGE_BREAK:
            k += 1
            continue
        if _NUMBER_CELL_RE.match(fold(text)) or (len(text) <= 40 and _row_ends_after(lines, k)):
            values.append(text)
            k += 1
            continue
        break
    merged.update((r, c) for c in range(1, span))
    return [[label] * span + values + [""] * (len(kinds) - span - len(values))], k


def _row_ends_after(lines: list[str | TableBlock], k: int) -> bool:
    """Whether what follows line ``k`` starts something else: a header, a special row, the table's end."""
    after = _neighbour(lines, k, 1)
    if not isinstance(after, str):
        return True
    text = after.strip()
    key = fold(text)
    return bool(
        _TABLE_END_RE.match(text)
        or _TOTAL_RE.match(key)
        or _SPANNING_RE.match(key)
        or _GOAL_RE.match(key)
        or _column_kind(text)
    )


_GOAL_RE = re.compile(r"^年度(?:总体)?目标$")
_CAPTION_RE = re.compile(r"表|附件|报告|[。，；：:]")


def _corner_above(lines: list[str | TableBlock], i: int, header_len: int, kinds: list[str]) -> bool:
    """Whether the line above a header with no label column is its top-left cell (经费控制情况（万元）): the
    rows under the header start with a label the header has no column for."""
    if i == 0 or "name" in kinds or "label" in kinds:
        return False
    above = lines[i - 1]
    if not isinstance(above, str) or above == PAGE_BREAK or len(above.strip()) > 16 or _CAPTION_RE.search(above):
        return False  # (an empty line above is an empty corner cell, as a table saved as text gives it)
    first = next((str(x).strip() for x in lines[i + header_len : i + header_len + 3] if str(x).strip()), "")
    return bool(first) and not _NUMBER_CELL_RE.match(fold(first))


def _goal_rows(lines: list[str | TableBlock], j: int) -> tuple[list[list[str]], int] | None:
    """The 年度总体目标 block of a 自评表 (预期目标 / 实际完成情况 and their texts) when a header follows it."""
    if j >= len(lines) or not isinstance(lines[j], str) or not _GOAL_RE.match(fold(str(lines[j]))):
        return None
    label = str(lines[j]).strip()
    texts: list[str] = []
    k = j + 1
    while k < len(lines) and k - j <= 80:
        line = lines[k]
        if not isinstance(line, str) or _TABLE_END_RE.match(line.strip()):
            return None
        if _header_at(lines, k):
            return [[label, text] for text in texts], k
        if line.strip() and line != PAGE_BREAK:
            texts.append(line.strip())
        k += 1
    return None


def _header_at(lines: list[str | TableBlock], i: int) -> tuple[int, list[str]] | None:
    """(lines the header takes, column kinds) when a known table's header row starts at line ``i``."""
    line = lines[i]
    if not isinstance(line, str) or _column_kind(line) is None:
        return None
    taken: list[str] = []
    j = i
    while j < len(lines) and len(taken) < 14:
        cell = lines[j]
        if not isinstance(cell, str) or cell == PAGE_BREAK:
            break
        text = cell.strip()
        if text and _TAIL_RE.match(text) and taken:
            j += 1
            continue
        if text and _column_kind(text) is None:
            break
        if not text and (
            taken
            and (j + 1 >= len(lines) or not isinstance(lines[j + 1], str) or _column_kind(str(lines[j + 1])) is None)
        ):
            break
        taken.append(text)
        j += 1
    kinds = _header(taken)
    return (j - i, kinds) if kinds else None


def _is_form_label(line: str | TableBlock) -> bool:
    return isinstance(line, str) and bool(_FORM_LABEL_RE.match(fold(line)))


def _form_rows_start(lines: list[str | TableBlock], i: int) -> int:
    """Where label–value pairs just above a header begin (项目支出名称 / 档案保管费, 主管部门 / (empty))."""
    begin = i
    while begin >= 1:
        above = lines[begin - 1]
        if _is_form_label(above):
            begin -= 1  # a label whose value is empty and was left out
            continue
        if begin >= 2 and _is_form_label(lines[begin - 2]) and isinstance(above, str) and len(above.strip()) <= 40:
            begin -= 2
            continue
        break
    return begin


def _form_rows(lines: list[str | TableBlock]) -> list[list[str]]:
    """[label, value] rows from the label and value lines above a header."""
    rows: list[list[str]] = []
    for line in lines:
        if not isinstance(line, str):
            continue
        if _is_form_label(line):
            rows.append([line.strip(), ""])
        elif rows and not rows[-1][1] and line.strip():
            rows[-1][1] = line.strip()
    return rows


def _segment(lines: list[str | TableBlock], j: int) -> tuple[list[tuple[str, int]], int]:
    """The cell lines (with where each is) after a header, up to the next header, a 总分 row, a line that ends
    tables or a prose paragraph."""
    cells: list[tuple[str, int]] = []
    while j < len(lines):
        line = lines[j]
        if isinstance(line, TableBlock):
            break
        if line == PAGE_BREAK or _PAGE_MARK_RE.match(line):
            j += 1
            continue
        text = line.strip()
        key = fold(text)
        if _TABLE_END_RE.match(text) or _TOTAL_RE.match(key) or _GOAL_RE.match(key) or _header_at(lines, j):
            break
        if cells and _SPANNING_RE.match(key) and len(text) > 6:
            break
        if len(text) > 60 and "。" in text and cells and _prose_follows(lines, j):
            break
        cells.append((line, j))
        j += 1
    return cells, j


def _prose_follows(lines: list[str | TableBlock], j: int) -> bool:
    after = _neighbour(lines, j, 1)
    return after is None or (isinstance(after, str) and (len(after.strip()) > 40 or bool(_TABLE_END_RE.match(after))))


def _total_row(lines: list[str | TableBlock], j: int) -> tuple[list[str], int]:
    """总分 and the numbers after it (分值, 得分, 等级)."""
    row = [str(lines[j]).strip()]
    j += 1
    while j < len(lines) and isinstance(lines[j], str) and len(row) < 5:
        text = str(lines[j]).strip()
        if text and not (_NUMBER_CELL_RE.match(fold(text)) or text.startswith("等级")):
            break
        if text:
            row.append(text)
        j += 1
    return row, j


_SEPARATED_RE = re.compile(r"\S(?: {2,}|\u3000+|\t+)\S")
_CELL_GAP_RE = re.compile(r" {2,}|\u3000+|\t+")


def _table_like(rows: list[list[str]]) -> bool:
    """Rows of short cells with numbers in them, not lines of prose spaced out by justification."""
    cells = [c for row in rows for c in row]
    numbered = sum(1 for row in rows if any(_NUMBER_CELL_RE.match(fold(c)) for c in row))
    return sum(len(c) for c in cells) / len(cells) <= 15 and numbered * 2 >= len(rows)


def _cells_of(line: str) -> list[str]:
    return [c for c in _CELL_GAP_RE.split(line.strip()) if c]


def _full_width_row(lines: list[str | TableBlock], j: int) -> bool:
    """Whether line ``j``, one cell on its own, is a row of the table it is in: not a line that ends tables or a
    sentence, and the next line is a row of cells again."""
    text = str(lines[j]).strip()
    if _TABLE_END_RE.match(text) or text.endswith("。"):
        return False
    after = _neighbour(lines, j, 1)
    return isinstance(after, str) and after != PAGE_BREAK and len(_cells_of(after)) >= 2


def _read_separated_table(
    lines: list[str | TableBlock], i: int, blocks: list[Block], pending: list[tuple[str, int]], width: float
) -> int | None:
    """Rows on lines, cells separated by tabs or runs of spaces: from a known header row, or two rows or more
    of three cells or more."""
    line = lines[i]
    if not isinstance(line, str) or line.startswith("\t"):
        return None
    if not ("  " in line or "\u3000" in line or "\t" in line) or len(_SEPARATED_RE.findall(line)) < 2:
        return None  # (most lines have no run of spaces, no ideographic space and no tab at all)
    header = _cells_of(line)
    kinds = _header(header)
    j = i
    rows: list[list[str]] = []
    while j < len(lines):
        current = lines[j]
        if not isinstance(current, str) or current == PAGE_BREAK:
            break
        if not current.strip():
            j += 1
            continue
        cells = _cells_of(current)
        # one cell over the whole row (按支出性质分：…) inside a known table does not end it
        lone_row = len(cells) == 1 and kinds is not None and bool(rows) and _full_width_row(lines, j)
        if not lone_row and (len(cells) < 2 or (kinds is None and len(cells) < 3)):
            break
        rows.append(cells)
        j += 1
    if not rows or (kinds is None and (len(rows) < 2 or not _table_like(rows))):
        return None
    _flush(pending, blocks, width)
    merged: set[tuple[int, int]] = set()
    if kinds is not None:
        rows = [rows[0]] + [
            _rows_from(cells, kinds, one_row=True)[0] if len(cells) < len(kinds) else cells for cells in rows[1:]
        ]
        _fill_merged(rows, kinds, merged, 0)
    blocks.append(TableBlock(rows, i + 1, merged=merged))
    return j


# --- paragraphs ---------------------------------------------------------------------------------------

# Characters that take a full em on the page: CJK, full-width forms and CJK punctuation.
_WIDE_RE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+"  # a run at a time: one match per character is slow
)


def _width(text: str) -> float:
    """Width in ems: a wide character counts 1, any other ½."""
    text = text.strip()
    return (2 * len(text) - len(_WIDE_RE.sub("", text))) / 2  # every character, and the wide ones once more


def _typical_width(lines: list[str]) -> float:
    """The page's line width when the text was hard-wrapped (PDF); infinite for one-line paragraphs."""
    texts = [line for line in lines if not line.startswith("\t") and line.strip()]
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
    # (a text is never wider than its length: an unwrapped text's width, 1e9, is not measured line by line)
    return len(text) >= 0.85 * width and _width(text) >= 0.85 * width


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


# A run of whitespace after one kind of character and before another, found from its first whitespace character
# (a pattern that starts with a class skips ahead to it in C; one that starts with a look-behind tries every place).
_TIDY_RES = (
    re.compile(r"\s(?<=[\u4e00-\u9fff，。、；：（）“”%]\s)\s*(?=[\u4e00-\u9fff\d（“])"),
    re.compile(r"\s(?<=[\d.%]\s)\s*(?=[\u4e00-\u9fff，。、；：）%])"),
    re.compile(r"\s(?<=[\u4e00-\u9fff]\s)\s*(?=[\d])"),
)


def _tidy(text: str) -> str:
    """Remove the spaces PDF extraction puts between Chinese and digits; keep spaces inside Latin text."""
    if text.split() != [text]:  # any whitespace (str.split is many times faster than a regex on CJK text)
        for pattern in _TIDY_RES:
            text = pattern.sub("", text)
    return text.strip()


_RUN_IN_RE = re.compile(
    rf"^((?:[{_CN_NUM}]{{1,3}}[、.．]|[（(][{_CN_NUM}]{{1,3}}[）)])\s*)([^。，,；;：:！？]{{2,20}}?)。(.+)$"
)


def _split_run_in(paragraph: Paragraph) -> list[Paragraph]:
    """「（一）单位机构设置情况。局机关有…」: a heading (一、 or （一） and a short title) with its text run on
    after a full stop, as a heading and a paragraph.

    >>> [p.text for p in _split_run_in(Paragraph("（一）单位机构设置情况。局机关内设三个股室，另有两个下属单位。", 3))]
    ['（一）单位机构设置情况', '局机关内设三个股室，另有两个下属单位。']
    >>> [p.text for p in _split_run_in(Paragraph("一、预算执行较好。", 3))]
    ['一、预算执行较好。']
    """
    match = _RUN_IN_RE.match(paragraph.text)
    if not match or len(match.group(3).strip()) < 8:
        return [paragraph]
    heading = Paragraph(match.group(1) + match.group(2), paragraph.line, paragraph.style_level)
    return [heading, Paragraph(match.group(3).strip(), paragraph.line)]


def _looks_like_table(lines: list[str | TableBlock], start: int) -> bool:
    """Tab-led cells, one per line, with blank lines between rows (how Word tables reach plain text)."""
    tab_lines = 0
    blanks = 0
    for line in lines[start : start + 60]:
        if not isinstance(line, str):
            break
        if line.startswith("\t"):
            tab_lines += 1
        elif _blank(line):
            blanks += 1
    return tab_lines >= 4 and blanks >= 1


def _blank(line: str | TableBlock) -> bool:
    return isinstance(line, str) and (line == PAGE_BREAK or (not line.startswith("\t") and line.strip(" \t") == ""))


_CELL_TAIL_RE = re.compile(r"^[（(]?\d+\s*分[）)]?$|^[\u3000\s]*$")


def _is_cell_tail(line: str) -> bool:
    text = line.strip()
    return len(text) <= 10 and bool(_CELL_TAIL_RE.match(text))


def _read_tab_table(lines: list[str | TableBlock], i: int, blocks: list[Block]) -> int:
    rows: list[list[str]] = []
    row: list[str] = []
    start = i + 1
    n = len(lines)
    while i < n:
        line = lines[i]
        if not isinstance(line, str):
            break
        if line.startswith("\t"):
            for cell in line[1:].rstrip("\t").split("\t"):
                row.append(cell.strip(" \u3000"))
            i += 1
        elif _blank(line):
            j = i + 1
            while j < n and _blank(lines[j]):
                j += 1
            if j >= n:
                i = j
                break
            following = lines[j]
            if isinstance(following, str) and following.startswith("\t"):
                if row:
                    rows.append(row)
                row = []
                i = j
            elif j - i == 1 and row and isinstance(following, str) and _is_cell_tail(following):
                row[-1] = (row[-1] + "\n" + following.strip(" \u3000")).strip("\n")
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


_PIPE_RULE_RE = re.compile(r":?-{2,}:?")  # a cell of the rule under a Markdown table's header


def _read_pipe_table(lines: list[str | TableBlock], i: int, blocks: list[Block]) -> int:
    rows: list[list[str]] = []
    start = i + 1
    while i < len(lines):
        line = lines[i]
        if not isinstance(line, str) or not line.lstrip().startswith("|"):
            break
        cells = list(map(str.strip, line.strip().strip("|").split("|")))
        if not all(_PIPE_RULE_RE.fullmatch(c) for c in cells if c):
            rows.append(cells)
        i += 1
    if rows:
        blocks.append(TableBlock(rows, start))
    return i
