"""Hostile and accidental files given to ``reportgen check``: a Chinese message, exit 2, no traceback, no hang."""

from __future__ import annotations

import re
import zipfile

import pytest

from paths import FIXTURES
from reportgen.check import check_file
from reportgen.cli import main
from reportgen.errors import RubricError

REPORT = FIXTURES / "library_2023_slips.txt"


def _run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, capsys):
    bomb = tmp_path / "报告.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<" + b"a" * (30 * 1024 * 1024) + b"/>")
    code, err = _run(["check", str(bomb)], capsys)
    assert code == 2 and "解压后有" in err and "为安全起见不予读取" in err


def test_a_report_over_the_size_limit_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("reportgen.check.read.MAX_REPORT_BYTES", 1000)
    code, err = _run(["check", str(REPORT)], capsys)
    assert code == 2 and "超过可检查的上限" in err


def test_a_text_of_too_many_characters_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("reportgen.check.read.MAX_REPORT_CHARS", 200)
    code, err = _run(["check", str(REPORT)], capsys)
    assert code == 2 and "个字符" in err


def test_a_pdf_with_too_many_pages_is_refused(capsys, monkeypatch):
    monkeypatch.setattr("reportgen.check.pdf_read.MAX_PDF_PAGES", 1)
    code, err = _run(["check", str(FIXTURES / "library_numbered.pdf")], capsys)
    assert code == 2 and "页，超过可检查的上限 1 页" in err


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.pdf", (FIXTURES / "library_numbered.pdf").read_bytes()[:2000]),
        ("报告.pdf", b"%PDF-1.4\n" + b"\x00" * 100),
        ("报告.docx", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_a_damaged_report_is_named_without_the_library_exception(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    code, err = _run(["check", str(path)], capsys)
    assert code == 2 and ("已损坏" in err or "无法解析" in err), err
    assert not re.search(r"Error|[A-Za-z]{5,}", err.replace("Word", "")), err


def test_a_broken_pdf_says_so_in_chinese_only(tmp_path, capsys):
    broken = tmp_path / "报告.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer << /Root 1 0 R >>\n%%EOF")
    code, err = _run(["check", str(broken)], capsys)
    assert code == 2 and "PDF" in err
    assert not any(word in err for word in ("Warning", "warning", "Error:", "xref")), err


@pytest.mark.parametrize(
    ("evidence", "words"),
    [
        ("报送截止日期: 2024-13-45\n报送日期: 2024-04-02\n", ["报送截止日期", "日期"]),
        ("报送截止日期: 2024年2月30日\n报送日期: 2024-04-02\n", ["报送截止日期", "不是存在的日期"]),
        ("报送截止日期: 0001-01-01\n报送日期: 9999-12-31\n", ["年份 1", "2000—2100"]),
        ("未自查单位: 3\n", ["未自查单位", "应为列表"]),
        ("未自查单位: [[甲, 乙]]\n", ["未自查单位", "应为文字"]),
        ("自评通知: {已印发: 是的}\n", ["已印发", "true 或 false"]),
        ("工作小组: true\n备注: 多写的一项\n", ["备注", "不认识的键"]),
        ("- 只是一个列表\n", ["应是键值表"]),
        ("未自查单位: " + "[" * 5000 + "]" * 5000 + "\n", ["嵌套层数过多"]),
        ("未自查单位: [甲\x01乙]\n", ["控制字符"]),
        ("未自查单位: [甲\n", ["方括号", "第2行"]),
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{y}: &{y} [{', '.join(['*' + x] * 9)}]\n" for x, y in zip("abcdefg", "bcdefgh", strict=True))
            + "未自查单位: *h\n",
            ["未自查单位", "应为文字"],
        ),
    ],
)
def test_a_bad_evidence_file_names_the_field(tmp_path, capsys, evidence, words):
    path = tmp_path / "佐证.yaml"
    path.write_text(evidence, encoding="utf-8")
    code, err = _run(["check", str(REPORT), "--evidence", str(path)], capsys)
    assert code == 2 and all(word in err for word in words), err
    said = re.sub(r"\b(true|false)\b", "", err.replace(str(path), ""))
    assert not re.search(r"Error|[a-z]{4,}", said), err  # no library English


def test_a_non_utf8_evidence_file_says_so(tmp_path, capsys):
    path = tmp_path / "佐证.yaml"
    path.write_bytes("未自查单位: [甲]\n".encode("gbk"))
    code, err = _run(["check", str(REPORT), "--evidence", str(path)], capsys)
    assert code == 2 and "UTF-8" in err


def test_evidence_dates_in_chinese_are_read():
    evidence = {"报送截止日期": "2024年3月29日", "报送日期": "2024/4/2"}
    result = check_file(REPORT, evidence=evidence)
    submission = next(i for i in result.items if i.id == "实施评价.提交报告")
    assert submission.score is not None and submission.score < submission.max


def test_evidence_given_as_a_mapping_is_validated_the_same_way():
    from reportgen.check.evidence import load_evidence

    with pytest.raises(RubricError) as caught:
        load_evidence({"报送日期": "不是日期"})
    assert "报送日期" in caught.value.user_message()
