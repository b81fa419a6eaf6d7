"""An analyst's additions to a record, kept apart from what its source says (``analyst_edits``).

Corrected figures (killed, injured, date, place, ...), added sources and claims, and notes are rows
of their own. Every write of a record (``bulk.write``: an import, a save, the edit itself) lays the
record's active edits over the values it brings (:func:`overlay`): a corrected field takes the
analyst's value, added sources and claims are appended (once). The stored record is therefore what
every reader sees (the dashboard's frames, ``list``, exports, the events), and a re-import, which
brings the source's values again, keeps the analyst's.

When a write brings a source value for a corrected field that differs from the analyst's and from
what the source said before, the new source value is kept on the correction (``source_now``): the
card shows both ("GTD now says 34; corrected to 36 on … by …") and the history has the change.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

import sqlalchemy as sa

from ..prepared import ROW_FIELDS
from .frames import as_date
from .schema import analyst_edits

#: The fields an analyst may correct, with the record columns each sets.
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "killed": ("killed_min", "killed_max", "killed_text"),
    "injured": ("injured_min", "injured_max", "injured_text"),
    "date": ("date", "date_precision"),
    "location": ("location",),
    "district": ("district",),
    "coordinates": ("lat", "lon", "geo_precision"),
    "attack_type": ("attack_type",),
    "target": ("target",),
}
CORRECT, SOURCE, CLAIM, NOTE = "correct", "source", "claim", "note"
_AT = {n: k for k, n in enumerate(ROW_FIELDS)}
_SOURCE_COLUMNS = ("outlet", "title", "url", "published")
_CLAIM_COLUMNS = ("group", "status", "by")


@dataclass
class Edit:
    """One analyst edit as read back."""

    id: int
    record_id: str
    kind: str
    field: str | None
    value: dict[str, Any]
    source_value: dict[str, Any] | None
    source_now: dict[str, Any] | None
    note: str | None
    who: str
    at: Any
    version: int
    active: bool

    @property
    def conflict(self) -> bool:
        """A correction whose source has said something else since it was made."""
        return (self.kind == CORRECT and self.source_now is not None and self.source_value is not None
                and self.source_now != self.source_value and self.source_now != self.value)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat() if hasattr(self.at, "isoformat") else self.at
        return {"id": self.id, "record_id": self.record_id, "kind": self.kind, "field": self.field,
                "value": self.value, "source_value": self.source_value, "source_now": self.source_now,
                "note": self.note, "who": self.who, "at": at, "version": self.version, "active": self.active,
                "conflict": self.conflict}


def _loads(text: Any) -> Any:
    return json.loads(text) if text else None


def _decode(column: str, value: Any) -> Any:
    """A JSON value back as the record column holds it (dates)."""
    return as_date(value) if column in ("date", "published") and isinstance(value, str) else value


def read(conn: sa.Connection, record_ids: Sequence[str], *, active_only: bool = True) -> list[Edit]:
    """The edits of these records, oldest first."""
    from .bulk import _io  # bulk imports this module

    if not record_ids:
        return []
    names = [c.name for c in analyst_edits.columns]
    rows = _io(conn).select_in(conn, analyst_edits, names, "record_id", list(record_ids))
    out = []
    for r in sorted(rows, key=lambda r: r[0]):
        d = dict(zip(names, r))
        if active_only and not d["active"]:
            continue
        out.append(Edit(d["id"], d["record_id"], d["kind"], d["field"], _loads(d["value"]),
                        _loads(d["source_value"]), _loads(d["source_now"]), d["note"], d["who"], d["at"],
                        int(d["version"]), bool(d["active"])))
    return out


def any_edits(conn: sa.Connection) -> bool:
    """Whether the store holds an active edit at all (a first import into a store without any reads nothing more)."""
    return conn.execute(sa.select(analyst_edits.c.id).where(analyst_edits.c.active.is_(True)).limit(1)).first() \
        is not None


def overlay(conn: sa.Connection, rows: list[tuple[Any, ...]], ledgers: list[Any], srcs: list[Any]
            ) -> dict[str, dict[str, list[Any]]]:
    """Lay the active edits of the records in ``rows`` over them (in place: rows, ledgers and
    sources are replaced by their overlaid versions). Returns, per record, the source values of
    corrected fields that changed (``{"<field> (source)": [before, now]}``), which are kept on the
    corrections (``source_now``)."""
    if not rows or not any_edits(conn):
        return {}
    at_id = _AT["id"]
    by_record: dict[str, list[Edit]] = {}
    for e in read(conn, [r[at_id] for r in rows]):
        by_record.setdefault(e.record_id, []).append(e)
    if not by_record:
        return {}
    news: dict[str, dict[str, list[Any]]] = {}
    updates: list[dict[str, Any]] = []
    for k, row in enumerate(rows):
        mine = by_record.get(row[at_id])
        if not mine:
            continue
        row = list(row)
        ledger, sources = list(ledgers[k]), list(srcs[k])
        for e in mine:
            if e.kind == CORRECT:
                said = {c: _json(row[_AT[c]]) for c in e.value}
                if said != e.value and said != (e.source_now if e.source_now is not None else e.source_value):
                    news.setdefault(row[at_id], {})[f"{e.field} (source)"] = [e.source_now or e.source_value, said]
                    updates.append({"_id": e.id, "source_now": json.dumps(said, ensure_ascii=False)})
                for c, v in e.value.items():
                    row[_AT[c]] = _decode(c, v)
            elif e.kind == SOURCE:
                src = tuple(_decode(c, e.value.get(c)) for c in _SOURCE_COLUMNS)
                if not any(s == src or (src[2] and s[2] == src[2]) for s in sources):
                    sources.append(src)
            elif e.kind == CLAIM:
                att = tuple(e.value.get(c) for c in _CLAIM_COLUMNS)
                if att not in ledger:
                    ledger.append(att)
        rows[k], ledgers[k], srcs[k] = tuple(row), tuple(ledger), tuple(sources)
    if updates:
        conn.execute(analyst_edits.update().where(analyst_edits.c.id == sa.bindparam("_id"))
                     .values(source_now=sa.bindparam("source_now")), updates)
    return news


def source_row(row: Sequence[Any], edits: Sequence[Edit]) -> tuple[Any, ...]:
    """A stored (overlaid) row with each corrected field back at what its source says."""
    out = list(row)
    for e in edits:
        if e.kind == CORRECT and e.active:
            said = e.source_now if e.source_now is not None else e.source_value
            for c in e.value:
                out[_AT[c]] = _decode(c, (said or {}).get(c))
    return tuple(out)


def add(conn: sa.Connection, record_id: str, kind: str, value: dict[str, Any], *, field: str | None = None,
        source_value: dict[str, Any] | None = None, note: str | None = None, who: str, version: int) -> None:
    """Store one edit (a correction of ``field`` replaces the analyst's earlier one of it)."""
    from .bulk import utcnow

    if kind == CORRECT:
        conn.execute(analyst_edits.update().where(analyst_edits.c.record_id == record_id,
                                                  analyst_edits.c.kind == CORRECT, analyst_edits.c.field == field,
                                                  analyst_edits.c.active.is_(True)).values(active=False))
    conn.execute(analyst_edits.insert().values(
        record_id=record_id, kind=kind, field=field, value=json.dumps(_json(value), ensure_ascii=False),
        source_value=None if source_value is None else json.dumps(_json(source_value), ensure_ascii=False),
        source_now=None, note=note, who=who, at=utcnow(), version=version, active=True))


def as_at(conn: sa.Connection, record_id: str, version: int, now: int) -> None:
    """Make a record's corrections, sources and claims those that stood at ``version`` (a restore
    to it, as the write of version ``now``): later ones are withdrawn, ones replaced or withdrawn
    since are revived. Notes stay as they are."""
    e = analyst_edits.c
    mine = sa.and_(e.record_id == record_id, e.kind != NOTE)
    stood = sa.and_(e.version <= version, sa.or_(e.ended.is_(None), e.ended > version))
    conn.execute(analyst_edits.update().where(mine, e.active.is_(True), sa.not_(stood))
                 .values(active=False, ended=now))
    conn.execute(analyst_edits.update().where(mine, e.active.is_(False), stood).values(active=True, ended=None))


def _json(value: Any) -> Any:
    from .history import jsonable

    return jsonable(value)
