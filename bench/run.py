"""Scale benchmark (issue 7): the dashboard at 100,000 synthetic incidents against the naive folium
baseline at 20,000, in a real `streamlit run` and Debian's Chromium. Prints ONE JSON object.

    .venv/bin/python bench/run.py [--rows 100000] [--naive-rows 20000] [--reuse] [--skip-import]
    .venv/bin/python bench/run.py --postgres [--rows 100000] [--reuse]   # the dashboard on both stores

``--postgres`` (issue 20): the dashboard on the same 100,000 synthetic incidents in SQLite and in a
throwaway PostgreSQL server (tests/support/postgres.py), one after the other in one run: map drawn
and filter changes on each, and PostgreSQL's figures over SQLite's (target: within 1.5x).

Method (details in bench/README.md):
- data: bench/synthetic.py writes SYNTHETIC incidents through Store.save_many into bench/out/ (the
  write rate is reported); --reuse keeps existing files.
- store -> frame: Store.frame() (all flat columns) in a new process's store (its first read: the
  table), with nothing changed since the last read, and after one incident was edited; the plain
  table read; the dashboard's frame and snapshot (frame + ledger + sources,
  atlas.views.build_snapshot). Medians of 3, in this process.
- import: bench/bench_import.py (ACLED layout, 100,000 rows) as a subprocess; its rows/s. Then
  ``bench_import.py --postgres``: the same file into SQLite and a throwaway PostgreSQL server side
  by side (import, unchanged re-import, a revised file with 1,000 changed rows, Store.save_many;
  medians of 3) and whether issue #21's targets hold.
- browser: every page is opened once to warm the server's caches and the browser's HTTP cache, then
  opened again (a new Streamlit session) and timed from navigation until the map is drawn: the
  incident layer sets ``data-atlas-drawn``/``data-atlas-count`` on the map after the canvas has
  painted every incident of the payload (or the cells that aggregate them), checked with
  ``wait_for_function``; the naive map when its script has added every marker and the cluster icons
  are in the DOM. Bytes = HTTP responses (encodedDataLength) + WebSocket frames received (CDP).
- filter change: a group picked in the sidebar widget (never used before in this server), timed from
  the click on the option until the script has finished and the map shows the new count; on the
  attribution and casualty pages a second group added to it (TTP + BLA, TTP + IS: first uses too),
  until every chart is drawn again with the new filter caption as its subtitle.
- memory: the streamlit process's peak resident set (VmHWM) after all of the above.
"""
from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from browser import (CHARTS_JS, DRAWN_JS, Browser, Meter, drawn_token, map_frame, timed_click,  # noqa: E402
                     wait_idle)

from tests.support.harness import StreamlitServer  # noqa: E402

log = logging.getLogger("bench.run")
OUT = ROOT / "bench" / "out"
#: The benchmark's stores hold the synthetic incidents only (no seed incidents added on start).
NO_SEED = {"ATLAS_SEED": "0"}
TARGETS = {"map_drawn_s": 2.0, "map_page_bytes": 2_000_000, "filter_change_s": 1.0, "store_frame_s": 1.0,
           "import_rows_per_s": 20_000, "peak_rss_mb": 1024}
FILTER_GROUP = ("TTP", "TTP — Tehreek-e-Taliban Pakistan")
#: On the chart pages each timed change adds a second group to TTP (TTP alone is cached by then: the
#: map used it), so each measured filter is a first use with a selection larger than the map's. Three
#: changes a page, each with its own second group (no selection is shared between the pages); the
#: page's figure is their median, as the map's drawing time is the median of three.
SECOND_GROUPS = {"/attribution": (("BLA", "BLA — Balochistan Liberation Army"),
                                  ("BLF", "BLF — Balochistan Liberation Front"),
                                  ("HGB", "HGB — Hafiz Gul Bahadur group")),
                 "/casualties": (("IS", "IS — Islamic State"),
                                 ("LeJ", "LeJ — Lashkar-e-Jhangvi"),
                                 ("AFGT", "AFGT — Afghan Taliban"))}


def dataset(rows: int, reuse: bool) -> tuple[Path, dict[str, Any]]:
    from synthetic import write_store

    path = OUT / f"synthetic-{rows}.sqlite"
    if reuse and path.exists():
        return path, {"rows": rows, "reused": True}
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path, write_store(f"sqlite:///{path}", rows)


