"""YAML / JSON input → validated model; every error names the file, field path and line (or cell) in Chinese."""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Protocol, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportgen.errors import NOT_FILLED, InputError, InputIssue, os_reason
from reportgen.findings import Category, Finding, Level
from reportgen.limits import (
    MAX_INPUT_BYTES,
    MAX_INPUT_DEPTH,
    MAX_INPUT_NODES,
    MAX_TEXT_CHARS,
    MAX_WORKBOOK_COMPRESSION_RATIO,
    MAX_WORKBOOK_UNPACKED_BYTES,
    size_text,
)
from reportgen.models import DepartmentReport
from reportgen.models.common import Unit, annotation_metadata

PathKey = tuple[str | int, ...]

# libyaml's loader where PyYAML was built with it (about 10× faster on large inputs), the same safe tags either way.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: What a file of another kind is, and what to do with it instead of drafting from it.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_OTHER_FILES = {
    ".docx": "这是 Word 文件；要检查它请用 reportgen check",
    ".doc": "这是 Word 文件；要检查它请先在 Word 中另存为 .docx，再用 reportgen check",
    ".wps": "这是 WPS 文字文件；要检查它请先另存为 .docx，再用 reportgen check",
    ".pdf": "这是 PDF 文件；要检查它请用 reportgen check",
    ".xls": "这是旧版 Excel 文件（.xls）；请在 Excel 中「另存为」Excel 工作簿（.xlsx）后重试",
    ".et": "这是 WPS 表格文件；请「另存为」Excel 工作簿（.xlsx）后重试",
    ".csv": "CSV 文件只有一张表；请用 reportgen template 生成的填报表（.xlsx）填写",
}


class Locator(Protocol):
    """Where an input error is, as a clerk finds it: a line of a YAML file, or a cell of a workbook."""

    def issue(self, loc: PathKey, message: str) -> InputIssue: ...

    def place_in_text(self, text: str) -> str:
        """A message quoting field paths, as the clerk finds them in this input."""
        ...


@dataclass(frozen=True)
class LineLocator:
    """Errors of a YAML or JSON file, by field path and the line of its key."""

    lines: dict[PathKey, int]

    def issue(self, loc: PathKey, message: str) -> InputIssue:
        return InputIssue(format_path(loc), message, line_of(loc, self.lines))

    def place_in_text(self, text: str) -> str:
        return text  # a YAML or JSON file is written by field path, as the message quotes it


def is_workbook(path: Path) -> bool:
    """An Excel fill-in workbook, by its extension or, under another name, by its contents."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    return _zip_kind(path) == "xlsx"


def _zip_kind(path: Path) -> str | None:
    """``docx`` or ``xlsx`` for an Office file whatever it is called; None for anything else."""
    try:
        if not zipfile.is_zipfile(path):
            return None
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def other_file_advice(path: Path, raw: bytes | None = None) -> str | None:
    """What to do with a file that is not an input: a report to check, or a spreadsheet to save as .xlsx."""
    advice = _OTHER_FILES.get(path.suffix.lower())
    if advice is not None:
        return advice
    if raw is not None and raw.startswith(b"%PDF"):
        return _OTHER_FILES[".pdf"]
    if _zip_kind(path) == "docx":
        return _OTHER_FILES[".docx"]
    return None


# ---------------------------------------------------------------- reading


def read_data(path: Path) -> tuple[Any, dict[PathKey, int]]:
    """Read a YAML or JSON file into plain data, with the line of every key (1-based)."""
    source = str(path)
    raw = read_bytes(path)
    advice = other_file_advice(path, raw)
    if advice is not None:
        raise InputError(source, [InputIssue("", advice)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = "文件不是 UTF-8 编码（此行有无法识别的字节）；请在编辑器中另存为 UTF-8 编码后重试"
        raise InputError(source, [InputIssue("", message, line)]) from None
    if not text.strip():
        raise InputError(source, [InputIssue("", "文件是空的")])
    if path.suffix.lower() == ".json":
        return _read_json(text, source), {}
    return _read_yaml(text, source)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an :class:`InputError` saying in Chinese why it cannot be read (or is too large)."""
    source = str(path)
    try:
        check_input_size(path)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, [InputIssue("", "文件不存在，请检查路径")]) from None
    except IsADirectoryError:
        raise InputError(source, [InputIssue("", "这是一个文件夹，不是输入文件")]) from None
    except OSError as exc:
        raise InputError(source, [InputIssue("", f"无法读取文件（{os_reason(exc)}）")]) from None


