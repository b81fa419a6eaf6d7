"""The store on both backends: a real SQLite file and a real PostgreSQL server."""
import contextlib
import datetime as dt

import pytest
import sqlalchemy as sa

from incidents.errors import ValidationError
from incidents.filters import IncidentFilter
from incidents.models import Attribution, Incident, Source
from incidents.seed import load_seed_incidents
from incidents.store import Store


def inc(**kw) -> Incident:
    base = dict(date=dt.date(2024, 3, 1), location="Wana", district="South Waziristan",
                province="Khyber Pakhtunkhwa", province_code="PK-KP", attack_type="IED")
    base.update(kw)
    return Incident(**base)


def test_round_trip_keeps_every_field(store):
    seeds = load_seed_incidents()
    store.save_many(seeds)
    for s in seeds:
        assert store.get(s.id) == s
    assert store.get("seed-2023-09-29-mastung").killed_max is None


def test_upsert_by_id_reports_inserted_updated_unchanged(store):
    a = inc(id="a", killed_min=1, killed_max=1, killed_text="one")
    assert store.save(a).outcomes == ["inserted"]
    assert store.save(a).outcomes == ["unchanged"]
    b = a.copy(killed_min=2, killed_max=2, killed_text="two", attributions=[Attribution("TTP", "claimed")])
    assert store.save(b).outcomes == ["updated"]
    got = store.get("a")
    assert got.killed_text == "two" and got.attributions == [Attribution("TTP", "claimed")]
    assert store.count() == 1


def test_upsert_by_dataset_event_keeps_the_stored_id(store):
    first = store.save(inc(dataset="ACLED", dataset_event_id="PAK123", killed_min=3, killed_max=3))
    iid = first.ids[0]
    again = store.save(inc(dataset="ACLED", dataset_event_id="PAK123", killed_min=4, killed_max=4))
    assert again.ids == [iid] and again.outcomes == ["updated"]
    assert store.find_by_dataset("ACLED", "PAK123").killed_min == 4
    assert store.count() == 1


def test_a_rejected_incident_leaves_nothing_behind(store):
    store.save(inc(id="keep", summary="original"))
    bad = inc(id="bad", attributions=[Attribution("NOPE", "claimed")])
    with pytest.raises(ValidationError):
        store.save_many([inc(id="new"), inc(id="keep", summary="changed"), bad])
    assert store.count() == 1
    assert store.get("keep").summary == "original"


def test_a_database_error_mid_write_rolls_back(store):
    store.save(inc(id="keep"))
    clash = [inc(id="y1", dataset="ACLED", dataset_event_id="E1"),
             inc(id="y2", dataset="ACLED", dataset_event_id="E1")]  # two ids for one dataset event
    with pytest.raises(sa.exc.IntegrityError):
        store.save_many([inc(id="z"), *clash])
    assert store.count() == 1


def test_seed_filters_on_both_backends(store):
    store.save_many(load_seed_incidents())

    def places(**kw):
        return sorted(i.location for i in store.incidents(IncidentFilter.build(**kw)))

    assert places(groups=["ISKP"]) == ["Hangu"]
    assert places(groups=["IS"]) == ["Hangu", "Kuchlak", "Mastung"]
    assert places(groups=["IS"], statuses=["claimed"]) == ["Kuchlak"]
    assert places(groups=["TTP"]) == []
    assert places(groups=["TTP"], statuses=["denied"]) == ["Hangu", "Mastung"]
    assert places(provinces=["PK-BA"]) == ["Kuchlak", "Mastung"]
    assert places(date_from="2024-01-01") == ["Kuchlak"]
    assert places(districts=["quetta"]) == ["Kuchlak"]
    assert places(groups=["none"]) == []
    assert places(attack_types=["ied"]) == ["Kuchlak"]
    assert store.count(IncidentFilter.build(groups=["IS"])) == 3


def test_hostile_strings_are_data(store):
    evil = "'); DROP TABLE incidents; -- <script>alert(1)</script>"
    store.save(inc(id="evil", location=evil, summary=evil))
    assert store.get("evil").location == evil
    assert store.incidents(IncidentFilter.build(districts=[evil])) == []
    assert store.count() == 1


def test_frames_for_charts(store):
    store.save_many(load_seed_incidents())
    df = store.frame()
    assert len(df) == 3 and df["killed_max"].isna().sum() == 2
    att = store.attribution_frame(IncidentFilter.build(groups=["IS"]))
    assert set(att["status"]) == {"claimed", "suspected", "denied"}  # the whole ledger of matching incidents
    assert set(store.source_frame()["incident_id"]) == {s.id for s in load_seed_incidents()}


