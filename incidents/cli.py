"""The command line: ``python -m incidents list|geocode|extract|import|export``.

Each subcommand lives in its own module with ``register(subparsers)``; bad arguments exit 2 with a
one-line reason, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from typing import Sequence

from .errors import AtlasError, FilterError, ValidationError

log = logging.getLogger("incidents")

#: Modules that add a subcommand (each has ``register(subparsers)``), in help order.
COMMAND_MODULES = ("incidents.cli_list", "incidents.cli_geocode", "incidents.cli_extract",
                   "incidents.cli_import", "incidents.cli_export")


class UsageError(Exception):
    """Bad command-line arguments (exit status 2)."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> Parser:
    parser = Parser(prog="python -m incidents",
                    description="Incident Atlas: militant attacks in Balochistan and Khyber Pakhtunkhwa.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The shared filter flags: --group, --status, --province, --district, --type, --since, --until."""
    p.add_argument("--group", action="append", default=[], metavar="CODE",
                   help="group code or alias; matches its branches too (repeatable)")
    p.add_argument("--status", action="append", default=[], metavar="S",
                   help="claimed, suspected, blamed or denied (repeatable)")
    p.add_argument("--province", action="append", default=[], metavar="CODE", help="e.g. PK-KP (repeatable)")
    p.add_argument("--district", action="append", default=[], metavar="NAME", help="district (repeatable)")
    p.add_argument("--type", action="append", default=[], dest="attack_type", metavar="TYPE",
                   help="attack type, e.g. IED (repeatable)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="on or after this date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="on or before this date")


def filter_from_args(args: argparse.Namespace):  # noqa: ANN201
    """The IncidentFilter the shared flags describe (FilterError on a bad value)."""
    from .filters import IncidentFilter

    return IncidentFilter.build(groups=args.group, statuses=args.status, provinces=args.province,
                                districts=args.district, attack_types=args.attack_type,
                                date_from=args.since, date_to=args.until)


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except UsageError as e:
        print(str(e).splitlines()[0], file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.func(args) or 0)
    except (FilterError, ValidationError, UsageError) as e:
        print(f"{parser.prog} {args.command}: {e}".splitlines()[0], file=sys.stderr)
        return 2
    except AtlasError as e:
        print(f"{parser.prog} {args.command}: {e}".splitlines()[0], file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # last resort: one line, the traceback only with --verbose
        log.debug("unexpected error", exc_info=True)
        print(f"{parser.prog} {args.command}: unexpected error: {type(e).__name__}: {e}".splitlines()[0],
              file=sys.stderr)
        return 1
