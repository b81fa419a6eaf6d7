"""The columnar copy behind Store.frame() on SQLite: always equal to the table, whoever writes."""
import datetime as dt
import logging
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas.testing as pdt
import pytest
import sqlalchemy as sa

from incidents import framecache
from incidents.models import Incident
from incidents.store import _FRAME_COLUMNS, Store, _frame_schema

ROOT = Path(__file__).resolve().parent.parent
IDS = ["a", "b", "Z", "z", "10", "9", "a.b", "a_b", "a:b", "A"]


def make(n: int) -> list[Incident]:
    """n incidents on a few shared dates (many ties), ids that sort differently as text and numbers."""
    return [Incident(id=f"{IDS[k % len(IDS)]}-{k}", date=dt.date(2015 + k % 4, 1 + k % 3, 1 + k % 2),
                     location="Quetta", district="Quetta", province="Balochistan", province_code="PK-BA",
                     killed_min=k % 5 or None, killed_text=f"at least {k % 5}" if k % 5 else None,
                     lat=30.18 + k / 1000, lon=66.99, geo_precision=1) for k in range(n)]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(framecache, "CHUNK_ROWS", 8)


@pytest.fixture
def reads(monkeypatch):
    """Rows read from the incidents table by Store.frame (the copy's misses), per call."""
    seen: list[int] = []
    real = Store._frame_table

    def counting(self, conn, names, where):
        table = real(self, conn, names, where)
        seen.append(table.num_rows)
        return table

    monkeypatch.setattr(Store, "_frame_table", counting)
    return seen


def plain(store: Store):
    """The frame read straight from the table (a store bound to a connection has no copy)."""
    with store.engine.connect() as conn:
        return Store(conn, registry=store.registry).frame()


def chunks(store: Store) -> list[tuple]:
    """The stored chunks' ends and sizes, once the store has finished storing behind its reads."""
    store.flush()
    with store.engine.connect() as conn:
        return conn.execute(sa.text("SELECT lo_date, lo_id, hi_date, hi_id, rows FROM frame_cache "
                                    "ORDER BY lo_date IS NOT NULL, lo_date, lo_id")).all()


def same(store: Store) -> None:
    pdt.assert_frame_equal(store.frame(), plain(store))


def test_the_copy_is_cut_in_key_order_and_read_without_touching_the_table(sqlite_store, small_chunks, reads):
    sqlite_store.save_many(make(60))
    same(sqlite_store)
    assert reads == [60, 60]  # the copy's first fill, then the plain read
    stored = chunks(sqlite_store)
    assert [r[4] for r in stored] == [8] * 7 + [4]
    assert stored[0][:2] == (None, None) and stored[-1][2:4] == (None, None)
    assert all(a[2:4] == b[:2] for a, b in zip(stored, stored[1:]))  # each starts where the last ends
    reads.clear()
    frame = sqlite_store.frame(columns=["killed_min"])
    assert reads == [] and len(frame) == 60 and list(frame.columns) == ["id", "date", "killed_min"]
    assert frame["killed_min"].isna().sum() == 12  # null stays null


def test_every_write_through_the_store_drops_only_the_chunks_it_touches(sqlite_store, small_chunks, reads):
    items = make(60)
    sqlite_store.save_many(items)
    sqlite_store.frame()
    frame = plain(sqlite_store)
    middle = frame["id"][30]
    moved, last = frame["id"][5], frame["id"][59]

    sqlite_store.save(next(i for i in items if i.id == middle).copy(killed_min=99))
    assert len(chunks(sqlite_store)) == 7
    reads.clear()
    same(sqlite_store)
    assert reads[0] == 8  # one chunk read again

    sqlite_store.save(next(i for i in items if i.id == moved).copy(date=dt.date(2024, 6, 1)))
    assert len(chunks(sqlite_store)) == 6  # its old chunk and the last one (its new place)
    same(sqlite_store)

    assert sqlite_store.delete(last)
    sqlite_store.save(make(1)[0].copy(id="new-oldest", date=dt.date(2001, 1, 1)))
    sqlite_store.save(make(1)[0].copy(id="new-newest", date=dt.date(2025, 1, 1)))
    same(sqlite_store)
    assert list(sqlite_store.frame()["id"][[0, 60]]) == ["new-oldest", "new-newest"]


