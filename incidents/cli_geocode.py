"""``python -m incidents geocode NAME...``: print a JSON array of geocoding results.

The lead's ``incidents/cli.py`` calls :func:`register` on its subparsers.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    """Add the ``geocode`` subcommand to an argparse subparsers object."""
    from geo.geocoder import default_backend

    p = subparsers.add_parser(
        "geocode", help="resolve place names offline and print JSON",
        description="Print a JSON array in input order: one object per NAME, or null.")
    p.add_argument("names", nargs="+", metavar="NAME", help="place, district or province name")
    p.add_argument("--province", help="province hint (ISO code or name) to break ties")
    p.add_argument("--district", help="district hint to break ties")
    p.add_argument("--backend", default=default_backend(),
                   help="geocoder backend (default: $ATLAS_GEOCODER or 'offline')")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Geocode ``args.names`` and print the results; returns the exit status."""
    from geo.errors import GeocoderError, GeocoderQueryError
    from geo.geocoder import get_geocoder

    try:
        geocoder = get_geocoder(args.backend)
    except GeocoderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out: list[dict | None] = []
    for name in args.names:
        try:
            result = geocoder.geocode(name, province=args.province, district=args.district)
        except GeocoderQueryError as exc:
            log.warning("cannot geocode %r: %s", name[:80], exc)
            result = None
        except GeocoderError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        out.append(result.to_dict() if result else None)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (``python -m incidents.cli_geocode NAME...``)."""
    parser = argparse.ArgumentParser(prog="incidents")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["geocode", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
