"""Rebuild ``static/`` (the web assets the dashboard serves itself) from npm packages.

The dashboard runs without internet: Leaflet and its plugins, and plotly.js for the charts, are served by Streamlit's static file
serving (``/app/static/...``) instead of a CDN. This script fetches each pinned package with
``npm pack``, checks the tarball's integrity against the registry's, copies the files the map needs and
writes ``static/MANIFEST.json`` (package, version, tarball integrity, SHA-256 of every copied file).

    python scripts/vendor_assets.py          # fetch and rewrite static/
    python scripts/vendor_assets.py --check  # offline: verify static/ against the manifest
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
MANIFEST = STATIC / "MANIFEST.json"

log = logging.getLogger("vendor_assets")

#: npm package -> (pinned version, {file in the package: path under static/}).
PACKAGES: dict[str, tuple[str, dict[str, str]]] = {
    "leaflet": ("1.9.4", {
        "dist/leaflet.js": "leaflet/leaflet.js",
        "dist/leaflet.css": "leaflet/leaflet.css",
        "dist/images/layers.png": "leaflet/images/layers.png",
        "dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
        "dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
        "dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
        "dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
        "LICENSE": "leaflet/LICENSE",
    }),
    "leaflet.markercluster": ("1.5.3", {
        "dist/leaflet.markercluster.js": "leaflet.markercluster/leaflet.markercluster.js",
        "dist/MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
        "dist/MarkerCluster.Default.css": "leaflet.markercluster/MarkerCluster.Default.css",
        "MIT-LICENCE.txt": "leaflet.markercluster/LICENSE",
    }),
    # The charts (atlas/plot_element.js): the same plotly.js version the Python plotly package embeds.
    "plotly.js-dist-min": ("4.1.1", {
        "plotly.min.js": "plotly/plotly.min.js",
        "LICENSE": "plotly/LICENSE",
    }),
    # Only loaded when a map uses folium's own Popup (its template calls jQuery); atlas maps do not.
    "jquery": ("3.7.1", {
        "dist/jquery.min.js": "jquery/jquery.min.js",
        "LICENSE.txt": "jquery/LICENSE",
    }),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm(*args: str, cwd: Path) -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("vendor_assets: npm is not installed (apt-get install npm)")
    return subprocess.run([npm, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _integrity(tarball: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()


def vendor(static: Path = STATIC) -> dict:
    """Fetch every pinned package with ``npm pack`` and rewrite ``static``; returns the manifest."""
    manifest: dict = {"generated_by": "scripts/vendor_assets.py", "packages": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        staged = work / "static"
        for name, (version, files) in PACKAGES.items():
            packed = json.loads(_npm("pack", f"{name}@{version}", "--json", cwd=work))[0]
            tarball = work / packed["filename"]
            integrity = _integrity(tarball)
            if integrity != packed["integrity"]:
                raise SystemExit(f"vendor_assets: {name}@{version}: tarball integrity mismatch")
            with tarfile.open(tarball) as tar:
                members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
                entry = {"version": version, "integrity": integrity, "files": {}}
                for inside, target in files.items():
                    member = members.get(inside)
                    if member is None:
                        raise SystemExit(f"vendor_assets: {name}@{version} has no {inside}")
                    out = staged / target
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(tar.extractfile(member).read())
                    entry["files"][target] = sha256(out)
            manifest["packages"][name] = entry
            log.info("vendored %s@%s (%d files)", name, version, len(files))
        (staged / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        if static.exists():
            shutil.rmtree(static)
        shutil.copytree(staged, static)
    return manifest


def check(static: Path = STATIC) -> list[str]:
    """Problems with ``static`` compared to its manifest and the pinned packages (empty when fine)."""
    problems: list[str] = []
    manifest_path = static / "MANIFEST.json"
    if not manifest_path.is_file():
        return [f"{manifest_path} is missing; run scripts/vendor_assets.py"]
    manifest = json.loads(manifest_path.read_text())
    for name, (version, files) in PACKAGES.items():
        entry = manifest["packages"].get(name)
        if entry is None or entry["version"] != version:
            problems.append(f"{name}: manifest has {entry and entry['version']}, pinned {version}")
            continue
        for target in files.values():
            path = static / target
            if not path.is_file():
                problems.append(f"{target}: missing")
            elif sha256(path) != entry["files"].get(target):
                problems.append(f"{target}: differs from the manifest")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="verify static/ offline instead of fetching")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.check:
        problems = check()
        for p in problems:
            log.error("%s", p)
        return 1 if problems else 0
    vendor()
    return 0


if __name__ == "__main__":
    sys.exit(main())
