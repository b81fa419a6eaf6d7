"""Import runs: each import recorded from start to end, so that none is left half-finished unseen.

A run is inserted as ``running`` before the first batch is written (with this process's host and
pid). Each batch the importer writes stamps the records it inserts with the run's id
(``incidents.import_run``) and, in the same transaction, adds its rows to the run's counts and
moves its heartbeat: after a crash the counts are exactly what is stored. The run ends
``finished`` or ``failed`` (an error), or ``interrupted`` (the import was stopped: Ctrl-C, the
page's Stop). A run whose process died without a word (killed, the machine went down) stays
``running``; :func:`mark_interrupted` finds it — on this host, its pid is gone; on any host, its
heartbeat is older than ``STALE_AFTER`` — and marks it ``interrupted``. Every listing of runs does
that first.

An interrupted (or failed) run can be

- **rolled back** (:func:`rollback`): the records it inserted are deleted (with their ledger and
  sources, recorded as deletions so every reader's copy follows, and the events they named
  re-pointed at a remaining record); records it *updated* keep the new values (an import only
  updates a record when the file's values differ; the history of changes keeps the old ones).
  The run becomes ``rolled back``.
- **resumed**: the same file imported again with ``resume=<run id>``. Imports are idempotent
  upserts, so the rows already written are found unchanged and only the rest is written; the new
  run adopts the old run's records (a later rollback of the new run removes both) and the old one
  becomes ``resumed``.
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import socket
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from . import bulk, versions
from .bulk import utcnow
from .schema import import_runs, incidents, link_reviews

RUNNING, FINISHED, FAILED, INTERRUPTED, ROLLED_BACK, RESUMED = (
    "running", "finished", "failed", "interrupted", "rolled back", "resumed")
#: A running run whose heartbeat (moved after every batch) is older than this is interrupted,
#: whichever machine ran it.
STALE_AFTER = dt.timedelta(minutes=30)
#: Statuses a run may be rolled back or resumed from.
UNFINISHED = (INTERRUPTED, FAILED)


@dataclass(frozen=True)
class ImportRun:
    """One row of ``import_runs``."""

    id: int
    file_name: str
    path: str | None
    format: str | None
    dataset: str | None
    status: str
    started_at: dt.datetime
    heartbeat_at: dt.datetime
    finished_at: dt.datetime | None
    host: str | None
    pid: int | None
    rows_read: int
    rows_written: int
    rows_errors: int
    who: str | None
    message: str | None

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for k in ("started_at", "heartbeat_at", "finished_at"):
            d[k] = d[k].isoformat() if d[k] is not None else None
        return d


def _host() -> str:
    return socket.gethostname()[:255]


def start(conn: sa.Connection, file_name: str, *, path: str | None, format: str | None, dataset: str | None,
          who: str | None) -> int:
    """Record a new run as running (in ``conn``'s transaction); its id."""
    now = utcnow()
    res = conn.execute(import_runs.insert().values(
        file_name=file_name[:1000], path=path, format=format, dataset=dataset, status=RUNNING, started_at=now,
        heartbeat_at=now, host=_host(), pid=os.getpid(), who=who))
    return int(res.inserted_primary_key[0])


def progress(conn: sa.Connection, run: int, written: int) -> None:
    """Add ``written`` rows to the run and move its heartbeat (in the batch's own transaction)."""
    conn.execute(import_runs.update().where(import_runs.c.id == run).values(
        rows_written=import_runs.c.rows_written + written, heartbeat_at=utcnow()))


def finish(conn: sa.Connection, run: int, status: str, *, rows_read: int, rows_errors: int,
           message: str | None = None) -> None:
    """End a run with ``status`` (finished, failed or interrupted)."""
    conn.execute(import_runs.update().where(import_runs.c.id == run).values(
        status=status, finished_at=utcnow(), heartbeat_at=utcnow(), rows_read=rows_read, rows_errors=rows_errors,
        message=None if message is None else message[:2000]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError as e:  # EPERM: alive, another user's
        return e.errno == errno.EPERM
    return True


def _aware(t: Any) -> dt.datetime:
    if isinstance(t, str):
        t = dt.datetime.fromisoformat(t)
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.timezone.utc)


def mark_interrupted(conn: sa.Connection, *, now: dt.datetime | None = None) -> list[int]:
    """Mark the running runs whose process is gone as interrupted (see the module docstring); their ids."""
    now = now or utcnow()
    host = _host()
    gone = []
    for rid, h, pid, beat in conn.execute(sa.select(import_runs.c.id, import_runs.c.host, import_runs.c.pid,
                                                    import_runs.c.heartbeat_at)
                                          .where(import_runs.c.status == RUNNING)):
        dead_here = h == host and pid is not None and pid != os.getpid() and not _alive(pid)
        if dead_here or now - _aware(beat) > STALE_AFTER:
            gone.append(rid)
    if gone:
        conn.execute(import_runs.update().where(import_runs.c.id.in_(gone), import_runs.c.status == RUNNING)
                     .values(status=INTERRUPTED, message="the importing process stopped without finishing"))
    return gone


def listing(conn: sa.Connection, limit: int = 100) -> list[ImportRun]:
    """The latest runs, newest first."""
    rows = conn.execute(sa.select(import_runs).order_by(import_runs.c.id.desc()).limit(limit)).mappings()
    return [_run(r) for r in rows]


def get(conn: sa.Connection, run: int) -> ImportRun | None:
    r = conn.execute(sa.select(import_runs).where(import_runs.c.id == run)).mappings().first()
    return _run(r) if r else None


def _run(r: Any) -> ImportRun:
    d = dict(r)
    for k in ("started_at", "heartbeat_at", "finished_at"):
        if d[k] is not None:
            d[k] = _aware(d[k])
    return ImportRun(**d)


def rollback(conn: sa.Connection, run: int) -> int:
    """Delete the records ``run`` inserted (an interrupted or failed run); how many. LookupError for
    no such run, ValueError for a run in another state."""
    found = get(conn, run)
    if found is None:
        raise LookupError(f"no import run {run}")
    if found.status not in UNFINISHED:
        raise ValueError(f"import run {run} is {found.status}: only an interrupted or failed run can be rolled back")
    ids = list(conn.execute(sa.select(incidents.c.id).where(incidents.c.import_run == run)).scalars())
    n = 0
    if ids:
        n = bulk.delete(conn, ids)
        _repoint_events(conn, ids)
        for start_ in range(0, len(ids), 500):
            part = ids[start_:start_ + 500]
            conn.execute(link_reviews.delete().where(sa.or_(link_reviews.c.record_a.in_(part),
                                                            link_reviews.c.record_b.in_(part))))
    conn.execute(import_runs.update().where(import_runs.c.id == run).values(
        status=ROLLED_BACK, finished_at=utcnow(), message=f"rolled back: {n:,} record(s) it inserted deleted"))
    return n


def _repoint_events(conn: sa.Connection, deleted: list[str]) -> None:
    """Records whose event was named after a deleted record: their event is named after one of them."""
    from .linking import _move

    members: dict[str, list[str]] = {}
    for start_ in range(0, len(deleted), 500):
        for rid, ev in conn.execute(sa.select(incidents.c.id, incidents.c.event_id)
                                    .where(incidents.c.event_id.in_(deleted[start_:start_ + 500]))):
            members.setdefault(ev, []).append(rid)
    if members:
        version = versions.take_next(conn)
        _move(conn, {r: min(rs) for rs in members.values() for r in rs}, version)


def adopt(conn: sa.Connection, old: int, new: int) -> None:
    """The run ``new`` resumes ``old``: it takes over the records ``old`` inserted; ``old`` is resumed."""
    found = get(conn, old)
    if found is None:
        raise LookupError(f"no import run {old}")
    if found.status not in UNFINISHED:
        raise ValueError(f"import run {old} is {found.status}: only an interrupted or failed run can be resumed")
    conn.execute(incidents.update().where(incidents.c.import_run == old).values(import_run=new))
    conn.execute(import_runs.update().where(import_runs.c.id == old).values(
        status=RESUMED, message=f"resumed by run {new}"))
