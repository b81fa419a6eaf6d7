"""What the map page draws besides incidents: province outlines and reference places (read once)."""
from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

from .maps import ReferencePlace

log = logging.getLogger(__name__)

#: Orientation labels: the two provincial capitals, located by the offline geocoder.
REFERENCE_PLACES: tuple[tuple[str, str], ...] = (("Quetta", "PK-BA"), ("Peshawar", "PK-KP"))


@lru_cache(maxsize=1)
def province_outlines() -> dict[str, Any] | None:
    """The provinces GeoJSON (``geo.boundaries.provinces_geojson_path()``); None, logged, if missing."""
    from geo.boundaries import provinces_geojson_path

    path = provinces_geojson_path()
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        log.warning("province outlines %s not found; the map has no basemap", path)
        return None


@lru_cache(maxsize=1)
def reference_places() -> tuple[ReferencePlace, ...]:
    """Quetta and Peshawar from the offline gazetteer (coordinates are never typed in by hand)."""
    from geo.geocoder import get_geocoder

    geocoder = get_geocoder("offline")
    out = []
    for name, province in REFERENCE_PLACES:
        hit = geocoder.geocode(name, province=province)
        if hit is None:
            log.warning("reference place %s not in the gazetteer; not labelled", name)
            continue
        out.append(ReferencePlace(hit.name, hit.lat, hit.lon))
    return tuple(out)


def base_map(online_tiles: bool = False, assets: "WebAssets | None" = None) -> "folium.Map":
    """The map page's map without incidents (province outlines, reference places, the incident layer's
    code), scripts served locally. Built fresh per call: streamlit-folium adds the incident group and
    the layer control to the map object it is given."""
    from .fastmap import add_library
    from .maps import build_base_map, fit_region
    from .offline import localise

    m = build_base_map(provinces=province_outlines(), reference_places=reference_places(),
                       online_tiles=online_tiles)
    m.options["fadeAnimation"] = False  # popups swap at once when the full record arrives
    add_library(m)
    fit_region(m)
    return localise(m, assets)
