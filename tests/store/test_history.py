"""One history for every write, analyst edits kept apart from imports, restore — on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
import sqlalchemy as sa

from atlas.changes import correction_lines
from incidents.casualties import Count
from incidents.events.related import RelatedToll
from incidents.io import import_file
from incidents.models import Attribution, Incident, Source
from incidents.store import Store
from incidents.store.schema import analyst_edits, history

from tests.support.acled import HEADER, acled_rows


def acled_file(n: int = 6, killed: dict[int, int] | None = None) -> io.BytesIO:
    """``n`` ACLED rows (event ids PAK1…); ``killed`` overrides a row's fatalities (a revised file)."""
    lines = acled_rows(n).splitlines(keepends=True)
    for i, k in (killed or {}).items():
        cells = lines[i - 1].split(",")
        cells[6] = str(k)
        lines[i - 1] = ",".join(cells)
    f = io.BytesIO((HEADER + "".join(lines)).encode())
    f.name = "acled-pk.csv"
    return f


def history_rows(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(history)).scalar_one()


def rid(store: Store, event: str) -> str:
    found = store.find_by_dataset("ACLED", event)
    assert found is not None
    return found.id


def report(**kw) -> Incident:
    base = dict(date=dt.date(2023, 1, 2), location="Bannu", province_code="PK-KP", lat=33.0, lon=70.6,
                geo_precision=1, killed_min=3, killed_max=3, killed_text="three",
                sources=[Source("Dawn", "Blast in Bannu", "https://www.dawn.com/news/1")])
    return Incident(**{**base, **kw})


def test_every_write_kind_leaves_an_entry_with_who_when_old_and_new(store):
    store.user = "alice"
    import_file(acled_file(), store)
    a, b = rid(store, "PAK1"), rid(store, "PAK2")
    saved = store.save(report()).ids[0]
    store.save(report(id=saved, killed_min=4, killed_max=4, killed_text="four"))
    store.link([a, saved])
    store.unlink(saved)
    store.reject_link(a, b)
    store.relate(RelatedToll("pair", (a, b), Count(50, None, "over 50")))
    store.correct(a, killed="at least 36", note="hospital list")
    store.add_source(a, Source("Reuters", None, "https://reuters.com/x"))
    store.add_claim(a, Attribution("ISKP", "claimed", "Amaq"))
    store.add_note(a, "check with the field office")
    store.restore(saved, store.history(saved)[0].version)
    store.delete(b)
    started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)
    entries = store.history(a) + store.history(b) + store.history(saved)
    assert {"import", "save", "link", "unlink", "reject", "relate", "edit", "restore", "delete"} <= \
        {e.action for e in entries}
    assert all(e.who == "alice" and e.at >= started and e.version > 0 for e in entries)
    update = next(e for e in store.history(saved) if e.action == "save" and e.changes)
    assert update.changes["killed_text"] == ["three", "four"] and update.changes["killed_min"] == [3, 4]
    edit = next(e for e in store.history(a) if e.action == "edit" and "killed_text" in (e.changes or {}))
    assert edit.changes["killed_text"] == ["ACLED fatalities: 1", "at least 36"]
    assert edit.changes["killed_min"] == [1, 36] and edit.context == {"note": "hospital list"}
    restore = next(e for e in store.history(saved) if e.action == "restore")
    assert restore.changes["killed_text"] == ["four", "three"]
    gone = next(e for e in store.history(b) if e.action == "delete")
    assert gone.changes["dataset_event_id"] == ["PAK2", None]  # every old value kept
    imported = next(e for e in store.history(a) if e.action == "import" and e.record_id == a)
    assert imported.context["file"] == "acled-pk.csv" and imported.changes is None  # created
    run = next(e for e in store.history(a) if e.record_id is None)
    assert run.context["inserted"] == 6
    moved = next(e for e in store.history(saved) if e.action == "link")
    assert moved.changes == {"event_id": [saved, a if a < saved else saved]} or moved.record_id != saved


def test_a_write_without_a_signed_in_user_is_by_the_local_os_user(store):
    saved = store.save(report()).ids[0]
    (entry,) = store.history(saved)
    assert entry.who.startswith("local:") and len(entry.who) > len("local:")


def test_reimport_of_an_unchanged_file_adds_no_history(store):
    import_file(acled_file(), store)
    before = history_rows(store)
    summary = import_file(acled_file(), store)
    assert summary.unchanged == 6
    assert history_rows(store) == before


def test_a_revised_dataset_keeps_the_old_figure_in_history(store):
    import_file(acled_file(), store)
    before = history_rows(store)
    import_file(acled_file(killed={3: 9}), store)
    r = rid(store, "PAK3")
    assert store.get(r).killed_min == 9
    (revised,) = [e for e in store.history(r) if e.changes]
    assert revised.action == "import" and revised.context["file"] == "acled-pk.csv"
    assert revised.changes["killed_min"] == [3, 9]
    assert history_rows(store) == before + 2  # the record's entry and the run's


