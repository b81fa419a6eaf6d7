"""Geocoders: one interface, backends chosen by name (geopy style).

* ``offline`` (default): the gazetteer in ``data/gazetteer.csv``; exact names and
  aliases first, then a guarded fuzzy match; never the network.
* ``nominatim``: OpenStreetMap Nominatim through geopy, rate limited; off unless
  explicitly enabled (``allow_online=True`` or ``ATLAS_ONLINE_GEOCODING=1``).

``geocode`` returns a :class:`GeoResult` or ``None`` (no match); bad input returns
``None`` too, except a non-string query which raises :class:`GeocoderQueryError`.
"""
from __future__ import annotations

import functools

import json
import logging
import re
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any, Callable, Protocol, runtime_checkable

from geo.distance import great_circle_km
from geo.errors import GeocoderConfigError, GeocoderQueryError, GeocoderUnavailable
from geo.gazetteer import AREA_KINDS, PLACE_KINDS, Gazetteer, GazetteerEntry, get_gazetteer
from geo.normalize import MAX_QUERY_CHARS, compact_name, normalize_name, province_code_for
from geo.provinces import province_name

log = logging.getLogger(__name__)

__all__ = ["GeoResult", "Geocoder", "GeocodeCache", "MemoryGeocodeCache", "CachedGeocoder",
           "OfflineGeocoder", "NominatimGeocoder", "get_geocoder", "cache_key"]


@dataclass(frozen=True)
class GeoResult:
    """A geocoded point and how precise it is (1 place, 2 district/near, 3 province centroid).

    ``match`` says how the name was found: ``exact`` (a name or alias) or ``fuzzy`` (a near spelling),
    so a caller can weigh a fuzzy answer against the other places it knows.
    """

    name: str
    lat: float
    lon: float
    province: str | None
    province_code: str | None
    district: str | None
    precision: int
    source: str
    kind: str
    match: str = "exact"

    def to_dict(self) -> dict:
        """Plain dict with keys name, lat, lon, province, province_code, district, precision, source, kind, match."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "GeoResult":
        """Inverse of :meth:`to_dict` (unknown keys ignored)."""
        return cls(name=d["name"], lat=float(d["lat"]), lon=float(d["lon"]),
                   province=d.get("province"), province_code=d.get("province_code"),
                   district=d.get("district"), precision=int(d["precision"]),
                   source=d.get("source", ""), kind=d.get("kind", ""), match=d.get("match", "exact"))


@runtime_checkable
class Geocoder(Protocol):
    """What every backend offers."""

    name: str

    def geocode(self, query: str, *, province: str | None = None,
                district: str | None = None) -> GeoResult | None: ...

    def suggest(self, query: str, *, limit: int = 5, province: str | None = None) -> list[GeoResult]: ...


@runtime_checkable
class GeocodeCache(Protocol):
    """Key/value store for geocoding results (the store implements it as table geocode_cache)."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


