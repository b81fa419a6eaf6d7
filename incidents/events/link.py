"""The linker: which records (what one source says) tell of the same attack (one event).

One mechanism serves every write (an import, a saved report, an analyst's entry) and a full re-link:

1. **Blocking** (:func:`candidate_pairs`): two records are compared only when both dates are exact
   days within :data:`MAX_DAYS` of each other, their provinces do not differ, their datasets differ
   (two records of one dataset are never the same attack; records without a dataset — news
   reports, an analyst's entries — may be many per event) and, where both are placed, their points
   lie within reach of each other's precision (:func:`reach_km`: 8 km for a place, 40 km for a
   district-level point, any distance for a province-level one, plus 5 km).
2. **Scoring** (:func:`score`, :func:`terms`), vectorised over pairs: the score is the probability
   that the two records tell of one attack, the logistic of :data:`BIAS` plus the :data:`WEIGHTS`
   of the terms that hold: the date gap (forgiven in part when GTD or a report is the later one),
   two precise points close or apart, the district names, the attack family (explosive, armed,
   abduction) and a suicide attack on both sides, the record categories (a militant attack and a
   state's operation are never one event but by an analyst's word), the target kind (police, military,
   worship, civilian, militants — an operation is not an attack), the killed and injured figures (the same
   exact figure; "at least N" against N or more; a factor apart; an order of magnitude apart) and
   the groups each record names as taking part (its attributing ledger — a denial names no one — and
   the groups a state fought, its opponents), and the records' own words (:func:`record_words`, from
   the summary — ACLED's notes, GTD's summary, a report's lead — the location and the target
   fields): the place below the district each names (a gazetteer town or neighbourhood, through its
   alternative spellings, or a name the gazetteer does not know; a village and a town are no
   contradiction, two villages or two towns are), what was hit in detail (a checkpost, a convoy, a
   polio team…) and how (a roadside bomb, a magnetic bomb, gunmen on a motorcycle). The words are
   read once per record into bit sets and integer place codes; a pair costs a few integer
   operations. A term whose fact either side does not know adds nothing. The weights were fitted
   (logistic regression) on the training seeds of ``bench/linkset.py`` and rounded; three were set
   by hand (see beside them).
3. **Deciding** (:func:`plan`): pairs at or above :data:`LINK_AT` are linked, best first, unless the
   events they join would hold two records of one dataset, an analyst said two of their records
   are different, or any pair of their records scored below :data:`AGREE_AT` or was kept apart by
   blocking (a report that fits one attack does not bring in the records of another it contradicts,
   nor of one 30 km away). Pairs between :data:`REVIEW_AT` and :data:`LINK_AT` whose events could
   still be one go to the review queue, never merged silently, and so does a record's link to
   another event that is within :data:`AMBIGUOUS` log-odds of the link it got. An analyst's "same"
   is a link whatever the score; "different" is never overridden.

No database here: ``incidents/store/linking.py`` fetches the records and applies the plan.
Measured in ``bench/bench_link.py`` (bench/README.md, "Linking records into events").
"""
from __future__ import annotations

import functools
from collections import Counter

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

#: Days two records' dates may differ by and still be compared (a report dated the day after, GTD
#: coding the report date).
MAX_DAYS = 2
#: How far (km) a record's point may be from the place itself, by geo precision (ACLED: 1 the
#: place, 2 near it or a part of a district, 3 only the province: no distance check).
PRECISION_KM = {1: 8.0, 2: 40.0}
#: A pair's score is the probability that its two records tell of the same attack: the logistic of
#: BIAS plus the WEIGHTS of the terms that hold. Linked without review at or above LINK_AT (the best
#: F1 on the training seeds), queued for review at or above REVIEW_AT (low enough for an attack's
#: records that agree on the place and little else, two days apart: tests/store/test_linking.py).
LINK_AT = 0.40
REVIEW_AT = 0.04
#: Two events merge only when no pair of their records (among the pairs scored) is below this: a
#: report that fits one attack does not bring in the records of another that it contradicts. (0.25
#: on the training seeds: precision 0.984-0.987 and recall 0.958-0.967 at 3,000 attacks, against
#: 0.981-0.983 and 0.967-0.976 at 0.15 — the margins to the goal of 0.98 / 0.95 made even.)
AGREE_AT = 0.25
#: A record linked to its event but as likely (within this many log-odds) to belong to another event
#: that could take it stays where it is, and that other link is queued for review.
AMBIGUOUS = 1.0

