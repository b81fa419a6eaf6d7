"""Incidents validated and flattened for writing: the form an import's reader process sends the writer.

No database code here (a reader process never imports SQLAlchemy); the store writes these rows.
"""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import Any, Iterable

from .models import Incident, validate_many
from .registry import GroupRegistry, default_registry

#: The incidents table's columns, in its order, as a prepared row holds them (created_at and
#: updated_at are the store's). ``tests/test_prepared.py`` holds this equal to the schema.
ROW_FIELDS = ("id", "date", "date_precision", "location", "district", "province", "province_code", "lat", "lon",
              "geo_precision", "attack_type", "target", "killed_min", "killed_max", "killed_text", "injured_min",
              "injured_max", "injured_text", "summary", "dataset", "dataset_event_id", "flags")
_row = operator.attrgetter(*ROW_FIELDS)


@dataclass(frozen=True)
class Prepared:
    """Incidents validated and flattened for ``Store.save_prepared``; made by :func:`prepare`.

    Plain values, cheap to pickle. ``rows[i]`` holds incident i's fields in ``ROW_FIELDS`` order
    (flags as a list of strings), ``ledgers[i]`` its attributions as (group, status, by) and
    ``sources[i]`` its sources as (outlet, title, url, published).
    """

    rows: list[tuple[Any, ...]]
    ledgers: list[list[tuple[Any, ...]]]
    sources: list[list[tuple[Any, ...]]]

    def __len__(self) -> int:
        return len(self.rows)

    def part(self, start: int, end: int) -> "Prepared":
        """Incidents ``start`` to ``end`` (exclusive)."""
        return Prepared(self.rows[start:end], self.ledgers[start:end], self.sources[start:end])


def prepare(items: Iterable[Incident], registry: GroupRegistry | None = None, *,
            today: dt.date | None = None) -> Prepared:
    """Validate incidents (ValidationError names the field of the first bad one) and flatten them."""
    batch = validate_many(items, registry or default_registry(), today=today)
    return Prepared(list(map(_row, batch)),
                    [[(a.group, a.status, a.by) for a in inc.attributions] for inc in batch],
                    [[(s.outlet, s.title, s.url, s.published) for s in inc.sources] for inc in batch])
