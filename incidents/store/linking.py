"""The linker in the store: runs in every write's transaction, and applies an analyst's decisions.

The rules are in :mod:`incidents.events.link` (no database there). Here: which records to compare
after a write (SQL: the records written, and the records of other sources within the linker's
window of days and kilometres), the records of the events they belong to, the analyst's decisions
on them, and writing the plan back (``incidents.event_id``, stamped with the write's version, and
the review queue).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ..events import link as rules
from ..registry import ATTRIBUTING
from . import history, versions
from .bulk import _select_in, utcnow
from .frames import as_date
from .schema import attributions, incidents, link_decisions, link_reviews

log = logging.getLogger(__name__)

SAME, DIFFERENT = "same", "different"


@dataclass(frozen=True)
class Review:
    """A pair of records the linker was unsure of."""

    record_a: str
    record_b: str
    score: float


def on_write(conn: sa.Connection, version: int, datasets: set[str | None] | None = None) -> int:
    """Link the records written as ``version`` to what other sources say of the same attack (each
    was inserted as an event of its own); returns how many records changed event. ``datasets``:
    those of the records written, when the writer knows them (a first import of one source into a
    store without another then reads nothing back)."""
    if datasets is not None and len(datasets) == 1 and None not in datasets \
            and not _any_other_dataset(conn, next(iter(datasets))):
        return 0
    near = _neighbours(conn, version)
    if not near:
        return 0
    return _relink(conn, version, {a for a, _ in near}, {b for _, b in near})


def link(conn: sa.Connection, ids: Sequence[str], by: str | None) -> str:
    """An analyst's link: these records are one event (remembered); returns the event's id."""
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise ValueError("link needs two records or more")
    stored = dict(_select_in(conn, incidents, ("id", "event_id"), "id", ids))
    missing = [i for i in ids if i not in stored]
    if missing:
        raise LookupError(f"no record {missing[0]!r}")
    version = versions.take_next(conn)
    pairs = [_pair(ids[0], other) for other in ids[1:]]
    _decide(conn, pairs, SAME, by)
    events = sorted(set(stored.values()))
    members = [r for r, in conn.execute(sa.select(incidents.c.id).where(incidents.c.event_id.in_(events)))]
    # the analyst's latest word: these events are one, so no "different" stands between their records
    conn.execute(link_decisions.delete().where(link_decisions.c.decision == DIFFERENT,
                                               link_decisions.c.record_a.in_(members),
                                               link_decisions.c.record_b.in_(members)))
    target = min(events)
    _move(conn, {m: target for m in members}, version)
    return target


def adopt(conn: sa.Connection, groups: Iterable[Sequence[str]], by: str | None = "import") -> int:
    """Put each group of records in one event, as a file of ours said they were (an export read
    back): stored records only; the links are kept as decisions ``by`` the file, so that no later
    write or relink undoes them (an unlink does); how many records changed event."""
    version = None
    moved = 0
    for ids in groups:
        stored = dict(_select_in(conn, incidents, ("id", "event_id"), "id", list(dict.fromkeys(ids))))
        if len(stored) < 2:
            continue
        linked = sorted(stored)
        _decide(conn, [_pair(linked[0], other) for other in linked[1:]], SAME, by)
        events = sorted(set(stored.values()))
        members = dict(_select_in(conn, incidents, ("id", "event_id"), "event_id", events))
        target = min(events)
        moves = {r: target for r, e in members.items() if e != target}
        if moves:
            version = version if version is not None else versions.take_next(conn)
            _move(conn, moves, version)
            moved += len(moves)
    return moved


def unlink(conn: sa.Connection, record_id: str, by: str | None) -> list[str]:
    """Take a record out of its event into an event of its own (remembered: the linker never puts it
    back with those records); returns the records it was taken from."""
    row = conn.execute(sa.select(incidents.c.event_id).where(incidents.c.id == record_id)).first()
    if row is None:
        raise LookupError(f"no record {record_id!r}")
    version = versions.take_next(conn)
    others = [r for r, in conn.execute(sa.select(incidents.c.id).where(incidents.c.event_id == row[0],
                                                                        incidents.c.id != record_id))]
    _decide(conn, [_pair(record_id, o) for o in others], DIFFERENT, by)
    moves = {record_id: record_id}
    if others:
        rest = min(others)
        moves.update({o: rest for o in others})
    _move(conn, moves, version, "unlink")
    return others


def reject(conn: sa.Connection, a: str, b: str, by: str | None) -> None:
    """An analyst's "these two are different attacks" on a reviewed pair (and their events stay apart)."""
    version = versions.take_next(conn)
    _decide(conn, [_pair(a, b)], DIFFERENT, by)
    history.record(conn, version, [(a, None, {"different attack from": [None, b]}),
                                   (b, None, {"different attack from": [None, a]})], action="reject")


