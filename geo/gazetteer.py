"""The offline gazetteer: entries loaded lazily from ``data/gazetteer.csv`` and indexed by name.

Exact lookups are dictionary hits on normalised names and aliases (see
``geo.normalize``); fuzzy lookups use rapidfuzz's normalised Levenshtein
similarity over the same keys with spaces removed.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import logging
import pathlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from geo.normalize import compact_name, normalize_name

log = logging.getLogger(__name__)

__all__ = ["GazetteerEntry", "Gazetteer", "get_gazetteer", "gazetteer_path", "PLACE_KINDS",
           "AREA_KINDS", "NEIGHBOURHOOD", "precision_for_kind"]

#: Kinds that are a point on the ground (precision 1).
PLACE_KINDS = frozenset({"city", "town", "village"})
#: Kinds that stand for an area, geocoded at its headquarters or centroid (precision 2).
AREA_KINDS = frozenset({"district", "agency", "tehsil"})
#: A part of a big city (Chamkani in Peshawar): the city's point, precision 2.
NEIGHBOURHOOD = "neighbourhood"
_FOCUS = ("PK-BA", "PK-KP")


def precision_for_kind(kind: str) -> int:
    """1 for a place, 2 for a district/agency/tehsil, 3 for a province."""
    if kind in PLACE_KINDS:
        return 1
    if kind == "province":
        return 3
    return 2


def gazetteer_path() -> pathlib.Path:
    """Path of the built gazetteer CSV shipped under ``data/``."""
    return pathlib.Path(__file__).resolve().parent.parent / "data" / "gazetteer.csv"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One gazetteer row: a place, district, agency, tehsil or province."""

    name: str
    alt_names: tuple[str, ...]
    kind: str
    district: str | None
    province_code: str | None
    lat: float
    lon: float
    population: int
    source: str
    geonameid: int | None = None
    part_of: str | None = None  # the city a neighbourhood belongs to

    @property
    def is_neighbourhood(self) -> bool:
        """A part of a city: geocoded at the city's point, precision 2."""
        return self.kind == NEIGHBOURHOOD

    @property
    def precision(self) -> int:
        """Precision code of a result at this entry (1 place, 2 area, 3 province)."""
        return precision_for_kind(self.kind)

    def sort_key(self) -> tuple:
        """Ranking among equally good matches: Balochistan/KP first, then the larger place."""
        return (0 if self.province_code in _FOCUS else 1, -self.population, self.name)


class Gazetteer:
    """In-memory gazetteer with dictionary lookups by normalised name."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self._exact: dict[str, list[GazetteerEntry]] = {}
        self._compact: dict[str, list[GazetteerEntry]] = {}
        for e in self.entries:
            for raw in (e.name, *e.alt_names):
                key = normalize_name(raw)
                if not key:
                    continue
                for index, k in ((self._exact, key), (self._compact, compact_name(key))):
                    bucket = index.setdefault(k, [])
                    if e not in bucket:
                        bucket.append(e)
        for index in (self._exact, self._compact):
            for bucket in index.values():
                bucket.sort(key=GazetteerEntry.sort_key)
        self._compact_keys: list[str] = list(self._compact)
        log.debug("gazetteer: %d entries, %d names", len(self.entries), len(self._exact))

    @classmethod
    def from_csv(cls, path: pathlib.Path | str | None = None) -> "Gazetteer":
        """Load a gazetteer CSV (default: the shipped ``data/gazetteer.csv``)."""
        path = pathlib.Path(path) if path else gazetteer_path()
        with path.open(encoding="utf-8", newline="") as fh:
            return cls(_entry(row) for row in csv.DictReader(fh))

    def __len__(self) -> int:
        return len(self.entries)

    @functools.cached_property
    def version(self) -> str:
        """A fingerprint of the entries: it changes whenever a row does (a rebuilt gazetteer), so
        results cached under an older gazetteer are not reused."""
        digest = hashlib.sha1()
        for e in self.entries:
            digest.update(repr(e).encode("utf-8"))
        return digest.hexdigest()[:12]

    def names(self) -> Iterable[str]:
        """Every normalised name and alias known (keys accepted by ``lookup_exact``)."""
        return self._exact.keys()

    def lookup_exact(self, normalised_name: str) -> list[GazetteerEntry]:
        """Entries whose name or alias normalises to *normalised_name*, best first."""
        return list(self._exact.get(normalised_name, ()))

    def lookup(self, normalised_name: str) -> list[GazetteerEntry]:
        """Exact lookup that also ignores spaces ("miranshah" = "miran shah")."""
        hits = self._exact.get(normalised_name)
        if hits:
            return list(hits)
        return list(self._compact.get(compact_name(normalised_name), ()))

    def fuzzy(self, normalised_name: str, *, limit: int = 10,
              min_similarity: float = 0.0) -> list[tuple[GazetteerEntry, float]]:
        """Entries whose names are close to *normalised_name* (similarity 0..1), best first."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        query = compact_name(normalised_name)
        if not query:
            return []
        found = process.extract(query, self._compact_keys, scorer=Levenshtein.normalized_similarity,
                                score_cutoff=min_similarity, limit=limit * 3)
        best: dict[GazetteerEntry, float] = {}
        for key, score, _ in found:
            for e in self._compact[key]:
                if score > best.get(e, -1.0):
                    best[e] = score
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0].sort_key()))
        return ranked[:limit]


def _entry(row: dict[str, str]) -> GazetteerEntry:
    return GazetteerEntry(
        name=row["name"],
        alt_names=tuple(a for a in row["alt_names"].split("|") if a),
        kind=row["kind"],
        district=row["district"] or None,
        province_code=row["province_code"] or None,
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        population=int(row["population"] or 0),
        source=row["source"],
        geonameid=int(row["geonameid"]) if row.get("geonameid") else None,
        part_of=row.get("part_of") or None,
    )


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer built from ``data/gazetteer.csv`` (loaded on first use)."""
    return Gazetteer.from_csv()
