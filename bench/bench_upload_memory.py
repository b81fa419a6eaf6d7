"""Benchmark: the server's peak memory while it reads hostile and large uploads (issue 20).

    .venv/bin/python bench/bench_upload_memory.py [--before [--cap-gb 3]] [--only NAME,...]

Each case is a file crafted in a temporary directory (never committed); each is read in a fresh
subprocess as the Data page reads an upload — the bytes held in memory as Streamlit holds them,
then ``preview`` (and, for the large real-layout CSV, the whole ``import_file`` into a fresh SQLite
store) — and the subprocess reports its resident set just before the reading (``rss_before_mb``),
its peak (``peak_rss_mb``, ``ru_maxrss``), and what the reading said (refused with which message,
or read). ``--before`` also runs the hostile cases with the limits lifted (every ``ATLAS_MAX_*``
set huge: the code before the limits), under an address-space cap (``--cap-gb``, default 3; 0 for
none) so that a bomb cannot take the shared machine down; a case that hits the cap reports
``MemoryError`` (or fails while importing a module). Prints one JSON
object; the figures are in bench/README.md ("Upload memory").
"""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIFTED = {"ATLAS_MAX_UPLOAD_MB": "100000", "ATLAS_MAX_FILE_MB": "100000", "ATLAS_MAX_CELL_CHARS": "2000000000",
          "ATLAS_MAX_XLSX_MB": "100000", "ATLAS_MAX_SHARED_STRINGS": "2000000000", "ATLAS_MAX_ROWS": "2000000000",
          "ATLAS_MAX_GEOJSON_MB": "100000", "ATLAS_MAX_GEOJSON_DEPTH": "100000000"}
CAP_BYTES = 3 * 1024**3

_CHILD = r"""
import io, json, os, resource, sys, time
sys.path.insert(0, os.environ["ATLAS_ROOT"])
if os.environ.get("BENCH_CAP"):
    cap = int(os.environ["BENCH_CAP"])
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from incidents.io import UnreadableFileError, import_file, preview
from incidents.store import Store

def status_mb(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024

def rss_mb():
    return status_mb("VmRSS")

path, mode, as_upload = sys.argv[1], sys.argv[2], sys.argv[3] == "upload"
if as_upload:
    data = open(path, "rb").read()  # Streamlit keeps an upload's bytes in memory
    source = io.BytesIO(data)
    source.name = os.path.basename(path)
else:
    source = path
out = {"rss_before_mb": round(rss_mb(), 1)}
t = time.perf_counter()
try:
    if mode == "import":
        store = Store(f"sqlite:///{os.environ['BENCH_DB']}")
        store.migrate()
        s = import_file(source, store)
        out["result"] = f"imported {s.imported:,} of {s.rows:,} rows" + ("" if s.complete else f"; stopped: {s.stopped}")
    else:
        pv = preview(source)
        out["result"] = "read: " + (pv.errors[0].message if pv.errors else f"{len(pv.sample)} sample rows")
except UnreadableFileError as e:
    out["result"] = f"refused: {e}"
except MemoryError:
    out["result"] = "MemoryError (hit the address-space cap)"
out["seconds"] = round(time.perf_counter() - t, 2)
# VmHWM: this process's own peak (ru_maxrss would carry the forking parent's peak across exec)
out["peak_rss_mb"] = round(status_mb("VmHWM"), 1)
print(json.dumps(out))
"""


def _xlsx(path: Path, parts: dict[str, bytes]) -> None:
    """A workbook: openpyxl's own minimal one, with ``parts`` replaced or added."""
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["a"])
    wb.save(buf)
    base = zipfile.ZipFile(buf)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        names = {i.filename for i in base.infolist()}
        for info in base.infolist():
            data = parts.get(info.filename, base.read(info.filename))
            if info.filename == "[Content_Types].xml" and "xl/sharedStrings.xml" in parts:
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels" and "xl/sharedStrings.xml" in parts:
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            z.writestr(info.filename, data)
        for name, data in parts.items():
            if name not in names:
                z.writestr(name, data)


_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _shared_strings(n: int, text: bytes) -> bytes:
    return (b'<?xml version="1.0"?><sst ' + _NS + b' count="%d" uniqueCount="%d">' % (n, n)
            + b"<si><t>" + text + b"</t></si>" * 1 + (b"<si><t>" + text + b"</t></si>") * (n - 1) + b"</sst>")


def _sheet(rows: int, cells: int) -> bytes:
    row = b"".join(b'<c t="s"><v>0</v></c>' for _ in range(cells))
    body = b"".join(b'<row r="%d">' % (r + 1) + row + b"</row>" for r in range(rows))
    return b'<?xml version="1.0"?><worksheet ' + _NS + b"><sheetData>" + body + b"</sheetData></worksheet>"


