"""Streamlit drawing helpers the pages share: the page's data, the KPI strip, a briefing chart.

The data is cached: every incident of one data version (``Store.data_version``) is read once into
columnar frames (:class:`Snapshot`); a filter costs no query: it is evaluated on that in-memory
snapshot (``IncidentFilter.mask``) and taken from its arrays (:func:`load`), and what is derived
from a selection (KPIs, the map payload) is computed once per selection, so a rerun (a click, a
widget elsewhere on the page) repeats no heavy work.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from incidents.coverage import Coverage
from incidents.events.event import collapse, unlisted_by_event
from incidents.filters import IncidentFilter
from incidents.store import Store

from . import plot_element, stats
from .app import data_version, store_key
from .charts import ChartText, chart_config, footnote
from .sidebar import page_header, view_options
from .text import compact_span_label, md_escape, span_label


T = TypeVar("T")
#: The columns of ``Store.frame`` the pages use (summary, target, … stay in the database).
FRAME_COLUMNS: tuple[str, ...] = (
    "date_precision", "location", "district", "province_code", "lat", "lon", "geo_precision", "attack_type",
    "killed_min", "killed_max", "killed_text", "injured_min", "injured_max", "injured_text", "dataset", "category")
#: Selections kept per server process (each holds array takes of the snapshot, not copies of rows).
MAX_SELECTIONS = 24


@dataclass(frozen=True)
class PageData:
    """The matching incidents as the store's frames, plus when the data last changed.

    ``groups`` is frame-aligned: the group each incident is drawn in (None: unattributed).
    Treat the frames as read-only: they are shared by every session through the cache."""

    filter: IncidentFilter
    frame: pd.DataFrame
    attributions: pd.DataFrame
    sources: pd.DataFrame
    data_as_of: dt.datetime | None
    groups: pd.Series | None = None
    related: pd.DataFrame | None = None  # tolls given for several events together (event_id, related_id, bounds)
    coverage: Coverage | None = None  # what every loaded source covers (not only the matching incidents)
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False, hash=False)

    @property
    def empty(self) -> bool:
        return self.frame.empty

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """``build()`` once per selection (KPIs, tables, the map payload), then from memory."""
        if name not in self._memo:
            self._memo[name] = build()
        return self._memo[name]

    def text(self, title: str, extra_note: str = "") -> ChartText:
        """Title, filter caption and footnote (sources, data as of) for a chart of this data."""
        note = self.derived("sources_note", lambda: stats.sources_note(self.frame, self.sources))
        return ChartText(title, self.filter.caption(), footnote(
            note, self.data_as_of, extra_note, self.coverage.footnote() if self.coverage else ""))


@dataclass(frozen=True)
class Snapshot:
    """Every incident of one data version, columnar: the frame (oldest first), the claim ledger and
    the sources, each row tagged with its incident's frame position."""

    frame: pd.DataFrame
    attributions: pd.DataFrame
    sources: pd.DataFrame
    groups: pd.Series  # frame-aligned attributed group
    att_pos: np.ndarray
    src_pos: np.ndarray
    index: pd.Index  # id -> frame position
    data_as_of: dt.datetime | None
    related: pd.DataFrame | None = None  # tolls given for several events together, by event
    coverage: Coverage | None = None  # what every loaded source covers


def build_snapshot(store: Store) -> Snapshot:
    """Read every record once (four queries, and one for the sources' coverage) and collapse them
    into events: each row of the snapshot is one attack, however many sources tell of it
    (``incidents/events/event.py``)."""
    records = store.frame(columns=(*FRAME_COLUMNS, "event_id"))
    frame, atts, srcs = collapse(records, store.attribution_frame(), store.source_frame(columns=("outlet", "url")))
    related = store.related_frame()
    related["event_id"] = related["record_id"].map(dict(zip(records["id"], records["event_id"]))).fillna(
        related["record_id"])
    frame["unlisted"] = unlisted_by_event(store.unlisted_frame(), records, frame["id"])
    index = pd.Index(frame["id"])
    by_id = stats.attributed_groups(atts)
    groups = pd.Series(by_id.reindex(frame["id"]).to_numpy(dtype=object), dtype=object)
    groups = groups.where(groups.notna(), None)
    return Snapshot(frame, atts, srcs, groups, index.get_indexer(atts["incident_id"]),
                    index.get_indexer(srcs["incident_id"]), index, store.data_as_of(), related, store.coverage())


@st.cache_resource(max_entries=2, show_spinner=False)
def _snapshot(_store: Store, url: str, version: tuple[int, str | None]) -> Snapshot:
    return build_snapshot(_store)


