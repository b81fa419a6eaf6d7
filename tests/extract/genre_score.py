"""Field accuracy of the extractor on the genre fixture reports (tests/fixtures/genre/{train,heldout}/).

Each report has hand-read expected incidents in its set's ``expected.json``. Eight fields are scored per
expected incident: date, location (any accepted spelling), province_code, point (within 15 km; ``null``
means the place has no point of its own, so a precision-1 point is wrong), killed and injured
(``[min, max]``), attack_type and the attribution ledger (a set of ``[group, status]``). Extracted
incidents are paired with expected ones by the most fields in common; an expected incident left unpaired
scores 0 of 8 and every extra incident adds 8 wrong fields.

Run ``python tests/extract/genre_score.py train`` (or ``heldout``; ``-v`` lists every miss).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.normalize import normalize_name  # noqa: E402
from incidents.extract import extract_incidents  # noqa: E402

log = logging.getLogger(__name__)

GENRE = ROOT / "tests" / "fixtures" / "genre"
FIELDS = ("date", "location", "province_code", "point", "killed", "injured", "attack_type", "attributions")
POINT_KM = 15.0


@dataclass
class Score:
    """Correct and scored fields, with every miss as (report, incident index, field, expected, got)."""

    correct: int = 0
    total: int = 0
    misses: list[tuple[str, int, str, Any, Any]] = field(default_factory=list)
    by_class: dict[str, list[int]] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load(split: str) -> dict[str, dict[str, Any]]:
    """The expected incidents of one set, by report name."""
    return json.loads((GENRE / split / "expected.json").read_text(encoding="utf-8"))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def field_ok(name: str, want: Any, inc: Any) -> tuple[bool, Any]:
    """Whether one extracted incident has the expected value of one field, and what it has."""
    if name == "date":
        got = inc.date.isoformat()
        return got == want, got
    if name == "location":
        got = inc.location
        ok = {normalize_name(w) for w in want}
        # "Samungli, Quetta" when "Samungli" and "Quetta" are both accepted names of the site
        return normalize_name(got or "") in ok or all(normalize_name(p) in ok for p in (got or "").split(",")), got
    if name == "province_code":
        return inc.province_code == want, inc.province_code
    if name == "point":
        has = inc.lat is not None and inc.lon is not None
        got = (round(inc.lat, 3), round(inc.lon, 3), inc.geo_precision) if has else None
        if want is None:
            return (not has) or (inc.geo_precision or 1) >= 2, got
        return has and _km((inc.lat, inc.lon), tuple(want)) <= POINT_KM, got
    if name in ("killed", "injured"):
        got = [getattr(inc, f"{name}_min"), getattr(inc, f"{name}_max")]
        return got == list(want), got
    if name == "attack_type":
        return inc.attack_type == want, inc.attack_type
    if name == "attributions":
        got = sorted([a.group, a.status] for a in inc.attributions)
        return got == sorted(list(x) for x in want), got
    raise ValueError(name)


def score_report(name: str, spec: dict[str, Any], text: str, score: Score) -> None:
    """Add one report's fields to *score*."""
    # the day the extractor runs: after the report's publication, as it always is for a user (a fixed day before
    # it cuts relative dates short: "on Saturday" in a report of 2026-06-14 read on 2026-01-01)
    today = max(dt.date(2026, 1, 1), dt.date.fromisoformat(spec["published"]) + dt.timedelta(days=30))
    res = extract_incidents(text, published=spec["published"], today=today)
    # a state's operation the extractor tells apart (category "operation") is no attack: the fixtures list attacks
    got = [e.incident for e in res.incidents if e.incident.category != "operation"]
    free = list(range(len(got)))
    before = score.correct, score.total
    for k, want in enumerate(spec["incidents"]):
        best, best_n = None, -1
        for j in free:
            n = sum(field_ok(f, want[f], got[j])[0] for f in FIELDS)
            if n > best_n:
                best, best_n = j, n
        if best is None:
            score.total += len(FIELDS)
            score.misses.append((name, k, "incident", want["location"], "not extracted"))
            continue
        free.remove(best)
        for f in FIELDS:
            ok, value = field_ok(f, want[f], got[best])
            score.total += 1
            score.correct += ok
            if not ok:
                score.misses.append((name, k, f, want[f], value))
    for j in free:
        score.total += len(FIELDS)
        score.misses.append((name, j, "incident", None, f"extra incident at {got[j].location}"))
    for c in spec.get("classes", []):
        acc = score.by_class.setdefault(c, [0, 0])
        acc[0] += score.correct - before[0]
        acc[1] += score.total - before[1]


def score_set(split: str) -> Score:
    """Field accuracy over one set (``train`` or ``heldout``)."""
    score = Score()
    for name, spec in sorted(load(split).items()):
        text = (GENRE / split / f"{name}.txt").read_text(encoding="utf-8")
        score_report(name, spec, text, score)
    return score


def main(argv: list[str] | None = None) -> int:
    """Print the accuracy of a set (and its misses with ``-v``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=["train", "heldout"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    s = score_set(args.split)
    log.info("%s: %d/%d fields = %.1f%%", args.split, s.correct, s.total, 100 * s.accuracy)
    if args.verbose:
        for c, (ok, n) in sorted(s.by_class.items()):
            log.info("  %-22s %3d/%3d", c, ok, n)
        for m in s.misses:
            log.info("  miss %s #%d %s: want %r got %r", *m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
