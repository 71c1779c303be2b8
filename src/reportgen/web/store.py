"""A small in-memory store for what one page hands to the next (an uploaded input, a summary workbook).

Entries are keyed by a random token, kept for a limited time, and the oldest are dropped past a fixed count,
so a page left open all day cannot make the server grow without bound.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Entries kept at most, and their bytes together; the least recently used goes first.
MAX_ENTRIES = 64
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: Seconds an entry is kept after it was last used.
LIFETIME_SECONDS = 4 * 60 * 60


@dataclass
class _Entry(Generic[T]):
    value: T
    used: float
    size: int


class Store(Generic[T]):
    """Values under unguessable tokens; thread-safe, bounded in count, in bytes (``size`` of a value) and in age.
    The newest value is always kept, whatever its size."""

    def __init__(
        self,
        size: Callable[[T], int],
        *,
        max_entries: int = MAX_ENTRIES,
        max_bytes: int = MAX_TOTAL_BYTES,
        lifetime: float = LIFETIME_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._entries: OrderedDict[str, _Entry[T]] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size
        self._max = max_entries
        self._max_bytes = max_bytes
        self._lifetime = lifetime
        self._clock = clock

    def put(self, value: T) -> str:
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._expire()
            self._entries[token] = _Entry(value, self._clock(), self._size(value))
            while len(self._entries) > 1 and (
                len(self._entries) > self._max or sum(e.size for e in self._entries.values()) > self._max_bytes
            ):
                self._entries.popitem(last=False)
        return token

    def get(self, token: str) -> T | None:
        with self._lock:
            self._expire()
            entry = self._entries.get(token)
            if entry is None:
                return None
            entry.used = self._clock()
            self._entries.move_to_end(token)
            return entry.value

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _expire(self) -> None:
        now = self._clock()
        for token in [t for t, e in self._entries.items() if now - e.used > self._lifetime]:
            del self._entries[token]