def make_cases(d: Path) -> dict[str, tuple[Path, str, bool]]:
    """name -> (file, "preview"|"import", read as an upload)."""
    from bench_import import write_acled_file as write_acled  # the import benchmark's realistic ACLED rows

    cases: dict[str, tuple[Path, str, bool]] = {}
    # 1. the crafted workbook: 10 million two-letter shared strings (180 MB unpacked, under
    #    the size limit: refused by the count)
    p = d / "shared-strings-bomb.xlsx"
    _xlsx(p, {"xl/sharedStrings.xml": _shared_strings(10_000_000, b"ab")})
    cases["xlsx_shared_strings_bomb"] = (p, "preview", True)
    # 2. a sheet that unpacks huge (60,000 rows of 200 cells, about 250 MB unpacked), and one row of
    #    8 million cells (168 MB unpacked, under the size limit: refused by Excel's 16,384 columns)
    p = d / "huge-sheet.xlsx"
    _xlsx(p, {"xl/sharedStrings.xml": _shared_strings(1, b"event_id_cnty"),
              "xl/worksheets/sheet1.xml": _sheet(60_000, 200)})
    cases["xlsx_huge_sheet"] = (p, "preview", True)
    p = d / "wide-row.xlsx"
    _xlsx(p, {"xl/sharedStrings.xml": _shared_strings(1, b"event_id_cnty"),
              "xl/worksheets/sheet1.xml": _sheet(1, 8_000_000)})
    cases["xlsx_wide_row"] = (p, "preview", True)
    # 3. the worst a workbook within the limits can hold: just under 200 MB unpacked of shared
    #    strings (950,000 strings of 200 characters), read by openpyxl
    p = d / "at-the-limits.xlsx"
    _xlsx(p, {"xl/sharedStrings.xml": _shared_strings(950_000, b"x" * 190)})
    cases["xlsx_at_the_limits"] = (p, "preview", True)
    # 4. a CSV with one 300 MB field (as a file on disk: an upload that size is refused by its size)
    p = d / "one-huge-field.csv"
    with open(p, "w") as f:
        f.write("event_id_cnty,event_date,latitude,longitude,notes\nPAK1,2023-01-01,33.1,70.5,")
        chunk = "x" * 1_000_000
        for _ in range(300):
            f.write(chunk)
        f.write("\n")
    cases["csv_300mb_field_on_disk"] = (p, "preview", False)
    # 5. GeoJSON just under its 20 MB limit (parsed whole) and one nested 100,000 deep
    p = d / "large.geojson"
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [70.1, 33.2]},
               "properties": {"date": "2023-01-02", "location": "Bannu", "summary": "s" * 300,
                              "sources": [{"title": "a report", "url": "https://example.org/x"}]}}
    one = json.dumps(feature).encode()
    n = (19_500_000 - 60) // (len(one) + 2)
    p.write_bytes(b'{"type": "FeatureCollection", "features": [' + b", ".join([one] * n) + b"]}")
    cases["geojson_20mb"] = (p, "preview", True)
    p = d / "deep.geojson"
    p.write_bytes(b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    cases["geojson_deep"] = (p, "preview", True)
    # 6. a real-layout upload at the limit: a 50 MB ACLED CSV, imported whole
    p = d / "acled-50mb.csv"
    write_acled(p, 125_000)
    while p.stat().st_size > 50_000_000:
        write_acled(p, int(125_000 * 49_500_000 / p.stat().st_size))
    cases["acled_csv_50mb_import"] = (p, "import", True)
    return cases


def run_case(path: Path, mode: str, as_upload: bool, *, lifted: bool, db: Path, cap: int = CAP_BYTES) -> dict:
    env = {**os.environ, "ATLAS_ROOT": str(ROOT), "BENCH_DB": str(db), "PYTHONPATH": str(ROOT)}
    if lifted:
        env.update(LIFTED)
        if cap:
            env["BENCH_CAP"] = str(cap)
    r = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode, "upload" if as_upload else "disk"],
                       capture_output=True, text=True, env=env, timeout=1800)
    if r.returncode != 0:
        return {"error": (r.stderr.strip().splitlines() or ["?"])[-1], "exit": r.returncode}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", action="store_true", help="also read the hostile files with the limits lifted")
    ap.add_argument("--only", default="", help="comma-separated case names")
    ap.add_argument("--cap-gb", type=float, default=CAP_BYTES / 1024**3, help="--before: address-space cap (0: none)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="atlas-upload-mem-") as tmp:
        d = Path(tmp)
        cases = make_cases(d)
        for name, (path, mode, as_upload) in cases.items():
            if args.only and name not in args.only.split(","):
                continue
            entry = {"file_mb": round(path.stat().st_size / 1e6, 2), "as": "upload" if as_upload else "file on disk",
                     "with_limits": run_case(path, mode, as_upload, lifted=False, db=d / f"{name}.sqlite")}
            if args.before and mode == "preview":
                entry["limits_lifted"] = run_case(path, mode, as_upload, lifted=True, db=d / f"{name}-0.sqlite",
                                                  cap=int(args.cap_gb * 1024**3))
            out[name] = entry
            print(name, json.dumps(entry), file=sys.stderr)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
