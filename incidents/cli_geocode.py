"""``python -m incidents geocode NAME...``: print a JSON array of geocoding results.

Results are cached in the store's geocode cache, so the same name costs nothing twice.
"""
from __future__ import annotations

import argparse
import json
import logging
from typing import Any

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    """Add the ``geocode`` subcommand to an argparse subparsers object."""
    p = subparsers.add_parser(
        "geocode", help="resolve place names offline and print JSON",
        description="Print a JSON array in input order: one object per NAME, or null.")
    p.add_argument("names", nargs="+", metavar="NAME", help="place, district or province name")
    p.add_argument("--province", help="province hint (ISO code or name) to break ties")
    p.add_argument("--district", help="district hint to break ties")
    p.add_argument("--backend", default=None,
                   help="geocoder backend: offline, nominatim (default: $ATLAS_GEOCODER or 'offline')")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the store's geocode cache")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Geocode ``args.names`` and print the results; returns the exit status."""
    from geo.errors import GeocoderError, GeocoderQueryError

    from .cli import report_error
    from .geocoding import configured_geocoder
    from .store import Store

    try:
        store = None if getattr(args, "no_cache", False) else Store.open(seed=False)
        geocoder = configured_geocoder(store=store, backend=args.backend)
    except GeocoderError as exc:
        report_error(f"error: {exc}", exc)  # the traceback too with -v
        return 2
    out: list[dict | None] = []
    for name in args.names:
        try:
            result = geocoder.geocode(name, province=args.province, district=args.district)
        except GeocoderQueryError as exc:
            log.warning("cannot geocode %r: %s", name[:80], exc)
            result = None
        except GeocoderError as exc:
            report_error(f"error: {exc}", exc)
            return 2
        out.append(result.to_dict() if result else None)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0

