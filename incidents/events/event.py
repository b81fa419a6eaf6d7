"""An event's fields, derived from its records by rules written once, here.

- **Place** (location, district, province, point, precision): the most precise record's — the lowest
  geo precision, a placed record before an unplaced one, then the earliest, then the smallest id.
- **Date**: the earliest of its records' dates; ``date_last`` keeps the latest (the spread).
- **Attack type, target, summary**: the place record's, else the first record in that order that has one.
- **Category**: from its records' known categories (unknown ones say nothing): a militant ``attack``
  or a state's ``operation`` where a record says so (both said: the one more records say, an attack
  on a tie; the linker keeps such records apart unless an analyst joins them), else ``clash``, else
  ``other``; unknown (null) when no record knows. A dataset's "clash" (initiator not coded) gives
  way to a source that says who acted.
- **Killed, injured**: each is *one source's* figure, with its wording: the record with the highest
  lower bound (tolls rise as reports come in; a source that only says "dozens" is not preferred over
  one that counted), an exact figure before an open one at the same bound; where no source gives a
  number, a source's wording ("many") before silence. Never a sum, never a figure no source gave;
  unknown stays unknown. ``killed_spread`` says how far the sources lie apart
  ("34–52 across 4 sources") wherever they disagree.
- **Ledger**: each (group, status) once per event, in the order claimed, suspected, blamed, denied,
  with every ``by`` that says so; the group an event is drawn in is its strongest attributing group.
- ``killed_from``, ``injured_from``: the record whose figure is the event's (events of several records);
- ``records``: how many records the event links; ``datasets``: their sources; ``disagree``: the
  fields on which they differ (killed, date, attack type).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..registry import STATUSES
from .link import family

#: Columns an event takes from its place record.
PLACE_COLUMNS = ("location", "district", "province", "province_code", "lat", "lon", "geo_precision")
_FIRST_KNOWN = ("attack_type", "target", "summary", "dataset", "dataset_event_id", "date_precision")
_COUNTS = {"killed": ("killed_min", "killed_max", "killed_text"), "injured": ("injured_min", "injured_max", "injured_text")}
_INTEGERS = ("geo_precision", "killed_min", "killed_max", "injured_min", "injured_max", "records")
#: A record without a dataset (a news report, an analyst's entry) is named this in ``datasets``.
REPORT = "report"


def _event_key(frame: pd.DataFrame) -> pd.Series:
    if "event_id" in frame:
        return frame["event_id"].astype(object).where(frame["event_id"].notna(), frame["id"].astype(object))
    return frame["id"].astype(object)


def _place_order(frame: pd.DataFrame) -> np.ndarray:
    """Record positions in place order within each event (see the module docstring)."""
    prec = frame["geo_precision"].astype("Float64").fillna(9).to_numpy(float) if "geo_precision" in frame else \
        np.zeros(len(frame))
    unplaced = frame["lat"].isna().to_numpy() if "lat" in frame else np.zeros(len(frame), bool)
    keys = pd.DataFrame({"e": _event_key(frame).to_numpy(object), "p": prec, "u": unplaced,
                         "d": pd.to_datetime(frame["date"]).to_numpy(), "i": frame["id"].astype(object).to_numpy()})
    return keys.sort_values(["e", "p", "u", "d", "i"], kind="stable").index.to_numpy()


def collapse(frame: pd.DataFrame, attributions: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Records -> events: one row per event with the records' column names (``id`` = the event's id),
    ordered by (date, id), plus ``date_last``, ``records``, ``datasets``, ``killed_spread``,
    ``injured_spread`` and ``disagree``. ``attributions`` and ``sources`` (rows keyed by
    ``incident_id`` = record id) come back keyed by event id (sources with their ``record_id``),
    each ledger entry once per event.

    An event of one record is that record (every rule gives its own fields back): those are taken
    as they are, and the rules run on the events of several records only."""
    key = _event_key(frame).to_numpy(object)
    shared = pd.Series(key).duplicated(keep=False).to_numpy()
    single = frame[~shared].copy()
    single["id"] = key[~shared]
    single["date_last"] = pd.to_datetime(single["date"]).to_numpy()
    single["records"] = pd.array(np.ones(len(single), np.int64), dtype="Int64")
    if "dataset" in frame:
        single["datasets"] = single["dataset"].astype(object).where(single["dataset"].notna(), REPORT).to_numpy(object)
    for kind in _COUNTS:
        single[f"{kind}_spread"] = None
    single["disagree"] = None
    parts = [single]
    if shared.any():
        parts.append(_derive(frame[shared].reset_index(drop=True), key[shared]))
    events = pd.concat(parts, ignore_index=True) if len(parts) > 1 else single
    events = events.drop(columns=["event_id"], errors="ignore")
    events = events.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    moved = key != frame["id"].to_numpy(object)
    remap = dict(zip(frame["id"].to_numpy(object)[moved], key[moved]))
    return events, _ledger(attributions, remap, set(key[shared])), _by_event(sources, remap)


