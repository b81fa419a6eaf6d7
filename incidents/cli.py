"""The command line: ``python -m incidents list|link|unlink|review|relink|geocode|extract|import|export|runs|history|restore|edit|users``.

It acts as the local operator (``local:<OS user>``, an admin; see :class:`incidents.store.Store`).

Each subcommand lives in its own module with ``register(subparsers)``. An error is one line on
stderr naming the row or field (exit 2 for bad arguments or values, 1 otherwise); with ``-v`` the
full traceback, with the errors that caused it, is logged to stderr before that line.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from typing import Sequence

from .errors import AtlasError, FilterError, UsageError, ValidationError

log = logging.getLogger("incidents")

#: Modules that add a subcommand (each has ``register(subparsers)``), in help order.
COMMAND_MODULES = ("incidents.cli_list", "incidents.cli_events", "incidents.cli_geocode", "incidents.cli_extract",
                   "incidents.cli_import", "incidents.cli_export", "incidents.cli_runs", "incidents.cli_history",
                   "incidents.cli_users")


__all__ = ["UsageError", "Parser", "build_parser", "add_filter_arguments", "filter_from_args", "print_json",
           "report_error", "main"]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> Parser:
    parser = Parser(prog="python -m incidents",
                    description="Incident Atlas: militant attacks in Balochistan and Khyber Pakhtunkhwa.")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log progress to stderr, and an error's full traceback")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The shared filter flags: --group, --status, --province, --district, --type, --since, --until,
    --category, --dataset, --precision. Without --category: attacks and records of unknown category
    (the default view, as the dashboard's)."""
    p.add_argument("--group", action="append", default=[], metavar="CODE",
                   help="group code or alias; matches its branches too (repeatable)")
    p.add_argument("--status", action="append", default=[], metavar="S",
                   help="claimed, suspected, blamed or denied (repeatable)")
    p.add_argument("--province", action="append", default=[], metavar="CODE", help="e.g. PK-KP (repeatable)")
    p.add_argument("--district", action="append", default=[], metavar="NAME", help="district (repeatable)")
    p.add_argument("--type", action="append", default=[], dest="attack_type", metavar="TYPE",
                   help="attack type, e.g. IED (repeatable)")
    p.add_argument("--category", action="append", default=None, metavar="C",
                   help="attack, operation, clash, other, unknown or all (repeatable; default: attack and "
                        "unknown, i.e. militant attacks and records of unknown category)")
    p.add_argument("--dataset", action="append", default=[], metavar="NAME",
                   help="ACLED, GTD, UCDP, ... or none (news reports and entries) (repeatable)")
    p.add_argument("--precision", action="append", default=[], metavar="P",
                   help="date precision: day, month or year (repeatable)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="on or after this date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="on or before this date")


def filter_from_args(args: argparse.Namespace):  # noqa: ANN201
    """The IncidentFilter the shared flags describe (FilterError on a bad value)."""
    from .filters import IncidentFilter

    return IncidentFilter.build(groups=args.group, statuses=args.status, provinces=args.province,
                                districts=args.district, attack_types=args.attack_type,
                                date_from=args.since, date_to=args.until, categories=_split(args.category),
                                datasets=_split(args.dataset), precisions=_split(args.precision))


def _split(values: list[str] | None) -> list[str] | None:
    """Repeated flags, each possibly comma-separated ("--category attack,operation"); None stays None."""
    if values is None:
        return None
    return [p.strip() for v in values for p in v.split(",") if p.strip()]


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def report_error(line: str, error: BaseException) -> None:
    """Tell the user about ``error``: its first line on stderr, after (only with ``-v``) its traceback.

    The traceback, with every chained cause, is logged at INFO, the level ``-v`` turns on.
    """
    log.info("the error below, with its causes:", exc_info=error)
    print((line.splitlines() or [""])[0], file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except UsageError as e:  # before logging is set up; argparse's own frames are no help anyway
        print(str(e).splitlines()[0], file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    prefix = f"{parser.prog} {args.command}: "
    try:
        return int(args.func(args) or 0)
    except (FilterError, ValidationError, UsageError) as e:
        report_error(f"{prefix}{e}", e)
        return 2
    except AtlasError as e:
        report_error(f"{prefix}{e}", e)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # last resort: one line, the traceback only with --verbose
        report_error(f"{prefix}unexpected error: {type(e).__name__}: {e}", e)
        return 1