def select(snap: Snapshot, flt: IncidentFilter, ids: list[str] | None) -> PageData:
    """The snapshot's rows for ``ids`` (all when None), in the snapshot's order."""
    if ids is None:
        return PageData(flt, snap.frame, snap.attributions, snap.sources, snap.data_as_of, snap.groups, snap.related,
                        _coverage(snap, flt))
    pos = snap.index.get_indexer(ids)
    keep = np.zeros(len(snap.frame), dtype=bool)
    keep[pos[pos >= 0]] = True
    return select_rows(snap, flt, keep)


def select_rows(snap: Snapshot, flt: IncidentFilter, keep: np.ndarray) -> PageData:
    """The snapshot's rows where ``keep`` (frame-aligned booleans) holds, with their ledger and sources."""
    pos = np.flatnonzero(keep)
    att = snap.attributions[(snap.att_pos >= 0) & keep[np.maximum(snap.att_pos, 0)]]
    src = snap.sources[(snap.src_pos >= 0) & keep[np.maximum(snap.src_pos, 0)]]
    frame = snap.frame.take(pos).reset_index(drop=True)
    groups = snap.groups.take(pos).reset_index(drop=True)
    return PageData(flt, frame, att.reset_index(drop=True), src.reset_index(drop=True), snap.data_as_of, groups,
                    snap.related, _coverage(snap, flt))


def _coverage(snap: Snapshot, flt: IncidentFilter) -> "Coverage | None":
    """What the sources a filter shows cover (every loaded source without a dataset filter): the
    time series' "no data" bins and footnotes follow the datasets on screen."""
    return snap.coverage.of(flt.datasets) if snap.coverage is not None and flt.datasets else snap.coverage


@st.cache_resource(max_entries=MAX_SELECTIONS, show_spinner=False)
def _selection(_store: Store, url: str, version: tuple[int, str | None], key: str,
               _flt: IncidentFilter) -> PageData:
    snap = _snapshot(_store, url, version)
    if _flt == IncidentFilter():
        return select(snap, _flt, None)
    # the filter evaluated on the snapshot's columns (the same selection as its SQL, see
    # IncidentFilter.mask): no query per filter
    return select_rows(snap, _flt, _flt.mask(snap.frame, snap.attributions, snap.att_pos, _store.registry))


def load(store: Store, flt: IncidentFilter) -> PageData:
    """Everything a chart page needs for a filter: cached per (database, data version, filter)."""
    key = json.dumps(flt.to_query_params(), sort_keys=True)
    return _selection(store, store_key(store), data_version(store), key, flt)


#: The help on a casualty KPI: how its figure is summed.
_LOWER_BOUNDS_HELP = ("Sum of lower bounds (for UCDP GED: its best estimate); '+' when any figure is open-ended "
                      "or unknown.")


def _kpis(data: PageData) -> stats.Kpis:
    return data.derived("kpis", lambda: stats.kpis(data.frame, data.attributions, data.related))


def coverage_note(k: stats.Kpis) -> str | None:
    """"injury figures for 12 of 3,770 incidents" for each total not every incident gives a figure
    to (None when all do): a total over few figures must not read as the total of every incident."""
    parts = [k.coverage(kind) for kind, known in (("killed", k.killed_known), ("injured", k.injured_known))
             if k.incidents and known < k.incidents]
    return "; ".join(parts) or None


def kpi_strip(data: PageData) -> None:
    """Incidents, killed, injured ("+" where any figure is a lower bound), groups claiming, date span."""
    k = _kpis(data)
    # each figure as wide as it needs (never cut to "222,8…"); they wrap on a narrow screen
    strip = st.container(horizontal=True, gap="medium")
    strip.metric("Incidents", f"{k.incidents:,}", width="content")
    strip.metric("Killed", k.killed, width="content", help=f"{_LOWER_BOUNDS_HELP} From {k.coverage('killed')}.")
    strip.metric("Injured", k.injured, width="content", help=f"{_LOWER_BOUNDS_HELP} From {k.coverage('injured')}.")
    strip.metric("Groups claiming", k.groups_claiming, width="content",
                 help="Distinct groups with a claim (not suspicion, blame or denial).")
    strip.metric("Date span", compact_span_label(*k.date_span), help=span_label(*k.date_span), width="content")


