"""AppTest fixtures: the dashboard on a fresh seeded SQLite file per test."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT

DASHBOARD = str(ROOT / "dashboard.py")


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """Point DATABASE_URL at a temporary file (seeded on first use) and forget cached settings/store."""
    from atlas.app import _open_store
    from incidents.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'atlas.sqlite'}")
    get_settings.cache_clear()
    _open_store.clear()
    yield
    get_settings.cache_clear()
    _open_store.clear()


@pytest.fixture
def app(app_env):
    """An AppTest of dashboard.py (st.navigation), not yet run."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(DASHBOARD, default_timeout=60)
