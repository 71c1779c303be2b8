"""Input model of a 部门整体支出绩效自评报告 (a whole unit's spending in one year)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import Field, model_validator

from reportgen.models.common import (
    LABEL,
    Aspect,
    Date,
    FundingSource,
    InputModel,
    Money,
    Percent,
    SignedForm,
    Text,
    TextList,
    Whole,
    YesNo,
    parse_money,
    previous_measures_field,
    previous_problems_field,
)
from reportgen.models.indicators import PerformanceTable


class InternalBody(InputModel):
    """内设机构: one internal office and, optionally, what it does."""

    name: Text = Field(alias="名称", examples=["综合部"])
    duties: Text | None = Field(default=None, alias="职责", examples=["负责文秘、会议、财务等日常运转工作。"])
    level: Text | None = Field(default=None, alias="级别", examples=["正科级"])


class Staffing(InputModel):
    """人员编制情况."""

    authorized: Whole = Field(ge=0, alias="编制数")  # 编制数
    actual: Whole = Field(ge=0, alias="实有人数")  # 实有人数 (在职)
    retired: Whole | None = Field(default=None, ge=0, alias="退休人数")
    note: Text | None = Field(default=None, alias="说明")


Count = Annotated[Whole, Field(ge=0)]


class StaffProfile(InputModel):
    """人员构成 (jiangxi): 实有人员 by post, education and age band, and by sex; each adds up to 实有人数."""

    by_post: dict[Text, Count] = Field(default_factory=dict, alias="按岗位")  # 馆长: 1, 办公室人员: 5…
    by_education: dict[Text, Count] = Field(default_factory=dict, alias="按学历")  # 大学本科: 17…
    by_age: dict[Text, Count] = Field(default_factory=dict, alias="按年龄")  # 55-59岁: 5…
    female: Count | None = Field(default=None, alias="女性")
    male: Count | None = Field(default=None, alias="男性")

    def breakdowns(self) -> list[tuple[str, int]]:
        """(field, total) of every breakdown given, to check against 实有人数."""
        found = [(name, sum(counts.values())) for name, counts in self._dicts() if counts]
        if self.female is not None and self.male is not None:
            found.append(("女性、男性", self.female + self.male))
        return found

    def _dicts(self) -> list[tuple[str, dict[str, int]]]:
        return [("按岗位", self.by_post), ("按学历", self.by_education), ("按年龄", self.by_age)]


class Assets(InputModel):
    """资产情况 at year end (万元); 资产总计、非流动资产、净资产 and 资产负债率 are computed."""

    current: Money = Field(alias="流动资产")
    fixed_net: Money = Field(default=Decimal(0), alias="固定资产净值")
    intangible: Money = Field(default=Decimal(0), alias="无形资产")
    other_noncurrent: Money = Field(default=Decimal(0), alias="其他非流动资产")
    stated_noncurrent: Money | None = Field(default=None, alias="非流动资产")  # checked against its parts
    liabilities: Money = Field(alias="负债合计")
    stated_total: Money | None = Field(default=None, alias="资产总计")  # checked

    def noncurrent_parts(self) -> list[tuple[str, Decimal]]:
        parts = [
            ("固定资产净值", self.fixed_net),
            ("无形资产", self.intangible),
            ("其他非流动资产", self.other_noncurrent),
        ]
        return [(label, amount) for label, amount in parts if amount != 0]


class DutyAspect(InputModel):
    """One aspect of 履职完成情况 (jiangxi): what the year's plan said, and what was done."""

    plan: TextList = Field(default_factory=list, alias="年初计划")
    done: TextList = Field(min_length=1, alias="实际完成")


