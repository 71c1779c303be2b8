"""Render a CheckResult for people (terminal via rich, Markdown) and for programs (JSON)."""

from __future__ import annotations

import json
from typing import TextIO

from reportgen.check.model import CheckResult, Finding

LEVEL_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"full": "满分", "partial": "扣分", "zero": "0分", "not_assessable": "未评"}
CATEGORY_ZH = {
    "section_missing": "缺少部分",
    "section_empty": "空白部分",
    "attachment_missing": "缺少附件/佐证",
    "numbering": "编号",
    "arithmetic": "计算",
    "restated_figure": "前后数字不一",
    "score_range": "得分超限",
    "weights": "权重",
    "indicator_quality": "指标质量",
    "problems": "反映问题",
    "suggestions": "建议",
    "typo": "错别字",
    "placeholder": "待补充标记",
}


def to_json(result: CheckResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def _deductions(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.item and f.points_lost]


def _defects(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if not (f.item and f.points_lost) and f.rule != "evidence.not_assessable"]


def to_markdown(result: CheckResult) -> str:
    lines = [
        f"# 检查报告：{result.source}",
        "",
        f"- 报告格式：{result.profile}（{result.kind}）" + ("，自动识别" if result.profile_detected else ""),
        f"- 估计得分：**{_num(result.total)} / {_num(result.max)}**（已评部分；满分 {_num(result.to_dict()['score']['full_max'])}）",
        "",
        "## 评分明细",
        "",
        "| 评分项 | 得分 | 满分 | 情况 | 说明 |",
        "|---|---|---|---|---|",
    ]
    for item in result.items:
        lines.append(
            f"| {item.name} | {_num(item.score)} | {_num(item.max)} | {STATUS_ZH[item.status]} | {item.basis} |"
        )
    lines += ["", "## 失分原因与改进", ""]
    for f in _deductions(result):
        lines.append(f"- **−{_num(f.points_lost)}分**〔{f.item}〕{f.message}")
        lines.extend(_detail_md(f))
    lines += ["", "## 数字、编号与结构问题", ""]
    defects = _defects(result)
    if not defects:
        lines.append("未发现问题。")
    for f in defects:
        lines.append(f"- **{LEVEL_ZH[f.level]}**〔{CATEGORY_ZH[f.category]}〕{f.message}")
        lines.extend(_detail_md(f))
    return "\n".join(lines) + "\n"


def _detail_md(f: Finding) -> list[str]:
    out = []
    if f.section:
        out.append(f"  - 位置：{f.section}")
    if f.evidence:
        out.append(f"  - 原文：{_quoted(f.evidence)}")
    if f.fix:
        out.append(f"  - 建议：{f.fix}")
    return out


def print_terminal(result: CheckResult, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False, soft_wrap=True)
    detected = "，自动识别" if result.profile_detected else ""
    console.print(f"[bold]检查报告[/bold]：{result.source}")
    console.print(f"格式：{result.profile}（{result.kind}{detected}）")
    table = Table(title=f"附件5 估计得分 {_num(result.total)} / {_num(result.max)}（未评项不计）", show_lines=False)
    for column in ("评分项", "得分", "满分", "说明"):
        table.add_column(column)
    for item in result.items:
        style = {"full": "green", "partial": "yellow", "zero": "red", "not_assessable": "dim"}[item.status]
        table.add_row(item.name, f"[{style}]{_num(item.score)}[/{style}]", _num(item.max), item.basis)
    console.print(table)
    deductions = _deductions(result)
    if deductions:
        console.print("\n[bold]失分原因与改进[/bold]")
        for f in deductions:
            console.print(f"[red]−{_num(f.points_lost)}分[/red] {f.message}")
            _detail(console, f)
    defects = _defects(result)
    console.print(f"\n[bold]数字、编号与结构问题[/bold]（{len(defects)} 条）")
    colors = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in defects:
        console.print(
            f"[{colors[f.level]}]{LEVEL_ZH[f.level]}[/{colors[f.level]}]〔{CATEGORY_ZH[f.category]}〕{f.message}"
        )
        _detail(console, f)
    errors = sum(1 for f in result.findings if f.level == "error")
    console.print(f"\n共 {errors} 个错误，{sum(1 for f in result.findings if f.level == 'warning')} 个警告。")


def _detail(console, f: Finding) -> None:
    if f.section:
        console.print(f"    位置：{f.section}", style="dim")
    if f.evidence:
        console.print(f"    原文：{_quoted(f.evidence)}", style="dim")
    if f.fix:
        console.print(f"    建议：{f.fix}")


def _quoted(evidence: str) -> str:
    """Evidence in 「」, unless it already is a list of quotes (「甲」 / 「乙」)."""
    return evidence if evidence.startswith("「") else f"「{evidence}」"
