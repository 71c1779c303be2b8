"""Data files that say only what differs from a base (``base: default``): scoring schemes, rubrics, lexicons."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from reportgen.errors import ReportgenError

M = TypeVar("M", bound=BaseModel)


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` laid over ``base``: mappings merge key by key, a ``None`` value deletes the key.

    >>> deep_merge({"a": {"x": 1, "y": 2}, "b": 1}, {"a": {"y": 3}, "b": None})
    {'a': {'x': 1, 'y': 3}}
    """
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


Locate = Callable[[str, Path | None], Path]  # (name or path as written, folder of the file that named it) → file


def read_layered(
    name_or_path: str | Path,
    locate: Locate,
    error: type[ReportgenError],
    what: str,
    *,
    relative_to: Path | None = None,
    seen: tuple[Path, ...] = (),
) -> dict[str, Any]:
    """A YAML mapping with its ``base`` chain merged in (the file's own keys win); errors in Chinese."""
    path = locate(str(name_or_path), relative_to).resolve()
    if path in seen:
        raise error(f"{what}循环引用：{' → '.join(p.name for p in (*seen, path))}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError:
        raise error(f"无法读取{what}文件 {path}") from None
    except UnicodeDecodeError:
        raise error(f"{what}文件 {path} 不是 UTF-8 编码的文本") from None
    except yaml.YAMLError as exc:
        raise error(f"{what}文件 {path} 不是有效的 YAML：{exc}") from None
    if not isinstance(data, dict):
        raise error(f"{what}文件 {path} 的最外层应是「键: 值」映射")
    base = data.pop("base", None)
    if base is None:
        return data
    parent = read_layered(base, locate, error, what, relative_to=path.parent, seen=(*seen, path))
    return deep_merge(parent, data)


def validate_layered(model: type[M], data: Mapping[str, Any], error: type[ReportgenError], source: str) -> M:
    """Validate merged data; every problem is listed in Chinese with its key path."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(map(str, err['loc'])) or '（整体）'}：{_message(err)}" for err in exc.errors())
        raise error(f"{source} 无效：{problems}") from None


_PYDANTIC_ZH = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的键（拼写错误？）",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "decimal_parsing": "应为数字",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为「键: 值」映射",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期（如 2024-03-29）",
    "date_parsing": "应为日期（如 2024-03-29）",
    "date_from_datetime_parsing": "应为日期（如 2024-03-29）",
    "date_from_datetime_inexact": "应为日期，不带时间",
    "model_type": "应为「键: 值」映射",
    "model_attributes_type": "应为「键: 值」映射",
    "literal_error": "只能是 {expected}",
    "enum": "只能是 {expected}",
    "tuple_type": "应为列表",
    "too_short": "项数不够",
    "too_long": "项数太多",
    "string_unicode": "含有无法保存的字符（不成对的代理项）",
    "string_too_short": "不能为空",
    "finite_number": "应为有限的数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "int_type": "应为整数",
    "float_type": "应为数字",
    "less_than": "应小于 {lt}",
    "int_parsing_size": "数字位数过多",
}


def _message(err: Any) -> str:
    template = _PYDANTIC_ZH.get(err["type"])
    if err["type"] == "value_error":  # our own validators' messages, in Chinese
        return str(err["msg"]).removeprefix("Value error, ")
    if template is None:  # pydantic's own wording is English: never shown to a user
        return "取值无效"
    context = {k: str(v).replace(" or ", "、") for k, v in (err.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except KeyError:
        return template
