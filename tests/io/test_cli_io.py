"""``python -m incidents import`` / ``export`` as a user runs them: real processes on a real SQLite file."""
from __future__ import annotations

import csv
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


def run(args, db_url):
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "incidents", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_import_prints_the_summary_and_exits_0_with_row_errors(fx, sqlite_url):
    r = run(["import", str(fx / "acled.csv")], sqlite_url)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out)[:7] == ["format", "rows", "imported", "updated", "unchanged", "skipped", "errors"]
    assert (out["format"], out["rows"], out["imported"], out["skipped"]) == ("acled", 10, 5, 5)
    assert {"row": 6, "column": "fatalities", "message": "expected a whole number, got 'three'"} in out["errors"]
    again = json.loads(run(["import", str(fx / "acled.csv"), "--format", "acled"], sqlite_url).stdout)
    assert (again["imported"], again["unchanged"]) == (0, 5)


def test_unreadable_file_exits_non_zero_with_one_line_and_writes_nothing(tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\xff\xfe garbage \x00" * 100)
    db = tmp_path / "never.sqlite"
    r = run(["import", str(junk)], f"sqlite:///{db}")
    assert r.returncode == 1 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "not a text, XLSX or GeoJSON file" in r.stderr
    assert not db.exists()  # not even the database was created
    unknown = tmp_path / "people.csv"
    unknown.write_text("name,age\nbob,3\n")
    r = run(["import", str(unknown)], f"sqlite:///{db}")
    assert r.returncode == 1 and "unknown layout" in r.stderr and not db.exists()
    r = run(["import", str(tmp_path / "missing.csv")], f"sqlite:///{db}")
    assert r.returncode == 1 and "no such file" in r.stderr
    r = run(["import", str(unknown), "--format", "excel"], f"sqlite:///{db}")
    assert r.returncode == 2


def test_export_with_filters(fx, sqlite_url, tmp_path):
    assert run(["import", str(fx / "ucdp_hdx.csv")], sqlite_url).returncode == 0
    out = tmp_path / "kp-ttp.csv"
    r = run(["export", "--format", "csv", "-o", str(out), "--province", "PK-KP", "--group", "TTP"], sqlite_url)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert summary["incidents"] == len(rows) and summary["filter"] == "TTP · KP"
    assert rows and all(r["province_code"] == "PK-KP" and "TTP" in r["blamed"] for r in rows)
    # 1002: TTP's one-sided violence; 1001, the army's clash with TTP, is no attack by TTP (an opponent)
    assert {r["dataset_event_id"] for r in rows} == {"1002"}
    about = json.loads((tmp_path / "kp-ttp.about.json").read_text(encoding="utf-8"))  # the CSV's side file
    assert summary["about"] == str(tmp_path / "kp-ttp.about.json")
    assert about["filter"] == "TTP · KP" and about["datasets"][0]["licence"] == "CC BY 4.0"
    for fmt in ("geojson", "xlsx"):
        path = tmp_path / f"all.{fmt}"
        r = run(["export", "-o", str(path)], sqlite_url)  # format from the suffix
        assert r.returncode == 0 and json.loads(r.stdout)["format"] == fmt and path.stat().st_size > 0
    r = run(["export", "--events", "-o", str(tmp_path / "events.csv"), "--group", "TTP"], sqlite_url)
    summary = json.loads(r.stdout)
    with open(tmp_path / "events.csv", encoding="utf-8-sig", newline="") as fh:
        events = list(csv.DictReader(fh))
    assert summary["rows"] == "events" and len(events) == summary["events"] > 0
    assert all(e["record_ids"] and e["event_id"] for e in events)
    r = run(["export", "-o", str(tmp_path / "x.txt")], sqlite_url)
    assert r.returncode == 2 and "--format" in r.stderr
    r = run(["export", "-o", str(tmp_path / "x.csv"), "--group", "NOPE"], sqlite_url)
    assert r.returncode == 2 and "unknown group" in r.stderr


TEAM = ("date=date,location=city,country=country,killed=fatalities,injured=injured,group=perpetrator_group,"
        "target=target_type,id=gtd_id")


def test_import_a_team_log_with_columns_save_the_mapping_and_reuse_it(fx, sqlite_url):
    r = run(["import", str(fx / "team_log_gtd.csv")], sqlite_url)
    assert r.returncode == 1 and "unknown layout" in r.stderr and "--columns date=date,location=city" in r.stderr
    r = run(["import", str(fx / "team_log_gtd.csv"), "--columns", TEAM, "--save-mapping", "team log"], sqlite_url)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["format"], out["rows"], out["imported"], out["skipped"]) == ("columns", 12, 11, 1)
    assert out["dataset"] == "team log" and out["saved_mapping"] == "team log"
    assert {g["name"]: g["rows"] for g in out["unknown_groups"]} == {"Muslim extremists": 2,
                                                                     "BRG: Baloch Republican Guard": 2}
    assert sorted(p["place"] for p in out["unresolved_places"]) == ["Gichk", "Mand"]
    again = json.loads(run(["import", str(fx / "team_log_gtd.csv"), "--mapping", "team log"], sqlite_url).stdout)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 11)
    r = run(["import", str(fx / "team_log_gtd.csv"), "--mapping", "nope"], sqlite_url)
    assert r.returncode == 2 and "no saved mapping 'nope' (saved: team log)" in r.stderr
    r = run(["import", str(fx / "team_log_gtd.csv"), "--columns", "date=date,weather=city"], sqlite_url)
    assert r.returncode == 2 and "unknown field(s) weather" in r.stderr


def test_import_dates_ambiguous_refused_then_given_and_trimmed_acled(fx, sqlite_url):
    r = run(["import", str(fx / "dates_ambiguous.csv"), "--columns", "date=date,location=place,killed=killed"],
            sqlite_url)
    assert r.returncode == 1 and "column 'date': every date fits both day/month and month/day" in r.stderr
    r = run(["import", str(fx / "dates_ambiguous.csv"), "--columns", "date=date,location=place,killed=killed",
             "--date-order", "dmy"], sqlite_url)
    assert r.returncode == 0 and json.loads(r.stdout)["imported"] == 3
    r = run(["import", str(fx / "acled_trimmed_balochistan.csv")], sqlite_url)
    out = json.loads(r.stdout)
    assert (out["format"], out["imported"]) == ("acled", 20)
    assert any("no ACLED id" in n for n in out["notes"])
