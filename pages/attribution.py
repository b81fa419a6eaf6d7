"""Attribution (`/attribution`): incidents and killed per group, stacked by claim status."""
from __future__ import annotations

import streamlit as st

from atlas import stats
from atlas.app import get_store
from atlas.charts import attribution_chart
from atlas.sidebar import render_filters, view_options
from atlas.views import chart, data_header, load

store = get_store()
flt = render_filters(store)
data = load(store, flt)

data_header("Attribution", flt, data)
table = data.derived("attribution_table",
                     lambda: stats.attribution_table(data.frame, data.attributions, store.registry))
chart("attribution", data, lambda: attribution_chart(table, data.text(
    "Incidents and killed by group and claim status", "Totals exclude denials; a denial is not an attribution")),
      key="atlas_chart_attribution")
if not data.empty and not view_options().presenting:
    with st.expander("Figures behind the chart (per group and status)"):
        st.dataframe(stats.attribution_figures(table), hide_index=True)
        st.caption("Each incident's own claim ledger is on the Incidents page.")
