"""Hostile and accidental inputs to ``draft``, ``validate`` and ``convert``: typed text stays text, every bad file
gets a Chinese message naming the file and field with exit 2, no traceback, no hang, no file left behind."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from paths import SAMPLES
from reportgen import api
from reportgen.load import read_data, to_yaml
from reportgen.render.blocks import Heading, PageBreak, Paragraph, Table, escape_text, parse_blocks

CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PROJECT = SAMPLES / "huaihua_2024_project.yaml"
DEPARTMENT = SAMPLES / "haizhu_2023.yaml"


def sample_data(path: Path) -> dict[str, Any]:
    data, _ = read_data(path)
    return copy.deepcopy(data)


def write_input(folder: Path, data: dict[str, Any], name: str = "输入.yaml") -> Path:
    path = folder / name
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------- typed markup stays text

MARKUP = ["# 假标题", "#### 四级标题", "+ 假条目", "- 假列表", "@pagebreak", "@table funding", "@title 假题目", "@别的"]


@pytest.mark.parametrize("typed", MARKUP)
def test_escaped_text_is_one_paragraph_as_typed(typed):
    assert parse_blocks(escape_text(typed)) == [Paragraph(typed)]


def test_escaping_twice_changes_nothing():
    # A macro's output is written by {{ }} once more; text inside it must come out as typed all the same.
    assert parse_blocks(escape_text(escape_text("- 甲\n+ 乙"))) == [Paragraph("- 甲"), Paragraph("+ 乙")]


def test_template_markup_around_escaped_text_still_works():
    markup = f"# {escape_text('# 甲')}\n+ {escape_text('@table x')}\n@right {escape_text('- 丙')}\n"
    heading, item, right = parse_blocks(markup)
    assert heading == Heading(1, "一、", "# 甲")
    assert item == Paragraph("（1）@table x")
    assert right == Paragraph("- 丙", align="right")


def _structure(draft: api.DraftedReport) -> list[str]:
    return [
        b.full_text if isinstance(b, Heading) else type(b).__name__
        for b in draft.blocks
        if isinstance(b, Heading | PageBreak | Table)
    ]


@pytest.fixture(scope="module")
def project_structure() -> list[str]:
    return _structure(api.draft(PROJECT))


def test_markup_typed_in_a_project_field_appears_literally(tmp_path, project_structure):
    data = sample_data(PROJECT)
    data["项目基本情况"]["立项依据"] = [*MARKUP, "最后一段"]
    drafted = api.draft(write_input(tmp_path, data))
    assert _structure(drafted) == project_structure  # no heading, item, page break or table was added
    texts = [b.text for b in drafted.blocks if isinstance(b, Paragraph)]
    for typed in MARKUP:
        assert any(text.startswith(typed) for text in texts), typed
    docx_text = [p.text for p in Document(str(api.save(drafted, tmp_path / "r.docx", "docx"))).paragraphs]
    markdown = api.save(drafted, tmp_path / "r.md", "md").read_text(encoding="utf-8").splitlines()
    for typed in MARKUP:
        assert any(p.startswith(typed) for p in docx_text), typed
        assert any(line.startswith(typed) for line in markdown), typed


def test_markup_typed_in_a_department_problem_appears_literally(tmp_path):
    data = sample_data(DEPARTMENT)
    before = _structure(api.draft(DEPARTMENT))
    data["问题"][0]["内容"] = "@pagebreak"
    data["主要职能"][0] = "# 不是标题"
    drafted = api.draft(write_input(tmp_path, data))
    assert _structure(drafted) == before
    texts = [b.text for b in drafted.blocks if isinstance(b, Paragraph)]
    assert any("@pagebreak" in text for text in texts)
    assert any("# 不是标题" in text for text in texts)


# ---------------------------------------------------------------- every case of issue 14, through the command line

#: Words of four or more ASCII letters a Chinese message may hold: names of formats and of the tool's options.
_ALLOWED_ASCII = {
    "YAML",
    "JSON",
    "Word",
    "Excel",
    "reportgen",
    "check",
    "draft",
    "force",
    "xlsx",
    "docx",
    "yaml",
    "json",
}


def english_words(text: str) -> set[str]:
    """English words in a message, but for command-line options the message names (--suggest, --force)."""
    return set(re.findall(r"(?<![-A-Za-z])[A-Za-z]{4,}", text)) - _ALLOWED_ASCII


def _project_yaml(**changes: Any) -> str:
    data = sample_data(PROJECT)
    data.update(changes)
    return to_yaml(data)


def _project_json(replace: tuple[str, str] | None = None) -> str:
    from reportgen.load import to_json

    text = to_json(sample_data(PROJECT))
    return text.replace(*replace, 1) if replace else text


def _with_score(path: Path, score: str) -> None:
    from decimal import Decimal

    data = sample_data(PROJECT)
    data["项目"][0]["自评表"]["指标"][0]["分值"] = Decimal(score)
    path.write_text(to_yaml(data), encoding="utf-8")


def _nested(depth: int) -> str:
    return "单位名称: " + "[" * depth + "]" * depth + "\n"


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)

_LONG_UNIT = "怀化市档案馆" * 50


def _zip_bomb(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (40 * 1024 * 1024) + b"</a>")


# (case, file name, content: text or a function writing the file, exit code, words the message must hold)
CASES: list[tuple[str, str, Any, int, list[str]]] = [
    (
        "a NUL byte in the unit's name",
        "输入.yaml",
        _project_yaml(单位名称="怀化\x00市档案馆"),
        0,
        ["单位名称", "控制字符"],
    ),
    ("control characters typed in YAML", "输入.yaml", _project_yaml(评价依据="依据\x01通知\x1f"), 0, ["评价依据"]),
    (
        "a control character in JSON",
        "输入.json",
        _project_json(("怀化市档案馆", "怀化\\u0001市档案馆")),
        0,
        ["单位名称"],
    ),
    (
        "a lone surrogate in JSON",
        "输入.json",
        _project_json(("怀化市档案馆", "怀化\\ud800市档案馆")),
        2,
        ["单位名称", "代理项"],
    ),
    ("a lone surrogate in YAML", "输入.yaml", 'x: "\\ud800"\n', 2, ["代理项"]),
    (
        "money of 1e26",
        "输入.yaml",
        _project_yaml().replace("全年执行数: 30.50", "全年执行数: 1e26", 1),
        2,
        ["项目[1].全年执行数", "超过上限", "万元"],
    ),
    (
        "money typed as 27 digits of 万元",
        "输入.yaml",
        _project_yaml().replace("全年执行数: 30.50", "全年执行数: 100000000000000000000000000万元", 1),
        2,
        ["项目[1].全年执行数", "超过上限"],
    ),
    (
        "a score of 1e30",
        "输入.yaml",
        lambda path: _with_score(path, "1e30"),
        2,
        ["项目[1].自评表.指标[1].分值", "超过上限"],
    ),
    ("a 5,000-digit integer in JSON", "输入.json", _project_json(("30.5", "9" * 5000)), 2, ["项目[1]"]),
    (
        "a 5,000-digit integer in YAML",
        "输入.yaml",
        _project_yaml().replace("全年执行数: 30.50", "全年执行数: " + "9" * 5000, 1),
        2,
        ["项目[1].全年执行数"],
    ),
    ("deeply nested YAML", "输入.yaml", _nested(5000), 2, ["嵌套超过"]),
    ("deeply nested JSON", "输入.json", '{"单位名称": ' + "[" * 100_000 + "]" * 100_000 + "}", 2, ["嵌套超过"]),
    ("a YAML alias bomb", "输入.yaml", _BOMB, 2, ["别名"]),
    ("a recursive YAML alias", "输入.yaml", "a: &a [1, *a]\n", 2, ["别名"]),
    ("a text of a whole file", "输入.yaml", _project_yaml(评价依据="很长" * 20_000), 2, ["评价依据", "超过单项上限"]),
    (
        "a file past the size limit",
        "输入.yaml",
        "# " + "注释" * 1_000_000 + "\n" + _project_yaml(),
        2,
        ["超过输入文件的上限"],
    ),
    ("a workbook that unpacks to 40 MB", "填报表.xlsx", _zip_bomb, 2, ["解压后", "不予读取"]),
    ("markup unquoted in YAML", "输入.yaml", "单位名称: @pagebreak\n", 2, ["第1行", "加引号"]),
    ("a bad JSON file", "输入.json", '{"单位名称": "甲",}', 2, ["JSON 格式错误", "双引号"]),
    (
        "a file in GBK",
        "输入.yaml",
        lambda path: path.write_bytes("# input\n单位名称: 甲\n".encode("gbk")),
        2,
        ["第2行", "UTF-8"],
    ),
    ("an impossible date", "输入.yaml", _project_yaml(报告日期="2024-02-30"), 2, ["报告日期", "日期不存在"]),
    ("a number where a list is expected", "输入.yaml", _project_yaml(项目=3), 2, ["项目", "列表"]),
    (
        "a nested list where texts are expected",
        "输入.yaml",
        _project_yaml().replace("立项依据: ", "立项依据: [[甲, 乙]]\n  x: ", 1),
        2,
        ["立项依据"],
    ),
]


@pytest.mark.parametrize(("case", "name", "content", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_every_hostile_case_is_answered_in_chinese(tmp_path, capsys, case, name, content, code, words):
    import time

    from reportgen.cli import main

    path = tmp_path / name
    if callable(content):
        content(path)
    else:
        path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    output = tmp_path / "报告.md"
    started = time.monotonic()
    result = main(["draft", str(path), "-o", str(output)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    said = err if code else out
    assert result == code, out + err
    assert "Traceback" not in err
    assert all(word in said for word in words), said
    assert str(path) in said  # the message names the file
    assert not english_words(said.replace(str(tmp_path), "")), said
    assert path.read_bytes() == before  # the input is never written
    left = {p.name for p in tmp_path.iterdir()} - {name}
    assert left == ({"报告.md"} if code == 0 else set())  # no partial or temporary file
    assert elapsed < 5, f"{case}: {elapsed:.1f} s"
    if code == 0:
        written = output.read_text(encoding="utf-8")
        assert not CONTROL_CHARS.search(written)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("怀化/档案馆", "2024年度怀化_档案馆项目支出绩效自评报告.docx"),
        ("怀化\x00档案馆", "2024年度怀化档案馆项目支出绩效自评报告.docx"),  # the NUL is cleaned from the input
        ('怀化:*?"<>|档案馆', "2024年度怀化_______档案馆项目支出绩效自评报告.docx"),
    ],
)
def test_the_default_output_name_is_a_safe_file_name(tmp_path, unit, expected):
    from reportgen.cli import main

    path = write_input(tmp_path, {**sample_data(PROJECT), "单位名称": unit})
    assert main(["draft", str(path)]) == 0
    assert (tmp_path / expected).is_file()


def test_a_long_unit_name_is_cut_in_the_default_output_name(tmp_path):
    from reportgen.cli import main

    path = write_input(tmp_path, {**sample_data(PROJECT), "单位名称": _LONG_UNIT})
    assert main(["draft", str(path), "--format", "md"]) == 0
    (written,) = [p for p in tmp_path.iterdir() if p.suffix == ".md"]
    assert len(written.name.encode()) <= 255
    assert written.name.startswith("2024年度怀化市档案馆") and written.name.endswith("…项目支出绩效自评报告.md")


def test_drafting_onto_the_input_itself_is_refused(tmp_path, capsys):
    from reportgen.cli import main

    path = write_input(tmp_path, sample_data(PROJECT))
    before = path.read_bytes()
    assert main(["draft", str(path), "-o", str(path), "--format", "docx", "--force"]) == 2
    assert "就是输入文件" in capsys.readouterr().err
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_an_alias_bomb_fails_fast_in_little_memory(tmp_path):
    import resource
    import subprocess
    import sys

    path = tmp_path / "炸弹.yaml"
    path.write_text(
        _BOMB + "".join(f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("ijk", "jkl", strict=True))
    )
    code = "import sys; from reportgen.cli import main; sys.exit(main(['validate', sys.argv[1]]))"
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=20)
    assert done.returncode == 2 and "别名" in done.stderr
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 500 * 1024  # KB: the largest child so far


def test_a_workbook_with_parts_openpyxl_drops_reads_without_english(tmp_path, capsys):
    import warnings
    import zipfile

    from reportgen.cli import main

    # Excel and WPS save data validations in an extension openpyxl does not read; it warns in English.
    extension = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations count="0"/></ext></extLst></worksheet>'
    )
    book = tmp_path / "填报表.xlsx"
    with zipfile.ZipFile(SAMPLES / "haizhu_2023.xlsx") as source, zipfile.ZipFile(book, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"</worksheet>", extension)
            target.writestr(item, data)
    with warnings.catch_warnings(record=True) as warned:  # as a terminal would show them, not as pytest keeps them
        warnings.simplefilter("always")
        assert main(["validate", str(book)]) == 0
    captured = capsys.readouterr()
    assert "输入有效" in captured.out and not english_words(captured.err), captured.err
    assert not warned, [str(w.message) for w in warned]


@pytest.mark.parametrize(
    ("typed", "kept", "noted", "refused"),
    [
        ("普通文字 # + - @", "普通文字 # + - @", False, False),
        ("甲\x00乙\x01丙\x1f丁\x7f", "甲乙丙丁", True, False),
        ("制表\t换行\n回车\r", "制表\t换行\n回车\r", False, False),
        ("内部\ufdd0字符", "内部字符", True, False),
        ("表情\ud83d\ude00成对", "表情😀成对", False, False),  # a pair, as a YAML escape gives it
        ("半个\ud800字符", "半个字符", False, True),
    ],
)
def test_cleaning_a_text(typed, kept, noted, refused):
    from reportgen.load import LineLocator, clean_data

    cleaned = clean_data({"单位名称": typed}, LineLocator({("单位名称",): 3}), "输入.yaml")
    assert cleaned.data == {"单位名称": kept}
    assert [n.section for n in cleaned.notes] == (["单位名称"] if noted else [])
    assert [(i.path, i.line) for i in cleaned.issues] == ([("单位名称", 3)] if refused else [])


def test_an_output_name_too_long_for_the_file_system_is_refused_in_chinese(tmp_path, capsys):
    from reportgen.cli import main

    path = write_input(tmp_path, sample_data(PROJECT))
    code = main(["draft", str(path), "-o", str(tmp_path / ("长" * 100 + ".docx"))])
    err = capsys.readouterr().err
    assert code == 2 and "文件名太长" in err, err
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_convert_writes_the_cleaned_text_and_says_what_it_removed(tmp_path, capsys):
    from reportgen.cli import main

    path = write_input(tmp_path, {**sample_data(PROJECT), "单位名称": "怀化\x01市档案馆"})
    assert main(["convert", str(path), "-o", str(tmp_path / "转换.json")]) == 0
    assert "「单位名称」：删除了 1 个不可见的控制字符" in capsys.readouterr().out
    assert '"单位名称": "怀化市档案馆"' in (tmp_path / "转换.json").read_text(encoding="utf-8")
