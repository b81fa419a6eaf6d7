"""The queries behind ``Store.coverage``: each source's span, size and newest write (one grouped
read of the incidents table), and the outlets the reports cite."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from ..datasets import REPORTS, SEED_ID_PREFIX, SEEDS
from .frames import as_date
from .schema import incidents, sources


def _source() -> sa.ColumnElement[str]:
    """A record's source: its dataset, else seed (id ``seed-…``) or report."""
    return sa.case((incidents.c.dataset.is_not(None), incidents.c.dataset),
                   (incidents.c.id.like(SEED_ID_PREFIX + "%"), sa.literal(SEEDS)),
                   else_=sa.literal(REPORTS))


def _when(v: Any) -> dt.datetime | None:
    """A stored timestamp (SQLite gives text from an aggregate) as an aware UTC datetime."""
    if v is None:
        return None
    if isinstance(v, str):
        v = dt.datetime.fromisoformat(v)
    return v.replace(tzinfo=dt.timezone.utc) if v.tzinfo is None else v.astimezone(dt.timezone.utc)


def spans(conn: sa.Connection) -> list[tuple[str, str, dt.date, dt.date, int, dt.datetime | None]]:
    """(source, date precision, first date, last date, records, newest write) per source and precision."""
    rows = sa.select(_source().label("source"), incidents.c.date_precision.label("precision"),
                     incidents.c.date, incidents.c.updated_at).subquery()
    q = (sa.select(rows.c.source, rows.c.precision, sa.func.min(rows.c.date), sa.func.max(rows.c.date),
                   sa.func.count(), sa.func.max(rows.c.updated_at))
         .group_by(rows.c.source, rows.c.precision))
    return [(s, p, as_date(lo), as_date(hi), int(n), _when(at)) for s, p, lo, hi, n, at in conn.execute(q)]


def report_outlets(conn: sa.Connection) -> list[str]:
    """The outlets news reports and analysts' entries cite, most cited first (then by name)."""
    records = sa.func.count(sa.distinct(sources.c.incident_id))
    q = (sa.select(sources.c.outlet, records)
         .join(incidents, incidents.c.id == sources.c.incident_id)
         .where(incidents.c.dataset.is_(None), sa.not_(incidents.c.id.like(SEED_ID_PREFIX + "%")),
                sources.c.outlet.is_not(None), sources.c.outlet != "")
         .group_by(sources.c.outlet).order_by(records.desc(), sources.c.outlet))
    return [outlet for outlet, _ in conn.execute(q)]
