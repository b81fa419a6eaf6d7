"""``python -m incidents history|edit|restore`` (in-process, on a real seeded SQLite file)."""
from __future__ import annotations

import json

import pytest

from incidents.cli import main

HANGU = "seed-2023-09-29-hangu"


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    from incidents.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'atlas.sqlite'}")
    get_settings.cache_clear()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    get_settings.cache_clear()


def test_edit_history_and_restore(cli):
    code, out, err = cli("edit", HANGU, "--killed", "at least 36", "--note", "hospital list")
    assert code == 0, err
    assert json.loads(out) == {"record": HANGU, "corrected": True}
    assert cli("edit", HANGU, "--source", "https://www.dawn.com/news/9", "--outlet", "Dawn")[0] == 0
    assert cli("edit", HANGU, "--claim", "ISKP:claimed:Amaq")[0] == 0
    code, out, _ = cli("list", "--records")  # what every reader gets: the analyst's figure
    (rec,) = [r for r in json.loads(out) if r["id"] == HANGU]
    assert rec["killed_text"] == "at least 36" and "https://www.dawn.com/news/9" in [x["url"] for x in rec["sources"]]
    code, out, _ = cli("list")
    (event,) = [e for e in json.loads(out) if HANGU in [r["id"] for r in e["records"]]]
    assert [r["killed_text"] for r in event["records"] if r["id"] == HANGU] == ["at least 36"]
    code, out, _ = cli("history", HANGU)
    lines = out.splitlines()
    assert code == 0
    assert "import" in lines[0] and "created" in lines[0] and "bundled seed incidents" in lines[0]
    assert any("edit" in ln and "killed_text: at least five → at least 36" in ln and "hospital list" in ln
               for ln in lines)
    assert any("sources: + [\"Dawn\", \"https://www.dawn.com/news/9\"]" in ln for ln in lines)
    assert any("killed corrected to at least 36" in ln for ln in lines)
    code, out, _ = cli("history", HANGU, "--json")
    data = json.loads(out)
    first = data["entries"][0]["version"]
    assert {e["action"] for e in data["entries"]} >= {"import", "edit"}
    assert all(e["who"].startswith("local:") for e in data["entries"])
    assert [e["kind"] for e in data["edits"]] == ["correct", "source", "claim"]
    code, out, err = cli("restore", HANGU, "--version", str(first))
    assert code == 0, err
    assert json.loads(out)["changed"] is True
    code, out, _ = cli("history", HANGU, "--json")
    last = json.loads(out)["entries"][-1]
    assert last["action"] == "restore" and last["changes"]["killed_text"] == ["at least 36", "at least five"]
    assert last["context"] == {"version": first}


def test_errors_name_the_field(cli):
    code, _, err = cli("edit", HANGU, "--date", "yesterday")
    assert code == 2 and "date" in err
    code, _, err = cli("edit", "no-such-record", "--killed", "3")
    assert code == 2 and "no-such-record" in err
    code, _, err = cli("history", "no-such-record")
    assert code == 2 and "no-such-record" in err
    code, _, err = cli("edit", HANGU)
    assert code == 2 and "nothing to edit" in err
