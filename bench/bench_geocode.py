"""Benchmark the offline geocoder: geocodes per second after warm-up.

Run ``python bench/bench_geocode.py [--seconds 2]``. Reports exact names (goal >= 10,000/s),
spelling variants, fuzzy misspellings and cold (uncached) lookups, and (when ``../shared/data`` holds the
UCDP GED export) how Balochistan's small places resolve: within 15 km, not at all, or farther (#24).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import pathlib
import re
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from geo.geocoder import OfflineGeocoder  # noqa: E402
from geo.gazetteer import get_gazetteer  # noqa: E402

EXACT = ["Quetta", "Mastung", "Hangu", "Kuchlak", "Peshawar", "Gwadar", "Wana", "Bannu", "Zhob",
         "Miran Shah", "Turbat", "Khuzdar", "Kohat", "Dera Ismail Khan", "Balochistan", "Kech"]
VARIANTS = ["D.I. Khan", "Kuchlagh", "Miramshah", "Noshki", "KPK", "NWFP", "Baluchistan",
            "Quetta district", "Khyber Agency", "Quetta, Balochistan"]
FUZZY = ["Mustang", "Peshwar", "Quetaa", "Gwader", "Hango", "Kohaat"]


def rate(fn, names: list[str], seconds: float) -> float:
    """Calls per second of fn over names, cycling for about *seconds*."""
    n, t0 = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < seconds:
        for q in names:
            fn(q)
        n += len(names)
    return n / elapsed


UCDP = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ucdp-ged-pakistan-1989-2021.csv"
_KIND_WORD = re.compile(r"\s+(?:town|village|city|area|bazaar)$", re.I)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def small_places(geocoder: OfflineGeocoder, path: pathlib.Path = UCDP) -> dict | None:
    """The #24 measure on a real conflict dataset: every Balochistan town or village UCDP GED locates at
    precision 1 (name and point), geocoded with the province as hint: within 15 km, not found, or farther
    (and the farthest). None when the file (in ``../shared/data``) is absent."""
    if not path.is_file():
        return None
    places: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh)
        for row in rows:
            if row.get("adm_1") != "Balochistan province" or row.get("where_prec") != "1":
                continue
            name = _KIND_WORD.sub("", row["where_coordinates"].strip())
            if re.search(r"[(),]|\b(?:district|province|border|between|road|highway|airport|camp)\b", name, re.I):
                continue
            places.setdefault(name, (float(row["latitude"]), float(row["longitude"])))
    near, missing, far = 0, 0, []
    for name, point in sorted(places.items()):
        r = geocoder.geocode(name, province="PK-BA")
        if r is None:
            missing += 1
        elif _km((r.lat, r.lon), point) <= 15:
            near += 1
        else:
            far.append((name, r.name, round(_km((r.lat, r.lon), point))))
    return {"names": len(places), "within_15_km": near, "not_found": missing, "farther": len(far),
            "farther_examples": sorted(far, key=lambda f: -f[2])[:8]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    get_gazetteer()
    load_s = time.perf_counter() - t0
    g = OfflineGeocoder()
    for q in EXACT + VARIANTS + FUZZY:  # warm-up
        assert g.geocode(q) is not None, q
    cold = OfflineGeocoder(get_gazetteer(), memo_size=0)
    report = {
        "gazetteer_load_s": round(load_s, 3),
        "exact_per_s": round(rate(g.geocode, EXACT, args.seconds)),
        "variants_per_s": round(rate(g.geocode, VARIANTS, args.seconds)),
        "fuzzy_per_s": round(rate(g.geocode, FUZZY, args.seconds)),
        "exact_uncached_per_s": round(rate(cold._geocode_uncached, EXACT, args.seconds)),
        "fuzzy_uncached_per_s": round(rate(cold._geocode_uncached, FUZZY, args.seconds)),
        "ucdp_balochistan_small_places": small_places(OfflineGeocoder()),
    }
    print(json.dumps(report, indent=2))
    return 0 if report["exact_per_s"] >= 10_000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
