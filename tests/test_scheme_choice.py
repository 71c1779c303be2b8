"""The input chooses its scoring scheme (评分方案); self-score parts the scheme cannot place are input errors."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from paths import SAMPLES
from reportgen import api
from reportgen.cli import main
from reportgen.errors import InputError

BASE = """\
单位名称: 测试档案馆
年度: 2021
支出: {基本支出: {合计: 1}, 项目支出: {合计: 1}}
"""
TABLE = """\
部门整体自评表:
  资金: {全年预算数: 2, 全年执行数: 2}
  指标:
    - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 缩微画幅, 年度指标值: 100画幅, 实际完成值: 100画幅, 分值: 32}
    - {一级指标: 效益指标, 二级指标: 社会效益指标, 三级指标: 修复达标率, 年度指标值: 100%, 实际完成值: 100%, 分值: 10}
    - {一级指标: 满意度指标, 二级指标: 服务对象满意度指标, 三级指标: 满意率, 年度指标值: ≥80%, 实际完成值: 100%, 分值: 8}
自评得分:
  分项:
    - {名称: 管理效能, 得分: 44.43}
    - {名称: 加减分项, 得分: 0}
"""


def write(tmp_path, *parts: str, name: str = "input.yaml"):
    path = tmp_path / name
    path.write_text(BASE + "".join(textwrap.dedent(p) for p in parts), encoding="utf-8")
    return path


def issues(path) -> list[tuple[str, str, int | None]]:
    with pytest.raises(InputError) as raised:
        api.draft(path)
    return [(i.path, i.message, i.line) for i in raised.value.issues]


def test_the_input_names_its_scheme(tmp_path):
    drafted = api.draft(write(tmp_path, "评分方案: guangdong_department\n", TABLE))
    assert list(drafted.figures.department_score.categories) == ["管理效能", "履职效能", "加减分项"]
    assert drafted.figures.self_score == Decimal("94.43")  # 44.43 + 32 + 10 + 8 + 0


def test_without_a_scheme_the_formats_applies(tmp_path):
    table = TABLE.split("自评得分:")[0]  # default scheme: 预算执行 and three 一级, nothing declared
    drafted = api.draft(write(tmp_path, table))
    assert list(drafted.figures.department_score.categories) == ["预算执行", "产出指标", "效益指标", "满意度指标"]


def test_a_scheme_file_beside_the_input(tmp_path):
    grades = "grades: {优: null, 良: null, 中: null, 差: null, 合格: 60, 不合格: 0}"  # null deletes the base's
    (tmp_path / "本地方案.yaml").write_text(f"name: local\nbase: guangdong_department\n{grades}\n", encoding="utf-8")
    drafted = api.draft(write(tmp_path, "评分方案: 本地方案.yaml\n", TABLE))
    assert drafted.figures.department_score.grade == "合格"  # 94.43 under the local grades


def test_an_unknown_scheme_names_the_field_and_line(tmp_path):
    found = issues(write(tmp_path, "评分方案: guangdong\n"))
    assert found == [("评分方案", "找不到评分方案「guangdong」；内置方案有：default、guangdong_department", 4)]


def test_an_unknown_scheme_on_the_command_line_is_a_chinese_message(tmp_path, capsys):
    path = write(tmp_path, "评分方案: guangdong\n")
    assert main(["draft", str(path), "-o", str(tmp_path / "out.docx")]) == 2  # like every unusable input
    err = capsys.readouterr().err
    assert "第4行「评分方案」：找不到评分方案「guangdong」" in err and "Traceback" not in err
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize(
    ("extra", "path", "message_part"),
    [
        (
            "项目自评: [{名称: 甲, 分项: [{名称: 服务对象满意度指标, 得分: 10}]}]\n",
            "项目自评[1].分项[1].名称",
            "「服务对象满意度指标」不是评分方案「default」中的类别（预算执行、产出指标、效益指标、满意度指标）",
        ),
        (
            "项目自评: [{名称: 甲, 分项: [{名称: 预算执行, 得分: 9}, {名称: 预算执行, 得分: 8}]}]\n",
            "项目自评[1].分项[2].名称",
            "「预算执行」重复出现",
        ),
        (
            "自评得分: {分项: [{名称: 其他, 得分: 3}]}\n",
            "自评得分.分项[1].分值",
            "请填写分值：「其他」不是评分方案「default」",
        ),
    ],
)
def test_parts_the_scheme_cannot_place_are_input_errors(tmp_path, extra, path, message_part):
    found = issues(write(tmp_path, extra))
    assert any(p == path and message_part in m for p, m, _ in found), found


def test_with_a_table_every_self_score_part_must_be_a_category(tmp_path):
    table = TABLE.replace("{名称: 加减分项, 得分: 0}", "{名称: 加分, 分值: 5, 得分: 0}")
    found = issues(write(tmp_path, "评分方案: guangdong_department\n", table))
    assert [(p, line) for p, _, line in found] == [("自评得分.分项[2].名称", 14)]
    assert "「加分」不是评分方案「guangdong_department」中的类别（管理效能、履职效能、加减分项）" in found[0][1]


def test_a_project_report_names_its_scheme_too(tmp_path):
    text = (SAMPLES / "huaihua_2024_project.yaml").read_text(encoding="utf-8")
    path = tmp_path / "project.yaml"
    path.write_text(text.replace("格式: project\n", "格式: project\n评分方案: nosuch\n", 1), encoding="utf-8")
    [(field, message, _)] = issues(path)
    assert (field, message) == ("评分方案", "找不到评分方案「nosuch」；内置方案有：default、guangdong_department")
    path.write_text(text.replace("格式: project\n", "格式: project\n评分方案: default\n", 1), encoding="utf-8")
    assert [p.score.total for p in api.draft(path).figures.projects] == [Decimal("97.00"), Decimal("97.00")]
