"""A point for a record whose file gives none, from the offline gazetteer: one rule for every layout.

A trimmed ACLED export without its coordinate columns, a GTD row with blank coordinates, or a team's
own log names its places only. Each such place is looked up by exact name or alias (never a fuzzy
guess: a wrong point is worse than none), with the row's district and province as hints, and a
place that lies in another province than the row names is refused. The record says where its point
came from (``GEOCODED_FLAG``), so an analyst can tell a source's point from ours.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.geocoder import GeoResult

__all__ = ["Placer"]


class Placer:
    """Exact-name lookups in the offline gazetteer, each (place, district, province) asked once."""

    def __init__(self, geocoder: Any = None) -> None:
        self._geocoder = geocoder
        self._seen: dict[tuple[str, str | None, str | None], "GeoResult | None"] = {}

    @property
    def geocoder(self) -> Any:
        """The offline geocoder, exact names and aliases only (loaded on first use)."""
        if self._geocoder is None:
            from geo.geocoder import OfflineGeocoder

            self._geocoder = OfflineGeocoder(fuzzy=False)
        return self._geocoder

    def locate(self, place: str | None, district: str | None, province: str | None,
               code: str | None) -> "GeoResult | None":
        """The gazetteer's answer for the most precise name given (place, else district, else
        province: its centroid, precision 3), or None when it does not know it or puts it in another
        province than ``code``."""
        query = place or district or province
        if not query:
            return None
        key = (query, district if place else None, code)
        if key not in self._seen:
            hit = self.geocoder.geocode(query, province=code or None, district=key[1])
            if hit is not None and code and hit.province_code and hit.province_code != code:
                hit = None
            self._seen[key] = hit
        return self._seen[key]
