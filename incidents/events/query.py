"""Events that match a filter: the records collapsed into events (event.py), then the filter applied
to the events' own fields and ledger — the selection the dashboard shows, for the command line and exports."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .event import collapse, event_summary, unlisted_by_event

if TYPE_CHECKING:
    import pandas as pd

    from ..filters import IncidentFilter
    from ..store import Store


def event_frames(store: "Store", flt: "IncidentFilter | None" = None
                 ) -> "tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]":
    """(events, their ledger, their sources) matching ``flt``, oldest first."""
    from ..filters import UNATTRIBUTED, IncidentFilter

    records = store.frame()
    events, ledger, sources = collapse(records, store.attribution_frame(), store.source_frame())
    flt = flt or IncidentFilter()
    if UNATTRIBUTED in flt.groups:  # it leaves out events naming a group the registry lacks, as the dashboard does
        events["unlisted"] = unlisted_by_event(store.unlisted_frame(), records, events["id"])
    if flt == IncidentFilter():
        return events, ledger, sources
    import pandas as pd

    index = pd.Index(events["id"])
    keep = flt.mask(events, ledger, index.get_indexer(ledger["incident_id"]), store.registry)
    ids = set(events["id"][keep])
    return (events[keep].reset_index(drop=True), ledger[ledger["incident_id"].isin(ids)].reset_index(drop=True),
            sources[sources["incident_id"].isin(ids)].reset_index(drop=True))


def matching_events(store: "Store", flt: "IncidentFilter | None" = None, *, limit: int | None = None
                    ) -> list[dict[str, Any]]:
    """The events matching ``flt``, newest first, each as :func:`event.event_summary` (with its records),
    plus ``related``: the tolls a source gave for it together with other attacks."""
    events, _, _ = event_frames(store, flt)
    ids = list(reversed(events["id"].tolist()))
    if limit is not None:
        ids = ids[:limit]
    records = store.records_of_events(ids)  # every event's records and tolls in a few queries, not per event
    event_of = store.event_of([r.id for r in records if r.id])
    by_event: dict[str, list[Any]] = {}
    for r in sorted(records, key=lambda r: (r.date, r.id or "")):  # oldest first, as Store.event_records
        by_event.setdefault(event_of[r.id], []).append(r)
    tolls = store.related_tolls(list(event_of))
    out = []
    for e in ids:
        event = event_summary(e, by_event[e])
        mine = {r["id"] for r in event["records"]}
        event["related"] = [t.to_dict() for t in tolls if mine & set(t.records)]
        out.append(event)
    return out


def load_event(store: "Store", event_id: str) -> "tuple[dict[str, Any], list[Any], list[Any]] | None":
    """One event by its id (or any of its records' ids): (``event_summary``, its records, the related
    tolls covering them); None when there is no such event."""
    records = store.event_records(event_id)
    if not records:
        return None
    eid = store.event_of([records[0].id or ""]).get(records[0].id or "", event_id)
    return event_summary(eid, records), records, store.related_tolls([r.id for r in records if r.id])


def export_selection(store: "Store", flt: "IncidentFilter | None" = None) -> "tuple[list[Any], dict[str, str], int]":
    """What an export of ``flt`` holds: every record of the matching events (the filter applies to
    events, as in the dashboard and ``list``), each record's event id, and how many events."""
    events, _, _ = event_frames(store, flt)
    records = store.records_of_events(events["id"].tolist())
    return records, store.event_of([r.id for r in records if r.id]), len(events)


def event_rows(store: "Store", flt: "IncidentFilter | None" = None) -> list[dict[str, Any]]:
    """One flat row per matching event, oldest first (``io.export_events.EVENT_COLUMNS``): the event's
    fields, each figure's wording and the record it comes from, the spread, the ledger and outlets
    written out, the related tolls and the records linked. Built from the frames (fast at 100,000)."""
    import pandas as pd

    from ..io.export_events import EVENT_COLUMNS, ledger_text, related_text

    events, ledger, sources = event_frames(store, flt)
    if events.empty:
        return []
    records = store.frame(columns=("id", "event_id"))
    key = records["event_id"].astype(object).where(records["event_id"].notna(), records["id"].astype(object))
    wanted = set(events["id"])
    records = records.assign(e=key)[key.isin(wanted)]
    ids_of = records.groupby("e")["id"].agg(lambda s: " ".join(sorted(s))).to_dict()
    led: dict[str, list[dict[str, Any]]] = {}
    for eid, g, st, by in ledger[["incident_id", "group_code", "status", "by"]].itertuples(index=False):
        led.setdefault(eid, []).append({"group": g, "status": st, "by": by if isinstance(by, str) else None})
    outlets = (sources.dropna(subset=["outlet"]).groupby("incident_id")["outlet"]
               .agg(lambda s: "; ".join(dict.fromkeys(s))).to_dict())
    tolls = store.related_tolls(records["id"].tolist()) if len(records) else []
    event_of = dict(zip(records["id"], records["e"]))
    related: dict[str, list[dict[str, Any]]] = {}
    for t in tolls:
        for e in dict.fromkeys(event_of[r] for r in t.records if r in event_of):
            related.setdefault(e, []).append(t.to_dict())
    out = []
    for ev in events.to_dict("records"):
        eid = ev["id"]
        row = {c: None for c in EVENT_COLUMNS}
        for c in EVENT_COLUMNS:
            v = ev.get(c)
            if v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
                v = None
            elif isinstance(v, pd.Timestamp):
                v = v.date().isoformat()
            elif hasattr(v, "item"):
                v = v.item()
            row[c] = v
        row["event_id"] = eid
        row["record_ids"] = ids_of.get(eid, eid)
        row["record_count"] = len(row["record_ids"].split())
        for what in ("killed", "injured"):
            text = ev.get(f"{what}_text")
            row[what] = text if isinstance(text, str) else None
            if row[f"{what}_from"] is None and row["record_count"] == 1 and row[what] is not None:
                row[f"{what}_from"] = row["record_ids"]
        row["attributions"] = ledger_text(led.get(eid, ())) or None
        row["sources"] = outlets.get(eid)
        row["related"] = related_text(related.get(eid, ())) or None
        out.append(row)
    return out
