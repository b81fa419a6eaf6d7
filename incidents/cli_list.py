"""``python -m incidents list``: print the stored incidents that match a filter."""
from __future__ import annotations

import argparse
import sys

from .cli import UsageError, add_filter_arguments, filter_from_args, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="print events, or with --records the records (JSON or CSV)",
                       description="Print the events (one real attack each, with every source's record of it) "
                                   "that match the filters, newest first; --records prints the records instead.")
    add_filter_arguments(p)
    p.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default json)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N events (records with --records)")
    p.add_argument("--records", action="store_true",
                   help="one object per record (what one source says), as stored, instead of per event")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .store import Store
    from .tabular import to_csv

    flt = filter_from_args(args)
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be ≥ 0")
    store = Store.open()
    if args.records:
        items = store.incidents(flt, limit=args.limit)
        if args.format == "csv":
            sys.stdout.write(to_csv(items))
        else:
            print_json([i.to_dict() for i in items])
        return 0
    from .events.query import matching_events

    events = matching_events(store, flt, limit=args.limit)
    if args.format == "csv":
        sys.stdout.write(events_csv(events))
    else:
        print_json(events)
    return 0


def events_csv(events: list[dict]) -> str:
    """Events as CSV: the event's own fields, one row each (records are in the JSON)."""
    import csv
    import io

    from .tabular import neutralise

    names = [k for k in (events[0] if events else {}) if k not in ("records", "attributions")]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([*names, "attributions", "record_ids"])
    for e in events:
        ledger = "; ".join(f"{a['group']} {a['status']}" + (f" by {a['by']}" if a["by"] else "") for a in e["attributions"])
        w.writerow([neutralise(e[n]) for n in names] + [neutralise(ledger), " ".join(r["id"] for r in e["records"])])
    return out.getvalue()
