"""Input model of a 部门整体支出绩效自评报告 (a whole unit's spending in one year)."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import Field, model_validator

from reportgen.models.common import Aspect, FundingSource, InputModel, Money, Text


class InternalBody(InputModel):
    """内设机构: one internal office and, optionally, what it does."""

    name: Text = Field(alias="名称")
    duties: Text | None = Field(default=None, alias="职责")


class Staffing(InputModel):
    """人员编制情况."""

    authorized: int = Field(ge=0, alias="编制数")  # 编制数
    actual: int = Field(ge=0, alias="实有人数")  # 实有人数 (在职)
    retired: int | None = Field(default=None, ge=0, alias="退休人数")
    note: Text | None = Field(default=None, alias="说明")


class Income(InputModel):
    """收入 by source (决算数, 万元). Sources left out are zero; 合计 is optional and checked."""

    general_budget: Money = Field(default=Decimal(0), alias="一般公共预算财政拨款")
    government_fund: Money = Field(default=Decimal(0), alias="政府性基金")
    state_capital: Money = Field(default=Decimal(0), alias="国有资本经营")
    special_account: Money = Field(default=Decimal(0), alias="财政专户管理非税收入")
    other: Money = Field(default=Decimal(0), alias="其他")
    stated_total: Money | None = Field(default=None, alias="合计")

    def by_source(self) -> list[tuple[FundingSource, Decimal]]:
        return [
            (FundingSource.GENERAL_BUDGET, self.general_budget),
            (FundingSource.GOVERNMENT_FUND, self.government_fund),
            (FundingSource.STATE_CAPITAL, self.state_capital),
            (FundingSource.SPECIAL_ACCOUNT, self.special_account),
            (FundingSource.OTHER, self.other),
        ]


class BasicSpending(InputModel):
    """基本支出: 人员经费 and 公用经费, or only a stated 合计 when the split is unknown."""

    personnel: Money | None = Field(default=None, alias="人员经费")
    operating: Money | None = Field(default=None, alias="公用经费")
    stated_total: Money | None = Field(default=None, alias="合计")

    @model_validator(mode="after")
    def _has_some_figure(self) -> BasicSpending:
        if self.stated_total is None and (self.personnel is None or self.operating is None):
            raise ValueError("请填写「合计」，或同时填写「人员经费」和「公用经费」")
        return self


class Project(InputModel):
    """一个项目支出 (project) with its budget and execution (万元)."""

    name: Text = Field(alias="名称")
    initial_budget: Money | None = Field(default=None, alias="年初预算数")
    budget: Money = Field(alias="全年预算数")
    executed: Money = Field(alias="全年执行数")
    source: FundingSource | None = Field(default=None, alias="资金来源")
    note: Text | None = Field(default=None, alias="说明")


class ProjectSpending(InputModel):
    """项目支出: the list of projects, and/or a stated 合计."""

    projects: list[Project] = Field(default_factory=list, alias="项目")
    stated_total: Money | None = Field(default=None, alias="合计")

    @model_validator(mode="after")
    def _has_some_figure(self) -> ProjectSpending:
        if self.stated_total is None and not self.projects:
            raise ValueError("请填写「合计」或列出「项目」")
        return self


class Spending(InputModel):
    """支出 (决算数) and the year's budget it is measured against."""

    basic: BasicSpending = Field(alias="基本支出")
    project: ProjectSpending = Field(alias="项目支出")
    stated_total: Money | None = Field(default=None, alias="合计")
    budget: Money | None = Field(default=None, alias="全年预算数")  # 调整后预算


class ThreePublicItem(InputModel):
    """One 三公经费 line: last year's final, this year's budget and final (万元)."""

    last_year_final: Money = Field(alias="上年决算")
    budget: Money = Field(alias="本年预算")
    final: Money = Field(alias="本年决算")


class ThreePublic(InputModel):
    """三公经费."""

    vehicle_purchase: ThreePublicItem | None = Field(default=None, alias="公务用车购置")
    vehicle_operation: ThreePublicItem | None = Field(default=None, alias="公务用车运行维护")
    overseas: ThreePublicItem | None = Field(default=None, alias="因公出国（境）")
    reception: ThreePublicItem | None = Field(default=None, alias="公务接待")

    def items(self) -> list[tuple[str, ThreePublicItem]]:
        pairs = [
            ("公务用车购置费", self.vehicle_purchase),
            ("公务用车运行维护费", self.vehicle_operation),
            ("因公出国（境）费", self.overseas),
            ("公务接待费", self.reception),
        ]
        return [(label, item) for label, item in pairs if item is not None]


class PerformanceManagement(InputModel):
    """绩效管理情况: how targets were set and how execution was monitored."""

    target_setting: Text | None = Field(default=None, alias="目标设定")
    monitoring: Text | None = Field(default=None, alias="运行监控")


class AuditFinding(InputModel):
    """An audit or inspection of the year and what it found (审计、检查发现的问题)."""

    authority: Text = Field(alias="机关")  # e.g. 区审计局
    kind: Text = Field(alias="类型")  # e.g. 经济责任审计
    issue_groups: int | None = Field(default=None, ge=0, alias="问题项数")
    issue_count: int | None = Field(default=None, ge=0, alias="问题个数")
    areas: list[Text] = Field(default_factory=list, alias="涉及方面")
    to_improve: list[Text] = Field(default_factory=list, alias="待改进方面")
    lowers_score: bool = Field(default=False, alias="扣减自评分")


