"""The write every incident goes through: a set-based upsert of validated incidents (``Prepared``).

Incidents are matched by id, else by dataset + dataset event id; new ones are inserted, changed ones
updated (their ledger and sources rewritten), the rest left alone, in rounds of lookups and bulk
writes inside the caller's transaction. Each write takes the next store version (``versions.py``)
and stamps what it writes with it.

What a write does is decided here, once for every database; it reads and writes only through the
primitives of :class:`SqlIO` (plain SQL through the driver: IN-lists, ``executemany``), which
:class:`.pg_bulk.PgIO` replaces on PostgreSQL by array lookups, COPY and one set-based UPDATE
(its docstring explains that design).
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Sequence

import sqlalchemy as sa

from ..errors import ValidationError
from ..models import new_id
from ..prepared import ROW_FIELDS, Prepared
from ..quality import province_flags
from . import edits, history, versions
from .frames import as_date
from .schema import attributions, incidents, sources

_INCIDENT_COLUMNS = list(ROW_FIELDS)  # the incidents table's columns but the timestamps and version
_ATTRIBUTION_COLUMNS = ("incident_id", "position", "group_code", "status", "by")
_SOURCE_COLUMNS = ("incident_id", "position", "outlet", "title", "url", "published")
#: Incidents per round of lookups and bulk INSERTs inside one write (one transaction either way).
_CHUNK = 5000
_ID_AT = _INCIDENT_COLUMNS.index("id")
_DATE_AT = _INCIDENT_COLUMNS.index("date")


@dataclass
class SaveSummary:
    """What a write did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)  # per incident: inserted|updated|unchanged
    version: int = 0  # the store version the write took
    datasets: set[str | None] = field(default_factory=set)  # of the incidents inserted or updated


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def write(conn: sa.Connection, batch: Prepared, *, version: int | None = None, run: int | None = None) -> SaveSummary:
    """Upsert ``batch`` in the transaction open on ``conn``, as the next store version (or as
    ``version``, already taken by this transaction). Each record's analyst edits are laid over it
    (``edits.py``) and each record inserted or changed gets a history entry (``history.py``); an
    import's write that changed anything gets one more, for the run (its file and counts). ``run``:
    the import run writing it (the records inserted are stamped with it, see ``runs.py``)."""
    version = versions.take_next(conn) if version is None else version
    summary = SaveSummary(version=version)
    for start in range(0, len(batch), _CHUNK):
        _write_chunk(conn, batch.part(start, start + _CHUNK), summary, version, run)
    if (summary.inserted or summary.updated) and history.writer(conn).action == "import":
        history.record(conn, version, [(None, None, None)], context={
            "inserted": summary.inserted, "updated": summary.updated, "unchanged": summary.unchanged})
    return summary


def delete(conn: sa.Connection, ids: Sequence[str]) -> int:
    """Delete incidents (with their ledger and sources) in the transaction open on ``conn``, as the
    next store version; how many there were. Their history entries keep every old value."""
    version = versions.take_next(conn)
    io = _io(conn)
    gone = [i for i, in io.select_in(conn, incidents, ("id",), "id", list(ids))]
    before = _stored_state(conn, io, gone)
    io.delete_in(conn, incidents, "id", gone)
    versions.record_deletions(conn, version, gone)
    history.record(conn, version, [(iid, None, _diff(before[iid], None)) for iid in gone if iid in before],
                   action="delete")
    return len(gone)


def _named(state: tuple[tuple[Any, ...], Any, Any]) -> dict[str, Any]:
    """A stored state (row, ledger, sources) as ``{field: value}`` (flags as a list)."""
    row, led, src = state
    out = dict(zip(_INCIDENT_COLUMNS, row))
    out["flags"] = json.loads(out["flags"]) if isinstance(out["flags"], str) else list(out["flags"] or [])
    out[history.LEDGER] = [list(a) for a in led]
    out[history.SOURCES] = [list(s) for s in src]
    return out