def _derive(frame: pd.DataFrame, key: np.ndarray) -> pd.DataFrame:
    """The rules (module docstring) for records of events with several records each."""
    frame = frame.assign(event_id=key)
    okey_series = pd.Series(key)
    order = _place_order(frame)
    ordered = frame.iloc[order]
    okey = key[order]
    first = ~pd.Series(okey).duplicated().to_numpy()
    events = ordered[first].copy()
    events["id"] = okey[first]
    grouped = pd.Series(pd.to_datetime(frame["date"]).to_numpy()).groupby(key)
    events["date"] = events["id"].map(grouped.min()).to_numpy()
    events["date_last"] = events["id"].map(grouped.max()).to_numpy()
    sizes = okey_series.value_counts()
    events["records"] = events["id"].map(sizes).astype("Int64").to_numpy()
    for col in _FIRST_KNOWN:
        if col in frame:
            firsts = ordered[col].groupby(okey, sort=False).first()  # first non-null in place order
            events[col] = events["id"].map(firsts).astype(frame[col].dtype).to_numpy()
    if "dataset" in frame:
        names = frame["dataset"].astype(object).where(frame["dataset"].notna(), REPORT)
        sets = names.groupby(key).agg(lambda s: " · ".join(sorted(set(s))))
        events["datasets"] = events["id"].map(sets).to_numpy(object)
    disagree: dict[str, list[str]] = {}
    for kind, (lo, hi, text) in _COUNTS.items():
        if lo not in frame:
            continue
        pick = _headline(frame, okey_series, lo, hi, text)
        for col in (lo, hi, text):
            events[col] = events["id"].map(frame[col].iloc[pick.to_numpy()].set_axis(pick.index)).astype(
                frame[col].dtype).to_numpy()
        known = events["id"].map(frame[lo].notna().iloc[pick.to_numpy()].set_axis(pick.index)).to_numpy(bool)
        picked = events["id"].map(frame["id"].iloc[pick.to_numpy()].set_axis(pick.index)).to_numpy(object)
        events[f"{kind}_from"] = np.where(known, picked, None)  # the record whose figure this is
        spread, differ = _spread(frame, okey_series, lo, hi)
        events[f"{kind}_spread"] = events["id"].map(spread).to_numpy(object)
        for e in differ:
            disagree.setdefault(e, []).append(kind)
    if "category" in frame:
        events["category"] = events["id"].map(_categories(frame["category"], key)).astype(frame["category"].dtype)
        kinds = frame["category"].groupby(key).nunique()
        for e in kinds[kinds > 1].index:
            disagree.setdefault(e, []).append("category")
    days = pd.Series(pd.to_datetime(frame["date"]).to_numpy()).groupby(key).nunique()
    for e in days[days > 1].index:
        disagree.setdefault(e, []).append("date")
    if "attack_type" in frame:
        kinds = frame["attack_type"].map(family, na_action="ignore").groupby(key).nunique()
        for e in kinds[kinds > 1].index:
            disagree.setdefault(e, []).append("attack_type")
    events["disagree"] = [", ".join(disagree[e]) if e in disagree else None for e in events["id"]]
    return events