def test_writes_by_another_program_are_seen(sqlite_store, small_chunks, sqlite_url):
    sqlite_store.save_many(make(40))
    sqlite_store.frame()
    path = sa.make_url(sqlite_url).database
    first, second = plain(sqlite_store)["id"][[3, 17]]
    with sqlite3.connect(path) as raw:  # the sqlite3 shell, say
        raw.execute("UPDATE incidents SET summary = 'edited by hand' WHERE id = ?", (first,))
        raw.execute("DELETE FROM incidents WHERE id = ?", (second,))
        raw.execute("INSERT INTO incidents SELECT 'é by hand', '2016-02-02', date_precision, location, district, "
                    "province, province_code, lat, lon, geo_precision, attack_type, target, killed_min, "
                    "killed_max, killed_text, injured_min, injured_max, injured_text, summary, dataset, "
                    "dataset_event_id, flags, created_at, updated_at FROM incidents WHERE id = ?", (first,))
    raw.close()
    frame = sqlite_store.frame()
    pdt.assert_frame_equal(frame, plain(sqlite_store))
    assert second not in set(frame["id"]) and "é by hand" in set(frame["id"])
    assert frame.set_index("id").loc[first, "summary"] == "edited by hand"


def test_a_write_committed_during_the_read_is_returned_as_of_the_read_and_not_stored(sqlite_store, sqlite_url):
    sqlite_store.save_many(make(20))
    path = sa.make_url(sqlite_url).database
    schema = _frame_schema()

    def fetch_after_a_commit(where):
        with sqlite3.connect(path) as raw:
            raw.execute("DELETE FROM incidents WHERE id = ?", (make(1)[0].id,))
        raw.close()
        return sqlite_store._frame_table(reader, _FRAME_COLUMNS, where)

    with sqlite_store.engine.connect() as reader:
        table = framecache.read(reader, schema, fetch_after_a_commit)
    assert table.num_rows == 20  # the snapshot the read began with
    assert chunks(sqlite_store) == []  # stale by the time it could be stored: not stored
    assert len(sqlite_store.frame()) == 19


@pytest.fixture
def held(monkeypatch):
    """Storing the copy behind a read waits for ``held.set()`` (30 s at most)."""
    release = threading.Event()
    real = framecache._store

    def waiting(*args):
        assert release.wait(30), "storing the copy was never let go"
        real(*args)

    monkeypatch.setattr(framecache, "_store", waiting)
    yield release
    release.set()


def test_the_copy_is_stored_behind_a_returned_frame_and_writes_wait_for_it(sqlite_store, small_chunks, held):
    sqlite_store.save_many(make(40))
    frame = sqlite_store.frame()  # storing inline would wait here for the release, then fail
    pdt.assert_frame_equal(frame, plain(sqlite_store))
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM frame_cache")).scalar() == 0  # not stored yet
    edit = threading.Thread(target=lambda: sqlite_store.save(make(1)[0].copy(summary="edited")))
    edit.start()
    edit.join(0.3)
    assert edit.is_alive()  # the write waits for the copy being stored
    held.set()
    edit.join(30)
    assert not edit.is_alive()
    assert [r[4] for r in chunks(sqlite_store)] == [8] * 4  # stored, then the edit dropped its chunk
    same(sqlite_store)


def test_a_commit_before_the_copy_is_stored_behind_the_read_keeps_it_out(sqlite_store, small_chunks, sqlite_url,
                                                                         held):
    sqlite_store.save_many(make(40))
    assert len(sqlite_store.frame()) == 40
    with sqlite3.connect(sa.make_url(sqlite_url).database) as raw:  # another program, while the copy waits
        raw.execute("DELETE FROM incidents WHERE id = ?", (make(1)[0].id,))
    raw.close()
    held.set()
    assert chunks(sqlite_store) == []  # it would hold the deleted incident: refused
    same(sqlite_store)
    assert len(sqlite_store.frame()) == 39 and sum(r[4] for r in chunks(sqlite_store)) == 39


