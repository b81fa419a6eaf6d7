"""The map page's building blocks, and the rules the incident layer draws by.

:func:`build_base_map` is the map without incidents: province outlines as the basemap (no tile
server unless asked), reference places, framed on Balochistan and KP; it needs no internet. The
incidents are drawn on it by ``atlas/fastmap.py`` + ``atlas/fastmap.js``, following the rules defined
here once: the group an incident is coloured by (:func:`attributed_group`: claimed, else suspected,
else blamed; a denial does not colour), its marker radius (:func:`marker_radii`: the lower bound of
the killed figure) and the uncertainty ring of an approximate location (:data:`UNCERTAINTY_RADIUS_M`).
:func:`legend_html` is the legend's content. Every string from data is HTML-escaped and reaches the
page as JSON.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import folium
import numpy as np
from folium.map import Layer
from folium.template import Template

from incidents.casualties import Count
from incidents.models import Incident
from incidents.registry import (ATTRIBUTING, NOT_IN_REGISTRY_COLOUR, NOT_IN_REGISTRY_LABEL, UNATTRIBUTED_COLOUR,
                                UNATTRIBUTED_LABEL, GroupRegistry, default_registry)

from .text import esc

#: Balochistan and Khyber Pakhtunkhwa, the provinces the atlas is about.
FOCUS_PROVINCES: tuple[str, ...] = ("PK-BA", "PK-KP")
#: [[south, west], [north, east]] of the two focus provinces.
FOCUS_BOUNDS = [[24.8, 60.8], [36.95, 74.0]]
#: Radius of the uncertainty ring by geo precision (2 near / district, 3 province), metres; a place
#: with precision 1 (or none) is a marker sized by :func:`marker_radii`.
UNCERTAINTY_RADIUS_M: dict[int, int] = {2: 15_000, 3: 60_000}
#: Marker radius, CSS pixels: MIN + PER_SQRT_KILLED * sqrt(killed lower bound), at most MAX.
MARKER_MIN_PX = 4.0
MARKER_PX_PER_SQRT_KILLED = 2.2
MARKER_MAX_PX = 24.0


@dataclass(frozen=True)
class ReferencePlace:
    """A place drawn as an orientation label (Quetta, Peshawar)."""

    name: str
    lat: float
    lon: float


# -- drawing rules ------------------------------------------------------------------------------

def attributed_group(inc: Incident) -> str | None:
    """The group an incident is drawn in: the first claimant, else suspect, else blamed; None if none.

    A denial never attributes."""
    for status in ATTRIBUTING:
        groups = inc.groups_with(status)
        if groups:
            return groups[0]
    return None


def marker_radii(killed_min: Any) -> np.ndarray:
    """Marker radii in CSS pixels from killed lower bounds (an array; unknown, NaN, draws smallest)."""
    k = np.nan_to_num(np.asarray(killed_min, dtype="float64"), nan=0.0)
    return np.minimum(MARKER_MIN_PX + MARKER_PX_PER_SQRT_KILLED * np.sqrt(k), MARKER_MAX_PX)


def marker_radius(killed: Count) -> float:
    """The marker radius of one figure (:func:`marker_radii`), to 0.1 px."""
    return round(float(marker_radii([killed.min or 0])[0]), 1)


def _json(value: Any) -> str:
    """JSON safe to place inside a <script> element."""
    s = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# -- map elements -------------------------------------------------------------------------------

class ProvinceLayer(Layer):
    """Province outlines: the focus provinces bold and labelled, the others faint."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group, data, focus, labels) {
            L.geoJSON(data, {
                interactive: false,
                attribution: 'Boundaries: Natural Earth',
                style: function (f) {
                    var on = focus.indexOf(f.properties.iso_code) >= 0;
                    return on ? {color: '#2f3b4c', weight: 2.2, fillColor: '#e9e3d3', fillOpacity: 0.55,
                                 className: 'atlas-province atlas-province-focus'}
                              : {color: '#9aa3ad', weight: 0.8, fillColor: '#f6f4ef', fillOpacity: 0.35,
                                 className: 'atlas-province'};
                },
                onEachFeature: function (f, layer) {
                    layer.on('add', function () {
                        if (this._path) this._path.setAttribute('data-province', f.properties.iso_code);
                    });
                }
            }).addTo(group);
            for (var i = 0; i < labels.length; i++) {
                var l = labels[i];
                L.marker([l.y, l.x], {interactive: false, keyboard: false, icon: L.divIcon({
                    className: l.focus ? 'atlas-label atlas-label-province' : 'atlas-label atlas-label-faint',
                    html: l.html, iconSize: null})}).addTo(group);
            }
        })({{ this.get_name() }}, {{ this.data_json }}, {{ this.focus_json }}, {{ this.labels_json }});
        {% endmacro %}
    """)

    def __init__(self, geojson: Mapping[str, Any], *, focus: Sequence[str] = FOCUS_PROVINCES,
                 name: str = "Province outlines") -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ProvinceLayer"
        self.data_json, self.labels_json = _province_json(geojson, tuple(focus))
        self.focus_json = _json(list(focus))


_PROVINCE_JSON: dict[tuple[int, tuple[str, ...]], tuple[Mapping[str, Any], str, str]] = {}


def _province_json(geojson: Mapping[str, Any], focus: tuple[str, ...]) -> tuple[str, str]:
    """(GeoJSON, labels) as JSON, remembered for the same (unchanged, shared) GeoJSON object: the
    map page rebuilds its map on every rerun, the outlines and their label points stay."""
    key = (id(geojson), focus)
    hit = _PROVINCE_JSON.get(key)
    if hit is not None and hit[0] is geojson:
        return hit[1], hit[2]
    out = (_json(geojson), _json(province_labels(geojson, focus)))
    if len(_PROVINCE_JSON) > 8:
        _PROVINCE_JSON.clear()
    _PROVINCE_JSON[key] = (geojson, *out)
    return out


class PlaceLabels(Layer):
    """Reference places as a dot and a name, not clickable."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group, places) {
            for (var i = 0; i < places.length; i++) {
                var p = places[i];
                L.marker([p.y, p.x], {interactive: false, keyboard: false, icon: L.divIcon({
                    className: 'atlas-label atlas-label-place', html: p.html, iconSize: null})}).addTo(group);
            }
        })({{ this.get_name() }}, {{ this.places_json }});
        {% endmacro %}
    """)

    def __init__(self, places: Sequence[ReferencePlace], *, name: str = "Reference places") -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "PlaceLabels"
        self.places_json = _json([{"y": p.lat, "x": p.lon,
                                   "html": f"<span class='atlas-dot'></span><span>{esc(p.name)}</span>"}
                                  for p in places])


_CSS = """
<style>
.leaflet-container { background: #dfe6ea; font-family: "Source Sans Pro", "Segoe UI", sans-serif; }
.atlas-label { white-space: nowrap; pointer-events: none; }
.atlas-label span { display: inline-block; transform: translate(-50%, -50%); }
.atlas-label-province span { font-size: 13px; font-weight: 700; letter-spacing: .08em; text-transform: uppercase;
  color: #2f3b4c; text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
.atlas-label-faint span { font-size: 11px; color: #8a939c; text-shadow: 0 0 2px #fff; }
.atlas-label-place span { transform: none; font-size: 12px; font-weight: 600; color: #1d232b;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; }
.atlas-label-place .atlas-dot { width: 6px; height: 6px; margin: 0 4px 0 -3px; background: #1d232b;
  border: 1px solid #fff; border-radius: 50%; transform: translateY(-1px); }
.atlas-legend { background: rgba(255,255,255,.94); padding: 8px 10px; border-radius: 4px; font-size: 12px;
  line-height: 1.45; box-shadow: 0 1px 4px rgba(0,0,0,.25); max-width: 260px; }
.atlas-legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px;
  vertical-align: -1px; border: 1px solid rgba(0,0,0,.35); }
.atlas-legend .ring { background: transparent; border: 2px dashed #555; }
.atlas-legend .note { color: #555; margin-top: 4px; }
.atlas-popup { font-size: 13px; line-height: 1.4; }
.atlas-popup ul { margin: 2px 0 4px 16px; padding: 0; }
.atlas-popup-head { font-weight: 700; font-size: 14px; margin-bottom: 2px; }
.atlas-summary { margin: 4px 0; color: #333; white-space: pre-wrap; overflow-wrap: anywhere; }
.atlas-muted { color: #666; font-size: 12px; overflow-wrap: anywhere; }
</style>
"""


def legend_html(groups: Iterable[str | None], registry: GroupRegistry | None = None,
                approximate: bool = False) -> str:
    """Escaped legend content: the groups drawn (registry order), unattributed, size and ring keys."""
    registry = registry or default_registry()
    present = set(groups)
    rows = ["<b>Attributed to</b>"]
    for g in registry.ordered():
        if g.code in present:
            indent = "&nbsp;&nbsp;↳ " if g.parent else ""
            rows.append(f"<div>{indent}<span class='sw' style='background:{esc(g.colour)}'></span>"
                        f"{esc(g.code)} <span class='atlas-muted'>{esc(g.name)}</span></div>")
    if NOT_IN_REGISTRY_LABEL in present:
        rows.append(f"<div><span class='sw' style='background:{NOT_IN_REGISTRY_COLOUR}'></span>"
                    f"{esc(NOT_IN_REGISTRY_LABEL)} <span class='atlas-muted'>named by the source, no status "
                    "recorded</span></div>")
    if None in present or not present:
        rows.append(f"<div><span class='sw' style='background:{UNATTRIBUTED_COLOUR}'></span>"
                    f"{esc(UNATTRIBUTED_LABEL)} <span class='atlas-muted'>no claim, suspicion or blame</span></div>")
    rows.append("<div class='note'>Colour: claimant, else suspect, else blamed; a denial does not colour."
                "<br>Size: killed (lower bound).</div>")
    if approximate:
        rows.append("<div class='note'><span class='sw ring'></span>approximate location</div>")
    return "".join(rows)


def province_labels(geojson: Mapping[str, Any], focus: Sequence[str] = FOCUS_PROVINCES,
                    min_area: float = 0.5) -> list[dict[str, Any]]:
    """A label point per province: the pole of inaccessibility of its largest part (clear of the
    capitals), focus provinces flagged; provinces smaller than ``min_area`` square degrees unlabelled."""
    from shapely.geometry import shape
    from shapely.ops import polylabel

    out = []
    for f in geojson.get("features", []):
        props = f.get("properties") or {}
        code = props.get("iso_code")
        try:
            geom = shape(f["geometry"])
        except (KeyError, ValueError, TypeError, AttributeError):
            continue
        if geom.is_empty or (geom.area < min_area and code not in focus):
            continue
        part = max(geom.geoms, key=lambda g: g.area) if hasattr(geom, "geoms") else geom
        pt = polylabel(part, 0.01)
        out.append({"y": round(pt.y, 4), "x": round(pt.x, 4), "focus": code in focus,
                    "html": f"<span>{esc(props.get('name') or code)}</span>"})
    return out


def build_base_map(*, provinces: Mapping[str, Any] | None = None,
                   reference_places: Sequence[ReferencePlace] = (), online_tiles: bool = False) -> folium.Map:
    """The map without incidents: province outlines (the basemap), reference places, optional
    OpenStreetMap tiles, framed on Balochistan and KP. Scripts are not yet localised."""
    m = folium.Map(location=[30.4, 68.0], zoom_start=6, tiles=None, control_scale=True,
                   min_zoom=4, max_zoom=14, zoom_control=True, zoom_snap=0.25, zoom_delta=0.5)
    m.options.update(minZoom=4, maxZoom=14)  # folium passes min/max zoom only to a tile layer; none here
    m.get_root().header.add_child(folium.Element(_CSS), name="atlas_css")
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", control=True).add_to(m)
    if provinces:
        ProvinceLayer(provinces).add_to(m)
    if reference_places:
        PlaceLabels(reference_places).add_to(m)
    m.options["attributionControl"] = True
    return m


class FitView(folium.MacroElement):
    """Fit the map to bounds at once (no zoom animation: the first view is final when the map's
    script ends, so layers added right after draw for it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds_json }}, {animate: false});
        {% endmacro %}
    """)

    def __init__(self, bounds: Sequence[Sequence[float]]) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds_json = _json([list(b) for b in bounds])


def fit_region(m: folium.Map) -> folium.Map:
    """Frame Balochistan and KP whole."""
    FitView(FOCUS_BOUNDS).add_to(m)
    return m