class DutyCompletion(InputModel):
    """履职完成情况 per 数量/质量/时效/成本 指标, 年初计划 against 实际完成."""

    quantity: DutyAspect | None = Field(default=None, alias="数量指标")
    quality: DutyAspect | None = Field(default=None, alias="质量指标")
    timeliness: DutyAspect | None = Field(default=None, alias="时效指标")
    cost: DutyAspect | None = Field(default=None, alias="成本指标")

    def items(self) -> list[tuple[str, DutyAspect]]:
        pairs = [("数量指标", self.quantity), ("质量指标", self.quality), ("时效指标", self.timeliness)]
        pairs.append(("成本指标", self.cost))
        return [(label, aspect) for label, aspect in pairs if aspect is not None]

    def plans(self) -> list[str]:
        """Every planned target, in order: the 整体支出绩效目标 when they are not listed on their own."""
        return [plan for _, aspect in self.items() for plan in aspect.plan]


class Income(InputModel):
    """收入 by source (决算数, 万元). Sources left out are zero; 合计 is optional and checked."""

    general_budget: Money = Field(default=Decimal(0), alias="一般公共预算财政拨款")
    government_fund: Money = Field(default=Decimal(0), alias="政府性基金")
    state_capital: Money = Field(default=Decimal(0), alias="国有资本经营")
    special_account: Money = Field(default=Decimal(0), alias="财政专户管理非税收入")
    other: Money = Field(default=Decimal(0), alias="其他")
    stated_total: Money | None = Field(default=None, alias="合计", description="可不填；填写时与各来源之和核对")

    def by_source(self) -> list[tuple[FundingSource, Decimal]]:
        return [
            (FundingSource.GENERAL_BUDGET, self.general_budget),
            (FundingSource.GOVERNMENT_FUND, self.government_fund),
            (FundingSource.STATE_CAPITAL, self.state_capital),
            (FundingSource.SPECIAL_ACCOUNT, self.special_account),
            (FundingSource.OTHER, self.other),
        ]


class PersonnelOperating(InputModel):
    """人员经费 and 公用经费 of a budget (e.g. 年初预算批复的基本支出), or only its 合计."""

    personnel: Money | None = Field(default=None, alias="人员经费")
    operating: Money | None = Field(default=None, alias="公用经费")
    stated_total: Money | None = Field(
        default=None, alias="合计", description="只知道合计时只填合计；都填时与两项之和核对"
    )

    @model_validator(mode="after")
    def _has_some_figure(self) -> PersonnelOperating:
        if self.stated_total is None and (self.personnel is None or self.operating is None):
            raise ValueError("请填写「合计」，或同时填写「人员经费」和「公用经费」")
        return self

    def parts(self) -> list[tuple[str, Decimal]]:
        """(label, amount) that make up the budget: 人员经费 and 公用经费, or the 合计 alone."""
        if self.personnel is not None and self.operating is not None:
            return [("人员经费", self.personnel), ("公用经费", self.operating)]
        assert self.stated_total is not None  # the validator asks for one or the other
        return [("合计", self.stated_total)]

    @property
    def amount(self) -> Decimal:
        return sum((amount for _, amount in self.parts()), Decimal(0))


class EconomicClasses(InputModel):
    """基本支出 by economic classification (决算)."""

    wages: Money = Field(default=Decimal(0), alias="工资福利支出")
    goods_services: Money = Field(default=Decimal(0), alias="商品和服务支出")
    household_transfers: Money = Field(default=Decimal(0), alias="对个人和家庭的补助")

    def items(self) -> list[tuple[str, Decimal]]:
        return [
            ("工资福利支出", self.wages),
            ("商品和服务支出", self.goods_services),
            ("对个人和家庭的补助", self.household_transfers),
        ]


