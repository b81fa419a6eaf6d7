from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from atlas import stats
from incidents.models import Attribution
from incidents.registry import default_registry
from incidents.store import Store

from .conftest import make


@pytest.fixture
def frames(sqlite_url):
    s = Store(sqlite_url)
    s.migrate()
    s.save_many([
        make(id="a", date=dt.date(2024, 1, 5)),  # ISKP suspected, TTP denied; 5+ killed
        make(id="b", date=dt.date(2024, 3, 9), location="Quetta", district="Quetta", province_code="PK-BA",
             province="Balochistan", killed_min=2, killed_max=2, killed_text="two", injured_min=None,
             injured_max=None, injured_text="many", attributions=[Attribution("IS", "claimed", "IS")]),
        make(id="c", date=dt.date(2024, 3, 20), killed_min=None, killed_max=None, killed_text="several",
             attributions=[]),
        make(id="d", date=dt.date(2023, 1, 1), date_precision="year", killed_min=10, killed_max=10,
             killed_text="10", attributions=[Attribution("BLA", "blamed", "police")]),
    ])
    yield s.frame(), s.attribution_frame(), s.source_frame()
    s.engine.dispose()


def test_attribution_table_orders_branches_under_parent_and_counts_unattributed(frames):
    frame, att, _ = frames
    t = stats.attribution_table(frame, att)
    assert list(dict.fromkeys(t["label"])) == ["TTP", "IS", "↳ ISKP", "BLA", "Unattributed"]
    row = lambda g, s: t[(t["group"] == g) & (t["status"] == s)].iloc[0]  # noqa: E731
    assert row("ISKP", "suspected")["incidents"] == 1 and row("ISKP", "suspected")["killed_open"]
    assert row("TTP", "denied")["incidents"] == 1
    assert row("IS", "claimed")["killed"] == 2 and not row("IS", "claimed")["killed_open"]
    un = t[t["group"].isna()].iloc[0]
    assert un["incidents"] == 1 and un["killed_known"] == 0  # "several": unknown, never 0


def test_attribution_figures_word_the_chart_numbers(frames):
    frame, att, _ = frames
    f = stats.attribution_figures(stats.attribution_table(frame, att))
    rows = {(r.Group, r.Status): (r.Incidents, r.Killed) for r in f.itertuples()}
    assert rows[("ISKP", "suspected")] == (1, "5+")  # a lower bound never reads as exact
    assert rows[("TTP", "denied (not an attribution)")] == (1, "5+")
    assert rows[("IS", "claimed")] == (1, "2")
    assert rows[("Unattributed", "unattributed")] == (1, "?")  # "several": unknown, not 0
    assert len(rows) == len(f)


def test_attribution_table_equals_a_per_incident_count(sqlite_url):
    """The vectorised table against a plain loop over the incidents (random ledgers,
    unknown and open-ended tolls, incidents outside the selection)."""
    import random

    from incidents.registry import ATTRIBUTING, STATUSES

    rnd = random.Random(3)
    codes = ["TTP", "JuA", "IS", "ISKP", "ISPP", "BLA", "BLF"]
    items = []
    for n in range(300):
        lo = rnd.choice([None, 0, 1, 4, 12])
        hi = rnd.choice([lo, None, (lo or 0) + 3]) if lo is not None else rnd.choice([None, 30])
        pairs = {(rnd.choice(codes), rnd.choice(STATUSES)) for _ in range(rnd.choice([0, 0, 1, 2, 3]))}
        ledger = [Attribution(g, st) for g, st in sorted(pairs)]
        items.append(make(id=f"r{n:03d}", killed_min=lo, killed_max=hi, killed_text="as worded",
                          attributions=ledger))
    s = Store(sqlite_url)
    s.migrate()
    s.save_many(items)
    chosen = [i for i in items if rnd.random() < 0.6]
    frame = s.frame()
    frame = frame[frame["id"].isin({i.id for i in chosen})].reset_index(drop=True)
    t = stats.attribution_table(frame, s.attribution_frame())  # the whole ledger: extra rows ignored
    got = {(r.group if isinstance(r.group, str) else None, r.status): (r.incidents, r.killed, r.killed_open, r.killed_known) for r in t.itertuples()}
    want: dict = {}

    def strongest(inc, group):  # a group counts once per incident, with its strongest status
        ranks = [STATUSES.index(a.status) for a in inc.attributions if a.group == group]
        return STATUSES[min(ranks)] if ranks else None

    for g in codes:
        for st in STATUSES:
            hit = [i for i in chosen if strongest(i, g) == st]
            if hit:
                want[(g, st)] = (len(hit), sum(i.killed_min or 0 for i in hit),
                                 any(i.killed_min is None or i.killed_min != i.killed_max for i in hit),
                                 sum(i.killed_min is not None for i in hit))
    none = [i for i in chosen if not any(a.status in ATTRIBUTING for a in i.attributions)]
    want[(None, "none")] = (len(none), sum(i.killed_min or 0 for i in none),
                            any(i.killed_min is None or i.killed_min != i.killed_max for i in none),
                            sum(i.killed_min is not None for i in none))
    listed = {k: v for k, v in got.items() if v != (0, 0, False, 1)}  # parents listed for their branches
    assert listed == want
    s.engine.dispose()