def test_a_frame_refuses_text_that_is_not_utf8(sqlite_store):
    """SQLite text is read as bytes and decoded once per column: bytes that are not UTF-8 (written
    by another program) are an error that says so, not a silently changed name."""
    from incidents.errors import StoreError

    sqlite_store.save(inc(id="x"))
    with sqlite_store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE incidents SET district = CAST(x'57616e61ff' AS TEXT) WHERE id = 'x'")
    with pytest.raises(StoreError, match="unexpected value in the stored incidents"):
        sqlite_store.frame()


def test_frames_hold_exactly_what_is_stored(store):
    """Every frame cell equals the stored incident's field: nulls stay null (never 0 or ""), text
    (unicode, hostile strings) is unchanged, dates are days, rows come oldest first."""
    evil = "'); DROP TABLE incidents; -- <b>ﺑﻠﻮﭼﺴﺘﺎﻥ</b>\t,\"x\""
    items = [
        inc(id="b", date=dt.date(2024, 3, 1), killed_min=0, killed_max=0, killed_text="no one",
            lat=32.3, lon=69.85, geo_precision=1, sources=[Source("Dawn", evil, "https://example.org/b",
                                                                   dt.date(2024, 3, 2))]),
        inc(id="a", date=dt.date(2024, 3, 1), killed_min=5, killed_text="at least five", location=evil,
            district=None, province=None, province_code=None, attack_type=None, summary=evil,
            attributions=[Attribution("TTP", "denied", "a spokesman"), Attribution("ISKP", "suspected")],
            sources=[Source(None, None, "https://example.org/a")]),
        inc(id="c", date=dt.date(2016, 1, 31), date_precision="month", injured_max=30,
            injured_text="as many as 30", dataset="GTD", dataset_event_id="201601310001"),
    ]
    store.save_many(items)
    df = store.frame()
    assert list(df["id"]) == ["c", "a", "b"]  # oldest first, then by id
    assert str(df["date"].dtype).startswith("datetime64")
    by_id = {i.id: i for i in items}
    for row in df.to_dict("records"):
        want = by_id[row["id"]]
        assert row["date"].date() == want.date
        assert row["event_id"] in by_id  # the id of one of its event's records
        for name in df.columns.drop(["date", "event_id"]):
            value, expected = row[name], getattr(want, name)
            if expected is None:
                assert value is None or value != value, (row["id"], name, value)  # null (NA/NaN), never 0
            else:
                assert value == expected, (row["id"], name, value, expected)
    att = [[None if v != v else v for v in r] for r in store.attribution_frame().values.tolist()]
    assert att == [["a", "TTP", "denied", "a spokesman"], ["a", "ISKP", "suspected", None]]  # ledger order
    src = store.source_frame().set_index("incident_id")
    assert src.loc["b", "published"] == dt.date(2024, 3, 2) and src.loc["b", "title"] == evil
    assert src.loc["a", "published"] is None and src.loc["a", "outlet"] != src.loc["a", "outlet"]
    assert list(store.frame(IncidentFilter.build(groups=["ISKP"]))["id"]) == ["a"]
    empty = store.frame(IncidentFilter.build(groups=["BLA"]), columns=["killed_min", "lat"])
    assert len(empty) == 0 and list(empty.columns) == ["id", "date", "lat", "killed_min"]
    assert str(empty["date"].dtype) == str(df["date"].dtype) and str(empty["killed_min"].dtype) == "Int64"


def test_add_source(store):
    store.save(inc(id="w1", date=dt.date(2024, 3, 1)))
    assert store.add_source("w1", Source("Dawn", "Blast in Wana", "https://example.org/w"))
    assert not store.add_source("w1", Source("Dawn", "Blast in Wana", "https://example.org/w"))
    assert len(store.get("w1").sources) == 1


def test_geocode_cache(store):
    assert store.geocode_cache.get("offline|hangu") is None
    store.geocode_cache.set("offline|hangu", '{"name": "Hangu"}')
    store.geocode_cache.set("offline|hangu", '{"name": "Hangu", "lat": 33.5}')
    assert store.geocode_cache.get("offline|hangu") == '{"name": "Hangu", "lat": 33.5}'


def test_migrating_an_existing_database_keeps_its_data(db_url):
    s1 = Store(db_url)
    s1.migrate()
    s1.save(inc(id="old"))
    rev = s1.schema_revision()
    s1.engine.dispose()
    s2 = Store(db_url)
    s2.migrate()  # again: nothing lost, same head
    assert s2.get("old") is not None and s2.schema_revision() == rev


def test_open_seeds_only_once(sqlite_url):
    from incidents.settings import Settings

    s = Store.open(Settings(database_url=sqlite_url))
    assert s.count() == 3
    s.delete("seed-2024-09-14-kuchlak")
    s2 = Store.open(Settings(database_url=sqlite_url))
    assert s2.count() == 2  # a deleted seed does not come back
    assert s2.data_as_of() is not None


