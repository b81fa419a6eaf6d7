"""Briefing-ready plotly charts: pure builders taking aggregated frames (see atlas.stats) and the
chart's wording (title, filter caption as subtitle, sources and "data as of" as footnote).

Group colours come from the registry (Okabe-Ito / Tol, colour-blind-safe); attribution status is
shown by fill pattern, not by a second colour. Casualty figures add lower bounds and print "+" where
any figure is open-ended, so a lower bound never reads as exact.
"""
from __future__ import annotations

import datetime as dt
import html
import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from incidents.registry import STATUSES, UNATTRIBUTED_COLOUR

from .stats import NO_ATTRIBUTION, NOT_IN_REGISTRY, Counts, Monthly, value_label
from .text import date_label, slug

KILLED_COLOUR = "#2B2B2B"
INJURED_COLOUR = "#A6A6A6"
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
#: Fill pattern per attribution status (the bar colour stays the group's).
STATUS_PATTERN: dict[str, dict[str, Any]] = {
    "claimed": {"shape": ""},
    "suspected": {"shape": "/", "fillmode": "overlay", "fgcolor": "#FFFFFF", "fgopacity": 0.75, "size": 7},
    "blamed": {"shape": ".", "fillmode": "overlay", "fgcolor": "#FFFFFF", "fgopacity": 0.85, "size": 6},
    "denied": {"shape": "x", "fillmode": "replace", "size": 6, "solidity": 0.25},
    NOT_IN_REGISTRY: {"shape": ""},
    NO_ATTRIBUTION: {"shape": ""},
}
STATUS_LABEL = {"claimed": "claimed", "suspected": "suspected", "blamed": "blamed",
                "denied": "denied (not an attribution)",
                NOT_IN_REGISTRY: "named by the source, no status recorded", NO_ATTRIBUTION: "unattributed"}
IMAGE_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class ChartText:
    """What every chart carries: a title, the active filter caption, and sources + data date."""

    title: str
    subtitle: str
    footnote: str


def footnote(sources: str, data_as_of: dt.datetime | dt.date | None, extra: str = "", coverage: str = "") -> str:
    """"Sources: …. Coverage: …. Data as of 21 Nov 2025." (plus an optional note; ``coverage``: what
    the loaded sources cover and their terms, ``incidents.coverage.Coverage.footnote``)."""
    as_of = data_as_of.date() if isinstance(data_as_of, dt.datetime) else data_as_of
    parts = [sources.rstrip(".") + "."]
    if coverage:
        parts.append(coverage.rstrip(".") + ".")
    if extra:
        parts.append(extra.rstrip(".") + ".")
    parts.append(f"Data as of {date_label(as_of)}." if as_of else "Data as of: no data yet.")
    return " ".join(parts)


def chart_config(name: str, caption: str, image_format: str = "png",
                 today: dt.date | None = None) -> dict[str, Any]:
    """plotly config for ``atlas.plot_element.show``: no button that sends anything off the machine,
    and a download as PNG at scale 3 (or SVG) named after the chart, the filter and the date."""
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"image_format must be one of {IMAGE_FORMATS}, not {image_format!r}")
    today = today or dt.date.today()
    return {
        "displaylogo": False,
        # plotly.js shows a "Share chart..." button by default that uploads the chart to Plotly Cloud
        "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "sendChartToCloud"],
        "toImageButtonOptions": {
            "format": image_format,
            "scale": 3 if image_format == "png" else 1,
            "filename": slug("incident-atlas", name, caption, today.isoformat(), limit=120),
        },
    }


def plotly_text(value: Any) -> str:
    """Escape data for plotly, whose labels understand a subset of HTML (<b>, <a href>, <br>)."""
    return html.escape("" if value is None else str(value), quote=False)


def _wrap(text: str, width: int = 120) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


_GRID = {"gridcolor": "#E5E5E5", "zerolinecolor": "#BDBDBD"}


