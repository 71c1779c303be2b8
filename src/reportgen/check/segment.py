"""jieba's segmentation without HMM (``jieba.cut(text, HMM=False)``) with its dictionary read a character at a time.

jieba keeps its whole prefix dictionary in memory: about 500,000 entries, one to two seconds to load in every
process that meets one doubled character (see rules._whole_words), which is most batch workers and a single
``reportgen check`` of such a report. The segmentation of a clause only ever looks up fragments that begin at one
of its characters, so the dictionary is split once by first character into a file in the user's cache folder
(built from jieba's own, in jieba's own way) and a process reads only the parts for the characters it meets.
The tokens are jieba's: the same blocks, the same DAG, the same route by log frequency, ties broken the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import mmap
import os
import re
import struct
import tempfile
from collections.abc import Iterator
from functools import cache
from math import log
from pathlib import Path

# jieba's patterns for the default (non-paddle) mode, as jieba 0.42 defines them.
_RE_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)
_RE_ENG = re.compile("[a-zA-Z0-9]", re.U)
_FORMAT = 1
_HEADER = struct.Struct("<Q")


class Dictionary:
    """jieba's prefix dictionary (word or prefix → frequency, 0 for a bare prefix) split by first character."""

    def __init__(self, path: Path) -> None:
        # mapped, not read through a file position: a forked worker shares this object and reads it at once
        with path.open("rb") as stream:
            self._data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        (size,) = _HEADER.unpack(self._data[: _HEADER.size])
        version, self.total, self._index = marshal.loads(self._data[_HEADER.size : _HEADER.size + size])
        if version != _FORMAT:
            raise ValueError(f"unknown dictionary format {version}")
        self._base = _HEADER.size + size
        self._shards: dict[str, dict[str, int]] = {}

    def shard(self, char: str) -> dict[str, int]:
        """The entries that begin with ``char``."""
        found = self._shards.get(char)
        if found is None:
            where = self._index.get(char)
            if where is None:
                found = {}
            else:
                start = self._base + where[0]
                found = marshal.loads(self._data[start : start + where[1]])
            self._shards[char] = found
        return found


def cut(sentence: str, dictionary: Dictionary) -> Iterator[str]:
    """The tokens of ``jieba.Tokenizer().cut(sentence, HMM=False)``."""
    for block in _RE_HAN.split(sentence):
        if not block:
            continue
        if _RE_HAN.match(block):
            yield from _cut_dag(block, dictionary)
        else:
            for piece in _RE_SKIP.split(block):
                if _RE_SKIP.match(piece):
                    yield piece
                else:
                    yield from piece


def _cut_dag(sentence: str, dictionary: Dictionary) -> Iterator[str]:
    n = len(sentence)
    shards = [dictionary.shard(char) for char in sentence]
    dag: dict[int, list[int]] = {}
    for k in range(n):  # jieba's get_DAG: the ends of every word starting at k
        ends = []
        shard = shards[k]
        i = k
        fragment = sentence[k]
        while i < n and fragment in shard:
            if shard[fragment]:
                ends.append(i)
            i += 1
            fragment = sentence[k : i + 1]
        dag[k] = ends or [k]
    route: dict[int, tuple[float, int]] = {n: (0, 0)}
    log_total = log(dictionary.total)
    for index in range(n - 1, -1, -1):  # jieba's calc: the most probable path to the end
        shard = shards[index]
        route[index] = max(
            (log(shard.get(sentence[index : x + 1]) or 1) - log_total + route[x + 1][0], x) for x in dag[index]
        )
    x = 0
    buffer = ""
    while x < n:  # jieba's __cut_DAG_NO_HMM: single Latin letters and digits run together
        y = route[x][1] + 1
        word = sentence[x:y]
        if _RE_ENG.match(word) and len(word) == 1:
            buffer += word
        else:
            if buffer:
                yield buffer
                buffer = ""
            yield word
        x = y
    if buffer:
        yield buffer


@cache
def dictionary() -> Dictionary:
    """jieba's default dictionary, split; built on first use (a second or two, once per machine and jieba)."""
    spec = importlib.util.find_spec("jieba")  # found, not imported: importing jieba takes a third of a second
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba")
    source = Path(spec.origin).with_name("dict.txt")
    stat = source.stat()
    key = hashlib.sha256(f"{_FORMAT}|{source}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    path = _cache_dir() / f"jieba-split-{key.hexdigest()[:16]}.bin"
    if not path.is_file():
        _build(path)
    try:
        return Dictionary(path)
    except (OSError, ValueError, EOFError, TypeError, struct.error):
        _build(path)  # a damaged cache file is rebuilt
        return Dictionary(path)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "reportgen"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return Path(tempfile.gettempdir())


def _build(path: Path) -> None:
    """Split jieba's prefix dictionary by first character into ``path`` (written whole, then renamed)."""
    import logging

    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict…" to stderr at DEBUG
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    shards: dict[str, dict[str, int]] = {}
    for word, frequency in tokenizer.FREQ.items():
        if word:
            shards.setdefault(word[0], {})[word] = frequency
    blobs = []
    index: dict[str, tuple[int, int]] = {}
    offset = 0
    for char, shard in shards.items():
        blob = marshal.dumps(shard)
        index[char] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    header = marshal.dumps((_FORMAT, tokenizer.total, index))
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".jieba-split-")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(_HEADER.pack(len(header)))
            stream.write(header)
            for blob in blobs:
                stream.write(blob)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
