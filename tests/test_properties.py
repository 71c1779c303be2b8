"""Property-based tests (hypothesis): random and mutated inputs built from the samples go through ``validate``,
``draft`` and ``check`` and never raise anything but reportgen's own errors, nor leave a partial file.

The examples are bounded and derandomized (the same examples every run, no example database written), so the
module takes well under a minute in ``make test``; raise ``max_examples`` locally to search further.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import tempfile
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from paths import SAMPLES
from reportgen import api
from reportgen.check import check_file
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.load import _Dumper, read_data

STEMS = ["huaihua_2024_project", "haizhu_2023", "yueyang_2023", "nanchang_2022", "guangzhou_center_2021"]


def bounded(examples: int) -> settings:
    """``examples`` examples, no deadline (drafting one takes a fraction of a second), the same ones every run."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ---------------------------------------------------------------- what a hostile clerk (or a PDF) types

MARKUP = ["# 标题", "#### 四级", "+ 条目", "- 列表", "@pagebreak", "@table funding", "@title 题目", "@cover-line x"]
NASTY = [
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "\x0c",
    "\x85",
    "\u2028",
    "\ufdd0",
    "\ufffe",
    "\ud800",
    "\udfff",
    "\n",
    "\r\n",
    "\t",
    "【待补充：",
    "】",
    "{{ r }}",
    "{% if %}",
    "|",
    "<w:t>",
    "&amp;",
    "一是",
    "（一）",
    "1.",
    "合计",
    "万元",
    "%",
    "𠀀",
]

fragments = st.one_of(st.sampled_from(MARKUP + NASTY), st.text(max_size=8))
#: Text: random characters (lone surrogates included) or pieces of markup and invisible characters.
hostile_text = st.one_of(
    st.lists(fragments, min_size=1, max_size=6).map("".join),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=20),
    st.sampled_from(["", " ", "　", "0", "-1", "1e26", "八百万", "858.57万元", "12000元", "1.5亿元", "2024-02-30"]),
)
hostile_number = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, -1, 10**12, 10**30, 2**63]),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.sampled_from(
        [Decimal("1e26"), Decimal("1e5000"), Decimal("1e-30"), Decimal("-0"), Decimal("858.5700000000001")]
    ),
    st.floats(allow_nan=False, allow_infinity=False),
)
leaf = st.one_of(hostile_text, hostile_number, st.none(), st.booleans(), st.dates())
hostile_value = st.recursive(
    leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3), max_leaves=6
)


# ---------------------------------------------------------------- inputs built from the samples


@cache
def sample(stem: str) -> Any:
    return read_data(SAMPLES / f"{stem}.yaml")[0]


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the data: mapping keys and list positions, nested."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += paths_of(value, (*prefix, i))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


Mutation = Callable[[Any], None]


@st.composite
def mutation(draw: st.DrawFn, paths: list[tuple[Any, ...]]) -> Mutation:
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "drop", "garble", "duplicate", "retype"]))
    value = draw(hostile_value)
    insert = draw(st.lists(fragments, min_size=1, max_size=3).map("".join))
    at = draw(st.integers(min_value=0, max_value=200))

    def apply(data: Any) -> None:
        try:
            parent, key = _parent(data, path), path[-1]
            current = parent[key]
        except (KeyError, IndexError, TypeError):
            return  # an earlier mutation removed this place
        if kind == "replace":
            parent[key] = value
        elif kind == "drop":
            del parent[key]
        elif kind == "garble" and isinstance(current, str):
            cut = at % (len(current) + 1)
            parent[key] = current[:cut] + insert + current[cut:]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(current))
        elif kind == "retype":
            parent[key] = [current] if not isinstance(current, list) else {"合计": current}
        else:
            parent[key] = value

    return apply


@st.composite
def mutated_input(draw: st.DrawFn) -> tuple[Any, str]:
    """A sample's data with one to four places replaced, dropped, garbled, duplicated or given another type; and
    the file type to write it as."""
    data = copy.deepcopy(sample(draw(st.sampled_from(STEMS))))
    for change in draw(st.lists(mutation(paths_of(data)), min_size=1, max_size=4)):
        change(data)
    return data, draw(st.sampled_from(["yaml", "json"]))


@st.composite
def garbled_texts(draw: st.DrawFn) -> tuple[Any, str]:
    """A sample whose texts have hostile pieces typed into them: most stay valid, so the pieces reach the .docx,
    the Markdown and the self-check."""
    data = copy.deepcopy(sample(draw(st.sampled_from(STEMS))))
    # Narrative texts (a choice from a list, a percentage or a format name is not garbled into validity).
    texts = [path for path in paths_of(data) if _is_narrative(_parent(data, path)[path[-1]])]
    for path in draw(st.lists(st.sampled_from(texts), min_size=1, max_size=8)):
        parent, at = _parent(data, path), draw(st.integers(min_value=0, max_value=50))
        parent[path[-1]] = parent[path[-1]][:at] + draw(hostile_text) + parent[path[-1]][at:]
    return data, draw(st.sampled_from(["yaml", "json"]))


