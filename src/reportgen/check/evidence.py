"""Grade 布置工作 and 实施评价 from the evidence a user declares (--evidence YAML), in Chinese working days."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from reportgen.check.model import ScoreItem
from reportgen.check.rubric import score_item
from reportgen.errors import RubricError
from reportgen.findings import Finding
from reportgen.layered import validate_layered
from reportgen.limits import EVIDENCE_YEARS, MAX_INPUT_BYTES, size_text
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


class _DatesAsText(yaml.SafeLoader):
    """YAML without its own date reading: 2024-13-45 reaches the model as text and gets a Chinese message."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class EvidenceModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Notice(EvidenceModel):
    """自评通知: whether it was issued and which of the required elements it has."""

    issued: bool = Field(alias="已印发")
    elements: list[str] = Field(default_factory=list, alias="要素")


class Evidence(EvidenceModel):
    """The evidence a user declares for 布置工作 and 实施评价; a missing entry leaves its item 未评."""

    notice: Notice | None = Field(None, alias="自评通知")
    working_group: bool | None = Field(None, alias="工作小组")
    unchecked_units: list[str] | None = Field(None, alias="未自查单位")
    deadline: dt.date | None = Field(None, alias="报送截止日期")
    submitted: dt.date | None = Field(None, alias="报送日期")

    @field_validator("notice", mode="before")
    @classmethod
    def _notice_yes_no(cls, value: Any) -> Any:
        """``自评通知: true`` is an issued notice whose elements are not declared."""
        return {"已印发": value} if isinstance(value, bool) else value

    @field_validator("unchecked_units", "elements", mode="before", check_fields=False)
    @classmethod
    def _names(cls, value: Any) -> Any:
        """Unit names and elements are text; a number typed as a name (单位 1) is read as its text."""
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in value]
        return value

    @field_validator("deadline", "submitted", mode="before")
    @classmethod
    def _chinese_date(cls, value: Any) -> Any:
        """Dates as 2024-03-29, 2024/3/29 or 2024年3月29日."""
        if isinstance(value, str):
            parts = re.findall(r"\d+", value)
            if len(parts) == 3 and re.fullmatch(r"\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*", value):
                try:
                    return dt.date(*map(int, parts))
                except ValueError:
                    raise ValueError(f"「{value}」不是存在的日期") from None
        return value

    @field_validator("deadline", "submitted")
    @classmethod
    def _plausible_year(cls, value: dt.date | None) -> dt.date | None:
        low, high = EVIDENCE_YEARS
        if value is not None and not low <= value.year <= high:
            raise ValueError(f"年份 {value.year} 不在 {low}—{high} 年之间")
        return value


def load_evidence(source: str | Path | dict[str, Any]) -> Evidence:
    """The evidence from a YAML file (or an already-read mapping), validated with Chinese messages."""
    if isinstance(source, dict):
        return validate_layered(Evidence, source, RubricError, "佐证材料")
    path = Path(source)
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise RubricError(f"佐证材料文件 {path} 超过 {size_text(MAX_INPUT_BYTES)}，不像佐证材料清单")
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)
    except FileNotFoundError:
        raise RubricError(f"找不到佐证材料文件：{path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        raise RubricError(f"佐证材料文件 {path} 无法读取：{_why_unreadable(exc)}；格式示例：\n{EXAMPLE}") from None
    if not isinstance(data, dict):
        raise RubricError(f"佐证材料文件 {path} 应是键值表；格式示例：\n{EXAMPLE}")
    return validate_layered(Evidence, data, RubricError, f"佐证材料文件 {path}")


def _why_unreadable(exc: Exception) -> str:
    """Why an evidence file cannot be read, in Chinese (never a library's English)."""
    from reportgen.load import yaml_error_zh

    if isinstance(exc, yaml.YAMLError):
        problem, line = yaml_error_zh(exc)
        return f"{problem}（第{line}行）" if line else problem
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码，请另存为 UTF-8 编码后重试"
    if isinstance(exc, RecursionError):
        return "嵌套层数过多"
    return f"{getattr(exc, 'strerror', None) or '无法打开'}"


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


def grade_evidence(evidence: Evidence | None, std: Standard) -> list[ScoreItem]:
    """布置工作 and 实施评价 from the declared evidence; an item without evidence is 未评 (not counted)."""
    evidence = evidence or Evidence()
    return [
        _notice(evidence.notice, std),
        _group(evidence.working_group, std),
        _self_check(evidence.unchecked_units, std),
        _submission(evidence.deadline, evidence.submitted, std),
    ]


def _deduction(std: Standard, item_id: str, points: Decimal, reason: str, fix: str) -> Finding:
    return std.finding(
        "grade_evidence.deduction", section="佐证材料", points=points, item=item_id, reason=reason, fix=fix
    )


def _not_assessable(std: Standard, item_id: str) -> ScoreItem:
    finding = std.finding("grade_evidence.not_assessable", section="佐证材料", item=item_id, name=ITEMS[item_id])
    return score_item(std, item_id, None, "未提供佐证材料，未评分", [finding])


def _notice(notice: Notice | None, std: Standard) -> ScoreItem:
    item_id, maximum = NOTICE, std.rubric.max(NOTICE)
    if notice is None:
        return _not_assessable(std, item_id)
    if not notice.issued:
        unissued = _deduction(
            std,
            item_id,
            maximum,
            f"未印发绩效自评通知（自评通知{format_marks(maximum)}分全扣）",
            "印发绩效自评通知，写明自评范围、依据、内容、程序和步骤、有关要求并附附件",
        )
        return score_item(std, item_id, 0, "未印发自评通知", [unissued])
    elements = std.rubric.evidence.notice_elements
    have = set(notice.elements)
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


def _group(group: bool | None, std: Standard) -> ScoreItem:
    item_id, maximum = GROUP, std.rubric.max(GROUP)
    if group is None:
        return _not_assessable(std, item_id)
    if group:
        return score_item(std, item_id, maximum, "已成立")
    none = _deduction(std, item_id, maximum, "未成立绩效自评工作小组", "成立绩效自评工作小组并印发文件")
    return score_item(std, item_id, 0, "未成立", [none])


def _self_check(units: list[str] | None, std: Standard) -> ScoreItem:
    item_id, maximum = SELF_CHECK, std.rubric.max(SELF_CHECK)
    if units is None:
        return _not_assessable(std, item_id)
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


def _submission(deadline: dt.date | None, submitted: dt.date | None, std: Standard) -> ScoreItem:
    item_id, maximum = SUBMISSION, std.rubric.max(SUBMISSION)
    if deadline is None or submitted is None:
        return _not_assessable(std, item_id)
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
