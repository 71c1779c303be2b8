"""The one Jinja2 environment factory, its filters, and a finalize that refuses bare numbers."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable, Sequence
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
    round_half_up,
)
from reportgen.render.blocks import escape_text
from reportgen.render.wording import candidate_text, in_words

_END_PUNCT = "。；;，,：:、 "
_SENTENCE_ENDS = ("。", "！", "？", "!", "?")
_CLOSERS = "”’」』）)"


def _finalize(value: Any) -> Any:
    """What every ``{{ }}`` writes: text that cannot become markup (see :mod:`reportgen.render.blocks`), and never a
    bare number — it must pass through |wan, |pct, |num or |score; None and booleans never belong in text."""
    if isinstance(value, (bool, int, float, Decimal)) or value is None:
        raise TemplateError(f"模板直接输出了未格式化的值 {value!r}；请使用 |wan、|pct、|num 或 |score 过滤器")
    return escape_text(str(value))


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
    """A project's name ready for 项目…: ``大楼运行维护费`` → ``大楼运行维护费项目``; a name that already says 项目
    (``…建设项目``, ``…一期项目建设``) is not given a second one.

    >>> project_name("档案保护开发和档案资源建设项目")
    '档案保护开发和档案资源建设项目'
    >>> project_name("市档案馆智慧档案一期项目建设")
    '市档案馆智慧档案一期项目建设'
    >>> project_name("大楼运行维护费")
    '大楼运行维护费项目'
    """
    return name if "项目" in name else f"{name}项目"


def whole_pct(value: Decimal | None) -> str:
    """A percentage that is a share of weights or counts, or a whole of the budget: ``10%``, ``100%``, as the forms
    print them; two decimals only when it is not whole.

    >>> whole_pct(Decimal("10.00")), whole_pct(Decimal("100")), whole_pct(Decimal("66.6667"))
    ('10%', '100%', '66.67%')
    """
    if value is None:
        return format_pct(value)
    rounded = format_number(value)
    return f"{rounded.removesuffix('.00')}%"


CAUSE_LEAD = "主要原因是"


def stated_cause(text: str, markers: Sequence[str]) -> str:
    """A problem's 原因 as a sentence the checker reads as a cause: it keeps its own wording when a cause marker
    of the lexicon (原因, 由于, 受…影响, 导致 …) is in it, else it is led by 「主要原因是」.

    >>> stated_cause("年初预算未足额安排，年中追加人员经费", ["原因", "由于"])
    '主要原因是年初预算未足额安排，年中追加人员经费。'
    >>> stated_cause("由于人员不足。", ["原因", "由于"])
    '由于人员不足。'
    """
    text = sentence(text)
    if any(re.search(marker, text) for marker in markers):
        return text
    return CAUSE_LEAD + text


@lru_cache(maxsize=16)
def _cause_markers(lexicon: Path | None) -> tuple[str, ...]:
    from reportgen.rubrics import load_standard

    return tuple(load_standard(None, lexicon).lexicon.cause_markers)


@jinja2.pass_context
def _cause(context: jinja2.runtime.Context, text: str) -> str:
    """``|cause``: the cause markers come from the lexicon the report will be checked with (the profile's own,
    else the built-in one), the one home of that vocabulary."""
    profile = context.get("profile")
    lexicon = profile.data_file("lexicon.yaml") if profile is not None else None
    return stated_cause(text, _cause_markers(lexicon))


def answers_lead(measure: Any, problems: Sequence[Any], position: int) -> str:
    """``针对上述第二个问题，`` before a measure whose 针对 names problems shown at other positions than its own
    (the checker pairs a measure with the problem of its own number, and reads 针对…问题 for any other).

    >>> from types import SimpleNamespace as N
    >>> problems = [N(id="1"), N(id="2"), N(id="3")]
    >>> answers_lead(N(answers=["2"]), problems, 1), answers_lead(N(answers=["2"]), problems, 2)
    ('针对上述第二个问题，', '')
    >>> answers_lead(N(answers=["3", "1"]), problems, 2)
    '针对上述第一个问题、第三个问题，'
    """
    ids = [problem.id for problem in problems]
    shown = sorted(ids.index(answer) + 1 for answer in measure.answers if answer in ids)
    if not shown or shown == [position]:
        return ""
    return "针对上述" + "、".join(f"第{cn_numeral(n)}个问题" for n in shown) + "，"


def _num(value: Decimal | int, places: int = 0) -> str:
    return format_number(value, places=places)


def _score(value: Decimal, among: Iterable[Decimal] | None = None) -> str:
    """A score with two decimals, as computed; given ``among``, the scores said in the same sentence, a whole
    number when every one of them is whole (自评90分，其中预算执行10分…), so one sentence never mixes 9.55 with 30.

    >>> _score(Decimal("30")), _score(Decimal("30"), [Decimal("9.55"), Decimal("30")]), _score(Decimal("4"), [Decimal(4)])
    ('30.00', '30.00', '4')
    """
    values = list(among) if among is not None else []
    if values and all(round_half_up(Decimal(v)) == round_half_up(Decimal(v)).to_integral_value() for v in values):
        return format_number(value, places=0)
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
    "in_words": in_words,
    "whole_pct": whole_pct,
    "cause": _cause,
    "answers": answers_lead,
}


def make_environment(search_path: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update({name: _strict(function) for name, function in FILTERS.items()})
    return env


def _strict(function: Any) -> Any:
    """A filter that refuses missing data as StrictUndefined does elsewhere: ``{{ r.income.total|wan }}`` with no
    收入 fails as undefined data (named in Chinese), not as a number that Decimal cannot convert."""
    if hasattr(function, "jinja_pass_arg"):  # its first argument is the context
        return function

    @functools.wraps(function)
    def strict(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return function(value, *args, **kwargs)

    return strict


@lru_cache(maxsize=32)
def cached_environment(search_path: tuple[str, ...]) -> jinja2.Environment:
    """One environment per template folder set, so templates compile once per process (Jinja re-reads a
    template whose file changed)."""
    return make_environment([Path(p) for p in search_path])


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render ``name``; a failure names the template file and line that failed (an included file, not the entry
    template) and, for data that is missing, the input field in Chinese."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"找不到模板：{exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"模板 {exc.name or name} 第{exc.lineno}行语法错误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        where, source = _failed_at(exc, env, name)
        raise TemplateError(f"模板 {where}{_missing_data(exc.message or '', source, context)}") from None
    except TemplateError as exc:  # a bare number refused by finalize
        where, _ = _failed_at(exc, env, name)
        raise TemplateError(f"模板 {where}：{exc}") from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # a filter given data it cannot take
        where, source = _failed_at(exc, env, name)
        raise TemplateError(f"模板 {where}渲染失败（{type(exc).__name__}: {exc}）：{source.strip()}") from None


def _failed_at(exc: BaseException, env: jinja2.Environment, name: str) -> tuple[str, str]:
    """「hunan/spending.md.j2 第28行」 and that line's source: the innermost template frame of the traceback
    (Jinja gives template frames the template's file name and line)."""
    found: tuple[str, int] | None = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return name, ""
    path, line = Path(found[0]), found[1]
    shown = path.name
    for folder in getattr(env.loader, "searchpath", []):
        if path.is_relative_to(folder):
            shown = f"{Path(folder).name}/{path.relative_to(folder).as_posix()}"
            break
    try:
        source = path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError):
        source = ""
    return f"{shown} 第{line}行", source


