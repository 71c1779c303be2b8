"""The one Jinja2 environment factory, its filters, and a finalize that refuses bare numbers."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from reportgen.errors import TemplateError
from reportgen.numbers import (
    cn_numeral,
    format_change,
    format_date,
    format_marks,
    format_number,
    format_pct,
    format_wan,
)
from reportgen.render.wording import candidate_text

_END_PUNCT = "。；;，,：:、 "
_SENTENCE_ENDS = ("。", "！", "？", "!", "?")
_CLOSERS = "”’」』）)"


def _refuse_bare_values(value: Any) -> Any:
    # A number must pass through |wan, |pct, |num or |score; None and booleans never belong in text.
    if isinstance(value, (bool, int, float, Decimal)) or value is None:
        raise TemplateError(f"模板直接输出了未格式化的值 {value!r}；请使用 |wan、|pct、|num 或 |score 过滤器")
    return value


def sentence(text: str) -> str:
    """Ensure a clause ends a sentence: with 。！？, possibly inside closing quotes or brackets.

    >>> sentence("加强预算管理；")
    '加强预算管理。'
    >>> sentence("防止年底“突击花钱”")
    '防止年底“突击花钱”。'
    >>> sentence("落实“首站查询制。”")
    '落实“首站查询制。”'
    """
    text = text.strip()
    if text.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS):
        return text
    return text.rstrip(_END_PUNCT) + "。"


def clause(text: str) -> str:
    """Strip trailing punctuation so a clause can be joined into a sentence.

    >>> clause("加强预算管理。")
    '加强预算管理'
    """
    return text.strip().rstrip(_END_PUNCT + "。")


def enumerate_cn(items: Iterable[str], *, sep: str = "；", end: str = "。") -> str:
    """Join items as ``一是……；二是……。`` — numbered in code, so an ordinal can never be skipped.

    >>> enumerate_cn(["抓好档案安全工作。", "抓好档案服务利用工作"])
    '一是抓好档案安全工作；二是抓好档案服务利用工作。'
    >>> enumerate_cn(["甲", "乙"], sep="。")
    '一是甲。二是乙。'
    """
    parts = [f"{cn_numeral(i)}是{clause(item)}" for i, item in enumerate(items, start=1)]
    return sep.join(parts) + end if parts else ""


def join_cn(items: Iterable[str], *, sep: str = "、") -> str:
    """Join clauses with 、 (or ``sep``), trailing punctuation removed.

    >>> join_cn(["财务管理合规性", "采购合同签订时效性。"])
    '财务管理合规性、采购合同签订时效性'
    """
    return sep.join(clause(item) for item in items)


def project_name(name: str) -> str:
    """A project's name ready for 项目…: ``大楼运行维护费`` → ``大楼运行维护费项目``, without doubling 项目.

    >>> project_name("档案保护开发和档案资源建设项目")
    '档案保护开发和档案资源建设项目'
    >>> project_name("大楼运行维护费")
    '大楼运行维护费项目'
    """
    return name if name.endswith("项目") else f"{name}项目"


def _num(value: Decimal | int, places: int = 0) -> str:
    return format_number(value, places=places)


def _score(value: Decimal) -> str:
    return format_number(value, places=2)


def _date(value: _dt.date) -> str:
    return format_date(value)


def _cn(value: int) -> str:
    return cn_numeral(value)


def _year(value: int) -> str:
    return str(int(value))


FILTERS = {
    "wan": format_wan,
    "pct": format_pct,
    "num": _num,
    "score": _score,
    "marks": format_marks,
    "date": _date,
    "change": format_change,
    "cn": _cn,
    "year": _year,
    "yishi": enumerate_cn,
    "sentence": sentence,
    "clause": clause,
    "join_cn": join_cn,
    "project": project_name,
    "problem": candidate_text,
}


def make_environment(search_path: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        undefined=jinja2.StrictUndefined,
        finalize=_refuse_bare_values,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=32)
def cached_environment(search_path: tuple[str, ...]) -> jinja2.Environment:
    """One environment per template folder set, so templates compile once per process (Jinja re-reads a
    template whose file changed)."""
    return make_environment([Path(p) for p in search_path])


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except TemplateError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"找不到模板：{exc.name}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"模板 {name} 使用了未定义的数据：{exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"模板 {exc.name or name} 第{exc.lineno}行语法错误：{exc.message}") from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # a filter given data it cannot take
        raise TemplateError(f"模板 {name} 渲染失败（{type(exc).__name__}: {exc}）") from None
