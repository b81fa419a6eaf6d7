"""The incident map: a pure builder returning a folium.Map that needs no internet.

Province outlines are the basemap (no tile server unless asked); incidents are coloured by the group
they are attributed to (claimed, else suspected, else blamed; a denial does not colour) and sized by
the lower bound of the killed figure; an approximate location (precision 2-3) is drawn as an
uncertainty circle, not a pin. Every string from data is HTML-escaped and reaches the page as JSON.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import folium
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.plugins import MarkerCluster
from folium.template import Template

from incidents.casualties import Count
from incidents.models import Incident
from incidents.registry import ATTRIBUTING, UNATTRIBUTED_COLOUR, UNATTRIBUTED_LABEL, GroupRegistry, default_registry

from .offline import WebAssets, localise
from .text import count_wording, date_label, esc

#: Balochistan and Khyber Pakhtunkhwa, the provinces the atlas is about.
FOCUS_PROVINCES: tuple[str, ...] = ("PK-BA", "PK-KP")
#: [[south, west], [north, east]] of the two focus provinces.
FOCUS_BOUNDS = [[24.8, 60.8], [36.95, 74.0]]
#: Radius of the uncertainty circle by geo precision (2 near / district, 3 province), metres.
UNCERTAINTY_RADIUS_M: dict[int, int] = {2: 15_000, 3: 60_000}
#: Above this many drawn incidents, points are clustered.
CLUSTER_THRESHOLD = 50
_SUMMARY_CHARS = 500


@dataclass(frozen=True)
class ReferencePlace:
    """A place drawn as an orientation label (Quetta, Peshawar)."""

    name: str
    lat: float
    lon: float


# -- small pure helpers (also used by the incidents page) ---------------------------------------

def attributed_group(inc: Incident) -> str | None:
    """The group an incident is drawn in: the first claimant, else suspect, else blamed; None if none.

    A denial never attributes."""
    for status in ATTRIBUTING:
        groups = inc.groups_with(status)
        if groups:
            return groups[0]
    return None


def marker_radius(killed: Count) -> float:
    """Pixel radius from the killed lower bound (unknown draws smallest)."""
    k = killed.min or 0
    return round(min(4.0 + 2.2 * math.sqrt(k), 24.0), 1)


def is_link(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(("http://", "https://"))


def ledger_html(inc: Incident) -> str:
    """The claim ledger as an escaped HTML list: "ISKP suspected (by experts)"."""
    if not inc.attributions:
        return "<i>no claim, suspicion or blame reported</i>"
    items = []
    for a in inc.attributions:
        by = f" <span class='atlas-muted'>by {esc(a.by)}</span>" if a.by else ""
        items.append(f"<li><b>{esc(a.group)}</b> {esc(a.status)}{by}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def sources_html(inc: Incident) -> str:
    """Sources as escaped HTML; only http(s) addresses become links (opened in a new tab)."""
    if not inc.sources:
        return "<i>none recorded</i>"
    items = []
    for s in inc.sources:
        name = " — ".join(x for x in (s.outlet, s.title) if x) or (s.url or "unnamed source")
        text = esc(name)
        if is_link(s.url):
            text = f"<a href='{esc(s.url)}' target='_blank' rel='noopener noreferrer'>{text}</a>"
        elif s.url and s.url != name:
            text += f" <span class='atlas-muted'>{esc(s.url)}</span>"
        if s.published:
            text += f" <span class='atlas-muted'>({esc(date_label(s.published))})</span>"
        items.append(f"<li>{text}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def place_label(inc: Incident) -> str:
    """"Kuchlak, Quetta district" (district only when it differs from the place)."""
    if inc.district and inc.district.strip().lower() != inc.location.strip().lower():
        return f"{inc.location}, {inc.district} district"
    return inc.location


def incident_tooltip_html(inc: Incident) -> str:
    """One escaped line: date · place — killed and injured in the report's wording."""
    return (f"<b>{esc(date_label(inc.date, inc.date_precision))}</b> · {esc(place_label(inc))}<br>"
            f"Killed: {esc(count_wording(inc.killed))} · Injured: {esc(count_wording(inc.injured))}")


def incident_popup_html(inc: Incident) -> str:
    """The incident card: date, place, district, figures as worded, claim ledger, sources, summary."""
    where = [esc(inc.location)]
    if inc.district:
        where.append(f"{esc(inc.district)} district")
    if inc.province:
        where.append(esc(inc.province))
    what = " on ".join(esc(x) for x in (inc.attack_type, inc.target) if x)
    summary = inc.summary or ""
    if len(summary) > _SUMMARY_CHARS:
        summary = summary[:_SUMMARY_CHARS].rstrip() + "…"
    precision = {2: "approximate (near the place / district)", 3: "approximate (province only)"}.get(
        inc.geo_precision or 1)
    rows = [
        f"<div class='atlas-popup-head'>{esc(date_label(inc.date, inc.date_precision))} · {esc(inc.location)}</div>",
        f"<div>{', '.join(where)}</div>",
        f"<div>{what}</div>" if what else "",
        f"<div><b>Killed:</b> {esc(count_wording(inc.killed))}</div>",
        f"<div><b>Injured:</b> {esc(count_wording(inc.injured))}</div>",
        f"<div><b>Claims:</b>{ledger_html(inc)}</div>",
        f"<div class='atlas-summary'>{esc(summary)}</div>" if summary else "",
        f"<div><b>Sources:</b>{sources_html(inc)}</div>",
        f"<div class='atlas-muted'>Location {precision}</div>" if precision else "",
        f"<div class='atlas-muted'>{esc(inc.id)}</div>" if inc.id else "",
    ]
    return "<div class='atlas-popup'>" + "".join(r for r in rows if r) + "</div>"


