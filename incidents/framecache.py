"""A columnar copy of every incident's flat fields inside the SQLite file, for ``Store.frame()``.

Reading the 21 flat fields of 100,000 incidents through the SQLite driver takes 0.6–1.3 s on the
benchmark machine, nearly all of it in SQLite and the driver (one Python object per cell). Table
``frame_cache`` keeps the same fields as compressed Arrow IPC chunks in the frame's own order
(date, id): each chunk holds the incidents whose key (date, id) lies in [lo, hi), an end stored as
NULL being open. Read back in key order, the chunks make the frame without a sort.

The copy cannot go stale: triggers on ``incidents`` (migration 0003) delete the chunk covering any
incident that is inserted, updated or deleted, inside the writing transaction, whoever writes (the
store, the command line, the sqlite3 shell). A trigger makes SQLite keep a statement journal for
every row written, which halved the import rate; so the store's bulk writes drop the triggers at
the start of their transaction, drop the chunks covering what they wrote themselves, and create the
triggers again before the transaction ends (:func:`bulk_write`): other connections never see the
triggers missing, and a failed write rolls back to them.

:func:`read` takes the chunks that are there and reads the key ranges between them from
``incidents``, all in one read transaction; then it stores those ranges as new chunks in the same
transaction if it can. If anyone committed in between, or the file is read-only or another writer
holds it, storing is skipped and what was read is returned. The store can be left to a thread
(``defer``): after a bulk write that is ≈0.15 s of 100,000 incidents' ≈1 s first read.

An import commits many batches, each a bulk write; rather than leave the copy to be read again
from the table afterwards, a :class:`Tracker` keeps the frame in memory from what the import's
connection commits and stores it whole at the end, unless another connection committed meanwhile.
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import logging
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

import sqlalchemy as sa

from .schema import frame_cache, incidents

if TYPE_CHECKING:
    import pyarrow as pa

log = logging.getLogger(__name__)

#: Version of the stored chunks; chunks of another format are read again and replaced.
FORMAT = 1
#: Incidents per stored chunk: one edit re-reads at most about this many rows.
CHUNK_ROWS = 4096
_ROWID = sa.literal_column("rowid")
_MAX_GAPS = 64  # more holes than this are read as one, with every incident


def date_text(column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """A DATE column as its 'YYYY-MM-DD' text (SQLite stores that text; PostgreSQL casts it): how
    frames read dates, and so the date of the copy's key (the triggers spell the same SQL)."""
    return sa.func.substr(sa.cast(column, sa.Text), 1, 10).label(column.name)


#: The key chunks are cut on: the date as frames read it, then the id.
KEY = sa.tuple_(date_text(incidents.c.date), incidents.c.id)
Key = tuple[str, str]
_LOW, _HIGH = (0,), (2,)  # below and above every key (1, key)
#: Writes of this many incidents or more go through :func:`bulk_write`.
BULK_ROWS = 256

_KEY_SQL = "(substr(CAST({row}.date AS TEXT), 1, 10), {row}.id)"
_COVERS_SQL = "(lo_date IS NULL OR (lo_date, lo_id) <= {key}) AND (hi_date IS NULL OR {key} < (hi_date, hi_id))"
#: The triggers migration 0003 creates, as ``sqlite_master`` holds them (a test keeps the two equal).
TRIGGERS = {
    name: f"CREATE TRIGGER {name} AFTER {event} ON incidents BEGIN "
          + " ".join(f"DELETE FROM frame_cache WHERE {_COVERS_SQL.format(key=_KEY_SQL.format(row=r))};"
                     for r in rows) + " END"
    for name, event, rows in (("frame_cache_after_insert", "INSERT", ("NEW",)),
                              ("frame_cache_after_update", "UPDATE", ("OLD", "NEW")),
                              ("frame_cache_after_delete", "DELETE", ("OLD",)))
}


class BulkWrite:
    """The chunks a bulk write touches, worked out from the keys it reports (:meth:`wrote`)."""

    def __init__(self, stored: Sequence[tuple[int, Key | None, Key | None]]) -> None:
        self._stored = sorted(stored, key=lambda c: _low(c[1]))
        self._los = [_low(lo) for _, lo, _ in self._stored]
        overlapping = _gaps([(lo, hi) for _, lo, hi in self._stored]) is None
        self.touched: set[int] = {c[0] for c in self._stored} if overlapping else set()

    def wrote(self, keys: Iterable[Key]) -> None:
        """Incidents with these keys (date 'YYYY-MM-DD', id) were inserted, or updated from or to them."""
        for key in keys:
            if len(self.touched) == len(self._stored):
                return  # every chunk goes
            at = bisect.bisect_right(self._los, (1, key)) - 1
            if at >= 0 and (1, key) < _high(self._stored[at][2]):
                self.touched.add(self._stored[at][0])


