from __future__ import annotations

import re

import folium
import pandas as pd
import pytest
import streamlit_folium

from atlas.fastmap import add_library, encode, incident_group
from atlas.maps import (UNCERTAINTY_RADIUS_M, ReferencePlace, attributed_group, build_base_map, fit_region,
                        legend_html, marker_radii, marker_radius)
from atlas.offline import STATIC_DIR, WebAssets, external_urls, localise, resource_links
from incidents.casualties import Count
from incidents.models import Attribution
from incidents.registry import UNATTRIBUTED_COLOUR, default_registry

from .conftest import single_detail


def page_map(incidents, *, provinces=None, places=(), online_tiles=False, assets=None) -> folium.Map:
    """The map as the map page hands it to st_folium: base map, layer code, incident group."""
    m = build_base_map(provinces=provinces, reference_places=places, online_tiles=online_tiles)
    localise(fit_region(add_library(m)), assets)
    frame = pd.DataFrame([{"id": i.id, "lat": i.lat, "lon": i.lon, "geo_precision": i.geo_precision,
                           "killed_min": i.killed_min} for i in incidents])
    groups = pd.Series([attributed_group(i) for i in incidents], dtype=object)
    incident_group(encode(frame, groups), single_detail(incidents[0], 0)).add_to(m)
    return m


def test_colour_follows_claim_then_suspicion_then_blame_and_denial_never_colours(incident):
    reg = default_registry()
    assert attributed_group(incident) == "ISKP"
    only_denied = incident.copy(attributions=[Attribution("TTP", "denied", "TTP")])
    assert attributed_group(only_denied) is None
    both = incident.copy(attributions=[Attribution("BLA", "blamed", "police"), Attribution("TTP", "claimed", None)])
    assert attributed_group(both) == "TTP"
    frame = pd.DataFrame({"id": ["t-1", "t-2"], "lat": [33.5, 30.0], "lon": [71.0, 67.0], "geo_precision": [1, 1],
                          "killed_min": [5, 1]})
    header = encode(frame, pd.Series([attributed_group(incident), attributed_group(only_denied)])).header
    assert header["colours"][header["groups"].index("ISKP")] == reg.colour("ISKP")
    assert header["colours"][header["groups"].index("")] == UNATTRIBUTED_COLOUR


def test_size_follows_killed_lower_bound_and_rings_are_set_by_precision():
    assert marker_radius(Count(None, None, "many")) < marker_radius(Count(5, None, None)) < marker_radius(Count(50, 50, None))
    assert marker_radius(Count(10_000, None, None)) <= 24
    assert list(marker_radii([0, float("nan"), 5])) == [marker_radius(Count(0, 0, None))] * 2 + [
        pytest.approx(marker_radius(Count(5, None, None)), abs=0.05)]
    assert UNCERTAINTY_RADIUS_M[2] < UNCERTAINTY_RADIUS_M[3] and 1 not in UNCERTAINTY_RADIUS_M


def test_offline_map_loads_only_local_files_that_exist(incident, provinces_geojson):
    m = page_map([incident], provinces=provinces_geojson, places=[ReferencePlace("Quetta", 30.18, 67.0)])
    assert external_urls(m) == []
    js, css = resource_links(m)
    assert js == ["/app/static/leaflet/leaflet.js"]
    for url in js + css:
        assert (STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url


def test_streamlit_folium_receives_only_local_links(incident, provinces_geojson):
    """What st_folium sends to the browser: its header, script, and the js/css link lists."""
    m = page_map([incident], provinces=provinces_geojson)
    m.get_root().render()
    header = streamlit_folium._get_header(m)
    script = streamlit_folium._get_map_string(m)
    assert not re.search(r"https?://", header)
    assert not re.search(r"https?://(?!www\.dawn\.com)", script.replace("https://leafletjs.com", ""))


def test_online_tiles_only_when_asked(incident):
    assert external_urls(page_map([incident])) == []
    urls = external_urls(page_map([incident], online_tiles=True))
    assert any("tile.openstreetmap.org" in u for u in urls)


def test_provinces_outlined_with_focus_and_labels(incident, provinces_geojson):
    html = page_map([incident], provinces=provinces_geojson).get_root().render()
    assert '["PK-BA","PK-KP"]' in html
    assert "Khyber Pakhtunkhwa" in html and "atlas-label-province" in html
    with pytest.raises(ValueError):
        encode(pd.DataFrame(columns=["id", "lat", "lon", "geo_precision", "killed_min"]), fit="everything")


def test_legend_lists_drawn_groups_in_registry_order_with_branches():
    html = legend_html(["ISKP", "IS", None])
    assert html.index(">IS <") < html.index("ISKP")
    assert "↳" in html and "Unattributed" in html
    assert "BLA" not in html


def test_base_url_path_moves_asset_urls(incident):
    m = page_map([incident], assets=WebAssets.for_base_url_path("/atlas/"))
    assert resource_links(m)[0] == ["/atlas/app/static/leaflet/leaflet.js"]
