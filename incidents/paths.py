"""Where the project's bundled data files live."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
GROUPS_CSV = DATA_DIR / "groups.csv"
SEED_INCIDENTS = DATA_DIR / "seed_incidents.json"
SEED_RELATED = DATA_DIR / "seed_related.json"
