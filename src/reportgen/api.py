"""Plain functions behind the CLI: load an input, draft a report, save it atomically."""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import InputError, InputIssue, OutputError, ProfileError
from reportgen.figures import DepartmentFigures, ProjectReportFigures
from reportgen.figures import department as department_figures
from reportgen.figures import project as project_figures
from reportgen.figures.candidates import CandidateProblem, candidate_problems
from reportgen.files import file_name, write_atomically
from reportgen.findings import Category, Finding, Level
from reportgen.load import (
    LineLocator,
    Locator,
    PathKey,
    check_workbook_package,
    clean_data,
    given_paths,
    is_workbook,
    read_data,
    validate_data,
)
from reportgen.models import DepartmentReport, ProjectReport
from reportgen.models.department import ScorePart
from reportgen.profiles import Profile, get_profile
from reportgen.render import Block, render_report
from reportgen.render.blocks import plain_text
from reportgen.render.report import markers, to_markdown
from reportgen.render.tables import build_tables
from reportgen.scoring import SchemeError, ScoringScheme, load_scheme
from reportgen.scoring.scheme import builtin_schemes

DEFAULT_PROFILE = "guangdong"
FORMATS = ("docx", "md")

Report = DepartmentReport | ProjectReport
Figures = DepartmentFigures | ProjectReportFigures


@dataclass(frozen=True)
class ReportKind:
    """What a profile's ``kind`` drafts from: its input model, what it is called, and its figures."""

    model: type[DepartmentReport | ProjectReport]
    name: str  # as a clerk calls it
    required: tuple[str, ...]  # top-level fields that only this kind of input has
    compute: Callable[[Any, Schemes], Figures]


@dataclass(frozen=True)
class Schemes:
    """The scoring schemes of an input: one for its 部门整体 table, one for its projects (often the same)."""

    department: ScoringScheme
    project: ScoringScheme


KINDS = {
    "department": ReportKind(
        DepartmentReport,
        "部门整体支出",
        ("支出",),
        lambda report, schemes: department_figures.compute(report, schemes.department, schemes.project),
    ),
    "project": ReportKind(
        ProjectReport, "项目支出", ("项目",), lambda report, schemes: project_figures.compute(report, schemes.project)
    ),
}


@dataclass(frozen=True)
class DraftedReport:
    """A drafted report: the input, its figures, and the numbered blocks ready to write."""

    source: Path
    profile: Profile
    report: Report
    figures: Figures
    blocks: list[Block]
    input_notes: list[Finding] = field(default_factory=list)  # what cleaning the input removed, by field
    place: Callable[[str], str] = str  # see LoadedInput.place

    @property
    def unused(self) -> list[Finding]:
        """Fields the input gives that this format's report leaves out: nothing typed is lost without a word."""
        return unused_fields(self.report, self.profile)

    @property
    def notes(self) -> list[Finding]:
        """What cleaning the input removed, and what the figures found in it: totals that do not add up, scores the
        text does not use …; from a workbook, the fields they quote are named by sheet, row and column."""
        notes = [*self.input_notes, *self.figures.notes]
        return [dataclasses.replace(note, message=self.place(note.message)) for note in notes]

    @property
    def markers(self) -> list[str]:
        return markers(self.blocks)

    @property
    def candidates(self) -> list[CandidateProblem]:
        """Problems the figures suggest, for the clerk to consider."""
        return candidate_problems(self.figures)

    def default_output(self, fmt: str) -> Path:
        """``<年度><单位名称><报告名称>.<fmt>`` beside the input; the unit's name made safe for a file name and cut
        short when it is too long for one."""
        year = self.report.year
        name = file_name(lambda unit: self.profile.output_name(year, unit), self.report.unit_name)
        return self.source.parent / f"{name}.{fmt}"

    def text(self) -> str:
        return plain_text(self.blocks)

    def markdown(self) -> str:
        return to_markdown(self.blocks)


def unused_fields(report: Report, profile: Profile) -> list[Finding]:
    """One warning per part of the input that ``profile`` neither writes nor checks, naming it and the format."""
    parts = [profile.unused_part(path) for path in given_paths(report)]
    found = []
    for part in dict.fromkeys(p for p in parts if p is not None):
        name = ".".join(part)
        message = (
            f"「{name}」已填写，但 {profile.name} 格式的报告中没有这部分，不会写入报告；"
            "需要时请在起草的 Word 文档中补充，或改用有这部分的格式（见 reportgen profiles）"
        )
        found.append(
            Finding(
                rule="unused-field",
                category=Category.INPUT,
                level=Level.WARNING,
                message=message,
                section=name,
                fields=(name,),
            )
        )
    return found


