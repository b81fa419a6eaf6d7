from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from atlas import charts, stats
from incidents.registry import default_registry

TEXT = charts.ChartText("Title here", "ISKP · claimed · 2023", "Sources: Dawn. Data as of 1 Jan 2025.")


def frame(rows):
    df = pd.DataFrame(rows)
    for c in ("killed_min", "killed_max", "injured_min", "injured_max"):
        df[c] = df[c].astype("Int64")
    df["date"] = pd.to_datetime(df["date"])
    return df


ROWS = [
    dict(id="a", date="2023-09-29", date_precision="day", location="Mastung", district="Mastung",
         province_code="PK-BA", killed_min=50, killed_max=None, killed_text="over 50", injured_min=None,
         injured_max=None, dataset=None),
    dict(id="b", date="2023-10-02", date_precision="day", location="Hangu", district="Hangu",
         province_code="PK-KP", killed_min=5, killed_max=7, killed_text="5-7", injured_min=2, injured_max=2,
         dataset=None),
]
ATT = pd.DataFrame({"incident_id": ["a", "b", "b"], "group_code": ["ISPP", "ISKP", "TTP"],
                    "status": ["suspected", "claimed", "denied"], "by": [None, None, None]})


def briefing_ready(fig: go.Figure):
    assert "Title here" in fig.layout.title.text
    assert fig.layout.title.subtitle.text == TEXT.subtitle
    notes = [a.text for a in fig.layout.annotations]
    assert any("Data as of" in n and "Sources" in n for n in notes)


def test_attribution_chart_group_colours_statuses_and_totals():
    fig = charts.attribution_chart(stats.attribution_table(frame(ROWS), ATT), TEXT)
    briefing_ready(fig)
    bars = [t for t in fig.data if isinstance(t, go.Bar) and t.x is not None and t.x[0] is not None]
    reg = default_registry()
    colours = {c for t in bars for c in t.marker.color}
    assert reg.colour("ISKP") in colours and reg.colour("ISPP") in colours
    assert {t.name for t in bars} >= {"claimed", "suspected"}  # a denial is a marker, not a bar (below)
    assert "denied (not an attribution)" in {t.name for t in fig.data if isinstance(t, go.Scatter)}
    labels = list(fig.layout.yaxis.categoryarray)
    assert labels.index("IS") < labels.index("↳ ISKP") and labels[-1] == "Unattributed"
    totals = [t for t in fig.data if isinstance(t, go.Scatter) and t.mode == "text"]  # the figures (not the denial markers)
    killed_text = dict(zip(totals[1].y, totals[1].text))
    assert killed_text["↳ ISPP"] == "50+" and killed_text["↳ ISKP"] == "5+"
    assert "(+1 denied)" in dict(zip(totals[0].y, totals[0].text))["TTP"]


def test_per_incident_chart_marks_open_ended_figures():
    t = stats.incident_casualties(frame(ROWS), ATT)
    fig = charts.casualties_per_incident_chart(t, TEXT)
    briefing_ready(fig)
    bar = fig.data[0]
    assert list(bar.text) == ["50+", "5–7"]
    assert list(bar.marker.pattern.shape) == ["/", "/"]
    assert list(bar.error_x.array) == [0, 2]


def test_two_incidents_of_one_day_and_place_keep_a_bar_each():
    """QA: two 60-killed Mastung incidents of 29 Sep 2023 were stacked into one 120 bar."""
    rows = [ROWS[0], {**ROWS[0], "id": "c", "killed_min": 60, "killed_max": 60, "killed_text": "60"}]
    t = stats.incident_casualties(frame(rows), ATT)
    assert sorted(t["label"]) == ["29 Sep 2023 · Mastung (1)", "29 Sep 2023 · Mastung (2)"]
    fig = charts.casualties_per_incident_chart(t, TEXT)
    assert sum(len(b.y) for b in fig.data if isinstance(b, go.Bar) and b.y is not None and None not in b.y) == 2