def check_input_size(path: Path) -> None:
    """Refuse an input file larger than any real input, before reading it."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        message = (
            f"文件有 {size_text(size)}，超过输入文件的上限 {size_text(MAX_INPUT_BYTES)}（正常的输入文件不到 1 MB）；"
            "请确认选对了文件"
        )
        raise InputError(str(path), [InputIssue("", message)])


def check_workbook_package(path: Path) -> None:
    """Refuse a workbook larger than any real one, or one that would unpack to far more (a zip bomb), before
    it is opened."""
    source = str(path)
    try:
        check_input_size(path)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile):
        return  # opening the workbook says what is wrong with it
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_WORKBOOK_UNPACKED_BYTES or unpacked / packed > MAX_WORKBOOK_COMPRESSION_RATIO:
        message = (
            f"解压后有 {size_text(unpacked)}（压缩了 {unpacked / packed:.0f} 倍），不像正常的填报表，为安全起见不予读取"
            f"（上限 {size_text(MAX_WORKBOOK_UNPACKED_BYTES)}、{MAX_WORKBOOK_COMPRESSION_RATIO} 倍）"
        )
        raise InputError(source, [InputIssue("", message)])


def _json_int(digits: str) -> int | Decimal:
    # Python refuses to read an int of more than 4,300 digits; as a Decimal it reaches the model's bound instead.
    return int(digits) if len(digits) <= 100 else Decimal(digits)


_JSON_PROBLEMS = {
    "Expecting value": "此处缺少值（或多了一个逗号）",
    "Expecting ',' delimiter": "缺少逗号「,」",
    "Expecting ':' delimiter": "缺少冒号「:」",
    "Expecting property name enclosed in double quotes": "字段名应加英文双引号（最后一项之后不能有逗号）",
    "Unterminated string starting at": "引号没有闭合",
    "Invalid control character at": "有不可见的控制字符",
    "Extra data": "内容结束后还有多余的文字",
    "Invalid \\escape": "引号中有无法识别的转义字符「\\」",
    "Invalid \\uXXXX escape": "引号中有无法识别的转义字符「\\u」",
}


def _read_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_json_int, strict=False)
    except json.JSONDecodeError as exc:
        problem = next((zh for en, zh in _JSON_PROBLEMS.items() if exc.msg.startswith(en)), "无法解析")
        raise InputError(source, [InputIssue("", f"JSON 格式错误（第{exc.colno}列）：{problem}", exc.lineno)]) from None
    except RecursionError:
        raise InputError(source, [InputIssue("", _too_deep())]) from None


def _too_deep() -> str:
    return f"嵌套超过 {MAX_INPUT_DEPTH} 层，不像正常的输入文件（最深的字段也只有 6 层）；请检查缩进或括号"


#: Characters an input never means: C0 and C1 controls other than tab and line breaks (they arrive by copy-paste
#: from PDFs, and no .docx may hold them), and Unicode noncharacters (which the drafting uses internally).
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")
#: What a control character of a YAML file is read as (its reader refuses them): a noncharacter, which
#: :func:`clean_data` then removes from the text it is in, naming that field.
_CONTROL_STAND_IN = "\ufdef"


def _read_yaml(text: str, source: str) -> tuple[Any, dict[PathKey, int]]:
    text = CONTROL_RE.sub(_CONTROL_STAND_IN, text)
    try:
        try:
            built = _build(text, _SAFE_LOADER, source)
        except yaml.YAMLError:  # read again with the Python loader, whose messages are translated below
            built = _build(text, yaml.SafeLoader, source)
    except yaml.YAMLError as exc:
        problem, line = yaml_error_zh(exc)
        raise InputError(source, [InputIssue("", problem, line)]) from None
    if built is None:
        raise InputError(source, [InputIssue("", "文件中没有内容")])
    data, lines, issues = built
    if issues:
        raise InputError(source, issues)
    return data, lines


def _build(text: str, loader: Any, source: str) -> tuple[Any, dict[PathKey, int], list[InputIssue]] | None:
    """The data of a YAML file, its lines and its repeated keys; None for a file with no document.

    A file without anchors and aliases (every real input) is checked and built in one pass over its events
    (:func:`_build_plain`); any other is composed into nodes once its events pass the same checks.
    """
    try:
        return _build_plain(text, loader, source)
    except _NotPlain:
        pass
    node = _compose(text, loader, source)
    if node is None:
        return None
    lines: dict[PathKey, int] = {}
    issues: list[InputIssue] = []
    return _construct(node, (), lines, issues), lines, issues


class _NotPlain(Exception):
    """A YAML file with an anchor or alias, a complex key or several documents: composed into nodes instead."""


def _build_plain(text: str, loader_class: Any, source: str) -> tuple[Any, dict[PathKey, int], list[InputIssue]] | None:
    """:func:`_compose`'s checks and :func:`_construct`'s data, lines and issues in one pass over the events of a
    file without anchors and aliases; raises :class:`_NotPlain` at the first event that needs nodes."""
    lines: dict[PathKey, int] = {}
    issues: list[InputIssue] = []
    tags: dict[tuple[str, Any], str] = {}  # the type of a value typed many times (分值: 10, 是), found once
    open_: list[_Open] = []
    expanded = 0  # values and collections so far (without aliases, what the events check counts)
    root: Any = None
    documents = 0
    loader = loader_class(text)
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise _NotPlain
                expanded += 1
                if len(open_) + 1 > MAX_INPUT_DEPTH:
                    raise InputError(source, [InputIssue("", _too_deep(), _line(event))])
                if expanded > MAX_INPUT_NODES:
                    raise InputError(source, [InputIssue("", _too_many(), _line(event))])
                if not open_:
                    root = _root(_plain_scalar(event, loader, tags), event, lines)
                    continue
                parent = open_[-1]
                parent.height = parent.height or 1
                if parent.key is _KEY:
                    parent.take_key(event, issues, lines)
                else:
                    parent.add(_plain_scalar(event, loader, tags), event, lines)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None:
                    raise _NotPlain
                expanded += 1
                container: dict[str, Any] | list[Any] = {} if kind is yaml.MappingStartEvent else []
                if open_:
                    parent = open_[-1]
                    if parent.key is _KEY:
                        raise _NotPlain  # a mapping or list as a key
                    path, dropped = parent.child()
                    parent.add(container, event, lines)
                else:
                    path, dropped = (), False
                    root = _root(container, event, lines)
                open_.append(_Open(container, path, dropped))
                if len(open_) > MAX_INPUT_DEPTH:
                    raise InputError(source, [InputIssue("", _too_deep(), _line(event))])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                height = open_.pop().height + 1
                if open_:
                    open_[-1].height = max(open_[-1].height, height)
                if len(open_) + height > MAX_INPUT_DEPTH:
                    raise InputError(source, [InputIssue("", _too_deep(), _line(event))])
                if expanded > MAX_INPUT_NODES:  # counted when the collection opened
                    raise InputError(source, [InputIssue("", _too_many(), _line(event))])
            elif kind is yaml.AliasEvent:
                raise _NotPlain
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _NotPlain  # composing says what is wrong
            elif kind is yaml.StreamEndEvent:
                break
    finally:
        loader.dispose()
    return (root, lines, issues) if documents else None


def _plain_scalar(event: Any, loader: Any, tags: dict[tuple[str, Any], str]) -> Any:
    """A scalar's value, its tag resolved as composing does."""
    tag = event.tag
    if tag is None or tag == "!":
        key = (event.value, event.implicit)
        tag = tags.get(key)
        if tag is None:
            tag = tags[key] = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    # A new value each time, as composing makes: one Decimal in two fields would be dumped (to_yaml) as an alias.
    return _scalar(tag, event.value, event.style)


