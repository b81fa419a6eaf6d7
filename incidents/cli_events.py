"""``python -m incidents link|unlink|review|relate|relink``: an analyst's decisions on which records are one event."""
from __future__ import annotations

import argparse
import os

from .cli import print_json


def _analyst() -> str | None:
    return os.environ.get("ATLAS_USER") or os.environ.get("USER") or None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("link", help="put records in one event (remembered across re-imports)",
                       description="Put these records in one event. The decision is remembered: re-imports "
                                   "and re-linking keep it.")
    p.add_argument("records", nargs="+", metavar="RECORD_ID")
    p.set_defaults(func=run_link)
    p = sub.add_parser("unlink", help="take a record out of its event (remembered)",
                       description="Take a record out of its event into an event of its own; the linker never "
                                   "puts it back with those records.")
    p.add_argument("record", metavar="RECORD_ID")
    p.set_defaults(func=run_unlink)
    p = sub.add_parser("review", help="list, confirm or reject uncertain links",
                       description="List the pairs of records the linker was unsure of (JSON), or answer one.")
    p.add_argument("--confirm", nargs=2, metavar="RECORD_ID", help="the two records are one event")
    p.add_argument("--reject", nargs=2, metavar="RECORD_ID", help="the two records are different attacks")
    p.set_defaults(func=run_review)
    p = sub.add_parser("relate", help="keep a toll given for several attacks together on them",
                       description="Keep a toll one source gives for several attacks together (\"over 50 killed in "
                                   "the two blasts\") on those records; it is never split among them.")
    p.add_argument("records", nargs="+", metavar="RECORD_ID")
    p.add_argument("--id", required=True, help="a name for the group, e.g. 2023-09-29-mastung-hangu")
    p.add_argument("--killed", metavar="WORDING", help='the killed figure as worded, e.g. "over 50"')
    p.add_argument("--injured", metavar="WORDING", help="the injured figure as worded")
    p.add_argument("--source", metavar="URL", help="where the figure comes from")
    p.add_argument("--note", help="anything an analyst should know about the figure")
    p.set_defaults(func=run_relate)
    p = sub.add_parser("relink", help="link every stored record again (decisions kept)",
                       description="Link every stored record from scratch; an analyst's links and unlinks are kept.")
    p.set_defaults(func=run_relink)


def run_link(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .store import Store

    if len(set(args.records)) < 2:
        raise UsageError("link needs two different records or more")
    event = Store.open().link(args.records, by=_analyst())
    print_json({"event": event, "records": list(dict.fromkeys(args.records))})
    return 0


def run_unlink(args: argparse.Namespace) -> int:
    from .store import Store

    left = Store.open().unlink(args.record, by=_analyst())
    print_json({"record": args.record, "event": args.record, "left": left})
    return 0


def run_review(args: argparse.Namespace) -> int:
    from .errors import UsageError
    from .events.event import event_summary
    from .store import Store

    store = Store.open()
    if args.confirm and args.reject:
        raise UsageError("give --confirm or --reject, not both")
    if args.confirm:
        print_json({"event": store.link(args.confirm, by=_analyst()), "records": args.confirm})
        return 0
    if args.reject:
        store.reject_link(*args.reject, by=_analyst())
        print_json({"rejected": args.reject})
        return 0
    out = []
    for r in store.review_queue():
        records = [store.get(r.record_a), store.get(r.record_b)]
        out.append({"records": [r.record_a, r.record_b], "score": r.score,
                    "compared": [event_summary(i.id, [i])["records"][0] for i in records if i is not None]})
    print_json(out)
    return 0


def run_relink(args: argparse.Namespace) -> int:
    from .store import Store

    print_json({"records_moved": Store.open().relink()})
    return 0


def run_relate(args: argparse.Namespace) -> int:
    from .casualties import parse_count
    from .events.related import RelatedToll
    from .store import Store

    toll = RelatedToll(args.id, tuple(dict.fromkeys(args.records)), parse_count(args.killed), parse_count(args.injured),
                       args.source, args.note)
    Store.open().relate(toll)
    print_json(toll.to_dict())
    return 0