@contextlib.contextmanager
def bulk_write(conn: sa.Connection) -> Iterator[BulkWrite | None]:
    """Around a bulk write on ``conn``: takes the write lock, drops the copy's triggers, and at the
    end drops the chunks covering the keys the write reports to the yielded :class:`BulkWrite`
    and creates the triggers again. If the write raises, the transaction must roll back (which
    restores the triggers). Yields None (and does nothing) without the copy's triggers."""
    if conn.dialect.name != "sqlite":
        yield None
        return
    if not conn.connection.driver_connection.in_transaction:
        # the driver would begin only at the first INSERT, and DROP TRIGGER before it would be
        # committed at once; IMMEDIATE: nobody can commit between this read of the chunks and the writes
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    existing = set(conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'incidents'").scalars())
    present = [n for n in TRIGGERS if n in existing]
    if not present:
        yield None
        return
    stored = [(rowid, *_bounds(*ends)) for rowid, *ends in conn.execute(sa.select(_ROWID, *_ENDS))]
    for name in present:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    written = BulkWrite(stored)
    yield written
    touched = sorted(written.touched)
    for start in range(0, len(touched), 500):
        conn.execute(frame_cache.delete().where(_ROWID.in_(touched[start:start + 500])))
    for name in present:
        conn.exec_driver_sql(TRIGGERS[name])


class Tracker:
    """Every incident's frame row as one connection's transactions leave it (an import), so that
    the copy can be stored from memory at the end instead of being read again from the table.

    :meth:`start` takes the frame as it is (an empty table, or a copy that covers every key) and the
    connection's ``PRAGMA data_version``; :meth:`add` takes the rows of each committed transaction.
    :meth:`finish` gives the job that stores the copy, which gives up if the version has changed
    (anyone else committed meanwhile) or another writer holds the file.
    """

    def __init__(self, conn: sa.Connection, base: "pa.Table", version: int) -> None:
        self._conn, self._base, self._version = conn, base, version
        self._parts: list["pa.Table"] = []
        self.valid = True

    @classmethod
    def start(cls, conn: sa.Connection, schema: "pa.Schema") -> "Tracker | None":
        """A tracker on ``conn`` (SQLite, outside any transaction); None when the frame is not at
        hand: no ``frame_cache`` table, or incidents that no valid chunk covers."""
        import pyarrow as pa

        conn.exec_driver_sql("BEGIN")
        try:
            empty = conn.execute(sa.select(incidents.c.id).limit(1)).first() is None
            version = int(conn.exec_driver_sql("PRAGMA data_version").scalar_one())  # of this snapshot
            stored = _stored_chunks(conn, schema)
            if stored is None:
                return None
            if empty:
                return cls(conn, schema.empty_table(), version)
            chunks = [(lo, hi, table) for _, lo, hi, table in stored if table is not None]
            if len(chunks) < len(stored) or _gaps([(lo, hi) for lo, hi, _ in chunks]) != []:
                return None
            return cls(conn, pa.concat_tables([t for _, _, t in sorted(chunks, key=lambda c: _low(c[0]))]), version)
        finally:
            conn.rollback()

    def add(self, rows: "Sequence[pa.Table | None]") -> None:
        """The frame rows one committed transaction inserted or updated (a later row of an id wins;
        None: rows that could not be tracked, and the tracker gives up)."""
        if any(r is None for r in rows):
            self.valid = False
        self._parts += [r for r in rows if r is not None]

    def finish(self) -> Callable[[], None] | None:
        """The job that stores the copy (to run on the tracker's connection), or None."""
        if not (self.valid and self._parts):  # nothing written: the stored copy, if any, is as it was
            return None
        return functools.partial(_replace, self._conn, self._base, self._parts, self._version)


def _replace(conn: sa.Connection, base: "pa.Table", parts: "Sequence[pa.Table]", version: int) -> None:
    """Store ``base`` with ``parts`` over it as the whole copy, if nobody but ``conn`` committed
    since ``version``; give up without waiting when another writer holds the file."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if parts:
        written = pa.concat_tables(parts)
        ids = written.column("id")
        if pc.count_distinct(ids).as_py() < written.num_rows:  # an id written twice: its last row
            last = {v: k for k, v in enumerate(ids.to_pylist())}
            written = written.take(np.sort(np.fromiter(last.values(), dtype=np.int64, count=len(last))))
            ids = written.column("id")
        kept = base.filter(pc.invert(pc.is_in(base.column("id"), value_set=ids.combine_chunks())))
        base = pa.concat_tables([kept, written])
    fresh = _fresh(base, [(None, None)])
    with _without_waiting(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        if int(conn.exec_driver_sql("PRAGMA data_version").scalar_one()) != version:
            log.debug("frame cache: another connection wrote; the copy is left to the next read")
            conn.rollback()
            return
        conn.execute(frame_cache.delete())
        _insert(conn, fresh)
        conn.commit()
        log.debug("frame cache: stored %d rows from the writes", base.num_rows)


def read(conn: sa.Connection, schema: "pa.Schema", fetch: Callable[[sa.ColumnElement[bool]], "pa.Table"], *,
         defer: Callable[[Callable[[], None]], None] | None = None) -> "pa.Table | None":
    """Every incident's row of ``schema`` in (date, id) order, from the stored chunks and, for the
    keys no valid chunk covers, from ``fetch(where)``, which must read on ``conn`` (any order).

    ``schema`` must hold ``date`` ('YYYY-MM-DD' text) and ``id``. ``conn`` must be a SQLite
    connection outside any transaction. None when the database has no ``frame_cache`` table (a
    schema older than migration 0003).

    What was read from ``incidents`` is stored before returning, unless ``defer`` is given: then
    ``defer(job)`` is called instead, once, when there is something to store, and ``job()`` must be
    run (on another thread, say) before ``conn`` is used again or closed. It ends the read
    transaction, storing the chunks only if nobody committed since the read began.
    """
    import pyarrow as pa

    job = None
    conn.exec_driver_sql("BEGIN")  # one read snapshot for the chunks and the rows between them
    try:
        stored = _stored_chunks(conn, schema)
        if stored is None:
            conn.rollback()
            return None
        chunks = [(lo, hi, table) for _, lo, hi, table in stored if table is not None]
        stale = [rowid for rowid, _, _, table in stored if table is None]
        gaps = _gaps([(lo, hi) for lo, hi, _ in chunks])
        if gaps is None:
            log.warning("frame cache: overlapping chunks; reading every incident again")
        crowded = len(chunks) > 4 * (sum(t.num_rows for _, _, t in chunks) // CHUNK_ROWS + 1)
        if gaps is None or len(gaps) > _MAX_GAPS or crowded:
            # overlapping ranges (written by hand?), too many holes for one query, or many small
            # chunks (edits split chunks, never merge them): start again
            chunks, stale, gaps = [], [c[0] for c in stored], [(None, None)]
        fresh = _fresh(fetch(sa.or_(*(_within(lo, hi) for lo, hi in gaps))), gaps) if gaps else []
        if not (fresh or stale):
            conn.rollback()
        elif defer is None:
            _store(conn, fresh, stale)
        else:
            job = functools.partial(_store, conn, fresh, stale)
    except BaseException:
        conn.rollback()
        raise
    if job is not None:
        defer(job)  # from here on ``conn`` belongs to the job
    parts = [t for _, _, t in sorted([*chunks, *fresh], key=lambda c: _low(c[0]))]
    return pa.concat_tables(parts) if parts else schema.empty_table()


#: A chunk's ends as stored: the first key it covers and the first it does not (NULL: open).
_ENDS = (frame_cache.c.lo_date, frame_cache.c.lo_id, frame_cache.c.hi_date, frame_cache.c.hi_id)


def _stored_chunks(conn: sa.Connection, schema: "pa.Schema"
                   ) -> list[tuple[int, Key | None, Key | None, "pa.Table | None"]] | None:
    """Every stored chunk as (rowid, lo, hi, table), the table None when it is unreadable or of
    another format or schema; None when the database has no ``frame_cache`` table."""
    try:
        rows = conn.execute(sa.select(_ROWID, *_ENDS, frame_cache.c.format, frame_cache.c.data)).all()
    except sa.exc.OperationalError as e:
        if "no such table" not in str(e.orig):
            raise
        return None
    return [(rowid, *_bounds(lo_date, lo_id, hi_date, hi_id), _decode(fmt, data, schema))
            for rowid, lo_date, lo_id, hi_date, hi_id, fmt, data in rows]


def _bounds(lo_date: str | None, lo_id: str | None, hi_date: str | None, hi_id: str | None
            ) -> tuple[Key | None, Key | None]:
    """A chunk's stored ends as keys (None: open)."""
    return (None if lo_date is None else (lo_date, lo_id)), (None if hi_date is None else (hi_date, hi_id))


def _low(key: Key | None) -> tuple:
    return _LOW if key is None else (1, key)


def _high(key: Key | None) -> tuple:
    return _HIGH if key is None else (1, key)


def _within(lo: Key | None, hi: Key | None) -> sa.ColumnElement[bool]:
    """The incidents whose key lies in [lo, hi) (an end that is None is open)."""
    conds = [] if lo is None else [KEY >= sa.tuple_(*lo)]
    if hi is not None:
        conds.append(KEY < sa.tuple_(*hi))
    return sa.and_(sa.true(), *conds)


def _decode(fmt: int, data: bytes, schema: "pa.Schema") -> "pa.Table | None":
    import pyarrow as pa

    if fmt != FORMAT:
        return None
    try:
        table = pa.ipc.open_stream(data).read_all()
    except (pa.ArrowInvalid, OSError) as e:
        log.warning("frame cache: unreadable chunk (%s); reading its incidents again", e)
        return None
    return table if table.schema.equals(schema) else None


def _encode(table: "pa.Table") -> bytes:
    import pyarrow as pa

    # LZ4: 11 MB per 100,000 incidents, written in 0.04 s and read in 0.02 s (zstd: 7 MB, twice the time)
    codec = pa.Codec("lz4") if pa.Codec.is_available("lz4") else None
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression=codec)) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