def _figure(data: list[dict[str, Any]], text: ChartText, height: int, *, layout: dict[str, Any] | None = None,
            labels: Any = (), wrap: int = 120, axis_titles: bool = False,
            annotations: list[dict[str, Any]] | None = None) -> go.Figure:
    """The figure, built in one go (plotly validates once; adding traces and updating the layout
    piece by piece costs several times as much): ``data`` traces as dicts, the chart's own
    ``layout``, plus what every chart shares — title, subtitle, footnote, fonts, margins, grid
    (``labels``: the category labels of a horizontal chart, to leave room for them)."""
    note = _wrap(plotly_text(text.footnote), wrap)
    lines = note.count("<br>") + 1
    lay: dict[str, Any] = {
        "title": {"text": f"<b>{plotly_text(text.title)}</b>", "subtitle": {"text": plotly_text(text.subtitle)},
                  "x": 0.0, "xanchor": "left", "xref": "container", "pad": {"l": 12}},
        "font": {"family": FONT, "size": 13, "color": "#1d232b"},
        "height": height + 22 * lines + (20 if axis_titles else 0),
        "margin": {"t": 112, "b": 64 + 18 * lines + (20 if axis_titles else 0), "r": 24,
                   "l": max(56, 16 + 7 * max((len(str(x)) for x in labels), default=0))},
        "plot_bgcolor": "#FFFFFF", "paper_bgcolor": "#FFFFFF",
        "legend": {"orientation": "h", "yref": "paper", "y": 1.02, "yanchor": "bottom", "x": 0,
                   "xanchor": "left", "font": {"size": 12}},
        "hoverlabel": {"font": {"family": FONT}},
        **(layout or {}),
    }
    for axis in {"xaxis", "yaxis", *(k for k in lay if k.startswith(("xaxis", "yaxis")))}:
        lay[axis] = {**lay.get(axis, {}), **_GRID}
    lay["annotations"] = [*(annotations or []), {
        "text": note, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "top",
        "yshift": -62 if axis_titles else -42, "showarrow": False, "align": "left",
        # from the chart's left edge, as the title, not the plot's: a narrow chart with long labels cut it
        "xshift": -max(0, int(lay.get("margin", {}).get("l", 56)) - 12),
        "font": {"size": 11, "color": "#555555"}}]
    # Unvalidated: plotly's validation walks every property again and took about a quarter of a filter
    # change's server time on the Casualties page; tests/atlas/test_charts.py validates every chart.
    return go.Figure(data=data, layout=lay, _validate=False)


def empty_figure(text: ChartText, message: str = "No incidents match the filter.", wrap: int = 120) -> go.Figure:
    """A chart that says there is nothing to show (no empty axes)."""
    return _figure([], text, 220, wrap=wrap, layout={"xaxis": {"visible": False}, "yaxis": {"visible": False}},
                   annotations=[{"text": message, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                                 "showarrow": False, "font": {"size": 16, "color": "#555555"}}])


# -- attribution ----------------------------------------------------------------------------------

def _axis_end(values: list[float], labels: list[str]) -> float:
    """Where a panel's axis ends so that each bar's figure ("31486 (+5635 denied)") fits beside it:
    a character takes about 2.2 % of a half-width panel; at least 35 % past the longest bar."""
    peak = max(values, default=0.0) or 1.0
    need = max((v / (1.0 - min(0.55, 0.022 * len(t))) for v, t in zip(values, labels)), default=0.0)
    return max(peak * 1.35, need) + 0.5


