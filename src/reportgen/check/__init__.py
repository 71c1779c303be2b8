"""``reportgen check``: read a draft, find what does not add up, and estimate its 附件5 score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.check.model import CheckResult, ScoreItem
from reportgen.check.read import read_draft, read_text
from reportgen.check.structure import Attachment, ParsedReport, parse_draft
from reportgen.findings import Finding
from reportgen.profiles import Profile
from reportgen.rubrics import Standard, load_standard
from reportgen.scoring import ScoringScheme, load_scheme

__all__ = ["CheckResult", "Finding", "ScoreItem", "check_draft", "check_file", "check_text", "standard_for"]


def standard_for(profile: Profile, rubric: str | Path | None = None, lexicon: str | Path | None = None) -> Standard:
    """The rubric and lexicon a report is graded with: the files given, else the profile folder's, else built-in."""
    return load_standard(rubric or profile.data_file("rubric.yaml"), lexicon or profile.data_file("lexicon.yaml"))


def schemes_for(profile: Profile) -> list[ScoringScheme]:
    """The scoring schemes whose weights a 自评表 of this format may follow (a scheme's project scheme too)."""
    found: dict[str, ScoringScheme] = {}
    for name in profile.schemes():
        scheme = load_scheme(name)
        found.setdefault(scheme.name, scheme)
        if scheme.project_scheme:
            project = load_scheme(scheme.project_scheme)
            found.setdefault(project.name, project)
    return list(found.values())


def check_file(
    path: str | Path,
    profile: str | Profile | None = None,
    evidence: str | Path | dict | None = None,
    attachments: list[str | Path] | None = None,
    *,
    rubric: str | Path | None = None,
    lexicon: str | Path | None = None,
) -> CheckResult:
    """Check one draft file (.docx/.pdf/.txt/.md); ``evidence`` is a YAML file or dict for 布置工作/实施评价;
    ``rubric`` / ``lexicon`` are a region's override files."""
    report = parse_draft(read_draft(path), profile)
    for extra in attachments or []:
        blocks = read_draft(extra)
        tables = [b for b in blocks if not hasattr(b, "text")]
        report.attachments.append(Attachment(Path(extra).name, Path(extra).stem, tables))
    return check_draft(report, str(path), evidence, standard_for(report.profile, rubric, lexicon))


def check_text(
    text: str,
    profile: str | Profile | None = None,
    evidence: dict | None = None,
    source: str = "<文本>",
    *,
    rubric: str | Path | None = None,
) -> CheckResult:
    """Check a draft given as text (used by the rule examples and tests)."""
    report = parse_draft(read_text(text), profile)
    return check_draft(report, source, evidence, standard_for(report.profile, rubric))


def check_draft(
    report: ParsedReport,
    source: str,
    evidence: str | Path | dict[str, Any] | None = None,
    std: Standard | None = None,
) -> CheckResult:
    from reportgen.check.evidence import grade_evidence, load_evidence
    from reportgen.check.rubric import grade
    from reportgen.check.rules import run_checks

    std = std or standard_for(report.profile)
    declared = None if evidence is None else load_evidence(evidence)
    items = grade_evidence(declared, std) + grade(report, std, schemes_for(report.profile))
    findings = run_checks(report, std) + [f for item in items for f in item.deductions]
    findings.sort(key=lambda f: (f.level.rank, -f.points_lost, f.category))
    return CheckResult(
        source,
        report.profile.name,
        report.kind,
        items,
        findings,
        report.profile_detected,
        report.unit,
        report.year,
        report.detection,
    )
