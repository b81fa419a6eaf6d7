"""``python -m incidents history|restore|edit``: what changed on a record or event, going back, and an analyst's edits."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .cli import print_json

if TYPE_CHECKING:
    from .store.edits import Edit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="every change to a record or event: who, when, old and new values",
                       description="Print the history of a record or an event (its records' too): each write's "
                                   "store version, time, who, action and the fields it changed from old to new, "
                                   "with the analyst's edits and any conflict with the source.")
    p.add_argument("id", metavar="ID", help="a record id or an event id")
    p.add_argument("--json", action="store_true", help="JSON instead of one line per change")
    p.set_defaults(func=run_history)
    p = sub.add_parser("restore", help="write a record back as it was at an earlier version",
                       description="Write a record back as it was after the write of store version V (see "
                                   "`history`); the analyst's corrections, sources and claims are those that "
                                   "stood then. The restore is itself a change, with history.")
    p.add_argument("id", metavar="RECORD_ID")
    p.add_argument("--version", type=int, required=True, metavar="V")
    p.set_defaults(func=run_restore)
    p = sub.add_parser("edit", help="correct a record's figures, add a source, claim or note (kept across re-imports)",
                       description="An analyst's corrections and additions to a record. They are kept apart from "
                                   "what the record's source says, survive every re-import of its dataset, and "
                                   "when the source later says something else both are shown.")
    p.add_argument("id", metavar="RECORD_ID")
    p.add_argument("--killed", metavar="WORDING", help='the killed figure as worded, e.g. "at least 36"')
    p.add_argument("--injured", metavar="WORDING", help="the injured figure as worded")
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p.add_argument("--location", metavar="PLACE")
    p.add_argument("--district", metavar="NAME")
    p.add_argument("--coordinates", nargs=2, type=float, metavar=("LAT", "LON"))
    p.add_argument("--type", dest="attack_type", metavar="TYPE", help="attack type")
    p.add_argument("--target", metavar="TARGET")
    p.add_argument("--source", metavar="URL", help="add a source at this address")
    p.add_argument("--outlet", help="the added source's outlet")
    p.add_argument("--title", help="the added source's title")
    p.add_argument("--claim", metavar="GROUP:STATUS[:BY]", action="append", default=[],
                   help="add an attribution, e.g. TTP:claimed:Umar Media (repeatable)")
    p.add_argument("--note", help="why (kept with the edits), or a note on its own")
    p.set_defaults(func=run_edit)


def run_history(args: argparse.Namespace) -> int:
    from .errors import ValidationError
    from .store import Store
    from .store.history import describe

    store = Store.open()
    entries = store.history(args.id)
    records = [args.id] if store.get(args.id) else [r.id for r in store.event_records(args.id)]
    if not entries and not records:
        raise ValidationError("id", f"no record or event {args.id!r}, and no history of one")
    edits = [e for r in records for e in store.edits(r)]
    if args.json:
        print_json({"id": args.id, "entries": [e.to_dict() for e in entries], "edits": [e.to_dict() for e in edits]})
        return 0
    for e in entries:
        print(describe(e))
    for e in edits:
        print(describe_edit(e))
    return 0


def describe_edit(e: "Edit") -> str:
    """An analyst's edit as one line (with the conflict when its source now says something else)."""
    from .store.edits import CORRECT

    at = str(e.at)[:16]
    if e.kind == CORRECT:
        line = f"{e.record_id}: {e.field} corrected to {_wording(e.value)} on {at} by {e.who}"
        if e.conflict:
            line += f" — CONFLICT: the source now says {_wording(e.source_now)} (it said {_wording(e.source_value)})"
    else:
        line = f"{e.record_id}: {e.kind} added on {at} by {e.who}: {_wording(e.value)}"
    return line + (f" ({e.note})" if e.note else "")


def _wording(value: dict | None) -> str:
    if not value:
        return "nothing"
    for key in ("killed_text", "injured_text", "text", "url"):
        if value.get(key):
            return str(value[key])
    return ", ".join(str(v) for v in value.values() if v is not None) or "nothing"


def run_restore(args: argparse.Namespace) -> int:
    from .store import Store

    summary = Store.open().restore(args.id, args.version)
    print_json({"record": args.id, "restored_version": args.version, "version": summary.version,
                "changed": bool(summary.updated or summary.inserted)})
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from .errors import UsageError, ValidationError
    from .models import Attribution, Source
    from .store import Store

    fields = {k: getattr(args, k) for k in ("killed", "injured", "date", "location", "district", "coordinates",
                                             "attack_type", "target") if getattr(args, k) is not None}
    if not fields and not args.source and not args.claim and not args.note:
        raise UsageError("nothing to edit: give a field (--killed, --date, ...), --source, --claim or --note")
    store = Store.open()
    if store.get(args.id) is None:
        raise ValidationError("id", f"no record {args.id!r}")
    done = {}
    if fields:
        done["corrected"] = store.correct(args.id, note=args.note, **fields)
    if args.source:
        done["source_added"] = store.add_source(args.id, Source(args.outlet, args.title, args.source), note=args.note)
    for claim in args.claim:
        parts = claim.split(":", 2)
        if len(parts) < 2:
            raise UsageError(f"--claim {claim!r}: give GROUP:STATUS[:BY]")
        done.setdefault("claims_added", []).append(
            store.add_claim(args.id, Attribution(parts[0], parts[1], parts[2] if len(parts) > 2 else None),
                            note=args.note))
    if args.note and not (fields or args.source or args.claim):
        done["note_added"] = store.add_note(args.id, args.note)
    print_json({"record": args.id, **done})
    sys.stdout.flush()
    return 0