def attribution_chart(table: pd.DataFrame, text: ChartText) -> go.Figure:
    """Incidents and killed per group (branches under their parent), stacked by status, plus the
    incidents of groups not in the registry and the unattributed; from :func:`atlas.stats.attribution_table`. Two panels sharing the group axis.

    A denial is not an attribution: the bars and the axes measure claims, suspicions, blame and
    unattributed incidents only; a group's denials are drawn apart, as one ✕ marker at the end of
    its bar (count in its label and hover), so they never outsize what is attributed."""
    if table.empty or int(table["incidents"].sum()) == 0:
        return empty_figure(text)
    records = table.to_dict("records")
    labels = list(dict.fromkeys(r["label"] for r in records))
    panel = {1: {"xaxis": "x", "yaxis": "y"}, 2: {"xaxis": "x2", "yaxis": "y2"}}
    data: list[dict[str, Any]] = []
    for status in (*STATUSES, NOT_IN_REGISTRY, NO_ATTRIBUTION):
        part = [r for r in records if r["status"] == status]
        if not part or status == "denied":
            continue
        pattern = STATUS_PATTERN[status]
        colours = [r["colour"] for r in part]
        hover = [f"{r['label'].replace('↳ ', '')} · {STATUS_LABEL[status]}<br>{int(r['incidents'])} incident(s), "
                 f"killed {value_label(int(r['killed']), bool(r['killed_open']), int(r['killed_known']))}"
                 for r in part]
        for col, metric in ((1, "incidents"), (2, "killed")):
            data.append({
                "type": "bar", "x": [r[metric] for r in part], "y": [r["label"] for r in part], "orientation": "h",
                "name": STATUS_LABEL[status], "legendgroup": status, "showlegend": False, "hovertext": hover,
                "hoverinfo": "text", "marker": {"color": colours, "line": {"color": colours, "width": 1},
                                                "pattern": pattern},
                **panel[col]})
    statuses = {r["status"] for r in records}
    for status in STATUSES:  # legend keys in neutral grey: the pattern is the status
        if status in statuses and status != "denied":
            data.append({"type": "bar", "x": [None], "y": [None], "orientation": "h", "name": STATUS_LABEL[status],
                         "legendgroup": status, "marker": {"color": "#6E6E6E", "pattern": STATUS_PATTERN[status]},
                         "hoverinfo": "skip", **panel[1]})
    by_label: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_label.setdefault(r["label"], []).append(r)
    layout: dict[str, Any] = {"barmode": "stack", "bargap": 0.3}
    axis_title = {1: "Incidents", 2: "Killed (sum of lower bounds)"}
    for col, metric in ((1, "incidents"), (2, "killed")):
        xs, txt = [], []
        for label in labels:
            rows = by_label[label]
            att = [r for r in rows if r["status"] != "denied"]
            denied = sum(int(r["incidents"]) for r in rows if r["status"] == "denied")
            xs.append(float(sum(r[metric] for r in att)))
            att_incidents = sum(int(r["incidents"]) for r in att)
            if metric == "incidents":
                t = f"{att_incidents:,}" + (f" (+{denied:,} denied)" if any(r["status"] == "denied" for r in rows) else "")
            else:
                t = value_label(sum(int(r["killed"]) for r in att), any(bool(r["killed_open"]) for r in att),
                                sum(int(r["killed_known"]) for r in att)) if att_incidents else "–"
            txt.append(t)
        if col == 1:
            data.extend(_denial_markers(labels, by_label, xs))
            txt = [f"   {t}" if "denied" in t else t for t in txt]  # room for the marker before the label
        data.append({"type": "scatter", "x": xs, "y": labels, "mode": "text", "text": txt,
                     "textposition": "middle right", "showlegend": False, "hoverinfo": "skip",
                     "textfont": {"size": 12}, **panel[col]})
        peak = max(xs, default=0.0) or 1.0
        axis = {"anchor": "y" if col == 1 else "y2", "domain": [0.0, 0.475] if col == 1 else [0.525, 1.0],
                "title": {"text": axis_title[col]}, "range": [0, _axis_end(xs, txt)]}
        if metric == "incidents" and peak <= 10:
            axis["dtick"] = 1
        layout["xaxis" if col == 1 else "xaxis2"] = axis
    groups_axis = {"categoryorder": "array", "categoryarray": labels, "autorange": "reversed", "domain": [0.0, 1.0]}
    layout["yaxis"] = {"anchor": "x", **groups_axis}
    layout["yaxis2"] = {"anchor": "x2", "matches": "y", "showticklabels": False, **groups_axis}
    return _figure(data, text, 170 + 38 * len(labels), layout=layout, labels=labels, axis_titles=True)


def _denial_markers(labels: list[str], by_label: dict[str, list[dict[str, Any]]],
                    ends: list[float]) -> list[dict[str, Any]]:
    """The denials of each group as one ✕ at the end of its attribution bar (``ends``, panel 1): a
    marker, not a length, plus its legend key."""
    xs, ys, colours, hover = [], [], [], []
    lift = 0.025 * (max(ends, default=0.0) or 1.0)  # a group with no attributed incident: off the axis line
    for label, end in zip(labels, ends):
        denied = [r for r in by_label[label] if r["status"] == "denied"]
        if not denied:
            continue
        n = sum(int(r["incidents"]) for r in denied)
        killed = value_label(sum(int(r["killed"]) for r in denied), any(bool(r["killed_open"]) for r in denied),
                             sum(int(r["killed_known"]) for r in denied))
        xs.append(end if end > 0 else lift)
        ys.append(label)
        colours.append(denied[0]["colour"])
        hover.append(f"{label.replace('↳ ', '')} · {STATUS_LABEL['denied']}<br>{n} incident(s), killed {killed}")
    if not xs:
        return []
    marker = {"symbol": "x-thin-open", "size": 11, "line": {"width": 2}}
    return [
        {"type": "scatter", "mode": "markers", "x": xs, "y": ys, "name": STATUS_LABEL["denied"],
         "legendgroup": "denied", "showlegend": False, "hovertext": hover, "hoverinfo": "text", "cliponaxis": False,
         "marker": {**marker, "color": colours, "line": {"width": 2, "color": colours}}, "xaxis": "x", "yaxis": "y"},
        {"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": STATUS_LABEL["denied"],
         "legendgroup": "denied", "hoverinfo": "skip",
         "marker": {**marker, "color": "#6E6E6E", "line": {"width": 2, "color": "#6E6E6E"}}, "xaxis": "x", "yaxis": "y"},
    ]