def test_attributed_group_prefers_claim_over_suspicion():
    att = pd.DataFrame({"incident_id": ["x", "x", "x"], "group_code": ["TTP", "BLA", "IS"],
                        "status": ["denied", "suspected", "claimed"], "by": [None] * 3})
    assert stats.attributed_groups(att)["x"] == "IS"


def test_monthly_fills_gaps_and_leaves_out_year_only_dates(frames):
    frame, _, _ = frames
    m = stats.monthly_casualties(frame)
    assert m.year_only == 1
    assert [d.strftime("%Y-%m") for d in m.table["month"]] == ["2024-01", "2024-02", "2024-03"]
    mar = m.table.iloc[2]
    assert mar["killed"] == 2 and bool(mar["killed_open"]) and mar["incidents"] == 2
    assert m.table.iloc[1]["incidents"] == 0


def test_area_casualties_by_province_and_district(frames):
    frame, _, _ = frames
    prov = stats.area_casualties(frame, "province")
    assert prov.iloc[0]["area"] == "KP" and prov.iloc[0]["killed"] == 15
    dist = stats.area_casualties(frame, "district")
    assert set(dist["area"]) == {"Hangu", "Quetta"}
    with pytest.raises(ValueError):
        stats.area_casualties(frame, "country")


def test_area_casualties_names_unknown_and_unlisted_provinces():
    frame = pd.DataFrame({"province_code": [None, "PK-KP", "PK-XX", "PK-KP"], "district": [None, "Bannu", None, "Bannu"],
                          "killed_min": [1, 2, 3, None], "killed_max": [1, 2, None, None],
                          "injured_min": [None] * 4, "injured_max": [None] * 4})
    prov = stats.area_casualties(frame, "province").set_index("area")
    assert prov.loc["unknown", "killed"] == 1 and prov.loc["PK-XX", "killed"] == 3 and bool(prov.loc["PK-XX", "killed_open"])
    assert prov.loc["KP", "incidents"] == 2 and prov.loc["KP", "killed_known"] == 1
    assert list(stats.area_casualties(frame, "district")["area"]) == ["unknown", "Bannu"]


def test_area_casualties_keeps_one_row_per_name():
    """A district spelt "unknown" and a missing one are one "unknown" row; a province code and its
    short name never make two rows; areas with no incidents are not listed."""
    frame = pd.DataFrame({"province_code": ["PK-BA", None, "PK-BA"], "district": ["unknown", None, "Quetta"],
                          "killed_min": [2, 3, 4], "killed_max": [2, 3, 4],
                          "injured_min": [None] * 3, "injured_max": [None] * 3})
    dist = stats.area_casualties(frame, "district")
    assert list(dist["area"]) == ["unknown", "Quetta"] and list(dist["killed"]) == [5, 4]
    assert list(dist["incidents"]) == [2, 1]
    prov = stats.area_casualties(frame.iloc[[0, 2]], "province")
    assert list(prov["area"]) == ["Balochistan"] and prov.loc[0, "incidents"] == 2


def test_per_incident_labels_never_read_a_lower_bound_as_exact(frames):
    frame, att, _ = frames
    t = stats.incident_casualties(frame, att)
    labels = dict(zip(t["id"], t["killed_label"]))
    assert labels == {"a": "5+", "b": "2", "c": "?", "d": "10"}
    assert list(t["id"]) == ["d", "a", "b", "c"]
    assert t.set_index("id").loc["b", "group"] == "IS"