def test_sqlite_file_uses_wal(sqlite_url):
    s = Store(sqlite_url)
    s.migrate()
    with s.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_store_accepts_an_engine_or_a_connection(sqlite_url):
    engine = sa.create_engine(sqlite_url)
    Store(engine).migrate()
    with engine.connect() as conn:
        s = Store(conn)
        s.save(inc(id="c1"))
        conn.commit()
    assert Store(engine).get("c1") is not None
    with pytest.raises(TypeError):
        Store(42)  # type: ignore[arg-type]


def test_point_outside_its_province_is_flagged_not_changed(store):
    # Lahore's coordinates with a claim of KP: kept as given, flagged for review
    store.save(inc(id="lhr", location="Lahore?", lat=31.55, lon=74.34))
    got = store.get("lhr")
    assert (got.lat, got.lon, got.province_code) == (31.55, 74.34, "PK-KP")
    assert any(f.startswith("province mismatch:") and "Punjab" in f for f in got.flags)
    # corrected to Wana: the flag goes away
    store.save(got.copy(lat=32.30, lon=69.57))
    assert store.get("lhr").flags == []
    # a point inside its province is not flagged
    store.save(inc(id="wana", lat=32.30, lon=69.57))
    assert store.get("wana").flags == []


def test_bulk_write_over_several_chunks_upserts_by_dataset_event_and_finds_unchanged(store, monkeypatch):
    from incidents.store import bulk

    monkeypatch.setattr(bulk, "_CHUNK", 3)  # several lookup/insert rounds inside one transaction
    items = [inc(dataset="ACLED", dataset_event_id=f"PAK{i}", date=dt.date(2024, 1, 1 + i), lat=32.30, lon=69.57,
                 flags=["unmapped actor: X"] if i % 2 else [],
                 attributions=[Attribution("TTP", "blamed", "ACLED coding")] + (
                     [Attribution("IS", "blamed", "ACLED coding")] if i % 3 == 0 else []),
                 sources=[Source("Dawn", published=dt.date(2024, 2, 1 + i))] + (
                     [Source("The News")] if i % 2 == 0 else []))
             for i in range(8)]
    items.append(inc(dataset="ACLED", dataset_event_id="PAK-LHR", lat=31.55, lon=74.34))  # Lahore, claims KP
    first = store.save_many(items)
    assert (first.inserted, first.updated, first.unchanged) == (9, 0, 0)
    again = store.save_many(items)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 9)
    assert again.ids == first.ids and again.outcomes == ["unchanged"] * 9
    for i, iid in enumerate(first.ids[:8]):
        got = store.get(iid)
        assert got == items[i].copy(id=iid) and got.date == dt.date(2024, 1, 1 + i)
        assert got.sources[0].published == dt.date(2024, 2, 1 + i)
    lhr = store.find_by_dataset("ACLED", "PAK-LHR")
    assert [f for f in lhr.flags if f.startswith("province mismatch:") and "Punjab" in f]
    # the same event again without an id, changed: updated in place, keeping the stored id; the later of two wins
    changed = [items[4].copy(killed_min=3, killed_max=3, killed_text="3", flags=["unmapped actor: X"]),
               items[5].copy(killed_min=1), items[5].copy(killed_min=2, killed_max=2)]
    res = store.save_many(changed)
    assert (res.inserted, res.updated, res.unchanged) == (0, 2, 0)
    assert store.get(first.ids[4]).flags == ["unmapped actor: X"] and store.get(first.ids[4]).killed_min == 3
    assert store.get(first.ids[5]).killed_min == 2
    assert store.get(first.ids[0]).flags == [] and store.count() == 9
    with pytest.raises(ValidationError):
        store.save_many(items[:2] + [items[2].copy(lat=51.5, lon=-0.1)])
    assert store.get(first.ids[4]).killed_min == 3  # nothing of the refused write went in


def test_citing_finds_incidents_by_source_url(store):
    store.save(inc(id="c1", sources=[Source("Dawn", "A", "https://example.org/a")]))
    store.save(inc(id="c2", sources=[Source("Dawn", "B", "https://example.org/b"), Source(url="https://example.org/a")]))
    assert [i.id for i in store.citing(["https://example.org/a"])] == ["c1", "c2"]
    assert [i.id for i in store.citing(["https://example.org/b", None])] == ["c2"]
    assert store.citing([]) == [] and store.citing(["https://example.org/none"]) == []