def test_a_process_that_ends_right_after_a_frame_read_stores_the_copy_first(sqlite_store, sqlite_url):
    sqlite_store.save_many(make(20))
    script = ("import sys, time\n"
              "from incidents import framecache\n"
              "from incidents.store import Store\n"
              "real = framecache._store\n"
              "def slow(*a):\n"
              "    time.sleep(1)  # a store slower than the interpreter's exit\n"
              "    real(*a)\n"
              "framecache._store = slow\n"
              "print(len(Store(sys.argv[1]).frame()))\n")
    out = subprocess.run([sys.executable, "-c", script, sqlite_url], capture_output=True, text=True, timeout=60,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "20" and sum(r[4] for r in chunks(sqlite_store)) == 20


def test_a_reader_does_not_wait_for_a_writer_and_leaves_the_connection_as_it_was(sqlite_store, sqlite_url):
    sqlite_store.save_many(make(20))
    raw = sqlite3.connect(sa.make_url(sqlite_url).database, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")  # another writer holds the file
    raw.execute("UPDATE incidents SET summary = 'not yet committed'")
    got = []
    # the read, and the storing behind it (which gives up), while the writer holds the file
    reader = threading.Thread(target=lambda: (got.append(sqlite_store.frame()), sqlite_store.flush()))
    reader.start()
    reader.join(timeout=15)  # the store's own busy timeout is 30 s
    raw.execute("ROLLBACK")
    raw.close()
    assert not reader.is_alive() and len(got[0]) == 20 and got[0]["summary"].isna().all()
    assert chunks(sqlite_store) == []
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    same(sqlite_store)
    assert len(chunks(sqlite_store)) == 1


def test_a_read_only_file_is_read_without_storing(sqlite_store, sqlite_url):
    sqlite_store.save_many(make(20))
    sqlite_store.engine.dispose()
    ro = Store(f"sqlite:///file:{sa.make_url(sqlite_url).database}?mode=ro&uri=true")
    try:
        pdt.assert_frame_equal(ro.frame(), plain(sqlite_store))
    finally:
        ro.engine.dispose()
    assert chunks(sqlite_store) == []


def test_unreadable_old_or_overlapping_chunks_are_replaced(sqlite_store, small_chunks, caplog):
    sqlite_store.save_many(make(40))
    sqlite_store.frame()
    sqlite_store.flush()  # the copy stored
    with sqlite_store.engine.begin() as conn:
        rowids = conn.execute(sa.text("SELECT rowid FROM frame_cache ORDER BY rowid")).scalars().all()
        conn.execute(sa.text("UPDATE frame_cache SET data = x'00ff' WHERE rowid = :r"), {"r": rowids[1]})
        conn.execute(sa.text("UPDATE frame_cache SET format = 0 WHERE rowid = :r"), {"r": rowids[2]})
    with caplog.at_level(logging.WARNING, logger="incidents.framecache"):
        same(sqlite_store)
    assert "unreadable chunk" in caplog.text
    assert sum(r[4] for r in chunks(sqlite_store)) == 40 and len(chunks(sqlite_store)) == 5
    with sqlite_store.engine.begin() as conn:  # a second copy of one chunk, as if written by hand
        conn.execute(sa.text("INSERT INTO frame_cache SELECT * FROM frame_cache LIMIT 1"))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="incidents.framecache"):
        same(sqlite_store)
    assert "overlapping chunks" in caplog.text and sum(r[4] for r in chunks(sqlite_store)) == 40


def test_an_empty_store_has_an_empty_frame_and_one_empty_chunk(sqlite_store):
    frame = sqlite_store.frame(columns=["lat", "killed_min"])
    assert len(frame) == 0 and list(frame.columns) == ["id", "date", "lat", "killed_min"]
    assert str(frame["killed_min"].dtype) == "Int64" and str(frame["date"].dtype).startswith("datetime64")
    assert chunks(sqlite_store) == [(None, None, None, None, 0)]
    sqlite_store.save(make(1)[0])
    assert chunks(sqlite_store) == [] and len(sqlite_store.frame()) == 1


def triggers(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                         "AND tbl_name = 'incidents'")).all())