class MemoryGeocodeCache:
    """A :class:`GeocodeCache` in a dict, for tests and single runs."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        """Stored JSON text, or None when absent."""
        return self.data.get(key)

    def set(self, key: str, value: str) -> None:
        """Store JSON text under *key*."""
        self.data[key] = value


#: Characters and sequences no place name contains: markup, templates, SQL comments, control chars.
_CODE_LIKE = re.compile(r"[<>{}=\\`$@#%^*~\x00-\x08\x0b-\x1f]|--|/\*")


def _check_query(query: Any) -> str | None:
    """Return the query text if worth looking up, None for junk; raise for non-strings."""
    if not isinstance(query, str):
        raise GeocoderQueryError(f"query must be a string, not {type(query).__name__}")
    if len(query) > MAX_QUERY_CHARS:
        log.debug("query of %d characters refused", len(query))
        return None
    if _CODE_LIKE.search(query):
        log.debug("markup or code-like query refused: %r", query[:80])
        return None
    return query


def cache_key(backend: str, query: str, province: str | None = None, district: str | None = None) -> str:
    """Cache key: backend name, normalised query and normalised hints."""
    p = province_code_for(province) or normalize_name(province or "")
    d = normalize_name(district or "")
    return f"{backend}|{normalize_name(query)}|p={p}|d={d}"


class CachedGeocoder:
    """Wrap any :class:`Geocoder` so that each (query, hints) is resolved once per cache."""

    def __init__(self, geocoder: Geocoder, cache: GeocodeCache) -> None:
        self.geocoder = geocoder
        self.cache = cache
        self.name = geocoder.name

    @functools.cached_property
    def backend_key(self) -> str:
        """The backend's name and, when it has one, its data version ("offline@3f2a…"): answers
        cached before the gazetteer was rebuilt are not reused."""
        version = getattr(self.geocoder, "version", "")
        return f"{self.name}@{version}" if version else self.name

    def geocode(self, query: str, *, province: str | None = None,
                district: str | None = None) -> GeoResult | None:
        """Cached :meth:`Geocoder.geocode`; cached no-matches are returned as None."""
        if _check_query(query) is None:
            return None
        key = cache_key(self.backend_key, query, province, district)
        hit = self.cache.get(key)
        if hit is not None:
            data = json.loads(hit)
            return None if data is None else GeoResult.from_dict(data)
        result = self.geocoder.geocode(query, province=province, district=district)
        self.cache.set(key, json.dumps(result.to_dict() if result else None, ensure_ascii=False))
        return result

    def suggest(self, query: str, *, limit: int = 5, province: str | None = None) -> list[GeoResult]:
        """Suggestions are not cached (they are for the review screen)."""
        return self.geocoder.suggest(query, limit=limit, province=province)


# --------------------------------------------------------------------------- offline

_SPLIT = re.compile(r"[,;/|()\[\]]+")
_AREA_WORDS = {"district", "distt", "dist", "agency", "tribal", "tehsil", "subdivision", "sub"}
_PLACE_WORDS = {"city", "town", "village", "bazaar", "bazar", "cantt", "cantonment"}
_IGNORED_PARTS = {"pakistan", "pk", "islamic republic of pakistan"}


def _distance_km(a: GazetteerEntry, b: GazetteerEntry) -> float:
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)


#: Provinces where a fuzzy match may land on a town when the caller names none (the atlas covers these
#: two); elsewhere only a city (100,000 people or more) is guessed.
FUZZY_PROVINCES = frozenset({"PK-BA", "PK-KP"})
_VOWELS = re.compile(r"(?<=.)[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def _skeleton(compact: str) -> str:
    """Consonant skeleton ("mustang" -> "mstng"): vowels vary most across transliterations."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", compact))


def _max_edits(length: int) -> int:
    """Vowel edits a fuzzy match may need: none under five letters ("Kuch" is not Kech, "Much" not Mach),
    one up to six, two up to twelve."""
    if length < 5:
        return 0
    if length <= 6:
        return 1
    if length <= 12:
        return 2
    return 3


def _indistinct(ranked: list[GazetteerEntry]) -> bool:
    """True when the best two places share a name, province and kind, have no population to rank them
    and lie over 25 km apart: a village name GeoNames' full file holds many times ("Killi Sheikhan").
    Guessing one would put a wrong point that an analyst trusts; the caller keeps the name instead."""
    if len(ranked) < 2:
        return False
    a, b = ranked[0], ranked[1]
    return (a.kind in PLACE_KINDS and a.kind == b.kind and a.province_code == b.province_code
            and a.population == b.population == 0 and _distance_km(a, b) > 25)