def store_timings(path: Path) -> dict[str, Any]:
    """Store.frame() and its in-process copy (incidents/store/frames.py): a new store's first read,
    a read with nothing changed, a read after one edit; the plain table read, and the dashboard's
    frame and snapshot; medians of 3."""
    from atlas.views import FRAME_COLUMNS, build_snapshot
    from incidents.store import Store

    def timed(fn: Any) -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    first, warm, edit, table_s, dash_s, snap_s = [], [], [], [], [], []
    for k in range(3):
        store = Store(f"sqlite:///{path}")
        store.migrate()
        first.append(timed(store.frame))  # a new process's first read (after a restart)
        warm.append(timed(store.frame))  # nothing changed since
        ids = store.frame(columns=["id"])["id"]
        one = store.get(ids.iloc[len(ids) // 2])
        store.save(one.copy(summary=f"{one.summary or ''} (bench edit {k})"))
        edit.append(timed(store.frame))  # one incident changed
        with store.engine.connect() as conn:  # no copy: the path of filtered frames
            table_s.append(timed(Store(conn).frame))
        dash_s.append(timed(lambda: store.frame(columns=FRAME_COLUMNS)))
        snap_s.append(timed(lambda: build_snapshot(store)))
        rows = len(store.frame())
        store.engine.dispose()

    def med(xs: list[float]) -> float:
        return round(statistics.median(xs), 3)

    return {"store_frame_s": med(warm), "store_frame_first_read_s": med(first),
            "store_frame_after_edit_s": med(edit), "store_frame_from_table_s": med(table_s),
            "store_frame_rows": rows, "dashboard_frame_s": med(dash_s),
            "dashboard_frame_columns": len(FRAME_COLUMNS) + 2, "dashboard_snapshot_s": med(snap_s)}


def import_rate(rows: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_import.py"), "--rows", str(rows),
                          "--repeat", "3", "--serial"],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:] or ["bench_import failed"]}
    res = json.loads(out.stdout[out.stdout.index("{"):])
    keep = {k: v for k, v in res.items()
            if "rows_per" in k or k in ("rows", "import_s", "serial_import_s", "errors", "meets_goal",
                                        "frame_after_import_s", "frame_after_import_median_s")}
    rate = res.get("rows_per_s_median", res.get("rows_per_s"))
    return {"rows_per_s": rate, **keep}


def import_postgres(rows: int) -> dict[str, Any]:
    """bench_import.py --postgres (issue #21): SQLite and PostgreSQL side by side, medians of 3."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_import.py"), "--postgres", "--rows", str(rows),
                          "--repeat", "3"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:] or ["bench_import --postgres failed"]}
    res = json.loads(out.stdout[out.stdout.index("{"):])
    keep = ("import_median_s", "import_rows_per_s_median", "reimport_median_s", "revised_median_s",
            "save_many_median_s", "counts")
    return {"stores": {name: {k: v for k, v in fig.items() if k in keep} for name, fig in res["stores"].items()},
            **{k: res[k] for k in ("pg_over_sqlite", "targets", "targets_hold", "load_avg_1_5_15_at_start")}}


def _url(where: Path | str) -> str:
    """A database URL for a SQLite file's path, or the URL itself."""
    return where if isinstance(where, str) and "://" in where else f"sqlite:///{where}"


def _label(where: Path | str) -> str:
    return "postgres" if _url(where).startswith("postgresql") else Path(where).stem


def counts(path: Path | str) -> tuple[int, int]:
    """(incidents drawn with no filter, drawn with the benchmark's group filter)."""
    from incidents.filters import IncidentFilter
    from incidents.store import Store

    store = Store(_url(path))
    frame = store.frame(columns=("lat",))
    ids = set(store.ids(IncidentFilter.build(groups=[FILTER_GROUP[0]])))
    placed = frame["lat"].notna()
    n_all = int(placed.sum())
    n_group = int((placed & frame["id"].isin(ids)).sum())
    store.engine.dispose()
    return n_all, n_group


def open_map(page: Any, meter: Meter, url: str, n: int) -> tuple[float, int]:
    """Navigate, time until the incident layer has drawn n incidents; bytes once the run is idle."""
    meter.reset()
    t0 = time.perf_counter()
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function(DRAWN_JS, arg=[n, ""], timeout=180_000)
    elapsed = time.perf_counter() - t0
    wait_idle(page)
    page.wait_for_timeout(300)  # late frames (component value echo) are part of the page too
    return elapsed, meter.total


