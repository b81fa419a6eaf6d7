"""``python -m incidents runs``: the import runs (newest first); ``runs rollback ID`` deletes what an
interrupted or failed run inserted; ``runs resume ID [FILE]`` imports its file again to complete it.

A run still marked running whose process is gone is shown as interrupted (see ``store/runs.py``).
"""
from __future__ import annotations

import argparse
import os
import sys

from .cli import UsageError, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("runs", help="list import runs; roll back or resume an interrupted one",
                       description="Every import is recorded as a run. An interrupted or failed run can be "
                                   "rolled back (the records it inserted are deleted) or resumed (its file "
                                   "imported again: the rows already in are found unchanged).")
    p.add_argument("action", nargs="?", choices=("list", "rollback", "resume"), default="list")
    p.add_argument("run", nargs="?", type=int, metavar="ID", help="the run to roll back or resume")
    p.add_argument("file", nargs="?", help="resume: the file (default: the path the run read)")
    p.add_argument("--limit", type=int, default=50, help="list: how many runs (default 50)")
    p.add_argument("--json", action="store_true", help="list: as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .store import Store

    if args.action != "list" and args.run is None:
        raise UsageError(f"runs {args.action} needs the run's ID (see python -m incidents runs)")
    store = Store.open(seed=False)
    if args.action == "rollback":
        n = store.rollback_import_run(args.run)
        print(f"import run {args.run} rolled back: {n:,} record(s) it inserted deleted")
        return 0
    if args.action == "resume":
        return _resume(store, args)
    found = store.import_runs(args.limit)
    if args.json:
        print_json([r.to_dict() for r in found])
        return 0
    if not found:
        print("no import runs")
        return 0
    for r in found:
        when = r.started_at.strftime("%Y-%m-%d %H:%M")
        print(f"{r.id:>5}  {r.status:<11}  {when}  {r.rows_written:>9,} done  {r.rows_errors:>7,} errors  "
              f"{r.format or '-':<6}  {r.file_name}" + (f"  [{r.who}]" if r.who else "")
              + (f"  ({r.message})" if r.message and r.status != "finished" else ""))
    return 0


def _resume(store, args: argparse.Namespace) -> int:  # noqa: ANN001
    from .io.detect import open_layout
    from .io.importer import import_table

    old = store.import_run(args.run)
    if old is None:
        raise UsageError(f"no import run {args.run}")
    path = args.file or old.path
    if not path:
        raise UsageError(f"import run {args.run} read an upload ({old.file_name}): give the file, "
                         f"python -m incidents runs resume {args.run} FILE")
    if not os.path.exists(path):
        raise UsageError(f"{path} is not there any more: give the file, python -m incidents runs resume {args.run} FILE")
    table, layout = open_layout(path, old.format or "auto", registry=store.registry)
    with table:
        summary = import_table(table, layout, store, source=path, resume=args.run)
    print_json(summary.to_dict())
    if not summary.complete:
        print(f"python -m incidents runs: stopped early: {summary.stopped}".splitlines()[0], file=sys.stderr)
        return 1
    return 0
