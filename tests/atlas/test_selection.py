"""The cached columnar path gives the same rows as asking the store, and the vectorised totals read
like the per-row wording."""
from __future__ import annotations

import pandas as pd
import pytest

from atlas import stats
from atlas.text import total_label
from atlas.views import FRAME_COLUMNS, build_snapshot, select
from incidents.filters import IncidentFilter
from incidents.models import Attribution

from .conftest import make


def distinct(*incs):
    """Four attacks in one dataset: never linked into one event."""
    return [i.copy(dataset="TEST", dataset_event_id=i.id) for i in incs]


@pytest.fixture
def filled(store):
    incs = [make(id="a"), make(id="b", province_code="PK-BA", district="Quetta", killed_min=2, killed_max=2,
                                killed_text=None, attributions=[Attribution("BLA", "claimed", None)]),
            make(id="c", killed_min=None, killed_max=None, killed_text="many", attributions=[]),
            make(id="d", lat=None, lon=None, attributions=[Attribution("TTP", "denied", "TTP")])]
    store.save_many(distinct(*incs))
    return store


@pytest.mark.parametrize("flt", [IncidentFilter(), IncidentFilter.build(groups=["ISKP"]),
                                 IncidentFilter.build(provinces=["PK-BA"]), IncidentFilter.build(groups=["none"]),
                                 IncidentFilter.build(groups=["TTP"], statuses=["denied"])])
def test_selection_matches_the_store(filled, flt):
    snap = build_snapshot(filled)
    data = select(snap, flt, None if flt == IncidentFilter() else filled.ids(flt))
    want = filled.frame(flt, columns=FRAME_COLUMNS)
    assert list(data.frame["id"]) == list(want["id"])
    pd.testing.assert_frame_equal(data.frame[list(want.columns)].reset_index(drop=True), want.reset_index(drop=True))
    assert (data.frame["records"] == 1).all() and data.frame["killed_spread"].isna().all()
    atts = filled.attribution_frame(flt)
    assert sorted(map(tuple, data.attributions[list(atts.columns)].to_numpy().tolist())) == \
        sorted(map(tuple, atts.to_numpy().tolist()))
    assert set(data.sources["incident_id"]) == set(filled.source_frame(flt)["incident_id"])
    groups = dict(zip(data.frame["id"], data.groups))
    assert groups.get("a") in (None, "ISKP") and groups.get("d") is None


def test_records_of_one_attack_are_one_row_counted_once(store):
    from atlas.views import build_snapshot

    store.save_many([make(id="acled-1", dataset="ACLED", dataset_event_id="1", killed_min=5, killed_max=5,
                          killed_text="5"),
                     make(id="r-dawn", killed_min=7, killed_max=None, killed_text="at least seven", geo_precision=2,
                          attributions=[Attribution("ISKP", "claimed", "Amaq")]),
                     make(id="acled-2", dataset="ACLED", dataset_event_id="2", location="Quetta", district="Quetta",
                          province="Balochistan", province_code="PK-BA", lat=30.18, lon=66.99, attributions=[])])
    snap = build_snapshot(store)
    assert len(snap.frame) == 2
    row = snap.frame.set_index("id").loc["acled-1"]
    assert row["records"] == 2 and row["killed_text"] == "at least seven"  # one source's figure, not 5 + 7
    assert row["killed_spread"] == "5–7+ across 2 sources"  # "at least seven" may be more and "killed" in row["disagree"]
    assert row["geo_precision"] == 1  # the most precise record's place
    kpis = stats.kpis(snap.frame, snap.attributions)
    assert kpis.incidents == 2 and kpis.groups_claiming == 1
    ledger = snap.attributions[snap.attributions["incident_id"] == "acled-1"]
    assert sorted(zip(ledger["group_code"], ledger["status"])) == [("ISKP", "claimed"), ("ISKP", "suspected"),
                                                                 ("TTP", "denied")]


def test_vectorised_totals_match_the_wording(filled):
    frame = filled.frame()
    for kind in ("killed", "injured"):
        pairs = [(None if pd.isna(lo) else int(lo), None if pd.isna(hi) else int(hi))
                 for lo, hi in zip(frame[f"{kind}_min"], frame[f"{kind}_max"])]
        assert stats.total_wording(frame, kind) == total_label(pairs)
    assert stats.total_wording(frame.iloc[0:0], "killed") == "0"
    unknown = frame[frame["id"] == "c"]
    assert stats.total_wording(unknown, "killed") == "?"


def test_member_is_isin():
    col = pd.Series(["a", "b", "c", "a"], dtype="str")
    assert stats.member(col, pd.Series(["a", "z"], dtype="str")).tolist() == [True, False, False, True]
    assert stats.member(col, {"c"}).tolist() == [False, False, True, False]
    assert stats.member(col.iloc[0:0], ["a"]).tolist() == []


def test_the_pages_coverage_follows_the_dataset_filter():
    """The "no data" bins and footnotes of a view filtered to one dataset use that dataset's coverage."""
    import datetime as dt
    from types import SimpleNamespace

    from atlas.views import _coverage
    from incidents.coverage import Coverage
    from incidents.filters import IncidentFilter

    cov = Coverage.from_rows([("UCDP", "day", dt.date(1989, 1, 1), dt.date(2021, 12, 31), 5, None),
                              ("ACLED", "day", dt.date(2022, 1, 1), dt.date(2024, 6, 30), 4, None)])
    snap = SimpleNamespace(coverage=cov)
    assert _coverage(snap, IncidentFilter()) is cov
    assert [d.source for d in _coverage(snap, IncidentFilter.build(datasets=["UCDP"])).datasets] == ["UCDP"]
    assert _coverage(SimpleNamespace(coverage=None), IncidentFilter.build(datasets=["UCDP"])) is None