def open_group_menu(page: Any, label: str = FILTER_GROUP[1]) -> Any:
    """Open the sidebar's group dropdown (not timed: the filter changes when an option is chosen);
    returns the option to click. Any other group than TTP is typed first: the list only renders the
    options in view."""
    box = page.locator(".st-key-atlas_f_group input")
    box.click()
    if label != FILTER_GROUP[1]:
        box.type(label)
    option = page.get_by_role("option", name=label)
    option.wait_for()
    return option


def close_menu(page: Any) -> None:
    page.mouse.click(700, 20)  # a click on empty page space


def measure_atlas(path: Path | str, n_all: int, n_group: int, *, runs: int = 3, filters: bool = True) -> dict[str, Any]:
    server = StreamlitServer(_url(path), env=NO_SEED, log_path=OUT / f"streamlit-{_label(path)}.log").start()
    browser = Browser()
    try:
        ctx = browser.context()
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        meter = Meter()
        meter.attach(page)
        cold_s, _ = open_map(page, meter, server.url + "/", n_all)
        drawn, sizes = [], []
        for _ in range(runs):
            s, b = open_map(page, meter, server.url + "/", n_all)
            drawn.append(s)
            sizes.append(b)
        out: dict[str, Any] = {
            "incidents": n_all, "first_open_cold_s": round(cold_s, 2),
            "map_drawn_s": round(statistics.median(drawn), 3), "map_drawn_runs_s": [round(x, 3) for x in drawn],
            "map_page_bytes": int(statistics.median(sizes)), "map_page_bytes_runs": sizes,
            "largest_downloads": sorted(((u.split("/", 3)[-1], b) for u, b in meter.by_url.items() if b),
                                        key=lambda x: -x[1])[:5],
        }
        out["bytes_per_incident"] = round(out["map_page_bytes"] / n_all, 2)
        out["ms_per_incident"] = round(out["map_drawn_s"] * 1000 / n_all, 4)
        if filters:
            out["filter_change_s"] = filter_changes(page, server.url, n_all, n_group)
        out["peak_rss_mb"] = round(server.peak_rss_mb, 1)
        out["page_errors"] = errors
        out["external_requests"] = list(browser.external)
        return out
    finally:
        browser.close()
        server.stop()


def filter_changes(page: Any, url: str, n_all: int, n_group: int) -> dict[str, Any]:
    """Each timed inside the page from the mousedown on the group option (the moment the filter
    changes) to the first frame in which the browser shows the result — the map layer redrawn with
    the new count, or every chart on the page redrawn with the new filter caption as its subtitle —
    and the script run is idle (``browser.timed_click``). ``*_wall`` adds Playwright's round trips.
    The map: one change. Each chart page: three (``SECOND_GROUPS``), their median, and ``*_runs``."""
    res: dict[str, Any] = {}
    page.goto(url + "/")
    frame = map_frame(page)
    frame.wait_for_function(DRAWN_JS, arg=[n_all, ""], timeout=180_000)
    wait_idle(page)
    old = drawn_token(frame)
    option = open_group_menu(page)
    # first use of this filter: nothing cached for it
    res["map_group_first_time"], res["map_group_first_time_wall"] = _rounded(
        timed_click(page, option, "map", [n_group, old]))
    close_menu(page)
    log.warning("filter change on the map: %s s", res["map_group_first_time"])
    old = drawn_token(frame)
    res["map_reset_to_all"], res["map_reset_to_all_wall"] = _rounded(
        timed_click(page, page.get_by_role("button", name="Reset filters"), "map", [n_all, old]))
    for path, charts, title in (("/attribution", 1, "Attribution"), ("/casualties", 4, "Casualties")):
        page.goto(url + path)
        page.get_by_role("heading", name=title).wait_for(timeout=120_000)
        charts_shown(page, charts, "All attacks")
        in_page, wall = [], []
        for code, label in SECOND_GROUPS[path]:
            open_group_menu(page).click()  # TTP: the map's filter, cached (not timed)
            charts_shown(page, charts, FILTER_GROUP[0])
            close_menu(page)
            option = open_group_menu(page, label)
            # TTP + a second group: first use
            t, w = timed_click(page, option, "charts", [charts, f"{FILTER_GROUP[0]}, {code}"])
            in_page.append(t)
            wall.append(w)
            close_menu(page)
            log.warning("filter change on %s (TTP + %s): %.3f s", path, code, t)
            page.get_by_role("button", name="Reset filters").click()
            charts_shown(page, charts, "All attacks")
        key = f"{path.strip('/')}_group"
        res[key], res[f"{key}_wall"] = _rounded((statistics.median(in_page), statistics.median(wall)))
        res[f"{key}_runs"] = [round(t, 3) for t in in_page]
    return res