def test_restore_round_trip(store):
    saved = store.save(report()).ids[0]
    first = store.history(saved)[0].version
    store.save(report(id=saved, killed_min=5, killed_max=5, killed_text="five", location="Bannu city",
                      sources=[Source("Geo", None, "https://geo.tv/2")]))
    second = store.history(saved)[-1].version
    store.restore(saved, first)
    back = store.get(saved)
    assert (back.killed_text, back.location, [s.url for s in back.sources]) == \
        ("three", "Bannu", ["https://www.dawn.com/news/1"])
    store.restore(saved, second)
    again = store.get(saved)
    assert (again.killed_text, again.location, [s.url for s in again.sources]) == \
        ("five", "Bannu city", ["https://geo.tv/2"])
    assert [e.action for e in store.history(saved)] == ["save", "save", "restore", "restore"]


def test_restore_refuses_a_version_before_the_record_existed(store):
    from incidents.errors import ValidationError

    store.save(report(location="Elsewhere", lat=33.1))
    saved = store.save(report()).ids[0]
    with pytest.raises(ValidationError):
        store.restore(saved, store.history(saved)[0].version - 1)


def test_restore_to_the_version_it_stands_at_changes_nothing_and_a_future_version_is_refused(store):
    from incidents.errors import ValidationError

    saved = store.save(report()).ids[0]
    store.correct(saved, killed="ten")
    store.correct(saved, killed="eleven")
    now = store.history(saved)[-1].version
    entries = len(store.history(saved))
    assert store.restore(saved, now).outcomes == ["unchanged"]  # as it was then: no write, no entry
    assert len(store.history(saved)) == entries and store.get(saved).killed_text == "eleven"
    with pytest.raises(ValidationError, match="no version 999"):
        store.restore(saved, 999)
    [line] = correction_lines("report", store.edits(saved))  # the source still says its own figure
    assert "eleven" in line and "conflict" not in line.lower(), line


@pytest.mark.parametrize("bad", ["-5", "abc", "999999"])
def test_a_corrected_figure_is_held_to_the_importers_rules(store, bad):
    from incidents.errors import ValidationError

    saved = store.save(report()).ids[0]
    with pytest.raises(ValidationError, match="killed"):
        store.correct(saved, killed=bad)
    assert store.get(saved).killed_text == "three" and store.edits(saved) == []
    assert store.correct(saved, killed="unknown") and store.get(saved).killed_min is None


def test_an_added_source_survives_a_reimport_of_its_dataset(store):
    """Issue 20: re-importing the same dataset wiped an analyst's added source (failed before the fix)."""
    import_file(acled_file(), store)
    r = rid(store, "PAK4")
    store.add_source(r, Source("Dawn", "Bannu attack", "https://www.dawn.com/news/2"))
    import_file(acled_file(), store)
    assert [s.url for s in store.get(r).sources] == ["https://www.dawn.com/news/2"]


def test_an_analysts_additions_survive_a_reimport(store):
    import_file(acled_file(), store)
    r = rid(store, "PAK4")
    store.add_source(r, Source("Dawn", "Bannu attack", "https://www.dawn.com/news/2"))
    store.add_claim(r, Attribution("ISKP", "claimed", "Amaq"))
    store.add_note(r, "the police count differs")
    store.correct(r, killed="at least 36", date="2023-01-06")
    import_file(acled_file(killed={1: 7}), store)  # the same dataset again, one other row revised
    import_file(acled_file(), store)
    got = store.get(r)
    assert "https://www.dawn.com/news/2" in [s.url for s in got.sources]
    assert ("ISKP", "claimed", "Amaq") in [(a.group, a.status, a.by) for a in got.attributions]
    assert (got.killed_text, got.killed_min, got.killed_max, got.date) == ("at least 36", 36, None, dt.date(2023, 1, 6))
    assert [e.value["text"] for e in store.edits(r) if e.kind == "note"] == ["the police count differs"]
    # applied on every read: the dashboard's frame, the records of its event
    frame = store.frame()
    row = frame[frame["id"] == r].iloc[0]
    assert (row["killed_min"], row["killed_text"]) == (36, "at least 36")
    assert store.event_records(r)[0].killed_text == "at least 36"


def test_a_reimport_that_changes_a_corrected_field_keeps_both_and_shows_the_conflict(store):
    import_file(acled_file(), store)
    r = rid(store, "PAK2")  # ACLED says 2 killed
    store.user = "alice"
    store.correct(r, killed="36", note="hospital list")
    (c,) = store.edits(r)
    assert not c.conflict and c.source_value["killed_min"] == 2
    import_file(acled_file(killed={2: 34}), store)
    got = store.get(r)
    assert got.killed_text == "36"  # the analyst's figure stands
    (c,) = store.edits(r)
    assert c.conflict and c.source_now["killed_min"] == 34  # and the source's new one is kept
    (line,) = correction_lines("ACLED", store.edits(r))
    today = dt.date.today().isoformat()
    assert line.startswith(f"ACLED now says ACLED fatalities: 34; analyst corrected killed to “36” on {today} by "
                           "alice (when ACLED said ACLED fatalities: 2)")
    news = [e for e in store.history(r) if e.action == "import" and e.changes]
    assert news[-1].changes["killed (source)"][1]["killed_min"] == 34