_NO_ATTRIBUTE_RE = re.compile(r"^'(.+)' (?:object )?has no attribute '(\w+)'$")
_UNDEFINED_RE = re.compile(r"^'(\w+)' is undefined$")


def _missing_data(message: str, source: str, context: dict[str, Any]) -> str:
    """What is missing, in the input's Chinese field names: 「收入」 for ``r.income`` that is None."""
    if found := _UNDEFINED_RE.match(message):
        return f"使用了未定义的数据「{found.group(1)}」"
    found = _NO_ATTRIBUTE_RE.match(message)
    if found is None:
        return f"使用了未定义的数据：{message}"
    holder, attribute = found.groups()
    expression = re.search(rf"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.{attribute}\b", source)
    path = [*expression.group(1).split("."), attribute] if expression else [attribute]
    names = _field_names(path, context)
    if holder == "None" and len(names) > 1:
        return f"：输入中没有「{'.'.join(names[:-1])}」，无法读取「{'.'.join(names)}」（{'.'.join(path)}）"
    return f"使用了不存在的数据「{'.'.join(names)}」（{'.'.join(path)}）"


def _field_names(path: list[str], context: dict[str, Any]) -> list[str]:
    """The input's Chinese names (pydantic aliases) along ``r.income.government_fund`` → 收入, 政府性基金; a step
    that is not an input field keeps its own name, and the context variable (``r``) is left out."""
    from pydantic import BaseModel

    model: Any = context.get(path[0])
    names = []
    for step in path[1:]:
        fields = getattr(type(model), "model_fields", None) if isinstance(model, BaseModel) else None
        if model is not None and isinstance(model, type) and issubclass(model, BaseModel):
            fields = model.model_fields
        info = fields.get(step) if fields else None
        names.append(info.alias or step if info is not None else step)
        model = _model_of(info.annotation) if info is not None else None
    return names


def _model_of(annotation: Any) -> Any:
    """The pydantic model a field holds (``Income | None`` → ``Income``), if any."""
    from typing import get_args

    from pydantic import BaseModel

    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None