def _diff(old: tuple[tuple[Any, ...], Any, Any] | None, new: tuple[tuple[Any, ...], Any, Any] | None
          ) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields that differ (every field of a state against None)."""
    a = _named(old) if old is not None else {}
    b = _named(new) if new is not None else {}
    return {k: [history.jsonable(a.get(k)), history.jsonable(b.get(k))] for k in (a or b)
            if k != "id" and a.get(k) != b.get(k) and not (old is None and b.get(k) in (None, []))
            and not (new is None and a.get(k) in (None, []))}


class SqlIO:
    """The reads and writes of a bulk write, in plain SQL through the driver (SQLite, and any
    database without a faster way); :class:`.pg_bulk.PgIO` overrides them on PostgreSQL."""

    def select_in(self, conn: sa.Connection, table: sa.Table, columns: Sequence[str], column: str,
                  values: Sequence[Any], equal: tuple[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows (``columns``, raw driver values) whose ``column`` is in ``values`` (and ``equal[0] = equal[1]``)."""
        return _select_in(conn, table, columns, column, values, equal)

    def delete_in(self, conn: sa.Connection, table: sa.Table, column: str, values: Sequence[Any]) -> None:
        """Delete the rows whose ``column`` is in ``values``."""
        for start in range(0, len(values), 500):
            conn.execute(table.delete().where(table.c[column].in_(values[start:start + 500])))

    def insert_columns(self, conn: sa.Connection, table: sa.Table, columns: Sequence[str],
                       cols: list[Sequence[Any]], constants: dict[str, Any] | None = None) -> None:
        """Insert rows given column by column (``cols[i]`` holds ``columns[i]``), plus ``constants``."""
        if cols:
            _insert_columns(conn, table, columns, cols, constants)

    def update_rows(self, conn: sa.Connection, rows: list[tuple[Any, ...]], constants: dict[str, Any]) -> None:
        """Update stored incidents from rows in ``ROW_FIELDS`` order (matched by id), setting
        ``constants`` (updated_at, version) too."""
        if rows:
            conn.execute(incidents.update().where(incidents.c.id == sa.bindparam("_id"))
                         .values({n: sa.bindparam(n) for n in [*_INCIDENT_COLUMNS, *constants] if n != "id"}),
                         [{**dict(zip(_INCIDENT_COLUMNS, r)), "_id": r[_ID_AT], **constants} for r in rows])


_SQL_IO = SqlIO()


def _io(conn: sa.Connection) -> SqlIO:
    """The primitives for ``conn``'s database."""
    from . import pg_bulk  # imports this module

    return pg_bulk.PG_IO if pg_bulk.supports(conn) else _SQL_IO


def _write_chunk(conn: sa.Connection, chunk: Prepared, summary: SaveSummary, version: int,
                 run: int | None = None) -> None:
    io = _io(conn)
    rows, ledgers, srcs = list(chunk.rows), chunk.ledgers, chunk.sources
    by_key: dict[tuple[str, str], str] = {}
    per_dataset: dict[str, list[str]] = {}
    ID, DS, EV = _ID_AT, _DATASET_AT, _EVENT_AT
    for r in rows:
        if r[DS]:
            per_dataset.setdefault(r[DS], []).append(r[EV])
    # one lookup by dataset + event id returns the stored rows themselves (not only their ids): the
    # records found so need no second lookup by id
    found_rows: list[tuple[Any, ...]] = []
    for ds, evs in per_dataset.items():
        found = io.select_in(conn, incidents, _INCIDENT_COLUMNS, "dataset_event_id", evs, ("dataset", ds))
        by_key.update({(ds, r[EV]): r[ID] for r in found})
        found_rows += found
    keep: dict[str, int] = {}  # id -> position of its last occurrence (the later one wins)
    fresh: set[str] = set()  # ids made here for records that are neither given an id nor found: not stored
    for k, r in enumerate(rows):
        iid = by_key.get((r[DS], r[EV])) if by_key and r[DS] else None
        if iid and r[ID] and r[ID] != iid:
            raise ValidationError("id", f"{r[DS]} event {r[EV]} is stored as {iid}, not {r[ID]}")
        if not iid and not r[ID]:
            iid = new_id()
            fresh.add(iid)
        iid = iid or r[ID]
        if r[ID] != iid:
            rows[k] = (*r[:ID], iid, *r[ID + 1:])
        keep[iid] = k
    if len(keep) < len(rows):
        at = sorted(keep.values())
        rows, ledgers, srcs = [rows[k] for k in at], [ledgers[k] for k in at], [srcs[k] for k in at]
    else:
        ledgers, srcs = list(ledgers), list(srcs)
    news = edits.overlay(conn, rows, ledgers, srcs)  # the analyst's corrections, sources and claims
    cols = list(zip(*rows))
    cols[_FLAGS_AT] = list(map(_flags_text, province_flags(cols[_LAT_AT], cols[_LON_AT], cols[_CODE_AT],
                                                             cols[_FLAGS_AT])))
    cols[_OPPONENTS_AT] = list(map(_flags_text, cols[_OPPONENTS_AT]))  # a JSON array of group codes, as flags
    ids = cols[ID]
    known = {r[ID] for r in found_rows}
    existing = _stored_state(conn, io, [i for i in ids if i not in known and i not in fresh], found_rows)
    now = utcnow()
    outcomes = summary.outcomes
    summary.ids += ids
    summary.datasets.update(cols[DS])
    if not existing:  # none stored yet (a first import): every one is new
        outcomes += ["inserted"] * len(ids)
        summary.inserted += len(ids)
        new_cols, upd, w_ids, w_led, w_src = cols, [], ids, ledgers, srcs
        entries: list[tuple[str | None, str | None, Any]] = list(zip(ids, itertools.repeat(None),
                                                                     itertools.repeat(None)))
    else:
        entries = []
        rows = list(zip(*cols))
        new_rows, upd, w_ids, w_led, w_src = [], [], [], [], []  # w_: written (their children are rewritten)
        for row, led, src in zip(rows, ledgers, srcs):
            iid = row[ID]
            old = existing.get(iid)
            if old is None:
                new_rows.append(row)
                outcomes.append("inserted")
                entries.append((iid, None, None))
            elif old == (row, led, src):
                outcomes.append("unchanged")
                if iid in news:  # a corrected field's source changed: kept on the correction, and here
                    entries.append((iid, None, news[iid]))
                continue
            else:
                upd.append(row)
                outcomes.append("updated")
                entries.append((iid, None, {**_diff(old, (row, led, src)), **news.get(iid, {})}))
            w_ids.append(iid)
            w_led.append(led)
            w_src.append(src)
        new_cols = list(zip(*new_rows))
        summary.inserted += len(new_rows)
        summary.updated += len(upd)
        summary.unchanged += len(rows) - len(new_rows) - len(upd)
    att_rows = [(iid, n, *a) for iid, led in zip(w_ids, w_led) for n, a in enumerate(led)]
    src_rows = [(iid, n, *s) for iid, src in zip(w_ids, w_src) for n, s in enumerate(src)]
    if upd:
        child_ids = [r[ID] for r in upd]
        io.delete_in(conn, attributions, "incident_id", child_ids)
        io.delete_in(conn, sources, "incident_id", child_ids)
    if new_cols:  # a new record is an event of its own until the linker says otherwise (event_id = id)
        io.insert_columns(conn, incidents, [*_INCIDENT_COLUMNS, "event_id"], [*new_cols, new_cols[ID]],
                          {"created_at": now, "updated_at": now, "version": version,
                           **({"import_run": run} if run is not None else {})})
    io.update_rows(conn, upd, {"updated_at": now, "version": version})
    if att_rows:
        io.insert_columns(conn, attributions, _ATTRIBUTION_COLUMNS, list(zip(*att_rows)))
    if src_rows:
        io.insert_columns(conn, sources, _SOURCE_COLUMNS, list(zip(*src_rows)))
    history.record(conn, version, entries)