def _gaps(ranges: Sequence[tuple[Key | None, Key | None]]) -> list[tuple[Key | None, Key | None]] | None:
    """The key ranges no chunk covers, given the chunks' [lo, hi); None when chunks overlap."""
    gaps: list[tuple[Key | None, Key | None]] = []
    at = _LOW  # every key below ``at`` is covered
    for lo, hi in sorted(ranges, key=lambda r: _low(r[0])):
        start, end = _low(lo), _high(hi)
        if end <= start or start < at:
            return None
        if start > at:
            gaps.append((None if at == _LOW else at[1], lo))
        at = end
    if at != _HIGH:
        gaps.append((None if at == _LOW else at[1], None))
    return gaps


def _fresh(table: "pa.Table", gaps: Sequence[tuple[Key | None, Key | None]]
           ) -> list[tuple[Key | None, Key | None, "pa.Table"]]:
    """The rows read for ``gaps`` (sorted by key here) as chunks of at most CHUNK_ROWS that
    together cover every gap."""
    table = table.sort_by([("date", "ascending"), ("id", "ascending")])
    dates, ids = table.column("date"), table.column("id")
    if len(gaps) == 1:
        ends = [table.num_rows]
    else:
        keys = list(zip(dates.to_pylist(), ids.to_pylist()))
        ends = [len(keys) if hi is None else bisect.bisect_left(keys, hi) for _, hi in gaps]
    out, at = [], 0
    for (lo, hi), end in zip(gaps, ends):
        starts = list(range(at, end, CHUNK_ROWS)) or [at]
        bounds = [lo, *((dates[s].as_py(), ids[s].as_py()) for s in starts[1:]), hi]
        out += [(bounds[k], bounds[k + 1], table.slice(s, min(CHUNK_ROWS, end - s))) for k, s in enumerate(starts)]
        at = end
    return out