def test_month_and_area_charts_show_plus_for_lower_bounds():
    fig = charts.casualties_by_month_chart(stats.monthly_casualties(frame(ROWS)), TEXT)
    briefing_ready(fig)
    killed = fig.data[0]
    assert list(killed.text) == ["50+", "5+"]
    fig = charts.casualties_by_area_chart(stats.area_casualties(frame(ROWS), "province"), TEXT)
    assert list(fig.data[0].y) == ["Balochistan", "KP"]


def test_long_month_series_are_lines_with_open_markers_for_open_months():
    months = pd.date_range("2015-01-01", periods=charts.MONTH_LABELS_MAX + 1, freq="MS")
    table = pd.DataFrame({"month": months, "incidents": 1, "killed": 3, "injured": 0,
                          "killed_open": [i % 2 == 0 for i in range(len(months))], "injured_open": True,
                          "killed_known": 1, "injured_known": 0})
    fig = charts.casualties_by_month_chart(stats.Monthly(table, 0), TEXT)
    killed, injured = fig.data[0], fig.data[1]
    assert killed.type == "scatter" and killed.mode == "lines+markers" and len(killed.x) == len(months)
    assert list(killed.marker.symbol[:3]) == ["circle-open", "circle", "circle-open"]
    assert [c[1] for c in killed.customdata[:2]] == ["3+", "3"]  # the hover keeps "+"
    assert set(injured.marker.symbol) == {"circle-open"} and [c[1] for c in injured.customdata[:1]] == ["?"]  # unknown
    assert "Open circle" in fig.layout.annotations[0].text
    short = charts.casualties_by_month_chart(stats.Monthly(table.head(3), 0), TEXT)
    assert short.data[0].type == "bar" and list(short.data[0].text) == ["3+", "3", "3+"]
    assert "Open circle" not in short.layout.annotations[0].text


def _counts_events():
    rows = [dict(ROWS[0], id="a", date="2023-01-10"), dict(ROWS[1], id="b", date="2023-01-12"),
            dict(ROWS[1], id="c", date="2023-05-03"), dict(ROWS[0], id="y", date="2023-01-01", date_precision="year")]
    return frame(rows)


def _gap_coverage():
    """Two sources: January to February 2023, and May 2023 on: March and April have no data."""
    from incidents.coverage import Coverage, DatasetCoverage

    return Coverage((DatasetCoverage("GTD", dt.date(2023, 1, 1), dt.date(2023, 2, 28), 2, None),
                     DatasetCoverage("report", dt.date(2023, 5, 1), dt.date(2023, 5, 31), 1, None)))


def _counts(freq: str, gap: bool = False, by: str = "group"):
    att = pd.DataFrame({"incident_id": ["a", "b", "c"], "group_code": ["TTP", "ISKP", "TTP"],
                        "status": ["claimed", "claimed", "denied"], "by": None})
    return stats.incident_counts(_counts_events(), att, by=by, freq=freq, coverage=_gap_coverage() if gap else None)


def test_counts_chart_stacks_a_bar_per_series_and_switches_bins():
    fig = charts.incident_counts_chart(_counts("month"), TEXT)
    briefing_ready(fig)
    assert fig.layout.barmode == "stack" and fig.layout.yaxis.title.text == "Incidents"
    bars = {t.name: t for t in fig.data}
    assert list(bars) == ["TTP", "ISKP", "Unattributed"] and all(t.type == "bar" for t in fig.data)
    assert list(bars["TTP"].x) == ["2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01", "2023-05-01"]
    assert list(bars["TTP"].y) == [1, 0, 0, 0, 0] and list(bars["Unattributed"].y) == [0, 0, 0, 0, 1]
    assert bars["TTP"].marker.color == default_registry().colour("TTP")
    assert not fig.layout.shapes  # no coverage given: nothing marked "no data"
    year = charts.incident_counts_chart(_counts("year"), TEXT)
    # by year the record known only to the year is counted too
    assert [list(t.y) for t in year.data] == [[1], [1], [2]] and year.layout.xaxis.tickformat == "%Y"
    week = charts.incident_counts_chart(_counts("week"), TEXT)
    assert week.data[0].x[0] == "2023-01-09" and len(week.data[0].x) == 17  # Mondays, 9 Jan to 1 May
    assert "week of" in week.data[0].hovertemplate
    lines = charts.incident_counts_chart(_counts("month"), TEXT, stacked=False)
    assert {t.type for t in lines.data} == {"scatter"} and lines.layout.barmode is None
    assert list(lines.data[0].y) == [1, 0, 0, 0, 0]


