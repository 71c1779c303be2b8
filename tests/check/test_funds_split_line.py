"""A 自评表 saved as text whose 资金 block has one 「按支出性质分：…」 line under the 年度资金总额 row: that lone
line is a full-width row of the table, not prose after it, so the funding row and its 9.50 stay in the table the
总分 is checked against. One planted slip (总分 96.50 for 95.50) and its clean twin, as LibreOffice's text export
writes them (a cell a line) and as rows of tab-separated cells.

All wording and figures are our own.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from paths import FIXTURES
from reportgen.check import check_file, check_text
from reportgen.check.read import read_draft, read_text
from reportgen.check.structure import parse_draft
from reportgen.check.tables import indicator_tables

# The same 自评表 as the fixtures, one row a line, the merged 资金 / 绩效指标 cells blank below their first row.
TAB_TABLE = """部门（单位）名称\t柳溪镇综合文化站
资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t200.00\t240.00\t228.00\t10\t95.00%\t9.50
\t按支出性质分：基本支出150.00；项目支出78.00
年度总体目标\t预期目标\t实际完成情况
\t办好全年群众文化活动，更新农家书屋图书\t全年举办活动32场，更新图书4100册
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标（50分）\t数量指标\t群众文化活动场次\t≥30场\t32场\t20\t20.00\t
\t\t质量指标\t活动安全事故数\t0起\t0起\t15\t15.00\t
\t\t时效指标\t书屋图书更新完成时间\t2024年10月底前\t2024年12月中旬\t15\t14.00\t采购批次少，更新推迟到年底
\t效益指标（30分）\t社会效益指标\t参与活动群众人次\t≥6000人次\t5400人次\t20\t18.00\t两场露天活动因雨取消
\t\t可持续影响指标\t非遗项目记录完整率\t100%\t100%\t10\t10.00\t
\t满意度指标（10分）\t服务对象满意度指标\t群众满意度\t≥90%\t88%\t10\t9.00\t书屋开放时间偏短
总分\t100\t{total}\t等级：优
填表人：周晓岚　　填报日期：2025年3月10日
"""


def _tab_text(total: str) -> str:
    prose = (FIXTURES / "funds_one_split_clean.txt").read_text(encoding="utf-8")
    head = prose[: prose.index("部门（单位）名称")]
    return head + TAB_TABLE.format(total=total)


def _table_totals(result) -> list[str]:
    return [f.message for f in result.findings if f.rule == "arithmetic.table_total"]


@pytest.mark.parametrize("twin", ["clean", "slip"])
def test_cell_per_line_keeps_the_funding_row(twin):
    tables = indicator_tables(parse_draft(read_draft(FIXTURES / f"funds_one_split_{twin}.txt")))
    assert len(tables) == 1
    funding = tables[0].funding
    assert funding is not None
    assert (funding.budget, funding.executed, funding.score) == (Decimal("240.00"), Decimal("228.00"), Decimal("9.50"))
    assert len(tables[0].indicators) == 6


def test_cell_per_line_clean_twin_adds_up():
    assert _table_totals(check_file(FIXTURES / "funds_one_split_clean.txt")) == []


def test_cell_per_line_planted_total_is_found():
    found = _table_totals(check_file(FIXTURES / "funds_one_split_slip.txt"))
    assert len(found) == 1
    assert "96.50" in found[0] and "95.50" in found[0]


def test_tab_separated_keeps_the_funding_row():
    tables = indicator_tables(parse_draft(read_text(_tab_text("95.50"))))
    assert len(tables) == 1
    assert tables[0].funding is not None and tables[0].funding.score == Decimal("9.50")


def test_tab_separated_clean_twin_adds_up_and_slip_is_found():
    assert _table_totals(check_text(_tab_text("95.50"))) == []
    found = _table_totals(check_text(_tab_text("96.50")))
    assert len(found) == 1
    assert "96.50" in found[0] and "95.50" in found[0]


def test_a_lone_line_before_prose_still_ends_the_table():
    """Prose after a table is not taken into it: only a line the table carries on after is a row."""
    text = _tab_text("95.50").replace(
        "填表人：周晓岚　　填报日期：2025年3月10日\n", "以上得分经站务会审定。\n本站将据此改进工作。\n"
    )
    blocks = read_text(text)
    table = next(b for b in blocks if hasattr(b, "rows") and any("总分" in row[0] for row in b.rows))
    assert not any("审定" in cell for row in table.rows for cell in row)