def _stored_state(conn: sa.Connection, io: SqlIO, ids: list[str], rows: Sequence[tuple[Any, ...]] = ()
                  ) -> dict[str, tuple[tuple[Any, ...], tuple, tuple]]:
    """For the ids already stored: (row in ``_INCIDENT_COLUMNS`` order with flags as JSON, ledger tuples, source tuples).

    ``rows``: stored rows (``_INCIDENT_COLUMNS``, as read) already in hand, whose ids need not be
    looked up again. Compared with the same triple of an incoming incident, equality means
    ``to_dict`` equality.
    """
    out: dict[str, tuple[tuple[Any, ...], list, list]] = {}
    for r in itertools.chain(rows, io.select_in(conn, incidents, _INCIDENT_COLUMNS, "id", ids)):
        row = list(r)
        row[_DATE_AT] = as_date(row[_DATE_AT])
        out[row[_ID_AT]] = (tuple(row), [], [])
    if not out:
        return out
    stored = list(out)
    for r in sorted(io.select_in(conn, attributions, ("incident_id", "position", "group_code", "status", "by"),
                                 "incident_id", stored), key=lambda r: (r[0], r[1])):
        out[r[0]][1].append((r[2], r[3], r[4]))
    for r in sorted(io.select_in(conn, sources, ("incident_id", "position", "outlet", "title", "url", "published"),
                                 "incident_id", stored), key=lambda r: (r[0], r[1])):
        out[r[0]][2].append((r[2], r[3], r[4], as_date(r[5])))
    return {iid: (row, tuple(led), tuple(src)) for iid, (row, led, src) in out.items()}


