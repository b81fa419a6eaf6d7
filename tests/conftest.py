"""Shared fixtures: stores on a real SQLite file and a real PostgreSQL server."""
from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
_db_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole run (``TEST_DATABASE_URL`` uses an existing one instead)."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield None
        return
    from tests.support.postgres import PostgresServer

    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'atlas.sqlite'}"


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    if postgres_server is None:
        return os.environ["TEST_DATABASE_URL"]
    return postgres_server.create_database(f"t{os.getpid()}_{next(_db_counter)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """Run a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


def _migrated(url: str, *, seed: bool = False):
    from incidents.store import Store

    s = Store(url)
    s.migrate()
    if seed:
        s.seed_if_new()
    yield s
    s.engine.dispose()


@pytest.fixture
def store(db_url):
    """A migrated, empty store (no seed) on each backend."""
    yield from _migrated(db_url)


@pytest.fixture
def sqlite_store(sqlite_url):
    """A migrated, empty SQLite store (no seed)."""
    yield from _migrated(sqlite_url)


@pytest.fixture
def seeded_store(sqlite_url):
    """A SQLite store with the bundled seed incidents."""
    yield from _migrated(sqlite_url, seed=True)


@pytest.fixture
def seed_report_dir() -> Path | None:
    """``../shared/seeds`` when present (tests that read it skip otherwise)."""
    d = SHARED / "seeds"
    return d if d.is_dir() else None


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """For AppTest: DATABASE_URL at a temporary SQLite file (seeded on first use), with the cached
    settings and store forgotten before and after."""
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

    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