def _root(value: Any, event: Any, lines: dict[PathKey, int]) -> Any:
    lines.setdefault((), event.start_mark.line + 1)
    return value


#: A mapping's next event is a key.
_KEY: Any = object()


class _Open:
    """A mapping or list being built by :func:`_build_plain`, as :func:`_construct` builds it from nodes."""

    __slots__ = ("container", "dropped", "height", "key", "path", "skip")

    def __init__(self, container: dict[str, Any] | list[Any], path: PathKey, dropped: bool) -> None:
        self.container = container
        self.path = path
        self.dropped = dropped  # inside a repeated key's value: built, then left out, with no lines or issues
        self.key: Any = _KEY if isinstance(container, dict) else None  # the key whose value comes next
        self.skip = False  # that key is repeated: its value is left out
        self.height = 0  # the deepest child's height, for the events check

    def take_key(self, event: Any, issues: list[InputIssue], lines: dict[PathKey, int]) -> None:
        name = str(event.value).strip()
        line = event.start_mark.line + 1
        self.skip = self.dropped or name in self.container
        if not self.dropped:
            child = (*self.path, name)
            if self.skip:
                issues.append(InputIssue(format_path(child), "字段重复出现；请删除多余的一处", line))
            else:
                lines[child] = line
        self.key = name

    def child(self) -> tuple[PathKey, bool]:
        """The path of the value that comes next, and whether it is left out."""
        if isinstance(self.container, list):
            return (*self.path, len(self.container)), self.dropped
        return (*self.path, self.key), self.skip

    def add(self, value: Any, event: Any, lines: dict[PathKey, int]) -> None:
        container = self.container
        if isinstance(container, list):
            if not self.dropped:
                lines.setdefault((*self.path, len(container)), event.start_mark.line + 1)
            container.append(value)
        else:
            if not self.skip:
                container[self.key] = value
            self.key = _KEY


