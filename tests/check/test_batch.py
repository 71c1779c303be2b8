"""Batch checking: folders and several files, worker processes, the summary workbook and CSV, bad files as rows."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from paths import FIXTURES
from reportgen.check import batch
from reportgen.cli import main

SLIPS = FIXTURES / "library_2023_slips.txt"
# A second report of our own, with no arithmetic slip and a different unit.
CLEAN = SLIPS.read_text(encoding="utf-8").replace("示例县图书馆", "示例县文化馆").replace("90.30%", "90.03%")
CLEAN = CLEAN.replace("和和", "和")


@pytest.fixture
def folder(tmp_path):
    """Two readable reports (one in a sub-folder), a text that is no report, a broken .docx, an empty file,
    a spreadsheet and a Word lock file."""
    root = tmp_path / "各单位报告"
    (root / "二季度").mkdir(parents=True)
    shutil.copy(SLIPS, root / "图书馆.txt")
    (root / "二季度" / "文化馆.md").write_text(CLEAN, encoding="utf-8")
    (root / "说明.txt").write_text("请各单位按时报送。", encoding="utf-8")
    (root / "损坏.docx").write_bytes(b"PK\x03\x04not a zip at all")
    (root / "空白.pdf").write_bytes(b"")
    (root / "统计.xlsx").write_bytes(b"PK")
    (root / "~$图书馆.docx").write_bytes(b"lock")
    return root


def test_collect_recurses_and_skips_what_is_not_a_report(folder):
    paths, skipped = batch.collect([folder])
    assert sorted(p.name for p in paths) == ["图书馆.txt", "损坏.docx", "文化馆.md", "空白.pdf", "说明.txt"]
    assert [s.path.name for s in skipped] == ["统计.xlsx"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_with_bad_files_gives_a_workbook_with_a_row_each(folder, tmp_path, capsys, jobs):
    summary = tmp_path / "汇总.xlsx"
    assert main(["check", str(folder), "--summary", str(summary), "--jobs", jobs]) == 1
    err = capsys.readouterr().err
    assert "已跳过 1 个不是报告的文件：统计.xlsx" in err and "Traceback" not in err

    workbook = load_workbook(summary)
    sheet = workbook["汇总"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert head[:6] == ["文件", "单位名称", "年度", "格式", "类型", "报告格式"]
    assert {"反映问题情况", "建议情况", "得分", "已评满分", "计算·错误", "说明"} <= set(head)
    assert len(rows) == 5
    readable = [r for r in rows if not r["说明"]]
    assert {r["单位名称"] for r in readable} == {"示例县图书馆", "示例县文化馆"}
    assert all(isinstance(r["得分"], int | float) and r["年度"] == 2023 for r in readable)
    assert [r["得分"] for r in rows[:2]] == sorted((r["得分"] for r in readable), reverse=True)  # best first
    by_unit = {r["单位名称"]: r for r in readable}
    assert by_unit["示例县图书馆"]["计算·错误"] == 1 and by_unit["示例县文化馆"]["计算·错误"] == 0
    reasons = {r["文件"].rsplit("/", 1)[-1]: r["说明"] for r in rows if r["说明"]}
    assert set(reasons) == {"说明.txt", "损坏.docx", "空白.pdf"}
    assert "不是有效的 Word" in reasons["损坏.docx"] and "空文件" in reasons["空白.pdf"]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref

    details = workbook["问题明细"]
    head = [c.value for c in details[1]]
    assert head == batch.FINDINGS_HEAD
    slips = [r for r in details.iter_rows(min_row=2, values_only=True) if r[1] == "示例县图书馆"]
    assert any(r[2] == "arithmetic.ratio" and r[3] == "错误" and "90.03%" in r[5] for r in slips)
    assert any(r[2] == "typo.repeated_char" for r in slips)


def test_the_csv_summary_opens_in_excel(folder, tmp_path):
    summary = tmp_path / "汇总.csv"
    main(["check", str(folder), "--summary", str(summary), "--jobs", "1"])
    raw = summary.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the Chinese right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["文件", "单位名称", "年度"] and len(rows) == 6


def _calc() -> str | None:
    """LibreOffice with its spreadsheet part (Calc's library lies beside soffice), or None."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or not (Path(office).resolve().parent / "libsclo.so").exists():
        return None
    return office


def test_the_summary_workbook_opens_in_libreoffice_as_written(folder, tmp_path):
    office = _calc()
    if office is None:
        pytest.skip("需要 LibreOffice Calc 打开汇总表（make system-deps 会安装）")
    summary = tmp_path / "汇总.xlsx"
    main(["check", str(folder), "--summary", str(summary), "--jobs", "1"])
    out = tmp_path / "lo"
    subprocess.run(  # every sheet to CSV: comma, UTF-8, values (not as shown), all sheets (-1)
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(summary),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    workbook = load_workbook(summary)
    for name in ("汇总", "问题明细"):
        opened = list(csv.reader((out / f"汇总-{name}.csv").read_text(encoding="utf-8").splitlines()))
        written = [["" if v is None else str(v) for v in row] for row in workbook[name].iter_rows(values_only=True)]
        assert opened == written  # every cell as written: the Chinese, the numbers, the empty cells
    head, *rows = list(csv.reader((out / "汇总-汇总.csv").read_text(encoding="utf-8").splitlines()))
    readable = [dict(zip(head, row, strict=True)) for row in rows if not row[head.index("说明")]]
    assert {row["年度"] for row in readable} == {"2023"} and all(float(row["得分"]) >= 0 for row in readable)


def test_an_interrupted_summary_leaves_no_file(folder, tmp_path, monkeypatch):
    summary = tmp_path / "汇总.xlsx"
    summary.write_bytes(b"last year's summary")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_write_workbook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        batch.write_summary([batch.check_one(str(SLIPS), batch.CheckOptions())], summary)
    assert summary.read_bytes() == b"last year's summary"
    assert {p.name for p in tmp_path.iterdir()} == {summary.name, folder.name}  # no temporary file left


def test_several_files_as_json(folder, capsys):
    code = main(["check", str(folder / "图书馆.txt"), str(folder / "损坏.docx"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data[0]["unit"] == "示例县图书馆" and data[0]["year"] == 2023
    assert data[1]["source"].endswith("损坏.docx") and "不是有效的 Word" in data[1]["error"]


def test_a_batch_of_nothing_readable_exits_2(folder, capsys):
    assert main(["check", str(folder / "说明.txt"), str(folder / "空白.pdf")]) == 2


def test_a_folder_without_reports_says_so(tmp_path, capsys):
    (tmp_path / "表.xlsx").write_bytes(b"PK")
    assert main(["check", str(tmp_path)]) == 2
    assert "没有找到可检查的报告" in capsys.readouterr().err


def test_a_single_check_names_the_unit_and_year(capsys):
    main(["check", str(SLIPS), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (data["unit"], data["year"]) == ("示例县图书馆", 2023)


@pytest.mark.parametrize("value", ["0", "两"])
def test_jobs_must_be_a_positive_integer(value, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["check", str(SLIPS), "--jobs", value])
    assert caught.value.code == 2 and "应为正整数" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers see the patched module when forked")
def test_a_file_that_kills_its_worker_is_a_row_and_the_others_are_checked(tmp_path, monkeypatch):
    for name in ("甲", "乙", "丙"):
        shutil.copy(SLIPS, tmp_path / f"{name}.txt")
    shutil.copy(SLIPS, tmp_path / "崩溃.txt")
    real = batch.check_one

    def dying(path, options):
        if "崩溃" in path:
            os._exit(1)  # what a crash inside a C library or the memory killer does to a worker
        return real(path, options)

    dying.__module__, dying.__qualname__ = real.__module__, real.__qualname__  # sent to the workers by name
    monkeypatch.setattr(batch, "check_one", dying)
    paths, _ = batch.collect([tmp_path])
    rows = {Path(row.path).name: row for row in batch.run(paths, batch.CheckOptions(), jobs=2)}
    assert "工作进程异常退出" in rows["崩溃.txt"].error
    assert all(rows[f"{name}.txt"].unit == "示例县图书馆" for name in ("甲", "乙", "丙"))


def _on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """Run ``reportgen`` as a clerk does, its messages on a terminal (a pseudo-terminal): exit code, what it wrote
    to the terminal, and its standard output."""
    import pty
    import select

    command = Path(sys.executable).with_name("reportgen")
    terminal, other_end = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    proc = subprocess.Popen([str(command), *args], stdout=subprocess.PIPE, stderr=other_end, env=env)
    os.close(other_end)
    shown = []
    while True:  # read the terminal until the program is gone and it is empty
        ready, _, _ = select.select([terminal], [], [], 0.1)
        try:
            data = os.read(terminal, 65536) if ready else b""
        except OSError:  # Linux: the other end closed
            break
        if data:
            shown.append(data)
        elif proc.poll() is not None:
            break
    os.close(terminal)
    out = proc.stdout.read().decode("utf-8") if proc.stdout else ""
    return proc.wait(), b"".join(shown).decode("utf-8", "replace"), out


def test_a_batch_on_a_terminal_shows_its_progress(folder):
    code, terminal, out = _on_a_terminal(["check", str(folder), "--jobs", "1"])
    assert code == 1 and "Traceback" not in terminal
    assert "0/5" in terminal and "5/5" in terminal  # done / total, from none to all
    assert "已用" in terminal and "剩余" in terminal  # elapsed and remaining time
    assert any(name in terminal for name in ("图书馆.txt", "损坏.docx", "文化馆.md", "空白.pdf", "说明.txt"))
    assert "批量检查结果（5 份）" in out


def test_a_batch_piped_to_a_file_shows_no_progress_bar(folder, capsys):
    main(["check", str(folder), "--jobs", "1"])
    err = capsys.readouterr().err
    assert "━" not in err and "5/5" not in err


def test_a_report_too_slow_to_check_is_a_row_and_the_batch_goes_on(folder, tmp_path, monkeypatch):
    # one sentence of thousands of figures under one subject: each figure asks whether the words since the subject
    # name something else, and none does — seconds of work, where a real report takes a fraction of one
    figures = "，其中预算".join(f"{i}万元（全年预算{i}万元）" for i in range(1500))
    (folder / "异常.txt").write_text(f"一、部门基本情况\n项目支出{figures}。\n", encoding="utf-8")
    monkeypatch.setattr(batch, "MAX_CHECK_SECONDS", 0.3)
    summary = tmp_path / "汇总.xlsx"
    for jobs in ("1", "2"):  # in this process, and in workers forked from it
        assert main(["check", str(folder), "--summary", str(summary), "--jobs", jobs]) == 1
        sheet = load_workbook(summary)["汇总"]
        head = [c.value for c in sheet[1]]
        rows = {
            r[0].rsplit("/", 1)[-1]: dict(zip(head, r, strict=True))
            for r in sheet.iter_rows(min_row=2, values_only=True)
        }
        assert "检查超过 0.3 秒仍未完成" in rows["异常.txt"]["说明"]
        assert rows["图书馆.txt"]["单位名称"] == "示例县图书馆"  # the others are checked as before
