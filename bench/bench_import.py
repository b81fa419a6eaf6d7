"""Benchmark: import rate (rows/s) of a generated ACLED-layout file into a fresh SQLite store.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--repeat 5] [--keep DIR] [--profile] [--serial]

Wall time on a shared machine varies with other load: ``--repeat`` imports into several fresh
stores and reports the best and the median rate; ``rows_per_cpu_s`` (CPU time of this process and
of the import's reader process together) is the steadier figure. A file this size is read in a second
process while this one writes (``import_file``'s default); ``--serial`` also measures the one-process
path (``serial_rows_per_s``). The file is generated into a temporary directory (never committed): current 31-column ACLED layout,
Pakistan events in KP and Balochistan, realistic actors ("TTP: Tehreek-i-Taliban Pakistan",
"Unidentified Armed Group (Pakistan)", state forces), several sources per row; points are jittered
±0.05° around each place, so about half of the Gwadar events (~5% of all rows) fall just off the
coast and take the nearest-province path. Each import inserts into a fresh store; one more import
into the last store finds every row unchanged. Goal: ≥ 20,000 rows/s (the median of the runs).
"""
from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import json
import pstats
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
GOAL_ROWS_PER_SECOND = 20_000

_PLACES = [  # admin1, admin2, admin3, location, lat, lon
    ("Khyber Pakhtunkhwa", "North Waziristan", "Mir Ali", "Mir Ali", 32.967, 70.262),
    ("Khyber Pakhtunkhwa", "Bannu", "Bannu", "Bannu", 32.986, 70.604),
    ("Khyber Pakhtunkhwa", "Dera Ismail Khan", "Dera Ismail Khan", "Dera Ismail Khan", 31.832, 70.902),
    ("Khyber Pakhtunkhwa", "Peshawar", "Peshawar", "Peshawar", 34.008, 71.578),
    ("Khyber Pakhtunkhwa", "Bajaur", "Khar", "Khar", 34.727, 71.522),
    ("Khyber Pakhtunkhwa", "Khyber", "Bara", "Bara", 33.914, 71.459),
    ("Balochistan", "Quetta", "Quetta City", "Quetta", 30.192, 67.007),
    ("Balochistan", "Kech", "Turbat", "Turbat", 26.003, 63.052),
    ("Balochistan", "Mastung", "Mastung", "Mastung", 29.799, 66.845),
    ("Balochistan", "Gwadar", "Gwadar", "Gwadar", 25.126, 62.322),
    ("Balochistan", "Kalat", "Kalat", "Kalat", 29.027, 66.590),
]
_ACTORS = [  # actor1, inter1, assoc
    ("TTP: Tehreek-i-Taliban Pakistan", "Rebel group", ""),
    ("BLA: Balochistan Liberation Army", "Rebel group", ""),
    ("Unidentified Armed Group (Pakistan)", "Political militia", ""),
    ("Islamic State (Pakistan)", "Rebel group", ""),
    ("Military Forces of Pakistan (2018-)", "State forces", "Police Forces of Pakistan (2018-)"),
    ("Lashkar-e-Jhangvi", "Political militia", ""),
    ("Ittehad-ul-Mujahideen Pakistan", "Rebel group", ""),
]
_EVENTS = [
    ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Political violence", "Explosions/Remote violence", "Suicide bomb"),
]
_SOURCES = ["Dawn", "The News (Pakistan)", "Express Tribune", "Dawn; Pakistan Today", "Balochistan Post; Dawn",
            "Xinhua; Dawn; The News (Pakistan)"]