#: Log-odds of the same attack for a pair of candidates that agree on nothing known. Fitted (logistic
#: regression) on the training seeds of bench/linkset.py, then rounded; the held-out seed was never used.
BIAS = -3.5
#: What each term adds to a pair's log-odds. Terms whose facts are unknown on either side add nothing.
WEIGHTS = {
    "day1": -3.25,              # dates a day apart
    "day2": -5.0,               # two days apart
    "late_source": 2.2,         # ...but the later one is GTD or a news report, which often date an attack a day late
    "point_close": 0.65,        # both placed precisely (precision 1), within 3 km
    "point_near": -1.45,        # both precise, 3-10 km apart
    "point_far": -2.85,         # both precise, more than 10 km apart
    "same_district": 4.25,      # the same district name
    "other_district": -4.25,    # different district names
    "same_family": 0.15,        # both bombings, or both shootings
    "other_family": -2.1,       # a bombing and a shooting (complex attacks make this only likely, not sure)
    "both_suicide": 1.1,        # both say a suicide attack
    "same_target": 0.75,
    "police_military": 0.05,    # datasets code the Frontier Corps and Levies apart, and not alike
    "security_civilian": -0.95, # the security forces against civilians
    "militants": -4.0,          # an operation against militants vs anything else (fitted -5.8: capped, as the
                                # labelled set never codes an attack's target as militants)
    "killed_equal": 2.15,       # the same exact toll (0-3 dead: common)
    "killed_equal_4plus": 3.35, # the same exact toll of four or more
    "killed_open": 0.75,        # "at least N" and a toll of N or more
    "killed_loose": -0.55,      # within a factor of 1.6 (+1) but not 1.25 (+1)
    "killed_disagree": -3.45,   # further apart, e.g. three dead against eight, or "at least 10" against 2
    "killed_far": -4.0,         # ...and more: an order of magnitude apart (1 against 52), as no revision explains
                                # (set by hand; fitted -3.4)
    "injured_equal": 2.85,      # the same exact number of injured, three or more
    "injured_far": -4.4,        # injured figures far apart (more than twice the other, +3)
    "shared_group": 1.2,        # a group named by both (any status but a denial)
    "other_groups": -2.15,      # each names attributing groups, none in common
    "two_reports": -0.9,        # two news reports (no one-to-one rule between them)
    "same_place": 1.5,          # the words: both name one place below the district (a village, a town)
    "other_place": -3.35,       # ...both name places of one kind (two gazetteer places, two unknown to it), none shared
    "same_detail": 1.9,         # both name one detail of what was hit (a checkpost, a convoy, a polio team)
    "other_detail": -2.0,       # ...both name details, none in common
    "same_mode": 1.8,           # both say how (a roadside bomb, a magnetic bomb, gunmen on a motorcycle)
    "other_mode": -3.15,        # ...both say how, differently
    "attack_operation": -8.0,   # one says a militant attack, the other a state's operation (issue 19: "an operation
                                # near an attack" was the main cause of wrong merges; set by hand, not fitted)
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
#: Targets that are the militants themselves (a security operation): ACLED's actor2 in a battle, a report's words.
_MILITANTS = re.compile(r"militant|terrorist|hideout|insurgent|armed group|taliban|tehree?k|tehrik|liberation|"
                        r"islamic state|lashkar|jamaa?t|\bttp\b|\bbla\b|\bblf\b|gul bahadur|khawarij", re.I)


#: The terms of the records' words (:func:`record_words`), agreeing ones: each has an "other_" twin.
WORD_TERMS = ("same_place", "same_detail", "same_mode")


def family(attack_type: str | None) -> str | None:
    """The coarse kind of an attack type in any dataset's words: explosive, armed, abduction; None when unknown."""
    if not attack_type:
        return None
    for name, pattern in _FAMILIES:
        if pattern.search(attack_type):
            return name
    return None


def target_kind(target: str | None) -> str | None:
    """The coarse kind of a target in any dataset's words (militants, police, military, worship,
    civilian), or None."""
    if not target:
        return None
    if _MILITANTS.search(target):
        return "militants"
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


#: The columns :func:`candidate_pairs` and :func:`score` read from a records frame (``location`` and
#: ``summary``: the words, :func:`record_words`; without them the words' terms add nothing).
COLUMNS = ("id", "date", "date_precision", "province_code", "district", "lat", "lon", "geo_precision", "attack_type",
           "target", "killed_min", "killed_max", "injured_min", "injured_max", "dataset", "category", "location",
           "summary")


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
    prov = _factor(records["province_code"])[order]  # integer codes, -1 for none: fast comparisons
    ds = _factor(records["dataset"])[order]
    lat = records["lat"].to_numpy(float)[order]
    lon = records["lon"].to_numpy(float)[order]
    gp = records["geo_precision"].astype("Float64").to_numpy(float, na_value=np.nan)[order]
    reach = reach_km(gp)
    mark = np.ones(n, bool) if among is None else np.asarray(among, bool)[order]
    left, right = [], []
    base = np.arange(n)
    for k in range(1, n):
        i = base[:n - k]
        j = i + k
        near = d[j] - d[i] <= MAX_DAYS
        if not near.any():
            break
        i, j = i[near], j[near]
        ok = (mark[i] | mark[j]) & exact[i] & exact[j]
        ok &= (prov[i] == prov[j]) | (prov[i] < 0) | (prov[j] < 0)
        ok &= (ds[i] != ds[j]) | (ds[i] < 0) | (ds[j] < 0)
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


def _factor(column: pd.Series) -> np.ndarray:
    """Integer codes of a text column's values; -1 for a missing one (None, NaN or empty)."""
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    valid = np.array([isinstance(u, str) and u != "" for u in uniques] + [False], bool)
    return np.where(valid[codes], codes, -1).astype(np.int64)


def score(records: pd.DataFrame, i: np.ndarray, j: np.ndarray,
          groups: Sequence[frozenset[str]] | None = None) -> np.ndarray:
    """The score of each pair (records i[k], j[k]): the probability of one attack, the logistic of
    :data:`BIAS` plus the :data:`WEIGHTS` of the terms that hold (:func:`terms`)."""
    if len(i) == 0:
        return np.empty(0)
    z = np.full(len(i), BIAS)
    for name, holds in terms(records, i, j, groups).items():
        z += np.where(holds, WEIGHTS[name], 0.0)
    return np.round(1.0 / (1.0 + np.exp(-z)), 4)


def worth_scoring(records: pd.DataFrame, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Which pairs could reach :data:`REVIEW_AT`, whatever groups the two ledgers name (the group
    terms taken at their most favourable): the others can neither link nor be reviewed."""
    if len(i) == 0:
        return np.zeros(0, bool)
    z = np.full(len(i), BIAS + max(0.0, WEIGHTS["shared_group"], WEIGHTS["other_groups"]))
    held = terms(records, i, j, None)
    for name, holds in held.items():
        z += np.where(holds, WEIGHTS[name], 0.0)
    # without the records' words (no summary or location read), as if they agreed
    z += sum(max(0.0, WEIGHTS[n], WEIGHTS[f"other_{n[5:]}"]) for n in WORD_TERMS if n not in held)
    return z >= np.log(REVIEW_AT / (1 - REVIEW_AT))


def terms(records: pd.DataFrame, i: np.ndarray, j: np.ndarray,
          groups: Sequence[frozenset[str]] | None = None) -> dict[str, np.ndarray]:
    """Which of the :data:`WEIGHTS` terms hold for each pair (boolean arrays by term name).

    ``groups``: per record, the codes of the groups its ledger names with an attributing status
    (claimed, suspected, blamed); None to leave groups out.
    """
    t: dict[str, np.ndarray] = {}
    day = pd.to_datetime(records["date"]).to_numpy("datetime64[D]").astype(np.int64)
    days = np.abs(day[i] - day[j])
    named = _factor(records["dataset"]) >= 0
    late = ~named | records["dataset"].astype(object).eq("GTD").to_numpy(bool)
    t["day1"], t["day2"] = days == 1, days >= 2
    later_i = day[i] > day[j]
    t["late_source"] = (days >= 1) & np.where(later_i, late[i], late[j])  # the later one is GTD or a report
    lat, lon = records["lat"].to_numpy(float), records["lon"].to_numpy(float)
    km = distance_km(lat[i], lon[i], lat[j], lon[j])
    gp = records["geo_precision"].astype("Float64").to_numpy(float, na_value=np.nan)
    precise = (gp[i] == 1) & (gp[j] == 1) & ~np.isnan(km)
    t["point_close"] = precise & (km <= 3)
    t["point_near"] = precise & (km > 3) & (km <= 10)
    t["point_far"] = precise & (km > 10)
    dn = _district_key(records)
    dk = (dn[i] >= 0) & (dn[j] >= 0)
    t["same_district"], t["other_district"] = dk & (dn[i] == dn[j]), dk & (dn[i] != dn[j])
    fam = _codes(records["attack_type"], family)
    known = (fam[i] >= 0) & (fam[j] >= 0)
    t["same_family"], t["other_family"] = known & (fam[i] == fam[j]), known & (fam[i] != fam[j])
    words = records["attack_type"].astype(object).fillna("").astype(str)
    sui = words.str.contains("suicide", case=False).to_numpy(bool)
    t["both_suicide"] = sui[i] & sui[j]
    kinds = ("militants", "police", "military", "worship", "civilian")
    tg = _codes(records["target"], target_kind, kinds)
    tk = (tg[i] >= 0) & (tg[j] >= 0)
    mil, sec = tg == 0, (tg == 1) | (tg == 2)
    t["same_target"] = tk & (tg[i] == tg[j])
    t["militants"] = tk & (mil[i] != mil[j])
    t["police_military"] = tk & sec[i] & sec[j] & (tg[i] != tg[j])
    t["security_civilian"] = tk & (sec[i] != sec[j]) & ~mil[i] & ~mil[j]
    lo = records["killed_min"].astype("Float64").to_numpy(float, na_value=np.nan)
    hi = records["killed_max"].astype("Float64").to_numpy(float, na_value=np.nan)
    open_ = ~np.isnan(lo) & np.isnan(hi)  # "at least N": no upper bound
    hi = np.where(open_, np.inf, hi)
    kn = ~np.isnan(lo[i]) & ~np.isnan(lo[j])
    any_open = open_[i] | open_[j]

    def within(factor: float) -> np.ndarray:
        return (lo[i] <= hi[j] * factor + 1) & (lo[j] <= hi[i] * factor + 1)

    with np.errstate(invalid="ignore"):
        equal = kn & ~any_open & (lo[i] == lo[j]) & (hi[i] == hi[j])
        t["killed_equal_4plus"] = equal & (lo[i] >= 4)
        t["killed_equal"] = equal & (lo[i] < 4)
        t["killed_open"] = kn & any_open & (lo[i] <= hi[j]) & (lo[j] <= hi[i])
        t["killed_loose"] = kn & ~any_open & ~within(1.25) & within(1.6)
        t["killed_disagree"] = kn & ~within(1.6)
        t["killed_far"] = kn & ((lo[i] > 4 * hi[j] + 4) | (lo[j] > 4 * hi[i] + 4))
    if "injured_min" in records:
        lo = records["injured_min"].astype("Float64").to_numpy(float, na_value=np.nan)
        hi = records["injured_max"].astype("Float64").to_numpy(float, na_value=np.nan)
        open_ = ~np.isnan(lo) & np.isnan(hi)
        hi = np.where(open_, np.inf, hi)
        kn = ~np.isnan(lo[i]) & ~np.isnan(lo[j])
        with np.errstate(invalid="ignore"):
            t["injured_equal"] = kn & ~open_[i] & ~open_[j] & (lo[i] == lo[j]) & (hi[i] == hi[j]) & (lo[i] >= 3)
            t["injured_far"] = kn & ((lo[i] > 2 * hi[j] + 3) | (lo[j] > 2 * hi[i] + 3))
    if groups is not None:
        bits = _group_bits(groups)
        both = (bits[i] != 0) & (bits[j] != 0)
        shared = (bits[i] & bits[j]) != 0
        t["shared_group"], t["other_groups"] = shared, both & ~shared
    t["two_reports"] = ~named[i] & ~named[j]
    if "summary" in records or "location" in records:  # the words of the records in a pair only, each read once
        used = np.unique(np.concatenate([i, j]))
        w = record_words(records.iloc[used] if len(used) < len(records) else records)
        at = np.full(len(records), -1, np.int64)
        at[used] = np.arange(len(used))
        t.update(_word_terms(w, at[i], at[j]))
    if "category" in records:
        cat = records["category"].astype(object).to_numpy()
        attack, operation = cat == "attack", cat == "operation"
        t["attack_operation"] = (attack[i] & operation[j]) | (operation[i] & attack[j])
    else:
        t["attack_operation"] = np.zeros(len(i), bool)
    return t


def _codes(column: pd.Series, kind_of: Callable[[str], str | None],
           names: Sequence[str] = tuple(n for n, _ in _FAMILIES)) -> np.ndarray:
    """Each record's kind (by ``kind_of``) as its index in ``names``; -1 when unknown (each distinct
    text classified once)."""
    index = {n: k for k, n in enumerate(names)}
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    kinds = np.array([index.get(kind_of(u), -1) if isinstance(u, str) and u else -1 for u in uniques] + [-1],
                     np.int64)
    return kinds[codes]  # code -1 (missing) picks the trailing -1


_DISTRICT_NOISE = re.compile(r"[^a-z]|district|agency|tribal")


def _district_key(records: pd.DataFrame) -> np.ndarray:
    """Each record's district as an integer: the same for names equal in lower case, letters only,
    without "district"/"agency"/"tribal"; -1 when unknown."""
    if "district" not in records:
        return np.full(len(records), -1, np.int64)
    codes, uniques = pd.factorize(records["district"].astype(object), use_na_sentinel=True)
    keys = [_DISTRICT_NOISE.sub("", u.lower()) if isinstance(u, str) else "" for u in uniques]
    key_codes = {}
    mapped = np.array([key_codes.setdefault(k, len(key_codes)) if k else -1 for k in keys] + [-1], np.int64)
    return mapped[codes]


def _group_bits(groups: Sequence[frozenset[str]]) -> np.ndarray:
    """Each record's groups as a bit set (one bit per group code seen)."""
    bit: dict[str, int] = {}
    out = np.zeros(len(groups), np.int64)
    for k, gs in enumerate(groups):
        v = 0
        for g in gs:
            if g not in bit:
                bit[g] = len(bit) % 63
            v |= 1 << bit[g]
        out[k] = v
    return out


# -- what a record's words say: the target in detail, how it was done, the place below the district --

#: Details of what was hit, as sources word them (ACLED notes, GTD summaries, UCDP headlines, wire
#: copy, a report's target field), as lower-case words: one bit each. Two records naming the same
#: one agree; two naming details but none in common tell of different attacks more often than not.
DETAIL_WORDS = (
    ("checkpost", ("checkpost", "checkposts", "check post", "check posts", "checkpoint", "checkpoints", "picket",
                   "pickets", "chowki")),
    ("police station", ("police station", "police stations", "thana", "police lines")),
    ("patrol", ("patrol", "patrolling", "mobile van", "police mobile", "gashti")),
    ("traffic", ("traffic",)),
    ("polio", ("polio", "vaccinators", "vaccination")),
    ("levies", ("levies",)),
    ("ctd", ("ctd", "counter terrorism department")),
    ("convoy", ("convoy", "convoys", "military vehicle", "security forces vehicle")),
    ("fc", ("fc", "frontier corps", "frontier constabulary")),
    ("camp", ("camp", "fort", "garrison")),
    ("cantonment", ("cantonment", "cantt")),
    ("market", ("market", "bazaar", "mandi")),
    ("bus", ("bus", "passenger van", "coach", "wagon")),
    ("labourers", ("labourers", "laborers", "workers", "miners")),
    ("elder", ("elder", "elders", "peace committee", "aman lashkar", "local leader")),
    ("shop", ("shop", "shops", "hotel", "restaurant")),
    ("car", ("car", "private vehicle", "jeep")),
    ("mosque", ("mosque", "masjid", "prayers")),
    ("imambargah", ("imambargah", "imam bargah")),
    ("shrine", ("shrine", "dargah", "darbar")),
    ("officials", ("officials", "commissioner", "tehsildar", "government office")),
    ("school", ("school", "college", "university")),
    ("hideout", ("hideout", "hideouts", "compound")),
    ("journalist", ("journalist", "reporter", "press club")),
    ("court", ("court", "judge", "lawyer", "lawyers")),
    ("chinese", ("chinese", "cpec")),
    ("rail", ("train", "railway", "railway track")),
    ("utility", ("mobile tower", "telecom", "pipeline", "pylon", "electricity")),
)
#: How it was done, as sources word it: one bit each, compared as the details are.
MODE_WORDS = (
    ("vest", ("blew himself up", "explosive vest", "suicide vest", "suicide jacket")),
    ("vbied", ("explosives laden", "explosive laden", "vehicle borne", "vbied", "car bomb")),
    ("roadside", ("roadside",)),
    ("motorcycle bomb", ("motorcycle bomb", "bomb laden motorcycle", "explosives fitted motorcycle")),
    ("magnetic", ("magnetic", "sticky bomb")),
    ("grenade", ("grenade", "grenades")),
    ("rocket", ("rocket", "rockets", "mortar", "rpg")),
    ("heavy weapons", ("heavy weapons",)),
    ("motorcyclists", ("motorcyclists", "riding a motorcycle", "on motorcycles", "on a motorbike")),
    ("sniper", ("sniper",)),
    ("drone", ("quadcopter", "drone")),
)
#: phrase (one to three words) -> its bit (details) or its bit << 32 (modes)
_PHRASES = {**{p: 1 << k for k, (_, ps) in enumerate(DETAIL_WORDS) for p in ps},
            **{p: 1 << (32 + k) for k, (_, ps) in enumerate(MODE_WORDS) for p in ps}}
_WORD = re.compile(r"[a-z]+")
#: Who told the reporter ("officials said", "police told AFP"): not what was hit.
_SAID = frozenset({"said", "say", "says", "told", "added", "confirmed"})


#: The first words of the phrases of more than one word: only after these are pairs and triples looked up.
_HEADS = frozenset(p.split()[0] for p in _PHRASES if " " in p)


def _bits(text: str) -> int:
    """The detail and mode bits of a text: its words looked up, and the pairs and triples of words
    that start with a phrase's first word."""
    w = _WORD.findall(text.lower())
    n = len(w)
    out = 0
    get = _PHRASES.get
    for k, x in enumerate(w):
        bit = get(x, 0)
        if x in _HEADS and k + 1 < n:
            bit |= get(f"{x} {w[k + 1]}", 0)
            if k + 2 < n:
                bit |= get(f"{x} {w[k + 1]} {w[k + 2]}", 0)
        if bit and not (k + 1 < n and w[k + 1] in _SAID):  # "officials said" names no target
            out |= bit
    return out


#: A place named in running text: a capitalised name after "in", "near" or "at" ("in the Mir Ali area
#: of North Waziristan", "in Shewa (North Waziristan, Khyber Pakhtunkhwa)", "in Turbat, Kech district").
_PLACE_RE = re.compile(r"\b(?:in|near|at|of) (?:the )?((?:[A-Z][a-z'-]+)(?: [A-Z][a-z'-]+){0,2})")
#: Words around a place's name that are not the name ("Killi" is Pashto for village; "Mohalla" a quarter).
_PLACE_NOISE = re.compile(r"^(?:killi|kili|kille|mohalla|muhalla|village|area|town of|the)\s+|"
                          r"\s+(?:area|village|town|tehsil|bazaar|city|locality|district|road|chowk|colony)$", re.I)
#: Capitalised words that are not places below a district.
_NOT_PLACES = frozenset({"pakistan", "balochistan", "baluchistan", "khyber pakhtunkhwa", "punjab", "sindh", "the",
                         "friday", "monday", "tuesday", "wednesday", "thursday", "saturday", "sunday",
                         "january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "afghanistan", "frontier corps", "levies", "police"})


@dataclass
class Words:
    """What each record's words say, one entry per record (computed once per record, compared per
    pair with integer operations): bit sets of target details and modes, and up to
    :data:`PLACES_PER_RECORD` places below the district (an integer per place, -1 none; a gazetteer
    place and a name the gazetteer does not know are told apart by :attr:`known`)."""

    detail: np.ndarray
    mode: np.ndarray
    place: np.ndarray
    known: np.ndarray


PLACES_PER_RECORD = 3


def _gazetteer_places() -> tuple[dict[str, str], frozenset[str]]:
    """Normalised name or alternative name -> the gazetteer's name, for places below a district
    (towns, villages, neighbourhoods, tehsils); and the normalised names of districts and provinces
    (and their headquarters cities), which say nothing below the district."""
    from geo.gazetteer import get_gazetteer

    below: dict[str, str] = {}
    above: set[str] = set()
    for e in get_gazetteer().entries:
        names = [e.name, *e.alt_names]
        if e.kind in ("town", "village", "neighbourhood", "tehsil"):
            for n in names:
                below.setdefault(_place_key(n), e.name)
        else:  # district, agency, province, city (a district's headquarters)
            above.update(_place_key(n) for n in names)
    return below, frozenset(k for k in above if k)


_GAZ: tuple[dict[str, str], frozenset[str]] | None = None


@functools.lru_cache(maxsize=65536)
def _place_key(name: str) -> str:
    """A place name compared: lower case, letters only, without "Killi", "area", "village"…"""
    prev = None
    name = name.strip()
    while prev != name:
        prev, name = name, _PLACE_NOISE.sub("", name).strip()
    return re.sub(r"[^a-z]", "", name.lower())


def _record_places(location: object, summary: object, district: object) -> list[tuple[str, bool]]:
    """The places below the district a record names: (key, known to the gazetteer), its location
    field's first, then those in its text; the district's and the province's names left out."""
    global _GAZ
    if _GAZ is None:
        _GAZ = _gazetteer_places()
    below, above = _GAZ
    names = []
    if isinstance(location, str) and location:
        names.append(location.split(",")[0])
    if isinstance(summary, str) and summary:
        names += _PLACE_RE.findall(summary)
    dkey = _place_key(district) if isinstance(district, str) else ""
    out: list[tuple[str, bool]] = []
    for n in names:
        if n.lower() in _NOT_PLACES:
            continue
        k = _place_key(n)
        if not k or k == dkey or k in _NOT_PLACES:
            continue
        if k in below:
            item = (_place_key(below[k]), True)
        elif k in above:
            continue
        else:
            item = (k, False)
        if item not in out:
            out.append(item)
        if len(out) == PLACES_PER_RECORD:
            break
    return out


def record_words(records: pd.DataFrame) -> Words | None:
    """Each record's :class:`Words`, from its ``summary``, ``location``, ``target`` and
    ``attack_type`` (None when the frame has neither summary nor location)."""
    if "summary" not in records and "location" not in records:
        return None
    n = len(records)
    col = lambda c: records[c].astype(object).tolist() if c in records else [None] * n  # noqa: E731
    summary, location, target, kind, district = (col(c) for c in ("summary", "location", "target", "attack_type",
                                                                    "district"))
    detail = np.zeros(n, np.int64)
    mode = np.zeros(n, np.int64)
    place = np.full((n, PLACES_PER_RECORD), -1, np.int64)
    known = np.zeros((n, PLACES_PER_RECORD), bool)
    keys: dict[str, int] = {}
    for r in range(n):
        b = _bits(" ".join(x for x in (summary[r], target[r], kind[r]) if isinstance(x, str)))
        d, m = b & 0xFFFFFFFF, b >> 32
        detail[r], mode[r] = d, m
        for k, (key, is_known) in enumerate(_record_places(location[r], summary[r], district[r])):
            place[r, k] = keys.setdefault(key, len(keys))
            known[r, k] = is_known
    return Words(detail, mode, place, known)


def _word_terms(w: Words, i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
    """The words' terms of each pair (see :data:`WEIGHTS`)."""
    t = {}
    for name, bits in (("detail", w.detail), ("mode", w.mode)):
        a, b = bits[i], bits[j]
        both = (a != 0) & (b != 0)
        shared = (a & b) != 0
        t[f"same_{name}"], t[f"other_{name}"] = shared, both & ~shared
    pa, pb, ka, kb = w.place[i], w.place[j], w.known[i], w.known[j]
    same = np.zeros(len(i), bool)
    for x in range(PLACES_PER_RECORD):
        for y in range(PLACES_PER_RECORD):
            same |= (pa[:, x] >= 0) & (pa[:, x] == pb[:, y])
    # different places of one kind: two gazetteer places, or two names it does not know (a village
    # the gazetteer does not know may lie in a town's tehsil: a village and a town are no contradiction)
    has_known = lambda p, k: ((p >= 0) & k).any(1)  # noqa: E731
    has_other = lambda p, k: ((p >= 0) & ~k).any(1)  # noqa: E731
    comparable = (has_known(pa, ka) & has_known(pb, kb)) | (has_other(pa, ka) & has_other(pb, kb))
    t["same_place"], t["other_place"] = same, comparable & ~same
    return t


@dataclass
class Plan:
    """What the linker decided: each record's event, and the pairs for an analyst to review."""

    event_of: dict[str, str]
    review: list[tuple[str, str, float]] = field(default_factory=list)


def plan(ids: Sequence[str], datasets: Sequence[str | None], events: Sequence[str],
         pairs: Iterable[tuple[int, int, float]] | tuple[np.ndarray, np.ndarray, np.ndarray],
         *, same: Iterable[tuple[str, str]] = (), different: Iterable[tuple[str, str]] = (),
         new: Iterable[str] = (), regroup: bool = False, reserved: Iterable[str] = (), complete: bool = False) -> Plan:
    """Merge events along the pairs (positions into ``ids`` with their score), best first.

    ``pairs``: (i, j, score) triples, or three arrays (i, j, score) as :func:`candidate_pairs` and
    :func:`score` give them. ``events``: each record's event as it stands (links made before are
    kept); ``same`` and ``different``: an analyst's decisions on pairs of record ids. Two events merge
    only when no dataset has a record in both (records without a dataset excepted), no "different"
    decision lies between them and no pair of their records scored below :data:`AGREE_AT`. The
    merged event keeps the smallest event id among its records that are not ``new`` (the records
    just written), so that an event keeps its id as sources join it.

    ``regroup``: the records start apart and are grouped again from the pairs (and the analyst's
    decisions), as a relink from scratch would group them, so that a record written later can take a
    record from the event an earlier write put it in; the events keep their ids: each id goes to the
    new group holding most of its records (not ``new``), and a group left without one takes the
    smallest id of its records that no other event holds (nor any of ``reserved``: ids of events
    outside these records).

    ``complete``: ``pairs`` are every candidate pair of these records (:func:`candidate_pairs`), so a
    pair of records not among them was kept apart by blocking (days, province, distance) and, like
    a pair below :data:`AGREE_AT`, keeps their events apart: a report close to two attacks 30 km
    apart does not join them.
    """
    n = len(ids)
    # a missing dataset may come as None or NaN (pandas' ``where(..., None)`` on an object column
    # gives NaN, and NaN is "in" a set holding that same NaN): only a name is a dataset
    datasets = [d if isinstance(d, str) and d else None for d in datasets]
    pi, pj, ps = _pair_arrays(pairs)
    lo_, hi_ = np.minimum(pi, pj), np.maximum(pi, pj)
    low = ps < AGREE_AT
    disagree = set((lo_[low] * n + hi_[low]).tolist())  # these pairs keep their events apart
    compared = set((lo_ * n + hi_).tolist()) if complete else None
    keep = ps >= REVIEW_AT  # only these can link or be reviewed
    pi, pj, ps = pi[keep], pj[keep], ps[keep]
    rank = np.empty(n, np.int64)
    rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(n)
    order = np.lexsort((rank[pj], rank[pi], -ps))  # best first, ties by record id

    pos = {r: k for k, r in enumerate(ids)}
    first: dict[str, int] = {}
    parent = (list(range(n)) if regroup else
              [first.setdefault(e, k) for k, e in enumerate(events)])  # records of one event start in one set

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[int, set[int]] = {}
    for k in range(n):
        members.setdefault(find(k), set()).add(k)
    named: dict[int, set[str]] = {r: {datasets[m] for m in ms if datasets[m]} for r, ms in members.items()}
    apart: dict[int, set[int]] = {}
    for a, b in different:
        if a in pos and b in pos:
            apart.setdefault(pos[a], set()).add(pos[b])
            apart.setdefault(pos[b], set()).add(pos[a])

    def may_join(ra: int, rb: int, agree: bool = True) -> bool:
        if named[ra] & named[rb]:
            return False
        if apart and any(apart.get(m, set()) & members[rb] for m in members[ra]):
            return False
        if not agree or (not disagree and compared is None):
            return True
        # no record of one event may clearly disagree with a record of the other (nor be one blocking kept apart)
        cross = [m * n + o if m < o else o * n + m for m in members[ra] for o in members[rb]]
        if any(c in disagree for c in cross):
            return False
        return compared is None or all(c in compared for c in cross)

    def join(ra: int, rb: int) -> None:
        keep, gone = (ra, rb) if len(members[ra]) >= len(members[rb]) else (rb, ra)
        parent[gone] = keep
        members[keep] |= members.pop(gone)
        named[keep] |= named.pop(gone)

    for a, b in same:  # an analyst's link holds whatever the score
        if a in pos and b in pos and find(pos[a]) != find(pos[b]):
            join(find(pos[a]), find(pos[b]))
    review: list[tuple[int, int, float]] = []
    for i, j, s in zip(pi[order].tolist(), pj[order].tolist(), ps[order].tolist()):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if s >= LINK_AT and may_join(ri, rj):
            join(ri, rj)
        elif s < LINK_AT and may_join(ri, rj, agree=False):
            review.append((i, j, s))
    root = np.array([find(k) for k in range(n)], np.int64)
    for k, (o, s) in _ambiguous(root, pi, pj, ps, datasets, named).items():
        review.append((k, o, s))  # as likely another event's as its own: an analyst may move it
    fresh = set(new)
    event_of: dict[str, str] = {}
    names = _regroup_names(ids, events, members, fresh, set(reserved)) if regroup else {}
    for top, group in members.items():
        if regroup:
            name = names[top]
        else:
            old = [events[m] for m in group if ids[m] not in fresh]
            name = min(old) if old else min(events[m] for m in group)
        for m in group:
            event_of[ids[m]] = name
    # still open only where the two events could yet be one (not two records of one dataset)
    queue = []
    for i, j, s in review:
        a, b = ids[i], ids[j]
        if event_of[a] != event_of[b] and may_join(int(root[i]), int(root[j]), agree=False):
            queue.append((a, b, s))
    return Plan(event_of, list(dict.fromkeys(queue)))


def _regroup_names(ids: Sequence[str], events: Sequence[str], members: dict[int, set[int]], fresh: set[str],
                   reserved: set[str]) -> dict[int, str]:
    """Event ids for regrouped records (see :func:`plan`): root -> id, each id once. An id goes first
    to the group holding the record of that id, then to the group holding most of its records."""
    claims = []
    for root, group in members.items():
        mine = {ids[m] for m in group}
        for e in {events[m] for m in group if ids[m] not in fresh}:
            n = sum(1 for m in group if events[m] == e and ids[m] not in fresh)
            claims.append((e not in mine, -n, e, root))
    claims.sort()
    out: dict[int, str] = {}
    used: set[str] = set()
    for _, _, e, root in claims:
        if root not in out and e not in used:
            out[root] = e
            used.add(e)
    holders = Counter(events)
    for root in sorted((r for r in members if r not in out), key=lambda r: min(ids[m] for m in members[r])):
        mine = sorted(ids[m] for m in members[root])
        own = Counter(events[m] for m in members[root])

        def free(c: str) -> bool:  # no other event's records hold it, and no other group took it
            return c not in used and c not in reserved and holders.get(c, 0) <= own.get(c, 0)

        name = next((c for c in mine if free(c)), None)
        k = 0
        while name is None or not free(name):  # every id of its records names another event
            k += 1
            name = f"{mine[0][:120]}+{k}"  # "+" is in no record id
        out[root] = name
        used.add(name)
    return out


def _ambiguous(root: np.ndarray, pi: np.ndarray, pj: np.ndarray, ps: np.ndarray, datasets: Sequence[str | None],
               named: dict[int, set[str]]) -> dict[int, tuple[int, float]]:
    """Records linked to their event, but with a link at least as likely (within :data:`AMBIGUOUS`
    in log-odds) to a record of another event that could take them: record -> (that record, score)."""
    strong = ps >= LINK_AT
    a = np.concatenate([pi[strong], pj[strong]])
    b = np.concatenate([pj[strong], pi[strong]])
    s = np.concatenate([ps[strong], ps[strong]])
    if not len(a):
        return {}
    logit = np.log(np.clip(s, 1e-6, 1 - 1e-6) / np.clip(1 - s, 1e-6, 1))
    own = root[a] == root[b]
    best_own: dict[int, float] = {}
    for k, v in zip(a[own].tolist(), logit[own].tolist()):
        if v > best_own.get(k, -np.inf):
            best_own[k] = v
    out: dict[int, tuple[int, float]] = {}
    for k, o, v, sc in zip(a[~own].tolist(), b[~own].tolist(), logit[~own].tolist(), s[~own].tolist()):
        mine = best_own.get(k)
        if mine is None or v < mine - AMBIGUOUS:
            continue
        if datasets[k] and datasets[k] in named[int(root[o])]:
            continue  # that event has this dataset's record already: it could not take this one
        if k not in out or sc > out[k][1]:
            out[k] = (o, sc)
    return out


def _pair_arrays(pairs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # noqa: ANN001
    if isinstance(pairs, tuple) and len(pairs) == 3 and all(isinstance(p, np.ndarray) for p in pairs):
        i, j, s = pairs
    else:
        rows = list(pairs)
        i = np.array([r[0] for r in rows], np.int64)
        j = np.array([r[1] for r in rows], np.int64)
        s = np.array([r[2] for r in rows], float)
    return np.asarray(i, np.int64), np.asarray(j, np.int64), np.asarray(s, float)
