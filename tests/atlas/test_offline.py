from __future__ import annotations

import subprocess
import sys

import folium
import pytest
from folium.plugins import MarkerCluster

from atlas.offline import OfflineAssetError, WebAssets, external_urls, localise, resource_links
from tests.conftest import ROOT


def test_default_folium_map_is_not_offline_until_localised():
    assert any("cdn.jsdelivr.net" in u for u in external_urls(folium.Map(tiles=None)))
    m = folium.Map(tiles=None)
    localise(m)
    assert external_urls(m) == []
    assert resource_links(m) == (["/app/static/leaflet/leaflet.js"], ["/app/static/leaflet/leaflet.css"])


def test_jquery_kept_only_for_folium_popups():
    m = folium.Map(tiles=None)
    folium.Marker([30, 67], popup=folium.Popup("hi")).add_to(m)
    localise(m)
    assert "/app/static/jquery/jquery.min.js" in resource_links(m)[0]


def test_marker_cluster_plugin_is_vendored():
    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    localise(m)
    assert external_urls(m) == []


def test_unknown_cdn_resource_raises_naming_it():
    from folium.plugins import Fullscreen

    m = folium.Map(tiles=None)
    Fullscreen().add_to(m)
    with pytest.raises(OfflineAssetError, match="Fullscreen"):
        localise(m)


def test_class_defaults_are_not_mutated():
    before = list(folium.Map.default_js)
    localise(folium.Map(tiles=None))
    assert folium.Map.default_js == before


def test_web_assets_urls():
    assert WebAssets().url("leaflet") == "/app/static/leaflet/leaflet.js"
    assert WebAssets.for_base_url_path("").base == "/app/static"
    assert WebAssets.for_base_url_path("/a/b/").url("leaflet_css") == "/a/b/app/static/leaflet/leaflet.css"
    assert WebAssets().is_local("/app/static/x.js") and not WebAssets().is_local("//cdn.example/x.js")
    with pytest.raises(OfflineAssetError):
        WebAssets().url("d3")


def test_vendored_files_match_their_manifest():
    r = subprocess.run([sys.executable, "scripts/vendor_assets.py", "--check"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_streamlit_serves_static_files():
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["enableStaticServing"] is True
