"""Saving a report's incidents (incidents/reports.py): each incident of a report of several is saved,
once; a toll the report gives for them together is kept on them together, never split."""
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.review import keep_combined, save_reviewed
from incidents.extract import extract_incidents
from incidents.reports import already_stored, relate_combined

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "tests" / "fixtures" / "reports" / "combined_toll_two_provinces.txt"
URL = "https://example.org/twin-blasts"


@pytest.fixture
def result():
    r = extract_incidents(REPORT.read_text(encoding="utf-8"), published=dt.date(2023, 10, 7), url=URL)
    assert [e.incident.location for e in r.incidents] == ["Kalat", "Lakki Marwat"]
    return r


def test_each_incident_of_a_report_of_several_is_saved_once_and_the_combined_toll_kept_together(store, result):
    ids = {}
    for k, ext in enumerate(result.incidents):
        assert not already_stored(store, ext.incident, several=True)  # the first saved is not the second
        outcome = save_reviewed(store, ext.incident, several=True)
        assert outcome.kind in ("inserted", "linked")
        ids[k] = outcome.id
        lines = keep_combined(store, result, ids)
        assert bool(lines) == (k == len(result.incidents) - 1)  # only once every incident is stored
    assert "More than 30 people killed for 2 attacks together" in lines[0]
    [toll] = store.related_tolls([ids[0]])
    assert set(toll.records) == set(ids.values()) and (toll.killed.min, toll.killed.text) == (31, "More than 30 people")
    assert toll.source == URL
    # the report saved again: nothing twice, the same toll replaced
    for ext in result.incidents:
        assert [r.id for r in already_stored(store, ext.incident, several=True)] in ([ids[0]], [ids[1]])
    relate_combined(store, result, [ids[0], ids[1]])
    assert [t.id for t in store.related_tolls(list(ids.values()))] == [toll.id]
    assert len(store.ids()) == 2


def test_a_report_of_one_incident_is_stored_once_whatever_the_reviewer_corrected(store, result):
    inc = result.incidents[1].incident
    save_reviewed(store, inc)
    moved = inc.copy(location="Tajori", date=inc.date - dt.timedelta(days=1))
    assert already_stored(store, moved) and not already_stored(store, moved, several=True)


@pytest.mark.slow
def test_extract_save_on_the_command_line_keeps_the_combined_toll(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.sqlite'}", "ATLAS_SEED": "0"}
    cmd = [sys.executable, "-m", "incidents", "extract", str(REPORT), "--save", "--url", URL,
           "--published", "2023-10-07"]
    for run in (1, 2):
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert [d["saved"] for d in out] == (["inserted", "inserted"] if run == 1 else ["already stored"] * 2)
        assert out[0]["combined"][0]["text"] == "More than 30 people"
    listed = json.loads(subprocess.run([sys.executable, "-m", "incidents", "list"], capture_output=True, text=True,
                                       cwd=ROOT, env=env, timeout=120).stdout)
    assert len(listed) == 2 and all(len(e["related"]) == 1 for e in listed)
    assert listed[0]["related"][0]["killed_min"] == 31
