"""The text reader's cheap tests in front of slower ones: each rules out only what the slower test would.

Where a pre-test rests on a fact about Unicode (NFKC keeps CJK ideographs; which characters fold to a bracket),
the fact is checked here against every code point of the running Python, so a newer Unicode cannot break it
unnoticed. Where a pattern was rewritten for speed, random text is compared with the plain form of the pattern.
"""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.check import read

IDEOGRAPHS = range(0x4E00, 0xA000)


def _is_ideograph(code: int) -> bool:
    return code in IDEOGRAPHS


# --- fold ---------------------------------------------------------------------------------------------


def test_fold_drops_every_character_a_regex_calls_whitespace():
    spaces = re.findall(r"\s", "".join(map(chr, range(sys.maxunicode + 1))))
    assert len(spaces) > 20  # tab, line feed, the ideographic space, the no-break spaces, …
    for space in spaces:
        assert read.fold(f"预{space}算 {space}") == "预算", hex(ord(space))


def test_fold_still_normalises_full_width_forms():
    assert read.fold("（二）项目 支出：１５．５％") == "(二)项目支出:15.5%"


def _nfkc_fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_full_width_forms_replaced_before_nfkc_fold_as_nfkc_does():
    # each replacement is the character's whole compatibility decomposition: one character that decomposes no further
    for char, half in read._HALF_WIDTH.items():
        assert unicodedata.normalize("NFKD", char) == half and unicodedata.normalize("NFKD", half) == half
    for code in range(sys.maxunicode + 1):  # every character after a full-width one, and before one
        if not 0xD800 <= code <= 0xDFFF:
            for text in (f"Ａ{chr(code)}", f"{chr(code)}，"):
                assert read.fold.__wrapped__(text) == _nfkc_fold(text), hex(code)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*read._HALF_WIDTH, "\u0301", "\u3099", "ｶ", "ﾞ", "①", "㎡", "中", "e", " "])))
def test_fold_of_mixed_full_width_text_is_nfkc(text):
    assert read.fold.__wrapped__(text) == _nfkc_fold(text)


# --- column headings ruled out without folding --------------------------------------------------------


def test_nfkc_keeps_every_cjk_ideograph_as_it_is():
    assert all(unicodedata.normalize("NFKC", chr(c)) == chr(c) for c in IDEOGRAPHS)


def test_no_canonical_composition_takes_a_cjk_ideograph_or_a_bracket():
    """Composition only ever joins the two characters of a canonical decomposition: none holds an ideograph or "(",
    so NFKC never merges one away (the compatibility ideographs' one-character decompositions are never composed)."""
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) >= 2 and not parts[0].startswith("<"):
            assert not any(_is_ideograph(int(p, 16)) or int(p, 16) == ord("(") for p in parts), hex(code)


def test_every_character_that_folds_to_an_opening_bracket_is_listed():
    opening = [c for c in range(sys.maxunicode + 1) if "(" in unicodedata.normalize("NFKC", chr(c))]
    assert {"(", "（", "⑴", "㈠"} <= {chr(c) for c in opening}
    missing = [hex(c) for c in opening if not read._FOLDS_TO_BRACKET_RE.match(chr(c))]
    assert missing == []


def test_a_long_line_of_prose_is_no_heading():
    assert read._column_kind("本单位严格按照预算批复执行各项支出，资金使用规范有效") is None


def test_a_heading_with_a_long_bracketed_note_is_still_a_heading():
    # 24 ideographs, 21 of them inside the brackets that folding drops
    assert read._column_kind("资金（含上年结转和本年新增的全部财政拨款资金数额）") == "label"
    assert read._column_kind("资金㈠含上年结转和本年新增的全部财政拨款资金数额") is None  # (一) dropped, the rest long
    assert read._column_kind("得分⑴") == "num"


def _kind_by_folding(cell: str) -> str | None:
    """_column_kind as written before its pre-test: fold, drop brackets, then the length and the patterns."""
    key = re.sub(r"\([^()]*\)", "", read.fold(cell))
    if not key or len(key) > 16:
        return None
    return next((kind for kind, pattern in read._KINDS if pattern.search(key)), None)


