"""Grade 布置工作 and 实施评价 from the evidence a user declares (--evidence YAML), in Chinese working days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from reportgen.check.model import Finding, ScoreItem
from reportgen.check.rubric import _item, rubric
from reportgen.check.rules import rule
from reportgen.errors import RubricError

ITEMS = {
    "布置工作.自评通知": "自评通知",
    "布置工作.工作小组": "工作小组",
    "实施评价.单位自查": "单位自查",
    "实施评价.提交报告": "提交报告",
}
EXAMPLE = """自评通知:
  已印发: true
  要素: [自评范围, 自评主要依据, 自评主要内容, 自评程序和步骤, 有关要求, 附件]
工作小组: true
未自查单位: []            # 没有开展自查的单位名称
报送截止日期: 2024-03-29
报送日期: 2024-04-02"""


def load_evidence(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RubricError(f"找不到佐证材料文件：{path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RubricError(f"佐证材料文件 {path} 无法读取（{type(exc).__name__}）；格式示例：\n{EXAMPLE}") from None
    if not isinstance(data, dict):
        raise RubricError(f"佐证材料文件 {path} 应是键值表；格式示例：\n{EXAMPLE}")
    return data


def working_days_late(deadline: dt.date, submitted: dt.date) -> int:
    """Working days after ``deadline`` up to ``submitted`` (holidays and 调休 make-up days counted right).

    >>> working_days_late(dt.date(2024, 4, 3), dt.date(2024, 4, 8))  # 清明 4.4–4.6 off, 4.7 (Sun) is a 调休 workday
    2
    >>> working_days_late(dt.date(2024, 3, 29), dt.date(2024, 3, 28))
    0
    """
    from chinese_calendar import is_workday

    late = 0
    day = deadline + dt.timedelta(days=1)
    while day <= submitted:
        try:
            workday = is_workday(day)
        except NotImplementedError:  # outside the calendar's years: fall back to Monday–Friday
            workday = day.weekday() < 5
        late += bool(workday)
        day += dt.timedelta(days=1)
    return late


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(
            str(value).replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-")
        )
    except ValueError:
        raise RubricError(f"佐证材料中「{key}」不是有效日期：{value}（请写成 2024-03-29）") from None


def grade_evidence(evidence: dict[str, Any] | None, findings: list[Finding]) -> list[ScoreItem]:
    conf = rubric()["evidence"]
    evidence = evidence or {}
    items: list[ScoreItem] = []

    def deduct(item_id: str, points: float, reason: str, fix: str) -> None:
        finding = rule("evidence.deduction").finding(section="佐证材料", points=points, reason=reason, fix=fix)
        finding.item = item_id
        findings.append(finding)

    def not_assessable(item_id: str) -> None:
        finding = rule("evidence.not_assessable").finding(section="佐证材料", name=ITEMS[item_id])
        finding.item = item_id
        findings.append(finding)
        items.append(_item(item_id, None, "未提供佐证材料，未评分"))

    notice = evidence.get("自评通知")
    if notice is None:
        not_assessable("布置工作.自评通知")
    else:
        notice = notice if isinstance(notice, dict) else {"已印发": bool(notice)}
        if not notice.get("已印发", False):
            deduct(
                "布置工作.自评通知",
                8,
                "未印发绩效自评通知（自评通知8分全扣）",
                "印发绩效自评通知，写明自评范围、依据、内容、程序和步骤、有关要求并附附件",
            )
            items.append(_item("布置工作.自评通知", 0, "未印发自评通知"))
        else:
            have = set(notice.get("要素") or [])
            missing = [e for e in conf["notice_elements"] if e not in have]
            score = conf["notice_issued"] + max(0, len(conf["notice_elements"]) - len(missing))
            if missing:
                deduct(
                    "布置工作.自评通知",
                    len(missing),
                    f"自评通知缺少{len(missing)}项内容：{'、'.join(missing)}",
                    f"在自评通知中补充{'、'.join(missing)}",
                )
            items.append(_item("布置工作.自评通知", score, f"已印发，缺{len(missing)}项内容"))

    group = evidence.get("工作小组")
    if group is None:
        not_assessable("布置工作.工作小组")
    else:
        if not group:
            deduct("布置工作.工作小组", 2, "未成立绩效自评工作小组", "成立绩效自评工作小组并印发文件")
        items.append(_item("布置工作.工作小组", conf["working_group"] if group else 0, "已成立" if group else "未成立"))

    units = evidence.get("未自查单位")
    if units is None:
        not_assessable("实施评价.单位自查")
    else:
        units = list(units or [])
        lost = min(conf["self_check_max"], conf["self_check_per_unit"] * len(units))
        if units:
            deduct(
                "实施评价.单位自查",
                lost,
                f"{len(units)}个单位没有开展绩效自查：{'、'.join(map(str, units))}",
                "督促上述单位开展绩效自查并汇总",
            )
        items.append(_item("实施评价.单位自查", 10 - lost, f"{len(units)}个单位未自查"))

    if evidence.get("报送截止日期") is None or evidence.get("报送日期") is None:
        not_assessable("实施评价.提交报告")
    else:
        deadline = _date(evidence["报送截止日期"], "报送截止日期")
        submitted = _date(evidence["报送日期"], "报送日期")
        late = working_days_late(deadline, submitted)
        lost = min(conf["late_max"], conf["late_per_working_day"] * late)
        if late:
            deduct(
                "实施评价.提交报告",
                lost,
                f"报告推迟{late}个工作日报送（截止{deadline}，报送{submitted}）",
                "按时报送；推迟一个工作日扣1分",
            )
        items.append(_item("实施评价.提交报告", 10 - lost, f"推迟{late}个工作日" if late else "按时报送"))
    order = list(ITEMS)
    return sorted(items, key=lambda i: order.index(i.id))
