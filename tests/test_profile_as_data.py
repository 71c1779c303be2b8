"""A new region's format is a folder of data and templates: it drafts and checks with no Python."""

from __future__ import annotations

import textwrap

import pytest

from paths import SAMPLES
from reportgen import api
from reportgen.check import check_file
from reportgen.cli import main

PROFILE = """\
name: shanghai
description: 示例地区格式（概况、绩效、问题与措施）
kind: department
report_name: 部门整体支出绩效自评报告
templates: templates
sections:
  - title: 部门概况
    children:
      - title: 主要职能
      - title: 收支情况
  - title: 绩效自评情况
  - title: 存在问题
  - title: 改进措施
"""

TEMPLATE = """\
@title {{ r.year|year }}年度{{ r.unit_name }}部门整体支出绩效自评报告
# 部门概况
## 主要职能
{% for duty in r.duties %}
+ {{ duty|sentence }}
{% endfor %}
## 收支情况
{{ r.year|year }}年总收入{{ f.income_total|wan }}，总支出{{ f.spending_total|wan }}。
# 绩效自评情况
{% if f.execution %}全年预算数{{ f.execution.budget|wan }}，执行数{{ f.execution.executed|wan }}，执行率{{ f.execution.rate|pct }}。{% endif %}自评总分为{{ f.self_score|score }}分。
# 存在问题
{% for p in r.problems_in("整体") %}
{{ loop.index|cn }}是{{ p.text|sentence }}{% if p.cause %}{{ p.cause|sentence }}{% endif %}

{% endfor %}
# 改进措施
{% for m in r.measures_in("整体") %}
{{ loop.index|cn }}是{{ m.text|sentence }}
{% endfor %}
"""


@pytest.fixture
def profile_dir(tmp_path):
    folder = tmp_path / "shanghai"
    (folder / "templates").mkdir(parents=True)
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    (folder / "templates" / "report.md.j2").write_text(TEMPLATE, encoding="utf-8")
    return folder


def test_a_profile_folder_drafts(profile_dir):
    draft = api.draft(SAMPLES / "haizhu_2023.yaml", str(profile_dir))
    text = draft.text()
    assert draft.profile.name == "shanghai"
    assert text.startswith("2023年度海珠区国家档案馆部门整体支出绩效自评报告\n一、部门概况\n（一）主要职能\n（1）")
    assert "执行率100.00%。自评总分为96.35分。" in text


def test_a_profile_folder_drafts_and_checks_from_the_cli(profile_dir, tmp_path, capsys):
    output = tmp_path / "report.docx"
    assert main(["draft", str(SAMPLES / "haizhu_2023.yaml"), "--profile", str(profile_dir), "-o", str(output)]) == 0
    result = check_file(output, str(profile_dir))
    assert result.profile == "shanghai"
    body = next(i for i in result.items if i.id == "自评报告.完整性.正文")
    assert body.score == 8, body.basis


def test_a_broken_profile_is_a_clear_error(tmp_path, capsys):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "profile.yaml").write_text(textwrap.dedent("name: x\n"), encoding="utf-8")
    assert main(["draft", str(SAMPLES / "haizhu_2023.yaml"), "--profile", str(folder)]) == 2
    assert "格式定义文件" in capsys.readouterr().err
