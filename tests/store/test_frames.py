"""Store.frame()'s in-process copy (incidents/store/frames.py) and the store version it follows
(incidents/store/versions.py): always equal to the table, reading only what changed."""
import datetime as dt
import sqlite3
import threading

import pandas.testing as pdt
import pytest
import sqlalchemy as sa

from incidents.models import Incident
from incidents.store import Store, versions
from incidents.store.frames import FRAME_COLUMNS

IDS = ["a", "b", "Z", "z", "10", "9", "a.b", "a_b", "a:b", "A"]


def make(n: int, start: int = 0) -> list[Incident]:
    """n incidents on a few shared dates (many ties), ids that sort differently as text and numbers;
    one dataset, so that the linker never puts two in one event (tests/store/test_linking.py does)."""
    return [Incident(id=f"{IDS[k % len(IDS)]}-{k}", date=dt.date(2015 + k % 4, 1 + k % 3, 1 + k % 2),
                     location="Quetta", district="Quetta", province="Balochistan", province_code="PK-BA",
                     killed_min=k % 5 or None, killed_text=f"at least {k % 5}" if k % 5 else None,
                     summary=f"é “{k}” <b>&amp;", lat=30.18 + k / 1000, lon=66.99, geo_precision=1,
                     dataset="FRAMES", dataset_event_id=str(k))
            for k in range(start, start + n)]


@pytest.fixture
def reads(monkeypatch):
    """Rows read from the incidents table by Store.frame, per call."""
    seen: list[int] = []
    real = Store._frame_table

    def counting(self, conn, names, where):
        table = real(self, conn, names, where)
        seen.append(table.num_rows)
        return table

    monkeypatch.setattr(Store, "_frame_table", counting)
    return seen


def plain(store: Store):
    """The frame read straight from the table (a store bound to a connection keeps no copy)."""
    with store.engine.connect() as conn:
        return Store(conn, registry=store.registry).frame()


def same(store: Store) -> None:
    pdt.assert_frame_equal(store.frame(), plain(store))


def version(store: Store) -> int:
    with store.engine.connect() as conn:
        return versions.current(conn)


def test_the_frame_is_read_once_then_only_what_each_write_changed(store, reads):
    items = make(60)
    store.save_many(items)
    same(store)
    assert reads == [60, 60]  # the first read of the copy, then the plain read
    reads.clear()
    frame = store.frame(columns=["killed_min"])
    assert reads == [] and len(frame) == 60 and list(frame.columns) == ["id", "date", "killed_min"]
    assert frame["killed_min"].isna().sum() == 12  # null stays null

    ordered = plain(store)["id"]
    middle, moved, last = ordered[30], ordered[5], ordered[59]
    reads.clear()
    store.save(next(i for i in items if i.id == middle).copy(killed_min=99, killed_text="99"))
    same(store)
    assert reads[0] == 1  # the one incident written
    store.save(next(i for i in items if i.id == moved).copy(date=dt.date(2024, 6, 1)))  # moves to the end
    same(store)
    assert store.frame()["id"].iloc[-1] == moved
    reads.clear()
    store.save(items[0])  # unchanged: not written, nothing to read
    same(store)
    assert reads[0] == 0
    assert store.delete(last)
    store.save(make(1)[0].copy(id="new-oldest", dataset_event_id="new-oldest", date=dt.date(2001, 1, 1)))
    store.save(make(1)[0].copy(id="new-newest", dataset_event_id="new-newest", date=dt.date(2025, 1, 1)))
    same(store)
    assert list(store.frame()["id"][[0, 60]]) == ["new-oldest", "new-newest"]
    assert last not in set(store.frame()["id"])


def test_every_write_takes_the_next_version_and_stamps_what_it_wrote(store):
    assert version(store) == 0
    store.save_many(make(3))
    store.save(make(1)[0])  # unchanged: the version is used up, no row is stamped with it
    store.save(make(1)[0].copy(killed_min=7))
    assert store.delete(make(2)[1].id)
    assert not store.delete("no-such-incident")
    assert version(store) == 5
    with store.engine.connect() as conn:
        stamped = dict(conn.execute(sa.text("SELECT id, version FROM incidents")).all())
        assert stamped == {"a-0": 3, "Z-2": 1}
        assert versions.deleted_since(conn, 0) == ["b-1"]
        assert versions.deleted_since(conn, 4) == []


def test_writes_of_another_process_through_the_store_are_seen(store, db_url, reads):
    store.save_many(make(40))
    store.frame()
    other = Store(db_url)  # the command line, say, while the dashboard runs
    try:
        other.save_many(make(5, start=40))
        other.save(make(1)[0].copy(summary="edited elsewhere"))
        assert other.delete(make(2)[1].id)
    finally:
        other.engine.dispose()
    reads.clear()
    same(store)
    assert reads[0] == 6
    frame = store.frame().set_index("id")
    assert frame.loc["a-0", "summary"] == "edited elsewhere" and "b-1" not in frame.index and len(frame) == 44


