"""Roles at the store's one write gate, on SQLite and PostgreSQL: a viewer reads and exports, an analyst
adds, edits, links and imports, an admin manages users and deletes. Every public write method of the
Store is enumerated: a viewer's store refuses each, and nothing in the database changes."""
from __future__ import annotations

import datetime as dt
import inspect

import pytest
import sqlalchemy as sa

from incidents.accounts import Account, AccountError, AccountExists, NoSuchAccount, SignInRefused
from incidents.errors import PermissionDenied, ValidationError
from incidents.events.related import RelatedToll
from incidents.io.mapping import ColumnMapping
from incidents.models import Attribution, Incident, Source
from incidents.prepared import prepare
from incidents.store import Store, metadata

PW = "correct horse battery"
A, B = "rec-a", "rec-b"


def _rec(rid: str, day: int, **kw) -> Incident:
    return Incident(id=rid, date=dt.date(2024, 5, day), location="Quetta", province_code="PK-BA",
                    killed_min=2, killed_max=2, killed_text="two", **kw)


#: Every public method of Store that may write, with a call of it (a store, an analyst's prepared batch).
WRITES = {
    "save": lambda s: s.save(_rec(A, 1, summary="changed")),
    "save_many": lambda s: s.save_many([_rec("rec-new", 3)]),
    "save_prepared": lambda s: s.save_prepared(prepare([_rec("rec-new", 3)], s.registry)),
    "add_source": lambda s: s.add_source(A, Source("Dawn", url="https://example.org/new")),
    "delete": lambda s: s.delete(A),
    "link": lambda s: s.link([A, B]),
    "unlink": lambda s: s.unlink(A),
    "adopt_events": lambda s: s.adopt_events([[A, B]]),
    "reject_link": lambda s: s.reject_link(A, B),
    "relink": lambda s: s.relink(),
    "relate": lambda s: s.relate(RelatedToll("toll-1", (A, B))),
    "migrate": lambda s: s.migrate(),
    "seed_if_new": lambda s: s.seed_if_new(),
    "add_user": lambda s: s.add_user("mallory", PW, "admin"),
    "set_password": lambda s: s.set_password("vera", "a new password 123"),
    "set_role": lambda s: s.set_role("vera", "admin"),
    "set_disabled": lambda s: s.set_disabled("root"),
    "set_email": lambda s: s.set_email("vera", "vera@example.org"),
    "save_mapping": lambda s: s.save_mapping("team log", ColumnMapping.parse("date=date,location=city")),
    "add_claim": lambda s: s.add_claim(A, Attribution("TTP", "claimed", "a spokesman")),
    "add_note": lambda s: s.add_note(A, "checked against the FIR"),
    "correct": lambda s: s.correct(A, killed="at least 3"),
    "restore": lambda s: s.restore(A, 1),
    "start_import_run": lambda s: s.start_import_run("acled.csv"),
    "finish_import_run": lambda s: s.finish_import_run(1, "finished", rows_read=1, rows_errors=0),
    "rollback_import_run": lambda s: s.rollback_import_run(1),
    "resume_import_run": lambda s: s.resume_import_run(1, 2),
}
#: Every public method that only reads, with a call of it.
READS = {
    "get": lambda s: s.get(A),
    "find_by_dataset": lambda s: s.find_by_dataset("X", "1"),
    "incidents": lambda s: s.incidents(),
    "count": lambda s: s.count(),
    "citing": lambda s: s.citing(["https://example.org/a"]),
    "distinct": lambda s: s.distinct("district"),
    "data_version": lambda s: s.data_version(),
    "data_as_of": lambda s: s.data_as_of(),
    "date_span": lambda s: s.date_span(),
    "ids": lambda s: s.ids(),
    "frame": lambda s: s.frame(),
    "attribution_frame": lambda s: s.attribution_frame(),
    "unlisted_frame": lambda s: s.unlisted_frame(),
    "source_frame": lambda s: s.source_frame(),
    "review_queue": lambda s: s.review_queue(),
    "related_tolls": lambda s: s.related_tolls([A]),
    "related_frame": lambda s: s.related_frame(),
    "event_records": lambda s: s.event_records(A),
    "records_of_events": lambda s: s.records_of_events([A]),
    "event_of": lambda s: s.event_of([A]),
    "schema_revision": lambda s: s.schema_revision(),
    "saved_mapping": lambda s: s.saved_mapping("team log"),
    "mapping_names": lambda s: s.mapping_names(),
    "edits": lambda s: s.edits(A),
    "history": lambda s: s.history(A),
    "coverage": lambda s: s.coverage(),
    "import_runs": lambda s: s.import_runs(),
    "import_run": lambda s: s.import_run(1),
    "check_schema": lambda s: s.check_schema(),
    "account": lambda s: s.account("vera"),
    "account_by_email": lambda s: s.account_by_email("x@example.org"),
    "accounts": lambda s: s.accounts(),
    "authenticate": lambda s: s.authenticate("vera", PW),
    "may": lambda s: s.may("analyst"),
}
#: Not operations of a store's user: they make a store (opened as the local operator, or for a user).
CONSTRUCTORS = {"open", "as_user"}


def public_methods() -> set[str]:
    return {n for n, v in inspect.getmembers(Store) if not n.startswith("_") and callable(v)
            and not isinstance(inspect.getattr_static(Store, n), property)}


def dump(store: Store, *, cache: bool = True) -> dict[str, list]:
    """Every row of every table (without the geocoder's cache: ``cache=False``), in a stable order."""
    with store.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(sa.select(t)).all())) for t in metadata.sorted_tables
                if cache or t.name != "geocode_cache"}


