"""``python -m incidents extract FILE|-``: read incidents from a news report, print them as JSON, optionally save.

With ``--save`` each incident is stored with the report as its source; an incident that matches a stored
one (same district, date ±1 day, same attack type) adds the report as another source instead.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .cli import UsageError, print_json
from .errors import ValidationError

log = logging.getLogger(__name__)

#: Flag set on incidents saved straight from the command line, without a human review.
UNREVIEWED_FLAG = "extracted from a report, not reviewed"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract incidents from a news report (text or HTML)",
                       description="Read a news report (plain text or an HTML page; '-' reads stdin) and print "
                                   "the incidents it describes as a JSON array, each with the sentences behind "
                                   "its fields under 'evidence'.")
    p.add_argument("file", metavar="FILE|-", help="report file (.txt or .html), or - for standard input")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (default: read from the text)")
    p.add_argument("--url", metavar="URL", help="address of the report (stored as the source)")
    p.add_argument("--outlet", metavar="NAME", help="outlet name (default: read from the text when stated)")
    p.add_argument("--title", metavar="TEXT", help="headline (default: read from the text when present)")
    p.add_argument("--save", action="store_true",
                   help="store the incidents with the report as their source (matches gain a source instead)")
    p.set_defaults(func=run)


def _read(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        f = Path(path)
        if not f.is_file():
            raise UsageError(f"no such file: {path}")
        try:
            data = f.read_bytes()
        except OSError as e:
            raise UsageError(f"cannot read {path}: {e.strerror}") from e
    return data.decode("utf-8", errors="replace")


def run(args: argparse.Namespace) -> int:
    from .extract import extract_incidents
    from .models import parse_date

    published = parse_date(args.published, "--published") if args.published else None
    if args.url is not None and not args.url.lower().startswith(("http://", "https://")):
        raise UsageError("--url must be an http(s) address")
    text = _read(args.file)
    geocoder = None
    store = None
    if args.save:
        from .geocoding import configured_geocoder
        from .store import Store

        store = Store.open()
        geocoder = configured_geocoder(store=store)
    result = extract_incidents(text, published=published, url=args.url, outlet=args.outlet, title=args.title,
                               geocoder=geocoder)
    if not result.incidents:
        print(f"no incidents found: {result.reason}", file=sys.stderr)
        print_json([])
        return 0
    for w in result.warnings:
        log.warning("%s", w)
    if store is not None:
        from .models import validate

        for n, ext in enumerate(result.incidents):  # all or nothing: check every incident before writing
            try:
                validate(ext.incident, store.registry)
            except ValidationError as e:
                raise ValidationError(f"incident {n + 1} ({ext.incident.location}).{e.field}", e.message) from e
    out = []
    several = len(result.incidents) > 1
    for ext in result.incidents:
        d = ext.to_dict()
        if store is not None:
            d.update(_save(store, ext, several))
        out.append(d)
    if store is not None and result.combined:
        from .reports import relate_combined

        for toll in relate_combined(store, result, [d.get("id") for d in out]):
            said = ", ".join(f"{w} {getattr(toll, w).text}" for w in ("killed", "injured") if getattr(toll, w).text)
            print(f"kept {said} on {len(toll.records)} incidents together ({toll.id})", file=sys.stderr)
    for c in result.combined:  # a toll said of several incidents together: shown on each of them
        for k in c.incidents:
            out[k].setdefault("combined", []).append(c.to_dict())
    print_json(out)
    return 0


def _save(store, ext, several: bool) -> dict:  # noqa: ANN001
    """Save one extracted incident as a record of its own (the write links it into the event of the
    same attack, if other sources tell of it), unless the report's record of it is stored already
    (``reports.already_stored``; ``several``: the report tells of several incidents); say which."""
    from .reports import already_stored

    inc = ext.incident
    cited = already_stored(store, inc, several=several)
    if cited:
        print(f"{inc.location} {inc.date.isoformat()}: this report is stored already, as {cited[0].id}",
              file=sys.stderr)
        return {"id": cited[0].id, "saved": "already stored", "event": store.event_of([cited[0].id])[cited[0].id]}
    flags = list(inc.flags)
    if UNREVIEWED_FLAG not in flags:
        flags.append(UNREVIEWED_FLAG)
    summary = store.save(inc.copy(flags=flags))
    rid = summary.ids[0]
    event = store.event_of([rid])[rid]
    others = [r.id for r in store.event_records(event) if r.id != rid]
    note = f"; matches stored incident {event}: one attack, {len(others) + 1} records" if others else ""
    print(f"{inc.location} {inc.date.isoformat()}: saved as {rid}{note}", file=sys.stderr)
    return {"id": rid, "saved": summary.outcomes[0], "event": event}