"""A 自评表 whose 全年执行数 exceeds its 全年预算数 is warned of until its 偏差原因 column says why (issue 15)."""

from __future__ import annotations

import pytest

from reportgen.check import check_text
from reportgen.findings import Finding, Level
from texts import tab_table


def _table(deviation: str) -> str:
    """A 项目支出绩效自评表 (tab-per-cell text) spending 191.21 of 191, with ``deviation`` in its cost row."""
    cells = [
        ["项目支出名称", "库房密集架建设"],
        ["年度资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "191", "191", "191.21", "10", "100.11%", "10"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "密集架面积", "1200㎡", "1200㎡", "45", "45", ""],
        ["产出指标", "成本指标", "预算控制数", "≤191万元", "191.21万元", "45", "44.95", deviation],
    ]
    rows = tab_table(cells)
    return f"附件3\n项目支出绩效自评表\n{rows}\n部门整体支出绩效自评报告\n一、部门基本情况\n本单位是事业单位。"


def _overspends(text: str) -> list[Finding]:
    return [f for f in check_text(text).findings if f.rule.startswith("table.executed_above_budget")]


def _levels(text: str) -> list[Level]:
    return [f.level for f in _overspends(text)]


@pytest.mark.parametrize(
    "deviation",
    [
        "",
        "无",
        "超出预算0.21万元。",  # names the overspend, gives no cause
        "由于安装费用上涨，进度滞后。",  # a cause, but not of spending above the budget
    ],
)
def test_an_unexplained_overspend_is_a_warning(deviation):
    assert _levels(_table(deviation)) == [Level.WARNING]


@pytest.mark.parametrize(
    "deviation",
    [
        "超出预算0.21万元，原因是安装时加装了防倾倒连接件，差额由单位自有资金承担。",
        "因材料涨价超支0.21万元。",
    ],
)
def test_an_overspend_whose_cause_is_written_is_only_noted(deviation):
    [noted] = _overspends(_table(deviation))
    assert noted.level is Level.INFO and "已说明" in noted.message
    assert "说明超出预算的原因" not in noted.fix  # the clerk is not asked for what the table already says
