"""Incidents (`/incidents`): the matching incidents as a table, and one incident in detail."""
from __future__ import annotations

import streamlit as st

from atlas.app import get_store
from atlas.detail import incident_table
from atlas.sidebar import page_header, render_filters, view_options
from atlas.views import empty_notice, event_panel, load, paged

store = get_store()
flt = render_filters(store)
data = load(store, flt)

page_header("Incidents", flt, f"{len(data.frame):,} incident(s), newest first")
if data.empty:
    empty_notice(flt)
else:
    table = data.derived("incident_table", lambda: incident_table(data.frame, data.attributions, data.sources,
                                                                  data.groups))
    shown = paged(table, key="atlas_incident_page")
    event = st.dataframe(shown, hide_index=True, on_select="rerun", selection_mode="single-row",
                         key="atlas_incident_table", height=min(38 + 35 * len(shown), 420))
    rows = event.selection.rows if event is not None else []
    wanted = shown["id"].iloc[rows[0]] if rows and rows[0] < len(shown) else st.query_params.get("incident")
    presenting = view_options().presenting
    shown_event = bool(wanted) and event_panel(store, wanted, key="atlas_incident_detail", actions=not presenting)
    if not shown_event and not presenting:
        st.caption("Select a row to see the incident in full, every source side by side.")
