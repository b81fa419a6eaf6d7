"""Bulk writes (incidents/store/bulk.py, and pg_bulk.py on PostgreSQL: COPY, array lookups, a staging
UPDATE) on a real SQLite file and a real PostgreSQL server: values round-trip exactly, refused writes
leave nothing behind, and readers are never held up by a large write in progress."""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import io
import os
import threading
import time

import pytest
import sqlalchemy as sa

from incidents.io import import_file
from incidents.errors import ValidationError
from incidents.models import MAX_COUNT, Attribution, Incident, Source
from incidents.store import Store, bulk, pg_bulk, versions

from tests.support.acled import HEADER, acled_rows

URDU = "بلوچستان میں دھماکہ"  # "a blast in Balochistan"
ODD = "tab\there, new\nline, back\\slash, \\N, quote \"'\", |pipe|, é\u0301, 🇵🇰, \u200f"


def items() -> list[Incident]:
    """Incidents that exercise every kind of value: Unicode and characters COPY's text format
    escapes, None beside "", 0 beside None, dates at the edges, floats with every digit."""
    return [
        Incident(id="u-1", date=dt.date(1900, 1, 1), date_precision="year", location=URDU, district="",
                 province=ODD, province_code=None, lat=None, lon=None, killed_min=0, killed_max=0, killed_text="",
                 injured_min=None, injured_max=7, injured_text=None, summary=ODD, target="",
                 attributions=[Attribution("TTP", "claimed", ""), Attribution("BLA", "denied", None)],
                 sources=[Source("", ODD, None, dt.date(1900, 1, 2)), Source(None, None, "https://example.org/ü",
                                                                             None)]),
        Incident(id="u-2", date=dt.date(2024, 2, 29), location="Quetta", district="Quetta", province="Balochistan",
                 province_code="PK-BA", lat=30.183270000000007, lon=66.99999999999999, geo_precision=3,
                 killed_min=MAX_COUNT, killed_text="x" * 5000, dataset="ACLED", dataset_event_id="PAK-ü-1",
                 flags=["unmapped actor: ﺑﻠﻮﭺ", ""], sources=[]),
        Incident(id="u-3", date=dt.date(2023, 12, 31), location="Wana", province_code="PK-KP", lat=32.3, lon=69.57,
                 dataset="GTD", dataset_event_id="201601310001"),
        Incident(id="u-4", date=dt.date(2023, 12, 30), location="Near Tank", lat=32, lon=70),  # ints as coordinates
    ]


@pytest.fixture(params=["copy", "pipeline"])
def method(request, monkeypatch):
    """PostgreSQL's write method (SQLite has one path either way)."""
    if request.param != "copy" and request.getfixturevalue("db_url").startswith("sqlite"):
        pytest.skip("SQLite has one write path")
    monkeypatch.setattr(pg_bulk, "METHOD", request.param)
    return request.param


def test_values_round_trip_exactly_inserted_updated_and_compared(store, method):
    first = store.save_many(items())
    assert (first.inserted, first.updated, first.unchanged) == (4, 0, 0)
    for want in items():
        assert store.get(want.id) == want
    again = store.save_many(items())
    assert again.outcomes == ["unchanged"] * 4  # what was read back equals what was written
    changed = [i.copy(summary=(i.summary or "") + " ✓", district=None if i.district == "" else "",
                      lat=None if i.lat is None else i.lat + 1e-12, lon=None if i.lon is None else i.lon,
                      attributions=list(reversed(i.attributions)), sources=i.sources[:1])
               for i in items()]
    res = store.save_many(changed)
    assert (res.inserted, res.updated, res.unchanged) == (0, 4, 0)
    for want in changed:
        assert store.get(want.id) == want
    assert store.save_many(changed).outcomes == ["unchanged"] * 4
    assert store.count() == 4


