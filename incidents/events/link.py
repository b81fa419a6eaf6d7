"""The linker: which records (what one source says) tell of the same attack (one event).

One mechanism serves every write (an import, a saved report, an analyst's entry) and a full re-link:

1. **Blocking** (:func:`candidate_pairs`): two records are compared only when their dates lie within
   :data:`MAX_DAYS` of each other, their provinces do not differ, their datasets differ (two
   records of one dataset are never the same attack; records without a dataset — news reports, an
   analyst's entries — may be many per event) and, where both are placed, their points lie within
   reach of each other's precision (:func:`reach_km`).
2. **Scoring** (:func:`score`), vectorised over pairs: closeness in time and space, then agreement
   on attack type, target, casualties and the groups each names. Every term is in
   :data:`WEIGHTS`, documented beside it.
3. **Deciding** (:func:`plan`): pairs at or above :data:`LINK_AT` are linked, best first, unless the
   events they join would hold two records of one dataset or an analyst said the two are different;
   pairs between :data:`REVIEW_AT` and :data:`LINK_AT` go to the review queue, never merged silently.
   An analyst's "same" is a link whatever the score; "different" is never overridden.

No database here: ``incidents/store/linking.py`` fetches the records and applies the plan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

#: Days two records' dates may differ by and still be compared (a report dated the day after, GTD
#: coding the report date).
MAX_DAYS = 2
#: How far (km) a record's point may be from the place itself, by geo precision (ACLED: 1 the
#: place, 2 near it or a part of a district, 3 only the province: no distance check).
PRECISION_KM = {1: 8.0, 2: 40.0}
#: Linked without review at or above this score; queued for review at or above REVIEW_AT.
LINK_AT = 0.70
REVIEW_AT = 0.30

#: What each agreement or disagreement adds to a pair's score (closeness gives up to 0.6).
WEIGHTS = {
    "same_family": 0.15,        # both bombings, or both shootings
    "other_family": -0.35,      # a bombing and a shooting: two attacks, most likely
    "same_target": 0.05,
    "other_target": -0.10,      # the security forces against civilians (civilians at a mosque agree with both)
    "police_military": -0.05,   # the police against the army: datasets code these apart, but not always alike
    "killed_agree": 0.15,       # the killed figures' ranges overlap, or lie within a factor of 1.6
    "killed_disagree": -0.25,   # e.g. one dead against thirty
    "shared_group": 0.15,       # a group named by both (any status but a denial)
    "other_groups": -0.20,      # each names attributing groups, none in common
}

_FAMILIES = (
    ("explosive", re.compile(r"bomb|explos|ied|blast|suicide|grenade|rocket|mortar|shell|landmine|mine\b|"
                             r"remote|detonat|vbied", re.I)),
    ("armed", re.compile(r"armed|assault|shoot|firing|gun|attack on|ambush|clash|raid|storm|kill", re.I)),
    ("abduction", re.compile(r"abduct|kidnap|hostage|hijack", re.I)),
)
_TARGETS = (
    ("police", re.compile(r"police|levies|constab|fc\b|frontier corps|check\s*post|checkpost", re.I)),
    ("military", re.compile(r"army|military|soldier|troops|cantonment|security forces|convoy|isi\b", re.I)),
    ("worship", re.compile(r"mosque|church|shrine|imambargah|temple|procession|religious|worship|mawlid|milad", re.I)),
    ("civilian", re.compile(r"civilian|market|bus|passenger|school|labou?rer|worker|rally|vehicle|hotel|wedding", re.I)),
)


def family(attack_type: str | None) -> str | None:
    """The coarse kind of an attack type in any dataset's words: explosive, armed, abduction; None when unknown."""
    if not attack_type:
        return None
    for name, pattern in _FAMILIES:
        if pattern.search(attack_type):
            return name
    return None


def target_kind(target: str | None) -> str | None:
    """The coarse kind of a target in any dataset's words (police, military, worship, civilian), or None."""
    if not target:
        return None
    for name, pattern in _TARGETS:
        if pattern.search(target):
            return name
    return None


def reach_km(precision: np.ndarray) -> np.ndarray:
    """How far (km) a point of each geo precision may lie from the place it stands for (inf: unknown)."""
    out = np.full(len(precision), np.inf)
    for p, km in PRECISION_KM.items():
        out[precision == p] = km
    return out


