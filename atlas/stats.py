"""Pure aggregations behind the charts and the KPI strip (pandas in, pandas out).

Inputs are the store's frames: ``Store.frame`` (one row per incident), ``Store.attribution_frame``
(incident_id, group_code, status, by) and ``Store.source_frame``. Casualty sums add lower bounds and
carry an ``open`` flag when any figure is open-ended, a range or unknown, so "50+" never reads as 50.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.provinces import SHORT_NAMES
from incidents.casualties import Count
from incidents.filters import category_title
from incidents.registry import (ATTRIBUTING, NOT_IN_REGISTRY_COLOUR, NOT_IN_REGISTRY_LABEL, STATUSES,
                                UNATTRIBUTED_COLOUR, UNATTRIBUTED_LABEL, GroupRegistry, default_registry)

from .text import date_label

if TYPE_CHECKING:
    from incidents.coverage import Coverage

#: Status of the unattributed row in the attribution table.
NO_ATTRIBUTION = "none"
#: Status of the row of incidents whose source names a group the registry lacks (no claim, suspicion
#: or blame is invented for them; they are not unattributed either).
NOT_IN_REGISTRY = "not in registry"


def unlisted_mask(frame: pd.DataFrame) -> np.ndarray:
    """Per incident, whether its records name a perpetrator the registry lacks (the ``unlisted``
    column of the snapshot's frame, see ``atlas.views.unlisted_by_event``; absent: none)."""
    if "unlisted" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame["unlisted"].notna().to_numpy(bool)


def member(col: pd.Series, values: "pd.Series | pd.Index | set | list") -> np.ndarray:
    """``col.isin(values)`` for id strings, as a boolean array, through Arrow: pandas' ``isin`` on
    Arrow-backed strings walks Python objects (a second for 100,000 ids; this takes milliseconds)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(col) == 0:
        return np.zeros(0, dtype=bool)
    vals = pd.Series(list(values) if isinstance(values, (set, frozenset)) else values, dtype="str")
    return pc.is_in(pa.array(col.astype("str")), value_set=pa.array(vals)).to_numpy(zero_copy_only=False)


def _bounds(frame: pd.DataFrame, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per incident, for ``killed`` or ``injured``: the lower bound (0 where unknown, to add up),
    whether it is open (not one exact known number), whether the lower bound is known."""
    lo = frame[f"{kind}_min"].to_numpy(dtype="float64", na_value=np.nan)
    hi = frame[f"{kind}_max"].to_numpy(dtype="float64", na_value=np.nan)
    known = ~np.isnan(lo)
    return np.where(known, lo, 0.0), np.isnan(lo) | np.isnan(hi) | (lo != hi), known


def _sum_with_flags(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per value of ``key`` (one row per incident; a missing value is a group of its own, in order of
    first appearance): incidents, killed/injured lower-bound sums, open flags, how many are known."""
    codes, uniques = pd.factorize(df[key], use_na_sentinel=False)
    return _sums_by_code(df, codes, uniques, key)


def _sums_by_code(frame: pd.DataFrame, codes: np.ndarray, uniques: "np.ndarray | pd.Index", key: str) -> pd.DataFrame:
    """:func:`_sum_with_flags` for incidents already coded: ``uniques[codes[i]]`` is row i's value."""
    size = len(uniques)
    out = pd.DataFrame({key: uniques, "incidents": np.bincount(codes, minlength=size)})
    for kind in ("killed", "injured"):
        lower, is_open, known = _bounds(frame, kind)
        out[kind] = np.rint(np.bincount(codes, weights=lower, minlength=size)).astype(int)
        out[f"{kind}_open"] = np.bincount(codes, weights=is_open, minlength=size) > 0
        out[f"{kind}_known"] = np.bincount(codes, weights=known, minlength=size).astype(int)
    return out[[key, "incidents", "killed", "injured", "killed_open", "injured_open", "killed_known",
                "injured_known"]]


def value_label(value: int, is_open: bool, known: int = 1) -> str:
    """"12", "12+" or "?" (nothing known)."""
    if known == 0:
        return "?"
    return f"{value:,}+" if is_open else f"{value:,}"


# -- attribution --------------------------------------------------------------------------------

def attributed_groups(attributions: pd.DataFrame) -> pd.Series:
    """incident_id -> the group an incident is drawn in (first claimant, else suspect, else blamed)."""
    if attributions.empty:
        return pd.Series(dtype=object)
    rank = {s: i for i, s in enumerate(ATTRIBUTING)}
    a = attributions[attributions["status"].isin(ATTRIBUTING)].copy()
    a["_rank"] = a["status"].map(rank)
    a["_pos"] = range(len(a))
    a = a.sort_values(["incident_id", "_rank", "_pos"])
    return a.groupby("incident_id", sort=False)["group_code"].first()


def attribution_table(frame: pd.DataFrame, attributions: pd.DataFrame,
                      registry: GroupRegistry | None = None) -> pd.DataFrame:
    """Incidents and killed per group and status, plus an unattributed row.

    Columns: group (code, or None for unattributed), label ("↳ ISKP" for branches), colour, status
    (claimed/suspected/blamed/denied, or "none"), incidents, killed, killed_open, killed_known.
    Incidents without a claim, suspicion or blame whose source names a group the registry lacks
    (``frame["unlisted"]``) are a row of their own ("Group not in the registry", status
    :data:`NOT_IN_REGISTRY`), not unattributed.
    Groups appear in registry order with branches right under their parent (a parent with no
    incidents of its own is listed, with zero rows, when a branch has some). Vectorised: one pass
    over the ledger with integer codes, whatever the number of incidents.
    """
    registry = registry or default_registry()
    cols = ["group", "label", "colour", "status", "incidents", "killed", "killed_open", "killed_known"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    n = len(frame)
    killed, is_open, known = _bounds(frame, "killed")

    pos = pd.Index(frame["id"]).get_indexer(attributions["incident_id"]) if len(attributions) else \
        np.zeros(0, dtype=np.intp)
    inside = pos >= 0
    pos = pos[inside]
    group_codes, groups = pd.factorize(attributions["group_code"].to_numpy(dtype=object)[inside])
    status_codes = pd.Index(STATUSES).get_indexer(attributions["status"].to_numpy(dtype=object)[inside])
    ok = status_codes >= 0
    pos, group_codes, status_codes = pos[ok], group_codes[ok], status_codes[ok]
    ns = len(STATUSES)
    # one row per (incident, group), with its strongest status (STATUSES order: claimed, suspected,
    # blamed, denied): a group that claimed and was blamed is counted once, as claimed
    per_group = pos.astype(np.int64) * len(groups) + group_codes
    first = np.lexsort((status_codes, per_group))
    keep = first[np.r_[True, per_group[first][1:] != per_group[first][:-1]]] if len(first) else first
    pos, group_codes, status_codes = pos[keep], group_codes[keep], status_codes[keep]
    cell = group_codes.astype(np.int64) * ns + status_codes  # (group, status)
    pair = np.unique(pos.astype(np.int64) * (len(groups) * ns) + cell)  # one row per incident and group
    p, c = pair // (len(groups) * ns), pair % (len(groups) * ns)
    size = len(groups) * ns
    per = {  # (group code, status) -> incidents, killed, open, known
        (groups[k // ns], STATUSES[k % ns]): (int(inc), int(kil), bool(op), int(kn))
        for k, inc, kil, op, kn in zip(range(size), np.bincount(c, minlength=size),
                                       np.bincount(c, weights=killed[p], minlength=size),
                                       np.bincount(c, weights=is_open[p], minlength=size),
                                       np.bincount(c, weights=known[p], minlength=size)) if inc}

    present = {g for g, _ in per}
    shown = [g for g in registry.ordered()
             if g.code in present or any(c in present for c in registry.family(g.code))]
    rows = []
    for g in shown:
        label = ("↳ " if g.parent else "") + g.code
        hits = [(st_, per[(g.code, st_)]) for st_ in STATUSES if (g.code, st_) in per]
        rows += [[g.code, label, g.colour, st_, *v] for st_, v in hits]
        if not hits:  # a parent listed for its branches
            rows.append([g.code, label, g.colour, "claimed", 0, 0, False, 1])
    attributed = np.zeros(n, dtype=bool)
    attributed[pos[np.isin(status_codes, [STATUSES.index(s_) for s_ in ATTRIBUTING])]] = True
    named = ~attributed & unlisted_mask(frame)
    if named.any():
        rows.append([None, NOT_IN_REGISTRY_LABEL, NOT_IN_REGISTRY_COLOUR, NOT_IN_REGISTRY, int(named.sum()),
                     int(killed[named].sum()), bool(is_open[named].any()), int(known[named].sum())])
    none = ~attributed & ~named
    rows.append([None, UNATTRIBUTED_LABEL, registry.colour(None), NO_ATTRIBUTION, int(none.sum()),
                 int(killed[none].sum()), bool(is_open[none].any()),
                 int(known[none].sum()) if none.any() else 1])
    return pd.DataFrame(rows, columns=cols)


def attribution_figures(table: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the attribution chart as a table for a briefing: group, status,
    incidents and killed as worded ("12+", "?"); rows that only place a parent above its branches
    are left out."""
    shown = table[(table["incidents"] > 0) | (table["status"] == NO_ATTRIBUTION)]
    return pd.DataFrame({
        "Group": shown["label"].str.replace("↳ ", "", regex=False),
        "Status": shown["status"].map(lambda s: "unattributed" if s == NO_ATTRIBUTION else
                                      "named by the source, no status recorded" if s == NOT_IN_REGISTRY else
                                      "denied (not an attribution)" if s == "denied" else s),
        "Incidents": shown["incidents"].astype(int),
        "Killed": [value_label(int(k), bool(o), int(n)) for k, o, n in
                   zip(shown["killed"], shown["killed_open"], shown["killed_known"])],
    }).reset_index(drop=True)


# -- time bins ----------------------------------------------------------------------------------

#: The bins of the time series, finest first. An incident is drawn in a bin only when its date is
#: known at least as precisely as the bin (a date known only to the year is in no month or week).
FREQS: tuple[str, ...] = ("week", "month", "year")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_UNIT = {"month": "M", "year": "Y"}


def bin_starts(dates: "pd.Series | np.ndarray", freq: str) -> np.ndarray:
    """The first day of each date's bin (datetime64[D]): the Monday of its week, its month's or year's first."""
    d = np.asarray(pd.to_datetime(dates), dtype="datetime64[D]")
    if freq == "week":  # 1 Jan 1970 was a Thursday: day number + 3, mod 7, is 0 on Mondays
        return d - ((d.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    if freq not in _UNIT:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    return d.astype(f"datetime64[{_UNIT[freq]}]").astype("datetime64[D]")


def bin_range(first: np.datetime64, last: np.datetime64, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """Every bin from the one starting at ``first`` to the one starting at ``last``: (starts, last days)."""
    if freq == "week":
        starts = np.arange(first, last + np.timedelta64(1, "D"), np.timedelta64(7, "D"))
        return starts, starts + np.timedelta64(6, "D")
    unit = _UNIT[freq]
    periods = np.arange(first.astype(f"datetime64[{unit}]"), last.astype(f"datetime64[{unit}]") + 1)
    return periods.astype("datetime64[D]"), (periods + 1).astype("datetime64[D]") - np.timedelta64(1, "D")


def _precision_ranks(frame: pd.DataFrame) -> np.ndarray:
    """Per incident, how coarse its date is (:data:`_PRECISION_RANK`; missing: a day; a precision we
    do not know: coarser than any bin), worked out once per distinct value."""
    codes, uniques = pd.factorize(frame["date_precision"].astype(object), use_na_sentinel=True)
    ranks = np.array([_PRECISION_RANK.get(u, 9) if isinstance(u, str) else 0 for u in uniques] + [0], dtype=np.int64)
    return ranks[codes]  # a missing value (code -1) takes the last: a day


def too_coarse(frame: pd.DataFrame, freq: str) -> np.ndarray:
    """Which incidents' dates are less precise than a ``freq`` bin (a missing precision counts as a
    day; one we do not know, as coarser than any bin)."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    if "date_precision" not in frame or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    return _precision_ranks(frame) > _PRECISION_RANK[freq]


def left_out(frame: pd.DataFrame, freq: str, coarse: np.ndarray | None = None) -> dict[str, int]:
    """How many incidents a ``freq`` series leaves out, by their date precision (coarsest last;
    ``coarse``: :func:`too_coarse`, when already known)."""
    coarse = too_coarse(frame, freq) if coarse is None else coarse
    if not coarse.any():
        return {}
    counts = frame.loc[coarse, "date_precision"].astype(object).value_counts()
    return {str(p): int(n) for p, n in sorted(counts.items(), key=lambda x: (_PRECISION_RANK.get(x[0], 9), x[0]))}


def precision_note(excluded: dict[str, int], freq: str) -> str:
    """"12 incidents known only to the year are not shown by month" ("" when none are left out)."""
    if not excluded:
        return ""
    parts = [f"{n:,}{' incident' + ('s' if n != 1 else '') if not k else ''} known only to the {p}"
             for k, (p, n) in enumerate(excluded.items())]
    return f"{' and '.join(parts)} {'is' if sum(excluded.values()) == 1 else 'are'} not shown by {freq}"


def _no_data(coverage: "Coverage | None", starts: np.ndarray, ends: np.ndarray, incidents: np.ndarray) -> np.ndarray:
    """Bins outside every loaded source's coverage (and without incidents): no data, not zero."""
    if coverage is None or not coverage:
        return np.zeros(len(starts), dtype=bool)
    return ~coverage.covered(starts, ends) & (incidents == 0)


#: The footnote's word for the grey bands.
NO_DATA_NOTE = "Grey bands: no data (outside every loaded source's coverage), not zero"


# -- incidents over time --------------------------------------------------------------------------

#: What the incident counts can be split by.
COUNT_BY: tuple[str, ...] = ("group", "category", "province")
#: Event categories (``category``), in stacking order, with their labels and colours (Okabe-Ito).
CATEGORY_LABELS = {c: category_title(c) for c in ("attack", "operation", "clash", "other")}
CATEGORY_COLOURS = {"attack": "#D55E00", "operation": "#0072B2", "clash": "#E69F00", "other": "#CC79A7"}
UNKNOWN_CATEGORY = category_title(None)
UNKNOWN_PROVINCE = "Province unknown"
OTHER_GROUPS = "Other groups"
OTHER_GROUPS_COLOUR = "#C8C8C8"
PROVINCE_COLOURS = {"PK-BA": "#009E73", "PK-KP": "#0072B2", "PK-PB": "#E69F00", "PK-SD": "#CC79A7",
                    "PK-IS": "#56B4E9", "PK-GB": "#F0E442", "PK-JK": "#D55E00"}


@dataclass(frozen=True)
class Counts:
    """Incidents per bin and series (group, category or province), ready for a stacked chart."""

    #: Index: the first day of every bin from the first to the last (``period``); one column per
    #: series, bottom of the stack first; NaN in bins with no data (outside every source's coverage).
    table: pd.DataFrame
    freq: str
    by: str
    colours: dict[str, str]
    #: Incidents left out for a date less precise than the bin, by precision.
    excluded: dict[str, int]
    #: Incidents counted in more than one series (attributed to several groups).
    shared: int = 0
    #: Incidents counted (each once, whatever its series).
    drawn: int = 0

    @property
    def no_data(self) -> np.ndarray:
        """Per bin, whether it has no data (as opposed to zero incidents)."""
        return self.table.isna().all(axis=1).to_numpy(bool) if len(self.table.columns) else \
            np.zeros(len(self.table), dtype=bool)

    @property
    def note(self) -> str:
        """What the chart's footnote must say: what it leaves out, double counts, no-data bands."""
        parts = [precision_note(self.excluded, self.freq)]
        if self.shared:
            parts.append(f"{self.shared:,} incident{'s' if self.shared != 1 else ''} attributed to several groups "
                         f"{'are' if self.shared != 1 else 'is'} counted once in each")
        if self.no_data.any():
            parts.append(NO_DATA_NOTE)
        return ". ".join(p for p in parts if p)


def incident_counts(frame: pd.DataFrame, attributions: pd.DataFrame | None = None,
                    registry: GroupRegistry | None = None, *, by: str = "group", freq: str = "month",
                    coverage: "Coverage | None" = None, top: int = 8) -> Counts:
    """Incidents (events, not casualties) per ``freq`` bin, split ``by`` group, category or province.

    - group: an incident counts once for each group with a claim, suspicion or blame in its ledger
      (as in the attribution chart; a denial does not count), else as unattributed; the ``top``
      groups by incidents are series of their own, the rest one "Other groups" series (an incident
      once in it, however many of them it names);
    - category: the ``category`` column (attack, operation, clash, other; missing or absent: unknown);
    - province: its short name; missing: unknown.

    Incidents dated less precisely than the bin are left out (``excluded``); bins outside every
    loaded source's ``coverage`` hold NaN (no data), bins inside it without incidents a real 0.
    """
    if by not in COUNT_BY:
        raise ValueError(f"by must be one of {', '.join(COUNT_BY)}, not {by!r}")
    registry = registry or default_registry()
    coarse = too_coarse(frame, freq)
    excluded = left_out(frame, freq, coarse)
    cols = ["id", "date", *(c for c in ("category", "province_code", "unlisted") if c in frame)]  # only what is read
    f = frame.loc[~coarse, cols] if coarse.any() else frame[cols]
    empty = Counts(pd.DataFrame(index=pd.DatetimeIndex([], name="period")), freq, by, {}, excluded)
    if f.empty:
        return empty
    starts = bin_starts(f["date"], freq)
    rows = np.arange(len(f))
    shared = 0
    if by == "group":
        rows, labels, colours, shared = _group_series(f, attributions, registry, top)
    elif by == "category":
        if "category" in f:
            codes, uniques = pd.factorize(f["category"].astype(object), use_na_sentinel=True)
        else:  # records without categories yet: every incident's is unknown
            codes, uniques = np.full(len(f), -1, dtype=np.int64), np.zeros(0, dtype=object)
        values = [c for c in uniques if isinstance(c, str)]
        names = {c: CATEGORY_LABELS.get(c, c.capitalize()) for c in values}
        order = [c for c in CATEGORY_LABELS if c in names] + sorted(c for c in values if c not in CATEGORY_LABELS)
        per_code = np.array([names.get(c, UNKNOWN_CATEGORY) if isinstance(c, str) else UNKNOWN_CATEGORY
                             for c in uniques] + [UNKNOWN_CATEGORY], dtype=object)
        labels = per_code[codes]
        colours = {names[c]: CATEGORY_COLOURS.get(c, "#999933") for c in order}
        if (codes < 0).any() or len(values) < len(uniques):
            colours[UNKNOWN_CATEGORY] = UNATTRIBUTED_COLOUR
    else:
        codes, uniques = pd.factorize(f["province_code"].astype(object), use_na_sentinel=True)
        per_code = np.array([SHORT_NAMES.get(c, c) if isinstance(c, str) else UNKNOWN_PROVINCE for c in uniques]
                            + [UNKNOWN_PROVINCE], dtype=object)
        labels = per_code[codes]
        by_name = {SHORT_NAMES.get(c, c): PROVINCE_COLOURS.get(c, "#999933") for c in uniques if isinstance(c, str)}
        totals = pd.Series(labels).value_counts()
        order = [n for n in totals.index if n != UNKNOWN_PROVINCE] + [n for n in totals.index if n == UNKNOWN_PROVINCE]
        colours = {n: by_name.get(n, UNATTRIBUTED_COLOUR) for n in order}
    series = list(colours)
    first, last = starts.min(), starts.max()
    period_starts, period_ends = bin_range(first, last, freq)
    period = np.searchsorted(period_starts, starts[rows])
    code = pd.Index(series).get_indexer(labels)
    counts = np.bincount(period * len(series) + code, minlength=len(period_starts) * len(series))
    table = pd.DataFrame(counts.reshape(len(period_starts), len(series)).astype(float), columns=series,
                         index=pd.DatetimeIndex(period_starts.astype("datetime64[us]"), name="period"))
    per_bin = np.bincount(np.searchsorted(period_starts, starts), minlength=len(period_starts))
    table.loc[_no_data(coverage, period_starts, period_ends, per_bin)] = np.nan
    return Counts(table, freq, by, colours, excluded, shared, len(f))


def _group_series(frame: pd.DataFrame, attributions: pd.DataFrame | None, registry: GroupRegistry,
                  top: int) -> tuple[np.ndarray, np.ndarray, dict[str, str], int]:
    """(row, series label) pairs of the group split, the series' colours in stacking order, and how
    many incidents are in more than one series."""
    n = len(frame)
    rows = np.zeros(0, dtype=np.int64)
    groups: list[str] = []
    codes = np.zeros(0, dtype=np.int64)
    if attributions is not None and len(attributions):
        pos = pd.Index(frame["id"]).get_indexer(attributions["incident_id"])
        ok = (pos >= 0) & attributions["status"].isin(ATTRIBUTING).to_numpy(bool)
        codes, uniques = pd.factorize(attributions["group_code"].to_numpy(object)[ok])
        groups = list(uniques)
        pair = np.unique(pos[ok].astype(np.int64) * max(len(groups), 1) + codes)  # (row, group) once
        rows, codes = pair // max(len(groups), 1), pair % max(len(groups), 1)
    totals = np.bincount(codes, minlength=len(groups))
    rank = {g.code: i for i, g in enumerate(registry.ordered())}
    ranked = sorted(range(len(groups)), key=lambda k: (-totals[k], rank.get(groups[k], len(rank)), groups[k]))
    shown = ranked[:top] if len(ranked) > top + 1 else ranked  # "Other groups" only for two or more
    series = [groups[k] for k in shown]
    slot = np.full(len(groups) + 1, len(series), dtype=np.int64)  # every other group: "Other groups"
    slot[shown] = np.arange(len(series))
    pair = np.unique(rows * (len(series) + 1) + slot[codes])  # (row, series) once
    rows, slots = pair // (len(series) + 1), pair % (len(series) + 1)
    names = np.array([*series, OTHER_GROUPS], dtype=object)
    attributed = np.zeros(n, dtype=bool)
    attributed[rows] = True
    unlisted = unlisted_mask(frame)
    named = np.flatnonzero(~attributed & unlisted)
    none = np.flatnonzero(~attributed & ~unlisted)
    colours = {g: registry.colour(g) for g in series}
    if (slots == len(series)).any():
        colours[OTHER_GROUPS] = OTHER_GROUPS_COLOUR
    if len(named):
        colours[NOT_IN_REGISTRY_LABEL] = NOT_IN_REGISTRY_COLOUR
    if len(none):
        colours[UNATTRIBUTED_LABEL] = registry.colour(None)
    shared = int((np.bincount(rows, minlength=n) > 1).sum())
    return (np.concatenate([rows, named, none]),
            np.concatenate([names[slots], np.full(len(named), NOT_IN_REGISTRY_LABEL, object),
                            np.full(len(none), UNATTRIBUTED_LABEL, object)]), colours, shared)


# -- casualties ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Monthly:
    """Killed and injured per month, and how many incidents could not be placed in a month."""

    #: month (Timestamp), incidents, killed, injured, *_open, *_known, and no_data: the month lies
    #: outside every loaded source's coverage (drawn as no data, never as zero)
    table: pd.DataFrame
    year_only: int

    @property
    def note(self) -> str:
        """What the monthly chart leaves out or marks, for its footnote ("" when nothing)."""
        parts = [precision_note({"year": self.year_only} if self.year_only else {}, "month")]
        if "no_data" in self.table and self.table["no_data"].any():
            parts.append(NO_DATA_NOTE)
        return ". ".join(p for p in parts if p)


def monthly_casualties(frame: pd.DataFrame, coverage: "Coverage | None" = None) -> Monthly:
    """Per calendar month, from the first to the last: months without incidents inside the loaded
    sources' ``coverage`` are zero, those outside it are marked ``no_data``; incidents dated only to
    the year are left out (counted in ``year_only``)."""
    if frame.empty:
        return Monthly(pd.DataFrame(columns=["month", "incidents", "killed", "injured", "killed_open",
                                             "injured_open", "killed_known", "injured_known", "no_data"]), 0)
    dated = ~too_coarse(frame, "month")
    year_only = int((~dated).sum())
    if not dated.any():
        return Monthly(monthly_casualties(frame.iloc[0:0]).table, year_only)
    # only the columns the sums read, and the month as datetime64 (first of the month)
    df = frame.loc[dated, ["date", "killed_min", "killed_max", "injured_min", "injured_max"]]
    df = df.assign(month=bin_starts(df["date"], "month").astype("datetime64[us]"))
    t = _sum_with_flags(df, "month").set_index("month").sort_index()
    starts, ends = bin_range(t.index.min().to_datetime64(), t.index.max().to_datetime64(), "month")
    t = t.reindex(pd.DatetimeIndex(starts.astype("datetime64[us]")))
    t.index.name = "month"
    t = t.reset_index()
    for c in ("incidents", "killed", "injured", "killed_known", "injured_known"):
        t[c] = t[c].fillna(0).astype(int)
    for c in ("killed_open", "injured_open"):
        t[c] = t[c].astype("boolean").fillna(False).astype(bool)
    t["no_data"] = _no_data(coverage, starts, ends, t["incidents"].to_numpy())
    return Monthly(t, year_only)


def area_casualties(frame: pd.DataFrame, by: str = "province") -> pd.DataFrame:
    """Killed and injured per province (short name) or district, largest first; "unknown" kept."""
    if by not in ("province", "district"):
        raise ValueError("area_casualties: by must be 'province' or 'district'")
    cols = ["area", "incidents", "killed", "injured", "killed_open", "injured_open", "killed_known",
            "injured_known"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    # the column coded once; names are worked out per distinct value (a missing one is "unknown"),
    # and values that share a name (a district spelt "unknown") share a row
    codes, uniques = pd.factorize(frame["province_code" if by == "province" else "district"], use_na_sentinel=True)
    values = list(uniques)
    names = [SHORT_NAMES.get(c, c) for c in values] if by == "province" else values
    name_codes, areas = pd.factorize(np.array([*names, "unknown"], dtype=object))
    codes = name_codes[np.where(codes < 0, len(values), codes)]  # -1 (missing) picks "unknown"
    t = _sums_by_code(frame, codes, areas, "area")
    t = t[t["incidents"] > 0]
    return t.sort_values(["killed", "incidents", "area"], ascending=[False, False, True])[cols].reset_index(drop=True)


#: Area names that say the area is not known (a missing value is named "unknown" by ``area_casualties``).
_UNKNOWN_AREAS = frozenset({"unknown", "n/a", "na", "-", "?", "not known"})


def known_areas(table: pd.DataFrame, noun: str = "area") -> tuple[pd.DataFrame, str]:
    """:func:`area_casualties` without the rows of unknown areas (missing, or named "unknown"), and
    the footnote that says how many incidents they hold ("" when none): a chart of the top areas
    has no bar for "unknown"."""
    if table.empty:
        return table, ""
    unknown = table["area"].astype(str).str.strip().str.lower().isin(_UNKNOWN_AREAS).to_numpy(bool)
    n = int(table.loc[unknown, "incidents"].sum())
    note = f"{n:,} incident{'s' if n != 1 else ''} with an unknown {noun} {'are' if n != 1 else 'is'} not shown" if n else ""
    return table[~unknown].reset_index(drop=True), note


def incident_casualties(frame: pd.DataFrame, attributions: pd.DataFrame | None = None,
                        registry: GroupRegistry | None = None, limit: int = 30,
                        groups: pd.Series | None = None) -> pd.DataFrame:
    """Per incident, deadliest first: label, killed bounds and their label ("50+", "≤30", "?"),
    whether it is open-ended, and the attributed group's colour (``groups``: the frame-aligned
    attributed group when already known, else worked out from ``attributions``)."""
    registry = registry or default_registry()
    cols = ["id", "label", "killed_min", "killed_max", "killed_label", "killed_open", "killed_text",
            "group", "colour"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    sort_key = frame["killed_min"].fillna(frame["killed_max"]).fillna(-1).astype("int64")
    # only the deadliest ``limit`` (and ties) need labels: 100,000 rows are not walked one by one
    top = frame.loc[sort_key.nlargest(limit, keep="all").index]
    if groups is not None:
        groups = pd.Series(groups.loc[top.index].to_numpy(dtype=object), index=top["id"].to_numpy(dtype=object))
    elif attributions is not None:
        groups = attributed_groups(attributions)
    else:
        groups = pd.Series(dtype=object)
    rows = []
    for r in top.itertuples(index=False):
        lo = None if pd.isna(r.killed_min) else int(r.killed_min)
        hi = None if pd.isna(r.killed_max) else int(r.killed_max)
        text = r.killed_text if isinstance(r.killed_text, str) else None
        c = Count(lo, hi, text)
        g = groups.get(r.id)
        g = g if isinstance(g, str) else None
        d = r.date.date() if hasattr(r.date, "date") else r.date
        rows.append([r.id, f"{date_label(d, r.date_precision)} · {r.location}", lo, hi, c.label(),
                     not c.is_exact, text, g, registry.colour(g)])
    t = pd.DataFrame(rows, columns=cols)
    t["_sort"] = t["killed_min"].fillna(t["killed_max"]).fillna(-1)
    t = t.sort_values(["_sort", "label"], ascending=[False, True]).head(limit).drop(columns="_sort")
    # two incidents of one day and place keep a bar each: a chart's category is its label
    twice = t["label"].duplicated(keep=False)
    if twice.any():
        t.loc[twice, "label"] = t.loc[twice, "label"] + " (" + t.loc[twice].groupby("label").cumcount().add(1).astype(str) + ")"
    return t.reset_index(drop=True)


# -- KPI strip ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kpis:
    """The KPI strip: counts as display strings that mark lower bounds with "+"."""

    incidents: int
    killed: str
    injured: str
    groups_claiming: int
    date_span: tuple[dt.date | None, dt.date | None]
    #: How many of the incidents the killed / injured total has a figure for (a lower bound at least:
    #: their own, or a toll given for them together with other incidents shown).
    killed_known: int = 0
    injured_known: int = 0

    def coverage(self, kind: str) -> str:
        """"injury figures for 12 of 3,770 incidents" (``kind``: "killed" or "injured")."""
        known = self.killed_known if kind == "killed" else self.injured_known
        noun = "death" if kind == "killed" else "injury"
        return f"{noun} figures for {known:,} of {self.incidents:,} incident{'s' if self.incidents != 1 else ''}"


def kpis(frame: pd.DataFrame, attributions: pd.DataFrame, related: pd.DataFrame | None = None) -> Kpis:
    """Incidents, killed and injured totals (with the tolls given for several of them together,
    ``related``: see :func:`total_wording`), groups claiming, first and last date."""
    if frame.empty:
        return Kpis(0, "0", "0", 0, (None, None))

    claimed = attributions[(attributions["status"] == "claimed")
                           & member(attributions["incident_id"], frame["id"])]["group_code"].nunique()
    dates = pd.to_datetime(frame["date"])
    return Kpis(int(frame["id"].nunique()), total_wording(frame, "killed", related),
                total_wording(frame, "injured", related), int(claimed), (dates.min().date(), dates.max().date()),
                int(_totals(frame, "killed", related)[2].sum()), int(_totals(frame, "injured", related)[2].sum()))


def total_wording(frame: pd.DataFrame, kind: str, related: pd.DataFrame | None = None) -> str:
    """:func:`atlas.text.total_label` of a frame's ``killed``/``injured`` bounds, vectorised: the sum
    of lower bounds, "+" when any figure is open-ended, a range or unknown, "?" when none is known.

    ``related`` (``event_id``, ``related_id`` and the toll's bounds): a toll given for several events
    together counts once when all of them are in the frame — as much as it exceeds the sum of their
    own lower bounds, never split among them (a toll with one of its events outside the frame is
    left out: it says nothing of the part inside)."""
    if frame.empty:
        return "0"
    total, any_open, known = _totals(frame, kind, related)
    if not known.any():
        return "?"
    total_int = int(np.rint(total))
    return f"{total_int:,}+" if any_open else f"{total_int:,}"


def _totals(frame: pd.DataFrame, kind: str, related: pd.DataFrame | None) -> tuple[float, bool, np.ndarray]:
    """(sum of lower bounds with the related tolls, whether any figure is open, which incidents the
    total has a figure for: their own, or a related toll's that counts)."""
    lower, is_open, known = _bounds(frame, kind)
    total, any_open, known = float(lower.sum()), bool(is_open.any()), known.copy()
    if related is not None and len(related):
        inside = member(related["event_id"], frame["id"])
        whole = pd.Series(inside).groupby(related["related_id"].to_numpy()).all()
        pos = pd.Index(frame["id"]).get_indexer(related["event_id"])
        for rid in whole[whole].index:
            rows = related[related["related_id"] == rid]
            lo, hi = rows[f"{kind}_min"].iloc[0], rows[f"{kind}_max"].iloc[0]
            if pd.isna(lo):
                continue
            members = np.unique(pos[(related["related_id"] == rid).to_numpy()])
            total += max(0.0, float(lo) - float(lower[members].sum()))
            known[members] = True
            any_open = any_open or pd.isna(hi) or hi != lo
    return total, any_open, known


# -- footnote -----------------------------------------------------------------------------------

def sources_note(frame: pd.DataFrame, sources: pd.DataFrame, *, max_named: int = 3) -> str:
    """"Sources: Dawn; Reuters; +2 more outlets; UCDP GED; 2 unnamed reports" for the shown incidents."""
    if frame.empty:
        return "Sources: none (no incidents match)"
    s = sources[member(sources["incident_id"], frame["id"])] if not sources.empty else sources
    outlets = [o for o in s["outlet"].dropna().value_counts().index] if not s.empty else []
    parts = outlets[:max_named]
    if len(outlets) > max_named:
        parts.append(f"+{len(outlets) - max_named} more outlets")
    datasets = sorted(d for d in frame["dataset"].dropna().unique()) if "dataset" in frame else []
    parts += [str(d) for d in datasets]
    if not s.empty:
        nameless = s[s["outlet"].isna()]
        # a dataset's record (UCDP GED, ACLED, GTD) is no report: its nameless sources are counted
        # as records of that dataset, the reports' by address
        dataset = (nameless["incident_id"].map(pd.Series(frame["dataset"].astype(object).to_numpy(),
                                                          index=frame["id"].astype(object).to_numpy()))
                   if "dataset" in frame and len(nameless) else pd.Series(None, index=nameless.index, dtype=object))
        reports = nameless[dataset.isna().to_numpy()]
        unnamed = int(reports["url"].dropna().nunique() + reports["url"].isna().sum())
        if unnamed:
            parts.append(f"{unnamed:,} report{'s' if unnamed != 1 else ''} without an outlet name")
        key = "record_id" if "record_id" in nameless else "incident_id"
        for name, n in nameless[dataset.notna().to_numpy()].groupby(dataset.dropna().to_numpy())[key].nunique().items():
            parts.append(f"{int(n):,} {name} record{'s' if n != 1 else ''} without an outlet name")
    return "Sources: " + ("; ".join(parts) if parts else "not recorded")
