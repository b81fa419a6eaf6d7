"""``python -m incidents import FILE``: bring an ACLED, GTD or UCDP GED export (or our own CSV/GeoJSON) in,
or any other table through a column mapping.

Prints a JSON summary (format, rows, imported, updated, unchanged, skipped, errors). Exit 0 when
the file could be read, even with row errors; exit 1 with a one-line reason when it cannot be read
at all (nothing is written then).

Any other table (a team's log, a spreadsheet): ``--columns date=date,location=city,killed=fatalities``
names the column of each field (see ``incidents.io.mapping.FIELDS``); ``--sheet`` picks an XLSX
sheet; ``--save-mapping NAME`` keeps the mapping in the store and ``--mapping NAME`` reuses it
(``--columns`` then changes single fields). The records' dataset is ``--dataset``, else the saved
mapping's name, else the file's name: keep it the same for every import of one log, since
re-imports match rows within it.
"""
from __future__ import annotations

import argparse
import logging
import sys

from .cli import UsageError, print_json

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    from .io.detect import FORMATS

    p = sub.add_parser("import", help="import ACLED, GTD, UCDP GED or Incident Atlas CSV/GeoJSON files, or any "
                                      "table through a column mapping",
                       description="Import a dataset export. The layout is detected from the header "
                                   "unless --format names it; any other table is read through --columns or a "
                                   "saved --mapping. Re-importing a file changes nothing; a revised file "
                                   "updates the changed incidents.")
    p.add_argument("file", help="CSV/TSV (UTF-8 or Latin-1; comma, semicolon or tab), XLSX or GeoJSON")
    p.add_argument("--format", choices=FORMATS, default="auto", help="file layout (default: detect)")
    p.add_argument("--batch-size", type=int, default=None, metavar="N", help="rows per transaction")
    p.add_argument("--columns", metavar="FIELD=COLUMN,...",
                   help="read the file through this mapping, e.g. date=date,location=city,killed=fatalities "
                        "(fields: date, location, district, province, country, lat, lon, killed, injured, group, "
                        "claim_status, attack_type, target, summary, source_url, id)")
    p.add_argument("--mapping", metavar="NAME", help="a mapping saved with --save-mapping")
    p.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under this name")
    p.add_argument("--sheet", metavar="NAME", help="the XLSX sheet to read (default: the first with data)")
    p.add_argument("--dataset", metavar="NAME", help="dataset name of a mapped table's records")
    p.add_argument("--date-order", choices=("dmy", "mdy"), default=None,
                   help="how a mapped table writes 03/04/2021 (default: detected from the column)")
    p.add_argument("--resume", type=int, default=None, metavar="RUN",
                   help="complete an interrupted import run of this file (python -m incidents runs)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .io.detect import open_layout
    from .io.importer import DEFAULT_BATCH, import_table
    from .store import Store

    batch = args.batch_size or DEFAULT_BATCH
    if batch < 1:
        raise UsageError("--batch-size must be ≥ 1")
    mapped = bool(args.columns or args.mapping)
    if not mapped and (args.save_mapping or args.dataset or args.date_order):
        raise UsageError("--save-mapping, --dataset and --date-order go with --columns or --mapping")
    store = None
    if args.mapping:
        store = Store.open()
    mapping = _mapping(args, store)
    # Read the header before touching the database: an unreadable file writes nothing.
    table, layout = open_layout(args.file, args.format, mapping=mapping, sheet=args.sheet)
    with table:
        store = store or Store.open()
        layout.registry = store.registry
        summary = import_table(table, layout, store, batch_size=batch, source=args.file, resume=args.resume)
    if args.save_mapping and mapping is not None:
        mapping.dataset = getattr(layout, "dataset_name", None) or mapping.dataset
        store.save_mapping(args.save_mapping, mapping)
        summary.report["saved_mapping"] = args.save_mapping
    print_json(summary.to_dict())
    if not summary.complete:
        print(f"python -m incidents import: stopped early: {summary.stopped}".splitlines()[0], file=sys.stderr)
        return 1
    return 0


def _mapping(args: argparse.Namespace, store):  # noqa: ANN001, ANN202
    """The ColumnMapping the flags describe (None: a detected layout)."""
    from .io.mapping import ColumnMapping

    try:
        if args.mapping:
            mapping = store.saved_mapping(args.mapping)
            if mapping is None:
                saved = ", ".join(store.mapping_names()) or "none"
                raise UsageError(f"no saved mapping {args.mapping!r} (saved: {saved})")
            if not mapping.dataset:
                mapping.dataset = args.mapping
            if args.columns:
                mapping = mapping.with_columns(args.columns)
        elif args.columns:
            mapping = ColumnMapping.parse(args.columns)
            if args.save_mapping:
                mapping.dataset = args.save_mapping
        else:
            return None
    except ValueError as e:
        raise UsageError(f"--columns: {e}") from e
    if args.sheet:
        mapping.sheet = args.sheet
    if args.dataset:
        mapping.dataset = args.dataset
    if args.date_order:
        mapping.date_order = args.date_order
    return mapping