def reviews(conn: sa.Connection) -> list[Review]:
    """The open review queue, most likely links first."""
    q = (sa.select(link_reviews.c.record_a, link_reviews.c.record_b, link_reviews.c.score)
         .where(link_reviews.c.status == "open").order_by(link_reviews.c.score.desc(), link_reviews.c.record_a))
    return [Review(*r) for r in conn.execute(q)]


def relink_all(conn: sa.Connection) -> int:
    """Link every stored record again from scratch, keeping every analyst decision; how many
    records changed event."""
    version = versions.take_next(conn)
    ids = [r for r, in conn.execute(sa.select(incidents.c.id))]
    conn.execute(link_reviews.delete().where(link_reviews.c.status == "open"))
    return _relink(conn, version, set(ids), set(), fresh=True)


# -- internals ---------------------------------------------------------------------------------

def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _decide(conn: sa.Connection, pairs: Iterable[tuple[str, str]], decision: str, by: str | None) -> None:
    pairs = list(pairs)
    if not pairs:
        return
    now = utcnow()
    for a, b in pairs:
        conn.execute(link_decisions.delete().where(link_decisions.c.record_a == a, link_decisions.c.record_b == b))
        conn.execute(link_reviews.update().where(link_reviews.c.record_a == a, link_reviews.c.record_b == b)
                     .values(status="confirmed" if decision == SAME else "rejected"))
    conn.execute(link_decisions.insert(), [{"record_a": a, "record_b": b, "decision": decision, "by": by, "at": now}
                                           for a, b in pairs])


def _move(conn: sa.Connection, moves: dict[str, str], version: int, action: str = "link",
          automatic: bool = False) -> None:
    """Set records' events (stamped with ``version``, so every reader's copy follows); each record
    that changed event gets a history entry (``action``; ``automatic``: the linker's, not an analyst's)."""
    if not moves:
        return
    before = dict(_select_in(conn, incidents, ("id", "event_id"), "id", list(moves)))
    moves = {r: e for r, e in moves.items() if before.get(r, r) != e or before.get(r) is None}
    if not moves:
        return
    conn.execute(incidents.update().where(incidents.c.id == sa.bindparam("_id"))
                 .values(event_id=sa.bindparam("_event"), version=version),
                 [{"_id": r, "_event": e} for r, e in moves.items()])
    history.record(conn, version, [(r, e, {"event_id": [before.get(r), e]}) for r, e in moves.items()],
                   action=action, context={"linker": True} if automatic else None)


_NEAR_COLUMNS = ("id", "date", "date_precision", "province_code", "dataset", "lat", "lon", "geo_precision", "district",
                 "attack_type", "target", "killed_min", "killed_max", "injured_min", "injured_max", "category",
                 "location", "summary")


