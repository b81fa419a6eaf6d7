"""Benchmark: import rate (rows/s) of a generated ACLED-layout file into a fresh SQLite store.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--repeat 5] [--keep DIR] [--profile] [--serial]
    .venv/bin/python bench/bench_import.py --postgres [--rows 100000] [--repeat 3] [--pg-method copy,pipeline]

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

``--postgres`` (issue #21) measures SQLite and PostgreSQL side by side in one run (:func:`run_both`):
a throwaway PostgreSQL server (tests/support/postgres.py, with its default durability: fsync on),
then, ``--repeat`` times on each store, the import of the file into a fresh store, its re-import
(every row unchanged), the import of a revised file in which 1,000 rows have other fatalities (only
those are written: the incidents stamped with a newer store version are counted), and
``Store.save_many`` of the same number of synthetic incidents (bench/synthetic.py). Medians, and
whether the issue's targets hold. ``--pg-method`` also measures PostgreSQL with psycopg's pipelined
``executemany`` instead of COPY (``incidents/store/pg_bulk.py``).
"""
from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import json
import logging
import os
import pstats
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

log = logging.getLogger("bench.import")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
GOAL_ROWS_PER_SECOND = 20_000
#: Issue #21: PostgreSQL's import and re-import within this factor of SQLite's time.
PG_WITHIN = 1.5
#: Rows of the revised file whose fatalities differ (one in every ``rows // REVISED`` rows).
REVISED = 1000

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