def distance_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance (haversine, km); NaN where a point is missing."""
    la1, lo1, la2, lo2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


#: The columns :func:`candidate_pairs` and :func:`score` read from a records frame.
COLUMNS = ("id", "date", "date_precision", "province_code", "lat", "lon", "geo_precision", "attack_type", "target",
           "killed_min", "killed_max", "dataset")


def candidate_pairs(records: pd.DataFrame, among: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j), i < j, of the record pairs worth scoring (see the module docstring).

    ``records`` has :data:`COLUMNS` (``date`` datetime64 or dates); ``among``: boolean mask of the
    records at least one side of a pair must be (the records just written), None for every pair.
    """
    n = len(records)
    if n < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    day = pd.to_datetime(records["date"]).to_numpy("datetime64[D]").astype(np.int64)
    order = np.argsort(day, kind="stable")
    d = day[order]
    exact = (records["date_precision"].to_numpy(object) == "day")[order]
    prov = records["province_code"].astype(object).where(records["province_code"].notna(), None).to_numpy(object)[order]
    ds = records["dataset"].astype(object).where(records["dataset"].notna(), None).to_numpy(object)[order]
    lat = records["lat"].to_numpy(float)[order]
    lon = records["lon"].to_numpy(float)[order]
    gp = records["geo_precision"].astype("Float64").to_numpy(float, na_value=np.nan)[order]
    reach = reach_km(gp)
    mark = np.ones(n, bool) if among is None else np.asarray(among, bool)[order]
    left, right = [], []
    for k in range(1, n):
        i = np.arange(n - k)
        j = i + k
        near = d[j] - d[i] <= MAX_DAYS
        if not near.any():
            break
        i, j = i[near], j[near]
        ok = (mark[i] | mark[j]) & exact[i] & exact[j]
        ok &= (prov[i] == prov[j]) | pd.isna(prov[i]) | pd.isna(prov[j])
        ok &= (ds[i] != ds[j]) | pd.isna(ds[i]) | pd.isna(ds[j])
        i, j = i[ok], j[ok]
        km = distance_km(lat[i], lon[i], lat[j], lon[j])
        placed = ~np.isnan(km)
        within = ~placed | (km <= reach[i] + reach[j] + 5.0)
        left.append(i[within])
        right.append(j[within])
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    a, b = order[np.concatenate(left)], order[np.concatenate(right)]
    return np.minimum(a, b), np.maximum(a, b)


def score(records: pd.DataFrame, i: np.ndarray, j: np.ndarray,
          groups: Sequence[frozenset[str]] | None = None) -> np.ndarray:
    """The score of each pair (records i[k], j[k]): closeness (up to 0.6) plus :data:`WEIGHTS`.

    ``groups``: per record, the codes of the groups its ledger names with an attributing status
    (claimed, suspected, blamed); None to leave groups out.
    """
    if len(i) == 0:
        return np.empty(0)
    day = pd.to_datetime(records["date"]).to_numpy("datetime64[D]").astype(np.int64)
    days = np.abs(day[i] - day[j])
    s = np.select([days == 0, days == 1], [0.35, 0.25], 0.12)
    lat, lon = records["lat"].to_numpy(float), records["lon"].to_numpy(float)
    km = distance_km(lat[i], lon[i], lat[j], lon[j])
    gp = records["geo_precision"].astype("Float64").to_numpy(float, na_value=np.nan)
    reach = reach_km(gp)
    allowed = reach[i] + reach[j] + 5.0
    near = np.where(np.isnan(km) | ~np.isfinite(allowed), 0.10, 0.25 * np.clip(1 - km / allowed, 0, 1))
    s = s + near
    fam = records["attack_type"].map(family, na_action="ignore").to_numpy(object)
    s = s + _agreement(fam[i], fam[j], WEIGHTS["same_family"], WEIGHTS["other_family"])
    tgt = records["target"].map(target_kind, na_action="ignore").to_numpy(object)
    s = s + _target_agreement(tgt[i], tgt[j])
    lo = records["killed_min"].astype("Float64").to_numpy(float, na_value=np.nan)
    hi = records["killed_max"].astype("Float64").to_numpy(float, na_value=np.nan)
    hi = np.where(np.isnan(hi), lo, hi)
    known = ~np.isnan(lo[i]) & ~np.isnan(lo[j])
    overlap = (lo[i] <= np.where(np.isnan(hi[j]), np.inf, hi[j]) * 1.6 + 1) & \
              (lo[j] <= np.where(np.isnan(hi[i]), np.inf, hi[i]) * 1.6 + 1)
    s = s + np.where(known, np.where(overlap, WEIGHTS["killed_agree"], WEIGHTS["killed_disagree"]), 0.0)
    if groups is not None:
        g = np.array([frozenset(x) for x in groups] + [frozenset()], dtype=object)[:-1]
        both = np.array([bool(a) and bool(b) for a, b in zip(g[i], g[j])], bool)
        shared = np.array([bool(a & b) for a, b in zip(g[i], g[j])], bool)
        s = s + np.where(shared, WEIGHTS["shared_group"], np.where(both, WEIGHTS["other_groups"], 0.0))
    return np.round(s, 4)


