"""The two seed reports (../shared/seeds, read when present) give the three canonical seed incidents."""
from __future__ import annotations

import json

import pytest

from incidents.extract import extract_incidents
from incidents.models import incidents_from_json
from incidents.paths import SEED_INCIDENTS

FIELDS = ("date", "district", "province_code", "attack_type", "target", "killed_min", "killed_max",
          "injured_min", "injured_max")


@pytest.fixture
def canonical():
    with open(SEED_INCIDENTS, encoding="utf-8") as fh:
        return {i.location: i for i in incidents_from_json(json.load(fh))}


def _read(seed_report_dir, name: str) -> str:
    if seed_report_dir is None:
        pytest.skip("../shared/seeds is not present")
    return (seed_report_dir / name).read_text(encoding="utf-8")


def _same(got, want) -> None:
    for f in FIELDS:
        assert getattr(got, f) == getattr(want, f), f"{want.location}.{f}"
    assert got.location == want.location
    assert {(a.group, a.status) for a in got.attributions} == {(a.group, a.status) for a in want.attributions}


def test_mastung_and_hangu_report(seed_report_dir, canonical):
    res = extract_incidents(_read(seed_report_dir, "000_31f16b21a16693e3.txt"))
    assert [e.incident.location for e in res.incidents] == ["Mastung", "Hangu"]
    mastung, hangu = (e.incident for e in res.incidents)
    _same(mastung, canonical["Mastung"])
    _same(hangu, canonical["Hangu"])
    assert (mastung.killed_min, mastung.killed_max) == (None, None)  # never "over 50" minus Hangu's five
    assert mastung.killed_text.lower() == "over 50 people (said of both attacks together)"
    assert mastung.injured_text.startswith("many")
    assert hangu.killed_text.startswith("at least five") and hangu.injured_text == "more than 10"
    # the definitions glossary, the "300 attacks this year" trend and the Afghan government's denial of
    # "these allegations" add nothing
    for inc in (mastung, hangu):
        assert "AFGT" not in {a.group for a in inc.attributions}
    ev = res.incidents[1].evidence
    assert "separate attack" in ev["killed"] and "Hangu city" in ev["location"]


def test_kuchlak_report(seed_report_dir, canonical):
    res = extract_incidents(_read(seed_report_dir, "003_323c5b8fdc8fe2f6.txt"))
    assert len(res.incidents) == 1
    ext = res.incidents[0]
    _same(ext.incident, canonical["Kuchlak"])
    assert res.published.isoformat() == "2024-09-16"
    assert ext.highlights["date"] == ["on Saturday"]
    assert "Quetta" not in ext.highlights["location"]  # "a town near Quetta": Kuchlak is the place
    assert res.title == "Islamic State's Deadly Coordination in Balochistan Unveiled"
    assert ext.incident.sources[0].outlet.startswith("Devdiscourse News Desk")