def test_a_correction_of_a_corrected_field_keeps_the_sources_value(store):
    import_file(acled_file(), store)
    r = rid(store, "PAK3")
    store.correct(r, killed="30")
    store.correct(r, killed="31")
    (c,) = store.edits(r)
    assert c.value["killed_text"] == "31" and c.source_value["killed_min"] == 3 and not c.conflict


def test_the_history_of_an_event_holds_its_records_entries(store):
    a = store.save(report()).ids[0]
    b = store.save(report(location="Bannu cantonment", sources=[Source("Geo", None, "https://geo.tv/1")])).ids[0]
    event = store.link([a, b])
    entries = store.history(event)
    assert {e.record_id for e in entries} >= {a, b}
    assert any(e.action == "link" for e in entries)


@pytest.mark.parametrize("bad", [{"killed_by": "x"}, {}])
def test_correct_refuses_a_field_it_does_not_know(store, bad):
    from incidents.errors import ValidationError

    saved = store.save(report()).ids[0]
    with pytest.raises(ValidationError):
        store.correct(saved, **bad)


def test_two_analysts_editing_and_importing_at_once_lose_nothing(postgres_url):
    """PostgreSQL: one analyst re-imports revised files while another corrects and adds sources, in
    two threads with their own stores; every edit and every import is kept, each with its history."""
    setup = Store(postgres_url)
    setup.migrate()
    import_file(acled_file(40), setup)
    ids = [rid(setup, f"PAK{i}") for i in range(1, 41)]
    errors: list[BaseException] = []

    def importer() -> None:
        s = Store(postgres_url, user="bob")
        try:
            for round_ in range(6):
                import_file(acled_file(40, killed={i: 100 + round_ for i in range(1, 41, 2)}), s)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            s.engine.dispose()

    def analyst() -> None:
        s = Store(postgres_url, user="alice")
        try:
            for n, r in enumerate(ids):
                if n % 2:
                    s.correct(r, killed=f"at least {50 + n}")
                else:
                    s.add_source(r, Source("Dawn", None, f"https://www.dawn.com/news/{n}"))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            s.engine.dispose()

    threads = [threading.Thread(target=importer), threading.Thread(target=analyst)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    for n, r in enumerate(ids):
        got = setup.get(r)
        entries = setup.history(r)
        if n % 2:
            assert got.killed_text == f"at least {50 + n}"
            assert any(e.who == "alice" and e.changes and e.changes.get("killed_text", [None, None])[1]
                       == f"at least {50 + n}" for e in entries)
        else:
            assert f"https://www.dawn.com/news/{n}" in [s.url for s in got.sources]
            assert any(e.who == "alice" and "sources" in (e.changes or {}) for e in entries)
            # the importer's revisions of this record (even rows 1, 3, ... are PAK odd): all in history
        if n % 2 == 0:  # PAK(n+1) odd: revised every round; its last figure is the last round's
            assert got.killed_min == 105
            revised = [e.changes["killed_min"][1] for e in entries
                       if e.who == "bob" and e.changes and "killed_min" in e.changes]
            assert revised[-1] == 105 and revised == sorted(revised)
    with setup.engine.connect() as conn:
        active = conn.execute(sa.select(sa.func.count()).select_from(analyst_edits)
                              .where(analyst_edits.c.active.is_(True))).scalar_one()
        runs = conn.execute(sa.select(history.c.who, history.c.context).where(history.c.record_id.is_(None))).all()
        by_alice = conn.execute(sa.select(sa.func.count()).select_from(history)
                                .where(history.c.who == "alice", history.c.action == "edit")).scalar_one()
    assert active == 40
    assert len([r for r in runs if r.who == "bob"]) == 6  # every import run has its entry (each changed 20 rows)
    assert by_alice == 40  # and every edit its own
    setup.engine.dispose()


def test_a_deleted_record_can_be_restored_from_its_history(store):
    saved = store.save(report()).ids[0]
    version = store.history(saved)[0].version
    store.delete(saved)
    assert store.get(saved) is None
    store.restore(saved, version)
    back = store.get(saved)
    assert (back.killed_text, back.location, [s.url for s in back.sources]) == \
        ("three", "Bannu", ["https://www.dawn.com/news/1"])
    assert [e.action for e in store.history(saved)] == ["save", "delete", "restore"]


def test_restore_brings_back_the_corrections_that_stood_at_that_version(store):
    import_file(acled_file(), store)
    r = rid(store, "PAK3")
    before = store.history(r)[-1].version
    store.correct(r, killed="30")
    at_30 = store.history(r)[-1].version
    store.correct(r, killed="31")
    store.restore(r, at_30)
    assert store.get(r).killed_text == "30"
    assert [e.value["killed_text"] for e in store.edits(r)] == ["30"]
    import_file(acled_file(), store)  # and it survives a re-import, as any correction
    assert store.get(r).killed_text == "30"
    store.restore(r, before)
    assert store.get(r).killed_min == 3 and store.edits(r) == []