_SECURITY = ("police", "military")


def _target_agreement(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    known = pd.notna(a) & pd.notna(b)
    sec_a, sec_b = np.isin(a, _SECURITY), np.isin(b, _SECURITY)
    term = np.where(a == b, WEIGHTS["same_target"],
                    np.where(sec_a & sec_b, WEIGHTS["police_military"],
                             np.where(sec_a != sec_b, WEIGHTS["other_target"], 0.0)))
    return np.where(known, term, 0.0)


def _agreement(a: np.ndarray, b: np.ndarray, same: float, other: float) -> np.ndarray:
    known = pd.notna(a) & pd.notna(b)
    return np.where(known, np.where(a == b, same, other), 0.0)


@dataclass
class Plan:
    """What the linker decided: each record's event, and the pairs for an analyst to review."""

    event_of: dict[str, str]
    review: list[tuple[str, str, float]] = field(default_factory=list)


def plan(ids: Sequence[str], datasets: Sequence[str | None], events: Sequence[str], pairs: Iterable[tuple[int, int, float]],
         *, same: Iterable[tuple[str, str]] = (), different: Iterable[tuple[str, str]] = (),
         new: Iterable[str] = ()) -> Plan:
    """Merge events along the pairs (positions into ``ids`` with their score), best first.

    ``events``: each record's event as it stands (links made before are kept); ``same`` and
    ``different``: an analyst's decisions on pairs of record ids. Two events merge only when no
    dataset has a record in both (records without a dataset excepted) and no "different" decision
    lies between them. The merged event keeps the smallest event id among its records that are not
    ``new`` (the records just written), so that an event keeps its id as sources join it.
    """
    pos = {r: k for k, r in enumerate(ids)}
    first: dict[str, int] = {}
    parent = [first.setdefault(e, k) for k, e in enumerate(events)]  # records of one event start in one set

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[int, set[int]] = {}
    for k in range(len(ids)):
        members.setdefault(find(k), set()).add(k)
    apart: dict[int, set[int]] = {}
    for a, b in different:
        if a in pos and b in pos:
            apart.setdefault(pos[a], set()).add(pos[b])
            apart.setdefault(pos[b], set()).add(pos[a])

    def may_join(ra: int, rb: int) -> bool:
        seen = {datasets[m] for m in members[ra] if datasets[m]}
        if any(datasets[m] in seen for m in members[rb] if datasets[m]):
            return False
        return not any(apart.get(m, set()) & members[rb] for m in members[ra])

    def join(ra: int, rb: int) -> None:
        keep, gone = (ra, rb) if len(members[ra]) >= len(members[rb]) else (rb, ra)
        parent[gone] = keep
        members[keep] |= members.pop(gone)

    for a, b in same:  # an analyst's link holds whatever the score
        if a in pos and b in pos and find(pos[a]) != find(pos[b]):
            join(find(pos[a]), find(pos[b]))
    review: list[tuple[str, str, float]] = []
    for i, j, s in sorted(pairs, key=lambda p: (-p[2], ids[p[0]], ids[p[1]])):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if s >= LINK_AT and may_join(ri, rj):
            join(ri, rj)
        elif s >= REVIEW_AT and may_join(ri, rj):
            review.append((ids[i], ids[j], float(s)))
    fresh = set(new)
    event_of: dict[str, str] = {}
    for root, group in members.items():
        old = [events[m] for m in group if ids[m] not in fresh]
        name = min(old) if old else min(events[m] for m in group)
        for m in group:
            event_of[ids[m]] = name
    review = [(a, b, s) for a, b, s in review if event_of[a] != event_of[b]]
    return Plan(event_of, review)


def attributing_groups(attributions: pd.DataFrame, ids: Sequence[str]) -> list[frozenset[str]]:
    """Per record id, the groups its ledger names as claimed, suspected or blamed (a denial is not an
    attribution). ``attributions`` has incident_id, group_code, status."""
    from ..registry import ATTRIBUTING

    att = attributions[attributions["status"].isin(ATTRIBUTING)]
    by_id = att.groupby("incident_id")["group_code"].agg(frozenset).to_dict() if len(att) else {}
    return [by_id.get(i, frozenset()) for i in ids]
