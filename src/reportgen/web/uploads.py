"""Receiving uploaded files: size limits, allowed types, and a temporary folder that lives for one request.

A client's file name is only ever shown (escaped) and used for its suffix, which must be one we read; the
file itself is saved under a name we choose, in a folder removed when the request is done.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from reportgen.limits import MAX_UPLOAD_FILES, MAX_UPLOAD_TOTAL_BYTES, size_text

if TYPE_CHECKING:  # a type the module declares only to type checkers
    from python_multipart.multipart import MultipartCallbacks

#: Room for the multipart boundaries and form fields beside the files themselves.
_FORM_OVERHEAD = 64 * 1024
#: Control characters, and the invisible ones that reorder or hide text (U+202E makes 「x\u202excod.exe」 show as
#: 「xexe.docx」).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAME_CHARS = 120
_UNREADABLE = "上传的内容无法读取，请用页面上的表单重新上传"
#: A header line of one part (its name and file name): a browser's are well under this.
_HEADER_BYTES = 8 * 1024


class UploadError(Exception):
    """An upload that cannot be used; the message is Chinese and names the file."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Saved:
    """An uploaded file as saved for this request: the client's name (for display only) and where it is, or
    why it was refused (a type we do not read, too large); a refused file is not saved."""

    name: str
    suffix: str
    path: Path
    problem: str = ""
    status: int = 200  # of the refusal: 413 too large, 415 a type we do not read

    def usable(self) -> Path:
        """The saved file; :class:`UploadError` with the reason when it was refused."""
        if self.problem:
            raise UploadError(self.problem, status=self.status)
        return self.path


def display_name(filename: str | None) -> str:
    """The last part of a client's file name, without control characters, for showing (never as a path).

    >>> display_name("C:\\\\报告\\\\2023年报告.docx"), display_name("../../etc/passwd"), display_name(None)
    ('2023年报告.docx', 'passwd', '')
    >>> display_name("报告\\u202excod.exe")
    '报告xcod.exe'
    """
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("", name).strip()[:_NAME_CHARS]


def suffix_of(name: str) -> str:
    """The lower-case suffix of a displayed file name, or '' when it has none.

    >>> suffix_of("填报表.XLSX"), suffix_of("报告"), suffix_of(".docx")
    ('.xlsx', '', '')
    """
    return PurePosixPath(name).suffix.lower()


@asynccontextmanager
async def received(
    request: Request,
    field: str,
    allowed: tuple[str, ...],
    *,
    max_bytes: int,
    max_total: int = MAX_UPLOAD_TOTAL_BYTES,
    max_files: int = MAX_UPLOAD_FILES,
) -> AsyncIterator[tuple[list[Saved], dict[str, str]]]:
    """The files of ``field``, each checked for type and size as it arrives and saved in a temporary folder that is
    removed on leaving, with the form's other fields.

    The whole upload may take ``max_total`` (never less than one file's ``max_bytes``): a larger one is refused by
    its Content-Length before any of it is read, and, should it send more than it declared, as soon as it has. A
    file stops being saved once it passes ``max_bytes`` (the rest of it is only counted, for the message).
    """
    limit = total_limit(max_total, max_bytes, max_files)
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise UploadError("上传请求缺少内容长度，请用页面上的表单上传", status=411)
    if int(declared) > limit + _FORM_OVERHEAD:
        raise UploadError(_too_much(limit, max_bytes, max_files, int(declared)), status=413)
    _, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if not boundary:
        raise UploadError(_UNREADABLE)
    with tempfile.TemporaryDirectory(prefix="reportgen-web-") as folder:
        form = _Form(Path(folder), field, allowed, max_bytes=max_bytes, max_files=max_files)
        parser = MultipartParser(boundary, form.callbacks())
        taken = 0
        try:
            async for chunk in request.stream():
                taken += len(chunk)
                if taken > limit + _FORM_OVERHEAD:
                    raise UploadError(_too_much(limit, max_bytes, max_files), status=413)
                parser.write(chunk)
            parser.finalize()
        except FormParserError:
            raise UploadError(_UNREADABLE) from None
        finally:
            form.close()
        if not form.saved:
            raise UploadError("请先选择要上传的文件")
        yield form.saved, form.fields


def total_limit(max_total: int, max_bytes: int, max_files: int = MAX_UPLOAD_FILES) -> int:
    """What one upload may take in all: ``max_total``, but never less than one file's limit, nor more than
    ``max_files`` of them.

    >>> total_limit(200, 20), total_limit(200, 300), total_limit(200, 20, max_files=1)
    (200, 300, 20)
    """
    return min(max(max_total, max_bytes), max_bytes * max_files)


