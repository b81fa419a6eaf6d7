"""Fixtures for the import/export tests: the small files in tests/fixtures/io and fresh stores."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "io"
UCDP_REAL = ROOT.parent / "shared" / "data" / "ucdp-ged-pakistan-1989-2021.csv"


@pytest.fixture
def fx() -> Path:
    return FIXTURES


@pytest.fixture
def ucdp_real() -> Path:
    if not UCDP_REAL.is_file():
        pytest.skip("../shared/data/ucdp-ged-pakistan-1989-2021.csv is not present")
    return UCDP_REAL
