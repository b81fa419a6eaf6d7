"""A read-only Incident Atlas (ATLAS_READ_ONLY): the store refuses every write itself, whoever asks,
and keeps every read; the pages offer no write."""
import datetime as dt

import pytest

from incidents.errors import AtlasError, PermissionDenied, StoreError
from incidents.events.related import RelatedToll
from incidents.models import Incident, Source
from incidents.settings import Settings
from incidents.store import Store


def test_every_write_is_refused_and_nothing_changes(db_url):
    Store.open(Settings(database_url=db_url)).engine.dispose()  # migrated and seeded read-write first
    store = Store.open(Settings(database_url=db_url, read_only=True))
    try:
        before = store.frame()
        one = store.get("seed-2023-09-29-hangu")
        writes = [
            lambda: store.save(one.copy(killed_min=99)),
            lambda: store.save_many([Incident(date=dt.date(2024, 1, 1), location="Quetta")]),
            lambda: store.delete("seed-2023-09-29-hangu"),
            lambda: store.add_source("seed-2023-09-29-hangu", Source("Dawn", url="https://example.org/x")),
            lambda: store.link(["seed-2023-09-29-hangu", "seed-2023-09-29-mastung"]),
            lambda: store.unlink("seed-2023-09-29-hangu"),
            lambda: store.reject_link("seed-2023-09-29-hangu", "seed-2023-09-29-mastung"),
            lambda: store.relink(),
            lambda: store.relate(RelatedToll("x", ("seed-2023-09-29-hangu", "seed-2024-09-14-kuchlak"))),
            lambda: store.adopt_events([["seed-2023-09-29-hangu", "seed-2023-09-29-mastung"]]),
            lambda: store.migrate(),
        ]
        for write in writes:
            with pytest.raises(PermissionDenied, match="read-only"):
                write()
        assert issubclass(PermissionDenied, AtlasError)
        store.geocode_cache.set("offline|x", "{}")  # a cache: not kept, no error
        assert store.geocode_cache.get("offline|x") is None
        assert store.frame().equals(before) and store.get("seed-2023-09-29-hangu") == one
        assert store.count() == 3 and store.review_queue() == []
    finally:
        store.engine.dispose()


def test_a_read_only_atlas_never_creates_or_upgrades_a_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    with pytest.raises(StoreError, match="open it once without ATLAS_READ_ONLY"):
        Store.open(Settings(database_url=url, read_only=True))


def test_the_setting_reads_the_environment():
    assert Settings.from_env({"ATLAS_READ_ONLY": "1"}).read_only is True
    assert Settings.from_env({}).read_only is False


def test_the_command_line_says_so_and_changes_nothing(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    url = f"sqlite:///{tmp_path / 'atlas.sqlite'}"
    Store.open(Settings(database_url=url)).engine.dispose()
    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, "-m", "incidents", "unlink", "seed-2023-09-29-hangu"], cwd=root,
                       capture_output=True, text=True, timeout=120,
                       env={**os.environ, "DATABASE_URL": url, "ATLAS_READ_ONLY": "1"})
    assert r.returncode == 1 and "read-only" in r.stderr
    listed = subprocess.run([sys.executable, "-m", "incidents", "list"], cwd=root, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "DATABASE_URL": url, "ATLAS_READ_ONLY": "1"})
    assert listed.returncode == 0 and len(__import__("json").loads(listed.stdout)) == 3