def test_counts_chart_draws_no_data_as_a_grey_band_and_a_gap_never_a_zero():
    counts = _counts("month", gap=True)
    text = charts.ChartText("T", "S", charts.footnote("Sources: x", dt.date(2025, 1, 1), counts.note))
    fig = charts.incident_counts_chart(counts, text)
    ttp = next(t for t in fig.data if t.name == "TTP")
    assert list(ttp.y) == [1, 0, None, None, 0]  # February: covered, a real zero; March and April: no data
    (band,) = fig.layout.shapes
    assert (band.x0, band.x1, band.yref, band.showlegend) == ("2023-03-01", "2023-05-01", "paper", True)
    assert band.name == charts.NO_DATA_LABEL and band.label.text == "no data"
    note = fig.layout.annotations[-1].text
    assert "no data" in note and "1 incident known only to the year is not shown by month" in note


def test_counts_chart_of_nothing_says_so():
    nothing = stats.incident_counts(_counts_events().iloc[0:0], None, freq="week")
    fig = charts.incident_counts_chart(nothing, TEXT)
    assert any("No incidents dated to a week" in a.text for a in fig.layout.annotations) and not fig.data
    year_only = stats.incident_counts(_counts_events().iloc[3:], None, freq="month")
    assert year_only.excluded == {"year": 1} and not charts.incident_counts_chart(year_only, TEXT).data


def test_month_chart_leaves_months_without_data_blank():
    m = stats.monthly_casualties(_counts_events(), _gap_coverage())
    fig = charts.casualties_by_month_chart(m, TEXT)
    assert list(fig.data[0].y) == [55, 0, None, None, 5]
    assert list(fig.data[0].text)[2:4] == ["", ""]
    assert [(s.x0, s.x1) for s in fig.layout.shapes] == [("2023-03-01", "2023-05-01")]


def test_footnote_names_the_coverage():
    note = charts.footnote("Sources: UCDP", dt.date(2025, 1, 2), "12 left out", "Coverage: UCDP GED Jan 1989–Dec 2021 (CC BY 4.0)")
    assert note == ("Sources: UCDP. Coverage: UCDP GED Jan 1989–Dec 2021 (CC BY 4.0). 12 left out. "
                    "Data as of 2 Jan 2025.")


@pytest.mark.parametrize("build", [
    lambda: charts.attribution_chart(stats.attribution_table(frame(ROWS).iloc[0:0], ATT), TEXT),
    lambda: charts.casualties_by_month_chart(stats.monthly_casualties(frame(ROWS).iloc[0:0]), TEXT),
    lambda: charts.casualties_by_area_chart(stats.area_casualties(frame(ROWS).iloc[0:0]), TEXT),
    lambda: charts.casualties_per_incident_chart(stats.incident_casualties(frame(ROWS).iloc[0:0]), TEXT),
])
def test_empty_state_says_so_without_axes(build):
    fig = build()
    briefing_ready(fig)
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert any("No incidents" in a.text for a in fig.layout.annotations)
    assert len(fig.data) == 0


def test_chart_config_png_scale_3_and_svg_with_meaningful_name():
    cfg = charts.chart_config("attribution", "ISKP · claimed · 2023", today=dt.date(2025, 1, 2))
    opts = cfg["toImageButtonOptions"]
    assert opts == {"format": "png", "scale": 3,
                    "filename": "incident-atlas_attribution_ISKP-claimed-2023_2025-01-02"}
    assert charts.chart_config("x", "All incidents", "svg")["toImageButtonOptions"]["format"] == "svg"
    assert cfg["showSendToCloud"] is False and "sendChartToCloud" in cfg["modeBarButtonsToRemove"]
    with pytest.raises(ValueError):
        charts.chart_config("x", "y", "gif")