def _categories(category: pd.Series, key: np.ndarray) -> pd.Series:
    """Each event's category by the rule of the module docstring (events with no known category absent)."""
    known = category.notna().to_numpy()
    if not known.any():
        return pd.Series([], dtype=object)
    counts = pd.crosstab(key[known], category.to_numpy(object)[known])
    out = {}
    for e, row in counts.iterrows():
        attack, operation = row.get("attack", 0), row.get("operation", 0)
        if attack or operation:
            out[e] = "attack" if attack >= operation else "operation"
        elif row.get("clash", 0):
            out[e] = "clash"
        else:
            out[e] = "other"
    return pd.Series(out, dtype=object)


def _headline(frame: pd.DataFrame, key: pd.Series, lo: str, hi: str, text: str | None = None) -> pd.Series:
    """Per event, the position of the record whose figure is the headline (see the module docstring);
    where no source gives a number, one that gives a wording ("many") before one that says nothing."""
    low = frame[lo].astype("Float64").to_numpy(float, na_value=np.nan)
    high = frame[hi].astype("Float64").to_numpy(float, na_value=np.nan)
    place_rank = np.empty(len(frame), np.int64)
    place_rank[_place_order(frame)] = np.arange(len(frame))
    worded = frame[text].notna().to_numpy(bool) if text and text in frame else np.zeros(len(frame), bool)
    keys = pd.DataFrame({"e": key.to_numpy(object), "known": np.isnan(low), "lo": -np.nan_to_num(low, nan=0),
                         "open": high != low, "silent": ~worded, "r": place_rank})
    best = keys.sort_values(["e", "known", "lo", "open", "silent", "r"], kind="stable")
    return pd.Series(best.index.to_numpy(), index=best["e"].to_numpy()).groupby(level=0, sort=False).first()


def _spread(frame: pd.DataFrame, key: pd.Series, lo: str, hi: str) -> tuple[dict[Any, str], list[Any]]:
    """Per event whose sources give different figures: "34–52 across 4 sources"; and those events."""
    low = frame[lo].astype("Float64")
    known = low.notna().to_numpy()
    if not known.any():
        return {}, []
    high = frame[hi].astype("Float64").fillna(low)
    df = pd.DataFrame({"e": key.to_numpy(object)[known], "lo": low.to_numpy(float, na_value=np.nan)[known],
                       "hi": high.to_numpy(float, na_value=np.nan)[known],
                       "open": frame[hi].isna().to_numpy()[known]})
    g = df.groupby("e")
    stats = pd.DataFrame({"n": g.size(), "lo": g["lo"].min(), "hi": g["hi"].max(), "los": g["lo"].nunique(),
                          "his": g["hi"].nunique()})
    df["top"] = df["e"].map(stats["hi"])
    stats["open"] = df[df["open"] & (df["lo"] >= df["top"])].groupby("e").size().reindex(stats.index).notna()
    differ = stats[(stats["n"] > 1) & ((stats["los"] > 1) | (stats["his"] > 1))]
    text = {e: f"{int(r.lo)}–{int(r.hi)}{'+' if r.open else ''} across {int(r.n)} sources"
            for e, r in differ.iterrows()}
    return text, list(differ.index)


def _by_event(rows: pd.DataFrame | None, remap: dict[Any, Any]) -> pd.DataFrame | None:
    """Rows keyed by record id, keyed by event id instead (``record_id`` keeps the record's)."""
    if rows is None:
        return None
    out = rows.copy()
    out["record_id"] = out["incident_id"]
    if remap:
        ids = out["incident_id"].astype(object)
        out["incident_id"] = ids.map(remap).fillna(ids).astype(rows["incident_id"].dtype)
    return out.reset_index(drop=True)


