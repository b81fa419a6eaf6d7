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
    if args.format == "csv":  # one row per event, the columns of an events export
        import io

        from .events.query import event_rows
        from .io.export_events import write_events_csv

        rows = list(reversed(event_rows(store, flt)))[:args.limit]  # newest first, as the JSON
        buf = io.StringIO()
        write_events_csv(rows, buf, lineterminator="\n")
        sys.stdout.write(buf.getvalue())
        return 0
    from .events.query import matching_events

    print_json(matching_events(store, flt, limit=args.limit))
    return 0
