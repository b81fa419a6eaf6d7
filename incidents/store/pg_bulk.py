"""The bulk write's I/O on PostgreSQL: array lookups, COPY, and one set-based UPDATE per chunk.

:mod:`.bulk` decides *what* a write does, the same on every database: match incoming incidents by
id, else by dataset + event id; compare each with its stored state to tell inserted, updated and
unchanged apart; work out the province flags; stamp every incident it writes with the store version
it took first (``versions.py``); count. It reads and writes only through a handful of primitives
(:class:`.bulk.SqlIO`): select rows whose column is in a list, insert rows given column by column,
update incidents, delete rows whose column is in a list. The generic ones are plain SQL through
the driver (SQLite: IN-lists of 500 values, ``executemany``). :class:`PgIO` overrides them for
PostgreSQL with psycopg 3, on the very connection and transaction SQLAlchemy holds
(``conn.connection.driver_connection``), so a batch stays one transaction and a refused batch
leaves nothing behind:

- **Lookups**: one statement per chunk and table, the values sent as one array (instead of ten
  IN-lists of 500 parameters each). By a key (id; dataset + event id) it is one index probe per
  value (``unnest`` and a ``LATERAL`` subquery the planner cannot flatten), whatever the table's
  statistics say: during a large import the table grows from nothing faster than autovacuum
  analyses it, and the plans chosen from no statistics (a scan of every ACLED row, or of the whole
  table, per chunk; with the IN-lists of a plan cached while it was small, a linear search of 500
  parameters per row) were most of the 34.5 s of the issue's import. Ledgers and sources
  (several rows per incident) are read with ``= ANY(%s)``. Every lookup is planned for its own
  values (``prepare=False``), never from a plan cached while the table was small.
- **Inserts**: ``COPY table (columns) FROM STDIN (FORMAT BINARY)``, every column typed from the
  schema, values as they are (no text formatting, no per-row statement).
- **Updates**: the changed incidents are COPYed into a temporary staging table (the incidents'
  columns without their constraints, ``ON COMMIT DELETE ROWS``, created once per session) and
  written by one ``WITH s AS (DELETE FROM stage RETURNING *) UPDATE incidents ... FROM s`` that
  also empties it. (A role without the TEMPORARY privilege updates by ``executemany``.)
- **Deletes**: ``DELETE ... WHERE column = ANY(%s)``.

Their ledgers and sources are rewritten the same way (delete by array, COPY). On PostgreSQL their
link to the incident is held by statement-level triggers instead of foreign keys (migration 0012:
one set-based check per COPY instead of one query per row; the same guarantees). The alternative
the issue names, psycopg's pipeline mode, is what the generic primitives already get from psycopg
(its ``executemany`` pipelines); ``METHOD = "pipeline"`` keeps the array lookups but writes through
them, for the benchmark to compare (``bench/bench_import.py --pg-method``). COPY was faster (see
``bench/README.md``, "PostgreSQL bulk writes") and is the default.

Errors: a psycopg error raised here is re-raised as SQLAlchemy's (``IntegrityError`` for a
constraint, ``DataError`` for a value PostgreSQL refuses, such as text with a NUL character), as
if the statement had gone through SQLAlchemy: the importer's row-by-row retry and the callers'
``except`` clauses see the same exceptions on both databases.

Locks: COPY, INSERT, UPDATE and DELETE take row locks and the table's ROW EXCLUSIVE lock, which
no reader waits for (MVCC); readers see the state before the write until it commits. The staging
table is the session's own. Writers still take turns at the store version row (``versions.py``).
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import weakref
from typing import Any, Iterable, Iterator, Sequence

import sqlalchemy as sa

from . import bulk
from .schema import incidents

log = logging.getLogger(__name__)

#: "copy" (the default) or "pipeline" (psycopg's pipelined executemany): how inserts and updates
#: are written; the benchmark measures both.
METHOD = "copy"
#: The session's staging table, named after the incident columns it holds: a session that staged
#: updates before the columns changed (a migration adding the record categories, 0007) never COPYs
#: into its old, narrower table.
_STAGE = "atlas_incident_stage_" + hashlib.sha1(",".join(bulk._INCIDENT_COLUMNS).encode()).hexdigest()[:8]


def supports(conn: sa.Connection) -> bool:
    """True for a PostgreSQL connection through psycopg 3 (what :class:`PgIO` needs)."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


