"""YAML / JSON input → validated model; every error names the file, field path and line in Chinese."""

from __future__ import annotations

import datetime as _dt
import difflib
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportgen.errors import InputError, InputIssue
from reportgen.models import DepartmentReport

PathKey = tuple[str | int, ...]

# libyaml's loader where PyYAML was built with it (about 10× faster on large inputs), the same safe tags either way.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# ---------------------------------------------------------------- reading


def read_data(path: Path) -> tuple[Any, dict[PathKey, int]]:
    """Read a YAML or JSON file into plain data, with the line of every key (1-based)."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, [InputIssue("", "文件不存在，请检查路径")]) from None
    except IsADirectoryError:
        raise InputError(source, [InputIssue("", "这是一个文件夹，不是输入文件")]) from None
    except OSError as exc:
        raise InputError(source, [InputIssue("", f"无法读取文件（{exc.strerror}）")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            source, [InputIssue("", "文件不是 UTF-8 编码；请在编辑器中另存为 UTF-8 编码后重试")]
        ) from None
    if not text.strip():
        raise InputError(source, [InputIssue("", "文件是空的")])
    if path.suffix.lower() == ".json":
        return _read_json(text, source), {}
    return _read_yaml(text, source)


def _read_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(
            source, [InputIssue("", f"JSON 格式错误（第{exc.colno}列）：{exc.msg}", exc.lineno)]
        ) from None


def _read_yaml(text: str, source: str) -> tuple[Any, dict[PathKey, int]]:
    try:
        try:
            node = yaml.compose(text, Loader=_SAFE_LOADER)
        except yaml.YAMLError:  # read again with the Python loader, whose messages are translated below
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = _yaml_problem_zh(exc.problem or exc.context or "")
        raise InputError(source, [InputIssue("", f"YAML 格式错误：{problem}", line)]) from None
    except yaml.YAMLError as exc:
        raise InputError(source, [InputIssue("", f"YAML 格式错误：{exc}")]) from None
    if node is None:
        raise InputError(source, [InputIssue("", "文件中没有内容")])
    lines: dict[PathKey, int] = {}
    issues: list[InputIssue] = []
    data = _construct(node, (), lines, issues)
    if issues:
        raise InputError(source, issues)
    return data, lines


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现冒号「:」（冒号后要加空格，或整段文字加引号）",
    "could not find expected ':'": "缺少冒号「:」",
    "found character '\\t' that cannot start any token": "不能用 Tab 键缩进，请改用空格",
    "expected <block end>, but found '-'": "列表项「-」的缩进与上文不一致",
    "found undefined alias": "引用了未定义的锚点",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "did not find expected key": "缩进不一致，找不到应有的字段名",
    "did not find expected '-' indicator": "列表项「-」的缩进不一致",
    "found unknown escape character": "引号中有无法识别的转义字符「\\」",
}


def _yaml_problem_zh(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return f"无法解析（{problem}）" if problem else "无法解析"


def _construct(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], issues: list[InputIssue]
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value).strip()
            child = (*path, key)
            if key in result:
                issues.append(
                    InputIssue(
                        format_path(child), "字段重复出现；请删除多余的一处", key_node.start_mark.line + 1
                    )
                )
                continue
            lines[child] = key_node.start_mark.line + 1
            result[key] = _construct(value_node, child, lines, issues)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines, issues) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)  # the composer makes only mappings, sequences and scalars
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    # Numbers become Decimal straight from the text, so 1299.97 never passes through float.
    tag, value = node.tag, node.value
    if node.style in ("'", '"', "|", ">"):
        return value
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
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


# ---------------------------------------------------------------- validating


def load_report(path: str | Path, model: type[BaseModel] = DepartmentReport) -> BaseModel:
    """Read and validate an input file; raise :class:`InputError` listing every problem."""
    path = Path(path)
    data, lines = read_data(path)
    return validate_data(data, model, source=str(path), lines=lines)


def validate_data(
    data: Any,
    model: type[BaseModel],
    *,
    source: str,
    lines: dict[PathKey, int] | None = None,
) -> BaseModel:
    lines = lines or {}
    if not isinstance(data, dict):
        raise InputError(source, [InputIssue("", "文件最外层应是「字段: 值」的映射，而不是列表或单个值")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues = [_issue_from_error(err, model, lines) for err in exc.errors()]
        raise InputError(source, _dedupe(issues)) from None


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


def _issue_from_error(err: ErrorDetails, model: type[BaseModel], lines: dict[PathKey, int]) -> InputIssue:
    loc: PathKey = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = err["type"]
    line = line_of(loc, lines)
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
        return InputIssue(format_path(loc), message, line)
    return InputIssue(format_path(loc), _message_zh(err), line)


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
        return "缺少必填字段"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return f"应为数字（金额以万元为单位，如 858.57），实际填写的是{shown}"
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
        return "应为一段非空文字" if kind == "string_too_short" or value in (None, "") else f"应为文字，实际填写的是{shown}"
    if kind == "list_type":
        return f"应为列表（每项以「- 」开头），实际填写的是{shown}"
    if kind == "too_short":
        return "至少需要填写 1 项"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"应为「字段: 值」的映射，实际填写的是{shown}"
    if kind == "enum":
        return f"只能是以下之一：{ctx.get('expected', '')}；实际填写的是{shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"应为「是」或「否」（true / false），实际填写的是{shown}"
    if kind.startswith(("date_", "datetime_")):
        return f"应为日期（如 2024-06-27），实际填写的是{shown}"
    if kind == "finite_number":
        return "应为有限的数字"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"取值无效（{err['msg']}）"


def _shown(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一组字段"
    if isinstance(value, list):
        return "一个列表"
    return f"「{value}」"


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