def test_a_large_write_over_many_chunks_upserts_counts_and_stamps(store, method, monkeypatch):
    monkeypatch.setattr(bulk, "_CHUNK", 700)
    make = lambda k, killed: Incident(  # noqa: E731
        date=dt.date(2020, 1, 1) + dt.timedelta(days=k % 900), location=f"Place {k}", province_code="PK-KP",
        killed_min=killed, dataset="ACLED", dataset_event_id=f"PAK{k}",
        attributions=[Attribution("TTP", "claimed")] if k % 2 else [],
        sources=[Source("Dawn", f"report {k}")] * (k % 3))
    first = store.save_many([make(k, 1) for k in range(3000)])
    assert (first.inserted, first.updated, first.unchanged) == (3000, 0, 0)
    with store.engine.connect() as conn:
        v1 = versions.current(conn)
    # every 10th changed (and a child row more), 500 new, the rest unchanged: one transaction
    res = store.save_many([make(k, 2 if k % 10 == 0 else 1) for k in range(3500)])
    assert (res.inserted, res.updated, res.unchanged) == (500, 300, 2700)
    assert res.ids[:3000] == first.ids  # matched by dataset + event id, the stored ids kept
    with store.engine.connect() as conn:
        stamped = conn.exec_driver_sql(f"SELECT count(*) FROM incidents WHERE version > {v1}").scalar_one()
        n_att, n_src = (conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                        for t in ("attributions", "sources"))
    assert stamped == 800  # only what was inserted or updated
    assert (n_att, n_src) == (1750, sum(k % 3 for k in range(3500)))
    assert store.find_by_dataset("ACLED", "PAK10").killed_min == 2
    assert store.find_by_dataset("ACLED", "PAK11").attributions == [Attribution("TTP", "claimed")]
    with store.engine.begin() as conn:
        assert bulk.delete(conn, [*res.ids[:1200], "no-such-id"]) == 1200
    assert store.count() == 2300 and len(store.frame()) == 2300


@pytest.mark.parametrize("pg_method", ["copy", "pipeline"])
def test_text_postgresql_refuses_is_an_error_and_leaves_nothing(postgres_url, pg_method, monkeypatch):
    """PostgreSQL cannot store a NUL character in text: validation refuses it first, naming the
    field; past validation (a Prepared built by hand) the write is refused as a DataError (as
    through SQLAlchemy) whether the incident is new or changed, and the next write works."""
    from incidents.prepared import Prepared, flatten

    monkeypatch.setattr(pg_bulk, "METHOD", pg_method)
    store = Store(postgres_url)
    store.migrate()
    store.save(Incident(id="keep", date=dt.date(2024, 1, 1), location="Wana", summary="original"))
    bad_new = Incident(id="nul", date=dt.date(2024, 1, 1), location="Wana", summary="a\x00b")
    bad_update = Incident(id="keep", date=dt.date(2024, 1, 1), location="Wana", summary="a\x00b")
    for bad in (bad_new, bad_update):
        batch = [Incident(id="other", date=dt.date(2024, 1, 2), location="Bannu"), bad]
        with pytest.raises(ValidationError, match="summary: contains a NUL character"):
            store.save_many(batch)
        flat = [flatten(i) for i in batch]
        with pytest.raises(sa.exc.DataError):
            store.save_prepared(Prepared([f[0] for f in flat], [f[1] for f in flat], [f[2] for f in flat]))
        assert store.count() == 1 and store.get("keep").summary == "original"
    res = store.save(Incident(id="keep", date=dt.date(2024, 1, 1), location="Wana", summary="changed"))
    assert res.outcomes == ["updated"] and store.get("keep").summary == "changed"
    store.engine.dispose()


def test_a_constraint_refused_by_copy_is_an_integrity_error_and_the_import_names_the_row(store, method):
    clash = [Incident(id="y1", date=dt.date(2024, 1, 1), location="Wana", dataset="ACLED", dataset_event_id="E1"),
             Incident(id="y2", date=dt.date(2024, 1, 1), location="Wana", dataset="ACLED", dataset_event_id="E1")]
    with pytest.raises(sa.exc.IntegrityError):
        store.save_many(clash)
    assert store.count() == 0
    # the import's row-by-row retry: the good rows of a refused batch go in, the bad one is named
    store.save(Incident(id="custom-7", date=dt.date(2023, 1, 8), location="Bannu", dataset="ACLED",
                        dataset_event_id="PAK7"))
    s = import_file(io.BytesIO((HEADER + acled_rows(10)).encode()), store, batch_size=5, parallel=False)
    assert (s.imported, s.skipped) == (9, 1) and "stored as custom-7" in s.errors[0].message
    assert store.count() == 10


