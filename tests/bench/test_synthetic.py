"""The synthetic benchmark dataset: labelled, deterministic, skewed, and valid for the store."""
from __future__ import annotations

import collections

from incidents.models import validate
from tests.support.bench import bench_module


def _synthetic():
    return bench_module("synthetic")


def test_labelled_deterministic_and_valid():
    syn = _synthetic()
    a = list(syn.generate(300, seed=3))
    b = list(syn.generate(300, seed=3))
    assert [i.to_dict() for i in a] == [i.to_dict() for i in b]
    assert [i.id for i in a[:2]] == ["syn-000001", "syn-000002"]
    for inc in a:
        validate(inc)
        assert inc.dataset == "SYNTHETIC" and inc.summary.startswith(syn.SUMMARY_PREFIX)
        assert 2015 <= inc.date.year <= 2025 and inc.sources


def test_skewed_like_real_data():
    syn = _synthetic()
    incs = list(syn.generate(4000, seed=5))
    drawn = collections.Counter(next((a.group for a in i.attributions if a.status != "denied"), None) for i in incs)
    named = collections.Counter({g: c for g, c in drawn.items() if g})
    assert named.most_common(1)[0][0] == "TTP"
    assert drawn["BLA"] > drawn["ISKP"] > drawn["LeI"]
    assert 0.2 < drawn[None] / len(incs) < 0.4  # a good share unattributed
    assert any(a.status == "denied" for i in incs for a in i.attributions)
    districts = collections.Counter(i.district for i in incs).most_common()
    assert districts[0][1] > 5 * districts[len(districts) // 2][1]  # Zipf-like
    assert {i.province_code for i in incs} >= {"PK-BA", "PK-KP", "PK-PB"}
    years = collections.Counter(i.date.year for i in incs)
    assert years[2024] > 2 * years[2015]  # more recent more often
    assert any(i.killed_min is None and i.killed_max is None for i in incs)  # unknown stays null
    assert any(i.killed_text and i.killed_max is None for i in incs)  # open-ended wording


def test_writes_through_the_store(tmp_path):
    from incidents.store import Store

    syn = _synthetic()
    url = f"sqlite:///{tmp_path / 'syn.sqlite'}"
    res = syn.write_store(url, 500, batch=200)
    assert res["rows"] == 500
    store = Store(url)
    assert store.count() == 500 and store.get("syn-000500").dataset == "SYNTHETIC"
