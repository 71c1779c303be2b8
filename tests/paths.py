"""Where the tests find the repository's samples, fixtures, snapshots and the shared seeds."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"
FIXTURES = ROOT / "tests" / "fixtures"
SNAPSHOTS = ROOT / "snapshots"
# The real seed reports are not ours to copy: they live next to the repository, and only the
# tests marked `seeds` (the acceptance suite, see conftest.py) may read them.
SEEDS = ROOT.parent / "shared" / "seeds"


def seed(prefix: str) -> Path:
    """The seed report whose file name starts with ``prefix``, e.g. ``seed("001")``."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        raise FileNotFoundError(f"no seed report {prefix}_*.txt in {SEEDS}")
    return found[0]
