"""``reportgen check``: read a draft, find what does not add up, and estimate its 附件5 score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.check.model import CheckResult, Finding, ScoreItem
from reportgen.check.read import read_draft, read_text
from reportgen.check.structure import Attachment, ParsedReport, parse_draft
from reportgen.profiles import Profile

__all__ = ["CheckResult", "Finding", "ScoreItem", "check_file", "check_text", "check_draft"]

_LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_file(
    path: str | Path,
    profile: str | Profile | None = None,
    evidence: str | Path | dict | None = None,
    attachments: list[str | Path] | None = None,
) -> CheckResult:
    """Check one draft file (.docx/.pdf/.txt/.md); ``evidence`` is a YAML file or dict for 布置工作/实施评价."""
    draft = parse_draft(read_draft(path), profile)
    for extra in attachments or []:
        blocks = read_draft(extra)
        tables = [b for b in blocks if not hasattr(b, "text")]
        draft.attachments.append(Attachment(Path(extra).name, Path(extra).stem, tables))
    return check_draft(draft, str(path), evidence)


def check_text(
    text: str, profile: str | Profile | None = None, evidence: dict | None = None, source: str = "<文本>"
) -> CheckResult:
    """Check a draft given as text (used by the rule examples and tests)."""
    return check_draft(parse_draft(read_text(text), profile), source, evidence)


def check_draft(draft: ParsedReport, source: str, evidence: str | Path | dict[str, Any] | None = None) -> CheckResult:
    from reportgen.check.evidence import grade_evidence, load_evidence
    from reportgen.check.rubric import grade
    from reportgen.check.rules import run_checks

    if evidence is not None and not isinstance(evidence, dict):
        evidence = load_evidence(evidence)
    findings = run_checks(draft)
    items = grade_evidence(evidence, findings) + grade(draft, findings)
    findings.sort(key=lambda f: (_LEVEL_ORDER[f.level], -(f.points_lost or 0), f.category))
    return CheckResult(source, draft.profile.name, draft.kind, items, findings, draft.profile_detected)