class BasicSpending(InputModel):
    """基本支出: 人员经费 and 公用经费, or only a stated 合计 when the split is unknown."""

    personnel: Money | None = Field(default=None, alias="人员经费")
    operating: Money | None = Field(default=None, alias="公用经费")
    stated_total: Money | None = Field(
        default=None, alias="合计", description="只知道合计时只填合计；都填时与人员经费、公用经费之和核对"
    )
    initial: PersonnelOperating | None = Field(default=None, alias="年初预算")  # 年初预算批复
    mid_year_addition: Money | None = Field(default=None, alias="年中追加", description="年中追加的预算")
    budget: Money | None = Field(
        default=None, alias="全年预算数", description="调整后的全年预算数，与年初预算加年中追加核对"
    )
    stated_rate: Percent | None = Field(default=None, alias="执行率")  # as a source states it; checked
    balance_reason: Text | None = Field(
        default=None, alias="差额原因", description="预算执行差额的原因，写在“主要原因为”之后"
    )
    economic: EconomicClasses | None = Field(default=None, alias="经济分类")

    @model_validator(mode="after")
    def _has_some_figure(self) -> BasicSpending:
        if self.stated_total is None and (self.personnel is None or self.operating is None):
            raise ValueError("请填写「合计」，或同时填写「人员经费」和「公用经费」")
        return self


class ProjectCategory(str, Enum):
    """项目类别 as the 基础数据表 groups projects."""

    BUSINESS = "业务工作经费"
    OPERATION = "运行维护经费"
    SPECIAL = "专项资金"


class Project(InputModel):
    """一个项目支出 (project) with its budget and execution (万元), goal and 自评表."""

    name: Text = Field(alias="名称", examples=["档案数字化项目"])
    category: ProjectCategory | None = Field(default=None, alias="类别", examples=["专项资金"])
    last_year_final: Money | None = Field(default=None, alias="上年决算数", examples=["0"])
    initial_budget: Money | None = Field(default=None, alias="年初预算数", examples=["150"])
    budget: Money = Field(alias="全年预算数", examples=["181"])
    executed: Money = Field(alias="全年执行数", examples=["115.78"])
    source: FundingSource | None = Field(default=None, alias="资金来源", examples=["一般公共预算财政拨款"])
    received: Money | None = Field(default=None, alias="实际到位资金", description="不填即等于全年预算数")
    goal: Text | None = Field(default=None, alias="绩效目标", examples=["完成馆藏档案数字化扫描200万页。"])
    note: Text | None = Field(default=None, alias="说明")
    table: PerformanceTable | None = Field(default=None, alias="自评表")  # 项目支出绩效自评表
    stated_score: Decimal | None = Field(
        default=None, ge=0, le=100, alias="自评得分", description="原报告所述得分，只用于核对；得分由自评表计算"
    )

    @property
    def received_amount(self) -> Decimal:
        """实际到位资金, which is the 全年预算数 unless stated otherwise."""
        return self.budget if self.received is None else self.received

    @model_validator(mode="before")
    @classmethod
    def _table_defaults(cls, data: Any) -> Any:
        # A project's 自评表 is named after the project and, unless stated, uses the project's figures.
        if not isinstance(data, dict):
            return data
        key = "自评表" if "自评表" in data else "table"
        table = data.get(key)
        if not isinstance(table, dict):
            return data
        table = dict(table)
        table.setdefault("名称", data.get("名称", data.get("name")))
        funds_key = "funds" if "funds" in table else "资金"
        funds = table.get(funds_key, {})
        if isinstance(funds, dict):
            table[funds_key] = {**table_fund_defaults(data), **funds}
        return {**data, key: table}

    def without_defaults(self, data: dict[str, Any]) -> dict[str, Any]:
        """Plain data of this project without what :meth:`_table_defaults` would fill in again."""
        table = data.get("自评表")
        if not isinstance(table, dict):
            return data
        table = dict(table)
        if table.get("名称") == data.get("名称"):
            del table["名称"]
        funds = dict(table.get("资金") or {})
        for key, value in table_fund_defaults(data).items():
            if key in funds and funds[key] == value:
                del funds[key]
        if funds:
            table["资金"] = funds
        else:
            table.pop("资金", None)
        return {**data, "自评表": table}


