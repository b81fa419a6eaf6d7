"""One history for every write: who changed which record or event, when, from what to what.

Every write transaction passes ``Store._begin``, which names its writer (:class:`Writer`: who,
what kind of write, its context such as an import's file) on the connection. The writes themselves
(``bulk.write``, ``bulk.delete``, the linker's moves, related tolls, analyst edits) call
:func:`record` with what they changed, in the same transaction and stamped with the same store
version, so a change and its history are committed together or not at all.

An entry's ``changes`` is ``{field: [old, new]}`` (dates as ISO text, the ledger and sources as
lists): NULL for a record created (its values are the record's at that version), every old value
for one deleted. A record's state at an earlier version is its state now with the changes of every
later entry undone (:func:`state_at`), which is what a restore writes back.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

import sqlalchemy as sa

from .frames import as_date
from .schema import history

#: Where ``Store._begin`` keeps the transaction's writer on the connection (``Connection.info``).
_KEY = "atlas.history.writer"

#: Actions of history entries.
ACTIONS = ("import", "save", "edit", "delete", "link", "unlink", "reject", "relate", "restore", "migrate", "account")
#: The columns an entry's ``changes`` may name for a record, besides ``attributions`` and ``sources``.
LEDGER, SOURCES = "attributions", "sources"


def local_user() -> str:
    """Who writes when nobody signed in: ``local:<OS user>``."""
    try:
        name = getpass.getuser()
    except Exception:  # no user name in the environment (a container): still a name
        name = "unknown"
    return f"local:{name}"


@dataclass(frozen=True)
class Writer:
    """Who writes in a transaction, what kind of write it is, and its context (JSON-ready)."""

    who: str
    action: str = "save"
    context: dict[str, Any] | None = None


@dataclass
class Entry:
    """One history entry as read back."""

    id: int
    version: int
    at: dt.datetime
    who: str
    action: str
    record_id: str | None
    event_id: str | None
    changes: dict[str, list[Any]] | None
    context: dict[str, Any] | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "at": self.at.isoformat(), "who": self.who,
                "action": self.action, "record_id": self.record_id, "event_id": self.event_id,
                "changes": self.changes, "context": self.context}


@contextlib.contextmanager
def writing(conn: sa.Connection, writer: Writer) -> Iterator[None]:
    """Name ``writer`` as the writer of the transaction open on ``conn`` until the block ends."""
    before = conn.info.get(_KEY)
    conn.info[_KEY] = writer
    try:
        yield
    finally:
        if before is None:
            conn.info.pop(_KEY, None)
        else:
            conn.info[_KEY] = before


def writer(conn: sa.Connection) -> Writer:
    """The writer of the transaction open on ``conn`` (a local user saving, when none was named)."""
    return conn.info.get(_KEY) or Writer(local_user())


def jsonable(value: Any) -> Any:
    """A stored value as JSON holds it: dates as ISO text, tuples as lists."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def dumps(value: Any) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False, sort_keys=True)


def record(conn: sa.Connection, version: int, entries: Sequence[tuple[str | None, str | None, Any]], *,
           action: str | None = None, context: dict[str, Any] | None = None) -> None:
    """Write history entries (record id, event id, changes) for the write of ``version``, by the
    transaction's writer; ``action`` and ``context`` replace or extend the writer's."""
    if not entries:
        return
    from .bulk import _io, utcnow  # bulk imports this module

    w = writer(conn)
    ctx = {**(w.context or {}), **(context or {})} or None
    ctx_text = dumps(ctx) if ctx else None
    rid, eid, changes = zip(*entries)
    texts = [None if c is None else (c if isinstance(c, str) else dumps(c)) for c in changes]
    # what every entry of the write shares goes in as constants: converted once, not once per row
    _io(conn).insert_columns(conn, history, ("record_id", "event_id", "changes"), [rid, eid, texts],
                             {"version": version, "at": utcnow(), "who": w.who, "action": action or w.action,
                              "context": ctx_text})


