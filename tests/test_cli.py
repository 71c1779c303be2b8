"""The CLI end to end: files written atomically, Chinese messages, exit codes, nothing left behind."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from docx import Document

from paths import SAMPLES
from reportgen.cli import main

DEFAULT_NAME = "2023年度海珠区国家档案馆部门整体支出绩效自评报告"


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "海珠区国家档案馆2023.yaml"
    shutil.copy(SAMPLES / "haizhu_2023.yaml", path)
    return path


@pytest.fixture
def bad_input(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("单位名称: 测试\n年度: 2023\n收入:\n  一般公共预算财政拨款: -1\n", encoding="utf-8")
    return path


def test_draft_writes_docx_next_to_the_input_by_default(sample, capsys):
    assert main(["draft", str(sample)]) == 0
    output = sample.parent / f"{DEFAULT_NAME}.docx"
    assert Document(str(output)).paragraphs[0].text == DEFAULT_NAME
    out = capsys.readouterr().out
    assert f"已生成：{output}" in out
    assert "[提示]" in out  # the 0.01 rounding difference of seed 000


def test_draft_markdown_by_suffix(sample, tmp_path):
    output = tmp_path / "report.md"
    assert main(["draft", str(sample), "-o", str(output)]) == 0
    assert output.read_text(encoding="utf-8").startswith(f"# {DEFAULT_NAME}\n")


def test_draft_format_option_wins_over_missing_suffix(sample, tmp_path):
    output = tmp_path / "report"
    assert main(["draft", str(sample), "-o", str(output), "--format", "md"]) == 0
    assert output.read_text(encoding="utf-8").startswith("# ")


def test_written_file_gets_ordinary_permissions(sample, tmp_path):
    output = tmp_path / "r.md"
    main(["draft", str(sample), "-o", str(output)])
    assert output.stat().st_mode & 0o644 == 0o644


def test_no_temporary_files_are_left(sample, tmp_path):
    main(["draft", str(sample), "-o", str(tmp_path / "r.docx")])
    assert not list(tmp_path.glob(".*.tmp"))


def test_bad_input_fails_clearly_and_writes_nothing(bad_input, tmp_path, capsys):
    output = tmp_path / "out.docx"
    assert main(["draft", str(bad_input), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert str(bad_input) in err
    assert "「收入.一般公共预算财政拨款」：不能为负数" in err
    assert "「支出」：缺少必填字段" in err
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_bad_input_does_not_overwrite_an_existing_report(bad_input, tmp_path):
    output = tmp_path / "out.docx"
    output.write_bytes(b"last year's report")
    assert main(["draft", str(bad_input), "-o", str(output)]) == 2
    assert output.read_bytes() == b"last year's report"


def test_bad_input_prints_no_traceback(bad_input):
    result = subprocess.run(
        [sys.executable, "-m", "reportgen.cli", "draft", str(bad_input)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "未生成任何文件" in result.stderr


def test_validate_reports_and_writes_nothing(sample, capsys):
    before = sorted(sample.parent.iterdir())
    assert main(["validate", str(sample)]) == 0
    out = capsys.readouterr().out
    assert "输入有效（格式：guangdong）" in out and "1299.96万元" in out
    assert sorted(sample.parent.iterdir()) == before


def test_validate_bad_input(bad_input, capsys):
    assert main(["validate", str(bad_input)]) == 2
    assert "不能为负数" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", "{sample}", "--profile", "shanghai"], "未知的报告格式「shanghai」"),
        (["draft", "{sample}", "-o", "{tmp}/no/such/dir/r.docx"], "不存在"),
        (["draft", "{sample}", "-o", "{tmp}/r.pdf"], "请使用 .docx 或 .md"),
        (["draft", "{tmp}/missing.yaml"], "文件不存在"),
    ],
)
def test_unusable_requests(sample, tmp_path, capsys, args, message):
    argv = [a.format(sample=sample, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


CHECK_ONLY = "只用于检查（reportgen check），不能起草报告或生成填报表；可用的格式有：guangdong、hunan、jiangxi、project"


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "{sample}", "--profile", "generic"],
        ["template", "--profile", "generic", "-o", "{tmp}/t.xlsx"],
        ["import", "{tmp}/r.md", "--profile", "generic", "-o", "{tmp}/t.xlsx"],
        ["draft", "{sample}", "--profile", "{tmp}/own"],  # a format folder of the clerk's own, without templates
    ],
)
def test_a_format_that_cannot_draft_says_so_and_names_those_that_can(sample, tmp_path, capsys, args):
    own = tmp_path / "own"
    own.mkdir()
    guangdong = (SAMPLES.parent / "src/reportgen/profiles/guangdong.yaml").read_text(encoding="utf-8")
    kept = [line for line in guangdong.splitlines() if not line.startswith(("name:", "templates:"))]
    (own / "profile.yaml").write_text("\n".join(["name: own", *kept]), encoding="utf-8")
    if args[0] == "import":  # last year's report, drafted from the sample
        assert main(["draft", str(sample), "-o", str(tmp_path / "r.md")]) == 0
        capsys.readouterr()
    argv = [a.format(sample=sample, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    assert CHECK_ONLY in capsys.readouterr().err
    assert not (tmp_path / "t.xlsx").exists()


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "显示本帮助并退出" in out and "由输入文件起草报告" in out


def test_usage_errors_are_chinese(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["draft"])
    assert exited.value.code == 2
    assert "缺少必需的参数" in capsys.readouterr().err


def test_profiles_lists_guangdong(capsys):
    assert main(["profiles"]) == 0
    assert "guangdong" in capsys.readouterr().out


def test_draft_checks_what_it_wrote_and_offers_problems(tmp_path, capsys):
    output = tmp_path / "y.docx"
    assert main(["draft", str(SAMPLES / "yueyang_2023.yaml"), "-o", str(output)]) == 0
    out = capsys.readouterr().out
    assert "按附件5估计，自评报告部分得分" in out
    assert "按附件5估计，自评报告部分得分 70 / 70。" in out  # the sample loses no point its input could keep
    assert "加 --suggest 可插入为【待确认】条目" in out
    assert "[部门履职效能] 市档案馆库房密集架建设的绩效指标「建设支出控制数」" in out


def test_draft_suggest_inserts_and_lists_the_items(tmp_path, capsys):
    output = tmp_path / "y.md"
    assert main(["draft", str(SAMPLES / "yueyang_2023.yaml"), "-o", str(output), "--suggest"]) == 0
    out = capsys.readouterr().out
    # 基本支出's adjustment and 智慧档案一期's low execution are the clerk's own problems and are not offered again
    assert "还有 1 处需要补充或确认" in out and "加 --suggest" not in out
    assert output.read_text(encoding="utf-8").count("【待确认：") == 1


# ---------------------------------------------------------------- nothing the clerk edited is lost (issue 12)


def test_draft_does_not_overwrite_an_existing_report(sample, capsys):
    output = sample.parent / f"{DEFAULT_NAME}.docx"
    output.write_bytes(b"edited by the clerk")
    assert main(["draft", str(sample)]) == 2
    err = capsys.readouterr().err
    assert f"输出文件 {output} 已存在，未覆盖" in err and "--force" in err and "-o" in err
    assert output.read_bytes() == b"edited by the clerk"


def test_draft_force_overwrites(sample, capsys):
    output = sample.parent / f"{DEFAULT_NAME}.docx"
    output.write_bytes(b"edited by the clerk")
    assert main(["draft", str(sample), "--force"]) == 0
    assert Document(str(output)).paragraphs[0].text == DEFAULT_NAME


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_draft_never_writes_over_its_input(sample, capsys, force):
    before = sample.read_bytes()
    assert main(["draft", str(sample), "-o", str(sample), "--format", "md", *force]) == 2
    assert "就是输入文件" in capsys.readouterr().err
    assert sample.read_bytes() == before