def test_rows_inserted_or_deleted_without_the_store_are_caught_by_the_count(sqlite_store, sqlite_url, reads):
    sqlite_store.save_many(make(40))
    sqlite_store.frame()
    first, second = plain(sqlite_store)["id"][[3, 17]]
    with sqlite3.connect(sa.make_url(sqlite_url).database) as raw:  # the sqlite3 shell, say
        raw.execute("DELETE FROM incidents WHERE id = ?", (second,))
        raw.execute("INSERT INTO incidents (id, date, date_precision, location, created_at, updated_at) "
                    "VALUES ('é by hand', '2016-02-02', 'day', 'Quetta', '2016-02-02', '2016-02-02')")
        raw.execute("INSERT INTO incidents (id, date, date_precision, location, created_at, updated_at) "
                    "VALUES ('another', '2016-02-03', 'day', 'Quetta', '2016-02-03', '2016-02-03')")
    raw.close()
    reads.clear()
    frame = sqlite_store.frame()
    assert reads == [41]  # everything again
    pdt.assert_frame_equal(frame, plain(sqlite_store))
    assert second not in set(frame["id"]) and "é by hand" in set(frame["id"])


def test_a_program_that_follows_the_protocol_is_seen_editing_in_place(sqlite_store, sqlite_url, reads):
    sqlite_store.save_many(make(20))
    sqlite_store.frame()
    with sqlite3.connect(sa.make_url(sqlite_url).database) as raw:
        raw.execute("UPDATE store_version SET version = version + 1")
        raw.execute("UPDATE incidents SET summary = 'edited by hand', version = "
                    "(SELECT version FROM store_version) WHERE id = 'a-0'")
    raw.close()
    reads.clear()
    assert sqlite_store.frame().set_index("id").loc["a-0", "summary"] == "edited by hand"
    assert reads == [1]


def test_a_write_committed_during_a_read_is_seen_whole_by_the_next_read(store, db_url, monkeypatch):
    store.save_many(make(20))
    store.frame()
    real = versions.deleted_since
    other = Store(db_url)

    def a_write_lands_meanwhile(conn, since):
        if not hasattr(a_write_lands_meanwhile, "done"):
            a_write_lands_meanwhile.done = True
            other.save_many(make(3, start=20))
            assert other.delete("a-0")
        return real(conn, since)

    monkeypatch.setattr(versions, "deleted_since", a_write_lands_meanwhile)
    try:
        store.save(make(1, start=30)[0])
        during = store.frame()
        assert len(during) == 21 and "a-0" in set(during["id"])  # as of the read's own snapshot
        after = store.frame()
        assert len(after) == 23 and "a-0" not in set(after["id"])
        same(store)
    finally:
        other.engine.dispose()


def test_writers_take_turns_and_no_write_is_lost(store, db_url):
    others = [Store(db_url) for _ in range(2)]
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for inc in make(15, start=100 * k):
                others[k].save(inc)
                others[k].frame()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        store.frame()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert version(store) == 30
        with store.engine.connect() as conn:
            assert sorted(conn.execute(sa.text("SELECT version FROM incidents")).scalars()) == list(range(1, 31))
        same(store)
        for other in others:
            pdt.assert_frame_equal(other.frame(), plain(store))
    finally:
        for other in others:
            other.engine.dispose()


def test_an_empty_store_has_an_empty_frame_with_every_column(store):
    frame = store.frame()
    assert frame.empty and tuple(frame.columns) == FRAME_COLUMNS
    same(store)


def test_a_database_from_before_the_version_is_upgraded_with_its_incidents(sqlite_url):
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from incidents.store import MIGRATIONS

    for revision in ("0002", "0003"):
        url = sqlite_url.replace(".sqlite", f"-{revision}.sqlite")
        old = Store(url)
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with old.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        with old.engine.begin() as conn:  # incidents written by that revision's code
            for inc in make(20):
                conn.execute(sa.text("INSERT INTO incidents (id, date, date_precision, location, killed_min, "
                                     "created_at, updated_at) VALUES (:id, :date, 'day', 'Quetta', :k, :t, :t)"),
                             {"id": inc.id, "date": inc.date, "k": inc.killed_min, "t": "2026-01-01"})
        old.engine.dispose()

        store = Store(url)
        store.migrate()
        try:
            assert store.schema_revision() == ScriptDirectory.from_config(cfg).get_current_head()
            with store.engine.connect() as conn:
                assert sa.inspect(conn).has_table("frame_cache") is False
                assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").scalar() == 0
            assert len(store.frame()) == 20
            same(store)
            store.save(make(1)[0].copy(killed_min=9))
            same(store)
            assert store.frame().set_index("id").loc["a-0", "killed_min"] == 9
        finally:
            store.engine.dispose()


def test_frames_of_the_same_store_are_shared_but_never_written_through(store):
    store.save_many(make(5))
    first = store.frame()
    first.loc[0, "location"] = "changed by a caller"
    assert store.frame().loc[0, "location"] == "Quetta"
