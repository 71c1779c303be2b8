"""Where the tests find the repository's samples, the shared seeds and the snapshots."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"
SEEDS = ROOT.parent / "shared" / "seeds"
SNAPSHOTS = ROOT / "snapshots"
