"""The incident layer that scales to 100,000 incidents: compact arrays drawn on a canvas in the browser.

Each incident travels as 8 bytes (:data:`BYTES_PER_INCIDENT`, base64 in the page): its position on a
20-bit grid over the data's bounding box (about 1.5 m over all of Pakistan), its group, its marker
size (killed, lower bound; :func:`atlas.maps.marker_radii`) and its location precision; what that
saves against one folium ``Marker`` with a ``Popup`` per incident is measured in bench/README.md.
``atlas/fastmap.js`` (inlined into the map, configured by :func:`library_options`) draws circles,
uncertainty rings, or a count per screen cell when thousands are in view, and redraws on Leaflet's
view events. Nothing else about an incident is in the page: a click asks Python (through
streamlit-folium's component value) for the one incident, and its card (:mod:`atlas.card`) comes
back as JSON and is written into the popup with ``textContent``.

The layer lives in a ``folium.FeatureGroup`` passed to ``st_folium(feature_group_to_add=...)``, so a
filter change swaps the incidents without reloading the map (provinces, labels, scripts).
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import folium
import numpy as np
import pandas as pd
from folium.template import Template

from incidents.models import Incident
from incidents.registry import (NOT_IN_REGISTRY_COLOUR, NOT_IN_REGISTRY_LABEL, UNATTRIBUTED_LABEL, GroupRegistry,
                                default_registry)

from .card import CARD_LABELS, event_card
from .maps import FOCUS_BOUNDS, UNCERTAINTY_RADIUS_M, _json, legend_html, marker_radii

#: Bytes per incident in the payload (before base64).
BYTES_PER_INCIDENT = 8
#: Prefix of the component value a click sends back: ``atlas:<token>:<index>``.
CLICK_PREFIX = "atlas"
#: Marker radii travel in steps of 1/SIZE_SCALE px (one byte: up to 63.75 px).
SIZE_SCALE = 4
#: The popup shows this much of the summary (the card under the map shows it all).
POPUP_SUMMARY_CHARS = 500
_Q = (1 << 20) - 1  # 20-bit coordinate grid


@lru_cache(maxsize=1)
def library_js() -> str:
    """The layer's JavaScript (atlas/fastmap.js), read once."""
    return resources.files("atlas").joinpath("fastmap.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class MapPayload:
    """The drawable incidents of one selection, encoded for the browser.

    ``rows[i]`` is the frame row (position) of payload index ``i``; ``ids[i]`` its incident id."""

    token: str
    header: dict[str, Any]
    data: str  # base64 of the packed arrays
    ids: tuple[str, ...]
    rows: np.ndarray = field(repr=False, compare=False)
    unplaced: int = 0

    @property
    def count(self) -> int:
        return len(self.ids)

    def index_from_click(self, tag: Any) -> int | None:
        """The payload index a click reported (``atlas:<token>:<i>``), None if it belongs to another
        payload (the filter or the data changed since) or is not a click on this layer."""
        if not isinstance(tag, str):
            return None
        parts = tag.split(":")
        if len(parts) != 3 or parts[0] != CLICK_PREFIX or parts[1] != self.token or not parts[2].isdigit():
            return None
        i = int(parts[2])
        return i if i < self.count else None


def _quantise(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    span = hi - lo
    return np.clip(np.rint((values - lo) / span * _Q), 0, _Q).astype(np.uint32)


def encode(frame: pd.DataFrame, groups: pd.Series | None = None, registry: GroupRegistry | None = None, *,
           fit: str = "region") -> MapPayload:
    """Pack the incidents of ``frame`` (``Store.frame`` columns id, lat, lon, geo_precision,
    killed_min) with their attributed group (``groups``: frame-aligned codes or None; see
    :func:`atlas.stats.attributed_groups`); one without a group whose source names a group the
    registry lacks (``frame["unlisted"]``) is drawn as "Group not in the registry", not unattributed.
    Incidents without coordinates are counted, not drawn.
    ``fit``: "region" keeps Balochistan and KP in view (widened to any incident outside them),
    "incidents" zooms to the incidents."""
    if fit not in ("region", "incidents"):
        raise ValueError("encode: fit must be 'region' or 'incidents'")
    registry = registry or default_registry()
    lat_all = frame["lat"].to_numpy(dtype="float64", na_value=np.nan)
    lon_all = frame["lon"].to_numpy(dtype="float64", na_value=np.nan)
    placed = ~(np.isnan(lat_all) | np.isnan(lon_all))
    rows = np.flatnonzero(placed)
    lat, lon = lat_all[rows], lon_all[rows]
    n = len(rows)
    if groups is None:
        group_codes = np.full(n, None, dtype=object)
    else:
        group_codes = np.asarray(groups, dtype=object)[rows]
    if "unlisted" in frame:  # no group drawn, but the source names one the registry lacks: not unattributed
        named = frame["unlisted"].notna().to_numpy(bool)[rows]
        group_codes = np.array([NOT_IN_REGISTRY_LABEL if k and not isinstance(g, str) else g
                                for g, k in zip(group_codes, named)], dtype=object)
    codes = [g.code for g in registry.ordered()]
    present = {g for g in group_codes if isinstance(g, str)}
    names = ([""] + [c for c in codes if c in present] + sorted(present - set(codes) - {NOT_IN_REGISTRY_LABEL})
             + ([NOT_IN_REGISTRY_LABEL] if NOT_IN_REGISTRY_LABEL in present else []))
    colours = [registry.colour(None)] + [NOT_IN_REGISTRY_COLOUR if c == NOT_IN_REGISTRY_LABEL else registry.colour(c)
                                         for c in names[1:]]
    lookup = {c: k for k, c in enumerate(names)}
    gidx = np.fromiter((lookup.get(g, 0) if isinstance(g, str) else 0 for g in group_codes), dtype=np.uint8,
                       count=n)
    prec = frame["geo_precision"].to_numpy(dtype="float64", na_value=1.0)[rows]
    prec = np.where(np.isin(prec, (1, 2, 3)), prec, 1).astype(np.uint8)
    killed = frame["killed_min"].to_numpy(dtype="float64", na_value=0.0)[rows]
    size = np.rint(marker_radii(killed) * SIZE_SCALE).astype(np.uint8)
    if n:
        bbox = [float(lat.min()), float(lon.min()), float(lat.max()), float(lon.max())]
        if bbox[2] - bbox[0] < 1e-6:
            bbox[2] = bbox[0] + 1e-3
        if bbox[3] - bbox[1] < 1e-6:
            bbox[3] = bbox[1] + 1e-3
    else:
        bbox = [FOCUS_BOUNDS[0][0], FOCUS_BOUNDS[0][1], FOCUS_BOUNDS[1][0], FOCUS_BOUNDS[1][1]]
    qlat, qlon = _quantise(lat, bbox[0], bbox[2]), _quantise(lon, bbox[1], bbox[3])
    packed = b"".join([
        (qlat >> 4).astype("<u2").tobytes(), (qlon >> 4).astype("<u2").tobytes(),
        ((qlat & 15) | ((qlon & 15) << 4)).astype(np.uint8).tobytes(),
        gidx.tobytes(), size.tobytes(), prec.tobytes(),
    ])
    data = base64.b64encode(packed).decode("ascii")
    header: dict[str, Any] = {
        "n": n, "bbox": bbox, "groups": names, "colours": colours,
        "labels": [UNATTRIBUTED_LABEL] + [f"{c} — {registry.get(c).name}" if c in registry else c for c in names[1:]],
        "legend": legend_html([g or None for g in names[1:]] + ([None] if (gidx == 0).any() or not n else []),
                              registry, approximate=bool((prec > 1).any())),
        "fit_bounds": _fit_bounds(bbox if n else None, fit),
    }
    token = hashlib.sha1(packed + json.dumps(header, sort_keys=True).encode()).hexdigest()[:12]
    header["token"] = token
    ids = tuple(frame["id"].to_numpy(dtype=object)[rows]) if n else ()
    return MapPayload(token, header, data, ids, rows, unplaced=int(len(frame) - n))


def fit_for(flt: Any) -> str:
    """How the map frames a selection: on its incidents when the filter names provinces or districts
    (Balochistan alone fills the map), else on the region (Balochistan and KP)."""
    return "incidents" if (flt.provinces or flt.districts) else "region"


def _fit_bounds(bbox: list[float] | None, fit: str) -> list[list[float]] | None:
    if bbox is None:
        return None
    pad = 0.4
    b = [[bbox[0] - pad, bbox[1] - pad], [bbox[2] + pad, bbox[3] + pad]]
    if fit == "incidents":
        return b
    (s, w), (n, e) = FOCUS_BOUNDS
    if b[0][0] >= s and b[0][1] >= w and b[1][0] <= n and b[1][1] <= e:
        return None  # all inside the region the map opens on: keep the analyst's view
    return [[min(s, b[0][0]), min(w, b[0][1])], [max(n, b[1][0]), max(e, b[1][1])]]


def event_detail(event: Mapping[str, Any], records: list[Incident], related: list[Any], index: int, *,
                 also_here: int = 0) -> dict[str, Any]:
    """The popup card of one event (:func:`atlas.card.event_card`: its sources side by side) with its
    payload index ``i``."""
    more = f"{also_here} more incident(s) at this spot: listed under the map" if also_here else None
    return {"i": int(index), **event_card(dict(event), records, related=related, summary_chars=POPUP_SUMMARY_CHARS,
                                          more=more)}


def library_options() -> dict[str, Any]:
    """What fastmap.js takes from Python (``window.atlasFast.configure``): the uncertainty ring radii
    by precision (metres), the marker size scale of the payload, and the card's labels."""
    return {"ring_m": {str(k): v for k, v in UNCERTAINTY_RADIUS_M.items()}, "size_scale": SIZE_SCALE,
            "card": CARD_LABELS}


class FastMapLibrary(folium.MacroElement):
    """Defines ``window.atlasFast`` (the layer's code) once in the map's script, configured with
    :func:`library_options`."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.atlasFast.configure({{ this.options_json }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "FastMapLibrary"
        self.code = library_js()
        self.options_json = _json(library_options())


class FastIncidentLayer(folium.MacroElement):
    """The incidents of a payload, added to its parent ``folium.FeatureGroup``; with ``detail`` (from
    :func:`event_detail`) the layer opens that event's card when added."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.atlasFast.add({{ this._parent.get_name() }}, {{ this.header_json }}, "{{ this.data }}", {{ this.detail_json }});
        {% endmacro %}
    """)

    def __init__(self, payload: MapPayload, detail: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self._name = "FastIncidentLayer"
        self.header_json = _json(payload.header)
        self.data = payload.data  # base64: no quote, backslash or angle bracket
        self.detail_json = _json(dict(detail)) if detail is not None else "null"


def incident_group(payload: MapPayload, detail: Mapping[str, Any] | None = None,
                   name: str = "Incidents") -> folium.FeatureGroup:
    """The feature group to pass to ``st_folium(feature_group_to_add=...)``."""
    fg = folium.FeatureGroup(name=name, overlay=True, control=True, show=True)
    FastIncidentLayer(payload, detail).add_to(fg)
    return fg


def add_library(m: folium.Map) -> folium.Map:
    """Put the layer's code into a map (before any incident group is evaluated)."""
    FastMapLibrary().add_to(m)
    return m


__all__ = ["BYTES_PER_INCIDENT", "FastIncidentLayer", "FastMapLibrary", "MapPayload", "add_library", "encode",
           "event_detail", "fit_for", "incident_group", "library_js", "library_options"]
