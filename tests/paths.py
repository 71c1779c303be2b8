"""Where the tests find the repository's samples, fixtures, snapshots and the shared seeds."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
SNAPSHOTS = ROOT / "snapshots"
