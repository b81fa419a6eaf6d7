"""Frames: driver rows converted in Arrow, and the process's copy of every incident behind ``Store.frame()``.

Rows come from the driver as tuples and become one Arrow table in one pass (no per-cell pandas
work); SQLite text is read as UTF-8 bytes, which the driver copies without decoding. The unfiltered
frame is kept by the process (:class:`FrameCache`) and brought up to date from what changed since
(``versions.py``): after a write of a few incidents the next read reads those few, after a restart
or a large import it reads the table once.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import TYPE_CHECKING, Any, Callable, Sequence

import sqlalchemy as sa

from ..errors import StoreError
from ..prepared import ROW_FIELDS
from . import versions
from .schema import incidents

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

log = logging.getLogger(__name__)

INT_COLUMNS = ("killed_min", "killed_max", "injured_min", "injured_max", "geo_precision", "killed_civilians",
               "killed_security", "killed_militants", "killed_low", "killed_best", "killed_high")
FLOAT_COLUMNS = ("lat", "lon")
#: ``Store.frame``'s columns: a record's flat fields but the flags and opponents (JSON lists), in table
#: order, and its event.
FRAME_COLUMNS = (*(n for n in ROW_FIELDS if n not in ("flags", "opponents")), "event_id")
NUMERIC_COLUMNS = (*INT_COLUMNS, *FLOAT_COLUMNS)

#: A function reading the frame columns of the incidents matching a condition, on a connection.
Fetch = Callable[[sa.Connection, sa.ColumnElement[bool]], "pa.Table"]


def date_text(column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """A DATE column as its 'YYYY-MM-DD' text (SQLite stores that text; PostgreSQL casts it)."""
    return sa.func.substr(sa.cast(column, sa.Text), 1, 10).label(column.name)


def utf8_bytes(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bytes]:
    """A SQLite text column read as its UTF-8 bytes (``CAST(x AS BLOB)``): the driver then copies
    bytes instead of decoding a str per cell, and Arrow validates the UTF-8 once per column."""
    return sa.cast(column, sa.LargeBinary).label(column.name)


def fetch_rows(conn: sa.Connection, query: sa.Select) -> list[tuple[Any, ...]]:
    """The driver's own row tuples for a query (no per-row Result objects: frames convert in Arrow)."""
    result = conn.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def arrow_schema(names: Sequence[str], *, ints: Sequence[str] = (), floats: Sequence[str] = ()) -> "pa.Schema":
    """The Arrow schema :func:`arrow` gives: ``ints`` int64, ``floats`` float64, the rest strings."""
    import pyarrow as pa

    return pa.schema([(n, pa.int64() if n in ints else pa.float64() if n in floats else pa.string()) for n in names])


def frame_schema() -> "pa.Schema":
    """The Arrow schema of every frame column as read (date as 'YYYY-MM-DD' text)."""
    return arrow_schema(FRAME_COLUMNS, ints=INT_COLUMNS, floats=FLOAT_COLUMNS)


def arrow(rows: Sequence[Sequence[Any]], names: Sequence[str], *, ints: Sequence[str] = (),
          floats: Sequence[str] = (), text_as_bytes: bool = False) -> "pa.Table":
    """An Arrow table from driver rows, converted in one pass (no per-column Python lists).

    ``ints`` become int64, ``floats`` float64, the rest strings, which arrive as UTF-8 bytes when
    ``text_as_bytes`` (see :func:`utf8_bytes`).
    """
    import pyarrow as pa

    schema = arrow_schema(names, ints=ints, floats=floats)
    if not rows:
        return schema.empty_table()
    wire = pa.schema([(f.name, pa.binary()) if text_as_bytes and f.type == pa.string() else f for f in schema])
    try:
        table = pa.Table.from_struct_array(pa.array(rows, type=pa.struct(list(wire))))
        return table.cast(schema) if text_as_bytes else table
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as e:
        raise StoreError(f"unexpected value in the stored incidents: {e}") from e


def to_frame(table: "pa.Table", *, dates: Sequence[str] = (), date_objects: Sequence[str] = (),
             sort: Sequence[str] = ()) -> "pd.DataFrame":
    """A DataFrame from an Arrow table: int64 as nullable Int64, strings as pandas strings, ``dates``
    ('YYYY-MM-DD' text) datetime64[us], ``date_objects`` Python dates (None for null). ``sort``:
    column names to order the rows by (ascending)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    for n in (*dates, *date_objects):
        i = table.schema.get_field_index(n)
        try:
            day = pc.cast(table.column(i), pa.date32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
            raise StoreError(f"unexpected value in the stored incidents: {e}") from e
        table = table.set_column(i, n, pc.cast(day, pa.timestamp("us")) if n in dates else day)
    if sort and table.num_rows:
        table = table.sort_by([(n, "ascending") for n in sort])
    str_dtype = pd.StringDtype(na_value=float("nan"))
    df = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.string(): str_dtype}.get,
                         date_as_object=True)
    for n in date_objects:
        df[n] = df[n].astype(object).where(df[n].notna(), None)
    return df


def columnar(rows: Sequence[Sequence[Any]], names: Sequence[str], *, date_objects: Sequence[str] = (),
             text_as_bytes: bool = False) -> "pd.DataFrame":
    """A DataFrame of text columns from driver rows (``date_objects``: 'YYYY-MM-DD' text as dates)."""
    return to_frame(arrow(rows, names, text_as_bytes=text_as_bytes), date_objects=date_objects)


def as_date(v: Any) -> dt.date | None:
    """A stored DATE (a date, a datetime or 'YYYY-MM-DD…' text) as a date; None stays None."""
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


class FrameCache:
    """Every incident's frame columns (:data:`FRAME_COLUMNS`) in (date, id) order, as of one store
    version, kept in memory and brought up to date on each :meth:`read` (``versions.py``).

    Thread-safe: one read at a time. A read costs one version query and a count when nothing
    changed; the changed rows and the deleted ids when something did; the whole table the first
    time, and whenever the row count says someone inserted or deleted rows without the store.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._table: "pa.Table | None" = None
        self._version = -1

    def read(self, conn: sa.Connection, fetch: Fetch) -> "pa.Table":
        """The frame as of now; ``conn`` (outside any transaction) is used for one read transaction."""
        import pyarrow.compute as pc

        with self._lock, versions.read_snapshot(conn):
            version = versions.current(conn)
            count = conn.execute(sa.select(sa.func.count()).select_from(incidents)).scalar_one()
            table = self._table
            if table is not None and version < self._version:
                table = None  # another database at the same address: start again
            elif table is not None and version > self._version:
                changed = fetch(conn, incidents.c.version > self._version)
                gone = set(versions.deleted_since(conn, self._version))
                gone.update(changed.column("id").to_pylist())
                if gone:
                    import pyarrow as pa

                    kept = table.filter(pc.invert(pc.is_in(table.column("id"), value_set=pa.array(sorted(gone)))))
                    table = _sorted(pa.concat_tables([kept, changed]))
                log.debug("frame cache: %d rows changed, %d gone since version %d", changed.num_rows,
                          len(gone) - changed.num_rows, self._version)
            if table is None or table.num_rows != count:
                if table is not None:
                    log.info("frame cache: %d incidents stored, %d in the copy (written without the store?); "
                             "reading every incident again", count, table.num_rows)
                table = _sorted(fetch(conn, sa.true()))
            self._table, self._version = table, version
            return table


def _sorted(table: "pa.Table") -> "pa.Table":
    return table.sort_by([("date", "ascending"), ("id", "ascending")]) if table.num_rows else table
