"""Map overview (`/`): incidents over Balochistan and KP, coloured by attributed group, and their
counts over time by group, category or province."""
from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from atlas import stats
from atlas.app import get_store
from atlas.charts import incident_counts_chart
from atlas.fastmap import encode, event_detail, fit_for, incident_group
from atlas.mapdata import base_map
from atlas.offline import WebAssets
from atlas.sidebar import render_filters, view_options
from atlas.views import chart, data_header, event_panel, load
from incidents.events.query import load_event
from incidents.settings import get_settings

MAP_KEY = "atlas_map"

store = get_store()
flt = render_filters(store)
opts = view_options()
data = load(store, flt)
fit = fit_for(flt)
payload = data.derived(f"map:{fit}", lambda: encode(data.frame, data.groups, store.registry, fit=fit))

data_header("Incident map", flt, data,
            f"{payload.unplaced} without coordinates, not drawn" if payload.unplaced else None)

tiles = False
if not opts.presenting:
    tiles = st.toggle("OpenStreetMap tiles (needs internet)", value=get_settings().online_tiles,
                      key="atlas_map_tiles", help="Off: the province outlines are the basemap and nothing "
                                                   "is loaded from outside this app.")

# A click on an incident reruns the page with its index (see atlas.fastmap); its card goes into the
# popup and under the map.
clicked = st.session_state.get(MAP_KEY) or {}
chosen = payload.index_from_click(clicked.get("last_object_clicked_tooltip"))
here: list = []
detail = None
if chosen is not None:
    rows = data.frame.iloc[payload.rows]
    lat, lon = rows["lat"].iloc[chosen], rows["lon"].iloc[chosen]
    same = rows[((rows["lat"] - lat).abs() < 1e-4) & ((rows["lon"] - lon).abs() < 1e-4)]["id"].tolist()
    first = load_event(store, payload.ids[chosen])
    here = [payload.ids[chosen]] + [x for x in same if x != payload.ids[chosen]] if first is not None else []
    if first is not None:
        detail = event_detail(*first, chosen, also_here=len(here) - 1)

m = base_map(tiles, WebAssets.for_base_url_path(st.get_option("server.baseUrlPath")))
st_folium(m, key=MAP_KEY, height=620, use_container_width=True,
          returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
          feature_group_to_add=incident_group(payload, detail),
          layer_control=folium.LayerControl(collapsed=True, position="topright"))

if here and not opts.presenting:
    for k, event_id in enumerate(here):
        event_panel(store, event_id, key=f"atlas_selected_{k}")
st.caption("Click an incident for its card; click a count to zoom in. Circle size: killed (lower bound); "
           "dashed ring: approximate location. Boundaries: Natural Earth.")

st.subheader("Incidents over time")
by, freq, stacked = "group", "month", True
if not opts.presenting:
    row = st.container(horizontal=True, gap="medium", vertical_alignment="bottom")
    by = row.segmented_control("Count by", stats.COUNT_BY, default=by, required=True, format_func=str.capitalize,
                               key="atlas_counts_by")
    freq = row.segmented_control("Per", stats.FREQS, default=freq, required=True, format_func=str.capitalize,
                                 key="atlas_counts_freq")
    stacked = row.toggle("Stacked", value=stacked, key="atlas_counts_stacked",
                         help="Off: one line per series, to compare them")
counts = data.derived(f"counts:{by}:{freq}", lambda: stats.incident_counts(
    data.frame, data.attributions, store.registry, by=by, freq=freq, coverage=data.coverage))
chart(f"incidents-per-{freq}-by-{by}", data, lambda: incident_counts_chart(
    counts, data.text(f"Incidents per {freq} by {by}", counts.note), stacked=stacked),
      key="atlas_chart_counts", variant="stacked" if stacked else "lines", lazy=True)  # under the map