_HEADING_PIECES = st.sampled_from(
    ["指标名称", "三级指标", "分值", "得分", "资金", "预算数", "执行率", "偏差原因", "本单位", "按规定", "执行",
     "（", "）", "(", ")", "⑴", "㈠", "﹙", " ", "\u3000", "，", "。", "100", "%", "中", "国", "财", "政"]
)  # fmt: skip


@settings(max_examples=250, derandomize=True, database=None)
@given(st.lists(_HEADING_PIECES, max_size=24).map("".join))
def test_column_kind_agrees_with_folding_every_line(cell):
    assert read._column_kind(cell) == _kind_by_folding(cell)


# --- web chrome -----------------------------------------------------------------------------------------


def _chrome_by_pattern(line: str) -> bool:
    return not line.startswith("\t") and bool(read._PAGE_MARK_RE.match(line) or read._CHROME_RE.search(line))


def test_only_c_and_capital_c_match_c_in_any_case():
    """Why the chrome hint needs no other letter: Copyright and ICP备 each have a C."""
    pattern = re.compile("C", re.IGNORECASE)
    assert pattern.findall("".join(map(chr, range(sys.maxunicode + 1)))) == ["C", "c"]


def test_chrome_in_any_case_is_dropped():
    for line in [
        "COPYRIGHT 2023 某局",
        "copyrıght 某局",
        "İcp备05000000号",
        "  发布时间：2023-05-01",
        "来源 ：某局网站",
    ]:
        assert read._not_report_text(line), line
        assert _chrome_by_pattern(line), line


_CHROME_PIECES = st.sampled_from(
    ["您所在的位置", "当前位置", "：", ":", "发布时间", "Copyright", "COPYRIGHT", "copyrıght", "版权所有", "ICP", "icp",
     "İCP", "备", "网站备案", "网站标识码", "邮政编码", "[清空缓存]", "打印本页", "关闭窗口", "分享到", "【字体", "字号",
     "大", "浏览次数", "来源", " ", "\t", "— 3 —", "第2页", "预算", "绩效", "C", "I"]
)  # fmt: skip


@settings(max_examples=250, derandomize=True, database=None)
@given(st.lists(_CHROME_PIECES, max_size=8).map("".join))
def test_chrome_hint_rules_out_only_lines_the_pattern_would_keep(line):
    assert read._not_report_text(line) == _chrome_by_pattern(line)


# --- spaces between Chinese and digits ------------------------------------------------------------------

_TIDY_BY_LOOKBEHIND = (
    re.compile(r"(?<=[\u4e00-\u9fff，。、；：（）“”%])\s+(?=[\u4e00-\u9fff\d（“])"),
    re.compile(r"(?<=[\d.%])\s+(?=[\u4e00-\u9fff，。、；：）%])"),
    re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\d])"),
)


def _tidy_by_lookbehind(text: str) -> str:
    for pattern in _TIDY_BY_LOOKBEHIND:
        text = pattern.sub("", text)
    return text.strip()


def test_tidy_removes_spaces_between_chinese_and_digits_only():
    assert read._tidy("预算 执行率 98.5 % ，较上年 提高 2 个百分点") == "预算执行率98.5%，较上年提高2个百分点"
    assert read._tidy("采用 Excel 2016 汇总") == "采用 Excel 2016汇总"


_TIDY_CHARS = st.sampled_from([*"中文。，、；：（）“”%.9a ", "  ", "\t", "\u3000", "\xa0", "\u2002", "９"])


@settings(max_examples=300, derandomize=True, database=None)
@given(st.lists(_TIDY_CHARS, max_size=16).map("".join))
def test_tidy_agrees_with_the_lookbehind_patterns(text):
    assert read._tidy(text) == _tidy_by_lookbehind(text)


# --- widths -----------------------------------------------------------------------------------------------


def test_width_counts_wide_characters_as_one_and_others_as_half():
    assert read._width(" 预算执行率100% ") == 7.0
    assert read._width("中，文ab。") == 5.0


def test_an_unwrapped_text_never_continues_on_the_next_line_for_its_length():
    long_line = "本单位预算执行情况良好" * 12
    assert read._continues(long_line, 1e9) is False
    assert read._continues(long_line, 100) is True
    assert read._continues("预" * 89 + "算", 100) is True  # 90 ems: 0.85 of the page's 100 and more
    assert read._continues("预算" * 42, 100) is False  # 84 ems
