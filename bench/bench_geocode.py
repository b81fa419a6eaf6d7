"""Benchmark the offline geocoder: geocodes per second after warm-up.

Run ``python bench/bench_geocode.py [--seconds 2]``. Reports exact names (goal >= 10,000/s),
spelling variants, fuzzy misspellings and cold (uncached) lookups.
"""
from __future__ import annotations

import argparse
import json
import pathlib
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
    }
    print(json.dumps(report, indent=2))
    return 0 if report["exact_per_s"] >= 10_000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