@dataclass(frozen=True)
class LoadedInput:
    """A validated input, its profile and scoring schemes, and what cleaning it noted (control characters
    removed, by field)."""

    report: Report
    profile: Profile
    schemes: Schemes
    notes: list[Finding]
    place: Callable[[str], str] = str  # names the fields a message quotes where the clerk typed them (cells)


def load_input(path: str | Path, profile: str | None = None) -> tuple[Report, Profile, Schemes]:
    """Read and validate the input (YAML, JSON or a fill-in workbook) with the model of its profile's kind; the
    profile is ``profile``, or the input's 格式, or the default; the scoring scheme the input's 评分方案 or the
    profile's."""
    loaded = read_input(path, profile)
    return loaded.report, loaded.profile, loaded.schemes


def read_input(path: str | Path, profile: str | None = None) -> LoadedInput:
    """:func:`load_input` with the notes of the cleaning step."""
    path = Path(path)
    source = str(path)
    issues: list[InputIssue] = []
    locator: Locator
    if is_workbook(path):
        from reportgen.workbook import LAYOUTS, open_workbook, read_workbook

        check_workbook_package(path)
        with warnings.catch_warnings():  # openpyxl warns in English of parts it drops (a WPS extension…)
            warnings.simplefilter("ignore")
            opened = open_workbook(path)
        _, cell = opened.typed_profile()
        place: Callable[[str], InputIssue] | None = None if profile or cell is None else cell.issue
        resolved = _drafting_profile(profile or opened.profile, source, place)
        kind = KINDS[resolved.kind]
        if opened.kind is not None and opened.kind != resolved.kind:
            made_for = KINDS[opened.kind].name if opened.kind in KINDS else opened.kind
            issue = f"格式「{resolved.name}」用于{resolved.report_name}，与本填报表（{made_for}）不符"
            raise InputError(source, [InputIssue("格式", issue)])
        data, locator, issues = read_workbook(opened, LAYOUTS[resolved.kind])
        cleaned = clean_data(data, locator, source)
    else:
        data, lines = read_data(path)
        locator = LineLocator(lines)
        cleaned = clean_data(data, locator, source)
        data = cleaned.data
        chosen = profile or (data.get("格式") or data.get("profile") if isinstance(data, dict) else None)
        place = None if profile else lambda message: locator.issue(("格式",), message)
        resolved = _drafting_profile(chosen, source, place)
        kind = KINDS[resolved.kind]
        _check_kind(data, resolved, kind, source)
    preceding = [*issues, *cleaned.issues]
    report = validate_data(cleaned.data, kind.model, source=source, locator=locator, preceding=preceding)
    assert isinstance(report, DepartmentReport | ProjectReport)
    schemes = _schemes(report, resolved, path, locator)
    if isinstance(report, DepartmentReport):
        found = [locator.issue(loc, message) for loc, message in _scheme_issues(report, schemes)]
        if found:
            raise InputError(source, found)
    return LoadedInput(report, resolved, schemes, cleaned.notes, locator.place_in_text)


def _drafting_profile(name: Any, source: str, place: Callable[[str], InputIssue] | None = None) -> Profile:
    """The profile by name (the default when none is named), if it can draft.

    A 格式 typed in the input that names no format is an input error, placed by ``place`` where it was typed.
    """
    if name is not None and not isinstance(name, str) and place is not None:
        raise InputError(source, [place(f"应为格式的名称，如 {DEFAULT_PROFILE}、hunan、jiangxi、project")])
    try:
        resolved = get_profile(str(name or DEFAULT_PROFILE))
    except ProfileError as exc:
        if place is None or name is None:
            raise
        raise InputError(source, [place(exc.user_message())]) from None
    if not can_draft(resolved):
        raise InputError(source, [InputIssue("格式", cannot_draft(resolved))])
    return resolved


def can_draft(profile: Profile) -> bool:
    """Whether reports can be drafted in ``profile``: it has templates, and is of a kind with an input model (a
    check-only format, such as generic, has neither)."""
    return profile.templates is not None and profile.kind in KINDS


