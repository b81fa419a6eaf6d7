"""Incidents validated and flattened for writing: the form an import's reader process sends the writer.

An incident flattened (:func:`flatten`) is a triple ``(row, ledger, sources)`` of plain tuples; an
importer that maps its cells straight to that form (ACLED) never builds the objects. No database code
here (a reader process never imports SQLAlchemy); the store writes these rows.
"""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import Any, Iterable

from geo.provinces import PROVINCES

from .models import (_ID_RE, _URL_RE, ACTORS, CATEGORIES, DATE_PRECISIONS, GEO_PRECISIONS, MAX_COUNT, MAX_DATASET,
                     MAX_EVENT_ID, MAX_SOURCES, MAX_TEXT, NUL, PAKISTAN_BBOX, TARGET_KINDS, Attribution, Incident,
                     Source, validate)
from .registry import STATUSES, GroupRegistry, default_registry

#: The incidents table's columns, in its order, as a prepared row holds them (created_at and
#: updated_at are the store's). ``tests/test_prepared.py`` holds this equal to the schema.
ROW_FIELDS = ("id", "date", "date_precision", "location", "district", "province", "province_code", "lat", "lon",
              "geo_precision", "attack_type", "target", "killed_min", "killed_max", "killed_text", "injured_min",
              "injured_max", "injured_text", "summary", "dataset", "dataset_event_id", "flags", "category", "actor",
              "state_actor", "target_kind", "opponents", "killed_civilians", "killed_security", "killed_militants",
              "killed_low", "killed_best", "killed_high")
_row = operator.attrgetter(*ROW_FIELDS)

#: One incident flattened: (row in ``ROW_FIELDS`` order with flags as a list of strings, its
#: attributions as (group, status, by), its sources as (outlet, title, url, published)).
Flat = tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]


