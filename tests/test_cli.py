"""``python -m incidents`` as a user runs it: a real process on a real SQLite file."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: each test starts real ``python -m incidents`` processes (≈0.8 s each): run by scripts/test.sh (CI),
#: left out of a bare ``pytest`` (the fast loop)
pytestmark = pytest.mark.slow


def run(args, db_url, **kw):
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "incidents", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120, **kw)


def places(out: str) -> list[str]:
    return sorted(i["location"] for i in json.loads(out))


@pytest.mark.parametrize("args, expected", [
    (["--group", "ISKP"], ["Hangu"]),
    (["--group", "IS"], ["Hangu", "Kuchlak", "Mastung"]),
    (["--group", "IS", "--status", "claimed"], ["Kuchlak"]),
    (["--group", "TTP"], []),
    (["--group", "TTP", "--status", "denied"], ["Hangu", "Mastung"]),
    (["--province", "PK-KP"], ["Hangu"]),
    (["--since", "2024-01-01", "--until", "2024-12-31"], ["Kuchlak"]),
])
def test_seed_checks(sqlite_url, args, expected):
    r = run(["list", *args], sqlite_url)
    assert r.returncode == 0, r.stderr
    assert places(r.stdout) == expected


def test_list_json_has_the_fixed_fields(sqlite_url):
    r = run(["list", "--group", "IS", "--status", "claimed"], sqlite_url)
    [kuchlak] = json.loads(r.stdout)
    assert set(kuchlak) >= {"id", "date", "date_precision", "location", "district", "province", "province_code",
                            "lat", "lon", "geo_precision", "attack_type", "target", "killed_min", "killed_max",
                            "killed_text", "injured_min", "injured_max", "injured_text", "attributions",
                            "sources", "summary", "dataset", "dataset_event_id"}
    assert kuchlak["date"] == "2024-09-14" and kuchlak["district"] == "Quetta"
    assert kuchlak["attributions"] == [{"group": "IS", "status": "claimed", "by": "Islamic State group"}]
    assert all(a["group"] != "BLA" for a in kuchlak["attributions"])


def test_mastung_toll_stays_on_the_two_attacks_never_split(sqlite_url):
    r = run(["list", "--district", "Mastung"], sqlite_url)
    [m] = json.loads(r.stdout)
    assert (m["killed_min"], m["killed_max"]) == (None, None)  # no figure for Mastung alone
    assert m["killed_text"] == "over 50 (said of both attacks together)"
    assert (m["injured_min"], m["injured_max"], m["injured_text"]) == (None, None, "many")
    [toll] = m["related"]
    assert toll["records"] == ["seed-2023-09-29-hangu", "seed-2023-09-29-mastung"]
    assert (toll["killed_min"], toll["killed_max"], toll["killed_text"]) == (51, None, "over 50")
    [h] = json.loads(run(["list", "--district", "Hangu"], sqlite_url).stdout)
    assert h["killed_text"] == "at least five" and h["related"] == [toll]


def test_csv_output(sqlite_url):
    r = run(["list", "--format", "csv", "--group", "ISKP"], sqlite_url)
    assert r.returncode == 0
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("event_id,date,") and len(lines) == 2 and "Hangu" in lines[1]


@pytest.mark.parametrize("args, needle", [
    (["list", "--group", "NOPE"], "unknown group"),
    (["list", "--status", "accused"], "unknown status"),
    (["list", "--since", "2024-02-30"], "YYYY-MM-DD"),
    (["list", "--format", "xml"], "invalid choice"),
    (["list", "--bogus"], "unrecognized arguments"),
    (["frobnicate"], "invalid choice"),
    ([], "required"),
])
def test_bad_arguments_exit_2_with_one_line(sqlite_url, args, needle):
    r = run(args, sqlite_url)
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and needle in r.stderr
    assert "Traceback" not in r.stderr


def test_help_everywhere(sqlite_url):
    for args in (["--help"], ["list", "--help"]):
        r = run(args, sqlite_url)
        assert r.returncode == 0 and "usage:" in r.stdout


def test_unreachable_database_is_one_line(tmp_path):
    r = run(["list"], "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