# -- casualties -----------------------------------------------------------------------------------

def _bar_text(values: pd.Series, opens: pd.Series, known: pd.Series) -> list[str]:
    return [value_label(int(v), bool(o), int(k)) if (v or o) else "" for v, o, k in zip(values, opens, known)]


#: Up to this many months the chart has bars that carry their figure as text; a longer span is
#: drawn as lines (hundreds of grouped bars could neither be read nor drawn quickly), with an open
#: marker where a month holds open-ended figures (its figure as worded is in the hover).
MONTH_LABELS_MAX = 36


def casualties_by_month_chart(monthly: Monthly, text: ChartText) -> go.Figure:
    """Killed and injured per month; "+" (or, for long spans, an open marker) where a month holds
    open-ended figures; months outside every loaded source's coverage are a grey "no data" band,
    never a zero."""
    t = monthly.table
    if t.empty or int(t["incidents"].sum()) == 0:
        return empty_figure(text, "No incidents dated to a month match the filter.")
    bars = len(t) <= MONTH_LABELS_MAX
    no_data = t["no_data"].to_numpy(bool) if "no_data" in t else np.zeros(len(t), dtype=bool)
    data: list[dict[str, Any]] = []
    for kind, colour in (("killed", KILLED_COLOUR), ("injured", INJURED_COLOUR)):
        labels = [("" if gap else label) for gap, label in
                  zip(no_data, _bar_text(t[kind], t[f"{kind}_open"], t[f"{kind}_known"]))]
        trace: dict[str, Any] = {
            "x": t["month"], "y": [None if gap else v for gap, v in zip(no_data, t[kind].tolist())],
            "name": kind.capitalize() + " (lower bound)",
            "customdata": list(zip(t["incidents"], labels)), "cliponaxis": False,
            "hovertemplate": "%{x|%b %Y}<br>" + kind + ": %{customdata[1]}<br>%{customdata[0]} incident(s)<extra></extra>"}
        if bars:
            trace.update(type="bar", marker={"color": colour}, text=labels, textposition="outside")
        else:
            trace.update(type="scatter", mode="lines+markers", line={"color": colour, "width": 1.5},
                         marker={"color": colour, "size": 5, "line": {"color": colour, "width": 1.2},
                                 "symbol": ["circle-open" if o else "circle" for o in t[f"{kind}_open"]]})
        data.append(trace)
    if not bars:
        text = ChartText(text.title, text.subtitle, "Open circle: the month holds open-ended or unknown figures "
                         "(the line is the sum of lower bounds). " + text.footnote)
    starts = t["month"].to_numpy(dtype="datetime64[D]")
    layout: dict[str, Any] = {"yaxis": {"rangemode": "tozero"},
                              "xaxis": {"tickformat": "%b<br>%Y", **({"dtick": "M1"} if len(t) <= 18 else {})},
                              "shapes": no_data_bands(starts, _next_starts(starts, "month"), no_data)}
    if bars:
        layout.update(barmode="group", bargap=0.25)
    return _figure(data, text, 380, layout=layout)


# -- no data --------------------------------------------------------------------------------------

#: The bands' legend key (the footnote says what it means: stats.NO_DATA_NOTE).
NO_DATA_LABEL = "No data"
NO_DATA_COLOUR = "#9E9E9E"