def test_the_migration_creates_the_triggers_bulk_writes_create_again(sqlite_store):
    assert triggers(sqlite_store) == framecache.TRIGGERS


def test_a_bulk_write_goes_without_triggers_and_puts_them_back_even_when_it_fails(sqlite_store, small_chunks):
    assert framecache.BULK_ROWS <= 260
    sqlite_store.save_many(make(40))
    sqlite_store.frame()
    before = chunks(sqlite_store)
    clash = [make(1)[0].copy(id=f"clash-{k}", dataset="ACLED", dataset_event_id="E1") for k in (1, 2)]
    with pytest.raises(sa.exc.IntegrityError):  # two ids for one dataset event, after 260 new rows
        sqlite_store.save_many([*make(300)[40:], *clash])
    assert triggers(sqlite_store) == framecache.TRIGGERS and chunks(sqlite_store) == before  # rolled back
    same(sqlite_store)

    summary = sqlite_store.save_many(make(300))  # new rows on every date: every chunk touched
    assert (summary.inserted, summary.unchanged) == (260, 40)
    assert triggers(sqlite_store) == framecache.TRIGGERS and chunks(sqlite_store) == []
    same(sqlite_store)
    n = len(chunks(sqlite_store))
    sqlite_store.save(make(1)[0].copy(summary="edited"))  # one row: the trigger drops its chunk
    assert len(chunks(sqlite_store)) == n - 1
    same(sqlite_store)


def test_a_bulk_write_drops_only_the_chunks_of_what_it_wrote(sqlite_store, small_chunks, reads):
    items = make(300)
    sqlite_store.save_many(items)
    sqlite_store.frame()
    before = chunks(sqlite_store)
    assert len(before) == 38

    summary = sqlite_store.save_many(items)  # the same file imported again
    assert summary.unchanged == 300 and chunks(sqlite_store) == before

    frame = plain(sqlite_store)
    moved = next(i for i in items if i.id == frame["id"][100])  # in the 13th chunk
    edited = next(i for i in items if i.id == frame["id"][9])  # in the 2nd
    newer = [i.copy(id=f"new-{k}", date=dt.date(2025, 1, 1 + k % 28)) for k, i in enumerate(items[:300])]
    summary = sqlite_store.save_many([*newer, moved.copy(date=dt.date(2024, 12, 31)), edited.copy(summary="x")])
    assert (summary.inserted, summary.updated) == (300, 2)
    after = chunks(sqlite_store)
    assert [c for c in before if c not in after] == [before[1], before[12], before[-1]]
    reads.clear()
    same(sqlite_store)
    # the 2nd chunk, the 13th less the moved row, and the last with the new rows and the moved one
    assert reads[0] == 8 + 7 + (4 + 300 + 1)


@pytest.mark.parametrize("ranges, gaps", [
    ([], [(None, None)]),
    ([(None, None)], []),
    ([(None, ("2020-01-01", "b"))], [(("2020-01-01", "b"), None)]),
    ([(("2020-01-01", "b"), None)], [(None, ("2020-01-01", "b"))]),
    ([(("2021-01-01", "a"), None), (None, ("2020-01-01", "b"))], [(("2020-01-01", "b"), ("2021-01-01", "a"))]),
    ([(None, ("2020", "a")), (("2020", "a"), ("2020", "c")), (("2020", "c"), None)], []),
])
def test_gaps_are_the_ranges_no_chunk_covers(ranges, gaps):
    assert framecache._gaps(ranges) == gaps


@pytest.mark.parametrize("ranges", [
    [(None, None), (None, ("2020", "a"))],
    [(None, ("2020", "c")), (("2020", "b"), None)],
    [(("2020", "b"), ("2020", "b"))],
    [(None, None), (("2020", "a"), None)],
])
def test_overlapping_or_empty_ranges_are_refused(ranges):
    assert framecache._gaps(ranges) is None