def _too_much(limit: int, max_bytes: int, max_files: int, size: int | None = None) -> str:
    said = f"上传的内容共 {size_text(size)}，" if size is not None else "上传的内容"
    return (
        f"{said}超过每次上传的上限 {size_text(limit)}（每个文件最多 {size_text(max_bytes)}，"
        f"每次最多 {max_files} 个文件）；请分批上传"
    )


class _Form:
    """The parts of one multipart upload as they stream in: a file of ``field`` written to ``folder`` under a name
    of ours (unless refused: then only counted), a short text field kept, anything else passed over."""

    def __init__(self, folder: Path, field: str, allowed: tuple[str, ...], *, max_bytes: int, max_files: int) -> None:
        self.folder, self.field, self.allowed = folder, field, allowed
        self.max_bytes, self.max_files = max_bytes, max_files
        self.saved: list[Saved] = []
        self.fields: dict[str, str] = {}
        self._files = 0
        self._field_bytes = 0
        self._header = [b"", b""]
        self._disposition = b""
        self._part: _Part | None = None

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._add_header(0, data[start:end]),
            "on_header_value": lambda data, start, end: self._add_header(1, data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": lambda data, start, end: self._data(data[start:end]),
            "on_part_end": self._end,
        }

    def close(self) -> None:
        if self._part is not None and self._part.handle is not None:
            self._part.handle.close()

    def _begin(self) -> None:
        self._header, self._disposition, self._part = [b"", b""], b"", None

    def _add_header(self, which: int, data: bytes) -> None:
        self._header[which] += data
        if len(self._header[which]) > _HEADER_BYTES:
            raise UploadError(_UNREADABLE)

    def _header_end(self) -> None:
        if self._header[0].lower() == b"content-disposition":
            self._disposition = self._header[1]
        self._header = [b"", b""]

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            self._part = _Part(name, None)
            return
        self._files += 1
        if self._files > self.max_files:
            raise UploadError(f"每次最多上传 {self.max_files} 个文件；请分批上传", status=413)
        shown = display_name(options[b"filename"].decode("utf-8", "replace"))
        if name != self.field or not shown:  # a file input left empty sends a nameless part
            self._part = _Part(name, None, wanted=False)
            return
        suffix = suffix_of(shown)
        path = self.folder / f"upload-{len(self.saved) + 1:03d}{suffix}"
        self._part = _Part(name, shown, path=path)
        if suffix not in self.allowed:
            self._part.refuse(
                f"「{shown}」的文件类型「{suffix or '无扩展名'}」无法使用；请上传 {'、'.join(self.allowed)} 文件", 415
            )
        else:
            self._part.handle = path.open("wb")

    def _data(self, data: bytes) -> None:
        part = self._part
        if part is None or not part.wanted:
            return
        part.size += len(data)
        if part.shown is None:  # a text field: short, and all of them together within the form's room
            self._field_bytes += len(data)
            if self._field_bytes > _FORM_OVERHEAD:
                raise UploadError(_UNREADABLE)
            part.text += data
        elif part.size > self.max_bytes and part.status == 200:
            part.refuse("", 413)  # the message, with the file's whole size, once it has all arrived
        elif part.handle is not None:
            part.handle.write(data)  # a chunk of the request (at most 64 KB): written as it comes

    def _end(self) -> None:
        part = self._part
        if part is None or not part.wanted:
            return
        if part.shown is None:
            self.fields.setdefault(part.name, part.text.decode("utf-8", "replace"))
            return
        if part.handle is not None:
            part.handle.close()
        problem = part.problem
        if part.status == 413:
            problem = (
                f"「{part.shown}」有 {size_text(part.size)}，超过上传上限 {size_text(self.max_bytes)}；"
                "请确认是否选错了文件，或把它分成几个文件"
            )
        assert part.path is not None
        self.saved.append(Saved(part.shown, suffix_of(part.shown), part.path, problem, part.status))
        self._part = None


@dataclass
class _Part:
    """One part of the form as it arrives: a text field (``shown`` None) or a file, and where that goes."""

    name: str
    shown: str | None  # the client's file name, for display
    wanted: bool = True
    path: Path | None = None
    handle: BinaryIO | None = None
    size: int = 0
    text: bytes = b""
    problem: str = ""
    status: int = 200  # of a refusal: 413 too large, 415 a type we do not read

    def refuse(self, problem: str, status: int) -> None:
        """Save no more of this file, and drop what was saved of it."""
        self.problem, self.status = problem, status
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