def _is_narrative(value: Any) -> bool:
    return isinstance(value, str) and len(value) >= 12


random_input = st.dictionaries(
    st.sampled_from(["格式", "单位名称", "年度", "支出", "项目", "问题", "收入", "主要职能", "x"]) | hostile_text,
    hostile_value,
    max_size=6,
).map(lambda data: (data, "json"))


def write(folder: Path, data: Any, kind: str) -> Path:
    """The data as a YAML or JSON file; non-ASCII written as escapes, so lone surrogates survive into the file."""
    path = folder / f"输入.{kind}"
    if kind == "yaml":
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=False, sort_keys=False)
    else:
        text = json.dumps(data, ensure_ascii=True, default=_json_default)
    path.write_text(text, encoding="ascii")
    return path


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else str(value)
    return str(value)


def only_input(folder: Path, path: Path) -> bool:
    return [p.name for p in folder.iterdir()] == [path.name]


# ---------------------------------------------------------------- the properties


@bounded(40)
@given(st.one_of(mutated_input(), garbled_texts(), random_input))
def test_drafting_any_input_raises_only_reportgen_errors(case):
    data, kind = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write(folder, data, kind)
        try:
            drafted = api.draft(path)
        except ReportgenError as exc:
            event("refused")
            assert exc.user_message().strip()
            assert only_input(folder, path)  # nothing written
            return
        event("drafted")
        for fmt in api.FORMATS:
            written = api.save(drafted, folder / f"报告.{fmt}", fmt)
            assert written.stat().st_size > 0
        assert sorted(p.name for p in folder.iterdir()) == sorted([path.name, "报告.docx", "报告.md"])


@bounded(8)
@given(st.one_of(mutated_input(), garbled_texts()))
def test_the_command_line_answers_any_input_with_0_or_2_and_leaves_no_partial_file(case):
    data, kind = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write(folder, data, kind)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            validated = main(["validate", str(path)])
            drafted = main(["draft", str(path), "-o", str(folder / "报告.docx")])
        event(f"exit {drafted}")
        assert validated == drafted and drafted in (0, 2), err.getvalue()
        assert "Traceback" not in err.getvalue()
        expected = [path.name, "报告.docx"] if drafted == 0 else [path.name]
        assert sorted(p.name for p in folder.iterdir()) == sorted(expected)


@cache
def report_text(stem: str) -> str:
    return api.draft(SAMPLES / f"{stem}.yaml").text()


@st.composite
def mutated_report(draw: st.DrawFn) -> str:
    """A drafted sample's text with pieces inserted, cut, repeated, or numbers made huge."""
    text = report_text(draw(st.sampled_from(STEMS[:3])))
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        size = draw(st.integers(min_value=0, max_value=400))
        kind = draw(st.sampled_from(["insert", "cut", "repeat", "number", "lines"]))
        if kind == "insert":
            text = text[:at] + draw(hostile_text) + text[at:]
        elif kind == "cut":
            text = text[:at] + text[at + size :]
        elif kind == "repeat":
            text = text[:at] + text[at : at + size] * draw(st.integers(min_value=2, max_value=5)) + text[at:]
        elif kind == "number":
            text = text[:at] + draw(st.sampled_from(["1e26", "9" * 400, "-0.00", "100.00%", "１２３"])) + text[at:]
        else:
            lines = text.split("\n")
            line = draw(st.sampled_from([*MARKUP, "", "合计\t1\t2\t3", "一、", "（一）", "1.", "（1）"]))
            lines.insert(at % (len(lines) + 1), line)
            text = "\n".join(lines)
    return text


@bounded(25)
@given(mutated_report(), st.sampled_from([".txt", ".md"]))
def test_checking_any_report_text_raises_only_reportgen_errors(text, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"报告{suffix}"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))  # a lone surrogate: bytes no UTF-8 reader takes
        try:
            result = check_file(path)
        except ReportgenError as exc:
            event("refused")
            assert exc.user_message().strip()
            return
        event("checked")
        assert result.total <= result.max


@pytest.mark.parametrize("stem", STEMS)
def test_every_sample_is_a_valid_starting_point(stem):
    # The mutations start from valid inputs: a failure above is caused by the mutation, not by the sample.
    api.draft(SAMPLES / f"{stem}.yaml")