#: A project's 自评表 资金 line and the project figure each defaults to, by alias and by name.
TABLE_FUND_FIELDS = (("年初预算数", "initial_budget"), ("全年预算数", "budget"), ("全年执行数", "executed"))


def table_fund_defaults(project: dict[str, Any]) -> dict[str, Any]:
    """What a project's 自评表 资金 is when it does not say: the project's own 年初预算数, 全年预算数, 全年执行数."""
    found = {}
    for alias, name in TABLE_FUND_FIELDS:
        value = project.get(alias, project.get(name))
        if value is not None:
            # A figure the project itself gets wrong is reported there, once; its copy here would repeat it.
            found[alias] = value if _is_money(value) else Decimal(0)
    return found


def _is_money(value: Any) -> bool:
    """Whether a value as read from the file will validate as :data:`Money` (so it may be copied elsewhere)."""
    amount = parse_money(value) if not isinstance(value, bool) else None
    if not isinstance(amount, Decimal | int):
        return False
    return Decimal(amount).is_finite() and amount >= 0


class ProjectSpending(InputModel):
    """项目支出: the list of projects, and/or a stated 合计."""

    projects: list[Project] = Field(default_factory=list, alias="项目")
    stated_total: Money | None = Field(
        default=None, alias="合计", description="没有列出项目时填合计；列出项目时与各项目全年执行数之和核对"
    )
    budget: Money | None = Field(default=None, alias="全年预算数")  # checked against the projects' sum
    stated_rate: Percent | None = Field(default=None, alias="执行率")  # as a source states it; checked
    balance_reason: Text | None = Field(default=None, alias="差额原因")  # why 预算执行差额 is what it is
    management: Text | None = Field(default=None, alias="管理情况", description="项目资金管理情况的一段文字")

    @model_validator(mode="after")
    def _has_some_figure(self) -> ProjectSpending:
        if self.stated_total is None and not self.projects:
            raise ValueError("请填写「合计」或列出「项目」")
        return self


class Spending(InputModel):
    """支出 (决算数) and the year's budget it is measured against."""

    basic: BasicSpending = Field(alias="基本支出")
    project: ProjectSpending = Field(alias="项目支出")
    stated_total: Money | None = Field(
        default=None, alias="合计", description="可不填；填写时与基本支出、项目支出之和核对"
    )
    budget: Money | None = Field(default=None, alias="全年预算数")  # 调整后预算
    stated_rate: Percent | None = Field(default=None, alias="执行率")  # as a source states it; checked


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
    monitoring_points: TextList = Field(default_factory=list, alias="运行监控要点")  # written 一是……；二是……
    practices: TextList = Field(default_factory=list, alias="开展情况")  # jiangxi （四）, one point each


class AuditFinding(InputModel):
    """An audit or inspection of the year and what it found (审计、检查发现的问题)."""

    authority: Text = Field(alias="机关", examples=["区审计局"])
    kind: Text = Field(alias="类型", examples=["经济责任审计"])
    issue_groups: Whole | None = Field(default=None, ge=0, alias="问题项数", examples=["8"])
    issue_count: Whole | None = Field(default=None, ge=0, alias="问题个数", examples=["12"])
    areas: TextList = Field(default_factory=list, alias="涉及方面", examples=["财政财务管理和经济风险防范"])
    to_improve: TextList = Field(default_factory=list, alias="待改进方面", examples=["采购合同签订时效性"])
    lowers_score: YesNo = Field(default=False, alias="扣减自评分")


