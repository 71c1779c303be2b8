"""Report formats ("profiles"): section skeleton, template folder and title, declared as data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reportgen.errors import ProfileError


class SectionSpec(BaseModel):
    """One section of a profile's skeleton, as its heading reads without the numeral."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    aliases: list[str] = Field(default_factory=list)  # other titles seen in real reports
    optional: bool = False  # drafted only when the input has data for it
    empty_ok: bool = False  # a body of just "无" counts as present (hunan 三/四/五/十)
    children: list[SectionSpec] = Field(default_factory=list)


class KindParts(BaseModel):
    """The attached tables a check-only profile of kind ``any`` expects of a report of one kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attachments: list[str] = Field(default_factory=list)
    project_attachments: bool = False


class Profile(BaseModel):
    """A report format: what the report is called, how it is laid out, which templates draft it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    kind: str  # "department" (部门整体) | "project" (项目支出) | "any" (check-only: the report's own kind)
    report_name: str  # e.g. 部门整体支出绩效自评报告
    templates: str | None = None  # template folder, relative to the templates root or the profile file
    entry: str = "report.md.j2"
    sections: list[SectionSpec]
    scoring_scheme: str = "default"  # a scheme in reportgen/scoring/schemes, or a path to one
    other_schemes: list[str] = Field(default_factory=list)  # schemes a report of this format may also follow
    attachments: list[str] = Field(default_factory=list)  # attached tables the rubric expects
    project_attachments: bool = False  # one 项目支出绩效自评表 per project named in the report
    folder: Path | None = None  # where the profile file was found
    by_kind: dict[str, KindParts] = Field(default_factory=dict)  # kind any: the attachments of each kind
    # Input fields (dotted Chinese names, each covering its sub-fields) the report writes or checks; a field
    # an input gives that is not covered is warned about. None: the format does not say (no warnings).
    uses: list[str] | None = None

    def uses_field(self, path: tuple[str, ...]) -> bool:
        """Whether the input field at ``path`` (Chinese names) appears in, or is checked by, this format."""
        if self.uses is None:
            return True
        return any(path[: len(prefix)] == prefix for prefix in self._uses_paths())

    def uses_part(self, key: str) -> bool:
        """Whether the format writes the top-level part ``key`` or any field of it (it may list only 「问题.内容」…)."""
        return self.uses_field((key,)) or any(prefix[0] == key for prefix in self._uses_paths())

    def unused_part(self, path: tuple[str, ...]) -> tuple[str, ...] | None:
        """The largest part of the input around ``path`` that this format leaves out entirely, or None."""
        if self.uses_field(path):
            return None
        for cut in range(1, len(path) + 1):
            part = path[:cut]
            if not any(prefix[:cut] == part for prefix in self._uses_paths()):
                return part
        return path  # pragma: no cover - a path not used has a part no entry reaches

    def _uses_paths(self) -> list[tuple[str, ...]]:
        return [tuple(entry.split(".")) for entry in self.uses or []]

    def for_kind(self, kind: str) -> Profile:
        """The profile as it applies to a report of ``kind``; a profile of kind ``any`` takes the report's kind."""
        if self.kind != "any":
            return self
        parts = self.by_kind.get(kind, KindParts())
        return self.model_copy(
            update={"kind": kind, "attachments": parts.attachments, "project_attachments": parts.project_attachments}
        )

    def template_dir(self) -> Path:
        if self.templates is None:
            raise ProfileError(f"格式「{self.name}」目前只能用于检查（reportgen check），尚不能起草报告")
        candidate = Path(self.templates)
        if not candidate.is_absolute() and self.folder is not None and (self.folder / candidate).is_dir():
            return self.folder / candidate
        return templates_root() / "zh" / self.templates

    def schemes(self) -> list[str]:
        """Every scoring scheme a report of this format may follow (its own first)."""
        return [self.scoring_scheme, *self.other_schemes]

    def data_file(self, name: str) -> Path | None:
        """A file of the profile's own folder (rubric.yaml, lexicon.yaml) that overrides the built-in one."""
        if self.folder is None or self.folder == _builtin_dir():
            return None
        path = self.folder / name
        return path if path.is_file() else None

    def output_name(self, year: int, unit_name: str) -> str:
        return f"{year}年度{unit_name}{self.report_name}"


def templates_root() -> Path:
    """The narrative templates: packaged in the wheel, or the repository's ``templates/`` folder."""
    packaged = Path(str(resources.files("reportgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


@cache
def _builtin_dir() -> Path:
    """Where the built-in profiles are (asked by every check: is the profile's folder this one?)."""
    return Path(str(resources.files("reportgen.profiles")))


def load_profile_file(path: Path) -> Profile:
    """A profile from its YAML file; every problem is reported in Chinese with its field."""
    from reportgen.errors import InputError
    from reportgen.load import read_data, validate_data

    try:
        data, lines = read_data(path)
        if isinstance(data, dict):
            data = {**data, "folder": path.parent}
        profile = validate_data(data, Profile, source=str(path), lines=lines)
    except InputError as exc:
        details = "\n".join(f"  - {issue.describe(str(path))}" for issue in exc.issues)
        raise ProfileError(f"格式定义文件 {path} 无效：\n{details}") from None
    assert isinstance(profile, Profile)
    return profile


@cache
def builtin_profiles() -> dict[str, Profile]:
    profiles = {}
    for path in sorted(_builtin_dir().glob("*.yaml")):
        profile = load_profile_file(path)
        profiles[profile.name] = profile
    return profiles


def get_profile(name: str) -> Profile:
    """A built-in profile by name, or a profile file / folder given as a path."""
    profiles = builtin_profiles()
    if name in profiles:
        return profiles[name]
    path = Path(name)
    try:
        if path.is_dir():
            path = path / "profile.yaml"
        if path.suffix in (".yaml", ".yml") and path.is_file():
            return load_profile_file(path)
    except OSError:  # a name no file can have (too long): not a format
        pass
    known = "、".join(profiles)
    raise ProfileError(f"未知的报告格式「{name}」；可用的格式有：{known}（也可给出格式定义文件夹的路径）")
