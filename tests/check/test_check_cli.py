"""``reportgen check`` on the command line: exit codes, formats, evidence, and the drafted sample."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from paths import FIXTURES, SAMPLES
from reportgen import api
from reportgen.check import check_text
from reportgen.check.evidence import working_days_late
from reportgen.check.model import DEFECT_CATEGORIES
from reportgen.cli import main

# A short draft in our own words: 执行率 90.30% where 612.45 ÷ 680.30 = 90.03% (an error), and 「和和」.
SLIPS = FIXTURES / "library_2023_slips.txt"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    path = tmp_path_factory.mktemp("draft") / "海珠.docx"
    draft = api.draft(SAMPLES / "haizhu_2023.yaml")
    api.save(draft, path, "docx")
    return path


def test_drafted_sample_has_no_defects_and_full_body_marks(drafted, capsys):
    main(["check", str(drafted), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    errors = [f for f in data["findings"] if f["level"] == "error" and f["category"] in DEFECT_CATEGORIES]
    assert errors == []
    body = next(i for i in data["score"]["items"] if i["id"] == "自评报告.完整性.正文")
    assert body["score"] == body["max"] == 8
    assert data["profile"] == "guangdong"


def test_json_schema(capsys):
    code = main(["check", str(SLIPS), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # the rate slip is an error
    assert set(data) >= {"profile", "kind", "score", "findings"}
    assert set(data["score"]) >= {"total", "max", "items"}
    assert all(set(i) >= {"id", "score", "max", "status"} for i in data["score"]["items"])
    assert all(
        set(f) >= {"rule", "category", "level", "message", "section", "evidence", "points_lost", "fix"}
        for f in data["findings"]
    )


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_human_formats_print_scores_and_reasons(fmt, capsys):
    main(["check", str(SLIPS), "--format", fmt])
    out = capsys.readouterr().out
    assert "反映问题情况" in out and "和和" in out and "90.03%" in out


def test_unreadable_file_exits_2_with_chinese_message(tmp_path, capsys):
    path = tmp_path / "空.txt"
    path.write_text("")
    assert main(["check", str(path)]) == 2
    assert "空文件" in capsys.readouterr().err


def test_clean_text_exits_0(tmp_path, capsys):
    path = tmp_path / "报告.txt"
    path.write_text(
        "一、部门基本情况\n本单位负责预算绩效管理和档案工作。\n二、绩效自评情况\n自评得分96分。\n"
        "三、存在的主要问题\n预算编制不够精准，原因是需求测算不足。\n四、下一步改进措施\n加强预算编制。",
        encoding="utf-8",
    )
    assert main(["check", str(path), "--profile", "guangdong", "--format", "json"]) == 1  # no 自评表 is an error
    data = json.loads(capsys.readouterr().out)
    assert not [f for f in data["findings"] if f["category"] in DEFECT_CATEGORIES and f["level"] == "error"]


def test_evidence_is_graded_with_working_days(tmp_path, capsys):
    evidence = tmp_path / "佐证.yaml"
    evidence.write_text(
        yaml.safe_dump(
            {
                "自评通知": {
                    "已印发": True,
                    "要素": ["自评范围", "自评主要依据", "自评主要内容", "自评程序和步骤", "有关要求"],
                },
                "工作小组": True,
                "未自查单位": ["甲单位", "乙单位"],
                "报送截止日期": "2024-04-03",
                "报送日期": "2024-04-08",
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    main(["check", str(SLIPS), "--evidence", str(evidence), "--format", "json"])
    items = {i["id"]: i["score"] for i in json.loads(capsys.readouterr().out)["score"]["items"]}
    assert items["布置工作.自评通知"] == 7  # 2 + 6 − 1 (no 附件)
    assert items["布置工作.工作小组"] == 2
    assert items["实施评价.单位自查"] == 8
    assert items["实施评价.提交报告"] == 8  # 4.7 is a 调休 workday, 4.4–4.6 清明 are not


@pytest.mark.parametrize(
    ("deadline", "submitted", "late"),
    [
        (dt.date(2024, 3, 29), dt.date(2024, 3, 29), 0),
        (dt.date(2024, 3, 29), dt.date(2024, 4, 1), 1),  # weekend in between
        (dt.date(2024, 4, 30), dt.date(2024, 5, 6), 1),  # 劳动节 5.1–5.5 off
        (dt.date(2024, 4, 26), dt.date(2024, 4, 28), 1),  # 4.28 (Sun) is a 调休 workday
    ],
)
def test_working_days_late(deadline, submitted, late):
    assert working_days_late(deadline, submitted) == late


def test_bad_evidence_file_exits_2(tmp_path, capsys):
    evidence = tmp_path / "佐证.yaml"
    evidence.write_text("- 不是键值表", encoding="utf-8")
    assert main(["check", str(SLIPS), "--evidence", str(evidence)]) == 2
    assert "佐证材料" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("profile", "title"),
    [
        ("hunan", "湖南格式部门（单位）整体支出绩效自评报告（hunan）"),  # a bracket inside the name stays
        ("guangdong", "广东格式部门整体支出绩效自评报告（guangdong）"),
        ("project", "项目支出绩效自评报告（project）"),
    ],
)
def test_the_format_is_named_as_a_clerk_knows_it(profile, title):
    result = check_text("一、部门基本情况\n本馆负责档案的收集和利用。\n", profile)
    assert result.format_title == title