class ScorePart(InputModel):
    """One part of a self-score scheme, e.g. 管理效能 45 分中得 44.43 分, over 21 indicators."""

    name: Text = Field(alias="名称", examples=["管理效能"])
    full_marks: Decimal | None = Field(default=None, gt=0, alias="分值", description="名称是评分方案中的类别时可不填")
    score: Decimal = Field(allow_inf_nan=False, alias="得分", examples=["44.43"])  # 加减分项 may be below zero
    indicator_count: Whole | None = Field(default=None, ge=0, alias="指标数")  # 涉及21个管理效能指标
    completed_count: Whole | None = Field(default=None, ge=0, alias="完成指标数")

    @model_validator(mode="after")
    def _completed_within_count(self) -> ScorePart:
        if self.completed_count is not None and self.indicator_count is None:
            raise ValueError("填写了「完成指标数」，请同时填写「指标数」")
        count, completed = self.indicator_count, self.completed_count
        if completed is not None and count is not None and completed > count:
            raise ValueError(f"「完成指标数」{completed}大于「指标数」{count}")
        return self


class SelfScore(InputModel):
    """自评得分: the parts (summed by reportgen), or a total from the finance bureau's table."""

    parts: list[ScorePart] = Field(default_factory=list, alias="分项")
    stated_total: Decimal | None = Field(
        default=None, ge=0, le=100, alias="总分", description="财政部门表格中的总分，只用于核对"
    )

    @model_validator(mode="after")
    def _has_some_figure(self) -> SelfScore:
        if self.stated_total is None and not self.parts:
            raise ValueError("请填写「总分」或列出「分项」")
        return self


class ProjectSelfScore(SelfScore):
    """项目自评: one project's self-score by the parts of the project scoring scheme, without its budget figures."""

    name: Text = Field(alias="名称", examples=["专项工作经费"])


class KeyWork(InputModel):
    """重点工作完成情况: one achievement with its facts and points (一是……二是……); a title is optional."""

    title: Text | None = Field(default=None, alias="标题", examples=["完善档案资源体系，优化资源结构"])
    facts: TextList = Field(default_factory=list, alias="内容", examples=["全年接收档案5058卷。"])
    points: TextList = Field(default_factory=list, alias="要点")

    @model_validator(mode="after")
    def _has_content(self) -> KeyWork:
        if not self.facts and not self.points:
            raise ValueError("请填写「内容」或「要点」")
        return self


class SpecialFund(InputModel):
    """专项资金: a special-purpose fund analysed on its own (专项资金绩效分析)."""

    name: Text = Field(alias="名称", examples=["老城区基础设施提升工程项目"])
    also_known_as: Text | None = Field(default=None, alias="又称")
    budget: Money = Field(alias="全年预算数", examples=["441.4"])
    executed: Money = Field(alias="全年执行数", examples=["441.4"])
    tranches: Whole | None = Field(default=None, ge=1, alias="拨付次数", examples=["3"])
    achievements: Text = Field(alias="绩效完成情况", examples=["项目已完成进度60%。"])
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

    id: Text | None = Field(default=None, alias="编号", examples=["1"], json_schema_extra=LABEL)
    text: Text = Field(alias="内容", examples=["预算绩效目标设置不够细化"])
    cause: Text | None = Field(default=None, alias="原因", examples=["年初工作任务无法准确预计。"])
    aspect: Aspect | None = Field(default=None, alias="方面", examples=["预算和预算绩效管理"], json_schema_extra=LABEL)
    scope: Scope = Field(default=Scope.OVERALL, alias="范围", json_schema_extra=LABEL)


class Measure(InputModel):
    """What every 改进措施 or 建议 has: a title, the problems (by 编号) it answers, and its scope."""

    title: Text | None = Field(default=None, alias="标题", examples=["细化绩效指标设置"])
    answers: TextList = Field(default_factory=list, alias="针对", examples=["1"], json_schema_extra=LABEL)
    scope: Scope = Field(default=Scope.OVERALL, alias="范围", json_schema_extra=LABEL)


class MeasureItem(Measure):
    """改进措施: what will be done, and which problems (by 编号) it answers."""

    text: Text = Field(alias="内容", examples=["年初设置绩效指标时进一步细化工作计划。"])