def test_kpis(frames):
    frame, att, _ = frames
    k = stats.kpis(frame, att)
    assert (k.incidents, k.killed, k.injured, k.groups_claiming) == (4, "17+", "33+", 1)
    assert k.date_span == (dt.date(2023, 1, 1), dt.date(2024, 3, 20))
    known = int(frame["injured_min"].notna().sum())
    assert k.injured_known == known and k.killed_known == int(frame["killed_min"].notna().sum())
    assert k.coverage("injured") == f"injury figures for {known} of 4 incidents"
    empty = stats.kpis(frame.iloc[0:0], att)
    assert (empty.incidents, empty.killed) == (0, "0")


def test_sources_note(frames):
    frame, _, src = frames
    assert stats.sources_note(frame, src) == "Sources: Dawn"
    assert "none" in stats.sources_note(frame.iloc[0:0], src)


def test_a_toll_given_for_several_events_counts_once_and_is_never_split():
    import pandas as pd

    frame = pd.DataFrame({"id": ["mastung", "hangu", "kuchlak"],
                          "killed_min": pd.array([None, 5, 2], dtype="Int64"),
                          "killed_max": pd.array([None, None, 2], dtype="Int64")})
    related = pd.DataFrame({"related_id": ["r", "r"], "event_id": ["mastung", "hangu"],
                            "killed_min": pd.array([51, 51], dtype="Int64"),
                            "killed_max": pd.array([None, None], dtype="Int64")})
    assert stats.total_wording(frame, "killed", related) == "53+"  # "over 50" for both, plus Kuchlak's 2
    assert stats.total_wording(frame, "killed") == "7+"  # without the toll: only what each gives alone
    assert stats.total_wording(frame[frame["id"] == "mastung"], "killed", related) == "?"  # never 51 - 5
    assert stats.total_wording(frame[frame["id"] != "mastung"], "killed", related) == "7+"
    low = related.assign(killed_min=pd.array([3, 3], dtype="Int64"), killed_max=pd.array([3, 3], dtype="Int64"))
    assert stats.total_wording(frame, "killed", low) == "7+"  # a toll below the events' own adds nothing


def test_coverage_counts_the_incidents_a_related_toll_covers():
    import pandas as pd

    frame = pd.DataFrame({"id": ["mastung", "hangu", "kuchlak"], "date": pd.to_datetime(["2023-09-29"] * 3),
                          "killed_min": pd.array([None, 5, 2], dtype="Int64"),
                          "killed_max": pd.array([None, None, 2], dtype="Int64"),
                          "injured_min": pd.array([None, 11, 2], dtype="Int64"),
                          "injured_max": pd.array([None, None, 2], dtype="Int64")})
    related = pd.DataFrame({"related_id": ["r", "r"], "event_id": ["mastung", "hangu"],
                            "killed_min": pd.array([51, 51], dtype="Int64"),
                            "killed_max": pd.array([None, None], dtype="Int64"),
                            "injured_min": pd.array([None, None], dtype="Int64"),
                            "injured_max": pd.array([None, None], dtype="Int64")})
    empty = pd.DataFrame(columns=["incident_id", "group_code", "status", "by"])
    k = stats.kpis(frame, empty, related)
    assert (k.killed, k.killed_known) == ("53+", 3)  # Mastung's part is in the toll given for both
    assert (k.injured, k.injured_known) == ("13+", 2)  # the toll gives no injured figure
    alone = stats.kpis(frame[frame["id"] == "mastung"], empty, related)
    assert (alone.killed, alone.killed_known) == ("?", 0)


# -- time bins, coverage, incidents over time -------------------------------------------------------

def _events(rows):
    """An events frame as the pages hold it (date datetime64, precision, province, bounds)."""
    df = pd.DataFrame([{"date_precision": "day", "province_code": "PK-KP", "killed_min": None, "killed_max": None,
                        "injured_min": None, "injured_max": None, **r} for r in rows])
    df["date"] = pd.to_datetime(df["date"])
    for c in ("killed_min", "killed_max", "injured_min", "injured_max"):
        df[c] = df[c].astype("Int64")
    return df


