"""Incidents (`/incidents`): the matching incidents as a table, and one incident in detail."""
from __future__ import annotations

import streamlit as st

from atlas.app import get_store
from atlas.detail import incident_markdown, incident_table
from atlas.sidebar import page_header, render_filters, view_options
from atlas.views import empty_notice

store = get_store()
flt = render_filters(store)
incidents = store.incidents(flt)

page_header("Incidents", flt, f"{len(incidents):,} incident(s), newest first")
if not incidents:
    empty_notice(flt)
else:
    table = incident_table(incidents)
    event = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row",
                         key="atlas_incident_table", height=min(38 + 35 * len(table), 420))
    rows = event.selection.rows if event is not None else []
    wanted = st.query_params.get("incident")
    chosen = incidents[rows[0]] if rows else next((i for i in incidents if i.id == wanted), None)
    if chosen is None and not view_options().presenting:
        st.caption("Select a row to see the incident in full.")
    if chosen is not None:
        with st.container(border=True, key="atlas_incident_detail"):
            st.markdown(incident_markdown(chosen))
