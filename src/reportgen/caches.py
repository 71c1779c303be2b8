"""What drafting and checking derive from text, kept for the work after it in the same process.

Folding a line, matching a heading against the skeletons, splitting a clause into words, reading an indicator
value, Babel's text of a figure, a table cell's paragraphs: pure functions of their arguments, asked again and
again within one report and, in a batch worker or the web page, for what every report of a region shares
(「一、部门基本情况」, a 自评表's header). :func:`text_cache` keeps their answers per process, bounded;
:func:`forget` drops them all, so the benchmark times a draft or a check as on input never seen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar, cast

F = TypeVar("F", bound=Callable[..., object])
Owner = TypeVar("Owner")
R = TypeVar("R")

_FORGETTERS: list[Callable[[], None]] = []


def text_cache(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache`` for a function of report text, dropped by :func:`forget`."""

    def wrap(func: F) -> F:
        cached = lru_cache(maxsize=maxsize)(func)
        _FORGETTERS.append(cached.cache_clear)
        return cast(F, cached)

    return wrap


def on_forget(forget_them: Callable[[], None]) -> Callable[[], None]:
    """Register another store of what earlier reports left (the .docx styles seen)."""
    _FORGETTERS.append(forget_them)
    return forget_them


def forget() -> None:
    """Drop everything kept from earlier reports: the next check runs as on a report never seen (the rule book,
    lexicon and word dictionary stay loaded, as they do in any long-running process)."""
    for forget_them in _FORGETTERS:
        forget_them()


def by_identity(maxsize: int) -> Callable[[Callable[[Owner], R]], Callable[[Owner], R]]:
    """Keep what is derived from an object that does not change once made (a lexicon, a profile, one of a
    lexicon's lists) by the object's identity: such objects are unhashable or costly to hash. The object is kept
    with its answer, so its id is not reused while the answer stands; the oldest goes when ``maxsize`` are kept.
    Not forgotten by :func:`forget`: it is derived from settings, not from a report's text."""

    def wrap(func: Callable[[Owner], R]) -> Callable[[Owner], R]:
        kept: dict[int, tuple[Owner, R]] = {}

        def cached(owner: Owner) -> R:
            hit = kept.get(id(owner))
            if hit is None or hit[0] is not owner:
                if len(kept) >= maxsize:
                    del kept[next(iter(kept))]
                hit = kept[id(owner)] = (owner, func(owner))
            return hit[1]

        return cached

    return wrap
