"""The rubric and lexicon are data that drive the grade: a region's override changes maxima, bands and words."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest

from reportgen.check import check_text
from reportgen.cli import main
from reportgen.errors import RubricError
from reportgen.rubrics import data_dir, load_standard

# A report of our own: every guangdong part present, two problems with causes, two answering measures.
REPORT = """2023年度某县图书馆部门整体支出绩效自评报告
一、部门基本情况
本馆负责公共图书借阅和阅读推广，2023年支出决算300.00万元。
二、绩效自评情况
本馆对照年初绩效目标开展自评，自评得分92分。
三、存在的主要问题
一是预算编制不够精准，年初预算与实际需求偏差较大，年中两次追加经费，原因是对全年读者活动和图书购置的测算不足。二是固定资产管理不规范，部分书架和电脑的资产台账与实物不符，原因是资产盘点制度执行不到位，人员变动后交接不清。
四、下一步改进措施
一是加强预算编制，编制年初预算前由各部室逐项测算全年读者活动、图书购置和设备维护的资金需求。二是组织全馆固定资产盘点，完善资产台账，人员变动时当面交接，确保账实相符。
"""
NO_PROBLEMS = REPORT.split("三、")[0] + "三、下一步改进措施\n加强预算编制，细化测算。\n"


def _item(result, item_id: str):
    return next(i for i in result.items if i.id == item_id)


def _override(tmp_path, text: str):
    path = tmp_path / "本地评分标准.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_maximum_edited_in_a_copy_changes_the_grade_and_the_json(tmp_path, capsys):
    copy = tmp_path / "rubric.yaml"
    shutil.copy(data_dir() / "rubric.yaml", copy)
    text = copy.read_text(encoding="utf-8").replace(
        "自评报告.反映问题情况: {name: 反映问题情况, max: 20}", "自评报告.反映问题情况: {name: 反映问题情况, max: 30}"
    )
    copy.write_text(text, encoding="utf-8")
    report = tmp_path / "报告.txt"
    report.write_text(NO_PROBLEMS, encoding="utf-8")

    assert main(["check", str(report), "--format", "json"]) == 1
    builtin = json.loads(capsys.readouterr().out)
    assert main(["check", str(report), "--format", "json", "--rubric", str(copy)]) == 1
    edited = json.loads(capsys.readouterr().out)

    problems = [next(i for i in d["score"]["items"] if i["id"] == "自评报告.反映问题情况") for d in (builtin, edited)]
    assert [p["max"] for p in problems] == [20, 30]
    assert edited["score"]["max"] == builtin["score"]["max"] + 10
    lost = [next(f for f in d["findings"] if f["rule"] == "problems.none")["points_lost"] for d in (builtin, edited)]
    assert lost == [20, 30]


def test_an_override_says_only_what_differs(tmp_path):
    path = _override(tmp_path, "base: default\ncompleteness: {body_part_points: 3}\n")
    without_part = REPORT.replace("二、绩效自评情况\n本馆对照年初绩效目标开展自评，自评得分92分。\n", "")
    builtin = _item(check_text(without_part, "guangdong"), "自评报告.完整性.正文")
    regional = _item(check_text(without_part, "guangdong", rubric=path), "自评报告.完整性.正文")
    assert (builtin.score, regional.score) == (Decimal(6), Decimal(5))
    assert [f.points_lost for f in regional.deductions] == [Decimal(3)]


def test_a_band_from_the_override_sets_the_score(tmp_path):
    # Two problems, both with causes, covering two aspects: the top of the two-aspect band.
    path = _override(tmp_path, "base: default\nproblems: {bands: {2: [11, 12, 13]}}\n")
    assert _item(check_text(REPORT, "guangdong"), "自评报告.反映问题情况").score == Decimal(15)
    assert _item(check_text(REPORT, "guangdong", rubric=path), "自评报告.反映问题情况").score == Decimal(13)


def test_a_profile_folder_brings_its_own_rubric_and_lexicon(tmp_path):
    folder = tmp_path / "某省格式"
    folder.mkdir()
    shutil.copy(data_dir().parent / "profiles" / "guangdong.yaml", folder / "profile.yaml")
    (folder / "rubric.yaml").write_text("base: default\nproblems: {bands: {2: [11, 12, 13]}}\n", encoding="utf-8")
    # Without 原因是 the problems give no cause, unless the region's lexicon counts 根源 as one.
    text = REPORT.replace("原因是", "根源在于").replace("在于", "")
    (folder / "lexicon.yaml").write_text("base: default\ncause_markers: ['根源']\n", encoding="utf-8")
    result = check_text(text, str(folder))
    assert _item(result, "自评报告.反映问题情况").score == Decimal(13)
    assert not [f for f in result.findings if f.rule == "problems.causes"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("base: default\nproblems: {bands: {2: [13, 14, 25]}}\n", ["problems.bands.2", "超过该项满分"]),
        ("base: default\nitems: {自评报告.建议情况: {max: 0}}\n", ["items", "应大于 0"]),
        ("base: default\ncompletness: {body_part_points: 3}\n", ["completness", "不认识的键"]),
        ("base: default\nevidence: {notice_issued: 5}\n", ["自评通知", "不等于该项满分"]),
        ("base: 不存在.yaml\n", ["找不到评分标准文件"]),
    ],
)
def test_a_malformed_override_is_refused_in_chinese(tmp_path, text, words):
    path = _override(tmp_path, text)
    with pytest.raises(RubricError) as caught:
        load_standard(rubric=path)
    assert all(word in caught.value.user_message() for word in words), caught.value.user_message()


def test_the_cli_refuses_a_malformed_rubric_with_exit_2(tmp_path, capsys):
    report = tmp_path / "报告.txt"
    report.write_text(REPORT, encoding="utf-8")
    path = _override(tmp_path, "base: default\nproblems: {simple_min_chars: 多}\n")
    assert main(["check", str(report), "--rubric", str(path)]) == 2
    err = capsys.readouterr().err
    assert "评分标准" in err and "simple_min_chars" in err and "Traceback" not in err
