"""Benchmark: how well and how fast records link into events (bench/linkset.py's labelled sets).

    .venv/bin/python bench/bench_link.py accuracy [--seeds 11 12 13] [--events 5000]
    .venv/bin/python bench/bench_link.py scale [--records 250000] [--repeat 3]

**accuracy**: a labelled set is written into a fresh SQLite store as production writes it: dataset
by dataset through ``Store.save_many`` (ACLED, GTD, UCDP as whole files; news reports in batches of
a day's worth, by date), so that ``linking.on_write`` links each write in its transaction; then
``Store.relink()`` links everything again from scratch. Each time: pairwise precision, recall and F1
against the truth (pairs of records of the same attack), the review queue (pairs, how many true),
and the errors by case (the hard negatives each by name, the missed pairs by source pair, date gap
and geo precision).

**scale**: a store of 250,000 records (about 100,000 attacks; ``linkset.generate`` at a denser
rate over a longer span), written dataset by dataset with linking; then the full ``Store.relink()``
(goal ≤ 60 s), an import of 1,000 new records through ``save_many`` with linking (goal ≤ 2 s)
beside the same save with ``linking.on_write`` made a no-op, and ``bench/bench_import.py``'s
100,000-row ACLED import (the single-source path, linking included). Medians of ``--repeat``; peak
RSS; the load average before and after.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))

import linkset  # noqa: E402

REPORT_BATCH_DAYS = 1


def write(store, s: "linkset.LabelledSet", *, report_batch_days: int = REPORT_BATCH_DAYS) -> dict[str, float]:
    """Write a labelled set as production does (see the module docstring); seconds per step."""
    timings: dict[str, float] = {}
    parts = s.by_dataset()
    for ds in ("ACLED", "GTD", "UCDP"):
        if ds in parts:
            t = time.perf_counter()
            store.save_many(parts[ds])
            timings[ds] = time.perf_counter() - t
    reports = sorted(parts.get(None, []), key=lambda r: (r.date, r.id))
    t = time.perf_counter()
    for _, batch in itertools.groupby(reports, key=lambda r: r.date.toordinal() // report_batch_days):
        store.save_many(list(batch))
    timings["reports"] = time.perf_counter() - t
    return timings


def predicted_pairs(event_of: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = {}
    for r, e in event_of.items():
        members.setdefault(e, []).append(r)
    return {(a, b) for ids in members.values() for a, b in itertools.combinations(sorted(ids), 2)}


def _source(rid: str) -> str:
    return rid.split("-", 1)[0]


def evaluate(store, s: "linkset.LabelledSet") -> dict:
    """Pairwise precision/recall/F1 of the store's events against the truth, the review queue, the
    errors by case."""
    ids = [r.id for r in s.records]
    got = store.event_of(ids)
    pred = predicted_pairs(got)
    true = s.true_pairs()
    tp = len(pred & true)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    queue = store.review_queue()
    queue_true = sum(1 for q in queue if tuple(sorted((q.record_a, q.record_b))) in true)
    by_id = {r.id: r for r in s.records}
    case_of = {a.event: a.case for a in s.attacks}
    hard_pair = {frozenset((a, b)): c for c, a, b in s.hard}
    fp_cases: Counter = Counter()
    for a, b in pred - true:
        ea, eb = s.event_of[a], s.event_of[b]
        fp_cases[hard_pair.get(frozenset((ea, eb)), "background")] += 1
    fn: dict[str, Counter] = {"sources": Counter(), "days": Counter(), "geo_precision": Counter(),
                              "case": Counter(), "in_review": Counter()}
    queued = {tuple(sorted((q.record_a, q.record_b))) for q in queue}
    for a, b in true - pred:
        ra, rb = by_id[a], by_id[b]
        fn["sources"]["-".join(sorted((_source(a), _source(b))))] += 1
        fn["days"][str(abs((ra.date - rb.date).days))] += 1
        fn["geo_precision"]["-".join(sorted((str(ra.geo_precision), str(rb.geo_precision))))] += 1
        fn["case"][case_of[s.event_of[a]]] += 1
        fn["in_review"][str((a, b) in queued)] += 1
    # hard negatives: is any record of one attack in an event with a record of the other?
    events_of_attack: dict[str, set[str]] = {}
    for r, e in s.event_of.items():
        events_of_attack.setdefault(e, set()).add(got[r])
    merged = Counter(c for c, a, b in s.hard if events_of_attack[a] & events_of_attack[b])
    return {
        "records": len(ids), "attacks": len(s.attacks), "true_pairs": len(true), "linked_pairs": len(pred),
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "false_pairs": len(pred - true), "missed_pairs": len(true - pred),
        "review_pairs": len(queue), "review_true": queue_true,
        "false_by_case": dict(fp_cases.most_common()),
        "missed_by": {k: dict(v.most_common()) for k, v in fn.items()},
        "hard_pairs_merged": {c: f"{merged.get(c, 0)}/{n}" for c, n in Counter(c for c, _, _ in s.hard).items()},
    }


@contextmanager
def _fresh_store(directory: Path | None = None) -> Iterator:
    from incidents.store import Store

    work = Path(tempfile.mkdtemp(prefix="linkeval-", dir=directory))
    store = Store(f"sqlite:///{work / 'atlas.sqlite'}")
    store.migrate()
    try:
        yield store
    finally:
        store.engine.dispose()
        shutil.rmtree(work, ignore_errors=True)


def accuracy(seed: int, events: int, per_day: float = 5.0) -> dict:
    """Link one labelled set through a real SQLite store: incrementally, then from scratch."""
    s = linkset.generate(events, seed=seed, per_day=per_day)
    with _fresh_store() as store:
        t = time.perf_counter()
        timings = write(store, s)
        incremental = evaluate(store, s)
        incremental["write_s"] = round(time.perf_counter() - t, 2)
        incremental["write_s_by_dataset"] = {k: round(v, 2) for k, v in timings.items()}
        t = time.perf_counter()
        store.relink()
        fresh = evaluate(store, s)
        fresh["relink_s"] = round(time.perf_counter() - t, 2)
    return {"seed": seed, "set": linkset.describe(s), "incremental": incremental, "relink": fresh}


# -- scale --------------------------------------------------------------------------------------

def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _import_into(store, work: Path, rows: int, noop) -> dict:  # noqa: ANN001
    """Import ``rows`` generated ACLED rows (bench_import's file, ids renamed so that none is already
    stored) into ``store``, with linking and then (another such file) without."""
    import re

    import bench_import
    from incidents.io import import_file
    from incidents.store import linking

    out = {}
    for tag, hook in (("X", None), ("Y", noop)):
        path = bench_import.write_acled_file(work / f"acled-{tag}.csv", rows, seed=6 if tag == "X" else 7)
        path.write_text(re.sub(r"(?m)^PAK(\d+),", rf"PAK{tag}\1,", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
        real = linking.on_write
        if hook is not None:
            linking.on_write = hook
        try:
            t = time.perf_counter()
            summary = import_file(path, store)
            took = time.perf_counter() - t
        finally:
            linking.on_write = real
        key = "into_store_import" + ("" if hook is None else "_linking_off")
        out[key] = {"rows": rows, "inserted": summary.imported, "s": round(took, 2), "rows_per_s": round(rows / took)}
    return out


def scale(records: int, repeat: int, per_day: float, keep: Path | None, import_rows: int) -> dict:
    from incidents.store import Store, linking

    result: dict = {"load_before": _load()}
    events = round(records / 2.45)
    t = time.perf_counter()
    s = linkset.generate(events, seed=101, per_day=per_day, start=dt.date(1996, 1, 1), min_sources=2)
    result["generate_s"] = round(time.perf_counter() - t, 1)
    result["records"], result["attacks"] = len(s.records), len(s.attacks)
    result["span_days"] = (max(a.date for a in s.attacks) - min(a.date for a in s.attacks)).days + 1
    # held back: the last 6,000 ACLED records by date (an ACLED update whose attacks the other sources
    # already told), in six interleaved imports of 1,000: three with linking, three without
    acled = sorted((r for r in s.records if r.dataset == "ACLED"), key=lambda r: (r.date, r.id))
    later = acled[-6000:]
    batches = [later[k::6] for k in range(6)]
    held = {r.id for r in later}
    work = Path(tempfile.mkdtemp(prefix="linkscale-", dir=keep))
    try:
        url = f"sqlite:///{work / 'atlas.sqlite'}"
        store = Store(url)
        store.migrate()
        t = time.perf_counter()
        parts = linkset.LabelledSet(s.seed, s.attacks, [r for r in s.records if r.id not in held], s.event_of,
                                    s.hard).by_dataset()
        load_s = {}
        for ds in ("ACLED", "GTD", "UCDP", None):
            t1 = time.perf_counter()
            rows = parts[ds]
            for k in range(0, len(rows), 20_000):
                store.save_many(rows[k:k + 20_000])
            load_s[str(ds)] = round(time.perf_counter() - t1, 1)
        result["write_with_linking_s"] = round(time.perf_counter() - t, 1)
        result["write_with_linking_s_by_dataset"] = load_s
        relinks = []
        for _ in range(repeat):
            t = time.perf_counter()
            store.relink()
            relinks.append(time.perf_counter() - t)
        result["relink_s"] = [round(x, 2) for x in relinks]
        result["relink_median_s"] = round(statistics.median(relinks), 2)
        result["rss_after_relink_mb"] = _rss_mb()
        with_s, without_s, changed = [], [], []
        noop = lambda conn, version, datasets=None: 0  # noqa: E731
        for k in range(3):
            before = store.count()
            t = time.perf_counter()
            store.save_many(batches[2 * k])
            with_s.append(time.perf_counter() - t)
            assert store.count() == before + 1000
            got = store.event_of([r.id for r in batches[2 * k]])
            frame = store.frame(columns=["id", "event_id"])
            sizes = frame["event_id"].value_counts()
            changed.append(int(sum(1 for e in got.values() if sizes.get(e, 0) > 1)))
            real = linking.on_write
            linking.on_write = noop
            try:
                t = time.perf_counter()
                store.save_many(batches[2 * k + 1])
                without_s.append(time.perf_counter() - t)
            finally:
                linking.on_write = real
        result["import_1000_joined_an_event_of_other_records"] = changed
        result["import_1000_with_linking_s"] = [round(x, 2) for x in with_s]
        result["import_1000_with_linking_median_s"] = round(statistics.median(with_s), 2)
        result["import_1000_without_linking_s"] = [round(x, 2) for x in without_s]
        result["import_1000_without_linking_median_s"] = round(statistics.median(without_s), 2)
        if import_rows:  # a 100,000-row ACLED file into this store, which holds other sources of those years
            result.update(_import_into(store, work, import_rows, noop))
        result["peak_rss_mb"] = _rss_mb()
        store.engine.dispose()
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if import_rows:
        import bench_import

        for name, hook in (("single_source_import", None), ("single_source_import_linking_off", noop)):
            real = linking.on_write
            if hook is not None:
                linking.on_write = hook
            try:
                imp = bench_import.run(import_rows, None, False, repeat, False)
            finally:
                linking.on_write = real
            result[name] = {k: imp[k] for k in imp if "rows_per_s" in k or k in ("import_s", "inserted")}
    result["load_after"] = _load()
    result["peak_rss_mb"] = _rss_mb()
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="what", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--seeds", type=int, nargs="+", default=list(linkset.TRAIN_SEEDS))
    a.add_argument("--events", type=int, default=5000)
    a.add_argument("--per-day", type=float, default=5.0)
    a.add_argument("--brief", action="store_true", help="only the headline figures")
    sc = sub.add_parser("scale")
    sc.add_argument("--records", type=int, default=250_000)
    sc.add_argument("--repeat", type=int, default=3)
    sc.add_argument("--per-day", type=float, default=10.0)
    sc.add_argument("--keep", type=Path)
    sc.add_argument("--import-rows", type=int, default=100_000, help="0: skip the single-source import")
    args = p.parse_args()
    if args.what == "accuracy":
        for seed in args.seeds:
            r = accuracy(seed, args.events, args.per_day)
            if args.brief:
                r = {"seed": seed, **{m: {k: r[m][k] for k in ("precision", "recall", "f1", "review_pairs",
                                                               "review_true", "false_by_case", "hard_pairs_merged")}
                                      for m in ("incremental", "relink")}}
            print(json.dumps(r, indent=1))
    else:
        print(json.dumps(scale(args.records, args.repeat, args.per_day, args.keep, args.import_rows), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