@pytest.fixture
def team(store):
    """A store (local operator, admin) with two records and three accounts: root (admin), ana (analyst),
    vera (viewer)."""
    store.save_many([_rec(A, 1, sources=[Source("Dawn", url="https://example.org/a")]), _rec(B, 2, dataset="X",
                                                                                          dataset_event_id="1")])
    for name, role in (("root", "admin"), ("ana", "analyst"), ("vera", "viewer")):
        store.add_user(name, PW, role)
    return store


def test_the_lists_above_cover_every_public_method():
    listed = set(WRITES) | set(READS) | CONSTRUCTORS
    assert not set(WRITES) & set(READS)
    assert public_methods() - listed == set(), "a new Store method: add it to WRITES or READS here"
    assert listed - public_methods() == set()


def test_a_viewer_store_refuses_every_write_and_nothing_changes(team):
    viewer = team.as_user(team.authenticate("vera", PW))
    assert (viewer.user, viewer.role) == ("vera", "viewer")
    before = dump(team)
    for name, call in WRITES.items():
        with pytest.raises(PermissionDenied, match="vera \\(viewer\\) may not do this"):
            call(viewer)
    for name, call in READS.items():
        call(viewer)  # reading goes on
    viewer.geocode_cache.set("offline|x", "{}")  # a cache: not kept, no error
    assert dump(team) == before


def test_nobody_signed_in_and_a_disabled_account_write_nothing(team):
    before = dump(team)
    for store in (team.as_user(None), team.as_user(Account("ana", "analyst", disabled=True))):
        for call in WRITES.values():
            with pytest.raises(PermissionDenied, match="may not do this"):
                call(store)
    assert dump(team) == before


def test_an_analyst_adds_edits_links_and_imports_but_manages_no_user_and_deletes_nothing(team):
    analyst = team.as_user(team.account("ana"))
    assert analyst.may("analyst") and not analyst.may("admin")
    analyst.save(_rec(A, 1, summary="edited by ana"))
    analyst.save_many([_rec("rec-c", 4)])
    analyst.add_source(A, Source("Dawn", url="https://example.org/more"))
    event = analyst.link([A, B])
    assert team.event_of([A, B]) == {A: event, B: event}
    analyst.unlink(B)
    analyst.relate(RelatedToll("toll-1", (A, B)))
    analyst.relink()
    assert team.get(A).summary == "edited by ana" and team.count() == 3
    before = dump(team, cache=False)  # seeding geocodes first: an analyst's lookups are cached
    for name in ("delete", "migrate", "seed_if_new", "add_user", "set_password", "set_role", "set_disabled",
                 "set_email"):
        with pytest.raises(PermissionDenied, match="needs the admin role"):
            WRITES[name](analyst)
    assert dump(team, cache=False) == before


def test_an_admin_manages_users_and_deletes(team):
    admin = team.as_user(team.account("root"))
    assert admin.delete(B) and team.get(B) is None
    admin.add_user("newbie", PW, "viewer", email="Newbie@Example.org")
    assert team.account_by_email("newbie@example.ORG").name == "newbie"
    admin.set_role("newbie", "analyst")
    admin.set_password("newbie", "another password!")
    with pytest.raises(SignInRefused):
        team.authenticate("newbie", PW)
    assert team.authenticate("newbie", "another password!").role == "analyst"
    admin.set_disabled("newbie")
    with pytest.raises(SignInRefused, match="wrong user name or password, or the account is disabled"):
        team.authenticate("newbie", "another password!")
    assert [(a.name, a.role, a.disabled) for a in team.accounts()] == [
        ("ana", "analyst", False), ("newbie", "analyst", True), ("root", "admin", False), ("vera", "viewer", False)]


def test_account_errors_are_typed_and_name_what_is_wrong(team):
    with pytest.raises(AccountExists, match="already a user 'ana'"):
        team.add_user("ana", PW, "viewer")
    with pytest.raises(NoSuchAccount):
        team.set_role("nobody", "viewer")
    with pytest.raises(ValidationError, match="role"):
        team.add_user("x1", PW, "superuser")
    with pytest.raises(ValidationError, match="password"):
        team.add_user("x2", "short", "viewer")
    team.set_email("ana", "ana@example.org")
    with pytest.raises(AccountExists, match="e-mail"):
        team.add_user("x3", PW, "viewer", email="ANA@example.org")
    with pytest.raises(AccountError, match="last admin"):
        team.set_role("root", "analyst")
    with pytest.raises(AccountError, match="last enabled admin"):
        team.set_disabled("root")
    assert team.account("root").role == "admin" and not team.account("root").disabled
    for bad in (("nobody", PW), ("ana", "wrong password!"), ("", "")):
        with pytest.raises(SignInRefused):
            team.authenticate(*bad)


def test_a_store_opened_on_the_machine_acts_as_the_local_operator(store):
    assert store.user.startswith("local:") and store.role == "admin"
    with pytest.raises(ValueError, match="not a role"):
        Store(store.engine, role="root")
    anonymous = Store(store.engine, role=None)
    with pytest.raises(PermissionDenied, match="nobody signed in"):
        anonymous.save(_rec("x", 1))


def test_a_users_store_shares_the_engine_and_the_in_memory_copy(team):
    team.frame()
    viewer = team.as_user(team.account("vera"))
    assert viewer.engine is team.engine and viewer._frames is team._frames
    assert viewer.geocode_cache._store is viewer and team.geocode_cache._store is team
    assert (team.user, team.role) != (viewer.user, viewer.role)  # the original is unchanged