def _compose(text: str, loader: Any, source: str) -> yaml.Node | None:
    """The YAML node tree, once its events show that it is not too deep and does not expand (through aliases)
    to more values than any input has: a billion-laughs file is refused after a few of its events."""
    _check_yaml_events(yaml.parse(text, Loader=loader), source)
    return yaml.compose(text, Loader=loader)


def _check_yaml_events(events: Any, source: str) -> None:
    anchors: dict[str, tuple[int, int]] = {}  # anchor → (values it expands to, its depth)
    open_: list[list[Any]] = []  # per open collection: [anchor, values counted when it opened, deepest child]
    expanded = 0
    for event in events:
        size = height = 0
        if isinstance(event, yaml.CollectionStartEvent):
            expanded += 1
            open_.append([event.anchor, expanded, 0])
            if len(open_) > MAX_INPUT_DEPTH:
                raise InputError(source, [InputIssue("", _too_deep(), _line(event))])
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, start, deepest = open_.pop()
            height = deepest + 1
            if anchor is not None:
                anchors[anchor] = (expanded - start + 1, height)
        elif isinstance(event, yaml.ScalarEvent):
            size = height = 1
            if event.anchor is not None:
                anchors[event.anchor] = (1, 1)
        elif isinstance(event, yaml.AliasEvent):
            if any(frame[0] == event.anchor for frame in open_):
                message = f"别名「*{event.anchor}」引用了包含它自身的锚点「&{event.anchor}」"
                raise InputError(source, [InputIssue("", message, _line(event))])
            size, height = anchors.get(event.anchor or "", (1, 1))
        else:
            continue
        expanded += size
        if open_:
            open_[-1][2] = max(open_[-1][2], height)
        if len(open_) + height > MAX_INPUT_DEPTH:
            raise InputError(source, [InputIssue("", _too_deep(), _line(event))])
        if expanded > MAX_INPUT_NODES:
            message = _too_many(aliases=bool(anchors))
            raise InputError(source, [InputIssue("", message, _line(event))])


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _too_many(*, aliases: bool = False) -> str:
    if aliases:
        return (
            f"文件展开后超过 {MAX_INPUT_NODES:,} 个值（含锚点「&」和别名「*」展开的内容），不像正常的输入文件；"
            "请检查是否误用了别名"
        )
    return f"文件中有超过 {MAX_INPUT_NODES:,} 个值，不像正常的输入文件（最大的示例也不到 2,000 个）"


_YAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现冒号「:」（冒号后要加空格，或整段文字加引号）",
    "could not find expected ':'": "缺少冒号「:」",
    "found character '\\t' that cannot start any token": "不能用 Tab 键缩进，请改用空格",
    "expected <block end>, but found '-'": "列表项「-」的缩进与上文不一致",
    "found undefined alias": "引用了未定义的锚点",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "did not find expected key": "缩进不一致，找不到应有的字段名",
    "did not find expected '-' indicator": "列表项「-」的缩进不一致",
    "found unknown escape character": "引号中有无法识别的转义字符「\\」",
    "found character": "这个字符不能作为文字的开头（如 @、`、%）；请给整段文字加引号",
    "found a tab character": "不能用 Tab 键缩进，请改用空格",
    "block sequence entries are not allowed": "此处不能出现列表项「-」（缩进不一致？）",
    "expected ',' or ']'": "方括号「[」没有闭合，或列表项之间缺少逗号",
    "expected ',' or '}'": "花括号「{」没有闭合，或字段之间缺少逗号",
    "did not find expected ',' or ']'": "方括号「[」没有闭合，或列表项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号「{」没有闭合，或字段之间缺少逗号",
    "expected a single document": "文件中有多个以「---」分隔的部分；一个输入文件只能有一个",
    "found duplicate anchor": "锚点「&」重复定义",
    "expected <block end>": "缩进不一致",
    "expected the node content": "此处缺少内容（缩进不一致？）",
    "expected alphabetic or numeric character": "锚点「&」或别名「*」的名称只能用字母和数字",
    "expected escape sequence": "引号中的转义字符「\\x」「\\u」后面的十六进制数不完整",
    "found invalid Unicode character escape code": "引号中的转义字符「\\u」不是有效的字符",
    "while scanning a quoted scalar": "引号没有闭合",
    "while scanning a simple key": "缺少冒号「:」",
}


def yaml_error_zh(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """A YAML reader's error in Chinese, with its line where it has one: ``("缺少冒号「:」", 3)``."""
    if isinstance(exc, yaml.reader.ReaderError):
        return "有不可见的控制字符（多半是从 PDF 或网页复制带来的）；请删除后重试", None
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        return f"YAML 格式错误：{_yaml_problem_zh(exc.problem or exc.context or '')}", mark.line + 1 if mark else None
    return "YAML 格式错误：无法解析", None


def _yaml_problem_zh(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return "格式有误，无法解析（请检查这一行和上一行的缩进、冒号和引号）"


def _construct(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], issues: list[InputIssue]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value).strip()
            child = (*path, key)
            if key in result:
                issues.append(
                    InputIssue(format_path(child), "字段重复出现；请删除多余的一处", key_node.start_mark.line + 1)
                )
                continue
            lines[child] = key_node.start_mark.line + 1
            result[key] = _construct(value_node, child, lines, issues)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines, issues) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)  # the composer makes only mappings, sequences and scalars
    return _scalar(node.tag, node.value, node.style)


def _scalar(tag: str, value: str, style: str | None) -> Any:
    # Numbers become Decimal straight from the text, so 1299.97 never passes through float.
    if style in ("'", '"', "|", ">"):
        return value
    if tag == "tag:yaml.org,2002:int":
        digits = value.replace("_", "")
        try:
            return int(digits, 0) if len(digits) <= 100 else Decimal(digits)
        except (ValueError, InvalidOperation):  # past Python's 4,300 digits, a Decimal meets the model's bound
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return Decimal(value.replace("_", ""))
        except InvalidOperation:
            return value  # .inf / .nan: the model rejects the string with a clear message
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:timestamp":
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


# ---------------------------------------------------------------- cleaning


@dataclass(frozen=True)
class Cleaned:
    """Input data made safe to validate: invisible characters removed (each field noted), or the problems that
    make it unusable."""

    data: Any
    notes: list[Finding]
    issues: list[InputIssue]


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: A character that :func:`clean_data` removes or refuses: most texts have none, and are kept as they are.
_UNCLEAN_RE = re.compile(f"{_SURROGATE_RE.pattern}|{CONTROL_RE.pattern}")


def _is_clean(value: str) -> bool:
    return len(value) <= MAX_TEXT_CHARS and _UNCLEAN_RE.search(value) is None


def _kept(value: Any) -> bool:
    """A value that cleaning keeps as it is: a clean text, a number, a date, 是/否 or nothing."""
    if isinstance(value, str):
        return _is_clean(value)
    return not isinstance(value, dict | list)