def _ledger(*entries):
    return pd.DataFrame(entries, columns=["incident_id", "group_code", "status"]).assign(by=None)


def _coverage(*spans):
    from incidents.coverage import Coverage, DatasetCoverage

    return Coverage(tuple(DatasetCoverage(f"S{i}", dt.date.fromisoformat(a), dt.date.fromisoformat(b), 1, None)
                          for i, (a, b) in enumerate(spans)))


def test_bins_start_on_mondays_months_and_years():
    dates = pd.Series(pd.to_datetime(["2024-03-02", "2024-03-04", "2024-03-10", "2024-12-31"]))
    assert [str(d) for d in stats.bin_starts(dates, "week")] == ["2024-02-26", "2024-03-04", "2024-03-04", "2024-12-30"]
    assert [str(d) for d in stats.bin_starts(dates, "month")] == ["2024-03-01"] * 3 + ["2024-12-01"]
    assert [str(d) for d in stats.bin_starts(dates, "year")] == ["2024-01-01"] * 4
    starts, ends = stats.bin_range(np.datetime64("2024-01-01"), np.datetime64("2024-03-01"), "month")
    assert [str(d) for d in ends] == ["2024-01-31", "2024-02-29", "2024-03-31"]
    with pytest.raises(ValueError):
        stats.bin_starts(dates, "day")


def test_precision_coarser_than_the_bin_is_left_out_and_counted():
    ev = _events([dict(id="d", date="2024-03-05"), dict(id="m", date="2024-03-01", date_precision="month"),
                  dict(id="y1", date="2024-01-01", date_precision="year"),
                  dict(id="y2", date="2023-01-01", date_precision="year")])
    assert stats.too_coarse(ev, "week").tolist() == [False, True, True, True]
    assert stats.too_coarse(ev, "month").tolist() == [False, False, True, True]
    assert not stats.too_coarse(ev, "year").any()
    week = stats.incident_counts(ev, _ledger(), by="province", freq="week")
    assert week.excluded == {"month": 1, "year": 2} and week.drawn == 1
    assert week.note == "1 incident known only to the month and 2 known only to the year are not shown by week"
    month = stats.incident_counts(ev, _ledger(), by="province", freq="month")
    assert month.note == "2 incidents known only to the year are not shown by month"
    assert month.table["KP"].tolist() == [2.0]  # the day and the month record in March; no year record
    year = stats.incident_counts(ev, _ledger(), by="province", freq="year")
    assert year.excluded == {} and year.note == "" and year.table["KP"].tolist() == [1.0, 3.0]
    m = stats.monthly_casualties(ev)
    assert m.year_only == 2 and m.note == "2 incidents known only to the year are not shown by month"
    assert stats.precision_note({"year": 1}, "month") == "1 incident known only to the year is not shown by month"


def test_counts_by_group_count_each_event_once_per_attributing_group():
    ev = _events([dict(id="a", date="2024-01-03"), dict(id="b", date="2024-01-20"), dict(id="c", date="2024-03-02"),
                  dict(id="d", date="2024-03-09")])
    att = _ledger(("a", "TTP", "claimed"), ("a", "TTP", "blamed"),  # one group twice: once
                  ("b", "TTP", "suspected"), ("b", "ISKP", "claimed"),  # two groups: once in each
                  ("c", "TTP", "denied"),  # a denial is not an attribution: unattributed
                  ("d", "BLA", "blamed"), ("zz", "BLA", "claimed"))  # an event outside the selection
    c = stats.incident_counts(ev, att, by="group", freq="month")
    # most incidents first, ties in registry order
    assert list(c.table.columns) == ["TTP", "ISKP", "BLA", "Unattributed"]
    assert [str(d.date()) for d in c.table.index] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert c.table.loc["2024-01-01"].tolist() == [2, 1, 0, 0]
    assert c.table.loc["2024-02-01"].tolist() == [0, 0, 0, 0]  # no coverage given: a gap month is zero
    assert c.table.loc["2024-03-01"].tolist() == [0, 0, 1, 1]
    assert c.shared == 1 and c.drawn == 4 and "1 incident attributed to several groups is counted once in each" in c.note
    # the same per-group totals as the attribution chart (attributing statuses, an incident once per group)
    table = stats.attribution_table(ev, att)
    attributing = table[table["status"].isin(["claimed", "suspected", "blamed"])].groupby("group")["incidents"].sum()
    assert c.table[["TTP", "ISKP", "BLA"]].sum().to_dict() == attributing[attributing > 0].to_dict()
    assert c.colours["ISKP"] == default_registry().colour("ISKP")


