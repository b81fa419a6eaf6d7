"""``python -m incidents list``: print the stored incidents that match a filter."""
from __future__ import annotations

import argparse
import sys

from .cli import UsageError, add_filter_arguments, filter_from_args, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="print stored incidents (JSON or CSV)",
                       description="Print the stored incidents that match the filters, newest first.")
    add_filter_arguments(p)
    p.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default json)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N incidents")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .store import Store
    from .tabular import to_csv

    flt = filter_from_args(args)
    if args.limit is not None and args.limit < 0:
        raise UsageError("--limit must be ≥ 0")
    items = Store.open().incidents(flt, limit=args.limit)
    if args.format == "csv":
        sys.stdout.write(to_csv(items))
    else:
        print_json([i.to_dict() for i in items])
    return 0