def event_panel(store: Store, event_id: str, *, key: str, actions: bool = True) -> bool:
    """An event's card (its sources side by side) in a bordered box; with ``actions``, a button per
    record of an event of several to split it off into an event of its own (remembered). False when
    there is no such event."""
    from incidents.events.query import load_event

    from .detail import event_markdown

    found = load_event(store, event_id)
    if found is None:
        return False
    event, records, related = found
    with st.container(border=True, key=key):
        st.markdown(event_markdown(event, records, related))
        history_panel(store, event_id, records, key=f"{key}_history", actions=actions)
        if actions and len(records) > 1 and store.may("analyst"):
            st.caption("Not the same attack? Split a record off: the linker will not put it back.")
            cols = st.columns(min(len(records), 4))
            for k, rec in enumerate(records):
                if cols[k % len(cols)].button(f"Split off {rec.id}", key=f"{key}_split_{rec.id}"):
                    store.unlink(rec.id or "", by=store.user or "dashboard")
                    st.rerun()
    return True


def history_panel(store: Store, event_id: str, records: list, *, key: str, actions: bool = True) -> None:
    """Under an event's card: each record's analyst corrections (a conflict with its source as a
    warning) and notes, then the history of every change, collapsed, with a restore per record."""
    from . import changes

    for rec in records:
        mine = store.edits(rec.id or "")
        source = rec.dataset or "the source"
        for line in changes.correction_lines(source, changes.conflicts(mine)):
            st.warning(md_escape(f"{rec.id}: {line}"), icon=":material/difference:")
        quiet = [e for e in mine if not e.conflict]
        for line in changes.correction_lines(source, quiet) + changes.note_lines(mine):
            st.caption(md_escape(f"{rec.id}: {line}"))
    entries = store.history(event_id)
    with st.expander(f"History ({len(entries)} change{'' if len(entries) == 1 else 's'})", expanded=False):
        st.dataframe(pd.DataFrame(changes.history_rows(entries)), hide_index=True, key=f"{key}_table")
        if not actions or not store.may("analyst"):
            return
        for rec in records:
            versions = changes.restorable_versions(entries, rec.id or "")
            if not versions:
                continue
            left, right = st.columns([3, 1], vertical_alignment="bottom")
            chosen = f"{key}_v_{rec.id}"
            left.selectbox(f"Restore {rec.id} as it was at version", versions, key=chosen)
            right.button("Restore", key=f"{key}_restore_{rec.id}", on_click=_restore,
                         args=(store, rec.id or "", chosen))


def _restore(store: Store, record_id: str, chosen: str) -> None:
    """The Restore button's action: the record back at the version its box shows (a write, with history)."""
    store.restore(record_id, int(st.session_state[chosen]))


def empty_notice(flt: IncidentFilter) -> None:
    st.info(md_escape(f"No incidents match the filter ({flt.caption()}).") + " Widen it or press “Reset filters”.",
            icon=":material/filter_alt_off:")


def data_header(title: str, flt: IncidentFilter, data: PageData, extra: str | None = None) -> None:
    """The top of a data page: title, filter caption (with how many incidents the killed and injured
    totals come from: the same caption element, so nothing below moves or is redrawn anew), KPI
    strip, and the notice when nothing matches."""
    notes = [x for x in (extra, coverage_note(_kpis(data))) if x]
    page_header(title, flt, " · ".join(notes) or None)
    kpi_strip(data)
    if data.empty:
        empty_notice(flt)


def paged(table: pd.DataFrame, *, key: str, page_size: int = 500) -> pd.DataFrame:
    """The rows of one page of a long table, with a page picker when there is more than one page
    (a browser gets at most ``page_size`` rows at a time)."""
    pages = max(1, -(-len(table) // page_size))
    if pages == 1:
        return table
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    page = left.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key=key)
    start = (int(page) - 1) * page_size
    right.caption(f"Rows {start + 1:,}–{min(start + page_size, len(table)):,} of {len(table):,}. "
                  "The Data page downloads them all.")
    return table.iloc[start:start + page_size]


def chart(name: str, data: PageData, build: Callable[[], go.Figure], *, key: str | None = None,
          variant: str = "", lazy: bool = False) -> None:
    """A plotly chart, built and serialised once per selection (``variant``: what else the figure
    depends on), in an element keyed by ``key`` (one per chart on the page, kept between runs),
    whose download button saves PNG ×3 or SVG named after the chart and filter (``lazy``: below the
    fold, drawn when scrolled near, :func:`atlas.plot_element.show`)."""
    def drawn() -> tuple[str, str]:
        fig = build()
        return plot_element.figure_json(fig), plot_element.figure_label(fig)

    spec, label = data.derived(f"figure:{name}:{variant}", drawn)
    plot_element.show(spec, key=key or f"atlas_chart_{name}", label=label, lazy=lazy,
                      config=chart_config(name, data.filter.caption(), view_options().image_format))


__all__ = ["PageData", "Snapshot", "build_snapshot", "event_panel", "history_panel", "select", "select_rows", "load", "kpi_strip", "chart", "empty_notice",
           "data_header", "paged"]