def check_answers(problems: Sequence[ProblemItem], measures: Sequence[Measure]) -> None:
    """Problem 编号 are unique and every 针对 of a measure names one of them (ValueError in Chinese)."""
    ids = [p.id for p in problems if p.id]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"问题「编号」重复：{'、'.join(duplicates)}")
    unknown = sorted({a for m in measures for a in m.answers if a not in ids})
    if unknown:
        known = "、".join(ids) if ids else "（没有任何问题填写了编号）"
        raise ValueError(f"改进措施「针对」引用了不存在的问题编号：{'、'.join(unknown)}；已有编号：{known}")


class YearColumns(InputModel):
    """One 基础数据表 line: 上年决算 / 本年预算 / 本年决算 (万元)."""

    last_year_final: Money | None = Field(default=None, alias="上年决算")
    budget: Money | None = Field(default=None, alias="本年预算")
    final: Money | None = Field(default=None, alias="本年决算")


class OperatingCosts(InputModel):
    """公用经费 lines of the 基础数据表 (一般商品和服务支出)."""

    total: YearColumns = Field(alias="合计")
    office: YearColumns | None = Field(default=None, alias="办公经费")
    utilities_travel: YearColumns | None = Field(default=None, alias="水电差旅")  # 水费、电费、差旅费
    meetings_training: YearColumns | None = Field(default=None, alias="会议培训")  # 会议费、培训费


class BuildingControl(InputModel):
    """楼堂馆所控制情况 (projects completed this year)."""

    approved_area: Decimal = Field(default=Decimal(0), ge=0, alias="批复规模")  # ㎡
    actual_area: Decimal = Field(default=Decimal(0), ge=0, alias="实际规模")
    approved_investment: Money = Field(default=Decimal(0), alias="预算投资")
    actual_investment: Money = Field(default=Decimal(0), alias="实际投资")


class BasicDataTable(SignedForm):
    """附件1 部门整体支出绩效评价基础数据表: what the text and other tables do not already hold."""

    operating_costs: OperatingCosts | None = Field(default=None, alias="公用经费")
    procurement: YearColumns | None = Field(default=None, alias="政府采购金额")
    basic_budget_adjustment: YearColumns | None = Field(default=None, alias="基本支出预算调整")
    buildings: BuildingControl | None = Field(default=None, alias="楼堂馆所")
    thrift_measures: TextList = Field(default_factory=list, alias="厉行节约保障措施")


class PerformanceOverview(InputModel):
    """部门整体支出绩效情况: an overview and its points (hunan 六)."""

    summary: Text | None = Field(default=None, alias="概述")
    points: TextList = Field(default_factory=list, alias="要点")