def charts_shown(page: Any, charts: int, caption: str) -> None:
    """Wait until the page's ``charts`` charts are drawn for the filter ``caption`` and the run is idle."""
    page.wait_for_function(CHARTS_JS, arg=[charts, caption], timeout=120_000)
    wait_idle(page)


def _rounded(pair: tuple[float, float]) -> tuple[float, float]:
    return round(pair[0], 3), round(pair[1], 3)


def naive_script() -> str:
    """bench/naive_app.py copied to bench/out/naive/ with the vendored static/ beside it (Streamlit
    serves the static folder next to the main script)."""
    import shutil

    where = OUT / "naive"
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "bench" / "naive_app.py", where / "naive_app.py")
    shutil.copytree(ROOT / "static", where / "static", dirs_exist_ok=True)
    return str((where / "naive_app.py").relative_to(ROOT))


def measure_naive(path: Path, n: int) -> dict[str, Any]:
    server = StreamlitServer(f"sqlite:///{path}", script=naive_script(), env={**NO_SEED, "ATLAS_ROOT": str(ROOT)},
                             log_path=OUT / "streamlit-naive.log").start()
    browser = Browser()
    done = "() => window.naiveDone === true && document.querySelectorAll('.leaflet-marker-icon').length > 0"
    try:
        ctx = browser.context()
        page = ctx.new_page()
        meter = Meter()
        meter.attach(page)
        results = []
        for query in ("?rows=200", ""):  # warm-up (browser cache, server imports) on 200 rows, then measured
            meter.reset()
            t0 = time.perf_counter()
            page.goto(server.url + "/" + query)
            frame = map_frame(page, timeout=900_000)
            frame.wait_for_function(done, timeout=900_000)
            frame.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            elapsed = time.perf_counter() - t0
            wait_idle(page, timeout=900_000)
            page.wait_for_timeout(300)
            results.append((elapsed, meter.total))
        elapsed, size = results[-1]
        return {"incidents": n, "map_drawn_s": round(elapsed, 3), "map_page_bytes": size,
                "warm_up_200_rows_s": round(results[0][0], 2),
                "bytes_per_incident": round(size / n, 1), "ms_per_incident": round(elapsed * 1000 / n, 3),
                "peak_rss_mb": round(server.peak_rss_mb, 1), "external_requests": list(browser.external)}
    finally:
        browser.close()
        server.stop()