def _next_starts(starts: np.ndarray, freq: str) -> np.ndarray:
    """The day after each bin (the next bin's first day)."""
    if freq == "week":
        return starts + np.timedelta64(7, "D")
    unit = "M" if freq == "month" else "Y"
    return (starts.astype(f"datetime64[{unit}]") + 1).astype("datetime64[D]")


def no_data_bands(starts: np.ndarray, stops: np.ndarray, no_data: np.ndarray) -> list[dict[str, Any]]:
    """Grey bands over runs of bins without data (bin i spans ``starts[i]`` to ``stops[i]``), the
    first with a legend entry and the "no data" label: a gap in the series, never a zero."""
    bands: list[dict[str, Any]] = []
    i, n = 0, len(no_data)
    while i < n:
        if not no_data[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and no_data[j + 1]:
            j += 1
        bands.append({"type": "rect", "xref": "x", "yref": "paper", "x0": str(starts[i]), "x1": str(stops[j]),
                      "y0": 0, "y1": 1, "fillcolor": NO_DATA_COLOUR, "opacity": 0.22, "layer": "below",
                      "line": {"width": 0}, "name": NO_DATA_LABEL, "showlegend": not bands,
                      # labelled once: the labels of bands a bin or two apart would overlap
                      **({} if bands else {"label": {"text": "no data", "textposition": "top center",
                                                      "font": {"size": 10, "color": "#555555"}}})})
        i = j + 1
    return bands


# -- incidents over time --------------------------------------------------------------------------

#: Tick and hover wording of a bin.
_BIN_TICKS = {"week": "%d %b<br>%Y", "month": "%b<br>%Y", "year": "%Y"}
_BIN_HOVER = {"week": "week of %{x|%d %b %Y}", "month": "%{x|%b %Y}", "year": "%{x|%Y}"}


def incident_counts_chart(counts: Counts, text: ChartText, *, stacked: bool = True) -> go.Figure:
    """Incidents per week, month or year by group, category or province (from
    :func:`atlas.stats.incident_counts`): stacked bars, or one line per series to compare them
    (``stacked=False``); bins without data are grey bands and gaps, never zeros."""
    t = counts.table
    if t.empty or not len(t.columns) or float(np.nansum(t.to_numpy())) == 0:
        return empty_figure(text, f"No incidents dated to a {counts.freq} match the filter.")
    no_data = counts.no_data
    starts = t.index.to_numpy(dtype="datetime64[D]")
    x = [str(d) for d in starts]
    data: list[dict[str, Any]] = []
    markers = len(t) <= 60
    for name, colour in counts.colours.items():
        y = [None if np.isnan(v) else int(v) for v in t[name].to_numpy(float)]
        trace: dict[str, Any] = {
            "x": x, "y": y, "name": plotly_text(name),
            "hovertemplate": f"{plotly_text(name)}: %{{y}} incident(s)<br>{_BIN_HOVER[counts.freq]}<extra></extra>"}
        if stacked:
            trace.update(type="bar", marker={"color": colour, "line": {"width": 0}})
        else:
            trace.update(type="scatter", mode="lines+markers" if markers else "lines",
                         line={"color": colour, "width": 1.8}, marker={"color": colour, "size": 5})
        data.append(trace)
    peak = float(np.nanmax(t.sum(axis=1, min_count=1).to_numpy() if stacked else t.to_numpy()))
    layout: dict[str, Any] = {
        "xaxis": {"tickformat": _BIN_TICKS[counts.freq], **({"dtick": "M12"} if counts.freq == "year" else {})},
        "yaxis": {"rangemode": "tozero", "title": {"text": "Incidents"}, **({"dtick": 1} if peak <= 8 else {})},
        "shapes": no_data_bands(starts, _next_starts(starts, counts.freq), no_data),
        "hovermode": "x unified" if len(counts.colours) > 1 else "closest",
        # a legend of up to ten series and the no-data key, beside the plot (above it, it would
        # wrap into the title; plotly widens the margin for it); stacked, in the stack's order
        "legend": {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top",
                   "traceorder": "reversed" if stacked else "normal", "font": {"size": 12}}}
    if stacked:
        layout.update(barmode="stack", bargap=0.15 if len(t) > 60 else 0.25)
    return _figure(data, text, 400, layout=layout)


def casualties_by_area_chart(table: pd.DataFrame, text: ChartText, *, limit: int = 15,
                             wrap: int = 120) -> go.Figure:
    """Killed and injured per province or district (from :func:`atlas.stats.area_casualties`)."""
    if table.empty:
        return empty_figure(text, wrap=wrap)
    t = table.head(limit).assign(area=lambda d: d["area"].map(plotly_text))
    data: list[dict[str, Any]] = []
    for kind, colour in (("killed", KILLED_COLOUR), ("injured", INJURED_COLOUR)):
        labels = _bar_text(t[kind], t[f"{kind}_open"], t[f"{kind}_known"])
        data.append({
            "type": "bar", "y": t["area"], "x": t[kind], "orientation": "h",
            "name": kind.capitalize() + " (lower bound)", "marker": {"color": colour}, "text": labels,
            "textposition": "outside", "cliponaxis": False, "customdata": list(zip(t["incidents"], labels)),
            "hovertemplate": "%{y}<br>" + kind + ": %{customdata[1]}<br>%{customdata[0]} incident(s)<extra></extra>"})
    peak = float(max(t["killed"].max(), t["injured"].max(), 1))
    return _figure(data, text, 150 + 44 * len(t), labels=t["area"], wrap=wrap, layout={
        "barmode": "group", "bargap": 0.3, "xaxis": {"range": [0, peak * 1.2]},
        "yaxis": {"categoryorder": "array", "categoryarray": list(t["area"]), "autorange": "reversed"}})


def casualties_per_incident_chart(table: pd.DataFrame, text: ChartText) -> go.Figure:
    """Killed per incident, deadliest first, labelled as reported ("50+", "≤30", "?"); open-ended
    figures hatched, ranges with a whisker to the upper bound. Bars in the attributed group's colour."""
    if table.empty:
        return empty_figure(text)
    t = table.assign(label=table["label"].map(plotly_text), killed_text=table["killed_text"].map(
        lambda v: plotly_text(v) if isinstance(v, str) else None))
    x = t["killed_min"].fillna(0).astype(int)
    upper = [(int(hi) - int(lo)) if pd.notna(hi) and pd.notna(lo) else
             (int(hi) if pd.notna(hi) else 0) for lo, hi in zip(t["killed_min"], t["killed_max"])]
    data: list[dict[str, Any]] = [{
        "type": "bar", "y": t["label"], "x": x, "orientation": "h", "text": t["killed_label"],
        "textposition": "outside", "cliponaxis": False,
        "marker": {"color": list(t["colour"]), "line": {"color": list(t["colour"]), "width": 1},
                   "pattern": {"shape": ["/" if o else "" for o in t["killed_open"]], "fillmode": "overlay",
                               "fgcolor": "#FFFFFF", "fgopacity": 0.7, "size": 7}},
        "error_x": {"type": "data", "symmetric": False, "array": upper, "arrayminus": [0] * len(t),
                    "color": "#555555", "thickness": 1.2, "width": 4, "visible": any(upper)},
        "customdata": list(zip(t["killed_label"], t["killed_text"].fillna("—"), t["group"].fillna("Unattributed"))),
        "hovertemplate": "%{y}<br>killed: %{customdata[0]} (“%{customdata[1]}”)<br>%{customdata[2]}<extra></extra>",
        "showlegend": False}]
    for group, colour in dict(zip(t["group"].fillna("Unattributed"), t["colour"])).items():
        data.append({"type": "bar", "x": [None], "y": [None], "orientation": "h", "name": group,
                     "marker": {"color": colour}})
    data.append({"type": "bar", "x": [None], "y": [None], "orientation": "h",
                 "name": "open-ended or range (lower bound drawn)",
                 "marker": {"color": "#6E6E6E", "pattern": {"shape": "/", "fillmode": "overlay",
                                                            "fgcolor": "#FFFFFF", "size": 7}}})
    peak = float(max((x + pd.Series(upper, index=x.index)).max(), 1))
    return _figure(data, text, 150 + 30 * len(t), labels=t["label"], layout={
        "bargap": 0.3, "showlegend": True, "xaxis": {"range": [0, peak * 1.2]},
        "yaxis": {"categoryorder": "array", "categoryarray": list(t["label"]), "autorange": "reversed"}})


__all__ = ["ChartText", "attribution_chart", "casualties_by_month_chart", "incident_counts_chart", "no_data_bands", "casualties_by_area_chart",
           "casualties_per_incident_chart", "chart_config", "empty_figure", "footnote", "IMAGE_FORMATS",
           "UNATTRIBUTED_COLOUR"]
