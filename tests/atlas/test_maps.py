from __future__ import annotations

import json
import re

import folium
import pytest
import streamlit_folium

from atlas.maps import (CLUSTER_THRESHOLD, UNCERTAINTY_RADIUS_M, ReferencePlace, attributed_group, build_map,
                        incident_points, incident_popup_html, incident_tooltip_html, legend_html, marker_radius)
from atlas.offline import STATIC_DIR, external_urls, resource_links
from incidents.casualties import Count
from incidents.models import Attribution
from incidents.registry import UNATTRIBUTED_COLOUR, default_registry


PROBE = "<img src=x onerror=alert(1)>"


def _points_json(m: folium.Map) -> list[dict]:
    html = m.get_root().render()
    found = re.search(r"\}\)\(incident_layer_\w+, (\[.*?\])\);", html, re.S)
    assert found, "incident data not in the rendered map"
    return json.loads(found.group(1))


def test_popup_and_tooltip_escape_every_data_string(incident):
    inc = incident.copy(summary=f"x {PROBE} y", location="A<b>B</b>", killed_text="five `${alert(2)}`",
                        attributions=[Attribution("ISKP", "claimed", "<script>alert(3)</script>")])
    popup = incident_popup_html(inc)
    tip = incident_tooltip_html(inc)
    for html in (popup, tip):
        assert "<img" not in html and "<script" not in html and "A<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in popup
    assert "five `${alert(2)}`" in tip  # kept literally; it only travels as JSON data


def test_map_embeds_data_as_json_not_markup(incident):
    inc = incident.copy(summary=f"{PROBE} </script><script>alert(4)</script>")
    m = build_map([inc])
    html = m.get_root().render()
    assert PROBE not in html and "</script><script>alert(4)" not in html
    pts = _points_json(m)
    assert "&lt;img src=x onerror=alert(1)&gt;" in pts[0]["p"]


def test_popup_keeps_the_reported_wording_ledger_and_links(incident):
    popup = incident_popup_html(incident)
    assert "at least five (5+)" in popup and "more than 10 (11+)" in popup
    assert "<b>ISKP</b> suspected" in popup and "<b>TTP</b> denied" in popup
    assert "href='https://www.dawn.com/news/1'" in popup and "rel='noopener noreferrer'" in popup
    assert "2 Mar 2024" in popup and "Hangu district" in popup


def test_only_http_sources_become_links(incident):
    from incidents.models import Source

    inc = incident.copy(sources=[Source(None, None, "urn:incident-atlas:seed:abc", None)])
    popup = incident_popup_html(inc)
    assert "<a " not in popup and "urn:incident-atlas:seed:abc" in popup


def test_colour_follows_claim_then_suspicion_then_blame_and_denial_never_colours(incident):
    reg = default_registry()
    assert attributed_group(incident) == "ISKP"
    only_denied = incident.copy(attributions=[Attribution("TTP", "denied", "TTP")])
    assert attributed_group(only_denied) is None
    both = incident.copy(attributions=[Attribution("BLA", "blamed", "police"), Attribution("TTP", "claimed", None)])
    assert attributed_group(both) == "TTP"
    pts = incident_points([incident, only_denied.copy(id="t-2")], reg)
    assert pts[0]["c"] == reg.colour("ISKP")
    assert pts[1]["c"] == UNATTRIBUTED_COLOUR and pts[1]["g"] == ""


def test_size_follows_killed_lower_bound_and_imprecise_places_are_circles(incident):
    assert marker_radius(Count(None, None, "many")) < marker_radius(Count(5, None, None)) < marker_radius(Count(50, 50, None))
    assert marker_radius(Count(10_000, None, None)) <= 24
    pts = incident_points([incident, incident.copy(id="t-2", geo_precision=2), incident.copy(id="t-3", geo_precision=3),
                           incident.copy(id="t-4", lat=None, lon=None)])
    assert [p["id"] for p in pts] == ["t-1", "t-2", "t-3"]  # no coordinates: not drawn
    assert "r" in pts[0] and "m" not in pts[0]
    assert pts[1]["m"] == UNCERTAINTY_RADIUS_M[2] and pts[2]["m"] == UNCERTAINTY_RADIUS_M[3]


def test_offline_map_loads_only_local_files_that_exist(incident, provinces_geojson):
    m = build_map([incident], provinces=provinces_geojson, reference_places=[ReferencePlace("Quetta", 30.18, 67.0)])
    assert external_urls(m) == []
    js, css = resource_links(m)
    assert js == ["/app/static/leaflet/leaflet.js"]
    for url in js + css:
        assert (STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url


def test_streamlit_folium_receives_only_local_links(incident, provinces_geojson):
    """What st_folium sends to the browser: its header, script, and the js/css link lists."""
    m = build_map([incident], provinces=provinces_geojson)
    m.get_root().render()
    header = streamlit_folium._get_header(m)
    script = streamlit_folium._get_map_string(m)
    assert not re.search(r"https?://", header)
    assert not re.search(r"https?://(?!www\.dawn\.com)", script.replace("https://leafletjs.com", ""))


def test_clustering_once_points_crowd(incident):
    few = build_map([incident.copy(id=f"t-{i}") for i in range(CLUSTER_THRESHOLD)])
    many = build_map([incident.copy(id=f"t-{i}") for i in range(CLUSTER_THRESHOLD + 1)])
    assert "L.markerClusterGroup" not in few.get_root().render()
    assert "L.markerClusterGroup" in many.get_root().render()
    js, css = resource_links(many)
    assert "/app/static/leaflet.markercluster/leaflet.markercluster.js" in js
    assert external_urls(many) == []


def test_online_tiles_only_when_asked(incident):
    assert external_urls(build_map([incident])) == []
    urls = external_urls(build_map([incident], online_tiles=True))
    assert any("tile.openstreetmap.org" in u for u in urls)


def test_provinces_outlined_with_focus_and_labels(incident, provinces_geojson):
    html = build_map([incident], provinces=provinces_geojson).get_root().render()
    assert '["PK-BA","PK-KP"]' in html
    assert "Khyber Pakhtunkhwa" in html and "atlas-label-province" in html
    with pytest.raises(ValueError):
        build_map([incident], fit="everything")


def test_legend_lists_drawn_groups_in_registry_order_with_branches():
    html = legend_html(["ISKP", "IS", None])
    assert html.index(">IS <") < html.index("ISKP")
    assert "↳" in html and "Unattributed" in html
    assert "BLA" not in html


def test_base_url_path_moves_asset_urls(incident):
    from atlas.offline import WebAssets

    m = build_map([incident], assets=WebAssets.for_base_url_path("/atlas/"))
    assert resource_links(m)[0] == ["/atlas/app/static/leaflet/leaflet.js"]
