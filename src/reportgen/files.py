"""Writing a file a person may open or edit: to a temporary file beside it, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from reportgen.errors import OutputError, os_reason
from reportgen.limits import MAX_FILE_NAME_BYTES

#: Characters no file name may hold on Windows, macOS or Linux (and control characters), as typed in a unit's name.
_NOT_IN_NAMES = str.maketrans(dict.fromkeys('<>:"/\\|?*' + "".join(map(chr, range(32))) + "\x7f", "_"))


def file_name(make: Callable[[str], str], part: str) -> str:
    """``make(part)`` as a file name (without extension) usable on every system: characters a file system refuses
    made ``_``, and ``part`` cut short (with …) to keep the name under :data:`MAX_FILE_NAME_BYTES` bytes.

    >>> file_name(lambda unit: f"2024年度{unit}报告", "甲/乙:丙")
    '2024年度甲_乙_丙报告'
    >>> name = file_name(lambda unit: f"2024年度{unit}报告", "档案馆" * 100)
    >>> len(name.encode()) <= 200, name[-6:]
    (True, '档案馆…报告')
    """
    part = part.translate(_NOT_IN_NAMES).strip()
    room = MAX_FILE_NAME_BYTES - len(make("").encode())
    if len(part.encode()) > room:
        while part and len(part.encode()) + len("…".encode()) > room:
            part = part[:-1]
        part += "…"
    name = make(part).translate(_NOT_IN_NAMES).strip(". ")  # Windows drops a trailing dot; a leading one hides it
    return name or "报告"


def write_atomically(output: Path, write: Callable[[Path], None], *, inputs: list[Path], force: bool) -> Path:
    """Run ``write`` on a temporary file beside ``output``, then put it in place; never over an input, and
    over an existing file only with ``force``."""
    output = output.expanduser()
    try:
        _check_output(output, inputs, force=force)
    except OSError as exc:  # a name no file system takes (too long…), or a folder that cannot be looked into
        raise OutputError(f"无法写入 {output}（{os_reason(exc)}）") from None
    try:
        # A short prefix: the temporary name must fit wherever the output's own name fits.
        handle, temp_name = tempfile.mkstemp(prefix=f".{output.stem[:20]}.", suffix=".tmp", dir=output.parent)
        os.close(handle)
    except OSError as exc:
        raise OutputError(f"无法在 {output.parent} 中写入文件（{os_reason(exc)}）") from None
    temp = Path(temp_name)
    try:
        write(temp)
        temp.chmod(_default_file_mode())  # mkstemp makes 0600; a report is an ordinary document
        os.replace(temp, output)
    except PermissionError:
        raise OutputError(
            f"无法写入 {output}：文件被占用或没有权限（如已在 Word、WPS 或 Excel 中打开，请先关闭）"
        ) from None
    except OSError as exc:
        raise OutputError(f"无法写入 {output}（{os_reason(exc)}）") from None
    finally:
        temp.unlink(missing_ok=True)
    return output


def _check_output(output: Path, inputs: list[Path], *, force: bool) -> None:
    if output.is_dir():
        raise OutputError(f"输出路径 {output} 是一个文件夹，请给出文件名")
    if not output.parent.is_dir():
        raise OutputError(f"输出文件夹 {output.parent} 不存在")
    if any(_same_file(output, source) for source in inputs):
        raise OutputError(f"输出文件 {output} 就是输入文件，不能写在它上面；请用 -o 指定另一个文件名")
    if output.exists() and not force:
        raise OutputError(
            f"输出文件 {output} 已存在，未覆盖（其中可能有您修改过的内容）。"
            "要覆盖它请加 --force；要另存一份请用 -o 指定新的文件名"
        )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
