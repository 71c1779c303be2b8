"""Nothing typed is lost: each format's ``uses`` list says truly which input fields its report writes or checks.

An input that gives nearly every field is drafted in each format. Every field a format declares must change
the draft when it is taken away (or changed); taking away every field it does not declare must leave the
draft as it was. So a field is either in the report or warned about, and the list cannot drift from the
templates.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from paths import SAMPLES
from reportgen import api
from reportgen.cli import main
from reportgen.load import LineLocator, read_data
from reportgen.profiles import get_profile
from reportgen.render import render_report
from reportgen.render.blocks import plain_text
from reportgen.render.tables import build_tables

# Fields kept only to check a figure the report computes (a stated 合计, 执行率 or 得分): taking one away
# changes the data-check notes, not the text.
CHECKED_ONLY = {
    "收入.合计",
    "支出.合计",
    "支出.全年预算数",
    "支出.执行率",
    "支出.基本支出.年初预算",  # where 全年预算数 is given, 年初预算 and 年中追加 are checked against it
    "支出.基本支出.年中追加",
    "支出.基本支出.全年预算数",
    "支出.基本支出.执行率",
    "支出.项目支出.合计",
    "支出.项目支出.全年预算数",
    "支出.项目支出.执行率",
    "支出.项目支出.项目.自评得分",
    "项目.自评得分",
    "部门整体自评表.资金.全年预算数",
    "部门整体自评表.资金.全年执行数",
    "部门整体自评表.资金.分值",
    "支出.项目支出.项目.自评表.资金.分值",
    "支出.项目支出.项目.自评表.资金.全年预算数",  # the table takes the project's own; a different one is noted
    "支出.项目支出.项目.自评表.资金.全年执行数",
    "项目.自评表.资金.分值",
    "自评得分",
    "资金申报及使用",
}
# Fields that choose how the report is made rather than what it says, and labels that link rows.
NOT_TESTED = {"格式", "评分方案", "问题.编号", "问题.方面", "问题.范围", "改进措施.针对", "改进措施.范围"}


def _raw(stem: str) -> dict[str, Any]:
    return read_data(SAMPLES / f"{stem}.yaml")[0]


def everything_department() -> dict[str, Any]:
    """A 部门整体 input that gives nearly every field, put together from the samples."""
    yueyang, nanchang, haizhu, guangzhou = (
        _raw(s) for s in ("yueyang_2023", "nanchang_2022", "haizhu_2023", "guangzhou_center_2021")
    )
    data = copy.deepcopy(yueyang)
    for key in ("主要职能", "内设机构", "人员构成", "资产", "履职总体目标", "年度总体工作和重点工作任务"):
        data[key] = copy.deepcopy(nanchang[key])
    for key in ("履职完成情况", "履职效果", "社会满意度"):
        data[key] = copy.deepcopy(nanchang[key])
    data["内设机构"][0]["级别"] = "正处级"
    data["人员编制"].update({"实有人数": 24, "编制数": 33})
    data["绩效管理"] = {
        **haizhu["绩效管理"],
        "运行监控要点": guangzhou["绩效管理"]["运行监控要点"],
        "开展情况": nanchang["绩效管理"]["开展情况"],
    }
    for key in ("自评结论", "审计检查", "专项资金", "管理效能概述", "问题"):
        data[key] = copy.deepcopy(haizhu[key])
    data["改进措施"] = [{**m, "标题": f"措施{i}"} for i, m in enumerate(haizhu["改进措施"], start=1)]
    data["重点工作完成情况"] = copy.deepcopy(guangzhou["重点工作完成情况"][:2]) + data["重点工作完成情况"][:1]
    data["项目自评"] = copy.deepcopy(guangzhou["项目自评"][:1])
    data["自评得分"] = {"总分": 95}
    data["收入"] = {
        "一般公共预算财政拨款": 1000,
        "政府性基金": 20,
        "国有资本经营": 10,
        "财政专户管理非税收入": 5,
        "其他": 15,
        "合计": 1050,
    }
    data["支出"]["基本支出"].update({"全年预算数": 475.88, "执行率": "97.27%", "差额原因": "人员变动"})
    projects = data["支出"]["项目支出"]
    projects.update({"全年预算数": 122.95, "执行率": "98.89%", "差额原因": "工程未验收", "合计": 121.57})
    data["支出"].update({"全年预算数": 1130.83, "执行率": "92.97%"})
    # Two projects and a few indicators are enough, and keep the many drafts of these tests quick.
    projects["项目"] = projects["项目"][:2]
    first, second = projects["项目"]
    for project in projects["项目"]:
        project["自评表"]["指标"] = project["自评表"]["指标"][:3] + project["自评表"]["指标"][-2:]
    first.update({"资金来源": "一般公共预算财政拨款", "实际到位资金": 17.95, "说明": "日常保管", "自评得分": 99})
    first["自评表"]["主管部门"] = "岳阳市档案局"
    del first["自评表"]["资金"]["其中"]  # so that its 资金 can be changed on its own
    del second["自评表"]["资金"]  # its 资金 is the project's own figures
    table = data["部门整体自评表"]
    table.update({"主管部门": "岳阳市人民政府", "实施单位": "岳阳市档案馆"})
    table["资金"]["偏差原因"] = "执行偏高"
    # as 支出 says (475.88 + 122.95; 462.88 + 121.57), so that the table keeps its 其中: one that no longer adds up
    # to the table's 资金 is dropped
    table["资金"].update({"全年预算数": 598.83, "全年执行数": 584.45})
    table["资金"]["其中"] = {
        "当年财政拨款": {"年初预算数": 503.29, "全年预算数": 583.83, "全年执行数": 569.45},
        "其他资金": {"年初预算数": 15, "全年预算数": 15, "全年执行数": 15},
    }
    table["指标"] = table["指标"][:3] + table["指标"][12:14] + table["指标"][-3:]
    table["指标"][1].update({"自评得分": 2.5, "调整理由": "书稿质量一般"})
    table["指标"][2]["偏差原因分析及改进措施"] = "按计划完成"
    data["其他需要说明的情况"] = "本年度无其他需要说明的情况。"
    return data


def everything_project() -> dict[str, Any]:
    data = copy.deepcopy(_raw("huaihua_2024_project"))
    data["报告日期"] = "2025-03-01"
    project = data["项目"][0]
    project.update({"类别": "业务工作经费", "上年决算数": 28, "资金来源": "一般公共预算财政拨款", "说明": "日常工作"})
    project["绩效目标"] = "完成档案征集"
    project["自评表"].update({"名称": "日常档案管理和征集费项目", "填表人": "张三", "填报日期": "2025-03-01"})
    project["自评表"]["年度总体目标"] = {"预期目标": ["完成征集"], "实际完成情况": ["已完成"]}
    data["项目效益"].update(
        {"经济效益": "节约经费", "社会效益": "服务群众", "生态效益": "无污染", "满意度": "群众满意"}
    )
    data["问题"][1]["原因"] = "人手不足"
    return data


def _draft(data: dict[str, Any], profile_name: str) -> tuple[str, str]:
    """(the text, the data-check notes) of ``data`` drafted in ``profile_name``."""
    profile = get_profile(profile_name)
    kind = api.KINDS[profile.kind]
    report = kind.model.model_validate(data)
    schemes = api._schemes(report, profile, Path("输入.yaml"), LineLocator({}))
    figures = kind.compute(report, schemes)
    attachments, tables = build_tables(report, figures, profile)
    context = {"r": report, "f": figures, "profile": profile, "attachments": attachments, "suggested": []}
    return plain_text(render_report(profile, context, tables)), "\n".join(n.message for n in figures.notes)


def _places(data: Any, path: tuple[str, ...]) -> list[tuple[dict[str, Any], str]]:
    """(mapping, key) of every place ``path`` (list positions left out) is given in ``data``."""
    if isinstance(data, list):
        return [place for item in data for place in _places(item, path)]
    if not isinstance(data, dict) or path[0] not in data:
        return []
    if len(path) == 1:
        return [(data, path[0])]
    return _places(data[path[0]], path[1:])


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float | Decimal):
        return value + 1
    if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?%", value):
        return f"{Decimal(value[:-1]) + 1}%"
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, str):
        return value + "（改）"
    if isinstance(value, list):
        return [_changed(v) for v in value]
    if isinstance(value, dict):
        return {k: _changed(v) for k, v in value.items()}
    return value


def _without(data: dict[str, Any], paths: list[tuple[str, ...]]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    for path in paths:
        for mapping, key in _places(changed, path):
            del mapping[key]
    return changed


def _makes_a_difference(data: dict[str, Any], path: tuple[str, ...], profile: str, baseline: tuple[str, str]) -> bool:
    """Whether taking ``path`` away, or changing it, changes the draft (its text, or for a checked figure its notes)."""
    changed = copy.deepcopy(data)
    for mapping, key in _places(changed, path):
        mapping[key] = _changed(mapping[key])
    tried = False
    for attempt in (_without(data, [path]), changed):
        try:
            text, notes = _draft(attempt, profile)
        except ValidationError:
            continue
        tried = True
        if text != baseline[0] or (".".join(path) in CHECKED_ONLY and notes != baseline[1]):
            return True
    return not tried  # a field that can be neither left out nor changed is one the report is built on


CASES = [
    ("hunan", everything_department),
    ("guangdong", everything_department),
    ("jiangxi", everything_department),
    ("project", everything_project),
]


@pytest.mark.parametrize(("profile", "make"), CASES)
def test_every_field_a_format_declares_is_in_its_report(profile, make):
    data = make()
    baseline = _draft(data, profile)
    declared = [tuple(entry.split(".")) for entry in get_profile(profile).uses or []]
    idle = [
        ".".join(path)
        for path in declared
        if ".".join(path) not in NOT_TESTED
        and _places(data, path)
        and not _makes_a_difference(data, path, profile, baseline)
    ]
    assert idle == [], f"{profile} declares fields its report neither writes nor checks: {idle}"


@pytest.mark.parametrize(("profile", "make"), CASES)
def test_fields_a_format_does_not_declare_are_not_in_its_report(profile, make):
    data = make()
    report = api.KINDS[get_profile(profile).kind].model.model_validate(data)
    unused = [tuple(n.section.split(".")) for n in api.unused_fields(report, get_profile(profile))]
    assert unused, "the input should give some field this format leaves out"
    assert _draft(_without(data, unused), profile)[0] == _draft(data, profile)[0]


def test_draft_warns_of_each_field_its_format_leaves_out(tmp_path, capsys):
    from reportgen.load import to_yaml

    path = tmp_path / "输入.yaml"
    path.write_text(to_yaml({**everything_department(), "格式": "hunan"}), encoding="utf-8")
    assert main(["draft", str(path), "-o", str(tmp_path / "报告.md")]) == 0
    out = capsys.readouterr().out
    assert "未写入报告的内容" in out
    assert "「内设机构.职责」已填写，但 hunan 格式的报告中没有这部分，不会写入报告" in out
    assert "「专项资金」已填写" in out and "「专项资金.名称」" not in out  # a part left out whole is named once
    assert "「主要职能」" not in out and "「重点工作完成情况.要点」" not in out  # hunan writes these now


def test_samples_fill_in_only_what_their_format_writes():
    for sample in sorted(SAMPLES.glob("*.yaml")):
        assert api.draft(sample).unused == [], sample.name


def test_hunan_states_the_duties_the_key_points_and_the_income_it_is_given():
    data = {**_raw("yueyang_2023"), "主要职能": ["负责接收进馆档案。", "负责馆藏档案的保管。"]}
    data["重点工作完成情况"] = [{"标题": "档案接收", "要点": ["接收档案1万卷", "征集实物200件"]}]
    text, _ = _draft(data, "hunan")
    assert "岳阳市档案馆承担以下主要职能：\n（1）负责接收进馆档案。\n（2）负责馆藏档案的保管。" in text
    assert "1.档案接收。一是接收档案1万卷；二是征集实物200件。" in text
    assert "2023年部门收入合计1064.31万元" in text