def _json(value: Any) -> str:
    """JSON safe to place inside a <script> element."""
    s = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def incident_points(incidents: Iterable[Incident], registry: GroupRegistry | None = None) -> list[dict[str, Any]]:
    """The drawable incidents as compact dicts (id, y, x, colour, radius or metres, tooltip, popup)."""
    registry = registry or default_registry()
    out = []
    for inc in incidents:
        if inc.lat is None or inc.lon is None:
            continue
        group = attributed_group(inc)
        point: dict[str, Any] = {
            "id": inc.id, "y": round(inc.lat, 5), "x": round(inc.lon, 5), "g": group or "",
            "c": registry.colour(group), "t": incident_tooltip_html(inc), "p": incident_popup_html(inc),
        }
        metres = UNCERTAINTY_RADIUS_M.get(inc.geo_precision or 1)
        if metres:
            point["m"] = metres
        else:
            point["r"] = marker_radius(inc.killed)
        out.append(point)
    return out


# -- map elements -------------------------------------------------------------------------------

class IncidentLayer(JSCSSMixin, Layer):
    """Incidents as circle markers (or uncertainty circles), clustered when there are many."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {% if this.cluster %}L.markerClusterGroup({{ this.cluster_options }}){% else %}L.featureGroup(){% endif %};
        (function (group, points) {
            for (var i = 0; i < points.length; i++) {
                var p = points[i];
                var style = {color: p.c, fillColor: p.c, className: 'atlas-incident'};
                var layer = p.m
                    ? L.circle([p.y, p.x], Object.assign({radius: p.m, weight: 2, dashArray: '5 4', fillOpacity: 0.15}, style))
                    : L.circleMarker([p.y, p.x], Object.assign({radius: p.r, weight: 1, fillOpacity: 0.8}, style));
                layer.atlasIncident = p.id;
                layer.on('add', function () {
                    if (this._path) {
                        this._path.setAttribute('data-incident', this.atlasIncident);
                        this._path.setAttribute('data-group', this.atlasGroup);
                    }
                });
                layer.atlasGroup = p.g;
                layer.bindTooltip(p.t, {sticky: true, className: 'atlas-tooltip'});
                layer.bindPopup(p.p, {maxWidth: 380, minWidth: 240, className: 'atlas-popup-wrap'});
                group.addLayer(layer);
            }
        })({{ this.get_name() }}, {{ this.points_json }});
        {% endmacro %}
    """)

    def __init__(self, points: Sequence[dict[str, Any]], *, name: str = "Incidents",
                 cluster: bool = False) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "IncidentLayer"
        self.points_json = _json(list(points))
        self.cluster = cluster
        self.cluster_options = _json({"showCoverageOnHover": False, "maxClusterRadius": 40,
                                      "spiderfyOnMaxZoom": True, "disableClusteringAtZoom": 11})
        self.default_js = list(MarkerCluster.default_js) if cluster else []
        self.default_css = list(MarkerCluster.default_css) if cluster else []


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


class Legend(folium.MacroElement):
    """A legend control (bottom right) from escaped HTML."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, content) {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'atlas-legend');
                div.innerHTML = content;
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }}, {{ this.content_json }});
        {% endmacro %}
    """)

    def __init__(self, content_html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.content_json = _json(content_html)


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


def build_map(incidents: Iterable[Incident], *, provinces: Mapping[str, Any] | None = None,
              reference_places: Sequence[ReferencePlace] = (), registry: GroupRegistry | None = None,
              assets: WebAssets | None = None, online_tiles: bool = False,
              cluster_threshold: int = CLUSTER_THRESHOLD, fit: str = "region") -> folium.Map:
    """The incident map. ``provinces`` is the provinces GeoJSON (the basemap); ``online_tiles`` adds an
    OpenStreetMap base layer (needs internet); ``fit`` "region" shows Balochistan and KP whole (and
    any incident outside them), "incidents" zooms to the incidents. Scripts and styles are local."""
    if fit not in ("region", "incidents"):
        raise ValueError("build_map: fit must be 'region' or 'incidents'")
    registry = registry or default_registry()
    points = incident_points(incidents, registry)
    m = build_base_map(provinces=provinces, reference_places=reference_places, online_tiles=online_tiles)
    IncidentLayer(points, cluster=len(points) > cluster_threshold).add_to(m)
    Legend(legend_html([p["g"] or None for p in points], registry,
                       approximate=any("m" in p for p in points))).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    (s, w), (n, e) = FOCUS_BOUNDS
    if points:
        lats = [p["y"] for p in points]
        lons = [p["x"] for p in points]
        pad = 0.4
        bounds = [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]]
        if fit == "region":
            bounds = [[min(s, bounds[0][0]), min(w, bounds[0][1])], [max(n, bounds[1][0]), max(e, bounds[1][1])]]
        m.fit_bounds(bounds, max_zoom=9)
    else:
        m.fit_bounds(FOCUS_BOUNDS)
    return localise(m, assets)
