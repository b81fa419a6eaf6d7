"""The linker in the store (incidents/store/linking.py): every write links, an analyst's decisions are
remembered across re-imports and re-linking, uncertain pairs wait for review. On SQLite and PostgreSQL."""
import datetime as dt

import pytest

from incidents.events.event import event_summary
from incidents.models import Attribution, Incident, Source

D = dt.date(2023, 9, 29)


def acled(eid: str, **kw) -> Incident:
    base = dict(id=f"acled-{eid}", date=D, location="Mastung", district="Mastung", province="Balochistan",
                province_code="PK-BA", lat=29.799, lon=66.845, geo_precision=1, attack_type="Suicide bomb",
                target="Civilians (Pakistan)", killed_min=52, killed_max=52, killed_text="52",
                dataset="ACLED", dataset_event_id=eid)
    return Incident(**{**base, **kw})


def gtd(eid: str, **kw) -> Incident:
    base = dict(id=f"gtd-{eid}", date=D + dt.timedelta(days=1), location="Mastung", district="Mastung",
                province="Balochistan", province_code="PK-BA", lat=29.80, lon=66.85, geo_precision=1,
                attack_type="Bombing/Explosion", target="Religious Figures/Institutions", killed_min=60,
                killed_max=60, killed_text="60", injured_min=70, injured_max=70, injured_text="70",
                dataset="GTD", dataset_event_id=eid)
    return Incident(**{**base, **kw})


def report(rid: str, **kw) -> Incident:
    base = dict(id=f"report-{rid}", date=D, location="Mastung", district="Mastung", province="Balochistan",
                province_code="PK-BA", lat=29.60, lon=66.85, geo_precision=2, attack_type="suicide bombing",
                target="mosque", killed_min=50, killed_text="over 50",
                attributions=[Attribution("TTP", "denied", "a TTP spokesman"), Attribution("ISPP", "suspected", "experts")],
                sources=[Source("Dawn", "Blast near mosque in Mastung", f"https://example.org/{rid}", D)])
    return Incident(**{**base, **kw})


