"""The linker's rules without a database (incidents/events/link.py): blocking, scoring, planning."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from incidents.events import link as L

BASE = dict(date="2023-09-29", date_precision="day", province_code="PK-BA", district="Mastung", lat=29.80,
            lon=66.85, geo_precision=1, attack_type="Suicide bomb", target="Civilians (Pakistan)", killed_min=52,
            killed_max=52, dataset="ACLED")


def frame(*rows: dict) -> pd.DataFrame:
    out = pd.DataFrame([{**BASE, "id": f"r{k}", **r} for k, r in enumerate(rows)])
    out["date"] = pd.to_datetime(out["date"])
    return out


def pairs(records: pd.DataFrame, among=None) -> set[tuple[int, int]]:
    i, j = L.candidate_pairs(records, among)
    assert (i < j).all()
    return set(zip(i.tolist(), j.tolist()))


def one(**b) -> float:
    """The score of the base record (ACLED) against one other record."""
    f = frame({}, {"dataset": "GTD", **b})
    return float(L.score(f, np.array([0]), np.array([1]))[0])


# -- candidate_pairs ------------------------------------------------------------------------------

def test_two_records_of_one_dataset_are_never_compared_news_reports_are():
    f = frame({}, {}, {"dataset": None}, {"dataset": None}, {"dataset": "GTD"})
    got = pairs(f)
    assert (0, 1) not in got  # two ACLED events
    assert {(2, 3), (0, 2), (0, 4), (2, 4)} <= got  # two reports; ACLED and GTD


def test_provinces_and_days_block():
    f = frame({}, {"dataset": "GTD", "province_code": "PK-KP"}, {"dataset": "UCDP", "date": "2023-10-01"},
              {"dataset": None, "date": "2023-10-02"}, {"dataset": "GTD", "province_code": None})
    got = pairs(f)
    assert (0, 1) not in got  # another province
    assert (0, 2) in got  # two days apart: compared
    assert (0, 3) not in got  # three days apart
    assert (0, 4) in got  # a province unknown does not block


def test_only_day_precise_dates_are_compared():
    f = frame({}, {"dataset": "GTD", "date_precision": "month"})
    assert pairs(f) == set()


@pytest.mark.parametrize("gp_a, gp_b, km, compared", [
    (1, 1, 20.0, True), (1, 1, 22.0, False),  # 8 + 8 + 5 km
    (1, 2, 52.0, True), (1, 2, 54.0, False),  # 8 + 40 + 5 km
    (2, 2, 84.0, True), (2, 2, 86.0, False),  # 40 + 40 + 5 km
    (3, 1, 300.0, True),  # the province only: no distance check
])
def test_distance_by_geo_precision(gp_a, gp_b, km, compared):
    lat_b = BASE["lat"] + km / 111.195  # one degree of latitude on the haversine's sphere
    f = frame({"geo_precision": gp_a}, {"dataset": "GTD", "geo_precision": gp_b, "lat": lat_b})
    assert (pairs(f) == {(0, 1)}) is compared


def test_unplaced_records_are_compared_by_date_and_province():
    f = frame({}, {"dataset": "GTD", "lat": np.nan, "lon": np.nan, "geo_precision": None})
    assert pairs(f) == {(0, 1)}


def test_among_keeps_only_pairs_touching_the_records_written():
    f = frame({}, {"dataset": "GTD"}, {"dataset": None})
    assert pairs(f, np.array([False, False, True])) == {(0, 2), (1, 2)}


# -- score ------------------------------------------------------------------------------------------

def test_agreement_raises_the_score_and_each_disagreement_lowers_it():
    assert one(attack_type="Bombing/Explosion", target="Private Citizens & Property") >= L.LINK_AT
    agree = one()  # the same in every term
    assert one(attack_type="Armed Assault") < agree  # a shooting against a bombing
    assert one(killed_min=1, killed_max=1) < L.LINK_AT  # one dead against 52: at most a doubt
    assert one(killed_min=30, killed_max=30) < agree  # 30 against 52
    assert one(district="Quetta") < agree  # another district
    assert one(district="Quetta", lat=30.0) < L.REVIEW_AT  # another district, 22 km away
    assert one(lat=30.0) < agree  # both precise, 22 km apart
    assert one(date="2023-09-30") < agree  # a day later
    assert one(target="Military") < agree  # civilians against the army


def test_a_late_source_is_forgiven_part_of_a_day():
    late = one(date="2023-09-30")  # GTD a day later
    f = frame({}, {"dataset": "UCDP", "date": "2023-09-30"})
    assert late > float(L.score(f, np.array([0]), np.array([1]))[0])


def test_at_least_n_agrees_with_more_not_with_fewer():
    assert one(killed_min=40, killed_max=None) > one(killed_min=40, killed_max=40)  # "at least 40" vs 52
    assert one(killed_min=90, killed_max=None) < one(killed_min=40, killed_max=None)  # "at least 90" vs 52
    assert one(killed_min=300, killed_max=None) < one(killed_min=90, killed_max=None)  # an order of magnitude


def test_groups_shared_or_different():
    f = frame({}, {"dataset": "GTD"}, {"dataset": None})
    i, j = np.array([0, 0]), np.array([1, 2])
    none = L.score(f, i, j, [frozenset(), frozenset(), frozenset()])
    mixed = L.score(f, i, j, [frozenset({"TTP"}), frozenset({"TTP"}), frozenset({"BLA"})])
    assert mixed[0] > none[0] and mixed[1] < none[1]


def test_an_operation_against_militants_is_not_an_attack_on_the_police():
    assert L.target_kind("TTP: Tehreek-i-Taliban Pakistan") == "militants"
    assert L.target_kind("militant hideout") == "militants"
    assert L.target_kind("Police Forces of Pakistan (2018-)") == "police"
    attack = {"attack_type": "Armed clash", "target": "Police Forces of Pakistan (2018-)", "killed_min": 2,
              "killed_max": 2}
    f = frame(attack, {"dataset": None, "attack_type": "intelligence-based operation", "target": "militants",
                       "killed_min": 6, "killed_max": 6},
              {"dataset": None, "attack_type": "intelligence-based operation", "target": "militants",
               "killed_min": None, "killed_max": None},
              {"dataset": None, "attack_type": "attack on checkpost", "target": "police checkpost",
               "killed_min": None, "killed_max": None})
    op, op_unknown, report = L.score(f, np.array([0, 0, 0]), np.array([1, 2, 3]))
    assert op < L.REVIEW_AT  # six militants killed in an operation: another event
    assert L.REVIEW_AT <= op_unknown < L.LINK_AT  # the toll unknown: a doubt, for review
    assert report >= L.LINK_AT


def test_families_in_every_dataset_s_words():
    assert {L.family(x) for x in ("Suicide bomb", "Bombing/Explosion", "IED", "Remote explosive/landmine/IED")} == \
        {"explosive"}
    assert {L.family(x) for x in ("Armed Assault", "armed assault", "Armed clash", "targeted killing")} == {"armed"}
    assert L.family("Hostage Taking (Kidnapping)") == "abduction"
    assert L.family(None) is None


# -- plan -------------------------------------------------------------------------------------------

def test_plan_links_best_first_one_record_per_dataset():
    ids = ["acled-1", "gtd-1", "gtd-2"]
    p = L.plan(ids, ["ACLED", "GTD", "GTD"], ids, [(0, 1, 0.9), (0, 2, 0.95)])
    assert p.event_of == {"acled-1": "acled-1", "gtd-2": "acled-1", "gtd-1": "gtd-1"}
    assert p.review == []  # gtd-1 can never join an event that has a GTD record


def test_plan_lets_reports_be_many():
    ids = ["acled-1", "report-1", "report-2"]
    p = L.plan(ids, ["ACLED", None, float("nan")], ids, [(0, 1, 0.9), (0, 2, 0.9), (1, 2, 0.8)])
    assert set(p.event_of.values()) == {"acled-1"}


def test_plan_review_band():
    ids = ["a", "b", "c", "d"]
    s = (L.LINK_AT + L.REVIEW_AT) / 2
    p = L.plan(ids, ["ACLED", "GTD", "ACLED", "GTD"], ids, [(0, 1, s), (2, 3, L.REVIEW_AT / 2)])
    assert p.event_of == {x: x for x in ids}
    assert p.review == [("a", "b", s)]


def test_plan_refuses_a_merge_a_record_clearly_disagrees_with():
    ids = ["acled-1", "report-1", "gtd-1"]
    # the report fits both, but the GTD record contradicts the ACLED one
    p = L.plan(ids, ["ACLED", None, "GTD"], ids, [(0, 1, 0.9), (1, 2, 0.85), (0, 2, L.AGREE_AT / 2)])
    assert p.event_of["report-1"] == "acled-1" and p.event_of["gtd-1"] == "gtd-1"


def test_plan_analyst_same_and_different():
    ids = ["a", "b", "c"]
    p = L.plan(ids, ["ACLED", "GTD", None], ids, [(0, 1, 0.99), (0, 2, 0.0)], same=[("a", "c")],
               different=[("a", "b")])
    assert p.event_of == {"a": "a", "c": "a", "b": "b"}  # "same" whatever the score, "different" never overridden
    assert p.review == []


def test_plan_keeps_links_made_before_and_the_smaller_event_id():
    ids = ["r1", "r2", "r3"]
    p = L.plan(ids, ["ACLED", "GTD", None], ["e9", "e9", "e1"], [(1, 2, 0.9)])
    assert set(p.event_of.values()) == {"e1"}


def test_plan_takes_arrays_or_triples_alike():
    ids = [f"r{k}" for k in range(5)]
    triples = [(0, 1, 0.9), (1, 2, 0.5), (3, 4, 0.8), (2, 3, 0.1)]
    arrays = tuple(np.array(x) for x in zip(*triples))
    ds = ["ACLED", "GTD", "UCDP", "ACLED", None]
    a, b = L.plan(ids, ds, ids, triples), L.plan(ids, ds, ids, arrays)
    assert a == b


def test_a_regroup_keeps_event_ids_and_never_gives_one_id_to_two_events():
    ids = ["a", "b", "c", "d"]
    # a, b, c were one event "a"; now only b-c pair up, and the new record d joins a
    p = L.plan(ids, ["ACLED", None, "GTD", "GTD"], ["a", "a", "a", "d"], [(1, 2, 0.9), (0, 3, 0.8)],
               new=["d"], regroup=True)
    assert p.event_of == {"a": "a", "d": "a", "b": "b", "c": "b"}  # "a" stays with its record a
    # b's id already names an event elsewhere (reserved): the split-off group takes c
    p = L.plan(ids, ["ACLED", None, "GTD", "GTD"], ["a", "a", "a", "d"], [(1, 2, 0.9)], regroup=True,
               reserved=["b"])
    assert p.event_of["b"] == p.event_of["c"] == "c" and p.event_of["a"] == "a" and p.event_of["d"] == "d"
    # without regroup the records of one event stay together
    p = L.plan(ids, ["ACLED", None, "GTD", "GTD"], ["a", "a", "a", "d"], [(1, 2, 0.9)])
    assert p.event_of == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_a_militant_attack_and_a_states_operation_are_kept_apart_by_their_categories():
    """Issue 19: "an operation near an attack" — a report of an operation in the district of an attack
    on the police, the same day, close by, saying little else — linked on place and day alone before;
    their known categories (attack, operation) now keep them apart. An unknown category or a clash
    (initiator not coded) says nothing against."""
    attack = {"dataset": "GTD", "attack_type": "Armed Assault", "target": "Police", "killed_min": 2,
              "killed_max": 2, "lat": 29.80, "lon": 66.85}
    near = {"dataset": None, "attack_type": None, "target": None, "killed_min": None, "killed_max": None,
            "lat": 29.81, "lon": 66.86}
    f = frame({**attack, "category": "attack"}, {**near, "category": "operation"}, {**near, "category": None},
              {**near, "category": "clash"}, {**near, "category": "attack"})
    apart, unknown, clash, agree = L.score(f, np.array([0, 0, 0, 0]), np.array([1, 2, 3, 4]))
    assert apart < L.REVIEW_AT and min(unknown, clash, agree) >= L.LINK_AT
    assert L.terms(f, np.array([0]), np.array([1]))["attack_operation"].all()
    assert not L.terms(f, np.array([0, 0, 0]), np.array([2, 3, 4]))["attack_operation"].any()


def test_a_pair_blocking_kept_apart_keeps_their_events_apart():
    """A report at the district centroid fits two attacks 30 km apart (two precise points, never
    compared): with ``complete`` (every candidate pair given, as the store gives them) it joins one of
    them, not both; the pairs that were not compared count as a contradiction."""
    f = frame({"lat": 29.80}, {"dataset": "GTD", "lat": 29.80 + 30 / 111.195},
              {"dataset": None, "geo_precision": 2, "lat": 29.93})
    i, j = L.candidate_pairs(f)
    assert set(zip(i.tolist(), j.tolist())) == {(0, 2), (1, 2)}  # the two attacks are too far apart to compare
    ids, ds = ["acled-1", "gtd-1", "report-1"], ["ACLED", "GTD", None]
    triples = [(0, 2, 0.9), (1, 2, 0.8)]
    assert set(L.plan(ids, ds, ids, triples).event_of.values()) == {"acled-1"}  # without: one event of three
    p = L.plan(ids, ds, ids, triples, complete=True)
    assert p.event_of == {"acled-1": "acled-1", "report-1": "acled-1", "gtd-1": "gtd-1"}