def test_many_holes_are_read_in_one_pass_over_every_incident(sqlite_store, small_chunks, reads, monkeypatch):
    monkeypatch.setattr(framecache, "_MAX_GAPS", 2)
    items = make(60)
    sqlite_store.save_many(items)
    sqlite_store.frame()
    ids = plain(sqlite_store)["id"]
    for k in (4, 20, 36, 52):  # four chunks apart: four holes
        sqlite_store.save(next(i for i in items if i.id == ids[k]).copy(summary="edited"))
    assert len(chunks(sqlite_store)) == 4
    reads.clear()
    same(sqlite_store)
    assert reads[0] == 60 and [r[4] for r in chunks(sqlite_store)] == [8] * 7 + [4]


def test_a_database_from_before_the_copy_is_upgraded_with_its_incidents(sqlite_url):
    from alembic import command
    from alembic.config import Config

    from incidents.store import MIGRATIONS

    old = Store(sqlite_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    assert old.schema_revision() == "0002"
    old.save_many(make(20))
    assert len(old.frame()) == 20  # no copy yet: read from the table
    old.engine.dispose()

    store = Store(sqlite_url)
    store.migrate()
    try:
        assert store.schema_revision() == "0003" and triggers(store) == framecache.TRIGGERS
        same(store)
        assert sum(r[4] for r in chunks(store)) == 20
    finally:
        store.engine.dispose()


def test_a_copy_in_many_more_chunks_than_its_rows_need_is_cut_again(sqlite_store, small_chunks, reads, monkeypatch):
    sqlite_store.save_many(make(60))
    sqlite_store.frame()
    assert len(chunks(sqlite_store)) == 8
    monkeypatch.setattr(framecache, "CHUNK_ROWS", 100)  # 8 chunks where one would do: more than 4×
    reads.clear()
    same(sqlite_store)
    assert reads[0] == 60 and [r[4] for r in chunks(sqlite_store)] == [60]


# -- an import keeps the frame in memory and stores the copy from it --------------------------
HOSTILE = ["'); DROP TABLE incidents; --", "<img src=x onerror=alert(1)>", "بلوچستان میں دھماکہ",
           "tab\tand\nnew line", "=HYPERLINK(\"http://x\")", "emoji 💣 and \u200f rtl mark"]


def written_file(tmp_path, items, name="in.csv"):
    from incidents.io.export import export_file

    path = tmp_path / name
    export_file(items, "csv", path)
    return path


def varied(n: int, start: int = 0) -> list[Incident]:
    """make(n) with hostile and unicode text, nulls and unplaced incidents mixed in."""
    out = []
    for k, inc in enumerate(make(n + start)[start:], start):
        text = HOSTILE[k % len(HOSTILE)]
        out.append(inc.copy(summary=text if k % 5 else None, target=text if k % 4 == 1 else None,
                            lat=None if k % 11 == 0 else inc.lat, lon=None if k % 11 == 0 else inc.lon,
                            injured_min=k % 7 or None, injured_text=f"over {k % 7}" if k % 7 else None))
    return out


@pytest.mark.parametrize("batch_size", [7, 300])  # transactions with the copy's triggers, and bulk ones
def test_an_import_into_an_empty_store_stores_the_copy_from_what_it_wrote(sqlite_store, small_chunks, reads,
                                                                         tmp_path, batch_size):
    from incidents.io import import_file

    path = written_file(tmp_path, varied(600))
    assert import_file(path, sqlite_store, batch_size=batch_size).imported == 600
    reads.clear()
    frame = sqlite_store.frame()
    assert reads == []  # the whole copy was stored by the import: the table is not read
    pdt.assert_frame_equal(frame, plain(sqlite_store))
    assert set(frame["summary"].dropna()) == set(HOSTILE) and frame["lat"].isna().sum() == 55
    assert sum(r[4] for r in chunks(sqlite_store)) == 600


def test_an_import_over_a_whole_copy_applies_its_inserts_and_updates_to_it(sqlite_store, small_chunks, reads,
                                                                           tmp_path):
    from incidents.io import import_file

    first = varied(300)
    import_file(written_file(tmp_path, first), sqlite_store, batch_size=100)
    sqlite_store.frame()
    revised = [inc.copy(summary=f"revised {k}", date=inc.date.replace(year=2024) if k % 2 else inc.date)
               if k % 3 == 0 else inc for k, inc in enumerate(first)]  # a third changed, half of them moved
    revised += varied(100, start=300)
    s = import_file(written_file(tmp_path, revised, "revised.csv"), sqlite_store, batch_size=60)
    assert (s.imported, s.updated) == (100, 100)
    reads.clear()
    frame = sqlite_store.frame()
    assert reads == []
    pdt.assert_frame_equal(frame, plain(sqlite_store))
    assert len(frame) == 400 and frame.set_index("id").loc[first[3].id, "summary"] == "revised 3"
    assert (frame["date"].dt.year == 2024).sum() == 50


def test_batches_keep_the_last_row_written_of_an_incident_and_nothing_of_a_refused_transaction(
        sqlite_store, small_chunks, reads, monkeypatch):
    from incidents import store as store_module
    from incidents.errors import ValidationError
    from incidents.prepared import prepare

    items = varied(40)
    event = items[35].copy(dataset="ACLED", dataset_event_id="E1")
    with sqlite_store.batches() as writer:
        writer.save_prepared(prepare(items[:30] + [event]))
        writer.save_prepared(prepare([items[0].copy(summary="the later row wins", date=dt.date(2025, 1, 1))]))
        monkeypatch.setattr(store_module, "_CHUNK", 3)  # three rows are written, then the fourth is refused
        with pytest.raises(ValidationError, match="is stored as"):
            writer.save_prepared(prepare(items[30:33] + [event.copy(id="another-id")]))
        writer.save_prepared(prepare(items[33:35]))
    reads.clear()
    frame = sqlite_store.frame()
    assert reads == [] and len(frame) == 33  # the copy stored from memory, without the rolled-back rows
    pdt.assert_frame_equal(frame, plain(sqlite_store))
    assert frame.iloc[-1]["id"] == items[0].id and frame.iloc[-1]["summary"] == "the later row wins"


def test_an_import_over_a_copy_with_holes_leaves_it_to_the_next_read(sqlite_store, small_chunks, reads, tmp_path):
    from incidents.io import import_file

    first = varied(100)
    import_file(written_file(tmp_path, first), sqlite_store)
    sqlite_store.frame()
    sqlite_store.save(first[5].copy(summary="edited"))  # its chunk dropped: the frame is not at hand
    import_file(written_file(tmp_path, varied(50, start=100), "more.csv"), sqlite_store)
    reads.clear()
    same(sqlite_store)
    assert reads[0] > 0 and len(plain(sqlite_store)) == 150  # read from the table, then stored


def test_an_import_does_not_store_the_copy_when_another_program_wrote_meanwhile(sqlite_store, small_chunks, reads,
                                                                               tmp_path, sqlite_url, monkeypatch):
    from incidents.io import import_file
    from incidents.store import Batches

    items = varied(100)
    real, calls = Batches.save_prepared, []

    def and_another_program(self, batch):
        out = real(self, batch)
        calls.append(1)
        if len(calls) == 1:  # between two of the import's transactions
            with sqlite3.connect(sa.make_url(sqlite_url).database) as raw:
                raw.execute("UPDATE incidents SET summary = 'by hand' WHERE id = ?", (items[0].id,))
            raw.close()
        return out

    monkeypatch.setattr(Batches, "save_prepared", and_another_program)
    import_file(written_file(tmp_path, items), sqlite_store, batch_size=30)
    assert len(calls) == 4
    reads.clear()
    frame = sqlite_store.frame()
    assert reads == [100]  # nothing stored from memory: read from the table
    pdt.assert_frame_equal(frame, plain(sqlite_store))
    assert frame.set_index("id").loc[items[0].id, "summary"] == "by hand"