def drafting_profiles() -> dict[str, Profile]:
    """The built-in formats that can draft, by name."""
    from reportgen.profiles import builtin_profiles

    return {name: profile for name, profile in builtin_profiles().items() if can_draft(profile)}


def cannot_draft(profile: Profile) -> str:
    """Why ``profile`` drafts nothing, and which formats do."""
    usable = "、".join(drafting_profiles())
    return f"格式「{profile.name}」只用于检查（reportgen check），不能起草报告或生成填报表；可用的格式有：{usable}"


def _check_kind(data: Any, profile: Profile, kind: ReportKind, source: str) -> None:
    """An input of the other kind (部门整体 data for a 项目支出 format, or the reverse) is named as such,
    rather than listed as a page of unknown and missing fields."""
    if not isinstance(data, dict) or any(key in data for key in kind.required):
        return
    for other in KINDS.values():
        if other is not kind and all(key in data for key in other.required):
            issue = f"格式「{profile.name}」用于{profile.report_name}，与本输入（{other.name}）不符"
            raise InputError(source, [InputIssue("格式", issue)])


def _schemes(report: Report, profile: Profile, source: Path, locator: Locator) -> Schemes:
    """The input's 评分方案 (a built-in name, or a file beside the input), else the profile's."""
    if report.scoring_scheme is None:
        department = load_scheme(profile.scoring_scheme)
    else:
        name = report.scoring_scheme
        beside = source.parent / name
        try:
            department = load_scheme(name if name in builtin_schemes() or not beside.is_file() else beside)
        except SchemeError as exc:
            raise InputError(str(source), [locator.issue(("评分方案",), exc.user_message())]) from None
    project = load_scheme(department.project_scheme) if department.project_scheme else department
    return Schemes(department, project)


def _scheme_issues(report: DepartmentReport, schemes: Schemes) -> list[tuple[PathKey, str]]:
    """Self-score parts the scheme cannot place: a part with no 分值 of its own, a 项目自评 part it does not have."""
    department = schemes.department
    parts = report.self_score.parts if report.self_score else []
    issues = _repeated_names(parts, ("自评得分",))
    for i, part in enumerate(parts):
        if part.name in department.categories:
            continue
        if report.department_table is not None:
            why = "；部门整体自评表按该方案计分，自评得分的分项须是其中的类别"
            issues.append((("自评得分", "分项", i, "名称"), _not_a_category(part.name, department) + why))
        elif part.full_marks is None:
            issues.append((("自评得分", "分项", i, "分值"), "请填写分值：" + _not_a_category(part.name, department)))
    for i, item in enumerate(report.project_self_scores):
        issues += _repeated_names(item.parts, ("项目自评", i))
        for j, part in enumerate(item.parts):
            if part.name not in schemes.project.categories:
                issues.append((("项目自评", i, "分项", j, "名称"), _not_a_category(part.name, schemes.project)))
    return issues


def _repeated_names(parts: list[ScorePart], where: PathKey) -> list[tuple[PathKey, str]]:
    names = [part.name for part in parts]
    return [((*where, "分项", j, "名称"), f"「{name}」重复出现") for j, name in enumerate(names) if name in names[:j]]


def _not_a_category(name: str, scheme: ScoringScheme) -> str:
    return f"「{name}」不是评分方案「{scheme.name}」中的类别（{'、'.join(scheme.categories)}）"


def draft(path: str | Path, profile: str | None = None, *, suggest: bool | Collection[int] = False) -> DraftedReport:
    """Draft the report; with ``suggest``, problems read from the figures go in as 【待确认】 items: all of them
    when True, else those at the given positions of :attr:`DraftedReport.candidates` (the web page's choice)."""
    loaded = read_input(path, profile)
    report, resolved, schemes = loaded.report, loaded.profile, loaded.schemes
    figures = KINDS[resolved.kind].compute(report, schemes)
    attachments, tables = build_tables(report, figures, resolved)
    context: dict[str, Any] = {
        "r": report,
        "f": figures,
        "profile": resolved,
        "attachments": attachments,
        "suggested": _suggested(candidate_problems(figures), suggest),
    }
    blocks = render_report(resolved, context, tables)
    return DraftedReport(Path(path), resolved, report, figures, blocks, loaded.notes, loaded.place)