def clean_data(data: Any, where: Locator, source: str) -> Cleaned:
    """The one cleaning step every input passes before validation, whatever file it came from.

    Control characters and noncharacters are removed from every text, with an info note naming the field; a lone
    surrogate (half of a character, which no file can hold), a text past :data:`MAX_TEXT_CHARS`, nesting past
    :data:`MAX_INPUT_DEPTH` and more than :data:`MAX_INPUT_NODES` values are issues naming the field.
    """
    notes: list[Finding] = []
    issues: list[InputIssue] = []
    count = 0

    def text(value: str, loc: PathKey) -> str:
        if _SURROGATE_RE.search(value):  # a pair (as a YAML escape gives it) is one character; a lone half is not
            value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        if found := _SURROGATE_RE.findall(value):
            message = (
                f"含有无法保存的半个字符（U+{ord(found[0]):04X}，不成对的代理项），多半是复制时出错；请重新输入这段文字"
            )
            issues.append(where.issue(loc, message))
            value = _SURROGATE_RE.sub("", value)
        if CONTROL_RE.search(value):
            removed = len(CONTROL_RE.findall(value))
            value = CONTROL_RE.sub("", value)
            issue = where.issue(loc, f"删除了 {removed} 个不可见的控制字符（多半是从 PDF 或网页复制带来的）")
            notes.append(
                Finding(
                    rule="input.control-characters",
                    category=Category.INPUT,
                    level=Level.INFO,
                    message=issue.describe(source),
                    section=issue.path,
                    line=issue.line,
                    fields=(issue.path,),
                )
            )
        if len(value) > MAX_TEXT_CHARS:
            message = f"文字有 {len(value):,} 个字符，超过单项上限 {MAX_TEXT_CHARS:,} 个；请分成几段或精简"
            issues.append(where.issue(loc, message))
            value = value[:MAX_TEXT_CHARS]
        return value

    def walk(value: Any, loc: PathKey) -> Any:
        nonlocal count
        count += 1
        if count > MAX_INPUT_NODES:
            raise InputError(source, [where.issue(loc, _too_many())])
        if len(loc) > MAX_INPUT_DEPTH:
            raise InputError(source, [where.issue(loc[:MAX_INPUT_DEPTH], _too_deep())])
        if isinstance(value, str):
            return value if _is_clean(value) else text(value, loc)
        if isinstance(value, dict):
            cleaned: dict[Any, Any] = {}
            for key, item in value.items():
                name = text(key, (*loc, key)) if isinstance(key, str) and not _is_clean(key) else key
                if count < MAX_INPUT_NODES and len(loc) < MAX_INPUT_DEPTH and _kept(item):
                    count += 1  # a value kept as it is, counted without a call (most values of an input)
                    cleaned[name] = item
                else:
                    cleaned[name] = walk(item, (*loc, name))
            return cleaned
        if isinstance(value, list):
            return [walk(item, (*loc, i)) for i, item in enumerate(value)]
        return value

    cleaned = walk(data, ())
    return Cleaned(cleaned, notes, issues)


# ---------------------------------------------------------------- validating


def load_report(path: str | Path, model: type[BaseModel] = DepartmentReport) -> BaseModel:
    """Read and validate a YAML or JSON input file; raise :class:`InputError` listing every problem."""
    path = Path(path)
    data, lines = read_data(path)
    where = LineLocator(lines)
    cleaned = clean_data(data, where, str(path))
    return validate_data(cleaned.data, model, source=str(path), locator=where, preceding=cleaned.issues)


def validate_data(
    data: Any,
    model: type[BaseModel],
    *,
    source: str,
    lines: dict[PathKey, int] | None = None,
    locator: Locator | None = None,
    preceding: list[InputIssue] | None = None,
) -> BaseModel:
    """Validate plain data with ``model``; every error located by ``locator`` (or by the lines of a YAML file).

    ``preceding`` are problems found while reading the file; they are reported with the model's, all at once.
    """
    where = locator or LineLocator(lines or {})
    found = list(preceding or [])
    if not isinstance(data, dict):
        raise InputError(source, [InputIssue("", "文件最外层应是「字段: 值」的映射，而不是列表或单个值")])
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        found += [_issue_from_error(err, model, where) for err in exc.errors()]
        raise InputError(source, _dedupe(found)) from None
    if found:
        raise InputError(source, found)
    return validated


def _dedupe(issues: list[InputIssue]) -> list[InputIssue]:
    seen: set[tuple[str, str]] = set()
    result = []
    for issue in issues:
        if (issue.path, issue.message) not in seen:
            seen.add((issue.path, issue.message))
            result.append(issue)
    return result


