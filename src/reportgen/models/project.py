"""Input model of a 项目支出绩效自评报告 (a unit's projects in one year, seed 004)."""

from __future__ import annotations

from pydantic import Field, model_validator

from reportgen.models.common import (
    Date,
    InputModel,
    Money,
    Text,
    TextList,
    TitledText,
    Whole,
    previous_measures_field,
    previous_problems_field,
)
from reportgen.models.department import Measure, ProblemItem, Project, check_answers
from reportgen.models.indicators import Level2


class ProjectBackground(InputModel):
    """项目基本情况: what the 主管部门 does, and why and how the projects were set up and funded."""

    duties: Text | None = Field(default=None, alias="主管部门职能")
    basis: TextList = Field(default_factory=list, alias="立项依据")
    application: Text | None = Field(default=None, alias="资金申报流程")
    rules: Text | None = Field(default=None, alias="管理制度")

    @property
    def funding_basis(self) -> list[str]:
        """The paragraphs of 项目立项、资金申报的依据, in the order a report states them."""
        return [*self.basis, *(text for text in (self.application, self.rules) if text)]


class GoalItem(InputModel):
    """One 具体绩效目标: its title, its own text and its sub-goals (each a titled passage)."""

    title: Text = Field(alias="标题", examples=["以政治建设为统领，持续强化理论武装"])
    facts: TextList = Field(default_factory=list, alias="内容", examples=["全年组织党组理论学习中心组学习14次。"])
    parts: list[TitledText] = Field(default_factory=list, alias="分项")

    @model_validator(mode="after")
    def _has_content(self) -> GoalItem:
        if not self.facts and not self.parts:
            raise ValueError("请填写「内容」或「分项」")
        return self


class PerformanceGoals(InputModel):
    """项目绩效目标 beyond 主要内容 (which is written from the projects): the goals, and whether they fit."""

    intro: Text | None = Field(default=None, alias="说明")
    goals: list[GoalItem] = Field(default_factory=list, alias="具体绩效目标")
    fit: Text | None = Field(default=None, alias="申报内容与实际相符分析")


class EvaluationMethod(InputModel):
    """项目自评步骤及方法; the weights and 等级 bands are written from the scoring scheme, not typed."""

    principles: list[TitledText] = Field(default_factory=list, alias="评价原则")
    indicator_system: Text | None = Field(default=None, alias="评价指标体系")
    methods: list[TitledText] = Field(default_factory=list, alias="评价方法")


class StatedTotals(InputModel):
    """合计 as a source states it (万元); checked against the projects, never used in their place."""

    budget: Money | None = Field(default=None, alias="全年预算数")
    received: Money | None = Field(default=None, alias="实际到位资金")
    executed: Money | None = Field(default=None, alias="全年执行数")


class FundingNarrative(InputModel):
    """项目资金申报及使用情况: how the money was allotted, the stated totals, and financial management."""

    allotment: Text | None = Field(default=None, alias="拨付说明")
    stated: StatedTotals | None = Field(default=None, alias="合计")
    finance: TextList = Field(default_factory=list, alias="财务管理情况")


class Implementation(InputModel):
    """项目实施及管理情况: organisation, management and supervision, each one or more paragraphs."""

    organisation: TextList = Field(default_factory=list, alias="组织架构及实施流程")
    management: TextList = Field(default_factory=list, alias="项目管理情况")
    supervision: TextList = Field(default_factory=list, alias="项目监管情况")


class BenefitNotes(InputModel):
    """项目效益情况 in words, by kind of benefit; the indicator results themselves come from the 自评表."""

    economic: Text | None = Field(default=None, alias="经济效益")
    social: Text | None = Field(default=None, alias="社会效益")
    ecological: Text | None = Field(default=None, alias="生态效益")
    sustainable: Text | None = Field(default=None, alias="可持续影响")
    satisfaction: Text | None = Field(default=None, alias="满意度")

    def note_for(self, level2: Level2) -> str | None:
        """The words on one 二级 benefit, e.g. 可持续影响指标."""
        return {
            Level2.ECONOMIC: self.economic,
            Level2.SOCIAL: self.social,
            Level2.ECOLOGICAL: self.ecological,
            Level2.SUSTAINABLE: self.sustainable,
            Level2.SATISFACTION: self.satisfaction,
        }.get(level2)


class ProjectProblem(ProblemItem):
    """存在的问题 of a project report: a titled problem (1.评价体系有待完善) and its text."""

    title: Text | None = Field(default=None, alias="标题", examples=["评价体系有待完善"])


class ProjectSuggestion(Measure):
    """相关建议: a titled suggestion whose body is a text, its points (①②③ in seed 004), or both."""

    text: Text | None = Field(default=None, alias="内容", examples=["建立统一的数据收集标准和流程。"])
    points: TextList = Field(default_factory=list, alias="要点")

    @model_validator(mode="after")
    def _has_content(self) -> ProjectSuggestion:
        if self.text is None and not self.points:
            raise ValueError("请填写「内容」或「要点」")
        return self


class ProjectReport(InputModel):
    """Everything a 项目支出绩效自评报告 is drafted from: the unit, its projects and the narrative."""

    profile: Text | None = Field(default=None, alias="格式", description="报告格式：project")
    scoring_scheme: Text | None = Field(
        default=None, alias="评分方案", description="各项目自评表的评分方案；不填即用报告格式的方案"
    )
    unit_name: Text = Field(alias="单位名称", description="用于封面、标题和默认文件名")
    year: Whole = Field(ge=2000, le=2100, alias="年度", description="自评的年度，四位数，如 2024")
    report_date: Date | None = Field(
        default=None, alias="报告日期", description="封面日期；不填时封面留出“年 月 日”空白"
    )
    basis: Text | None = Field(default=None, alias="评价依据", description="开头段落引用的通知及文号")
    projects: list[Project] = Field(min_length=1, alias="项目")
    background: ProjectBackground = Field(default_factory=ProjectBackground, alias="项目基本情况")
    goals: PerformanceGoals = Field(default_factory=PerformanceGoals, alias="项目绩效目标")
    method: EvaluationMethod = Field(default_factory=EvaluationMethod, alias="自评步骤及方法")
    funding: FundingNarrative = Field(default_factory=FundingNarrative, alias="资金申报及使用")
    implementation: Implementation = Field(default_factory=Implementation, alias="项目实施及管理")
    benefits: BenefitNotes = Field(default_factory=BenefitNotes, alias="项目效益")
    problems: list[ProjectProblem] = Field(default_factory=list, alias="问题")
    measures: list[ProjectSuggestion] = Field(default_factory=list, alias="改进措施")
    previous_problems: TextList = previous_problems_field()
    previous_measures: TextList = previous_measures_field()

    @model_validator(mode="after")
    def _consistent(self) -> ProjectReport:
        names = [p.name for p in self.projects]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"项目「名称」重复：{'、'.join(repeated)}；每个项目只列一次")
        check_answers(self.problems, self.measures)
        return self

    @property
    def titled_problems(self) -> bool:
        """Every problem has a title, so each can be a numbered heading."""
        return bool(self.problems) and all(p.title for p in self.problems)

    @property
    def titled_measures(self) -> bool:
        """Every suggestion has a title, so each can be a numbered heading."""
        return bool(self.measures) and all(m.title for m in self.measures)
