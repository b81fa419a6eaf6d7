"""The linker's labelled set (bench/linkset.py): deterministic, valid for the store, labelled, with its
hard negatives and each source's own offsets."""
from __future__ import annotations

import collections

from incidents.models import validate
from tests.support.bench import bench_module


def test_deterministic_labelled_and_valid():
    linkset = bench_module("linkset")
    a, b = linkset.generate(400, seed=5), linkset.generate(400, seed=5)
    assert [r.to_dict() for r in a.records] == [r.to_dict() for r in b.records]
    assert a.event_of == b.event_of and a.hard == b.hard
    assert linkset.generate(400, seed=6).records[0].to_dict() != a.records[0].to_dict()
    assert set(a.event_of) == {r.id for r in a.records} and len(a.event_of) == len(a.records)
    for r in a.records:
        validate(r)
        assert r.summary.startswith(linkset.SUMMARY_PREFIX)
        assert (r.dataset is None) == r.id.startswith("report-")
        if r.dataset is None:
            assert r.sources and r.sources[0].url.startswith("https://")
    per_dataset = collections.Counter((r.dataset, a.event_of[r.id]) for r in a.records if r.dataset)
    assert max(per_dataset.values()) == 1  # one record per dataset per attack
    assert linkset.HELD_OUT_SEED not in linkset.TRAIN_SEEDS


def test_hard_negatives_and_offsets():
    linkset = bench_module("linkset")
    s = linkset.generate(2000, seed=5)
    by_event = {a.event: a for a in s.attacks}
    cases = collections.Counter(c for c, _, _ in s.hard)
    assert set(cases) == set(linkset.HARD_CASES) and min(cases.values()) >= 10
    for case, x, y in s.hard:
        a, b = by_event[x], by_event[y]
        if case == "two_provinces":
            assert a.date == b.date and a.province_code != b.province_code
        elif case == "next_day_same_place":
            assert (b.date - a.date).days == 1 and (a.kind, b.kind, b.killed) == ("suicide", "armed", 1)
        elif case == "quetta_two_ieds":
            assert a.date == b.date and a.district == b.district == "Quetta" and a.killed != b.killed
        else:
            assert b.kind == "operation" and a.district == b.district and a.target == "police"
    truth = {a.event: a for a in s.attacks}
    gaps = collections.Counter((r.dataset, (r.date - truth[s.event_of[r.id]].date).days) for r in s.records)
    assert gaps[("GTD", 1)] > gaps[("ACLED", 1)] and gaps[(None, 1)] > 0 and gaps[("GTD", 2)] > 0
    assert all(days >= 0 for _, days in gaps)  # sources date an attack late, never early
    precisions = collections.Counter(r.geo_precision for r in s.records)
    assert precisions[1] > precisions[2] > precisions[3] > 0


def test_each_source_writes_its_own_text_naming_place_and_detail_only_some_of_the_time():
    linkset = bench_module("linkset")
    s = linkset.generate(1500, seed=5)
    truth = {a.event: a for a in s.attacks}
    by_source = collections.defaultdict(list)
    for r in s.records:
        a = truth[s.event_of[r.id]]
        assert a.event not in r.summary and a.case not in r.summary  # the truth is not in the text
        by_source[r.dataset].append((r, a))
    assert by_source["ACLED"][0][0].summary.split(". ", 1)[1].startswith("On ")  # ACLED notes: "On 1 January 2019, …"
    assert "province, Pakistan." in by_source["GTD"][0][0].summary  # GTD: "…, Kech district, Balochistan province, …"
    for ds, rows in by_source.items():
        named = [r for r, a in rows if r.geo_precision > 1 and
                 (a.locality in r.summary or (a.town != a.district and a.town in r.summary))]
        coarse = [r for r, _ in rows if r.geo_precision > 1]
        assert 0.1 < len(named) / len(coarse) < 0.7, ds  # a place below the district, in the text only sometimes
        precise = [(r, a) for r, a in rows if r.geo_precision == 1]
        assert sum(r.location != a.district for r, a in precise) > 0.8 * len(precise)  # the place itself
    for case, x, y in s.hard:
        a, b = truth[x], truth[y]
        if case == "next_day_same_place":  # the words: the cantonment, then a checkpost, one place
            assert (a.locality, a.detail, b.detail) == (b.locality, "cantonment", "checkpost")
    places = collections.Counter((a.district, a.locality) for a in s.attacks if a.district == "Quetta")
    assert places.most_common(1)[0][1] > 0.15 * sum(places.values())  # a hot spot's attacks come back to a place
