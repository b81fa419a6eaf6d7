"""Related tolls in the store (see ``incidents/events/related.py``): written and read with their records."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import sqlalchemy as sa

from ..casualties import Count
from ..events.related import RelatedToll
from . import history, versions
from .bulk import _select_in, utcnow
from .schema import incidents, related_members, related_tolls

if TYPE_CHECKING:
    import pandas as pd


def save(conn: sa.Connection, toll: RelatedToll) -> None:
    """Store (or replace) a related toll; every record it covers must be stored."""
    if len(set(toll.records)) < 2:
        raise ValueError("a related toll covers two records or more")
    found = {r for r, in _select_in(conn, incidents, ("id",), "id", list(toll.records))}
    missing = [r for r in toll.records if r not in found]
    if missing:
        raise LookupError(f"no record {missing[0]!r}")
    version = versions.take_next(conn)
    conn.execute(related_tolls.delete().where(related_tolls.c.id == toll.id))
    conn.execute(related_members.delete().where(related_members.c.related_id == toll.id))
    conn.execute(related_tolls.insert().values(
        id=toll.id, killed_min=toll.killed.min, killed_max=toll.killed.max, killed_text=toll.killed.text,
        injured_min=toll.injured.min, injured_max=toll.injured.max, injured_text=toll.injured.text,
        source=toll.source, note=toll.note, created_at=utcnow()))
    conn.execute(related_members.insert(), [{"related_id": toll.id, "record_id": r} for r in dict.fromkeys(toll.records)])
    # the covered records' readers follow: their version moves with the toll
    conn.execute(incidents.update().where(incidents.c.id.in_(list(toll.records))).values(version=version))
    figures = {"related": toll.id, "killed": toll.killed.text, "injured": toll.injured.text, "source": toll.source,
               "note": toll.note}
    history.record(conn, version, [(r, None, {"related toll": [None, figures]}) for r in dict.fromkeys(toll.records)],
                   action="relate")


def of_records(conn: sa.Connection, record_ids: Sequence[str]) -> list[RelatedToll]:
    """The related tolls covering any of these records, each with all the records it covers."""
    ids = sorted({t for t, _ in _select_in(conn, related_members, ("related_id", "record_id"), "record_id",
                                            list(record_ids))})
    if not ids:
        return []
    members: dict[str, list[str]] = {}
    for t, r in _select_in(conn, related_members, ("related_id", "record_id"), "related_id", ids):
        members.setdefault(t, []).append(r)
    out = []
    for row in conn.execute(sa.select(related_tolls).where(related_tolls.c.id.in_(ids)).order_by(related_tolls.c.id)):
        out.append(RelatedToll(row.id, tuple(sorted(members.get(row.id, []))),
                               Count(row.killed_min, row.killed_max, row.killed_text),
                               Count(row.injured_min, row.injured_max, row.injured_text), row.source, row.note))
    return out


#: Columns of :func:`frame`: one row per (toll, record it covers).
FRAME_COLUMNS = ("related_id", "record_id", "killed_min", "killed_max", "injured_min", "injured_max")


def frame(conn: sa.Connection) -> "pd.DataFrame":
    """Every related toll with each record it covers, as a DataFrame (:data:`FRAME_COLUMNS`; counts Int64)."""
    import pandas as pd

    q = (sa.select(related_members.c.related_id, related_members.c.record_id, related_tolls.c.killed_min,
                   related_tolls.c.killed_max, related_tolls.c.injured_min, related_tolls.c.injured_max)
         .select_from(related_members.join(related_tolls, related_tolls.c.id == related_members.c.related_id))
         .order_by(related_members.c.related_id, related_members.c.record_id))
    df = pd.DataFrame([tuple(r) for r in conn.execute(q)], columns=list(FRAME_COLUMNS))
    return df.astype({c: "Int64" for c in FRAME_COLUMNS[2:]})
