"""The store version: what changed since a reader last looked, on SQLite and PostgreSQL alike.

The protocol, whole:

1. **Writers take turns at one row.** Every write transaction through the store first takes the next
   number from ``store_version`` (:func:`take_next`: one ``UPDATE``). The row stays locked until the
   transaction ends, so writers run one after the other from that point, and a version is committed
   only after every smaller one.
2. **Writes are stamped.** Each incident the transaction inserts or updates gets that number in
   ``incidents.version`` (indexed); each incident it deletes goes into ``deletions`` with it. A
   transaction that changes nothing still uses up its number; nothing else happens.
3. **Readers ask from one snapshot.** :func:`read_snapshot` opens a transaction that sees one state of
   the database (SQLite: a read transaction in WAL mode; PostgreSQL: REPEATABLE READ). In it a reader
   reads the version ``V`` (:func:`current`), then the incidents with a version above the one it
   holds and the ids deleted since (:func:`deleted_since`). Every write up to ``V`` is in that
   snapshot and none after it, so the reader is then exactly at ``V``.

``frames.FrameCache`` keeps a process's copy of the incidents this way. A program that writes to the
tables without the store should do the same (take the next version, stamp what it writes); one that
only inserts or deletes rows is caught anyway, by the row count the copy checks on every read.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

import sqlalchemy as sa

from .schema import deletions, store_version


def take_next(conn: sa.Connection) -> int:
    """Take the next store version for the write transaction open on ``conn`` (waits for any other
    writer holding the version row until it ends)."""
    conn.execute(store_version.update().where(store_version.c.id == 1)
                 .values(version=store_version.c.version + 1))
    return int(conn.execute(sa.select(store_version.c.version).where(store_version.c.id == 1)).scalar_one())


def current(conn: sa.Connection) -> int:
    """The version of the last write committed (as ``conn``'s snapshot sees it)."""
    return int(conn.execute(sa.select(store_version.c.version).where(store_version.c.id == 1)).scalar_one())


def record_deletions(conn: sa.Connection, version: int, ids: list[str]) -> None:
    """Log incidents deleted by the write of ``version``."""
    if ids:
        conn.execute(deletions.insert(), [{"version": version, "incident_id": i} for i in ids])


def deleted_since(conn: sa.Connection, version: int) -> list[str]:
    """Ids of incidents deleted by writes after ``version``."""
    return list(conn.execute(sa.select(deletions.c.incident_id).where(deletions.c.version > version)).scalars())


@contextlib.contextmanager
def read_snapshot(conn: sa.Connection) -> Iterator[sa.Connection]:
    """A read-only transaction on ``conn`` in which every statement sees the same state; rolled
    back at the end. ``conn`` must not be in a transaction."""
    if conn.dialect.name == "sqlite":
        # the sqlite3 driver begins transactions only before writes: begin one by hand so that every
        # SELECT reads the same WAL snapshot
        conn.exec_driver_sql("BEGIN")
    else:
        conn.execution_options(isolation_level="REPEATABLE READ")
        conn.begin()
    try:
        yield conn
    finally:
        conn.rollback()
