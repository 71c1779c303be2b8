"""Grade 布置工作 and 实施评价 from the evidence a user declares (--evidence YAML), in Chinese working days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from reportgen.check.model import ScoreItem
from reportgen.check.rubric import score_item
from reportgen.errors import RubricError
from reportgen.findings import Finding
from reportgen.numbers import format_marks
from reportgen.rubrics import Standard
from reportgen.rubrics.model import GROUP, NOTICE, SELF_CHECK, SUBMISSION

ITEMS = {NOTICE: "自评通知", GROUP: "工作小组", SELF_CHECK: "单位自查", SUBMISSION: "提交报告"}
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


def grade_evidence(evidence: dict[str, Any] | None, std: Standard) -> list[ScoreItem]:
    """布置工作 and 实施评价 from the declared evidence; an item without evidence is 未评 (not counted)."""
    evidence = evidence or {}
    return [
        _notice(evidence.get("自评通知"), std),
        _group(evidence.get("工作小组"), std),
        _self_check(evidence.get("未自查单位"), std),
        _submission(evidence.get("报送截止日期"), evidence.get("报送日期"), std),
    ]


def _deduction(std: Standard, item_id: str, points: Decimal, reason: str, fix: str) -> Finding:
    return std.finding(
        "grade_evidence.deduction", section="佐证材料", points=points, item=item_id, reason=reason, fix=fix
    )


def _not_assessable(std: Standard, item_id: str) -> ScoreItem:
    finding = std.finding("grade_evidence.not_assessable", section="佐证材料", item=item_id, name=ITEMS[item_id])
    return score_item(std, item_id, None, "未提供佐证材料，未评分", [finding])


def _notice(notice: Any, std: Standard) -> ScoreItem:
    item_id, maximum = NOTICE, std.rubric.max(NOTICE)
    if notice is None:
        return _not_assessable(std, item_id)
    notice = notice if isinstance(notice, dict) else {"已印发": bool(notice)}
    if not notice.get("已印发", False):
        unissued = _deduction(
            std,
            item_id,
            maximum,
            f"未印发绩效自评通知（自评通知{format_marks(maximum)}分全扣）",
            "印发绩效自评通知，写明自评范围、依据、内容、程序和步骤、有关要求并附附件",
        )
        return score_item(std, item_id, 0, "未印发自评通知", [unissued])
    elements = std.rubric.evidence.notice_elements
    have = set(notice.get("要素") or [])
    missing = [e for e in elements if e not in have]
    found: list[Finding] = []
    if missing:
        found.append(
            _deduction(
                std,
                item_id,
                Decimal(len(missing)),
                f"自评通知缺少{len(missing)}项内容：{'、'.join(missing)}",
                f"在自评通知中补充{'、'.join(missing)}",
            )
        )
    return score_item(std, item_id, maximum - len(missing), f"已印发，缺{len(missing)}项内容", found)


def _group(group: Any, std: Standard) -> ScoreItem:
    item_id, maximum = GROUP, std.rubric.max(GROUP)
    if group is None:
        return _not_assessable(std, item_id)
    if group:
        return score_item(std, item_id, maximum, "已成立")
    none = _deduction(std, item_id, maximum, "未成立绩效自评工作小组", "成立绩效自评工作小组并印发文件")
    return score_item(std, item_id, 0, "未成立", [none])


def _self_check(units: Any, std: Standard) -> ScoreItem:
    item_id, maximum = SELF_CHECK, std.rubric.max(SELF_CHECK)
    if units is None:
        return _not_assessable(std, item_id)
    units = list(units or [])
    lost = min(maximum, std.rubric.evidence.self_check_per_unit * len(units))
    found: list[Finding] = []
    if units:
        found.append(
            _deduction(
                std,
                item_id,
                lost,
                f"{len(units)}个单位没有开展绩效自查：{'、'.join(map(str, units))}",
                "督促上述单位开展绩效自查并汇总",
            )
        )
    return score_item(std, item_id, maximum - lost, f"{len(units)}个单位未自查", found)


def _submission(deadline_value: Any, submitted_value: Any, std: Standard) -> ScoreItem:
    item_id, maximum = SUBMISSION, std.rubric.max(SUBMISSION)
    if deadline_value is None or submitted_value is None:
        return _not_assessable(std, item_id)
    deadline = _date(deadline_value, "报送截止日期")
    submitted = _date(submitted_value, "报送日期")
    late = working_days_late(deadline, submitted)
    per_day = std.rubric.evidence.late_per_working_day
    lost = min(maximum, per_day * late)
    found: list[Finding] = []
    if late:
        found.append(
            _deduction(
                std,
                item_id,
                lost,
                f"报告推迟{late}个工作日报送（截止{deadline}，报送{submitted}）",
                f"按时报送；推迟一个工作日扣{format_marks(per_day)}分",
            )
        )
    return score_item(std, item_id, maximum - lost, f"推迟{late}个工作日" if late else "按时报送", found)
