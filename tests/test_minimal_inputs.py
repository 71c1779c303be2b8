"""Every profile drafts from an input that gives only its required fields, and a template that fails names its file,
its line and the missing input field in Chinese."""

from __future__ import annotations

import pytest
import yaml

from reportgen import api
from reportgen.errors import TemplateError
from reportgen.models import DepartmentReport
from reportgen.profiles import builtin_profiles
from reportgen.render.blocks import Cover, Heading, Title
from reportgen.render.environment import make_environment, render_template

DEPARTMENT = {"单位名称": "测试档案馆", "年度": 2023, "支出": {"基本支出": {"合计": 100}, "项目支出": {"合计": 50}}}
PROJECT = {"单位名称": "测试档案馆", "年度": 2024, "项目": [{"名称": "档案数字化", "全年预算数": 10, "全年执行数": 9}]}
MINIMAL = {"department": DEPARTMENT, "project": PROJECT}
DRAFTED = sorted(name for name, profile in builtin_profiles().items() if profile.templates)


def test_every_drafting_profile_is_tried():
    assert DRAFTED == ["guangdong", "hunan", "jiangxi", "project"]


@pytest.mark.parametrize("name", DRAFTED)
@pytest.mark.parametrize("fmt", ["docx", "md"])
def test_a_minimal_input_drafts(tmp_path, name, fmt):
    profile = builtin_profiles()[name]
    source = tmp_path / "最少.yaml"
    source.write_text(yaml.safe_dump({"格式": name, **MINIMAL[profile.kind]}, allow_unicode=True), encoding="utf-8")
    drafted = api.draft(source)
    titles = [b for b in drafted.blocks if isinstance(b, Title | Cover)]
    assert titles and [b for b in drafted.blocks if isinstance(b, Heading)]
    assert drafted.markers  # what the input leaves out is marked for the clerk, not invented
    assert api.save(drafted, tmp_path / f"报告.{fmt}", fmt).stat().st_size > 0


@pytest.fixture
def templates(tmp_path):
    (tmp_path / "report.md.j2").write_text("# 标题\n{% include 'part.md.j2' %}\n", encoding="utf-8")
    return tmp_path


def _render(folder, part: str) -> str:
    (folder / "part.md.j2").write_text(part, encoding="utf-8")
    report = DepartmentReport.model_validate(DEPARTMENT)
    return render_template(make_environment([folder]), "report.md.j2", {"r": report})


def test_a_missing_input_field_is_named_with_the_template_file_and_line(templates):
    with pytest.raises(TemplateError) as caught:
        _render(templates, "正文\n{{ r.income.government_fund|wan }}\n")
    assert str(caught.value) == (
        f"模板 {templates.name}/part.md.j2 第2行：输入中没有「收入」，无法读取「收入.政府性基金」"
        "（r.income.government_fund）"
    )


def test_an_unknown_name_is_named_with_the_template_file_and_line(templates):
    with pytest.raises(TemplateError) as caught:
        _render(templates, "{{ report.unit_name }}\n")
    assert str(caught.value) == f"模板 {templates.name}/part.md.j2 第1行使用了未定义的数据「report」"


def test_a_bare_number_is_refused_at_its_line(templates):
    with pytest.raises(TemplateError) as caught:
        _render(templates, "正文\n\n{{ r.year }}年\n")
    assert str(caught.value).startswith(f"模板 {templates.name}/part.md.j2 第3行：模板直接输出了未格式化的值 2023")
