"""A clearly labelled SYNTHETIC benchmark dataset: N incidents over the districts of Pakistan.

Every incident has ``dataset="SYNTHETIC"``, an id ``syn-000001``… and a summary starting "SYNTHETIC
benchmark incident — not a real event". Nothing here describes a real attack; the data exists only
to load the dashboard at volume. It is skewed like real data: a Zipf-like spread over districts
(Balochistan and KP districts/agencies, cities elsewhere), TTP most often, then BLA, the IS family,
BLF, HGB…, a good share unattributed, some denials; more recent years more frequent; casualty
figures with open-ended wordings and unknowns (null); one to three sources.

    .venv/bin/python bench/synthetic.py --rows 100000 --out bench/out/synthetic-100000.sqlite
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from incidents.models import Attribution, Incident, Source  # noqa: E402

log = logging.getLogger("bench.synthetic")

DATASET = "SYNTHETIC"
SUMMARY_PREFIX = "SYNTHETIC benchmark incident — not a real event"
FIRST_YEAR, LAST_YEAR = 2015, 2025
#: (group, weight) of the attributed group; None = nobody claimed, was suspected or blamed.
GROUP_WEIGHTS: tuple[tuple[str | None, float], ...] = (
    ("TTP", 30), (None, 28), ("BLA", 14), ("ISKP", 6), ("IS", 2), ("ISPP", 1.5), ("BLF", 6), ("HGB", 3),
    ("JuA", 2.5), ("LeJ", 1.5), ("BRAS", 1.2), ("TJP", 1), ("LeI", 0.8), ("UBA", 0.8), ("BRA", 0.7),
)
STATUS_WEIGHTS = (("claimed", 50), ("suspected", 30), ("blamed", 20))
ATTACK_TYPES = (("IED", 26), ("armed assault", 24), ("suicide bombing", 8), ("targeted killing", 18),
                ("grenade attack", 7), ("rocket attack", 5), ("kidnapping", 4), ("ambush", 8))
TARGETS = ("police", "security forces", "civilians", "FC convoy", "polio workers", "levies", "a market",
           "a checkpost", "labourers", "a gas pipeline")
OUTLETS = ("Dawn", "The Express Tribune", "The News", "Reuters", "AFP", "Balochistan Post", "Pakistan Today",
           "Geo News", None)
BYS = ("police", "officials", "the ISPR", "security sources", "experts", None, None)
KILLED_WORDINGS = (  # (weight, min, max, text); "{n}" is replaced by a drawn number
    (46, "n", "n", None), (12, "n", "n", "{w}"), (10, "n", None, "at least {w}"), (4, "n+1", None, "over {n}"),
    (8, 0, 0, None), (9, None, None, None), (3, None, None, "several"), (2, None, "n", "as many as {n}"),
    (2, 24, None, "dozens"),
)
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


@dataclass(frozen=True)
class Place:
    """A district (or city outside KP and Balochistan) incidents are spread over."""

    name: str
    district: str
    province_code: str
    lat: float
    lon: float
    spread: float  # jitter radius, degrees


def places() -> list[Place]:
    """Districts and agencies of KP and Balochistan, cities of the other provinces (offline gazetteer),
    in a fixed order; the first ones get the most incidents."""
    from geo.gazetteer import get_gazetteer
    from geo.provinces import PROVINCES

    out: list[Place] = []
    for e in get_gazetteer().entries:
        if e.province_code in ("PK-BA", "PK-KP"):
            if e.kind not in ("district", "agency"):
                continue
            spread = 0.25 if e.province_code == "PK-BA" else 0.12
        elif e.kind == "city" and e.province_code in PROVINCES:
            spread = 0.05
        else:
            continue
        out.append(Place(e.name, e.district or e.name, e.province_code, e.lat, e.lon, spread))
    # the focus provinces first (most violence), then the rest; deterministic order within each
    out.sort(key=lambda p: (p.province_code not in ("PK-KP", "PK-BA"), p.province_code, p.name))
    return out


def _weighted(rng: random.Random, pairs) -> object:  # noqa: ANN001
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


def _count(rng: random.Random) -> tuple[int | None, int | None, str | None]:
    weight_rows = [(row, row[0]) for row in KILLED_WORDINGS]
    _, lo, hi, text = _weighted(rng, weight_rows)
    n = min(int(rng.paretovariate(1.6)) - 1 + rng.randrange(0, 3), 120)
    if text and "{" in text:
        n = max(n, 1)  # "at least one", never "at least zero"

    def val(spec):  # noqa: ANN001, ANN202
        if spec == "n":
            return n
        if spec == "n+1":
            return n + 1
        return spec

    word = _WORDS[n] if n < len(_WORDS) else str(n)
    return val(lo), val(hi), text.format(n=n, w=word) if text else None


def generate(rows: int, *, seed: int = 7, today: dt.date | None = None) -> Iterator[Incident]:
    """``rows`` synthetic incidents (deterministic for a seed), ids ``syn-000001``…"""
    rng = random.Random(seed)
    spots = places()
    # Zipf-like skew, not tied to alphabetical order, the heaviest districts in the focus provinces
    order = sorted(range(len(spots)), key=lambda i: (spots[i].province_code not in ("PK-KP", "PK-BA"), rng.random()))
    weights = [0.0] * len(spots)
    for rank, i in enumerate(order):
        weights[i] = 1 / (rank + 1) ** 0.9
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    today = today or dt.date.today()
    last = min(dt.date(LAST_YEAR, 12, 31), today - dt.timedelta(days=1))
    first = dt.date(FIRST_YEAR, 1, 1)
    span = (last - first).days
    for k in range(1, rows + 1):
        place = spots[rng.choices(range(len(spots)), cum_weights=cum)[0]]
        # more recent more often: density rising linearly over the span
        day = int(span * math.sqrt(rng.random()))
        date = first + dt.timedelta(days=day)
        precision = _weighted(rng, (("day", 90), ("month", 8), ("year", 2)))
        if precision == "month":
            date = date.replace(day=1)
        elif precision == "year":
            date = date.replace(month=1, day=1)
        geo_precision = _weighted(rng, ((1, 70), (2, 25), (3, 5)))
        r = place.spread * math.sqrt(rng.random())
        a = rng.random() * 2 * math.pi
        lat = round(place.lat + r * math.sin(a), 5)
        lon = round(place.lon + r * math.cos(a), 5)
        group = _weighted(rng, GROUP_WEIGHTS)
        atts: list[Attribution] = []
        if group:
            status = _weighted(rng, STATUS_WEIGHTS)
            atts.append(Attribution(group, status, None if status == "claimed" else rng.choice(BYS)))
            if rng.random() < 0.06:
                other = _weighted(rng, [(g, w) for g, w in GROUP_WEIGHTS if g and g != group])
                atts.append(Attribution(other, "suspected", rng.choice(BYS)))
        if rng.random() < 0.08:  # a denial is not an attribution
            denier = "TTP" if group != "TTP" else "AFGT"
            atts.append(Attribution(denier, "denied", denier))
        kmin, kmax, ktext = _count(rng)
        imin, imax, itext = _count(rng)
        attack = _weighted(rng, ATTACK_TYPES)
        target = rng.choice(TARGETS)
        sources = []
        for s in range(rng.choice((1, 1, 1, 2, 2, 3))):
            outlet = rng.choice(OUTLETS)
            sources.append(Source(outlet, f"Synthetic report {k}-{s + 1}: {attack} in {place.name}",
                                  f"https://example.org/synthetic/{k}/{s + 1}",
                                  date + dt.timedelta(days=rng.choice((0, 0, 1, 2))) if outlet else None))
        yield Incident(
            id=f"syn-{k:06d}", date=date, date_precision=precision, location=place.name, district=place.district,
            province_code=place.province_code, lat=lat, lon=lon, geo_precision=geo_precision,
            attack_type=attack, target=target, killed_min=kmin, killed_max=kmax, killed_text=ktext,
            injured_min=imin, injured_max=imax, injured_text=itext, attributions=atts, sources=sources,
            summary=f"{SUMMARY_PREFIX} ({k}): {attack} on {target} near {place.name}.",
            dataset=DATASET, dataset_event_id=str(k))


def write_store(url: str, rows: int, *, seed: int = 7, batch: int = 20_000) -> dict:
    """Generate ``rows`` incidents into the store at ``url`` (migrated, not seeded) through
    ``Store.save_many``; returns timings (generate_s, save_s, rows_per_s)."""
    from incidents.store import Store

    store = Store(url)
    store.migrate()
    gen_s = save_s = 0.0
    it = generate(rows, seed=seed)
    done = 0
    while done < rows:
        t0 = time.perf_counter()
        chunk = [next(it) for _ in range(min(batch, rows - done))]
        t1 = time.perf_counter()
        store.save_many(chunk)
        t2 = time.perf_counter()
        gen_s += t1 - t0
        save_s += t2 - t1
        done += len(chunk)
    store.engine.dispose()
    return {"rows": rows, "generate_s": round(gen_s, 2), "save_s": round(save_s, 2),
            "save_rows_per_s": round(rows / save_s) if save_s else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "synthetic-100000.sqlite")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.out.exists():
        args.out.unlink()
    print(json.dumps(write_store(f"sqlite:///{args.out}", args.rows, seed=args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
