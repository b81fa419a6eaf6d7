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


@pytest.fixture
def filled(store):
    incs = [make(id="a"), make(id="b", province_code="PK-BA", district="Quetta", killed_min=2, killed_max=2,
                                killed_text=None, attributions=[Attribution("BLA", "claimed", None)]),
            make(id="c", killed_min=None, killed_max=None, killed_text="many", attributions=[]),
            make(id="d", lat=None, lon=None, attributions=[Attribution("TTP", "denied", "TTP")])]
    store.save_many(incs)
    return store


@pytest.mark.parametrize("flt", [IncidentFilter(), IncidentFilter.build(groups=["ISKP"]),
                                 IncidentFilter.build(provinces=["PK-BA"]), IncidentFilter.build(groups=["none"]),
                                 IncidentFilter.build(groups=["TTP"], statuses=["denied"])])
def test_selection_matches_the_store(filled, flt):
    snap = build_snapshot(filled)
    data = select(snap, flt, None if flt == IncidentFilter() else filled.ids(flt))
    want = filled.frame(flt, columns=FRAME_COLUMNS)
    assert list(data.frame["id"]) == list(want["id"])
    pd.testing.assert_frame_equal(data.frame.reset_index(drop=True), want.reset_index(drop=True))
    atts = filled.attribution_frame(flt)
    assert sorted(map(tuple, data.attributions.to_numpy().tolist())) == sorted(map(tuple, atts.to_numpy().tolist()))
    assert set(data.sources["incident_id"]) == set(filled.source_frame(flt)["incident_id"])
    groups = dict(zip(data.frame["id"], data.groups))
    assert groups.get("a") in (None, "ISKP") and groups.get("d") is None


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