@dataclass(frozen=True)
class Prepared:
    """Incidents validated and flattened for ``Store.save_prepared``; made by :func:`prepare`.

    Plain values, cheap to pickle. ``rows[i]`` holds incident i's fields in ``ROW_FIELDS`` order
    (flags as a list of strings), ``ledgers[i]`` its attributions as a tuple of (group, status, by)
    and ``sources[i]`` its sources as a tuple of (outlet, title, url, published).
    """

    rows: list[tuple[Any, ...]]
    ledgers: list[tuple[tuple[Any, ...], ...]]
    sources: list[tuple[tuple[Any, ...], ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def part(self, start: int, end: int) -> "Prepared":
        """Incidents ``start`` to ``end`` (exclusive)."""
        return Prepared(self.rows[start:end], self.ledgers[start:end], self.sources[start:end])


def flatten(inc: Incident) -> Flat:
    """An incident as plain tuples (see :data:`Flat`); no validation."""
    return (_row(inc), tuple([(a.group, a.status, a.by) for a in inc.attributions]),
            tuple([(s.outlet, s.title, s.url, s.published) for s in inc.sources]))


def unflatten(flat: Flat) -> Incident:
    """The incident a flattened triple stands for (``flatten``'s inverse)."""
    row, ledger, sources = flat
    fields = dict(zip(ROW_FIELDS, row))
    fields["flags"] = list(fields["flags"] or [])
    fields["opponents"] = list(fields["opponents"] or [])
    return Incident(**fields, attributions=[Attribution(*a) for a in ledger], sources=[Source(*s) for s in sources])


def prepare(items: Iterable[Incident], registry: GroupRegistry | None = None, *,
            today: dt.date | None = None) -> Prepared:
    """Validate incidents (ValidationError names the field of the first bad one) and flatten them."""
    return prepare_flat(map(flatten, items), registry, today=today)


def prepare_flat(items: Iterable[Flat], registry: GroupRegistry | None = None, *,
                 today: dt.date | None = None) -> Prepared:
    """:func:`prepare` for incidents already flattened: the same rules and the same errors.

    Each incident first goes through a quick check that only accepts what ``models.validate``
    accepts (plain types, every value in range); anything it is not sure of goes through
    ``validate`` itself, which raises the usual error naming the field.
    """
    registry = registry or default_registry()
    today = today or dt.date.today()
    known = registry.__contains__
    rows: list[tuple[Any, ...]] = []
    ledgers: list[tuple[tuple[Any, ...], ...]] = []
    sources: list[tuple[tuple[Any, ...], ...]] = []
    for flat in items:
        row, ledger, srcs = flat
        if not _quick_ok(row, ledger, srcs, known, today):
            validate(unflatten(flat), registry, today=today)  # raises the error naming the field
        rows.append(row)
        ledgers.append(ledger if ledger.__class__ is tuple else tuple(ledger))
        sources.append(srcs if srcs.__class__ is tuple else tuple(srcs))
    return Prepared(rows, ledgers, sources)


_LAT_LO, _LAT_HI = PAKISTAN_BBOX["lat_min"], PAKISTAN_BBOX["lat_max"]
_LON_LO, _LON_HI = PAKISTAN_BBOX["lon_min"], PAKISTAN_BBOX["lon_max"]


# Twin of ``models.validate`` (the rule of record), re-stated on flat tuples for import speed: a rule
# added there must be added here too, or bad rows get in through imports. tests/test_prepared.py
# (test_the_quick_check_accepts_only_what_validate_accepts) holds the two together.
def _quick_ok(row: tuple[Any, ...], ledger: Any, sources: Any, known: Any, today: dt.date) -> bool:
    """True only for an incident ``validate`` accepts; False when unsure (then ``validate`` decides)."""
    str_, int_, float_, date_ = str, int, float, dt.date
    (i, d, precision, loc, district, province, code, lat, lon, gp, attack_type, target, km, kx, killed_text,
     im, ix, injured_text, summary, dataset, event_id, _flags, category, actor, state_actor, target_kind, opponents,
     *counts) = row
    if not ((i is None or (i.__class__ is str_ and _ID_RE.match(i) is not None))
            and d.__class__ is date_ and d <= today and d.year >= 1900
            and precision in DATE_PRECISIONS
            and loc.__class__ is str_ and len(loc) <= MAX_TEXT and loc.strip() != ""
            and (code is None or code in PROVINCES)
            and ((lat is None and lon is None)
                 or ((lat.__class__ is float_ or lat.__class__ is int_)
                     and (lon.__class__ is float_ or lon.__class__ is int_)
                     and _LAT_LO <= lat <= _LAT_HI and _LON_LO <= lon <= _LON_HI))
            and (gp is None or gp in GEO_PRECISIONS)
            and (km is None or (km.__class__ is int_ and 0 <= km <= MAX_COUNT))
            and (kx is None or (kx.__class__ is int_ and 0 <= kx <= MAX_COUNT))
            and (km is None or kx is None or km <= kx)
            and (im is None or (im.__class__ is int_ and 0 <= im <= MAX_COUNT))
            and (ix is None or (ix.__class__ is int_ and 0 <= ix <= MAX_COUNT))
            and (im is None or ix is None or im <= ix)
            and (dataset is None) == (event_id is None)
            and (category is None or category in CATEGORIES)
            and (actor is None or actor in ACTORS)
            and (target_kind is None or target_kind in TARGET_KINDS)
            and (state_actor is None or (state_actor.__class__ is str_ and len(state_actor) <= MAX_TEXT
                                         and NUL not in state_actor))
            and (dataset is None or (dataset.__class__ is str_ and len(dataset) <= MAX_DATASET))
            and (event_id is None or (event_id.__class__ is str_ and len(event_id) <= MAX_EVENT_ID))
            and NUL not in loc):
        return False
    for n in counts:
        if n is not None and (n.__class__ is not int_ or n < 0):
            return False
    if opponents:
        if opponents.__class__ is not list or len(set(opponents)) != len(opponents):
            return False
        for g in opponents:
            if g.__class__ is not str_ or not known(g):
                return False
    for t in (district, province, attack_type, target, killed_text, injured_text, summary, dataset, event_id):
        if t is not None and (t.__class__ is not str_ or len(t) > MAX_TEXT or NUL in t):
            return False
    if ledger:
        seen = set()
        for entry in ledger:
            if entry.__class__ is not tuple or len(entry) != 3:
                return False
            group, status, by = entry
            if (group.__class__ is not str_ or not known(group) or status not in STATUSES or (group, status) in seen
                    or (by is not None and (by.__class__ is not str_ or NUL in by))):
                return False
            seen.add((group, status))
    if len(sources) > MAX_SOURCES:
        return False
    for entry in sources:
        if entry.__class__ is not tuple or len(entry) != 4:
            return False
        outlet, title, url, published = entry
        if ((outlet is not None and (outlet.__class__ is not str_ or NUL in outlet))
                or (title is not None and (title.__class__ is not str_ or NUL in title))
                or (url is not None and (url.__class__ is not str_ or NUL in url))):
            return False
        if ((url and (url.__class__ is not str_ or _URL_RE.match(url) is None))
                or (published is not None and published.__class__ is not date_)):
            return False
    return True
