"""A record's ledger (attributions) and sources always belong to a stored incident, on both databases.

SQLite holds it with foreign keys; PostgreSQL, since migration 0012, with statement-level triggers
(one set-based check per statement instead of one query per row). The same guarantees either way:
an orphan row is refused, deleting incidents deletes their children, an incident's id cannot change
under its children, and on PostgreSQL no other transaction can delete an incident whose new child
rows are not yet committed."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from incidents.models import Attribution, Incident, Source
from incidents.store import MIGRATIONS, Store, bulk
from incidents.store.schema import attributions, incidents, sources


def _items() -> list[Incident]:
    return [Incident(id=f"k-{n}", date=dt.date(2024, 1, n), location="Bannu",
                     attributions=[Attribution("TTP", "claimed"), Attribution("BLA", "denied")],
                     sources=[Source("Dawn", f"t{n}", f"https://example.org/{n}", None), Source("The News")])
            for n in (1, 2, 3)]


def _children(store: Store) -> dict[str, tuple[int, int]]:
    """Per incident id named by a child row: (ledger rows, source rows)."""
    with store.engine.connect() as conn:
        led = dict(conn.execute(sa.select(attributions.c.incident_id, sa.func.count())
                                .group_by(attributions.c.incident_id)).all())
        src = dict(conn.execute(sa.select(sources.c.incident_id, sa.func.count())
                                .group_by(sources.c.incident_id)).all())
    return {i: (led.get(i, 0), src.get(i, 0)) for i in {*led, *src}}


def test_a_ledger_or_source_row_naming_no_stored_incident_is_refused(store):
    store.save_many(_items())
    before = _children(store)
    attempts = [
        lambda c: c.execute(sources.insert().values(incident_id="nowhere", position=0, outlet="Dawn")),
        lambda c: c.execute(attributions.insert().values(incident_id="nowhere", position=0, group_code="TTP",
                                                         status="claimed")),
        # several rows in one statement, one of them an orphan (the bulk write's own path: COPY on PostgreSQL)
        lambda c: bulk._io(c).insert_columns(c, sources, ("incident_id", "position", "outlet"),
                                             [["k-1", "nowhere", "k-2"], [5, 0, 5], ["a", "b", "c"]]),
        lambda c: c.execute(sources.update().where(sources.c.incident_id == "k-3").values(incident_id="gone")),
    ]
    for attempt in attempts:
        with pytest.raises(sa.exc.IntegrityError) as err:
            with store.engine.begin() as conn:
                attempt(conn)
        if store.engine.dialect.name == "postgresql":  # the trigger names the table and the id
            assert "names no stored incident" in str(err.value) and ("nowhere" in str(err.value)
                                                                     or "gone" in str(err.value))
    assert _children(store) == before


def test_deleting_incidents_deletes_their_ledger_and_sources(store):
    store.save_many(_items())
    assert _children(store) == {"k-1": (2, 2), "k-2": (2, 2), "k-3": (2, 2)}
    with store.engine.begin() as conn:
        assert bulk.delete(conn, ["k-1", "k-2"]) == 2
    assert _children(store) == {"k-3": (2, 2)}
    with store.engine.begin() as conn:  # as any other client of the database would delete
        conn.execute(incidents.delete().where(incidents.c.id == "k-3"))
    assert _children(store) == {} and store.count() == 0


def test_an_incident_keeps_its_id_while_its_ledger_or_sources_name_it(store):
    store.save_many(_items())
    with pytest.raises(sa.exc.IntegrityError):
        with store.engine.begin() as conn:
            conn.execute(incidents.update().where(incidents.c.id == "k-1").values(id="k-9"))
    store.save(Incident(id="bare", date=dt.date(2024, 2, 1), location="Wana"))  # no children: may change
    with store.engine.begin() as conn:
        conn.execute(incidents.update().where(incidents.c.id == "bare").values(id="bare-2"))
    assert store.get("bare-2") is not None and _children(store)["k-1"] == (2, 2)


def test_postgresql_an_incident_cannot_be_deleted_under_child_rows_not_yet_committed(postgres_url):
    """What the foreign key's row lock did: while a transaction adds sources to an incident another
    transaction wrote (or that it updated itself), a delete of that incident waits for it — here it
    gives up after its lock timeout instead — and once it has committed, deleting the incident takes
    the new rows with it."""
    store = Store(postgres_url)
    store.migrate()
    try:
        store.save_many(_items())
        for own_update in (False, True):
            target = "k-2" if own_update else "k-1"
            with store.engine.connect() as adding, store.engine.connect() as deleting:
                tx = adding.begin()
                if own_update:  # the incident written by this transaction itself: its update holds the row
                    adding.execute(incidents.update().where(incidents.c.id == target).values(summary="x"))
                adding.execute(sources.insert().values(incident_id=target, position=9, outlet="late"))
                with pytest.raises(sa.exc.OperationalError, match="lock timeout"):
                    with deleting.begin():
                        deleting.exec_driver_sql("SET LOCAL lock_timeout = '300ms'")
                        deleting.execute(incidents.delete().where(incidents.c.id == target))
                tx.commit()
                with deleting.begin():
                    assert deleting.execute(incidents.delete().where(incidents.c.id == target)).rowcount == 1
            assert target not in _children(store)
        # the other way round: an incident deleted and committed first cannot be given sources after
        with pytest.raises(sa.exc.IntegrityError, match="names no stored incident"):
            with store.engine.begin() as conn:
                conn.execute(sources.insert().values(incident_id="k-1", position=0, outlet="late"))
        assert _children(store) == {"k-3": (2, 2)}
    finally:
        store.engine.dispose()


def test_postgresql_migration_0012_replaces_the_foreign_keys_and_back(postgres_url):
    store = Store(postgres_url)
    store.migrate()
    try:
        def keys() -> tuple[list, list]:
            with store.engine.connect() as conn:
                inspector = sa.inspect(conn)
                fks = [fk["referred_table"] for t in ("attributions", "sources") for fk in inspector.get_foreign_keys(t)]
                trig = conn.execute(sa.text("SELECT tgname FROM pg_trigger WHERE tgname LIKE '%incident%' "
                                            "AND NOT tgisinternal ORDER BY 1")).scalars().all()
            return fks, trig

        assert keys() == ([], ["attributions_incident_stored_insert", "attributions_incident_stored_update",
                               "incidents_delete_children", "incidents_id_kept",
                               "sources_incident_stored_insert", "sources_incident_stored_update"])
        store.save_many(_items())
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0011")
        assert keys() == (["incidents", "incidents"], [])
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert keys()[0] == [] and len(keys()[1]) == 6
        assert _children(store) == {"k-1": (2, 2), "k-2": (2, 2), "k-3": (2, 2)}
    finally:
        store.engine.dispose()


def test_sqlite_keeps_its_foreign_keys(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        inspector = sa.inspect(conn)
        for table in ("attributions", "sources"):
            assert [(fk["referred_table"], fk["options"].get("ondelete")) for fk in inspector.get_foreign_keys(table)] \
                == [("incidents", "CASCADE")]
