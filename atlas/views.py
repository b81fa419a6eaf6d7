"""Streamlit drawing helpers the pages share: the page's data, the KPI strip, a briefing chart."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from incidents.filters import IncidentFilter
from incidents.store import Store

from . import stats
from .charts import ChartText, chart_config, footnote
from .sidebar import view_options
from .text import compact_span_label, md_escape, span_label


@dataclass(frozen=True)
class PageData:
    """The matching incidents as the store's frames, plus when the data last changed."""

    filter: IncidentFilter
    frame: pd.DataFrame
    attributions: pd.DataFrame
    sources: pd.DataFrame
    data_as_of: dt.datetime | None

    @property
    def empty(self) -> bool:
        return self.frame.empty

    def text(self, title: str, extra_note: str = "") -> ChartText:
        """Title, filter caption and footnote (sources, data as of) for a chart of this data."""
        return ChartText(title, self.filter.caption(),
                         footnote(stats.sources_note(self.frame, self.sources), self.data_as_of, extra_note))


def load(store: Store, flt: IncidentFilter) -> PageData:
    """Everything a chart page needs for a filter (three queries)."""
    return PageData(flt, store.frame(flt), store.attribution_frame(flt), store.source_frame(flt), store.data_as_of())


def kpi_strip(data: PageData) -> None:
    """Incidents, killed, injured ("+" where any figure is a lower bound), groups claiming, date span."""
    k = stats.kpis(data.frame, data.attributions)
    cols = st.columns([1, 1, 1, 1.2, 2.8])
    cols[0].metric("Incidents", f"{k.incidents:,}")
    cols[1].metric("Killed", k.killed, help="Sum of lower bounds; '+' when any figure is open-ended or unknown.")
    cols[2].metric("Injured", k.injured, help="Sum of lower bounds; '+' when any figure is open-ended or unknown.")
    cols[3].metric("Groups claiming", k.groups_claiming, help="Distinct groups with a claim (not suspicion, "
                                                              "blame or denial).")
    cols[4].metric("Date span", compact_span_label(*k.date_span), help=span_label(*k.date_span))


def empty_notice(flt: IncidentFilter) -> None:
    st.info(md_escape(f"No incidents match the filter ({flt.caption()}).") + " Widen it or press “Reset filters”.",
            icon=":material/filter_alt_off:")


def chart(fig: go.Figure, name: str, data: PageData, *, key: str | None = None) -> None:
    """A plotly chart whose modebar downloads PNG ×3 or SVG named after the chart and filter."""
    st.plotly_chart(fig, theme=None, key=key,
                    config=chart_config(name, data.filter.caption(), view_options().image_format))


__all__ = ["PageData", "load", "kpi_strip", "chart", "empty_notice"]
