"""合计 rows and the 基础数据表 hierarchy: recognised in the seeds, quiet when they add up, loud when altered.

The seed tests belong to the acceptance suite (marker ``seeds``); rules.yaml's own examples cover the same
rules without the seeds.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from paths import seed
from reportgen.check import check_file, check_text
from reportgen.check.read import read_draft
from reportgen.check.structure import parse_draft
from reportgen.check.tables import basic_data_sums, basic_data_tables, indicator_tables, rate_cells, total_row_sums
from texts import tab_table


def _column_totals(result):
    return [f for f in result.findings if f.rule == "arithmetic.column_total"]


@pytest.mark.seeds
def test_seed_004_total_row_is_checked_without_a_finding():
    draft = parse_draft(read_draft(seed("004")))
    sums = [s for _, t in draft.all_tables() for s in total_row_sums(t)]
    assert [(s.what, s.total, s.parts) for s in sums] == [
        ("合计", Decimal("78.50"), [Decimal("30.50"), Decimal("48.00")])
    ] * 3
    rates = [r for _, t in draft.all_tables() for r in rate_cells(t)]
    assert len(rates) == 2  # both project rows; the 合计 row's 执行率 is empty
    result = check_file(seed("004"))
    assert not _column_totals(result)
    assert not [f for f in result.findings if f.rule == "arithmetic.ratio" and "表中" in f.message]


@pytest.mark.seeds
def test_seed_002_basic_data_hierarchy_is_recognised_and_adds_up():
    draft = parse_draft(read_draft(seed("002")))
    sums = [s for _, t in basic_data_tables(draft) for s in basic_data_sums(t)]
    whats = {s.what for s in sums}
    assert {"三公经费", "公务用车购置和维护经费", "项目支出", "业务工作经费", "运行维护经费"} <= whats
    assert any(w.startswith("市级专项资金") for w in whats)
    assert len(sums) == 18  # 6 totals × 3 columns
    assert all(sum(s.parts) == s.total for s in sums)
    assert not _column_totals(check_file(seed("002")))


@pytest.mark.seeds
def test_altered_seed_002_basic_data_fails(tmp_path):
    text = seed("002").read_text(encoding="utf-8")
    altered, count = re.subn(r"(3、公务接待\s*\n\t[^\n]*\n\t[^\n]*\n\t)1\.36", r"\g<1>1.46", text)
    assert count == 1
    row = r"(市档案馆智慧档案一期项目建设\s*\n\t[^\n]*\n\t[^\n]*\n\t)"
    altered, count = re.subn(row + r"115\.78", r"\g<1>125.78", altered)
    assert count == 1
    path = tmp_path / "002_altered.txt"
    path.write_text(altered, encoding="utf-8")
    found = _column_totals(check_file(path))
    messages = [f.message for f in found]
    assert all(f.level == "error" and f.category == "arithmetic" for f in found), messages
    assert any("三公经费" in m and "1.92" in m and "2.02" in m for m in messages), messages
    assert any("市级专项资金" in m and "466.99" in m and "476.99" in m for m in messages), messages


def _funding_table(total: str, second: str = "48.00") -> str:
    rows = [
        ["一级项目名称", "预算数（万元）", "实际使用资金（万元）"],
        ["日常档案管理和征集费", "30.50", "30.50"],
        ["市级综合档案馆业务建设评价经费", "48.00", second],
        ["合计", "78.50", total],
    ]
    cells = tab_table(rows)
    return f"二、项目资金申报及使用情况\n（一）项目资金申报及批复情况\n年初预算申报78.50万元。\n\n{cells}"


def test_rounding_difference_is_info_and_a_real_difference_an_error():
    assert not _column_totals(check_text(_funding_table("78.50")))
    rounding = _column_totals(check_text(_funding_table("78.50", second="48.01")))
    assert [f.level for f in rounding] == ["info"] and rounding[0].points_lost == 0
    wrong = _column_totals(check_text(_funding_table("80.50")))
    assert [f.level for f in wrong] == ["error"]


def test_empty_or_non_numeric_cells_are_skipped():
    assert not _column_totals(check_text(_funding_table("30.50", second="——")))
    assert not _column_totals(check_text(_funding_table("")))


# --- a guangdong 部门整体 table: 管理效能 and 加减分项 are scored rows of their own ---------------------------


@pytest.fixture(scope="module")
def guangzhou(tmp_path_factory):
    from reportgen import api

    drafted = api.draft(Path(__file__).resolve().parents[2] / "sample_inputs" / "guangzhou_center_2021.yaml")
    folder = tmp_path_factory.mktemp("guangzhou")
    return drafted, api.save(drafted, folder / "draft.docx", "docx")


def test_declared_rows_are_read_apart_from_the_indicators(guangzhou):
    _, docx = guangzhou
    (table,) = indicator_tables(parse_draft(read_draft(docx)))
    assert len(table.indicators) == 12
    assert [(row.name[:4], row.weight, row.score) for row in table.other_scores] == [
        ("管理效能", Decimal("45.00"), Decimal("44.43")),
        ("加减分项", Decimal("5.00"), Decimal("0.00")),
    ]
    assert table.total_score == Decimal("94.43")  # 12 indicators 50 + 44.43 + 0
    result = check_file(docx)
    assert not [f for f in result.findings if f.rule in ("arithmetic.table_total", "weights.mismatch")]


def test_a_declared_row_above_its_weight_is_an_error(guangzhou, tmp_path):
    drafted, _ = guangzhou
    altered = drafted.markdown().replace("| 45 | 44.43 |", "| 45 | 46.00 |")
    path = tmp_path / "altered.md"
    path.write_text(altered, encoding="utf-8")
    found = [f for f in check_file(path).findings if f.rule == "score.above_weight"]
    assert [(f.level, "管理效能" in f.message and "46" in f.message and "45" in f.message) for f in found] == [
        ("error", True)
    ]