def test_columns_null_in_every_row_of_a_bulk_write_are_stored_as_null(store):
    # every row leaves injured_*, summary, flags, source title/url/published null: written as NULL literals
    plain = [inc(id=f"p{i}", killed_min=i, killed_max=i, killed_text=str(i), sources=[Source("Dawn")])
             for i in range(4)]
    # the same columns null in some rows only, and an empty string next to them (not null)
    mixed = [inc(id="m0", summary="", injured_min=2, injured_max=None, injured_text="two or more",
                 sources=[Source("Dawn", "T", "https://example.org/m0", dt.date(2024, 3, 2)), Source("The News")]),
             inc(id="m1", flags=["unmapped actor: X"], sources=[Source(title="untitled outlet")])]
    assert store.save_many(plain).inserted == 4 and store.save_many(mixed).inserted == 2
    for item in plain + mixed:
        assert store.get(item.id) == item
    again = store.save_many(plain + mixed)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 6)
    with store.engine.connect() as c:
        nulls = c.exec_driver_sql("SELECT count(*) FROM incidents WHERE summary IS NULL AND flags IS NULL "
                                  "AND injured_min IS NULL AND injured_text IS NULL").scalar()
        src_nulls = c.exec_driver_sql("SELECT count(*) FROM sources WHERE title IS NULL AND url IS NULL "
                                      "AND published IS NULL").scalar()
    assert (nulls, src_nulls) == (4, 5)


def test_new_sqlite_files_get_larger_pages_and_existing_files_keep_theirs(sqlite_url, tmp_path):
    import sqlite3

    from incidents.store import SQLITE_PAGE_SIZE

    new = Store(sqlite_url)
    new.migrate()
    new.save(inc(id="n1"))
    with new.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA page_size").scalar() == SQLITE_PAGE_SIZE != 4096
    old_path = tmp_path / "old.sqlite"
    with contextlib.closing(sqlite3.connect(old_path)) as raw:
        raw.execute("PRAGMA page_size=4096")
        raw.execute("CREATE TABLE keep_me (x INTEGER)")
        raw.execute("INSERT INTO keep_me VALUES (7)")
        raw.commit()
    old = Store(f"sqlite:///{old_path}")
    old.migrate()
    old.save(inc(id="o1"))
    with old.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        assert c.exec_driver_sql("SELECT x FROM keep_me").scalar() == 7
    assert old.get("o1") == inc(id="o1")


def test_data_version_changes_with_every_write_and_only_then(store):
    empty = store.data_version()
    assert empty == (0, None)
    store.save(inc(id="a", killed_min=1, killed_max=1))
    one = store.data_version()
    assert one[0] == 1 and one != empty
    assert store.data_version() == one  # reading changes nothing
    store.save(inc(id="a", killed_min=1, killed_max=1))  # unchanged: not rewritten
    assert store.data_version() == one
    store.save(inc(id="a", killed_min=2, killed_max=2))  # updated: the same count, a later change
    updated = store.data_version()
    assert updated[0] == 1 and updated[1] > one[1]
    store.save(inc(id="b"))
    assert store.data_version()[0] == 2
    assert store.delete("b")
    assert store.data_version() == (1, updated[1])


def test_processes_opening_a_new_store_at_the_same_moment_take_turns(db_url):
    """Each process migrates and seeds the same new database at once: none fails, it is seeded once."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys; from incidents.settings import Settings; from incidents.store import Store; "
            "s = Store.open(Settings(database_url=sys.argv[1])); print(s.count())")
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], cwd=root, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err[-800:] for _, err in outs]
    assert [out.strip() for out, _ in outs] == ["3"] * 4
    s = Store(db_url)
    try:
        assert s.count() == 3 and len(s.related_tolls(["seed-2023-09-29-hangu"])) == 1
    finally:
        s.engine.dispose()


def test_two_processes_caching_one_name_at_once_is_no_error(store):
    """CI caught it (PostgreSQL, four processes seeding at once): the second writer of a geocode cache
    key waited on the first one's uncommitted row, then failed on the unique key. A cache entry written
    by another process meanwhile is as good as ours: no error, its value kept."""
    import threading

    from incidents.store.bulk import utcnow
    from incidents.store.schema import geocode_cache

    other = store.engine.connect()
    tx = other.begin()
    other.execute(geocode_cache.insert().values(key="offline|mastung", value='{"a": 1}', created_at=utcnow()))
    errors: list[BaseException] = []

    def ours() -> None:
        try:
            store.geocode_cache.set("offline|mastung", '{"b": 2}')
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    t = threading.Thread(target=ours)
    t.start()
    t.join(1.0)  # SQLite: our write waits on the file lock; PostgreSQL: on the unique key's row
    tx.commit()
    other.close()
    t.join(30)
    assert not t.is_alive() and errors == []
    assert store.geocode_cache.get("offline|mastung") in ('{"a": 1}', '{"b": 2}')
