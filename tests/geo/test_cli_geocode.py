"""incidents.cli_geocode: the ``geocode`` subcommand, called through a local argparse parser."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from incidents import cli_geocode

ROOT = Path(__file__).resolve().parents[2]
ISSUE_NAMES = ["Mastung", "Hangu", "Kuchlak", "Kuchlagh", "Quetta", "D.I. Khan", "Miramshah",
               "Noshki", "KPK", "NWFP", "Baluchistan"]


@pytest.fixture(autouse=True)
def temp_store(tmp_path, monkeypatch):
    """The geocode cache lives in the store: point it at a temporary database."""
    from incidents.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cache.sqlite'}")
    get_settings.cache_clear()
    yield tmp_path / "cache.sqlite"
    get_settings.cache_clear()


def run(argv, capsys):
    parser = argparse.ArgumentParser(prog="incidents")
    cli_geocode.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["geocode", *argv])
    code = args.func(args)
    return code, json.loads(capsys.readouterr().out)


def test_issue_names_in_input_order(capsys):
    code, out = run(ISSUE_NAMES, capsys)
    assert code == 0 and len(out) == len(ISSUE_NAMES)
    assert [o["name"] for o in out] == ["Mastung", "Hangu", "Kuchlak", "Kuchlak", "Quetta",
                                        "Dera Ismail Khan", "Miran Shah", "Nushki",
                                        "Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa", "Balochistan"]
    assert [o["precision"] for o in out] == [1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3]
    assert set(out[0]) == {"name", "lat", "lon", "province", "province_code", "district", "precision",
                           "source", "kind", "match"}


def test_unresolvable_names_are_null(capsys):
    code, out = run(["Quetta", "", "😀", "x" * 10_000, "<b>Quetta</b>'; DROP TABLE x;--", "Hangu"], capsys)
    assert code == 0
    assert out[0]["name"] == "Quetta" and out[-1]["name"] == "Hangu"
    assert out[1:5] == [None, None, None, None]


def test_hints_and_backend_options(capsys):
    code, out = run(["Chitral", "--province", "KP", "--district", "Lower Chitral", "--backend", "offline"], capsys)
    assert code == 0 and out[0]["province_code"] == "PK-KP"


def test_disabled_backend_is_a_clear_error(capsys, monkeypatch):
    monkeypatch.delenv("ATLAS_ONLINE_GEOCODING", raising=False)
    parser = argparse.ArgumentParser()
    cli_geocode.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["geocode", "Quetta", "--backend", "nominatim"])
    assert args.func(args) == 2
    assert "online geocoding is off" in capsys.readouterr().err


def test_non_ascii_output_is_not_escaped(capsys):
    code, out = run(["Quetta"], capsys)
    assert code == 0 and isinstance(out, list)


@pytest.mark.slow
def test_module_entry_point_runs_offline(temp_store):
    proc = subprocess.run([sys.executable, "-m", "incidents", "geocode", "Kuchlagh", "Lahoree"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "ATLAS_ONLINE_GEOCODING": "0",
                               "DATABASE_URL": f"sqlite:///{temp_store}"})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out[0]["name"] == "Kuchlak" and out[1]["name"] == "Lahore"


def test_results_are_cached_in_the_store(capsys, temp_store):
    import sqlalchemy as sa

    code, out = run(["Kuchlagh", "Nowhereville"], capsys)
    assert code == 0 and out[0]["name"] == "Kuchlak" and out[1] is None
    engine = sa.create_engine(f"sqlite:///{temp_store}")
    with engine.connect() as c:
        rows = dict(c.execute(sa.text("SELECT key, value FROM geocode_cache")).all())
    engine.dispose()
    assert len(rows) == 2 and "null" in rows.values()
    assert any(json.loads(v) and json.loads(v)["name"] == "Kuchlak" for v in rows.values())
