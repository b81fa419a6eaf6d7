"""Fit the linker's weights on the training seeds: a logistic regression over the candidate pairs.

    .venv/bin/python bench/fit_link.py [--seeds 11 12 13] [--events 3000]

Each training set (``bench/linkset.py``; never the held-out seed) is written into a fresh SQLite
store with linking off, read back as the linker reads it (``store/linking.py``'s columns, each record's
groups), paired by ``link.candidate_pairs`` and described by ``link.terms``; a pair is true when its
two records tell of one attack. The weights are fitted by Newton's method with a small ridge (1.0),
the terms set by hand in ``link.WEIGHTS`` (``HAND_SET``) held at their values; the fitted BIAS and
weights are printed beside the current ones, to be rounded into ``incidents/events/link.py``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sqlalchemy as sa  # noqa: E402

import bench_link  # noqa: E402
import linkset  # noqa: E402
from incidents.events import link as L  # noqa: E402
from incidents.store import linking  # noqa: E402
from incidents.store.frames import as_date  # noqa: E402
from incidents.store.schema import incidents  # noqa: E402

#: Weights set by hand, not fitted (see beside them in link.WEIGHTS).
HAND_SET = ("militants", "killed_far", "attack_operation")


def pairs(seed: int, events: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The terms of every candidate pair of one training set, and whether each pair is true."""
    if seed == linkset.HELD_OUT_SEED:
        raise SystemExit("the held-out seed is never fitted on")
    s = linkset.generate(events, seed=seed)
    with bench_link._fresh_store() as store:
        real = linking.on_write
        linking.on_write = lambda conn, version, datasets=None: 0
        try:
            bench_link.write(store, s)
        finally:
            linking.on_write = real
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(*(incidents.c[c] for c in linking._RECORD_COLUMNS))).all()
            f = pd.DataFrame([tuple(r) for r in rows], columns=list(linking._RECORD_COLUMNS))
            f = f.sort_values("id").reset_index(drop=True)
            f["date"] = pd.to_datetime(f["date"].map(as_date))
            ids = f["id"].tolist()
            groups = linking.involved(linking._groups(conn, ids, every=True), f["opponents"].tolist())
    i, j = L.candidate_pairs(f)
    attack = np.array([s.event_of[x] for x in ids], object)
    return L.terms(f, i, j, groups), attack[i] == attack[j]


def fit(sets: list[tuple[dict[str, np.ndarray], np.ndarray]], ridge: float = 1.0) -> dict[str, float]:
    """BIAS and each fitted term's weight (Newton's method on the log-likelihood with a ridge)."""
    names = [k for k in L.WEIGHTS if k not in HAND_SET]
    x = np.concatenate([np.column_stack([np.ones(len(y))] + [t[k].astype(float) for k in names]) for t, y in sets])
    offset = np.concatenate([sum(np.where(t[k], L.WEIGHTS[k], 0.0) for k in HAND_SET) for t, _ in sets])
    y = np.concatenate([y for _, y in sets]).astype(float)
    w = np.zeros(x.shape[1])
    penalty = ridge * np.diag(np.r_[0.0, np.ones(len(names))])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w + offset)))
        step = np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x + penalty, x.T @ (p - y) + penalty @ w)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return {"BIAS": float(w[0]), **{k: float(v) for k, v in zip(names, w[1:])}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=list(linkset.TRAIN_SEEDS))
    ap.add_argument("--events", type=int, default=3000)
    args = ap.parse_args()
    sets = [pairs(seed, args.events) for seed in args.seeds]
    print(f"{sum(len(y) for _, y in sets)} candidate pairs, {sum(int(y.sum()) for _, y in sets)} true")
    for name, value in fit(sets).items():
        now = L.BIAS if name == "BIAS" else L.WEIGHTS[name]
        print(f"{name:<20} {value:7.2f}   now {now:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