def dashboard_on_both(rows: int, reuse: bool) -> dict[str, Any]:
    """The dashboard on SQLite, then on PostgreSQL, with the same incidents (issue 20); the ratios."""
    from synthetic import write_store

    from tests.support.postgres import PostgresServer

    sqlite_path, sqlite_write = dataset(rows, reuse)
    n_all, n_group = counts(sqlite_path)
    out: dict[str, Any] = {"rows": rows, "sqlite_write": sqlite_write}
    out["sqlite"] = measure_atlas(sqlite_path, n_all, n_group)
    server = PostgresServer().start()
    try:
        url = server.create_database("bench_dashboard")
        out["postgres_write"] = write_store(url, rows)
        assert counts(url) == (n_all, n_group), "the two stores hold different incidents"
        out["postgres"] = measure_atlas(url, n_all, n_group)
    finally:
        server.stop()
    sq, pg = out["sqlite"], out["postgres"]
    ratios = {"map_drawn_s": round(pg["map_drawn_s"] / sq["map_drawn_s"], 2),
              "first_open_cold_s": round(pg["first_open_cold_s"] / sq["first_open_cold_s"], 2)}
    for k, v in sq["filter_change_s"].items():
        if not k.endswith(("_wall", "_runs")) and isinstance(v, (int, float)) and v:
            ratios[f"filter_change_s.{k}"] = round(pg["filter_change_s"][k] / v, 2)
    out["postgres_over_sqlite"] = ratios
    out["within_1_5x"] = {k: r <= 1.5 for k, r in ratios.items() if k != "first_open_cold_s"}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--postgres", action="store_true",
                    help="only the dashboard, on SQLite and on a throwaway PostgreSQL server (issue 20)")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--naive-rows", type=int, default=20_000)
    ap.add_argument("--reuse", action="store_true", help="reuse bench/out/synthetic-*.sqlite when present")
    ap.add_argument("--skip-import", action="store_true", help="do not run bench/bench_import.py")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    t_start = time.perf_counter()
    if args.postgres:
        res = dashboard_on_both(args.rows, args.reuse)
        res["bench_wall_s"] = round(time.perf_counter() - t_start, 1)
        print(json.dumps(res, ensure_ascii=False))
        return 0
    big, big_write = dataset(args.rows, args.reuse)
    small, small_write = dataset(args.naive_rows, args.reuse)
    result: dict[str, Any] = {"dataset": {"generator": "bench/synthetic.py (SYNTHETIC, seed 7)",
                                          "rows": args.rows, "write": big_write, "naive_rows": args.naive_rows}}
    def section(name: str, fn, *a, **kw) -> None:  # noqa: ANN001
        try:
            result[name] = fn(*a, **kw)
        except Exception as e:  # noqa: BLE001 - one failed measurement must not lose the others
            log.exception("%s failed", name)
            result[name] = {"error": f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"}

    section("store", store_timings, big)
    result["import"] = {"skipped": True} if args.skip_import else {}
    if not args.skip_import:
        section("import", import_rate, args.rows)
        section("import_postgres", import_postgres, args.rows)
    n_all, n_group = counts(big)
    section("atlas", measure_atlas, big, n_all, n_group)
    s_all, s_group = counts(small)
    section("atlas_at_naive_size", measure_atlas, small, s_all, s_group, runs=2, filters=False)
    section("naive", measure_naive, small, s_all)
    a, nv = result["atlas"], result["naive"]
    if "error" in a or "error" in nv or "error" in result["atlas_at_naive_size"]:
        print(json.dumps(result, ensure_ascii=False))
        return 1
    result["ratios"] = {
        "bytes_per_incident_naive_over_atlas": round(nv["bytes_per_incident"] / a["bytes_per_incident"], 1),
        "ms_per_incident_naive_over_atlas": round(nv["ms_per_incident"] / a["ms_per_incident"], 1),
        "same_size_draw_speedup": round(nv["map_drawn_s"] / result["atlas_at_naive_size"]["map_drawn_s"], 1),
        "same_size_bytes_ratio": round(nv["map_page_bytes"] / result["atlas_at_naive_size"]["map_page_bytes"], 1),
    }
    fc = a["filter_change_s"]
    imp = result["import"].get("rows_per_s") if isinstance(result["import"], dict) else None
    result["targets"] = {
        "map_drawn_s<=2": a["map_drawn_s"] <= TARGETS["map_drawn_s"],
        "map_page_bytes<=2MB": a["map_page_bytes"] <= TARGETS["map_page_bytes"],
        "filter_change_s<=1 (all pages, worst; chart pages: median of 3; in the page)":
            max(v for k, v in fc.items() if not k.endswith(("_wall", "_runs"))) <= TARGETS["filter_change_s"],
        "store_frame_s<=1 (all 21 columns)": result["store"].get("store_frame_s", 99) <= TARGETS["store_frame_s"],
        "store_frame_first_read_s<=1 (a new store's first read: every incident from the table)":
            result["store"].get("store_frame_first_read_s", 99) <= TARGETS["store_frame_s"],
        "dashboard_frame_s<=1 (the 17 columns the pages read)":
            result["store"].get("dashboard_frame_s", 99) <= TARGETS["store_frame_s"],
        "import_rows_per_s>=20000": None if imp is None else imp >= TARGETS["import_rows_per_s"],
        "import_postgres (issue #21: rate, within 1.5x of SQLite, re-import, revised file)":
            result.get("import_postgres", {}).get("targets_hold"),
        "peak_rss_mb<=1024": a["peak_rss_mb"] <= TARGETS["peak_rss_mb"],
    }
    result["bench_wall_s"] = round(time.perf_counter() - t_start, 1)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