class PgIO(bulk.SqlIO):
    """The bulk write's primitives on PostgreSQL through psycopg 3 (see the module docstring)."""

    def select_in(self, conn: sa.Connection, table: sa.Table, columns: Sequence[str], column: str,
                  values: Sequence[Any], equal: tuple[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if not values:
            return []
        keys = _text_array(dict.fromkeys(values))
        names = ", ".join(_q(conn, c) for c in columns)
        where = "" if equal is None else f"{_q(conn, equal[0])} = %s AND "
        if _unique(table, column, equal):
            # one index probe per value whatever the table's statistics say (OFFSET 0 keeps the
            # planner from flattening the subquery into a join it could plan as a scan of the table)
            sql = (f"SELECT {names} FROM unnest(%s::text[]) AS k(v) CROSS JOIN LATERAL (SELECT {names} FROM "
                   f"{_table(conn, table)} WHERE {where}{_q(conn, column)} = k.v OFFSET 0) AS t")
            params: tuple[Any, ...] = (keys,) if equal is None else (keys, equal[1])
        else:  # several rows per value (ledgers, sources): the planner's choice, for these values
            sql = f"SELECT {names} FROM {_table(conn, table)} WHERE {where}{_q(conn, column)} = ANY(%s::text[])"
            params = (keys,) if equal is None else (equal[1], keys)
        with _cursor(conn, sql) as cur:
            cur.execute(sql, params, prepare=False)
            return cur.fetchall()

    def delete_in(self, conn: sa.Connection, table: sa.Table, column: str, values: Sequence[Any]) -> None:
        if not values:
            return
        sql = f"DELETE FROM {_table(conn, table)} WHERE {_q(conn, column)} = ANY(%s::text[])"
        with _cursor(conn, sql) as cur:
            cur.execute(sql, (_text_array(values),), prepare=False)

    def insert_columns(self, conn: sa.Connection, table: sa.Table, columns: Sequence[str],
                       cols: list[Sequence[Any]], constants: dict[str, Any] | None = None) -> None:
        if METHOD != "copy":
            return super().insert_columns(conn, table, columns, cols, constants)
        if not cols or not len(cols[0]):
            return
        _copy(conn, _table(conn, table), table, [*columns, *(constants or ())],
              zip(*cols, *[[v] * len(cols[0]) for v in (constants or {}).values()]))

    def update_rows(self, conn: sa.Connection, rows: list[tuple[Any, ...]], constants: dict[str, Any]) -> None:
        if METHOD != "copy" or not _may_stage(conn):
            return super().update_rows(conn, rows, constants)
        if not rows:
            return
        names = [*bulk._INCIDENT_COLUMNS, *constants]
        with _cursor(conn, "CREATE TEMP TABLE") as cur:
            cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} ON COMMIT DELETE ROWS "
                        f"AS SELECT * FROM {_table(conn, incidents)} WITH NO DATA")  # no constraints
        tail = tuple(constants.values())
        _copy(conn, _STAGE, incidents, names, (r + tail for r in rows))
        sets = ", ".join(f"{_q(conn, n)} = s.{_q(conn, n)}" for n in names if n != "id")
        sql = (f"WITH s AS (DELETE FROM {_STAGE} RETURNING *) "
               f"UPDATE {_table(conn, incidents)} AS i SET {sets} FROM s WHERE i.id = s.id")
        with _cursor(conn, sql) as cur:
            cur.execute(sql, prepare=False)


PG_IO = PgIO()
#: Per psycopg connection: whether its role may create the temporary staging table.
_STAGING: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()


def _may_stage(conn: sa.Connection) -> bool:
    """Whether the session may create temporary tables (a role without TEMPORARY on the database
    updates through the pipelined executemany instead); asked once per connection."""
    raw = conn.connection.driver_connection
    ok = _STAGING.get(raw)
    if ok is None:
        sql = "SELECT has_database_privilege(current_database(), 'TEMPORARY')"
        with _cursor(conn, sql) as cur:
            ok = _STAGING[raw] = bool(cur.execute(sql).fetchone()[0])
        if not ok:
            log.info("no TEMPORARY privilege: changed incidents are updated by executemany")
    return ok


def _copy(conn: sa.Connection, target: str, table: sa.Table, names: Sequence[str], rows: Any) -> None:
    """COPY ``rows`` (tuples in ``names`` order) into ``target`` in binary, typed as ``table``'s columns."""
    sql = f"COPY {target} ({', '.join(_q(conn, n) for n in names)}) FROM STDIN (FORMAT BINARY)"
    with _cursor(conn, sql) as cur, cur.copy(sql) as copy:
        copy.set_types([_pg_type(table.c[n].type) for n in names])
        write = copy.write_row
        for row in rows:
            write(row)


def _text_array(values: Iterable[str]) -> str:
    """A PostgreSQL array literal of text values (every element quoted): a third of the time
    psycopg takes to adapt a list of 5,000 strings."""
    return '{"' + '","'.join([v.replace("\\", "\\\\").replace('"', '\\"') for v in values]) + '"}'


def _unique(table: sa.Table, column: str, equal: tuple[str, Any] | None) -> bool:
    """Whether ``column`` (with ``equal``'s column) is a key of ``table``: at most one row per value."""
    cols = {column} | ({equal[0]} if equal else set())
    return any({c.name for c in key.columns} == cols for key in
               [table.primary_key, *(c for c in table.constraints if isinstance(c, sa.UniqueConstraint))])


def _pg_type(t: sa.types.TypeEngine) -> str:
    """The PostgreSQL type whose binary form a COPY sends for a column of SQLAlchemy type ``t``."""
    if isinstance(t, sa.SmallInteger):
        return "int2"
    if isinstance(t, sa.BigInteger):
        return "int8"
    if isinstance(t, sa.Integer):
        return "int4"
    if isinstance(t, sa.Float):
        return "float8"
    if isinstance(t, sa.DateTime):
        return "timestamptz" if t.timezone else "timestamp"
    if isinstance(t, sa.Date):
        return "date"
    if isinstance(t, sa.String):  # Text, String(n): varchar and text share their binary form
        return "text"
    raise TypeError(f"no COPY type for {t!r}")


@contextlib.contextmanager
def _cursor(conn: sa.Connection, statement: str) -> Iterator[Any]:
    """A psycopg cursor on the connection (and transaction) ``conn`` holds; a psycopg error raised
    in the block is raised as SQLAlchemy's (IntegrityError, DataError, ...)."""
    raw = conn.connection.driver_connection
    dbapi = conn.dialect.loaded_dbapi
    try:
        with raw.cursor() as cur:
            yield cur
    except dbapi.Error as e:
        raise sa.exc.DBAPIError.instance(statement, None, e, dbapi.Error, dialect=conn.dialect) from e


def _q(conn: sa.Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _table(conn: sa.Connection, table: sa.Table) -> str:
    return conn.dialect.identifier_preparer.format_table(table)