def _store(conn: sa.Connection, fresh: list[tuple[Key | None, Key | None, "pa.Table"]], stale: list[int]) -> None:
    """Write the chunks read from ``incidents`` in the read transaction, or give up without waiting."""
    with _without_waiting(conn):  # a reader never waits for a writer
        if stale:
            conn.execute(frame_cache.delete().where(_ROWID.in_(stale)))
        _insert(conn, fresh)
        conn.commit()
        log.debug("frame cache: stored %d chunks (%d rows)", len(fresh), sum(t.num_rows for _, _, t in fresh))


@contextlib.contextmanager
def _without_waiting(conn: sa.Connection) -> Iterator[None]:
    """A write of the copy with SQLite's busy timeout at 0; when SQLite refuses it (changed since
    the snapshot, busy, read-only, full) it is rolled back and skipped, and the timeout restored."""
    wait = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    conn.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        yield
    except sa.exc.OperationalError as e:
        conn.rollback()
        log.debug("frame cache: not stored (%s)", e.orig)
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait or 0)}")


def _insert(conn: sa.Connection, chunks: list[tuple[Key | None, Key | None, "pa.Table"]]) -> None:
    if chunks:
        conn.execute(frame_cache.insert(), [
            {"lo_date": lo and lo[0], "lo_id": lo and lo[1], "hi_date": hi and hi[0], "hi_id": hi and hi[1],
             "format": FORMAT, "rows": t.num_rows, "data": _encode(t)} for lo, hi, t in chunks])