class ScorePart(InputModel):
    """One part of a self-score scheme, e.g. 管理效能 45 分中得 44.43 分."""

    name: Text = Field(alias="名称")
    full_marks: Decimal = Field(gt=0, alias="分值")
    score: Decimal = Field(ge=0, alias="得分")


class SelfScore(InputModel):
    """自评得分: the parts (summed by reportgen), or a total from the finance bureau's table."""

    parts: list[ScorePart] = Field(default_factory=list, alias="分项")
    stated_total: Decimal | None = Field(default=None, ge=0, le=100, alias="总分")

    @model_validator(mode="after")
    def _has_some_figure(self) -> SelfScore:
        if self.stated_total is None and not self.parts:
            raise ValueError("请填写「总分」或列出「分项」")
        return self


class KeyWork(InputModel):
    """重点工作完成情况: one achievement with its facts."""

    title: Text = Field(alias="标题")
    facts: list[Text] = Field(min_length=1, alias="内容")


class SpecialFund(InputModel):
    """专项资金: a special-purpose fund analysed on its own (专项资金绩效分析)."""

    name: Text = Field(alias="名称")
    also_known_as: Text | None = Field(default=None, alias="又称")
    budget: Money = Field(alias="全年预算数")
    executed: Money = Field(alias="全年执行数")
    tranches: int | None = Field(default=None, ge=1, alias="拨付次数")
    achievements: Text = Field(alias="绩效完成情况")
    spending_note: Text | None = Field(default=None, alias="支出情况说明")
    problems: Text | None = Field(default=None, alias="存在问题")
    improvements: Text | None = Field(default=None, alias="改进方向")


class Scope(str, Enum):
    """Where in the report a problem or measure is discussed."""

    OVERALL = "整体"  # 存在的主要问题 / 下一步改进措施
    DUTY = "履职效能"  # 履职效能分析 → 存在问题和改进方向
    MANAGEMENT = "管理效能"  # 管理效能分析 → 存在问题 / 改进方向


class ProblemItem(InputModel):
    """存在的问题: what is wrong and why (原因)."""

    id: Text | None = Field(default=None, alias="编号")
    text: Text = Field(alias="内容")
    cause: Text | None = Field(default=None, alias="原因")
    aspect: Aspect | None = Field(default=None, alias="方面")
    scope: Scope = Field(default=Scope.OVERALL, alias="范围")


class MeasureItem(InputModel):
    """改进措施: what will be done, and which problems (by 编号) it answers."""

    text: Text = Field(alias="内容")
    answers: list[Text] = Field(default_factory=list, alias="针对")
    scope: Scope = Field(default=Scope.OVERALL, alias="范围")


class DepartmentReport(InputModel):
    """Everything a 部门整体支出绩效自评报告 is drafted from."""

    profile: Text | None = Field(default=None, alias="格式")
    unit_name: Text = Field(alias="单位名称")
    year: int = Field(ge=2000, le=2100, alias="年度")
    unit_intro: Text | None = Field(default=None, alias="单位简介")
    duties: list[Text] = Field(min_length=1, alias="主要职能")
    internal_bodies: list[InternalBody] = Field(default_factory=list, alias="内设机构")
    staffing: Staffing | None = Field(default=None, alias="人员编制")
    annual_tasks: list[Text] = Field(min_length=1, alias="年度总体工作和重点工作任务")
    performance_goals: list[Text] = Field(min_length=1, alias="整体支出绩效目标")
    income: Income = Field(alias="收入")
    spending: Spending = Field(alias="支出")
    three_public: ThreePublic | None = Field(default=None, alias="三公经费")
    performance_management: PerformanceManagement | None = Field(default=None, alias="绩效管理")
    audits: list[AuditFinding] = Field(default_factory=list, alias="审计检查")
    conclusion: Text | None = Field(default=None, alias="自评结论")
    self_score: SelfScore | None = Field(default=None, alias="自评得分")
    key_work: list[KeyWork] = Field(default_factory=list, alias="重点工作完成情况")
    special_funds: list[SpecialFund] = Field(default_factory=list, alias="专项资金")
    management_overview: Text | None = Field(default=None, alias="管理效能概述")
    problems: list[ProblemItem] = Field(default_factory=list, alias="问题")
    measures: list[MeasureItem] = Field(default_factory=list, alias="改进措施")
    results_application: Text | None = Field(default=None, alias="结果应用")
    disclosure: Text | None = Field(default=None, alias="公开情况")

    @model_validator(mode="after")
    def _measures_answer_known_problems(self) -> DepartmentReport:
        ids = [p.id for p in self.problems if p.id]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"问题「编号」重复：{'、'.join(duplicates)}")
        unknown = sorted({a for m in self.measures for a in m.answers if a not in ids})
        if unknown:
            known = "、".join(ids) if ids else "（没有任何问题填写了编号）"
            raise ValueError(f"改进措施「针对」引用了不存在的问题编号：{'、'.join(unknown)}；已有编号：{known}")
        return self

    def problems_in(self, scope: Scope) -> list[ProblemItem]:
        return [p for p in self.problems if p.scope == scope]

    def measures_in(self, scope: Scope) -> list[MeasureItem]:
        return [m for m in self.measures if m.scope == scope]