def _select_in(conn: sa.Connection, table: sa.Table, columns: Sequence[str], column: str, values: Sequence[Any],
               equal: tuple[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows (raw driver values) whose ``column`` is in ``values`` (and ``equal[0] = equal[1]``).

    Plain driver SQL, at most 500 values per statement (old SQLite builds allow 999 parameters).
    """
    if not values:
        return []
    dialect = conn.dialect
    q = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    head = (f"SELECT {', '.join(q.quote(c) for c in columns)} FROM {q.format_table(table)} "
            f"WHERE {'' if equal is None else q.quote(equal[0]) + ' = ' + mark + ' AND '}{q.quote(column)} IN ")
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(values), 500):
        part = list(values[start:start + 500])
        params = (equal[1], *part) if equal is not None else tuple(part)
        out += conn.exec_driver_sql(head + "(" + ", ".join([mark] * len(part)) + ")", params).all()
    return out


_INSERT_SQL: dict[tuple[Any, ...], tuple[list[Any], list[Any]]] = {}


def _insert_columns(conn: sa.Connection, table: sa.Table, columns: Sequence[str], cols: list[Sequence[Any]],
                    constants: dict[str, Any] | None = None) -> None:
    """Bulk INSERT of rows given column by column (``cols[i]`` holds ``columns[i]``) through the
    driver's executemany (no per-row statement work).

    ``constants`` are the same for every row (e.g. timestamps). Values go through each column
    type's bind processor, as SQLAlchemy would apply it. A column that is null in every row is
    written as a NULL literal instead of one bound None per row (binding None is the SQLite
    driver's slowest case; the stored rows are the same).
    """
    n = len(cols[0])
    if not n:
        return
    dialect = conn.dialect
    const_names = tuple(constants or ())
    key = (dialect.name, table.name, tuple(columns), const_names)
    cached = _INSERT_SQL.get(key)
    if cached is None:
        names = [*columns, *const_names]
        procs = [_fast_date(table.c[c].type.dialect_impl(dialect), dialect) or
                 table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in names]
        cached = _INSERT_SQL[key] = (procs[:len(columns)], procs[len(columns):])
    procs, const_procs = cached
    tail = tuple(p(constants[n]) if p is not None and constants[n] is not None else constants[n]
                 for n, p in zip(const_names, const_procs)) if constants else ()
    cols = list(cols)
    for i, p in enumerate(procs):
        if p is not None:
            cols[i] = [None if v is None else p(v) for v in cols[i]]
    nulls = tuple(c[0] is None and c.count(None) == n for c in cols)
    sql = _insert_sql(dialect, table, tuple(columns), const_names, nulls)
    conn.exec_driver_sql(sql, list(zip(*[c for c, null in zip(cols, nulls) if not null],
                                       *[itertools.repeat(c, n) for c in tail])))


@functools.lru_cache(maxsize=256)
def _insert_sql(dialect: Any, table: sa.Table, columns: tuple[str, ...], const_names: tuple[str, ...],
                nulls: tuple[bool, ...]) -> str:
    """``INSERT INTO table (columns..., constants...) VALUES (?, NULL, ...)``: NULL where ``nulls`` says."""
    q = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    names = [*columns, *const_names]
    marks = ["NULL" if null else mark for null in nulls] + [mark] * len(const_names)
    return (f"INSERT INTO {q.format_table(table)} ({', '.join(q.quote(c) for c in names)}) "
            f"VALUES ({', '.join(marks)})")


def _fast_date(impl: Any, dialect: Any) -> Any:
    """For a DATE type whose bind processor writes a date as its ISO text (SQLite's default storage
    format), a processor that calls ``date.isoformat`` for plain dates: the same text, without
    formatting a dict per value. Found by what the processor does, not by its private settings."""
    slow = impl.bind_processor(dialect)
    probe = dt.date(2001, 2, 3)
    if slow is None or not isinstance(impl, sa.Date) or slow(probe) != probe.isoformat():
        return None
    date_ = dt.date

    def process(value: Any) -> Any:
        return value.isoformat() if value.__class__ is date_ else slow(value)

    return process


_FLAGS_AT = _INCIDENT_COLUMNS.index("flags")
_OPPONENTS_AT = _INCIDENT_COLUMNS.index("opponents")
_LAT_AT, _LON_AT = _INCIDENT_COLUMNS.index("lat"), _INCIDENT_COLUMNS.index("lon")
_CODE_AT = _INCIDENT_COLUMNS.index("province_code")
_DATASET_AT, _EVENT_AT = _INCIDENT_COLUMNS.index("dataset"), _INCIDENT_COLUMNS.index("dataset_event_id")


def _flags_text(flags: Any) -> str | None:
    """Flags (or opponents) as stored: a JSON array, None for none."""
    if not flags:
        return None
    return _flags_json(tuple(flags)) if flags.__class__ is list else json.dumps(flags, ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _flags_json(flags: tuple[str, ...]) -> str:
    """Flags as stored (a JSON array); imports repeat the same few flag lists on thousands of rows."""
    return json.dumps(list(flags), ensure_ascii=False)
