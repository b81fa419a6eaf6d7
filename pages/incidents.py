"""Incidents (`/incidents`): the matching incidents as a table, and one incident in detail.

The incident shown is in the URL (``?incident=ID``): a selected row writes it, so the link can be
shared; clearing the selection takes it out again.
"""
from __future__ import annotations

import streamlit as st

from atlas.app import get_store
from atlas.detail import incident_table
from atlas.sidebar import page_header, render_filters, view_options
from atlas.views import empty_notice, event_panel, load, paged

_URL_KEY = "incident"
_WRITTEN = "_atlas_incident_in_url"  # the id this page last wrote to the URL from a selection

store = get_store()
flt = render_filters(store)
data = load(store, flt)

page_header("Incidents", flt, f"{len(data.frame):,} incident(s), newest first")
if data.empty:
    empty_notice(flt)
else:
    table = data.derived("incident_table", lambda: incident_table(data.frame, data.attributions, data.sources,
                                                                  data.groups, data.related))
    shown = paged(table, key="atlas_incident_page")
    event = st.dataframe(shown, hide_index=True, on_select="rerun", selection_mode="single-row",
                         key="atlas_incident_table", height=min(38 + 35 * len(shown), 420))
    rows = event.selection.rows if event is not None else []
    selected = str(shown["id"].iloc[rows[0]]) if rows and rows[0] < len(shown) else None
    in_url = st.query_params.get(_URL_KEY)
    if selected is not None:
        if in_url != selected:
            st.query_params[_URL_KEY] = selected
        st.session_state[_WRITTEN] = selected
    elif in_url is not None and in_url == st.session_state.get(_WRITTEN):
        del st.query_params[_URL_KEY]  # the selection that put it there was cleared
        st.session_state.pop(_WRITTEN, None)
    wanted = selected or st.query_params.get(_URL_KEY)
    presenting = view_options().presenting
    shown_event = bool(wanted) and event_panel(store, wanted, key="atlas_incident_detail", actions=not presenting)
    if not shown_event and not presenting:
        st.caption("Select a row to see the incident in full, every source side by side.")
