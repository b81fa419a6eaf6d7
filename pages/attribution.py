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
table = stats.attribution_table(data.frame, data.attributions, store.registry)
chart(attribution_chart(table, data.text("Incidents and killed by group and claim status",
                                         "Totals exclude denials; a denial is not an attribution")),
      "attribution", data, key="atlas_chart_attribution")
if not data.empty and not view_options().presenting:
    with st.expander("Claim ledger (one row per group and status)"):
        st.dataframe(data.attributions.rename(columns={"group_code": "group"}), hide_index=True)
