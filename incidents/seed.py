"""The bundled seed incidents (``data/seed_incidents.json``), geocoded on load."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .events.related import RelatedToll

from .models import Incident, incidents_from_json
from .paths import SEED_INCIDENTS, SEED_RELATED

log = logging.getLogger(__name__)


def load_seed_incidents(path: Path = SEED_INCIDENTS, geocoder: Any | None = None) -> list[Incident]:
    """Read the seed incidents; fill coordinates through ``geocoder`` where the file has none."""
    with open(path, encoding="utf-8") as fh:
        items = incidents_from_json(json.load(fh))
    if geocoder is None:
        return items
    out = []
    for inc in items:
        if inc.lat is None:
            hit = geocoder.geocode(inc.location, province=inc.province_code, district=inc.district)
            if hit is None:
                log.warning("seed incident %s: %r not found in the gazetteer; left without coordinates",
                            inc.id, inc.location)
            else:
                inc = inc.copy(lat=hit.lat, lon=hit.lon, geo_precision=hit.precision)
        out.append(inc)
    return out


def load_seed_related(path: Path = SEED_RELATED) -> list["RelatedToll"]:
    """The tolls the seed reports give for several attacks together (``data/seed_related.json``)."""
    from .events.related import RelatedToll

    with open(path, encoding="utf-8") as fh:
        return [RelatedToll.from_dict(d) for d in json.load(fh)]