def test_readers_are_not_held_up_by_a_large_import_in_progress(store, db_url, monkeypatch):
    """While an import's transaction has written (COPY, staging UPDATE) and not committed, another
    connection's count and frame return at once with the state before it."""
    before = import_file(io.BytesIO((HEADER + acled_rows(300, start=1001)).encode()), store, parallel=False)
    assert before.imported == 300
    data = (HEADER + acled_rows(3000, start=1).replace(",Bannu\n", ",Bannu city\n")).encode()  # 300 changed
    written, go = threading.Event(), threading.Event()
    real = bulk._write_chunk
    calls = {"n": 0}

    def hold_the_transaction(conn, *chunk):
        real(conn, *chunk)  # inserted and updated, inside the batch's transaction
        calls["n"] += 1
        if calls["n"] == 2:  # the second batch: holds row locks on incidents it inserted and updated
            written.set()
            assert go.wait(60)

    monkeypatch.setattr(bulk, "_write_chunk", hold_the_transaction)
    reader = Store(db_url)
    reader.frame()  # a dashboard that has read the store before
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        importing = pool.submit(import_file, io.BytesIO(data), store, batch_size=1000, parallel=False)
        try:
            assert written.wait(60), importing.exception(timeout=0) if importing.done() else "no second batch"
            t0 = time.perf_counter()
            reads = pool.submit(lambda: (reader.count(), reader.frame(), reader.find_by_dataset("ACLED", "PAK1500"),
                                         reader.find_by_dataset("ACLED", "PAK1")))
            count, frame, mid, first = reads.result(timeout=10)  # blocked readers would time out here
            assert time.perf_counter() - t0 < 10
            assert count == 1300 and len(frame) == 1300  # the first batch, committed; not the second
            assert mid is None and first.location == "Bannu city"  # batch 1 is committed
            old = reader.find_by_dataset("ACLED", "PAK1001")  # being updated by batch 2, uncommitted
            assert old.location == "Bannu" and old.id == reader.find_by_dataset("ACLED", "PAK1001").id
            assert set(frame["location"]) == {"Bannu", "Bannu city"}
        finally:
            go.set()
        done = importing.result(timeout=120)
    assert (done.imported, done.updated, done.unchanged) == (2700, 300, 0)
    assert reader.count() == 3000 and len(reader.frame()) == 3000
    reader.engine.dispose()


def test_a_role_that_may_not_create_temporary_tables_still_updates(postgres_url):
    """The staging table needs the TEMPORARY privilege; without it changed incidents are updated by
    executemany, with the same result."""
    owner = Store(postgres_url)
    owner.migrate()
    owner.save_many(items())
    url = sa.make_url(postgres_url)
    role = f"clerk_{os.getpid()}"
    with owner.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f'REVOKE TEMPORARY ON DATABASE "{url.database}" FROM PUBLIC')
        conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")
    clerk = Store(url.set(username=role).render_as_string(hide_password=False))
    try:
        changed = [i.copy(summary="changed") for i in items()]
        res = clerk.save_many([*changed, Incident(id="u-5", date=dt.date(2024, 1, 1), location="Bannu")])
        assert (res.inserted, res.updated) == (1, 4)
        for want in changed:
            assert clerk.get(want.id) == want
        with clerk.engine.connect() as conn:
            assert not conn.exec_driver_sql("SELECT has_database_privilege(current_database(), 'TEMPORARY')").scalar()
    finally:
        clerk.engine.dispose()
        with owner.engine.begin() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
        owner.engine.dispose()


def test_event_ids_that_look_like_array_syntax_are_matched_exactly(store):
    """Lookups send their values as one array: quotes, backslashes, commas, braces, NULL and spaces
    in event ids are values, not syntax."""
    odd = ['a"b', "c\\d", "e,f", "{g}", "NULL", " h ", "", "ü \\\"", "x" * 128]
    first = store.save_many([Incident(date=dt.date(2024, 1, 1), location="Wana", dataset="ACLED",
                                      dataset_event_id=ev) for ev in odd])
    again = store.save_many([Incident(date=dt.date(2024, 1, 1), location="Wana", dataset="ACLED",
                                      dataset_event_id=ev, summary="changed") for ev in odd])
    assert (again.updated, again.ids) == (len(odd), first.ids)
    for ev, iid in zip(odd, first.ids):
        assert store.find_by_dataset("ACLED", ev).id == iid
    with store.engine.begin() as conn:
        assert bulk.delete(conn, first.ids[:4]) == 4
    assert store.count() == len(odd) - 4


def test_a_store_on_a_connection_writes_in_the_callers_transaction(store, method):
    """Store(connection) inside the caller's transaction: each write is a savepoint; COPY and the
    staging update run in it, a refused write rolls back to it, and the caller's commit keeps the rest."""
    store.save_many(items())
    with store.engine.connect() as conn:
        with conn.begin():
            inner = Store(conn)
            assert inner.save_many([i.copy(summary="changed") for i in items()]).updated == 4
            with pytest.raises(sa.exc.IntegrityError):
                inner.save_many([Incident(id="y1", date=dt.date(2024, 1, 1), location="Wana", dataset="X",
                                          dataset_event_id="E1"),
                                 Incident(id="y2", date=dt.date(2024, 1, 1), location="Wana", dataset="X",
                                          dataset_event_id="E1")])
            assert inner.save(Incident(id="n1", date=dt.date(2024, 1, 1), location="Bannu")).inserted == 1
            assert store.count() == 4  # not committed yet: another connection sees the state before
        assert store.count() == 5 and store.get("u-1").summary == "changed" and store.get("y1") is None