class DepartmentReport(InputModel):
    """Everything a 部门整体支出绩效自评报告 is drafted from."""

    profile: Text | None = Field(
        default=None, alias="格式", description="报告格式（guangdong、hunan、jiangxi）；命令行 --profile 优先"
    )
    scoring_scheme: Text | None = Field(
        default=None,
        alias="评分方案",
        description="自评表的评分方案：内置方案名或与输入文件同一文件夹中的 YAML 文件名；不填即用报告格式的方案",
    )  # default: the format's scheme
    unit_name: Text = Field(alias="单位名称", description="用于标题和默认文件名")
    year: Whole = Field(ge=2000, le=2100, alias="年度", description="自评的年度，四位数，如 2023")
    report_date: Date | None = Field(default=None, alias="报告日期", description="湖南格式封面日期、江西格式落款日期")
    unit_intro: Text | None = Field(default=None, alias="单位简介", description="职能前的一句介绍（单位性质、级别）")
    duties: list[Text] = Field(default_factory=list, alias="主要职能")
    internal_bodies: list[InternalBody] = Field(default_factory=list, alias="内设机构")
    internal_bodies_note: Text | None = Field(default=None, alias="内设机构说明", description="内设机构的补充说明")
    staffing: Staffing | None = Field(default=None, alias="人员编制")
    staff_profile: StaffProfile | None = Field(default=None, alias="人员构成")
    assets: Assets | None = Field(default=None, alias="资产")
    overall_goal: Text | None = Field(
        default=None, alias="履职总体目标", description="江西格式“履职总体目标”的一段文字"
    )
    annual_tasks: list[Text] = Field(default_factory=list, alias="年度总体工作和重点工作任务")
    performance_goals: list[Text] = Field(default_factory=list, alias="整体支出绩效目标")
    income: Income | None = Field(default=None, alias="收入")  # seeds 001 and 003 state none
    spending: Spending = Field(alias="支出")
    three_public: ThreePublic | None = Field(default=None, alias="三公经费")
    performance_management: PerformanceManagement | None = Field(default=None, alias="绩效管理")
    audits: list[AuditFinding] = Field(default_factory=list, alias="审计检查")
    conclusion: Text | None = Field(default=None, alias="自评结论", description="自评结论的概括（广东格式）")
    overview: PerformanceOverview | None = Field(default=None, alias="整体绩效情况")
    department_table: PerformanceTable | None = Field(default=None, alias="部门整体自评表")
    basic_data: BasicDataTable | None = Field(default=None, alias="基础数据表")
    self_score: SelfScore | None = Field(default=None, alias="自评得分")
    project_self_scores: list[ProjectSelfScore] = Field(default_factory=list, alias="项目自评")
    key_work: list[KeyWork] = Field(default_factory=list, alias="重点工作完成情况")
    duty_completion: DutyCompletion | None = Field(default=None, alias="履职完成情况")
    duty_effects: TextList = Field(
        default_factory=list, alias="履职效果", description="江西格式“履职效果情况”，每段一行"
    )
    satisfaction: Text | None = Field(default=None, alias="社会满意度", description="江西格式“社会满意度”的一段文字")
    special_funds: list[SpecialFund] = Field(default_factory=list, alias="专项资金")
    management_overview: Text | None = Field(
        default=None, alias="管理效能概述", description="广东格式管理效能分析开头的概括"
    )
    problems: list[ProblemItem] = Field(default_factory=list, alias="问题")
    measures: list[MeasureItem] = Field(default_factory=list, alias="改进措施")
    results_application: TextList = Field(
        default_factory=list, alias="结果应用", description="自评结果的应用情况，可写多段"
    )
    disclosure: Text | None = Field(default=None, alias="公开情况", description="自评结果的公开情况")
    other_notes: Text | None = Field(default=None, alias="其他需要说明的情况", description="不填时湖南格式写“无”")
    previous_problems: TextList = previous_problems_field()
    previous_measures: TextList = previous_measures_field()

    @model_validator(mode="before")
    @classmethod
    def _department_table_defaults(cls, data: Any) -> Any:
        # The 部门整体 自评表 is named after the unit unless it says otherwise.
        if isinstance(data, dict) and isinstance(table := data.get("部门整体自评表"), dict):
            name = data.get("单位名称", data.get("unit_name"))
            return {**data, "部门整体自评表": {"名称": name, **table}}
        return data

    def without_defaults(self, data: dict[str, Any]) -> dict[str, Any]:
        """Plain data of this input without the 部门整体自评表 名称 that defaults to the unit's name."""
        table = data.get("部门整体自评表")
        if isinstance(table, dict) and table.get("名称") == data.get("单位名称"):
            return {**data, "部门整体自评表": {k: v for k, v in table.items() if k != "名称"}}
        return data

    @model_validator(mode="after")
    def _measures_answer_known_problems(self) -> DepartmentReport:
        check_answers(self.problems, self.measures)
        return self

    def problems_in(self, scope: Scope) -> list[ProblemItem]:
        return [p for p in self.problems if p.scope == scope]

    def measures_in(self, scope: Scope) -> list[MeasureItem]:
        return [m for m in self.measures if m.scope == scope]
