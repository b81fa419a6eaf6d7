"""``python -m incidents export --format csv|geojson|xlsx -o FILE [filters]``: write the filtered incidents."""
from __future__ import annotations

import argparse
from pathlib import Path

from .cli import UsageError, add_filter_arguments, filter_from_args, print_json

_SUFFIXES = {".csv": "csv", ".geojson": "geojson", ".json": "geojson", ".xlsx": "xlsx"}


def register(sub: argparse._SubParsersAction) -> None:
    from .io.export import EXPORT_FORMATS

    p = sub.add_parser("export", help="export the filtered events' records (CSV, GeoJSON, XLSX)",
                       description="Write every record of the events that match the filters, with every field, "
                                   "the claim ledger, sources and the event each belongs to (event_id): read "
                                   "back by `import`, the records and their links return. Spreadsheet formulas "
                                   "are neutralised. The filter, the datasets with their licences or terms and "
                                   "the outlets go in an About sheet (XLSX), a metadata member (GeoJSON) or "
                                   "FILE's .about.json side file (CSV).")
    p.add_argument("--format", choices=EXPORT_FORMATS, help="output format (default: from the -o suffix)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.add_argument("--events", action="store_true",
                   help="one row per event (CSV, GeoJSON): the event's figures with their source and spread, "
                        "ledger, related tolls and record ids — for reading, not for import again. An XLSX "
                        "export always has an events sheet beside the records")
    add_filter_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .io.export import about_path, export_file
    from .store import Store

    out = Path(args.output)
    fmt = args.format or _SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise UsageError("give --format csv|geojson|xlsx (the file name does not say)")
    if out.is_dir():
        raise UsageError(f"{out} is a directory")
    if not out.parent.exists():
        raise UsageError(f"no such directory: {out.parent}")
    from .events.query import event_rows, export_selection

    flt = filter_from_args(args)
    store = Store.open()
    items, events, n_events = export_selection(store, flt)
    if args.events and fmt != "xlsx":
        from .io.export import export_events

        data, about = export_events(event_rows(store, flt), items, fmt, flt)
        out.write_bytes(data)
        if about is not None:
            about_path(out).write_bytes(about)
        n = len(items)
    else:
        n = export_file(items, fmt, out, events, flt=flt, event_rows=event_rows(store, flt) if fmt == "xlsx" else None)
    result = {"format": fmt, "file": str(out), "incidents": n, "events": n_events, "filter": flt.caption(),
              "rows": "events" if args.events and fmt != "xlsx" else "records"}
    if fmt == "csv":
        result["about"] = str(about_path(out))  # the filter, datasets and licences (the CSV stays plain rows)
    print_json(result)
    return 0
