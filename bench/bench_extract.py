"""Benchmark the report extractor: reports per second, and the time to refuse bad input.

Run ``python bench/bench_extract.py [--seconds 3]``. Uses the fixture reports in
``tests/fixtures/reports/`` and ``tests/fixtures/genre/`` (plus ``../shared/seeds`` when present). Prints one JSON object:
reports_per_second (fixture mix, offline geocoder warm; also per CPU-second, which other processes on the
machine do not lower), cold_first_report_s (gazetteer load included),
the largest accepted article (``MAX_TEXT_CHARS`` of report text), 5 MB and 2 MB texts and HTML pages.
Goals: >= 20 reports/s; any input answered within 2 s.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidents.extract import MAX_TEXT_CHARS, extract_incidents  # noqa: E402


def _reports() -> list[str]:
    files = sorted((ROOT / "tests" / "fixtures" / "reports").iterdir())
    files += sorted((ROOT / "tests" / "fixtures" / "genre").glob("*/*.txt"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        files += sorted(seeds.glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def _timed(text: str) -> tuple[float, object]:
    t0 = time.perf_counter()
    res = extract_incidents(text)
    return time.perf_counter() - t0, res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args(argv)
    reports = _reports()
    cold_s, _ = _timed(reports[0])
    n, found, t0, c0 = 0, 0, time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - t0) < args.seconds:
        for text in reports:
            found += len(extract_incidents(text).incidents)
        n += len(reports)
    cpu = time.process_time() - c0
    story = next(r for r in reports if "Mastung district" in r)
    big_article = (story + "\n\n") * (MAX_TEXT_CHARS // (len(story) + 2))
    big_s, big = _timed(big_article[:MAX_TEXT_CHARS - 100])
    five_mb = (story + "\n") * (5_000_000 // len(story) + 1)
    five_s, five = _timed(five_mb)
    page = "<html><body>" + ("<p>" + story.replace("\n", " ") + "</p>") * (5_000_000 // (len(story) + 7)) + "</body></html>"
    html_s, html_res = _timed(page)
    near_limit = (story + "\n") * (1_990_000 // (len(story) + 1))
    near_s, near = _timed(near_limit)
    near_page = "<html><body>" + ("<p>" + story.replace("\n", " ") + "</p><script>var x = 1;</script>") * (
        1_990_000 // (len(story) + 40)) + "</body></html>"
    near_page_s, near_page_res = _timed(near_page)
    adversarial = {
        "one_sentence_no_punctuation": "bomb killed at least five people were killed and injured in Quetta " * 1400,
        "repeated_at_least": "at least " * 11000 + "five people were killed",
        "thousands_of_commas": "killed, " * 12000,
        "open_tags": "<p>" * 30000 + "A bomb exploded in Quetta killing two.",
    }
    worst = {k: round(_timed(t)[0], 3) for k, t in adversarial.items()}
    print(json.dumps({
        "reports": len(reports),
        "reports_per_second": round(n / elapsed, 1),
        "reports_per_cpu_second": round(n / cpu, 1),  # the same loop on CPU time: what a shared machine hides
        "incidents_per_report": round(found / max(n, 1), 2),
        "cold_first_report_s": round(cold_s, 3),
        "largest_accepted_article": {"chars": len(big_article[:MAX_TEXT_CHARS - 100]), "seconds": round(big_s, 3),
                                     "incidents": len(big.incidents)},
        "five_mb_text": {"chars": len(five_mb), "seconds": round(five_s, 4), "reason": five.reason},
        "five_mb_html": {"chars": len(page), "seconds": round(html_s, 4), "reason": html_res.reason},
        "two_mb_text": {"chars": len(near_limit), "seconds": round(near_s, 3), "reason": near.reason},
        "two_mb_html": {"chars": len(near_page), "seconds": round(near_page_s, 3), "reason": near_page_res.reason},
        "adversarial_seconds": worst,
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
