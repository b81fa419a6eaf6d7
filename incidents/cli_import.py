"""``python -m incidents import FILE``: bring an ACLED, GTD or UCDP GED export (or our own CSV/GeoJSON) in.

Prints a JSON summary (format, rows, imported, updated, unchanged, skipped, errors). Exit 0 when
the file could be read, even with row errors; exit 1 with a one-line reason when it cannot be read
at all (nothing is written then).
"""
from __future__ import annotations

import argparse
import logging
import sys

from .cli import UsageError, print_json

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    from .io.detect import FORMATS

    p = sub.add_parser("import", help="import ACLED, GTD, UCDP GED or Incident Atlas CSV/GeoJSON files",
                       description="Import a dataset export. The layout is detected from the header "
                                   "unless --format names it. Re-importing a file changes nothing; a "
                                   "revised file updates the changed incidents.")
    p.add_argument("file", help="CSV/TSV (UTF-8 or Latin-1; comma, semicolon or tab), XLSX or GeoJSON")
    p.add_argument("--format", choices=FORMATS, default="auto", help="file layout (default: detect)")
    p.add_argument("--batch-size", type=int, default=None, metavar="N", help="rows per transaction")
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
    # Read the header before touching the database: an unreadable file writes nothing.
    table, layout = open_layout(args.file, args.format)
    with table:
        store = Store.open()
        layout.registry = store.registry
        summary = import_table(table, layout, store, batch_size=batch, source=args.file, resume=args.resume)
    print_json(summary.to_dict())
    if not summary.complete:
        print(f"python -m incidents import: stopped early: {summary.stopped}".splitlines()[0], file=sys.stderr)
        return 1
    return 0
