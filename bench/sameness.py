"""Before/after guard for speed work: every check's findings and every draft's bytes, dumped and compared.

    .venv/bin/python bench/sameness.py dump /tmp/base      # before changing anything
    .venv/bin/python bench/sameness.py compare /tmp/base   # after each change: exit 1 and the names that differ

Dumps ``check_file(...).to_dict()`` as JSON for the seeds (../shared/seeds/*.txt, where present), the fixtures
under tests/fixtures, and each sample drafted from its workbook as .docx and .md; and the SHA-256 of the drafted
.docx (its parts) and .md bytes of each sample and of synthetic inputs (projects and 自评表 sizes grown as bench/run.py does).
Not a test: speed work must leave all of this byte-identical.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import synthetic

from reportgen import api
from reportgen.check import check_file
from reportgen.docx.writer import docx_bytes
from reportgen.errors import ReportgenError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLES = ROOT / "sample_inputs"
FIXTURES = ROOT / "tests" / "fixtures"
CHECKED = (".txt", ".md", ".docx", ".pdf")


def checked_inputs(folder: Path) -> dict[str, Path]:
    found = {f"seed/{p.name}": p for p in sorted(SEEDS.glob("*.txt"))} if SEEDS.is_dir() else {}
    found |= {f"fixture/{p.name}": p for p in sorted(FIXTURES.iterdir()) if p.suffix in CHECKED}
    for workbook in sorted(SAMPLES.glob("*.xlsx")):
        drafted = api.draft(workbook)
        for fmt in ("docx", "md"):
            out = api.save(drafted, folder / f"{workbook.stem}.{fmt}", fmt)
            found[f"draft/{out.name}"] = out
    return found


def parts_digest(data: bytes) -> str:
    """SHA-256 of the package's part names and contents, in order (the zip's timestamps left out)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            digest.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    return digest.hexdigest()


def dump_all() -> dict[str, str]:
    """name → a JSON text (checks) or a SHA-256 (drafts)."""
    result: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="reportgen-same-") as tmp:
        folder = Path(tmp)
        for name, path in checked_inputs(folder).items():
            try:
                found = check_file(path).to_dict()
                found["source"] = name  # the temporary folder differs between runs
                result[f"check {name}"] = json.dumps(found, ensure_ascii=False, sort_keys=True, indent=1)
            except ReportgenError as error:  # a fixture meant to be refused: its message is what must stay
                result[f"check {name}"] = f"{type(error).__name__}: {error}"
        inputs = {p.stem: p for p in sorted(SAMPLES.glob("*.yaml"))}
        grown = synthetic.load_sample(SAMPLES / "yueyang_2023.yaml")
        for count in (1, 10, 100):
            inputs[f"projects_{count}"] = synthetic.write(
                synthetic.with_projects(grown, count), folder / f"projects_{count}.yaml"
            )
        for count in (10, 300):
            inputs[f"indicators_{count}"] = synthetic.write(
                synthetic.with_indicators(grown, count), folder / f"indicators_{count}.yaml"
            )
        for name, path in inputs.items():
            drafted = api.draft(path)
            result[f"docx {name}"] = parts_digest(docx_bytes(drafted.blocks))
            result[f"md {name}"] = hashlib.sha256(drafted.markdown().encode()).hexdigest()
            result[f"text {name}"] = hashlib.sha256(drafted.text().encode()).hexdigest()
    return result


def main(argv: list[str]) -> int:
    mode, where = argv[1], Path(argv[2])
    now = dump_all()
    if mode == "dump":
        where.mkdir(parents=True, exist_ok=True)
        (where / "sameness.json").write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{len(now)} entries written to {where / 'sameness.json'}")
        return 0
    before = json.loads((where / "sameness.json").read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for name in differ:
        print("DIFFERS:", name)
    print(f"{len(now)} entries compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
