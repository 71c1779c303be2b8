"""The split dictionary segments exactly as jieba does (HMM off), which the doubled-character rule relies on."""

from __future__ import annotations

import logging
import random
import re

import jieba
import pytest

from paths import FIXTURES
from reportgen.check import segment


@pytest.fixture(scope="module")
def tokenizer():
    jieba.setLogLevel(logging.WARNING)
    loaded = jieba.Tokenizer()
    loaded.initialize()
    return loaded


def clauses() -> list[str]:
    found: set[str] = set()
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(r"[\u3400-\u9fff]+", text))  # the clauses the rule segments
        found.update(part for part in re.split(r"[。；\n]", text) if part)  # and mixed text
    chosen = random.Random(11)
    alphabet = "的了和在是其中中央财政资金项目人人根据aB1 2.%-#\t\r\n㐀鿿龥，"
    found.update("".join(chosen.choice(alphabet) for _ in range(chosen.randint(1, 24))) for _ in range(1500))
    return sorted(found)


def test_tokens_are_jiebas(tokenizer):
    words = segment.dictionary()
    differing = [c for c in clauses() if list(segment.cut(c, words)) != list(tokenizer.cut(c, HMM=False))]
    assert differing == []


def test_a_damaged_split_dictionary_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    segment.dictionary.cache_clear()
    try:
        first = segment.dictionary()
        built = next((tmp_path / "reportgen").glob("jieba-split-*.bin"))
        built.write_bytes(b"\x00" * 3)
        segment.dictionary.cache_clear()
        again = segment.dictionary()
        assert again.total == first.total and built.stat().st_size > 1_000_000
        assert list(segment.cut("其中中央财政", again)) == ["其中", "中央财政"]  # as jieba cuts it
    finally:
        segment.dictionary.cache_clear()
