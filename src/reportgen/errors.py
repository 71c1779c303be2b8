"""One error hierarchy; the CLI turns each into a Chinese message and an exit code."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field

#: What an issue says of a required field left empty (load.MISSING names it to the models' errors).
NOT_FILLED = "缺少必填字段"


@dataclass(frozen=True)
class InputIssue:
    """One problem in an input file, located by field path (Chinese keys) and line."""

    path: str  # e.g. "支出.项目支出.项目[2].全年执行数"; "" for the whole file
    message: str  # Chinese, says what is wrong and what to do
    line: int | None = None

    def describe(self, source: str) -> str:
        where = source
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.path:
            where += f"「{self.path}」"
        return f"{where}：{self.message}"


class ReportgenError(Exception):
    """Base of every error reportgen reports to a user."""

    exit_code = 2

    def user_message(self) -> str:
        return str(self)


@dataclass
class InputError(ReportgenError):
    """The input file cannot be used; carries every issue found, not just the first."""

    source: str
    issues: list[InputIssue] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.user_message())

    def user_message(self) -> str:
        head = f"输入文件 {self.source} 有 {len(self.issues)} 处错误，未生成任何文件："
        if self.issues and all(i.message.endswith(NOT_FILLED) or "请填写「" in i.message for i in self.issues):
            # A workbook started from last year's report (reportgen import): what is left is to be filled in.
            head = f"输入文件 {self.source} 还有 {len(self.issues)} 处必填项没有填写，未生成任何文件："
        return "\n".join([head, *(f"  - {i.describe(self.source)}" for i in self.issues)])


class TemplateError(ReportgenError):
    """A narrative template failed to render (a bug in a template, not in the input)."""


class OutputError(ReportgenError):
    """The output file cannot be written."""


class ProfileError(ReportgenError):
    """A report profile (format definition) is missing or malformed."""


class RubricError(ReportgenError):
    """A rubric, lexicon or rule file (or a user's evidence file) is missing or malformed."""


class DraftReadError(ReportgenError):
    """A draft report given to ``reportgen check`` cannot be read (unknown type, encrypted, empty…)."""


_OS_ERRORS = {
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘是只读的",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
    errno.EIO: "读写磁盘出错",
    errno.EINVAL: "文件名无效",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, in Chinese (its own ``strerror`` is English).

    >>> os_reason(OSError(errno.ENOSPC, "No space left on device"))
    '磁盘空间不足'
    """
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    return f"系统错误 {exc.errno}" if exc.errno is not None else "系统错误"
