"""What an incident card says of a record's history and of an analyst's edits (plain strings; the
event panel in ``atlas/views.py`` draws them, collapsed).

An analyst's correction is shown with the source's own value, and as a conflict when the source has
said something else since: "GTD now says 34; analyst corrected to “at least 36” on 2026-12-06 by alice".
"""
from __future__ import annotations

from typing import Any, Sequence

from incidents.store.edits import CORRECT, NOTE, Edit
from incidents.store.history import Entry, describe


def _wording(field: str | None, value: dict[str, Any] | None) -> str:
    """A corrected field's value as an analyst reads it."""
    if not value:
        return "nothing"
    if field in ("killed", "injured"):
        text = value.get(f"{field}_text")
        if text:
            return text
        lo, hi = value.get(f"{field}_min"), value.get(f"{field}_max")
        return "unknown" if lo is None and hi is None else (str(lo) if lo == hi else f"{lo}–{hi}")
    if field == "coordinates":
        return f"{value.get('lat')}, {value.get('lon')}"
    if field == "date":
        return str(value.get("date"))
    return ", ".join(str(v) for v in value.values() if v is not None) or "nothing"


def _day(at: Any) -> str:
    return str(at)[:10]


def correction_lines(source: str, edits: Sequence[Edit]) -> list[str]:
    """One line per active correction of a record whose source is ``source`` (e.g. "GTD"): what the
    analyst set, when and by whom, and what the source says (a conflict when it changed since)."""
    out = []
    for e in edits:
        if e.kind != CORRECT or not e.active:
            continue
        mine = f"analyst corrected {e.field} to “{_wording(e.field, e.value)}” on {_day(e.at)} by {e.who}"
        if e.conflict:
            line = f"{source} now says {_wording(e.field, e.source_now)}; {mine} (when {source} said " \
                   f"{_wording(e.field, e.source_value)})"
        else:
            line = f"{mine}; {source} says {_wording(e.field, e.source_value)}"
        out.append(line + (f" — {e.note}" if e.note else ""))
    return out


def conflicts(edits: Sequence[Edit]) -> list[Edit]:
    """The corrections whose source says something else since they were made."""
    return [e for e in edits if e.conflict and e.active]


def note_lines(edits: Sequence[Edit]) -> list[str]:
    """An analyst's notes on a record, with who wrote them and when."""
    return [f"{e.value.get('text')} — {e.who}, {_day(e.at)}" for e in edits if e.kind == NOTE and e.active]


def history_rows(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """A record's or event's history as table rows, newest first."""
    return [{"version": e.version, "when": e.at.strftime("%Y-%m-%d %H:%M UTC"), "who": e.who, "action": e.action,
             "record": e.record_id or e.event_id or "(import run)", "change": describe(e).split(" · ", 4)[-1]}
            for e in reversed(entries)]


def restorable_versions(entries: Sequence[Entry], record_id: str) -> list[int]:
    """The versions a record can be restored to (each write of it but the last), newest first."""
    mine = sorted({e.version for e in entries if e.record_id == record_id and e.action != "delete"}, reverse=True)
    return mine[1:]


__all__ = ["conflicts", "correction_lines", "history_rows", "note_lines", "restorable_versions"]
