"""Data-quality flags the store keeps up to date on every write (flagged, never silently changed)."""
from __future__ import annotations

from typing import Sequence

from geo.boundaries import provinces_at
from geo.provinces import province_name

#: Prefix of the flag set when an incident's point lies outside the province it claims.
PROVINCE_MISMATCH = "province mismatch: "


def province_flags(lats: Sequence[float | None], lons: Sequence[float | None], codes: Sequence[str | None],
                   flags: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """Each incident's flags with its province-mismatch flag added, refreshed or removed.

    The arguments are columns of one batch (point, claimed province code, current flags). An
    incident whose flags do not change gets its own ``flags`` object back. A point outside the
    claimed province is flagged for review; neither the point nor the province is changed.
    """
    todo = [i for i, (lat, lon, code) in enumerate(zip(lats, lons, codes))
            if lat is not None and lon is not None and code]
    found = dict(zip(todo, provinces_at([lats[i] for i in todo], [lons[i] for i in todo]) if todo else []))
    out: list[Sequence[str]] = list(flags)
    for i, old in enumerate(out):
        code = codes[i]
        if not old and found.get(i, code) == code:
            continue  # no flag to add or remove (the usual case)
        new = [f for f in old if not f.startswith(PROVINCE_MISMATCH)]
        if i in found and found[i] != code:
            where = (f"lies in {province_name(found[i])} ({found[i]})" if found[i]
                     else "lies outside Pakistan's provinces")
            new.append(f"{PROVINCE_MISMATCH}point ({lats[i]:.4f}, {lons[i]:.4f}) {where}, not in the claimed "
                       f"{province_name(code)} ({code})")
        if new != list(old):
            out[i] = new
    return out
