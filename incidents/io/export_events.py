"""Events as rows: one real attack a row, for briefings (``export --events``, the XLSX "events" sheet).

A records export (:mod:`.export`) is what our import reads back: every source's record with its
``event_id``. An events export is what an analyst reads: one row per event with the event's fields
(derived by the rules of :mod:`incidents.events.event`), each figure as one source gave it with that
source named and the spread across sources, the ledger written out, the tolls given for several
attacks together (``related``), and the ids of the records it links. It is not meant to be imported
again: :mod:`.native` refuses it with a message that says to import the records export instead.
"""
from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable, Mapping

from ..tabular import neutralise

#: The columns of an events export, in order.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "date", "date_last", "date_precision", "location", "district", "province", "province_code",
    "lat", "lon", "geo_precision", "category", "attack_type", "target",
    "killed", "killed_min", "killed_max", "killed_from", "killed_spread",
    "injured", "injured_min", "injured_max", "injured_from", "injured_spread",
    "related", "attributions", "datasets", "record_count", "record_ids", "disagree", "sources", "summary",
)


def ledger_text(attributions: Iterable[Mapping[str, Any]]) -> str:
    """``IS claimed by Amaq; TTP denied by Reuters``: the ledger in one readable cell."""
    return "; ".join(f"{a['group']} {a['status']}" + (f" by {a['by']}" if a.get("by") else "") for a in attributions)


def related_text(tolls: Iterable[Mapping[str, Any]]) -> str:
    """``killed over 50 (for 2 attacks together, per Dawn)``: the tolls given for attacks together."""
    parts = []
    for t in tolls:
        said = [f"{what} {t[f'{what}_text']}" for what in ("killed", "injured") if t.get(f"{what}_text")]
        if said:
            n = len(t.get("records") or ())
            per = f", per {t['source']}" if t.get("source") else ""
            parts.append(f"{', '.join(said)} (for {n} attacks together{per})")
    return "; ".join(parts)


def write_events_csv(rows: Iterable[Mapping[str, Any]], fh: IO[str], lineterminator: str = "\r\n") -> int:
    """CSV: a header and one formula-safe row per event (EVENT_COLUMNS -> value, as
    :func:`incidents.events.query.event_rows` gives them); returns the number of events."""
    w = csv.writer(fh, lineterminator=lineterminator)
    w.writerow(EVENT_COLUMNS)
    n = 0
    for row in rows:
        w.writerow(["" if row[c] is None else neutralise(row[c]) for c in EVENT_COLUMNS])
        n += 1
    return n


def write_events_geojson(rows: Iterable[Mapping[str, Any]], fh: IO[str], metadata: Mapping[str, Any]) -> int:
    """A FeatureCollection, one feature per event (null geometry when the event has no point), with
    ``metadata`` as a top-level member; returns the number of events."""
    fh.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for row in rows:
        geometry = ({"type": "Point", "coordinates": [row["lon"], row["lat"]]}
                    if row["lat"] is not None and row["lon"] is not None else None)
        props = {**row, "record_ids": (row["record_ids"] or "").split()}
        fh.write(",\n" if n else "\n")
        fh.write(json.dumps({"type": "Feature", "id": row["event_id"], "geometry": geometry, "properties": props},
                            ensure_ascii=False))
        n += 1
    fh.write("\n],\n\"metadata\": " + json.dumps(dict(metadata), ensure_ascii=False) + "}\n")
    return n
