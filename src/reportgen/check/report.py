"""Render a CheckResult for people (terminal via rich, Markdown) and for programs (JSON)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TextIO

from reportgen.check.batch import BatchRow
from reportgen.check.model import CheckResult
from reportgen.findings import Category, Finding, Level
from reportgen.numbers import format_marks

STATUS_ZH = {"full": "满分", "partial": "扣分", "zero": "0分", "not_assessable": "未评"}
LEVEL_COLOURS = {Level.ERROR: "red", Level.WARNING: "yellow", Level.INFO: "cyan"}


def to_json(result: CheckResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)


def _num(value: Decimal | None) -> str:
    return "—" if value is None else format_marks(value)


def _deductions(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if f.item and f.points_lost]


def _defects(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if not (f.item and f.points_lost) and f.category is not Category.EVIDENCE]


def to_markdown(result: CheckResult) -> str:
    lines = [
        f"# 检查报告：{result.source}",
        "",
        f"- 报告格式：{_format(result)}",
        *([f"- 识别依据：{line}"] if (line := _detection(result)) else []),
        f"- 估计得分：**{_num(result.total)} / {_num(result.max)}**（已评部分；满分 {_num(result.full_max)}）",
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
        lines.append(f"- **−{_num(f.points_lost)}分** {f.level.zh}〔{_item_name(result, f)}〕{f.message}")
        lines.extend(_detail_md(f))
    lines += ["", "## 数字、编号与结构问题", ""]
    defects = _defects(result)
    if not defects:
        lines.append("未发现问题。")
    for f in defects:
        lines.append(f"- **{f.level.zh}**〔{f.category.zh}〕{f.message}")
        lines.extend(_detail_md(f))
    return "\n".join(lines) + "\n"


def _detection(result: CheckResult) -> str:
    """Why the format and kind were chosen, in words (「格式：章节与 hunan 格式相符。类型：……」); the confidence
    figures behind them are in the JSON, for tools — a clerk reads the reasons."""
    return result.detection.basis if result.detection is not None else ""


def _format(result: CheckResult) -> str:
    """「湖南格式部门（单位）整体支出绩效自评报告（hunan）；部门整体支出，自动识别」."""
    return f"{result.format_title}；{result.kind}" + ("，自动识别" if result.profile_detected else "")


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
    console.print(f"[bold]检查报告[/bold]：{result.source}")
    console.print(f"格式：{_format(result)}")
    if line := _detection(result):
        console.print(f"识别依据：{line}", style="dim")
    table = Table(title=f"附件5 估计得分 {_num(result.total)} / {_num(result.max)}（未评项不计）", show_lines=False)
    for column in ("评分项", "得分", "满分"):
        table.add_column(column, no_wrap=True)
    table.add_column("说明", overflow="fold")  # the basis wraps in a narrow terminal instead of losing its end
    for item in result.items:
        style = {"full": "green", "partial": "yellow", "zero": "red", "not_assessable": "dim"}[item.status]
        table.add_row(item.name, f"[{style}]{_num(item.score)}[/{style}]", _num(item.max), item.basis)
    console.print(table)
    deductions = _deductions(result)
    if deductions:
        console.print("\n[bold]失分原因与改进[/bold]")
        for f in deductions:
            console.print(f"[red]−{_num(f.points_lost)}分[/red] {f.level.zh}〔{_item_name(result, f)}〕{f.message}")
            _detail(console, f)
    defects = _defects(result)
    console.print(f"\n[bold]数字、编号与结构问题[/bold]（{len(defects)} 条）")
    for f in defects:
        colour = LEVEL_COLOURS[f.level]
        console.print(f"[{colour}]{f.level.zh}[/{colour}]〔{f.category.zh}〕{f.message}")
        _detail(console, f)
    errors = sum(1 for f in result.findings if f.level is Level.ERROR)
    warnings = sum(1 for f in result.findings if f.level is Level.WARNING)
    console.print(f"\n共 {errors} 个错误，{warnings} 个警告。")


def _item_name(result: CheckResult, f: Finding) -> str:
    """The 附件5 item a deduction counts against, as the score table names it (自评报告.反映问题情况 → 反映问题情况)."""
    names = {item.id: item.name for item in result.items}
    return names.get(f.item or "", (f.item or "").rsplit(".", 1)[-1])


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


def print_batch(rows: list[BatchRow], fmt: str, out: TextIO) -> None:
    """A batch's results: one line per report (text/md), or every result as a JSON list."""
    if fmt == "json":
        results = [row.result or {"source": row.path, "error": row.error} for row in rows]
        print(json.dumps(results, ensure_ascii=False, indent=2), file=out)
        return
    lines = ["| 文件 | 单位名称 | 年度 | 得分 | 错误 | 警告 | 说明 |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        if not row.checked:
            lines.append(f"| {row.path} |  |  |  |  |  | {row.error} |")
            continue
        errors = sum(1 for f in row.findings if f.level == Level.ERROR)
        warnings = sum(1 for f in row.findings if f.level == Level.WARNING)
        score = f"{row.score} / {row.score_max}"
        lines.append(f"| {row.path} | {row.unit} | {row.year or ''} | {score} | {errors} | {warnings} |  |")
    unreadable = sum(1 for row in rows if not row.checked)
    lines += ["", f"共 {len(rows)} 份报告，{unreadable} 份无法读取。"]
    if fmt == "md":
        print("\n".join(lines), file=out)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, highlight=False, soft_wrap=True)
    table = Table(title=f"批量检查结果（{len(rows)} 份）")
    for column in ("文件", "单位名称", "年度", "得分", "错误", "警告", "说明"):
        table.add_column(column, overflow="fold")
    for line in lines[2:-2]:
        table.add_row(*(cell.strip() for cell in line.strip("|").split(" | ")))
    console.print(table)
    console.print(lines[-1])
