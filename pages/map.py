"""Map overview (`/`): incidents over Balochistan and KP, coloured by attributed group."""
from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from atlas.app import get_store
from atlas.detail import incident_markdown
from atlas.mapdata import province_outlines, reference_places
from atlas.maps import build_map
from atlas.offline import WebAssets
from atlas.sidebar import page_header, render_filters, view_options
from atlas.views import empty_notice, kpi_strip, load
from incidents.settings import get_settings

store = get_store()
flt = render_filters(store)
opts = view_options()
data = load(store, flt)
incidents = store.incidents(flt)
unplaced = sum(1 for i in incidents if i.lat is None)

page_header("Incident map", flt, f"{unplaced} without coordinates, not drawn" if unplaced else None)
kpi_strip(data)
if data.empty:
    empty_notice(flt)

tiles = False
if not opts.presenting:
    tiles = st.toggle("OpenStreetMap tiles (needs internet)", value=get_settings().online_tiles,
                      key="atlas_map_tiles", help="Off: the province outlines are the basemap and nothing "
                                                   "is loaded from outside this app.")
m = build_map(incidents, provinces=province_outlines(), reference_places=reference_places(),
              registry=store.registry, online_tiles=tiles, fit="incidents" if flt.districts else "region",
              assets=WebAssets.for_base_url_path(st.get_option("server.baseUrlPath")))
state = st_folium(m, key="atlas_map", height=620, use_container_width=True,
                  returned_objects=["last_object_clicked"])

clicked = (state or {}).get("last_object_clicked")
if clicked and not opts.presenting:
    here = [i for i in incidents if i.lat is not None
            and abs(i.lat - clicked["lat"]) < 1e-4 and abs(i.lon - clicked["lng"]) < 1e-4]
    for inc in here:
        with st.container(border=True, key=f"atlas_selected_{len(here)}"):
            st.markdown(incident_markdown(inc))
st.caption("Click an incident for its card. Circle size: killed (lower bound); dashed ring: approximate "
           "location. Boundaries: Natural Earth.")