def test_counts_beyond_the_top_groups_are_one_other_series_counted_once_per_event():
    groups = ["TTP", "BLA", "BLF", "ISKP"]
    ev = _events([dict(id=f"e{i}", date="2024-05-01") for i in range(4)])
    att = _ledger(*[(f"e{i}", g, "claimed") for i, g in enumerate(groups)], ("e3", "BLF", "suspected"))
    c = stats.incident_counts(ev, att, by="group", freq="year", top=1)
    assert list(c.table.columns) == ["BLF", "Other groups"]
    assert c.table.iloc[0].tolist() == [2, 3]  # e3 names BLF and ISKP: once in BLF and once in "Other"


def test_counts_by_category_read_the_column_when_there_and_unknown_otherwise():
    ev = _events([dict(id="a", date="2024-01-03"), dict(id="b", date="2024-01-05"), dict(id="c", date="2025-02-01")])
    c = stats.incident_counts(ev, _ledger(), by="category", freq="year")
    assert list(c.table.columns) == [stats.UNKNOWN_CATEGORY] and c.table.iloc[:, 0].tolist() == [2, 1]
    ev["category"] = ["operation", None, "attack"]
    c = stats.incident_counts(ev, _ledger(), by="category", freq="year")
    assert list(c.table.columns) == ["Attacks", "Security operations", stats.UNKNOWN_CATEGORY]
    assert c.table.loc["2024-01-01"].tolist() == [0, 1, 1] and c.table.loc["2025-01-01"].tolist() == [1, 0, 0]


def test_counts_by_province_use_short_names_and_keep_unknown():
    ev = _events([dict(id="a", date="2024-01-03"), dict(id="b", date="2024-01-05", province_code="PK-BA"),
                  dict(id="c", date="2024-01-06", province_code="PK-BA"), dict(id="d", date="2024-01-07",
                                                                               province_code=None)])
    c = stats.incident_counts(ev, _ledger(), by="province", freq="week")
    assert list(c.table.columns) == ["Balochistan", "KP", stats.UNKNOWN_PROVINCE]
    assert c.table.iloc[0].tolist() == [2, 1, 1]
    with pytest.raises(ValueError):
        stats.incident_counts(ev, _ledger(), by="district")
    with pytest.raises(ValueError):
        stats.incident_counts(ev, _ledger(), freq="quarter")


def test_bins_outside_every_sources_coverage_are_no_data_not_zero():
    ev = _events([dict(id="a", date="2020-01-10"), dict(id="b", date="2020-06-10")])
    cov = _coverage(("2019-06-01", "2020-02-15"), ("2020-05-20", "2020-12-31"))
    c = stats.incident_counts(ev, _ledger(), by="province", freq="month", coverage=cov)
    assert c.table["KP"].tolist()[:6] == [1, 0, pytest.approx(np.nan, nan_ok=True), pytest.approx(np.nan, nan_ok=True),
                                          0, 1]
    assert c.no_data.tolist() == [False, False, True, True, False, False]  # Feb: partly covered, a real zero
    assert "no data" in c.note
    m = stats.monthly_casualties(ev, cov)
    assert m.table["no_data"].tolist() == [False, False, True, True, False, False]
    assert m.table["incidents"].tolist() == [1, 0, 0, 0, 0, 1]
    assert "no data" in m.note
    covered = stats.incident_counts(ev, _ledger(), by="province", freq="month", coverage=_coverage(("2019-01-01", "2021-01-01")))
    assert not covered.no_data.any() and covered.table["KP"].tolist() == [1, 0, 0, 0, 0, 1]
    assert "no data" not in covered.note


# -- QA on the real UCDP GED export ---------------------------------------------------------------