def format_path(loc: PathKey) -> str:
    """``("支出", "项目支出", "项目", 1, "名称")`` → ``支出.项目支出.项目[2].名称`` (1-based items).

    >>> format_path(("支出", "项目支出", "项目", 1, "名称"))
    '支出.项目支出.项目[2].名称'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


_PATH_PART_RE = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def parse_path(text: str) -> PathKey | None:
    """The inverse of :func:`format_path`; None for text that is not a field path.

    >>> parse_path("支出.项目支出.项目[2].名称"), parse_path("全年[预算]")
    (('支出', '项目支出', '项目', 1, '名称'), None)
    """
    key: list[str | int] = []
    for segment in text.split("."):
        match = _PATH_PART_RE.fullmatch(segment)
        if match is None:
            return None
        key.append(match.group(1))
        key.extend(int(number) - 1 for number in re.findall(r"\d+", match.group(2)))
    return tuple(key)


def _issue_from_error(err: ErrorDetails, model: type[BaseModel], where: Locator) -> InputIssue:
    loc: PathKey = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = err["type"]
    if kind == "extra_forbidden":
        parent_model = _model_at(model, loc[:-1])
        key = str(loc[-1])
        message = "未知的字段"
        if parent_model is not None:
            suggestion = _closest_key(key, parent_model)
            if suggestion:
                message += f"，是否想写「{suggestion}」？"
            else:
                message += f"；此处可用的字段有：{'、'.join(_known_keys(parent_model))}"
        return where.issue(loc, message)
    if kind in _NUMBER_ERRORS and _unit_at(model, loc) is Unit.WAN:
        return where.issue(loc, f"应为数字（金额以万元为单位，如 858.57），实际填写的是{_shown(err.get('input'))}")
    return where.issue(loc, _message_zh(err))


MISSING = NOT_FILLED
#: How a model's own check asks for one of several fields (「请填写「内容」或「分项」」): also a field to fill.
ASKS_TO_FILL = "请填写"
_NUMBER_ERRORS = frozenset({"decimal_parsing", "decimal_type", "float_parsing", "float_type"})


def _unit_at(model: type[BaseModel], loc: PathKey) -> Unit | None:
    """The unit of the field at ``loc`` (万元 for money), if its type says one."""
    keys = [part for part in loc if isinstance(part, str)]
    if not keys:
        return None
    parent = _model_at(model, tuple(keys[:-1]))
    field = _field_by_key(parent, keys[-1]) if parent is not None else None
    if field is None:
        return None
    found = [m for m in [*field.metadata, *annotation_metadata(field.annotation)] if isinstance(m, Unit)]
    return found[0] if found else None


def line_of(loc: PathKey, lines: dict[PathKey, int]) -> int | None:
    """The line of ``loc`` in the file, or of its nearest parent that has one."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _message_zh(err: ErrorDetails) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    value = err.get("input")
    shown = _shown(value)
    if kind == "missing":
        return MISSING
    if kind in _NUMBER_ERRORS:
        return f"应为数字，实际填写的是{shown}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"应为整数，实际填写的是{shown}"
    if kind == "greater_than_equal":
        bound = ctx.get("ge")
        return f"不能为负数，实际填写的是{shown}" if bound == 0 else f"应不小于 {bound}，实际填写的是{shown}"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}，实际填写的是{shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"应不大于 {ctx.get('le', ctx.get('lt'))}，实际填写的是{shown}"
    if kind in ("string_type", "string_too_short"):
        return (
            "应为一段非空文字"
            if kind == "string_too_short" or value in (None, "")
            else f"应为文字，实际填写的是{shown}"
        )
    if kind == "list_type":
        return f"应为列表（每项以「- 」开头），实际填写的是{shown}"
    if kind == "too_short":
        return "至少需要填写 1 项"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"应为「字段: 值」的映射，实际填写的是{shown}"
    if kind in ("enum", "literal_error"):
        return f"只能是以下之一：{allowed_values(str(ctx.get('expected', '')))}；实际填写的是{shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"应为「是」或「否」，实际填写的是{shown}"
    if kind.startswith(("date_", "datetime_")):
        return f"应为日期（如 2024-06-27 或 2024年6月27日），实际填写的是{shown}"
    if kind == "finite_number":
        return f"应为有限的数字，实际填写的是{shown}"
    if kind in ("int_parsing_size", "decimal_max_digits", "decimal_whole_digits"):
        return f"数字位数过多，实际填写的是{shown}"
    if kind == "string_unicode":
        return "含有无法保存的字符（不成对的代理项），多半是复制时出错；请重新输入这段文字"
    if kind in ("string_too_long", "too_long"):
        return f"太长（最多 {ctx.get('max_length')} {'个字符' if kind == 'string_too_long' else '项'}）"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "assertion_error":
        return "取值不符合要求"
    return f"取值无效，实际填写的是{shown}"  # pydantic's own wording is English: never shown to a clerk


def allowed_values(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as a Chinese list: ``a、b、c``.

    >>> allowed_values("'业务工作经费', '运行维护经费' or '专项资金'")
    '业务工作经费、运行维护经费、专项资金'
    """
    quoted = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    return "、".join(quoted) if quoted else expected


#: Characters of a wrong value quoted back in a message; a longer one is cut, so a pasted page stays one line.
_SHOWN_CHARS = 40


def _shown(value: Any) -> str:
    """A wrong value as a message quotes it: ``「八百万」``, cut short when long.

    >>> _shown("甲" * 50)[-12:], _shown(None)
    ('甲甲…（共50个字符）」', '空值')
    """
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一组字段"
    if isinstance(value, list):
        return "一个列表"
    text = str(value)
    if len(text) > _SHOWN_CHARS:
        text = f"{text[:_SHOWN_CHARS]}…（共{len(text)}个字符）"
    return f"「{text}」"


def _model_at(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """The model class found by walking ``loc`` (aliases or names) from ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field_by_key(current, part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) is not None else ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _known_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _closest_key(key: str, model: type[BaseModel]) -> str | None:
    candidates = {}
    for name, field in model.model_fields.items():
        candidates[name] = field.alias or name
        if field.alias:
            candidates[field.alias] = field.alias
    match = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.5)
    return candidates[match[0]] if match else None


# ---------------------------------------------------------------- writing


def dump_data(model: BaseModel) -> dict[str, Any]:
    """A validated input as plain data with Chinese keys: the fields the input gave, in the models' order.

    What the model fills in by itself (a 自评表 named after its project, its 资金 taken from the project) is
    left out, so that a figure changed in one place is not left stale in another.
    """
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        if name not in model.model_fields_set:
            continue
        value = getattr(model, name)
        if value is None:
            continue
        if Unit.PERCENT in [*info.metadata, *annotation_metadata(info.annotation)]:
            # As "1.5%", never a bare 1.5, which would read back as the fraction 150 %.
            out[info.alias or name] = f"{Decimal(value):f}%"
            continue
        out[info.alias or name] = _dump_value(value)
    without = getattr(model, "without_defaults", None)
    return without(out) if callable(without) else out


def _dump_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return dump_data(value)
    if isinstance(value, list):
        return [_dump_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _dump_value(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value


class _Dumper(yaml.SafeDumper):
    """YAML as a person writes it: Chinese as is, amounts as typed (no float), block style."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = f"{value:f}"
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_text)


def to_yaml(data: dict[str, Any]) -> str:
    """Plain input data as YAML that :func:`read_data` reads back to the same values."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def to_json(data: dict[str, Any]) -> str:
    """Plain input data as JSON (amounts as numbers, dates as 2024-06-27)."""

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, _dt.date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n"


def given_paths(model: BaseModel, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every field (Chinese names, list positions left out) at which an input gives words or figures, in order.

    Fields that only label or link rows (编号, 针对, 方面, 范围), and those kept for reference (上年问题), are
    left out: a format that does not print them loses nothing the clerk wrote.
    """
    found: list[tuple[str, ...]] = []
    for name, info in type(model).model_fields.items():
        if name not in model.model_fields_set:
            continue
        extra = info.json_schema_extra
        if isinstance(extra, dict) and (extra.get("label") or extra.get("reference")):
            continue
        value = getattr(model, name)
        if value is None or value == [] or value == {}:
            continue
        path = (*prefix, info.alias or name)
        if isinstance(value, BaseModel):
            found += given_paths(value, path)
        elif isinstance(value, list) and isinstance(value[0], BaseModel):
            for item in value:
                found += given_paths(item, path)
        else:
            found.append(path)
    return list(dict.fromkeys(found))
