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

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from reportgen.limits import MAX_UPLOAD_FILES, size_text

#: Room for the multipart boundaries and form fields beside the files themselves.
_FORM_OVERHEAD = 64 * 1024
#: Control characters, and the invisible ones that reorder or hide text (U+202E makes 「x\u202excod.exe」 show as
#: 「xexe.docx」).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAME_CHARS = 120


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
    request: Request, field: str, allowed: tuple[str, ...], *, max_bytes: int, max_files: int = MAX_UPLOAD_FILES
) -> AsyncIterator[tuple[list[Saved], FormData]]:
    """The files of ``field``, each checked for size and type and saved in a temporary folder that is removed
    on leaving, with the rest of the form."""
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise UploadError("上传请求缺少内容长度，请用页面上的表单上传", status=411)
    if int(declared) > max_bytes * max_files + _FORM_OVERHEAD:
        raise UploadError(
            f"上传的内容共 {size_text(int(declared))}，超过上限（每个文件 {size_text(max_bytes)}，"
            f"每次最多 {max_files} 个文件）；请分批上传",
            status=413,
        )
    try:
        form = await request.form(max_files=max_files, max_fields=100)
    except HTTPException as exc:  # python-multipart refused the form
        if "Too many files" in str(exc.detail):
            raise UploadError(f"每次最多上传 {max_files} 个文件；请分批上传", status=413) from None
        raise UploadError("上传的内容无法读取，请用页面上的表单重新上传") from None
    try:
        uploads = [item for item in form.getlist(field) if isinstance(item, UploadFile)]
        uploads = [item for item in uploads if item.filename]  # a file input left empty sends a nameless part
        if not uploads:
            raise UploadError("请先选择要上传的文件")
        with tempfile.TemporaryDirectory(prefix="reportgen-web-") as folder:
            saved = []
            for index, upload in enumerate(uploads, start=1):
                name = display_name(upload.filename)
                suffix = suffix_of(name)
                path = Path(folder) / f"upload-{index:03d}{suffix}"
                problem, status = _problem(upload, allowed, max_bytes)
                if not problem:
                    await upload.seek(0)
                    path.write_bytes(await upload.read())
                saved.append(Saved(name, suffix, path, problem, status))
            yield saved, form
    finally:
        await form.close()


def _problem(upload: UploadFile, allowed: tuple[str, ...], max_bytes: int) -> tuple[str, int]:
    """Why this upload cannot be used, and the HTTP status that says so; ('', 200) when it can."""
    name = display_name(upload.filename)
    suffix = suffix_of(name)
    if suffix not in allowed:
        return f"「{name}」的文件类型「{suffix or '无扩展名'}」无法使用；请上传 {'、'.join(allowed)} 文件", 415
    size = upload.size
    if size is None:
        upload.file.seek(0, 2)
        size = upload.file.tell()
    if size > max_bytes:
        return (
            f"「{name}」有 {size_text(size)}，超过上传上限 {size_text(max_bytes)}；请确认是否选错了文件，或把它分成几个文件",
            413,
        )
    return "", 200