def test_footnote():
    assert charts.footnote("Sources: Dawn", dt.datetime(2025, 1, 2, 3, 4)) == "Sources: Dawn. Data as of 2 Jan 2025."
    assert "no data" in charts.footnote("Sources: none", None)


def test_data_strings_are_escaped_for_plotly():
    rows = [dict(ROWS[0], location="<a href='javascript:alert(1)'>X</a>", district="<b>D</b>",
                 killed_text="<img src=x>")]
    hostile = charts.ChartText("T", "<b>D</b> district", "Sources: <script>x</script>")
    fig = charts.casualties_per_incident_chart(stats.incident_casualties(frame(rows), ATT), hostile)
    assert "<a " not in fig.data[0].y[0] and "&lt;a href=" in fig.data[0].y[0]
    assert "<img" not in str(fig.data[0].customdata)
    assert fig.layout.title.subtitle.text == "&lt;b&gt;D&lt;/b&gt; district"
    assert "<script>" not in str(fig.layout.annotations)
    fig = charts.casualties_by_area_chart(stats.area_casualties(frame(rows), "district"), hostile)
    assert list(fig.data[0].y) == ["&lt;b&gt;D&lt;/b&gt;"]


LONG = pd.DataFrame({"month": pd.date_range("2015-01-01", periods=charts.MONTH_LABELS_MAX + 1, freq="MS"),
                     "incidents": 1, "killed": 3, "injured": 0, "killed_open": True, "injured_open": False,
                     "killed_known": 1, "injured_known": 1})


@pytest.mark.parametrize("build", [
    lambda: charts.attribution_chart(stats.attribution_table(frame(ROWS), ATT), TEXT),
    lambda: charts.casualties_by_month_chart(stats.monthly_casualties(frame(ROWS)), TEXT),
    lambda: charts.casualties_by_month_chart(stats.Monthly(LONG, 0), TEXT),
    lambda: charts.casualties_by_area_chart(stats.area_casualties(frame(ROWS), "district"), TEXT),
    lambda: charts.casualties_per_incident_chart(stats.incident_casualties(frame(ROWS), ATT), TEXT),
    lambda: charts.empty_figure(TEXT),
    lambda: charts.incident_counts_chart(_counts("month", gap=True), TEXT),
    lambda: charts.incident_counts_chart(_counts("week", gap=True), TEXT, stacked=False),
    lambda: charts.casualties_by_month_chart(stats.monthly_casualties(_counts_events(), _gap_coverage()), TEXT),
], ids=["attribution", "month-bars", "month-lines", "area", "per-incident", "empty", "counts-stacked", "counts-lines",
        "month-no-data"])
def test_every_chart_is_a_valid_plotly_figure(build):
    """Charts are built without plotly's validation (it cost about a quarter of a filter change on the
    server); here plotly validates each of them, and raises on any property it does not know."""
    fig = build()
    validated = go.Figure(fig.to_dict())
    assert len(validated.data) == len(fig.data)


def test_plotly_validation_catches_a_misspelt_property():
    fig = charts._figure([{"type": "bar", "x": [1], "y": [2], "colour": "red"}], TEXT, 200)
    with pytest.raises(ValueError, match="colour"):
        go.Figure(fig.to_dict())