class OfflineGeocoder:
    """Gazetteer-backed geocoder; no network, deterministic, fast on exact names."""

    name = "offline"

    def __init__(self, gazetteer: Gazetteer | None = None, *, fuzzy: bool = True,
                 memo_size: int = 100_000) -> None:
        self._gazetteer = gazetteer
        self.fuzzy = fuzzy
        self._memo: dict[tuple, GeoResult | None] = {}
        self._memo_size = memo_size

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (the shared one, loaded on first use, by default)."""
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    @property
    def version(self) -> str:
        """Changes when the answers may change (the gazetteer was rebuilt): part of cache keys."""
        return self.gazetteer.version

    # -- public API
    def geocode(self, query: str, *, province: str | None = None,
                district: str | None = None) -> GeoResult | None:
        """Resolve *query* to a point; None when nothing matches closely enough."""
        if _check_query(query) is None:
            return None
        memo_key = (query, province, district)
        try:
            return self._memo[memo_key]
        except KeyError:
            pass
        result = self._geocode(query, province, district)
        if len(self._memo) >= self._memo_size:
            self._memo.clear()
        self._memo[memo_key] = result
        return result

    def _geocode_uncached(self, query: str, province: str | None = None,
                          district: str | None = None) -> GeoResult | None:
        """:meth:`geocode` without the in-process memo (benchmarks, tests)."""
        if _check_query(query) is None:
            return None
        return self._geocode(query, province, district)

    def suggest(self, query: str, *, limit: int = 5, province: str | None = None) -> list[GeoResult]:
        """Close candidates for a review screen (looser than :meth:`geocode`), best first."""
        if _check_query(query) is None or limit <= 0:
            return []
        place, hints = self._parse(query)
        code = self._province_hint(province) or hints.get("province")
        key = normalize_name(place)
        if not key:
            return []
        seen: dict[GazetteerEntry, float] = {}
        for e in self.gazetteer.lookup(key):
            seen[e] = 1.0
        cq = compact_name(key)
        if len(cq) >= 3:
            for e, score in self.gazetteer.fuzzy(key, limit=limit * 4, min_similarity=0.5):
                seen.setdefault(e, score)
            for k in self.gazetteer.names():
                if len(seen) >= limit * 8:
                    break
                if compact_name(k).startswith(cq) and k != key:
                    for e in self.gazetteer.lookup_exact(k):
                        seen.setdefault(e, 0.5)
        ranked = sorted(seen.items(), key=lambda kv: (
            -kv[1], 0 if code and kv[0].province_code == code else 1, kv[0].sort_key()))
        return [self._result(e) for e, _ in ranked[:limit]]

    # -- internals
    @staticmethod
    def _province_hint(province: str | None) -> str | None:
        if not province:
            return None
        code = province_code_for(province)
        if code is None:
            log.warning("ignoring unknown province hint %r", province)
        return code

    @staticmethod
    def _parse(query: str) -> tuple[str, dict[str, str]]:
        """Split "Place, District, Province, Pakistan" into the place and hints."""
        parts = [p.strip() for p in _SPLIT.split(query) if p.strip()]
        hints: dict[str, str] = {}
        if not parts:
            return "", hints
        place, rest = parts[0], parts[1:]
        for part in rest:
            norm = normalize_name(part)
            if not norm or norm in _IGNORED_PARTS:
                continue
            code = province_code_for(part)
            if code:
                hints.setdefault("province", code)
            else:
                words = [w for w in norm.split() if w not in _AREA_WORDS]
                if words:
                    hints.setdefault("district", " ".join(words))
        return place, hints

    def _candidates(self, key: str) -> tuple[list[GazetteerEntry], str | None]:
        """Exact candidates for *key*, retrying without kind words; returns (entries, kind wanted)."""
        hits = self.gazetteer.lookup(key)
        if hits:
            return hits, None
        words = key.split()
        wanted = None
        if any(w in _AREA_WORDS for w in words):
            wanted = "area"
        elif any(w in _PLACE_WORDS for w in words):
            wanted = "place"
        elif words and words[-1] == "province":
            wanted = "province"
        core = [w for w in words if w not in _AREA_WORDS and w not in _PLACE_WORDS and w != "province"]
        if wanted and core:
            return self.gazetteer.lookup(" ".join(core)), wanted
        return [], None

    @staticmethod
    def _rank(entries: list[GazetteerEntry], province: str | None, district: str | None,
              wanted: str | None, key: str = "") -> list[GazetteerEntry]:
        if key and not wanted:
            # a district called by its own name beats a town that merely has that name as an alias
            # ("Lakki Marwat" is the district; its town is GeoNames "Lakki")
            own = [e for e in entries if compact_name(normalize_name(e.name)) == compact_name(key)]
            shorter = [e for e in entries if e not in own and len(normalize_name(e.name).split()) < len(key.split())]
            if own and all(e.kind in AREA_KINDS for e in own) and len(own) + len(shorter) == len(entries):
                entries = own
        if province:
            same = [e for e in entries if e.province_code == province]
            entries = same or entries
        if district:
            d = normalize_name(district)
            same = [e for e in entries if e.district and normalize_name(e.district) == d]
            entries = same or entries

        def kind_rank(e: GazetteerEntry) -> int:
            if wanted == "area":
                return 0 if e.kind in AREA_KINDS else 1
            if wanted == "province":
                return 0 if e.kind == "province" else 1
            if e.kind in PLACE_KINDS:
                return 0
            return 1 if e.kind in AREA_KINDS else 2

        return sorted(entries, key=lambda e: (kind_rank(e), *e.sort_key()))

    def _fuzzy(self, key: str, province: str | None = None) -> list[GazetteerEntry]:
        """Entries within a few edits of *key* that differ only in vowels (transliteration: "Mustang" for
        "Mastung"), in *province* when one is given; none when equally close places lie apart.

        A different consonant is a different place ("Chamkani" is not "Chaman"), so it is never matched."""
        cq = compact_name(key)
        edits = _max_edits(len(cq))
        if not self.fuzzy or edits == 0:
            return []
        from rapidfuzz.distance import JaroWinkler, Levenshtein

        skeleton = _skeleton(cq)
        close: list[tuple[tuple, GazetteerEntry]] = []
        for e, _score in self.gazetteer.fuzzy(key, limit=10, min_similarity=0.6):
            if province and e.province_code != province:
                continue  # never cross to another province than the one the caller names
            if not province and e.province_code not in FUZZY_PROVINCES and e.kind != "city":
                continue  # unhinted guesses stay in Balochistan and KP, or are a big city
            if e.kind == "province":
                continue
            names = [compact_name(normalize_name(n)) for n in (e.name, *e.alt_names)]
            scored = min((Levenshtein.distance(cq, n), Levenshtein.distance(skeleton, _skeleton(n)),
                          -round(JaroWinkler.similarity(cq, n), 3), n) for n in names)
            dist, skel, _jw, best_name = scored
            if dist <= edits and skel == 0 and best_name[:1] == cq[:1]:
                close.append((scored[:2], e))
        if not close:
            return []
        best = min(k for k, _ in close)
        top = [e for k, e in close if k == best]
        # Equally close but distant places: do not guess, leave it to suggest().
        if any(_distance_km(top[0], other) > 25 for other in top[1:]
               if normalize_name(other.name) != normalize_name(top[0].name)):
            log.info("fuzzy match for %r is ambiguous: %s", key, [e.name for e in top])
            return []
        return top

    def _geocode(self, query: str, province: str | None, district: str | None) -> GeoResult | None:
        place, hints = self._parse(query)
        code = self._province_hint(province) or hints.get("province")
        district = district or hints.get("district")
        key = normalize_name(place)
        if not key or not any(ch.isalpha() for ch in key):
            return None
        entries, wanted = self._candidates(key)
        match = "exact"
        if code and entries and not any(e.province_code == code for e in entries):
            # another province's place answers only to its own name, not to one of its aliases
            # ("Kingri" is a Sindh town's alias and a Balochistan village)
            entries = [e for e in entries if compact_name(normalize_name(e.name)) == compact_name(key)
                       or (wanted and compact_name(normalize_name(e.name)) in compact_name(key))]
        if not entries:
            entries, match = self._fuzzy(key, code), "fuzzy"
        if not entries:
            return None
        ranked = self._rank(entries, code, district, wanted, key if match == "exact" else "")
        if _indistinct(ranked):
            log.info("%r names several villages far apart and nothing tells them apart: %s", place,
                     [(e.name, e.lat, e.lon) for e in ranked[:3]])
            return None
        return self._result(ranked[0], match)

    @staticmethod
    def _result(e: GazetteerEntry, match: str = "exact") -> GeoResult:
        district = e.district if e.kind != "province" else None
        name = f"{e.name}, {e.part_of}" if e.is_neighbourhood and e.part_of else e.name
        return GeoResult(name=name, lat=e.lat, lon=e.lon, province=province_name(e.province_code),
                         province_code=e.province_code, district=district, precision=e.precision,
                         source=e.source, kind=e.kind, match=match)


# --------------------------------------------------------------------------- online

_NOMINATIM_PRECISION = {
    "city": 1, "town": 1, "village": 1, "hamlet": 1, "suburb": 1, "neighbourhood": 1,
    "quarter": 1, "isolated_dwelling": 1, "locality": 1, "place": 1,
    "county": 2, "state_district": 2, "district": 2, "municipality": 2, "region": 2,
    "state": 3, "province": 3,
}


class NominatimGeocoder:
    """OpenStreetMap Nominatim via geopy; disabled unless explicitly allowed."""

    name = "nominatim"
    source = "OpenStreetMap Nominatim (online, ODbL)"

    def __init__(self, *, allow_online: bool = False, user_agent: str | None = None,
                 min_delay_seconds: float = 1.0, timeout: float = 10.0,
                 client: Any | None = None) -> None:
        if not allow_online:
            raise GeocoderUnavailable(
                "online geocoding is off; turn it on with ATLAS_ONLINE_GEOCODING=1 (allow_online=True)")
        if client is None:
            try:
                from geopy.geocoders import Nominatim
            except ImportError as exc:  # pragma: no cover - geopy is in requirements
                raise GeocoderUnavailable("the nominatim backend needs geopy: pip install geopy") from exc
            agent = user_agent or "incident-atlas"
            client = Nominatim(user_agent=agent, timeout=timeout)
        self._client = client
        self._min_delay = float(min_delay_seconds)
        self._last = 0.0
        self._lock = threading.Lock()
        self._memo: dict[tuple, GeoResult | None] = {}

    def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            wait = self._last + self._min_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # geopy raises its own GeopyError tree
                raise GeocoderUnavailable(f"nominatim request failed: {exc}") from exc
            finally:
                self._last = time.monotonic()

    def _query(self, query: str, province: str | None, district: str | None) -> str:
        parts = [query]
        if district:
            parts.append(district)
        code = province_code_for(province) if province else None
        if code:
            parts.append(province_name(code) or "")
        parts.append("Pakistan")
        return ", ".join(p for p in parts if p)

    def _result(self, location: Any, query: str) -> GeoResult:
        from geo.boundaries import province_at

        raw = getattr(location, "raw", {}) or {}
        lat, lon = float(location.latitude), float(location.longitude)
        code = province_at(lat, lon)
        kind = str(raw.get("addresstype") or raw.get("type") or "place")
        address = raw.get("address") or {}
        district = address.get("state_district") or address.get("county")
        return GeoResult(name=str(raw.get("name") or query), lat=lat, lon=lon,
                         province=province_name(code), province_code=code, district=district,
                         precision=_NOMINATIM_PRECISION.get(kind, 2), source=self.source, kind=kind)

    def geocode(self, query: str, *, province: str | None = None,
                district: str | None = None) -> GeoResult | None:
        """One rate-limited Nominatim lookup restricted to Pakistan."""
        if _check_query(query) is None or not normalize_name(query):
            return None
        key = (normalize_name(query), province, district)
        if key in self._memo:
            return self._memo[key]
        loc = self._call(self._client.geocode, self._query(query, province, district),
                         exactly_one=True, country_codes="pk", addressdetails=True)
        result = self._result(loc, query) if loc else None
        self._memo[key] = result
        return result

    def suggest(self, query: str, *, limit: int = 5, province: str | None = None) -> list[GeoResult]:
        """Up to *limit* Nominatim candidates."""
        if _check_query(query) is None or not normalize_name(query):
            return []
        locs = self._call(self._client.geocode, self._query(query, province, None),
                          exactly_one=False, limit=limit, country_codes="pk", addressdetails=True)
        return [self._result(loc, query) for loc in (locs or [])][:limit]


# --------------------------------------------------------------------------- registry

_BACKENDS: dict[str, Callable[..., Geocoder]] = {
    "offline": OfflineGeocoder,
    "gazetteer": OfflineGeocoder,
    "nominatim": NominatimGeocoder,
}


def get_geocoder(name: str = "offline", **options: Any) -> Geocoder:
    """Return the backend called *name*; ``cache=<GeocodeCache>`` wraps it in :class:`CachedGeocoder`.

    Raises GeocoderConfigError for an unknown name or bad options, GeocoderUnavailable
    when the backend is disabled (Nominatim without opt-in).
    """
    cache = options.pop("cache", None)
    factory = _BACKENDS.get((name or "").strip().lower())
    if factory is None:
        raise GeocoderConfigError(f"unknown geocoder {name!r}; choose one of {sorted(_BACKENDS)}")
    try:
        geocoder = factory(**options)
    except TypeError as exc:
        raise GeocoderConfigError(f"bad options for geocoder {name!r}: {exc}") from exc
    return CachedGeocoder(geocoder, cache) if cache is not None else geocoder