def events(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for record, event in store.event_of(store.ids()).items():
        out.setdefault(event, set()).add(record)
    return out


def grouping(store) -> set[frozenset[str]]:
    return {frozenset(v) for v in events(store).values()}


def test_one_attack_known_to_three_sources_is_one_event(store):
    store.save_many([acled("PAK1")])
    store.save_many([gtd("201709290001")])  # coded a day later, as GTD often does
    store.save(report("dawn-1"))  # a district-level point 22 km south
    assert grouping(store) == {frozenset({"acled-PAK1", "gtd-201709290001", "report-dawn-1"})}
    event = event_summary(store.event_of(["acled-PAK1"])["acled-PAK1"], store.event_records("report-dawn-1"))
    assert event["killed_text"] == "60" and event["killed_spread"] == "50–60 across 3 sources"  # one source's, never a sum
    assert event["killed_from"] == "gtd-201709290001" and event["injured_from"] == "gtd-201709290001"
    assert (event["lat"], event["geo_precision"]) == (29.799, 1)  # the most precise point
    assert event["date"] == "2023-09-29" and event["date_last"] == "2023-09-30"
    assert {(a["group"], a["status"]) for a in event["attributions"]} == {("TTP", "denied"), ("ISPP", "suspected")}
    assert [r["id"] for r in event["records"]] == ["acled-PAK1", "report-dawn-1", "gtd-201709290001"]


def test_same_day_attacks_in_two_provinces_stay_apart(store):
    hangu = dict(location="Hangu", district="Hangu", province="Khyber Pakhtunkhwa", province_code="PK-KP",
                 lat=33.53, lon=71.06, killed_min=5, killed_max=None, killed_text="at least five")
    store.save_many([acled("PAK1"), acled("PAK2", **hangu)])
    store.save(report("hangu", **{**hangu, "geo_precision": 2, "target": "police station"}))
    assert grouping(store) == {frozenset({"acled-PAK1"}), frozenset({"acled-PAK2", "report-hangu"})}


def test_a_shooting_at_the_same_place_the_next_day_is_another_attack(store):
    cantonment = dict(location="Bannu", district="Bannu", province="Khyber Pakhtunkhwa", province_code="PK-KP",
                      lat=32.99, lon=70.60, target="Military Forces (Pakistan)")
    store.save_many([acled("B1", **cantonment, attack_type="Suicide bomb", killed_min=18, killed_max=18,
                           killed_text="18")])
    store.save_many([gtd("B2", **cantonment, date=D + dt.timedelta(days=1), attack_type="Armed Assault",
                         killed_min=1, killed_max=1, killed_text="1")])
    assert grouping(store) == {frozenset({"acled-B1"}), frozenset({"gtd-B2"})}
    assert store.review_queue() == []  # not even a doubt: another kind of attack, another toll


def test_two_records_of_one_dataset_are_never_one_event(store):
    store.save_many([acled("PAK1"), acled("PAK9", lat=29.80, lon=66.85)])
    store.save(report("dawn-1"))
    groups = grouping(store)
    assert frozenset({"acled-PAK1", "acled-PAK9"}) not in groups and len(groups) == 2
    assert all(len({r.split("-")[0] for r in g if r.startswith("acled")}) <= 1 for g in groups)


def test_news_reports_may_be_many_per_event(store):
    store.save(report("dawn-1"))
    store.save(report("tribune-1", killed_min=54, killed_text="54", lat=29.80, lon=66.85, geo_precision=1))
    store.save_many([acled("PAK1")])
    assert grouping(store) == {frozenset({"report-dawn-1", "report-tribune-1", "acled-PAK1"})}


def test_an_unlink_survives_reimport_and_relinking(store):
    store.save_many([acled("PAK1")])
    store.save_many([gtd("G1")])
    assert grouping(store) == {frozenset({"acled-PAK1", "gtd-G1"})}
    assert store.unlink("gtd-G1", by="analyst") == ["acled-PAK1"]
    assert grouping(store) == {frozenset({"acled-PAK1"}), frozenset({"gtd-G1"})}
    store.save_many([gtd("G1", killed_min=61, killed_max=61, killed_text="61")])  # a revised GTD file
    store.save_many([acled("PAK1")])  # the same ACLED file again
    assert grouping(store) == {frozenset({"acled-PAK1"}), frozenset({"gtd-G1"})}
    store.relink()
    assert grouping(store) == {frozenset({"acled-PAK1"}), frozenset({"gtd-G1"})}


def test_an_analysts_link_survives_reimport_and_relinking(store):
    far = dict(date=D + dt.timedelta(days=2), lat=30.30, lon=67.0, geo_precision=2, attack_type="IED",
               killed_min=30, killed_max=30, killed_text="30")
    store.save_many([acled("PAK1")])
    store.save_many([gtd("G1", **far)])
    assert len(grouping(store)) == 2
    event = store.link(["acled-PAK1", "gtd-G1"], by="analyst")
    assert event == "acled-PAK1" and grouping(store) == {frozenset({"acled-PAK1", "gtd-G1"})}
    store.save_many([gtd("G1", **{**far, "killed_min": 31, "killed_max": 31, "killed_text": "31"})])
    store.relink()
    assert grouping(store) == {frozenset({"acled-PAK1", "gtd-G1"})}


def test_uncertain_pairs_wait_for_review_and_the_answer_is_kept(store):
    unsure = dict(date=D + dt.timedelta(days=2), attack_type=None, target=None, killed_min=None, killed_max=None,
                  killed_text=None, lat=29.70, lon=66.80, geo_precision=2)
    store.save_many([acled("PAK1")])
    store.save_many([gtd("G1", **unsure)])
    queue = store.review_queue()
    assert [(r.record_a, r.record_b) for r in queue] == [("acled-PAK1", "gtd-G1")]
    assert len(grouping(store)) == 2  # not merged silently
    store.reject_link("acled-PAK1", "gtd-G1", by="analyst")
    assert store.review_queue() == []
    store.save_many([gtd("G1", **{**unsure, "summary": "revised"})])
    assert store.review_queue() == [] and len(grouping(store)) == 2  # never asked again
    store.save_many([gtd("G2", **unsure)])
    assert [(r.record_a, r.record_b) for r in store.review_queue()] == [("acled-PAK1", "gtd-G2")]
    store.link(["acled-PAK1", "gtd-G2"])  # confirmed
    assert store.review_queue() == [] and frozenset({"acled-PAK1", "gtd-G2"}) in grouping(store)


def test_a_link_is_one_transaction_with_the_write_and_stamped_for_every_reader(store):
    store.save_many([acled("PAK1")])
    before = store.frame()
    store.save_many([gtd("G1")])
    after = store.frame().set_index("id")
    assert after.loc["gtd-G1", "event_id"] == after.loc["acled-PAK1", "event_id"] == "acled-PAK1"
    assert len(before) == 1


def test_unknown_records_are_refused_by_name(store):
    from incidents.errors import ValidationError

    store.save_many([acled("PAK1")])
    with pytest.raises(ValidationError, match="no record 'nope'"):
        store.link(["acled-PAK1", "nope"])
    with pytest.raises(ValidationError, match="no record 'nope'"):
        store.unlink("nope")
    assert grouping(store) == {frozenset({"acled-PAK1"})}


@pytest.mark.parametrize("fmt", ["csv", "geojson", "xlsx"])
def test_our_own_export_read_back_returns_the_records_and_their_links(store, db_url, tmp_path, fmt):
    from incidents.events.query import event_rows
    from incidents.io import import_file
    from incidents.io.export import export_file
    from incidents.store import Store

    store.save_many([acled("PAK1")])
    store.save_many([gtd("G1", date=D + dt.timedelta(days=2), attack_type=None, target=None, killed_min=None,
                         killed_max=None, killed_text=None, lat=29.70, lon=66.80, geo_precision=2)])
    store.save(report("dawn-1", date=D + dt.timedelta(days=3), lat=29.70, lon=66.80))
    store.link(["acled-PAK1", "gtd-G1"], by="analyst")  # beyond what the linker would do alone
    items = store.incidents()
    path = tmp_path / f"atlas.{fmt}"
    # an XLSX export also holds an events sheet: the import reads the records' sheet
    export_file(items, fmt, path, store.event_of([i.id for i in items]),
                event_rows=event_rows(store) if fmt == "xlsx" else None)
    other_url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    other = Store(other_url)
    other.migrate()
    try:
        summary = import_file(path, other)
        assert summary.imported == 3
        assert grouping(other) == grouping(store)
        assert {i.id: i for i in other.incidents()} == {i.id: i for i in items}
        other.save(report("dawn-2", date=D + dt.timedelta(days=2)))  # a write nearby, then a relink:
        other.relink()  # the links the file gave stay
        assert all(any(g <= h for h in grouping(other)) for g in grouping(store))
    finally:
        other.engine.dispose()


def test_a_later_write_takes_a_record_from_the_event_an_earlier_write_put_it_in(store):
    """Write by write links as a relink from scratch would: a report first put with the only ACLED
    event near it (the day before) moves to the ACLED event written later that has its very day."""
    quetta = dict(location="Quetta", district="Quetta", lat=30.19, lon=67.01, geo_precision=1)
    store.save_many([acled("PAK1", **quetta)])
    store.save(report("dawn-1", date=D + dt.timedelta(days=1), location="Quetta", district="Quetta", lat=30.18,
                      lon=67.0, geo_precision=2, attributions=[], sources=[]))
    assert frozenset({"acled-PAK1", "report-dawn-1"}) in grouping(store)  # the only candidate then
    store.save_many([acled("PAK2", date=D + dt.timedelta(days=1), **quetta)])
    after = grouping(store)
    store.relink()
    assert after == grouping(store)  # the same events as a relink from scratch
    assert frozenset({"acled-PAK2", "report-dawn-1"}) in after, after
    assert store.event_of(["acled-PAK1"])["acled-PAK1"] == "acled-PAK1"  # the first event keeps its id


def test_an_operation_reported_near_an_attack_stays_another_event(store):
    """Issue 19: a report of the army's operation in the district of an attack, the same day, saying
    little else, linked on place and day alone before; the categories keep them apart (and a report
    whose category is unknown still joins the attack)."""
    store.save_many([acled("PAK7", category="attack")])
    bare = dict(attack_type=None, target=None, killed_min=None, killed_text=None, attributions=[])
    store.save(report("op-1", category="operation", actor="state", **bare))
    assert grouping(store) == {frozenset({"acled-PAK7"}), frozenset({"report-op-1"})}
    store.save(report("unknown-1", **bare))
    # every pair of the neighbourhood scored on the write: the operation's clash with the attack keeps
    # their events apart, write by write as after a relink
    assert grouping(store) == {frozenset({"acled-PAK7", "report-unknown-1"}), frozenset({"report-op-1"})}
    store.relink()
    assert grouping(store) == {frozenset({"acled-PAK7", "report-unknown-1"}), frozenset({"report-op-1"})}


def test_the_groups_a_state_fought_count_as_groups_taking_part():
    from incidents.store.linking import involved

    got = involved([frozenset({"TTP"}), frozenset(), frozenset()], ['["BLA"]', None, '["TTP"]'])
    assert got == [frozenset({"TTP", "BLA"}), frozenset(), frozenset({"TTP"})]


def test_whether_another_source_is_stored_is_answered_from_the_dataset_index(store):
    from incidents.store import linking

    def other(dataset: str) -> bool:
        with store.engine.connect() as conn:
            return linking._any_other_dataset(conn, dataset)

    assert not other("ACLED")  # an empty store
    store.save_many([acled("1"), acled("2")])
    assert not other("ACLED") and other("GTD")
    store.save_many([report("1")])  # a record of no dataset is another source too
    assert other("ACLED")
    store.save_many([gtd("1")])
    assert other("ACLED") and other("GTD") and other("UCDP")


def test_the_records_words_decide_between_two_attacks_of_one_district_and_day(store):
    """Two attacks on the police in North Waziristan on one day, both rows at the district centroid; a
    news lead of the next day, "at least 2" dead, fits either by date, place, target and toll. Its words
    (a check post in the Shewa area) are ACLED's notes' words for one of them (a checkpoint in Shewa),
    not GTD's for the other (a patrol in Razmak): it joins the first, read through the store's SQL."""
    nw = dict(date=dt.date(2023, 3, 12), location="North Waziristan", district="North Waziristan",
              province="Khyber Pakhtunkhwa", province_code="PK-KP", lat=32.98, lon=70.27, geo_precision=2)
    store.save_many([acled("NW1", **nw, attack_type="Armed clash", target="Police Forces of Pakistan (2018-)",
                           killed_min=2, killed_max=2, killed_text="2",
                           summary="On 12 March 2023, unidentified militants attacked a police checkpoint in Shewa "
                                   "(North Waziristan, Khyber Pakhtunkhwa). 2 policemen were killed.")])
    store.save_many([gtd("NW2", **{**nw, "date": nw["date"]}, attack_type="Armed Assault", target="Police",
                         killed_min=4, killed_max=4, killed_text="4", injured_min=None, injured_max=None,
                         injured_text=None,
                         summary="03/12/2023: Assailants ambushed a police patrol in Razmak, North Waziristan "
                                 "district, Khyber Pakhtunkhwa province, Pakistan. At least 4 people were killed.")])
    lead = ("At least two policemen were martyred when terrorists opened fire on a check post in the Shewa area of "
            "North Waziristan on Sunday, police said.")
    store.save(report("nw", **{**nw, "date": dt.date(2023, 3, 13)}, attack_type="firing", target="check post",
                      killed_min=2, killed_max=None, killed_text="at least two", attributions=[], summary=lead))
    worded = grouping(store)
    assert worded == {frozenset({"acled-NW1", "report-nw"}), frozenset({"gtd-NW2"})}
    assert ("gtd-NW2", "report-nw") in {(q.record_a, q.record_b) for q in store.review_queue()}  # a doubt, queued
    # the same lead without its words fits both attacks as well: the linker can no longer tell them apart
    store.save(report("nw", **{**nw, "date": dt.date(2023, 3, 13)}, attack_type="firing", target="police",
                      killed_min=2, killed_max=None, killed_text="at least two", attributions=[],
                      summary="Two policemen were martyred in North Waziristan, police said."))
    assert grouping(store) != worded