def _neighbours(conn: sa.Connection, version: int) -> list[tuple[str, str]]:
    """(written record, other record) pairs the linker's blocking lets through (other sources, days,
    province, distance) and that could score at least ``REVIEW_AT``: the records written and the
    records of their days (other datasets only, when one dataset was written) are read with a range
    scan on the date index, and paired by :func:`rules.candidate_pairs` and
    :func:`rules.worth_scoring` in numpy. (A SQL self-join on the date window did the same, but
    compared every record with every record of its days, the written dataset's own too: an import
    of 100,000 ACLED rows ran at 3,100 rows/s instead of 25,000.)"""
    cols = [incidents.c[c] for c in _NEAR_COLUMNS]
    written = conn.execute(sa.select(*cols).where(incidents.c.version == version,
                                                  incidents.c.date_precision == "day")).all()
    if not written:
        return []
    dates = [as_date(r[1]) for r in written]
    lo = min(dates) - dt.timedelta(days=rules.MAX_DAYS)
    hi = max(dates) + dt.timedelta(days=rules.MAX_DAYS)
    q = sa.select(*cols).where(incidents.c.date.between(lo, hi), incidents.c.date_precision == "day",
                               incidents.c.version != version)
    sets = {r[4] for r in written}
    if len(sets) == 1 and None not in sets:  # one dataset written: only other sources can be the same attack
        (only,) = sets
        if not _any_other_dataset(conn, only):
            return []
        q = q.where(sa.or_(incidents.c.dataset.is_(None), incidents.c.dataset != only))
    others = conn.execute(q).all()
    frame = pd.DataFrame([tuple(r) for r in written] + [tuple(r) for r in others], columns=list(_NEAR_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"].map(as_date))
    among = np.zeros(len(frame), bool)
    among[:len(written)] = True
    i, j = rules.candidate_pairs(frame, among)
    worth = rules.worth_scoring(frame, i, j)  # only these can link or be reviewed: fewer events to read
    i, j = i[worth], j[worth]
    ids = frame["id"].to_numpy(object)
    out = [(ids[a], ids[b]) if among[a] else (ids[b], ids[a]) for a, b in zip(i.tolist(), j.tolist())]
    out += [(ids[b], ids[a]) for a, b in zip(i.tolist(), j.tolist()) if among[a] and among[b]]
    return out


def _any_other_dataset(conn: sa.Connection, dataset: str) -> bool:
    """Whether the store holds a record of another dataset or of none, in one statement of three
    index lookups on the (dataset, dataset_event_id) index: the smallest and the largest dataset
    (``min``/``max``, each its own subquery so that SQLite, too, takes one step along the index) and
    a search for a record without one (``IS NULL``). (``ORDER BY dataset NULLS FIRST LIMIT 1``,
    used before, matched the index on neither database in one of its two directions: PostgreSQL
    sorted the whole table for it after every batch of an import.)"""
    d = incidents.c.dataset
    lo = sa.select(sa.func.min(d)).scalar_subquery()
    hi = sa.select(sa.func.max(d)).scalar_subquery()
    none = sa.exists().where(d.is_(None))
    lo, hi, has_none = conn.execute(sa.select(lo, hi, none)).one()
    return bool(has_none) or (lo is not None and (lo != dataset or hi != dataset))


_RECORD_COLUMNS = ("id", "event_id", "date", "date_precision", "province_code", "district", "lat", "lon",
                   "geo_precision", "attack_type", "target", "killed_min", "killed_max", "injured_min", "injured_max",
                   "dataset", "category", "opponents", "location", "summary")


def _relink(conn: sa.Connection, version: int, focus: set[str], near: set[str], *, fresh: bool = False) -> int:
    """Plan and apply the links of the records ``focus`` with each other and with the records
    ``near`` them: those records and every record of their events are grouped again from their pairs
    (``rules.plan``'s ``regroup``: as a relink would group them, the events keeping their ids), so a
    record written later can take a record from the event an earlier write put it in. ``fresh``:
    every stored record, the automatic links forgotten first (an analyst's decisions stay)."""
    if not fresh:
        events = {e for _, e in _select_in(conn, incidents, ("id", "event_id"), "id", sorted(focus | near))}
        rows = _select_in(conn, incidents, _RECORD_COLUMNS, "event_id", sorted(events))
    else:
        rows = list(conn.execute(sa.select(*(incidents.c[c] for c in _RECORD_COLUMNS))))
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(_RECORD_COLUMNS))
    if frame.empty:
        return 0
    frame = frame.sort_values("id", kind="stable").reset_index(drop=True)
    frame["date"] = pd.to_datetime(frame["date"].map(as_date))
    ids = frame["id"].tolist()
    current = dict(zip(ids, frame["event_id"].fillna(frame["id"])))
    start = [i if fresh else current[i] for i in ids]
    groups = involved(_groups(conn, ids, every=fresh), frame["opponents"].tolist())
    i, j = rules.candidate_pairs(frame)  # among every record read: the neighbourhood is grouped again
    scores = rules.score(frame, i, j, groups)
    same, different = _decisions(conn, ids, every=fresh)
    reserved: set[str] = set()
    if not fresh:  # ids of events elsewhere that a regrouped event must not take
        inside = set(ids)
        reserved = {e for r, e in _select_in(conn, incidents, ("id", "event_id"), "event_id", ids) if r not in inside}
    plan = rules.plan(ids, frame["dataset"].where(frame["dataset"].notna(), None).tolist(), start,
                      (i, j, scores), same=same, different=different, new=() if fresh else focus,
                      regroup=not fresh, reserved=reserved, complete=True)
    moves = {r: e for r, e in plan.event_of.items() if current[r] != e}
    _move(conn, moves, version, automatic=True)
    _queue(conn, plan.review, different)
    if moves or plan.review:
        log.info("linker: %d records changed event, %d pairs for review", len(moves), len(plan.review))
    return len(moves)


def _groups(conn: sa.Connection, ids: Sequence[str], *, every: bool = False) -> list[frozenset[str]]:
    """Per record, the groups its ledger names as claimed, suspected or blamed (``every``: read the
    whole ledger table in one query)."""
    found: dict[str, set[str]] = {}
    cols = (attributions.c.incident_id, attributions.c.group_code, attributions.c.status)
    rows = (conn.execute(sa.select(*cols)).all() if every
            else _select_in(conn, attributions, [c.name for c in cols], "incident_id", list(ids)))
    for rid, group, status in rows:
        if status in ATTRIBUTING:
            found.setdefault(rid, set()).add(group)
    return [frozenset(found.get(r, ())) for r in ids]


def involved(groups: Sequence[frozenset[str]], opponents: Sequence[str | None]) -> list[frozenset[str]]:
    """Per record, the groups it names as taking part: its attributing ledger, and the groups a state
    fought (``opponents``, stored as a JSON list) — an opponent is no perpetrator, but a UCDP record of
    the army's fighting with TTP and a report of TTP's attack on the army name the same group."""
    return [g | frozenset(json.loads(o)) if isinstance(o, str) and o else g for g, o in zip(groups, opponents)]


def _decisions(conn: sa.Connection, ids: Sequence[str], *, every: bool = False
               ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The analyst's latest decision on each pair among ``ids``: (same pairs, different pairs)."""
    latest: dict[tuple[str, str], str] = {}
    names = ("id", "record_a", "record_b", "decision")
    rows: list[Any] = (conn.execute(sa.select(*(link_decisions.c[n] for n in names))).all() if every
                       else _select_in(conn, link_decisions, names, "record_a", list(ids)))
    wanted = set(ids)
    for _, a, b, decision in sorted(rows):
        if b in wanted:
            latest[(a, b)] = decision
    same = [p for p, d in latest.items() if d == SAME]
    different = [p for p, d in latest.items() if d == DIFFERENT]
    return same, different


def _queue(conn: sa.Connection, review: list[tuple[str, str, float]], different: list[tuple[str, str]]) -> None:
    """Add pairs to the review queue (once; a pair already decided or queued is left as it is)."""
    if not review:
        return
    decided = set(different)
    pairs = {_pair(a, b): s for a, b, s in review if _pair(a, b) not in decided}
    known = {(a, b) for a, b in _select_in(conn, link_reviews, ("record_a", "record_b"), "record_a",
                                           sorted({p[0] for p in pairs}))}
    now = utcnow()
    new = [{"record_a": a, "record_b": b, "score": s, "status": "open", "created_at": now}
           for (a, b), s in pairs.items() if (a, b) not in known]
    if new:
        conn.execute(link_reviews.insert(), new)