def _ledger(attributions: pd.DataFrame | None, remap: dict[Any, Any], shared: set[Any]) -> pd.DataFrame | None:
    """The ledger keyed by event: each (event, group, status) once, strongest status first, with
    every ``by`` joined (events of one record keep their record's ledger as it is)."""
    rows = _by_event(attributions, remap)
    if rows is None:
        return None
    rows = rows.drop(columns=["record_id"])
    many = rows["incident_id"].isin(shared).to_numpy() if shared else np.zeros(len(rows), bool)
    if not many.any():
        return rows
    multi = rows[many].copy()
    rank = {s: k for k, s in enumerate(STATUSES)}
    multi["_rank"] = multi["status"].map(rank).fillna(len(STATUSES))
    multi["_pos"] = np.arange(len(multi))
    multi = multi.sort_values(["incident_id", "_rank", "_pos"], kind="stable")
    by = multi.groupby(["incident_id", "group_code", "status"], sort=False)["by"].agg(
        lambda s: "; ".join(dict.fromkeys(v for v in s if isinstance(v, str) and v)) or None)
    merged = by.reset_index()[list(rows.columns)].astype(rows.dtypes.to_dict())
    out = pd.concat([rows[~many], merged], ignore_index=True)
    return out


def event_summary(event_id: str, records: Sequence[Any]) -> dict[str, Any]:
    """One event as JSON: its derived fields (the record schema's names) plus ``records``, each source's
    record whole (``Incident.to_dict()``, with its id and dataset). ``records``: Incident objects."""
    rows = [r.to_dict() for r in records]
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["event_id"] = event_id
    atts = pd.DataFrame([{"incident_id": r["id"], "group_code": a["group"], "status": a["status"], "by": a["by"]}
                         for r in rows for a in r["attributions"]], columns=["incident_id", "group_code", "status", "by"])
    events, ledger, _ = collapse(frame, atts, None)
    ev = events.iloc[0].to_dict()
    out: dict[str, Any] = {}
    for name in ("id", "date", "date_last", "date_precision", *PLACE_COLUMNS, "category", "attack_type", "target",
                 "killed_min", "killed_max", "killed_text", "killed_spread", "injured_min", "injured_max",
                 "injured_text", "injured_spread", "killed_from", "injured_from", "summary", "dataset",
                 "dataset_event_id", "datasets", "disagree"):
        v = ev.get(name)
        if isinstance(v, pd.Timestamp):
            v = v.date().isoformat()
        elif v is pd.NA or (isinstance(v, float) and v != v):
            v = None
        elif name in _INTEGERS and v is not None:
            v = int(v)
        elif isinstance(v, np.generic):
            v = v.item()
        out[name] = v
    out["attributions"] = [{"group": g, "status": s, "by": b if isinstance(b, str) else None}
                           for _, g, s, b in ledger.itertuples(index=False)] if ledger is not None else []
    out["sources"] = []
    urls: set[str] = set()
    for src in (src for r in rows for src in r["sources"]):  # every record's sources, a URL once
        if src.get("url") in urls:
            continue
        if src.get("url"):
            urls.add(src["url"])
        out["sources"].append(src)
    out["flags"] = list(dict.fromkeys(f for r in rows for f in r["flags"]))
    out["records"] = rows
    return out


def unlisted_by_event(unlisted: pd.DataFrame, records: pd.DataFrame, events: pd.Series) -> np.ndarray:
    """Per event (``events``: the events' ids), the perpetrator names its records keep because the
    registry lacks them (``Store.unlisted_frame``), joined with "; " in first-seen order; None when none."""
    out = np.full(len(events), None, dtype=object)
    if unlisted.empty:
        return out
    to_event = pd.Series(records["event_id"].astype(object).to_numpy(), index=records["id"].astype(object).to_numpy())
    ev = unlisted["incident_id"].map(to_event)
    ev = ev.where(ev.notna(), unlisted["incident_id"])
    names: dict[str, list[str]] = {}
    for e, n in zip(ev.tolist(), unlisted["name"].tolist()):
        got = names.setdefault(e, [])
        if n not in got:
            got.append(n)
    pos = pd.Index(events.astype(object)).get_indexer(list(names))
    for p, got in zip(pos, names.values()):
        if p >= 0:
            out[p] = "; ".join(got)
    return out
