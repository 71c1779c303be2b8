"""reportgen.caches: what drafting and checking remember between reports is bounded and forgotten in one call."""

from __future__ import annotations

from reportgen import caches
from reportgen.check import docx_read
from reportgen.check.read import fold


def test_a_text_cache_answers_again_from_memory_until_forgotten():
    calls: list[str] = []

    @caches.text_cache(maxsize=4)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout("a"), shout("a"), shout("b")] == ["A", "A", "B"]
    assert calls == ["a", "b"]
    caches.forget()
    assert shout("a") == "A"
    assert calls == ["a", "b", "a"]


def test_a_text_cache_is_bounded():
    calls: list[int] = []

    @caches.text_cache(maxsize=2)
    def double(n: int) -> int:
        calls.append(n)
        return 2 * n

    for n in (1, 2, 3, 1):  # 1 is pushed out by 3
        double(n)
    assert calls == [1, 2, 3, 1]


def test_forget_drops_what_checking_kept():
    fold("（一）部门 概况")
    assert fold.cache_info().currsize > 0  # type: ignore[attr-defined]
    docx_read._STYLES_SEEN[b"digest"] = docx_read.Styles(None)
    caches.forget()
    assert fold.cache_info().currsize == 0  # type: ignore[attr-defined]
    assert not docx_read._STYLES_SEEN


def test_by_identity_keeps_an_answer_per_object_not_per_equal_value():
    calls: list[list[str]] = []

    @caches.by_identity(maxsize=2)
    def joined(words: list[str]) -> str:
        calls.append(words)
        return "|".join(words)

    first, twin, third = ["甲", "乙"], ["甲", "乙"], ["丙"]
    assert [joined(first), joined(first), joined(twin)] == ["甲|乙"] * 3
    assert calls == [first, twin]  # an equal list is another object: asked anew
    joined(third)  # the oldest (first) goes
    joined(first)
    assert len(calls) == 4
    caches.forget()  # derived from settings, not from a report: kept
    joined(first)
    assert len(calls) == 4