@pytest.fixture
def unlisted_store(sqlite_url):
    """UCDP one-sided events whose perpetrator the registry lacks, next to an unattributed one and TTP's."""
    s = Store(sqlite_url)
    s.migrate()
    ucdp = dict(attributions=[], sources=[], dataset="UCDP GED", district=None)
    s.save_many([
        make(id="jui-1", dataset_event_id="1", killed_min=40, killed_max=40, killed_text="40",
             flags=["unmapped actor: Jaish-ul-Islam"], **ucdp),
        make(id="jui-2", dataset_event_id="2", killed_min=67, killed_max=67, killed_text="67",
             flags=["unmapped actor: Jaish-ul-Islam", "unmapped actor: Jondullah"], **ucdp),
        make(id="none-1", dataset_event_id="3", killed_min=3, killed_max=3, killed_text="3", **ucdp),
        make(id="ttp-1", attributions=[Attribution("TTP", "claimed", "TTP")]),
    ])
    yield s
    s.engine.dispose()


def test_a_group_the_registry_lacks_is_counted_apart_from_the_unattributed(unlisted_store):
    from atlas.views import build_snapshot

    snap = build_snapshot(unlisted_store)
    assert {i: u if isinstance(u, str) else None for i, u in zip(snap.frame["id"], snap.frame["unlisted"])} == {
        "jui-1": "Jaish-ul-Islam", "jui-2": "Jaish-ul-Islam; Jondullah", "none-1": None, "ttp-1": None}
    t = stats.attribution_table(snap.frame, snap.attributions)
    named = t[t["label"] == "Group not in the registry"].iloc[0]
    assert (named["status"], named["incidents"], named["killed"]) == (stats.NOT_IN_REGISTRY, 2, 107)
    assert pd.isna(named["group"])  # no registry group, and no status invented for one
    unattributed = t[t["label"] == "Unattributed"].iloc[0]
    assert (unattributed["incidents"], unattributed["killed"]) == (1, 3)
    figures = stats.attribution_figures(t)
    assert "claimed" not in set(figures.loc[figures["Group"] == "Group not in the registry", "Status"])
    counts = stats.incident_counts(snap.frame, snap.attributions, freq="year")
    assert counts.table.sum().to_dict() == {"TTP": 1, "Group not in the registry": 2, "Unattributed": 1}
    # without the names (an older frame) they stay unattributed, as before
    assert stats.attribution_table(snap.frame.drop(columns="unlisted"), snap.attributions)["label"].tolist()[-1:] == [
        "Unattributed"]


def test_dataset_records_are_not_reports_in_the_sources_note(unlisted_store):
    from atlas.views import build_snapshot

    snap = build_snapshot(unlisted_store)
    src = pd.DataFrame({"incident_id": [f"jui-{k % 2 + 1}" for k in range(4269)] + ["ttp-1"],
                        "outlet": [None] * 4269 + [None], "url": [None] * 4269 + ["https://x.example/1"]})
    note = stats.sources_note(snap.frame, src)
    assert "2 UCDP GED records without an outlet name" in note
    assert "1 report without an outlet name" in note and "4269" not in note
    many = pd.DataFrame({"incident_id": ["ttp-1"] * 4269, "outlet": [None] * 4269,
                         "url": [f"https://x.example/{k}" for k in range(4269)]})
    assert "4,269 reports without an outlet name" in stats.sources_note(snap.frame, many)


def test_unknown_districts_are_left_out_of_the_top_districts_and_counted():
    frame = pd.DataFrame({"id": list("abcd"), "district": ["Quetta", "unknown", None, "Unknown"],
                          "province_code": ["PK-BA"] * 4,
                          **{c: pd.array([1, 2, 3, 4], dtype="Int64") for c in
                             ("killed_min", "killed_max", "injured_min", "injured_max")}})
    table, note = stats.known_areas(stats.area_casualties(frame, "district"), "district")
    assert table["area"].tolist() == ["Quetta"]
    assert note == "3 incidents with an unknown district are not shown"
    assert stats.known_areas(table, "district")[1] == ""


def test_category_labels_come_from_one_place():
    from incidents.filters import CATEGORY_LABELS, UNKNOWN_CATEGORY, category_title

    assert stats.CATEGORY_LABELS["operation"] == category_title("operation") == "Security operations"
    assert stats.UNKNOWN_CATEGORY == category_title(UNKNOWN_CATEGORY) == category_title(None) == "Category unknown"
    assert CATEGORY_LABELS["operation"] == "security operations"

