"""``python -m incidents extract`` as a user runs it: a real process on a real SQLite file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

#: each test starts real ``python -m incidents`` processes (≈0.8 s each): run by scripts/test.sh (CI),
#: left out of a bare ``pytest`` (the fast loop)
pytestmark = pytest.mark.slow

REPORTS = ROOT / "tests" / "fixtures" / "reports"


def run(args, db_url, **kw):
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "incidents", "extract", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120, **kw)


def test_prints_incidents_with_evidence(sqlite_url):
    r = run([str(REPORTS / "combined_two_attacks.txt")], sqlite_url)
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)
    assert [i["district"] for i in items] == ["Musakhel", "Kalat"]
    assert "Musakhel district" in items[0]["evidence"]["location"]
    assert items[1]["killed_min"] is None and "said of both attacks together" in items[1]["killed_text"]
    assert items[0]["id"] is None  # nothing saved without --save


def test_stdin_published_and_url(sqlite_url):
    text = "A bomb exploded near a police van in Mastung district on Tuesday, killing two policemen."
    r = run(["-", "--published", "2024-03-06", "--url", "https://example.org/a"], sqlite_url, input=text)
    assert r.returncode == 0, r.stderr
    [inc] = json.loads(r.stdout)
    assert inc["date"] == "2024-03-05"
    assert inc["sources"] == [{"outlet": None, "title": None, "url": "https://example.org/a",
                               "published": "2024-03-06"}]


def test_save_then_save_again_adds_no_duplicate(sqlite_url):
    report = str(REPORTS / "railway_station_claim.txt")
    first = run([report, "--save", "--url", "https://example.org/quetta-station"], sqlite_url)
    assert first.returncode == 0, first.stderr
    [saved] = json.loads(first.stdout)
    assert saved["saved"] == "inserted" and saved["id"]
    # another outlet's report of the same attack: a second record, linked into the stored one's event
    second = run([report, "--save", "--url", "https://other.example/quetta"], sqlite_url)
    assert second.returncode == 0, second.stderr
    [again] = json.loads(second.stdout)
    assert again["saved"] == "inserted" and again["id"] != saved["id"] and again["event"] == saved["event"]
    assert f"matches stored incident {saved['event']}: one attack, 2 records" in second.stderr
    third = run([report, "--save", "--url", "https://other.example/quetta"], sqlite_url)  # the same report again
    assert json.loads(third.stdout)[0]["saved"] == "already stored"
    listed = subprocess.run([sys.executable, "-m", "incidents", "list", "--district", "Quetta",
                             "--since", "2024-11-01"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "DATABASE_URL": sqlite_url, "PYTHONPATH": str(ROOT)})
    [stored] = json.loads(listed.stdout)  # one event, both reports' sources
    assert sorted(s["url"] for s in stored["sources"]) == ["https://example.org/quetta-station",
                                                           "https://other.example/quetta"]
    assert len(stored["records"]) == 2
    assert "extracted from a report, not reviewed" in stored["flags"]
    assert stored["attributions"] == [{"group": "BLA", "status": "claimed", "by": "Balochistan Liberation Army"}]


def test_seed_report_adds_a_source_to_the_seeded_incident(sqlite_url, seed_report_dir):
    if seed_report_dir is None:
        pytest.skip("../shared/seeds is not present")
    r = run([str(seed_report_dir / "003_323c5b8fdc8fe2f6.txt"), "--save"], sqlite_url)  # a new DB is seeded
    assert r.returncode == 0, r.stderr
    [inc] = json.loads(r.stdout)
    assert inc["saved"] in ("inserted", "already stored") and inc["event"] == "seed-2024-09-14-kuchlak"


def test_no_incident_is_a_clear_message(sqlite_url):
    r = run([str(REPORTS / "non_english.txt")], sqlite_url)
    assert r.returncode == 0
    assert json.loads(r.stdout) == []
    assert r.stderr.strip() == "no incidents found: text does not look like English (mostly non-Latin script)"


def test_bad_arguments_exit_2_with_one_line(sqlite_url):
    for args in (["missing-file.txt"], ["-", "--published", "yesterday"], ["-", "--url", "javascript:alert(1)"]):
        r = run(args, sqlite_url, input="")
        assert r.returncode == 2, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1
