"""What the card says of an analyst's corrections, notes and a record's history (atlas/changes.py)."""
from __future__ import annotations

import datetime as dt

from atlas.changes import conflicts, correction_lines, history_rows, note_lines, restorable_versions
from incidents.store.edits import Edit
from incidents.store.history import Entry

AT = dt.datetime(2026, 12, 6, 10, 30, tzinfo=dt.timezone.utc)


def correction(source_now=None) -> Edit:
    return Edit(1, "r1", "correct", "killed", {"killed_min": 36, "killed_max": 36, "killed_text": "36"},
                {"killed_min": 34, "killed_max": 34, "killed_text": None}, source_now, "hospital list", "alice",
                AT, 5, True)


def test_a_correction_names_the_sources_figure_and_a_conflict_only_when_it_changed():
    (line,) = correction_lines("GTD", [correction()])
    assert line == "analyst corrected killed to “36” on 2026-12-06 by alice; GTD says 34 — hospital list"
    assert not conflicts([correction()])
    changed = correction({"killed_min": 30, "killed_max": 30, "killed_text": None})
    (line,) = correction_lines("GTD", [changed])
    assert line.startswith("GTD now says 30; analyst corrected killed to “36” on 2026-12-06 by alice (when GTD "
                           "said 34)")
    assert conflicts([changed]) == [changed]
    agreeing = correction({"killed_min": 36, "killed_max": 36, "killed_text": "36"})
    assert not conflicts([agreeing])  # the source came round to the analyst's figure


def test_notes_and_history_rows():
    note = Edit(2, "r1", "note", None, {"text": "ask the field office"}, None, None, None, "bob", AT, 6, True)
    assert note_lines([note, correction()]) == ["ask the field office — bob, 2026-12-06"]
    entries = [Entry(1, 1, AT, "local:ann", "import", "r1", None, None, {"file": "gtd.csv"}),
               Entry(2, 4, AT, "alice", "edit", "r1", None, {"killed_text": ["34", "36"]}, None),
               Entry(3, 7, AT, "bob", "link", "r1", "r0", {"event_id": ["r1", "r0"]}, None)]
    rows = history_rows(entries)
    assert [r["version"] for r in rows] == [7, 4, 1]  # newest first
    assert rows[1]["change"] == "killed_text: 34 → 36" and rows[2]["change"] == "created (file gtd.csv)"
    assert restorable_versions(entries, "r1") == [4, 1]
