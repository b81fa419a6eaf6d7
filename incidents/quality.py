"""Data-quality flags the store keeps up to date on every write (flagged, never silently changed)."""
from __future__ import annotations

from typing import Sequence

from geo.boundaries import provinces_at
from geo.provinces import province_name

from .models import Incident

#: Prefix of the flag set when an incident's point lies outside the province it claims.
PROVINCE_MISMATCH = "province mismatch: "


def with_province_flags(items: Sequence[Incident]) -> list[Incident]:
    """The incidents with their province-mismatch flag added, refreshed or removed.

    A point outside the claimed province is flagged for review; neither the point nor the
    province is changed.
    """
    items = list(items)
    todo = [i for i, inc in enumerate(items) if inc.lat is not None and inc.lon is not None and inc.province_code]
    actual = provinces_at([items[i].lat for i in todo], [items[i].lon for i in todo]) if todo else []
    found = dict(zip(todo, actual))
    out = []
    for i, inc in enumerate(items):
        if inc.flags.__class__ is list and not inc.flags and found.get(i, inc.province_code) == inc.province_code:
            out.append(inc)  # no flag to add or remove (the usual case)
            continue
        flags = [f for f in inc.flags if not f.startswith(PROVINCE_MISMATCH)]
        if i in found and found[i] != inc.province_code:
            where = (f"lies in {province_name(found[i])} ({found[i]})" if found[i]
                     else "lies outside Pakistan's provinces")
            flags.append(f"{PROVINCE_MISMATCH}point ({inc.lat:.4f}, {inc.lon:.4f}) {where}, not in the claimed "
                         f"{province_name(inc.province_code)} ({inc.province_code})")
        out.append(inc if flags == inc.flags else inc.copy(flags=flags))
    return out