def write_revised_file(src: Path, dst: Path, changed: int = REVISED) -> Path:
    """A copy of the ACLED file ``src`` in which ``changed`` rows, evenly spread, have one more fatality."""
    with open(src, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    fat = rows[0].index("fatalities")
    step = max(1, (len(rows) - 1) // changed)
    for k in range(1, len(rows), step)[:changed]:
        rows[k][fat] = str(int(rows[k][fat]) + 1)
    with open(dst, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return dst


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


class _Server:
    """A throwaway PostgreSQL server as tests/support/postgres.py starts one, but durable like a real
    one (its default fsync and synchronous commit; the tests' server runs with fsync off)."""

    def __init__(self) -> None:
        from tests.support.postgres import PostgresServer

        self.pg = PostgresServer()

    def __enter__(self) -> "_Server":
        pg = self.pg
        pg._run(str(pg.bindir / "initdb"), "-D", str(pg.datadir), "-U", "atlas", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8")
        pg._run(str(pg.bindir / "pg_ctl"), "-D", str(pg.datadir), "-w", "-t", "60", "-l", str(pg.tmp / "log"),
                "-o", f"-p {pg.port} -k {pg.tmp} -c listen_addresses=127.0.0.1", "start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.pg.stop()

    def database(self, name: str) -> str:
        return self.pg.create_database(name)

    def cpu_s(self) -> float:
        """CPU seconds used so far by the server's processes that are running (postmaster, backends,
        background workers); a backend's time is gone once it exits."""
        pid = int((self.pg.datadir / "postmaster.pid").read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat.parent.name) == pid or int(fields[1]) == pid:
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick


def _written_since(store, version: int) -> int:  # noqa: ANN001
    """Incidents stamped with a store version above ``version`` (written since)."""
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM incidents WHERE version > {int(version)}").scalar_one()


def _version(store) -> int:  # noqa: ANN001
    from incidents.store import versions

    with store.engine.connect() as conn:
        return versions.current(conn)


def _one_round(url: str, path: Path, revised: Path, server_cpu_s: Callable[[], float] | None) -> dict:
    """Import, re-import and revised import into a fresh store at ``url``: wall seconds, CPU
    seconds (this process, the import's reader process and the database server's), and counts."""
    from incidents.io import import_file
    from incidents.store import Store

    store = Store(url)
    store.migrate()
    store.frame()  # as the dashboard holds it
    out: dict = {}

    def timed(key: str, source: Path) -> Any:
        cpu0, t0 = _cpu_s() + (server_cpu_s() if server_cpu_s else 0), time.perf_counter()
        res = import_file(source, store)
        out[key + "_s"] = time.perf_counter() - t0
        out[key + "_cpu_s"] = _cpu_s() + (server_cpu_s() if server_cpu_s else 0) - cpu0
        return res

    first = timed("import", path)
    again = timed("reimport", path)
    before = _version(store)
    rev = timed("revised", revised)
    out["counts"] = {"inserted": first.imported, "errors": first.error_count, "reimport_unchanged": again.unchanged,
                     "reimport_written": again.imported + again.updated, "revised_updated": rev.updated,
                     "revised_unchanged": rev.unchanged, "revised_rows_written": _written_since(store, before)}
    store.engine.dispose()
    return out


def run_both(rows: int, repeat: int = 3, methods: tuple[str, ...] = ("copy",), save_many: bool = True) -> dict:
    """Issue #21: SQLite and PostgreSQL side by side (see the module docstring); one JSON-able dict."""
    from synthetic import write_store

    from incidents.io import import_file
    from incidents.store import Store, pg_bulk

    work = Path(tempfile.mkdtemp(prefix="bench-import-pg-"))
    if os.geteuid() == 0:  # the server runs as user postgres; it only needs to reach its own directory
        os.chmod(work, 0o755)
    load = [round(x, 2) for x in os.getloadavg()]
    t_start = time.perf_counter()
    path = write_acled_file(work / f"acled-{rows}.csv", rows)
    revised = write_revised_file(path, work / f"acled-{rows}-revised.csv", min(REVISED, rows))
    warm_file = write_acled_file(work / "warm.csv", 500, seed=1)
    stores: dict[str, dict] = {}
    kinds = [("sqlite", "sqlite", "copy")] + [("postgresql" if m == "copy" else f"postgresql_{m}", "postgresql", m)
                                             for m in methods]
    with _Server() as server:
        def url(kind: str, name: str) -> str:
            return f"sqlite:///{work / (name + '.sqlite')}" if kind == "sqlite" else server.database(name)

        for label, kind, method in kinds:  # one-time costs (imports, polygons, connections)
            warm = Store(url(kind, f"warm_{label}"))
            warm.migrate()
            import_file(warm_file, warm)
            warm.engine.dispose()
        rounds: dict[str, list[dict]] = {label: [] for label, _, _ in kinds}
        saves: dict[str, list[float]] = {label: [] for label, _, _ in kinds}
        # the stores take turns round by round, so that each round finds the machine about alike
        for n in range(repeat):
            for label, kind, method in kinds:
                pg_bulk.METHOD = method
                rounds[label].append(_one_round(url(kind, f"{label}_{n}"), path, revised,
                                                server.cpu_s if kind == "postgresql" else None))
                log.info("%s round %d: %s", label, n + 1,
                         {k: round(v, 2) for k, v in rounds[label][-1].items() if k != "counts"})
        if save_many:
            for n in range(repeat):
                for label, kind, method in kinds:
                    pg_bulk.METHOD = method
                    saves[label].append(write_store(url(kind, f"save_{label}_{n}"), rows)["save_s"])
                    log.info("%s save_many %d: %.2f s", label, n + 1, saves[label][-1])
        pg_bulk.METHOD = "copy"
    for label, _, _ in kinds:
        res: dict = {}
        for key in ("import", "reimport", "revised"):
            for unit in ("_s", "_cpu_s"):
                xs = [r[key + unit] for r in rounds[label]]
                res[key + unit] = [round(x, 2) for x in xs]
                res[key + "_median" + unit] = round(statistics.median(xs), 2)
        res["import_rows_per_s_median"] = round(rows / res["import_median_s"])
        res["counts"] = rounds[label][-1]["counts"]
        if save_many:
            res["save_many_s"] = saves[label]
            res["save_many_median_s"] = round(statistics.median(saves[label]), 2)
            res["save_many_rows_per_s_median"] = round(rows / res["save_many_median_s"])
        stores[label] = res
    shutil.rmtree(work, ignore_errors=True)
    lite, pg = stores["sqlite"], stores["postgresql"]

    def within(key: str) -> bool:
        return pg[key] <= PG_WITHIN * lite[key]

    c = pg["counts"]
    targets = {
        f"pg_import_rows_per_s>={GOAL_ROWS_PER_SECOND}": pg["import_rows_per_s_median"] >= GOAL_ROWS_PER_SECOND,
        f"pg_import_s<={PG_WITHIN}x_sqlite": within("import_median_s"),
        f"pg_reimport_s<={PG_WITHIN}x_sqlite": within("reimport_median_s"),
        f"revised_only_{min(REVISED, rows)}_written": all(
            s["counts"]["revised_rows_written"] == s["counts"]["revised_updated"] == min(REVISED, rows)
            for s in stores.values()),
        "reimport_writes_nothing": all(s["counts"]["reimport_written"] == 0 for s in stores.values()),
    }
    return {"rows": rows, "runs": repeat, "statistic": "median", "pg_method": "copy",
            "load_avg_1_5_15_at_start": load, "load_avg_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(), "stores": stores,
            "pg_over_sqlite": {k: round(pg[k] / lite[k], 2) for k in
                               ("import_median_s", "reimport_median_s", "revised_median_s", "import_median_cpu_s",
                                "reimport_median_cpu_s", *(("save_many_median_s",) if save_many else ()))},
            "inserted_pg": c["inserted"], "targets": targets, "targets_hold": all(targets.values()),
            "bench_wall_s": round(time.perf_counter() - t_start, 1)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--keep", type=Path, help="write the file and database here instead of a temp dir")
    p.add_argument("--profile", action="store_true", help="print a cProfile of the first import")
    p.add_argument("--serial", action="store_true", help="also time the one-process import (no reader process)")
    p.add_argument("--repeat", type=int, default=1,
                   help="import into this many fresh stores; best and median rate are reported")
    p.add_argument("--postgres", action="store_true",
                   help="SQLite and PostgreSQL side by side (issue #21): import, re-import, revised file, save_many")
    p.add_argument("--pg-method", default="copy",
                   help="with --postgres: comma-separated PostgreSQL write methods to measure (copy, pipeline)")
    p.add_argument("--no-save-many", action="store_true", help="with --postgres: skip Store.save_many")
    args = p.parse_args()
    if args.repeat < 1:
        p.error("--repeat must be ≥ 1")
    if args.postgres:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
        logging.getLogger("incidents").setLevel(logging.WARNING)
        methods = tuple(m.strip() for m in args.pg_method.split(","))
        if "copy" not in methods or set(methods) - {"copy", "pipeline"}:
            p.error("--pg-method: copy, optionally with pipeline")
        print(json.dumps(run_both(args.rows, args.repeat, methods, not args.no_save_many), indent=2))
        return 0
    print(json.dumps(run(args.rows, args.keep, args.profile, args.repeat, args.serial), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