def write_acled_file(path: Path, rows: int, *, seed: int = 6) -> Path:
    """Write an ACLED-layout CSV with ``rows`` Pakistan events to ``path``."""
    rng = random.Random(seed)
    start = dt.date(2018, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_COLUMNS)
        for i in range(rows):
            admin1, admin2, admin3, loc, lat, lon = rng.choice(_PLACES)
            actor1, inter1, assoc = rng.choice(_ACTORS)
            disorder, etype, sub = rng.choice(_EVENTS)
            actor2, inter2 = (("Military Forces of Pakistan (2018-)", "State forces") if etype == "Battles"
                              else ("Civilians (Pakistan)", "Civilians"))
            date = start + dt.timedelta(days=rng.randrange(0, 2500))
            fat = rng.choice([0, 0, 1, 2, 3, 5, 12])
            w.writerow([
                f"PAK{i + 1}", date.isoformat(), date.year, rng.choice([1, 1, 1, 2]), disorder, etype, sub,
                actor1, assoc, inter1, actor2, "", inter2, f"{inter1}-{inter2}",
                "Civilian targeting" if inter2 == "Civilians" else "", 586, "South Asia", "Pakistan",
                admin1, admin2, admin3, loc, f"{lat + rng.uniform(-0.05, 0.05):.4f}",
                f"{lon + rng.uniform(-0.05, 0.05):.4f}", rng.choice([1, 1, 2, 3]), rng.choice(_SOURCES),
                "National", f"On {date:%d %B %Y}, {actor1} {sub.lower()} near {loc}. {fat} fatalities.",
                fat, "", 1700000000 + i,
            ])
    return path


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished children (the import's reader processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(rows: int, keep: Path | None, profile: bool, repeat: int = 1, serial: bool = False) -> dict:
    from incidents.io import import_file
    from incidents.store import Store

    work = keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    path = write_acled_file(work / f"acled-{rows}.csv", rows)
    gen_s = time.perf_counter() - t0
    # warm-up in a throwaway store: one-time costs (imports, province polygons) are not per-row costs
    warm = Store(f"sqlite:///{work / 'warm.sqlite'}")
    warm.migrate()
    t0 = time.perf_counter()
    import_file(write_acled_file(work / "warm.csv", 500, seed=1), warm)
    warm_s = time.perf_counter() - t0
    warm.engine.dispose()
    runs: list[tuple[float, float]] = []  # (wall s, CPU s) of each first import into a fresh store
    serial_s: list[float] = []
    frame_s: list[float] = []  # Store.frame() right after each import
    prof = cProfile.Profile() if profile else None
    for n in range(repeat):
        if serial:  # the one-process path into its own fresh store, for comparison
            one = Store(f"sqlite:///{work / f'serial-{n}.sqlite'}")
            one.migrate()
            t0 = time.perf_counter()
            import_file(path, one, parallel=False)
            serial_s.append(time.perf_counter() - t0)
            one.engine.dispose()
            for f in work.glob(f"serial-{n}.sqlite*"):
                f.unlink()
        store = Store(f"sqlite:///{work / f'bench-{n}.sqlite'}")
        store.migrate()
        store.frame()  # as the dashboard holds it: the copy of the empty store
        t0, c0 = time.perf_counter(), _cpu_s()
        if prof and n == 0:
            prof.enable()
        first = import_file(path, store)
        if prof and n == 0:
            prof.disable()
        runs.append((time.perf_counter() - t0, _cpu_s() - c0))
        t0 = time.perf_counter()
        store.frame()  # the first read after the import: every row it wrote is a changed row
        frame_s.append(time.perf_counter() - t0)
        if n < repeat - 1:
            store.engine.dispose()
            for f in work.glob(f"bench-{n}.sqlite*"):
                f.unlink()
    t0 = time.perf_counter()
    second = import_file(path, store)
    second_s = time.perf_counter() - t0
    walls = sorted(r[0] for r in runs)
    cpus = sorted(r[1] for r in runs)
    result = {
        "rows": rows, "file_mb": round(path.stat().st_size / 1e6, 1), "generate_s": round(gen_s, 2),
        "warmup_s": round(warm_s, 2), "runs": repeat,
        "import_s": [round(w, 2) for w, _ in runs], "import_cpu_s": [round(c, 2) for _, c in runs],
        "rows_per_s_best": round(rows / walls[0]), "rows_per_s_median": round(rows / statistics.median(walls)),
        "rows_per_cpu_s_best": round(rows / cpus[0]), "rows_per_cpu_s_median": round(rows / statistics.median(cpus)),
        "frame_after_import_s": [round(f, 3) for f in frame_s],
        "frame_after_import_median_s": round(statistics.median(frame_s), 3),
        "reimport_s": round(second_s, 2), "reimport_rows_per_s": round(rows / second_s),
        "inserted": first.imported, "errors": first.error_count, "reimport_unchanged": second.unchanged,
        "goal_rows_per_s": GOAL_ROWS_PER_SECOND,
        "meets_goal": rows / statistics.median(walls) >= GOAL_ROWS_PER_SECOND,
    }
    if serial_s:
        result["serial_import_s"] = [round(s, 2) for s in serial_s]
        result["serial_rows_per_s_median"] = round(rows / statistics.median(serial_s))
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    store.engine.dispose()
    if keep is None:  # the generated file and stores are scratch
        shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--keep", type=Path, help="write the file and database here instead of a temp dir")
    p.add_argument("--profile", action="store_true", help="print a cProfile of the first import")
    p.add_argument("--serial", action="store_true", help="also time the one-process import (no reader process)")
    p.add_argument("--repeat", type=int, default=1,
                   help="import into this many fresh stores; best and median rate are reported")
    args = p.parse_args()
    if args.repeat < 1:
        p.error("--repeat must be ≥ 1")
    print(json.dumps(run(args.rows, args.keep, args.profile, args.repeat, args.serial), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