def test_attribution_axes_leave_room_for_each_bars_figure():
    """A long figure beside the longest bar ("31,486 (+5,635 denied)") is not cut at the panel's edge."""
    rows = [dict(ROWS[1], id=f"t{i}", killed_min=1, killed_max=1) for i in range(40)]
    att = pd.DataFrame({"incident_id": [r["id"] for r in rows], "group_code": "TTP",
                        "status": ["claimed"] * 30 + ["denied"] * 10, "by": None})
    fig = charts.attribution_chart(stats.attribution_table(frame(rows), att), TEXT)
    label = dict(zip(fig.data[-2].y, fig.data[-2].text))["TTP"]
    assert label.strip() == "30 (+10 denied)"  # after room for the denial marker
    end = fig.layout.xaxis.range[1]
    assert 30 / end <= 1 - 0.022 * len(label)  # the bar (attributions only) ends where the figure still fits
    short = charts.attribution_chart(stats.attribution_table(frame(rows[:30]), att.head(30)), TEXT)
    assert short.layout.xaxis.range[1] == pytest.approx(30 * 1.35 + 0.5)  # a short figure: the usual margin


def test_denials_are_drawn_apart_and_never_outsize_attributions():
    """A group denying many attacks but claiming one: its bars measure attributions only; the denials
    are a marker beside them (with their count in the label), not a bar of their own length."""
    rows = [dict(ROWS[1], id=f"d{n}", killed_min=10, killed_max=10) for n in range(12)] + [ROWS[0]]
    att = pd.DataFrame({"incident_id": [*(f"d{n}" for n in range(12)), "a", "d0"],
                        "group_code": [*(["TTP"] * 12), "TTP", "ISKP"],
                        "status": [*(["denied"] * 12), "claimed", "claimed"], "by": None})
    fig = charts.attribution_chart(stats.attribution_table(frame(rows), att), TEXT)
    briefing_ready(fig)
    go.Figure(fig.to_dict())  # valid plotly
    bars = [t for t in fig.data if isinstance(t, go.Bar) and t.x is not None and t.x[0] is not None]
    assert all(t.legendgroup != "denied" for t in bars)
    for axis in ("x", "x2"):
        length: dict[str, float] = {}
        for t in bars:
            if t.xaxis == axis:
                for x, y in zip(t.x, t.y):
                    length[y] = length.get(y, 0) + x
        assert length["TTP"] == (1 if axis == "x" else 50)  # its one claim, not its twelve denials
    marks = [t for t in fig.data if isinstance(t, go.Scatter) and t.legendgroup == "denied" and t.x[0] is not None]
    assert len(marks) == 1 and marks[0].mode == "markers"
    at = dict(zip(marks[0].y, marks[0].x))
    assert at["TTP"] == 1  # at the end of its attribution bar
    assert "12 incident(s)" in " ".join(marks[0].hovertext)
    label = next(t for t in fig.data if isinstance(t, go.Scatter) and t.mode == "text" and t.xaxis == "x")
    assert "(+12 denied)" in dict(zip(label.y, label.text))["TTP"]


def test_no_data_bands_are_labelled_once():
    """QA: two bands a bin apart had a "no data" label each, drawn over one another."""
    import numpy as np

    starts = np.array(["2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01"], dtype="datetime64[D]")
    stops = np.array(["2020-02-01", "2020-03-01", "2020-04-01", "2020-05-01"], dtype="datetime64[D]")
    bands = charts.no_data_bands(starts, stops, np.array([True, False, True, True]))
    assert len(bands) == 2 and [("label" in b) for b in bands] == [True, False]
    assert [b["showlegend"] for b in bands] == [True, False]


def test_attribution_chart_draws_groups_not_in_the_registry_apart():
    t = pd.DataFrame([["TTP", "TTP", "#000000", "claimed", 1, 2, False, 1],
                      [None, "Group not in the registry", "#5A5A5A", stats.NOT_IN_REGISTRY, 2, 107, False, 2],
                      [None, "Unattributed", "#8C8C8C", stats.NO_ATTRIBUTION, 1, 3, False, 1]],
                     columns=["group", "label", "colour", "status", "incidents", "killed", "killed_open", "killed_known"])
    fig = charts.attribution_chart(t, charts.ChartText("T", "S", "F"))
    bars = [b for b in fig.data if b.type == "bar" and b.name == charts.STATUS_LABEL[stats.NOT_IN_REGISTRY]]
    assert bars and list(bars[0].y) == ["Group not in the registry"] and list(bars[0].x) == [2]
