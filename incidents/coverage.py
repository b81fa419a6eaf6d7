"""What the loaded data covers: per source of records (each dataset, news reports, the seed
incidents) its first and last date, how many records, when an import last wrote one, and the licence
or terms it comes under (:mod:`incidents.datasets`).

A time series uses it to tell "no data" from zero: a week, month or year outside every loaded
source's span (:meth:`Coverage.covered`) has no data, whereas one inside a span without incidents is
a real zero. A record known only to the month or year covers the whole of it. The store reads the
figures (``Store.coverage``); nothing here touches the database.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Sequence

import numpy as np

from .datasets import DATASET_TERMS, REPORTS, SEEDS, DatasetTerms, terms_of

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Sources in the order they are listed: the datasets we know, any other, then reports and seeds.
_ORDER = {name: i for i, name in enumerate(k for k in DATASET_TERMS if k not in (REPORTS, SEEDS))}


def period_end(date: dt.date, precision: str | None) -> dt.date:
    """The last day a date of this precision may mean (a month-precision date covers its month)."""
    if precision == "year":
        return dt.date(date.year, 12, 31)
    if precision == "month":
        return dt.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    return date


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _month(d: dt.date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class DatasetCoverage:
    """One source of records as loaded: its span, size, last import and terms."""

    source: str  # a dataset name ("UCDP"), or REPORTS, or SEEDS
    first: dt.date
    last: dt.date  # the end of the latest record's period
    records: int
    last_import: dt.datetime | None  # the newest write of any of its records
    outlets: tuple[str, ...] = ()  # reports: the outlets cited, most cited first

    @property
    def terms(self) -> DatasetTerms:
        return terms_of(self.source)

    @property
    def span(self) -> str:
        """"1 Jan 1989 – 31 Dec 2021"."""
        return _day(self.first) if self.first == self.last else f"{_day(self.first)} – {_day(self.last)}"

    def terms_line(self, max_outlets: int = 3) -> str:
        """The licence or terms in one line; for reports, the outlets they cite."""
        if self.source == REPORTS and self.outlets:
            named = ", ".join(self.outlets[:max_outlets])
            more = len(self.outlets) - max_outlets
            return f"the outlets' own: {named}" + (f" and {more} more" if more > 0 else "")
        return self.terms.terms

    def footnote(self) -> str:
        """"UCDP GED Jan 1989–Dec 2021 (CC BY 4.0)", for a chart footnote."""
        span = _month(self.first) if _month(self.first) == _month(self.last) else \
            f"{_month(self.first)}–{_month(self.last)}"
        return f"{self.terms.short} {span} ({self.terms.terms_short})"

    def row(self) -> dict[str, Any]:
        """A row of the data page's coverage table."""
        t = self.terms
        when = self.last_import
        return {"Source": t.title, "Records": f"{self.records:,}", "First date": _day(self.first),
                "Last date": _day(self.last),
                "Last import": f"{_day(when.date())} {when:%H:%M} UTC" if when else "—",
                "Licence / terms": self.terms_line(), "Cite as": t.citation or "—"}


@dataclass(frozen=True)
class Coverage:
    """Every loaded source's coverage (empty when nothing is stored)."""

    datasets: tuple[DatasetCoverage, ...] = ()

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[Any]], outlets: Sequence[str] = ()) -> "Coverage":
        """From the store's figures: (source, date precision, first date, last date, records, last
        write) per source and precision; ``outlets``: the outlets reports cite, most cited first."""
        merged: dict[str, list[Any]] = {}
        for source, precision, first, last, n, written in rows:
            end = period_end(last, precision)
            m = merged.setdefault(source, [first, end, 0, written])
            m[0], m[1], m[2] = min(m[0], first), max(m[1], end), m[2] + int(n)
            if written is not None and (m[3] is None or written > m[3]):
                m[3] = written
        items = [DatasetCoverage(s, f, l, n, w, tuple(outlets) if s == REPORTS else ())
                 for s, (f, l, n, w) in merged.items()]
        items.sort(key=lambda d: (d.source == SEEDS, d.source == REPORTS, _ORDER.get(d.source, len(_ORDER)),
                                  d.source))
        return cls(tuple(items))

    def __bool__(self) -> bool:
        return bool(self.datasets)

    def of(self, datasets: Iterable[str]) -> "Coverage":
        """The coverage of these sources only (a filter's ``datasets``: names, any case; "none" for
        records without a dataset, i.e. reports, analysts' entries and seeds); every source when empty."""
        wanted = {d.lower() for d in datasets}
        if not wanted:
            return self
        own = "none" in wanted
        return Coverage(tuple(d for d in self.datasets
                              if d.source.lower() in wanted or (own and d.source in (REPORTS, SEEDS))))

    @cached_property
    def periods(self) -> tuple[tuple[dt.date, dt.date], ...]:
        """The days some source covers, as disjoint (first, last) spans in date order."""
        merged: list[list[dt.date]] = []
        for lo, hi in sorted((d.first, d.last) for d in self.datasets):
            if merged and lo <= merged[-1][1] + dt.timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        return tuple((lo, hi) for lo, hi in merged)

    def covered(self, starts: Any, ends: Any) -> np.ndarray:
        """For bins from ``starts`` to ``ends`` (inclusive; array-likes of dates): whether any loaded
        source covers part of each. With no coverage known, every bin counts as covered."""
        lo = np.asarray(starts, dtype="datetime64[D]")
        hi = np.asarray(ends, dtype="datetime64[D]")
        if not self.datasets:
            return np.ones(lo.shape, dtype=bool)
        out = np.zeros(lo.shape, dtype=bool)
        for first, last in self.periods:
            out |= (lo <= np.datetime64(last, "D")) & (hi >= np.datetime64(first, "D"))
        return out

    def footnote(self) -> str:
        """"Coverage: UCDP GED Jan 1989–Dec 2021 (CC BY 4.0); reports Sep 2023–Mar 2024 (outlets as
        cited)" ("" when nothing is loaded)."""
        return "Coverage: " + "; ".join(d.footnote() for d in self.datasets) if self.datasets else ""

    def rows(self) -> list[dict[str, Any]]:
        """The data page's table: one row per source."""
        return [d.row() for d in self.datasets]


__all__ = ["Coverage", "DatasetCoverage", "period_end"]