def entries(conn: sa.Connection, record_ids: Sequence[str] = (), event_ids: Sequence[str] = (),
            since: int | None = None) -> list[Entry]:
    """The entries of these records or events (newest last), after version ``since`` when given."""
    conds = []
    if record_ids:
        conds.append(history.c.record_id.in_(list(record_ids)))
    if event_ids:
        conds.append(history.c.event_id.in_(list(event_ids)))
    if not conds:
        return []
    q = sa.select(history).where(sa.or_(*conds))
    if since is not None:
        q = q.where(history.c.version > since)
    return [_entry(r) for r in conn.execute(q.order_by(history.c.version, history.c.id)).mappings()]


def _entry(r: Any) -> Entry:
    at = r["at"]
    if isinstance(at, str):
        at = dt.datetime.fromisoformat(at)
    if at.tzinfo is None:  # SQLite keeps no zone: written as UTC
        at = at.replace(tzinfo=dt.timezone.utc)
    return Entry(int(r["id"]), int(r["version"]), at, r["who"], r["action"], r["record_id"], r["event_id"],
                 json.loads(r["changes"]) if r["changes"] else None, json.loads(r["context"]) if r["context"] else None)


def run_entries(conn: sa.Connection, versions: Sequence[int]) -> list[Entry]:
    """The run-level entries (no record, no event: an import's batch) of these versions."""
    if not versions:
        return []
    q = (sa.select(history.c.id).where(history.c.version.in_(list(versions)), history.c.record_id.is_(None),
                                       history.c.event_id.is_(None)))
    ids = [i for i, in conn.execute(q)]
    if not ids:
        return []
    return [_entry(r) for r in conn.execute(sa.select(history).where(history.c.id.in_(ids))
                                            .order_by(history.c.id)).mappings()]


def state_at(current: dict[str, Any] | None, later: Sequence[Entry]) -> dict[str, Any] | None:
    """A record's fields (``ROW_FIELDS`` names, ``attributions``, ``sources``; None: not stored) as
    they were before the entries ``later`` (its entries after some version, oldest first), from its
    fields now (``current``)."""
    state = None if current is None else dict(current)
    for e in reversed(later):
        if e.record_id is None:
            continue
        if e.action == "delete":
            state = {k: old for k, (old, _new) in (e.changes or {}).items()}
        elif e.changes is None:  # created by this write: it was not there before
            state = None
        elif state is not None:
            for name, (old, _new) in e.changes.items():
                if name in state:
                    state[name] = old
    if state is not None and isinstance(state.get("date"), str):
        state["date"] = as_date(state["date"])
    return state


def describe(e: Entry) -> str:
    """One entry as a line an analyst reads: when, who, what, each field from old to new."""
    head = f"v{e.version} {e.at.strftime('%Y-%m-%d %H:%M')} UTC · {e.who} · {e.action}"
    what = e.record_id or e.event_id or "(run)"
    if e.changes is None:
        body = "created" if e.record_id else ""
    elif e.action == "delete":
        body = "deleted"
    else:
        body = "; ".join(_change(name, old, new) for name, (old, new) in e.changes.items())
    ctx = e.context or {}
    extra = ", ".join(f"{k} {v}" for k, v in ctx.items() if v not in (None, "", [], {}))
    return f"{head} · {what}" + (f" · {body}" if body else "") + (f" ({extra})" if extra else "")


def _change(name: str, old: Any, new: Any) -> str:
    """One field's change in words; for the ledger and sources, the items added and removed."""
    if name in (LEDGER, SOURCES) and isinstance(old, list) and isinstance(new, list):
        added = [x for x in new if x not in old]
        gone = [x for x in old if x not in new]
        words = [f"+ {_short([v for v in x if v is not None])}" for x in added]
        words += [f"− {_short([v for v in x if v is not None])}" for x in gone]
        return f"{name}: {', '.join(words) or 'reordered'}"
    return f"{name}: {_short(old)} → {_short(new)}"


def _short(value: Any, limit: int = 80) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"