#: The rubric's finding for an attached table the report lacks; its message names the table as 缺少附件「name」.
MISSING_ATTACHMENT = "attachment.missing"
_ATTACHMENT_NAME = re.compile(r"「(.+?)」")


def drafting_fix(finding: Finding, where: str = "输入文件") -> str:
    """The fix of a drafted report's finding, for the clerk who drafted it: a missing attachment is made by filling
    in its input (in ``where``: 输入文件, 填报表), not by attaching a table to the written report.

    >>> from reportgen.findings import Category
    >>> missing = Finding(MISSING_ATTACHMENT, Category.ATTACHMENT_MISSING, Level.ERROR, "缺少附件「部门整体支出绩效自评表」")
    >>> drafting_fix(missing, "填报表")
    '在填报表中填写「部门整体自评表」即可生成'
    """
    from reportgen.render.tables import attachment_input

    name = _ATTACHMENT_NAME.search(finding.message) if finding.rule == MISSING_ATTACHMENT else None
    return f"在{where}中填写「{attachment_input(name.group(1))}」即可生成" if name else finding.fix


def _suggested(found: list[CandidateProblem], suggest: bool | Collection[int]) -> list[CandidateProblem]:
    if isinstance(suggest, bool):
        return found if suggest else []
    return [candidate for i, candidate in enumerate(found) if i in suggest]


def save(draft_: DraftedReport, output: Path, fmt: str, *, force: bool = False) -> Path:
    """Write the draft to ``output`` via a temporary file, so a failure never leaves half a file.

    The input is never written over; an existing file (a report the clerk may have edited) only with ``force``.
    """
    if fmt not in FORMATS:
        raise OutputError(f"不支持的输出格式「{fmt}」；可选：{'、'.join(FORMATS)}")

    def write(temp: Path) -> None:
        if fmt == "docx":
            from reportgen.docx.writer import write_docx

            write_docx(draft_.blocks, temp)
        else:
            temp.write_text(draft_.markdown(), encoding="utf-8")

    return write_atomically(output, write, inputs=[draft_.source], force=force)


def write_template(profile: str | None, output: Path, *, force: bool = False) -> Path:
    """Write the fill-in workbook of ``profile`` (the default format when None)."""
    from reportgen.workbook import write_template as write_workbook_template

    resolved = _drafting_profile(profile, str(output))
    check_suffix(output, (".xlsx",), "填报表")
    # The 格式 cell holds the format as it was named, so a format folder given by its path is found again.
    named = profile or DEFAULT_PROFILE
    return write_atomically(
        output, lambda temp: write_workbook_template(resolved, temp, named=named), inputs=[], force=force
    )


CONVERTIBLE = (".yaml", ".yml", ".json", ".xlsx")


def convert(path: str | Path, output: Path, profile: str | None = None, *, force: bool = False) -> Path:
    """Convert an input between YAML / JSON and the fill-in workbook; the input is validated first, as by ``draft``."""
    return convert_input(path, output, profile, force=force)[0]


def convert_input(
    path: str | Path, output: Path, profile: str | None = None, *, force: bool = False
) -> tuple[Path, list[Finding]]:
    """:func:`convert`, with what cleaning the input noted (control characters removed, by field): the converted
    file holds the cleaned text."""
    from reportgen.load import dump_data, to_json, to_yaml
    from reportgen.workbook import write_report_workbook

    path = Path(path)
    check_suffix(output, CONVERTIBLE, "转换结果")
    loaded = read_input(path, profile)
    report, resolved = loaded.report, loaded.profile
    suffix = output.suffix.lower()

    def write(temp: Path) -> None:
        if suffix == ".xlsx":
            write_report_workbook(report, resolved, temp)
        else:
            data = dump_data(report)
            temp.write_text(to_json(data) if suffix == ".json" else to_yaml(data), encoding="utf-8")

    return write_atomically(output, write, inputs=[path], force=force), loaded.notes


def check_suffix(output: Path, allowed: tuple[str, ...], what: str) -> None:
    """Refuse an output file name that does not end in one of ``allowed`` (``what``: how the file is called)."""
    if output.suffix.lower() not in allowed:
        raise OutputError(f"{what}的文件名应以 {'、'.join(allowed)} 结尾：{output}")
