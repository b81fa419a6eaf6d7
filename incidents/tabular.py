"""Incidents as flat rows: ledger and sources spelled out, cells safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from .models import Incident

#: Column order of flat exports.
FLAT_COLUMNS = (
    "id", "date", "date_precision", "location", "district", "province", "province_code", "lat", "lon",
    "geo_precision", "category", "attack_type", "target", "actor", "state_actor", "target_kind", "opponents",
    "killed_min", "killed_max", "killed_text", "killed_civilians", "killed_security", "killed_militants",
    "killed_low", "killed_best", "killed_high", "injured_min", "injured_max", "injured_text", "claimed",
    "suspected", "blamed", "denied", "attributions", "sources", "summary", "dataset", "dataset_event_id", "flags",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def ledger_text(inc: Incident) -> str:
    """"ISPP suspected (experts); TTP denied (TTP statement)"."""
    return "; ".join(f"{a.group} {a.status}" + (f" ({a.by})" if a.by else "") for a in inc.attributions)


def sources_text(inc: Incident) -> str:
    """"Outlet — Title — url (published 2024-09-16)" per source, joined by " | "."""
    parts = []
    for s in inc.sources:
        bits = [b for b in (s.outlet, s.title, s.url) if b]
        text = " — ".join(bits) or "(unnamed source)"
        if s.published:
            text += f" (published {s.published.isoformat()})"
        parts.append(text)
    return " | ".join(parts)


def flat_row(inc: Incident) -> dict[str, Any]:
    """One incident as a flat dict with FLAT_COLUMNS keys (values not yet neutralised)."""
    d = inc.to_dict()
    row = {k: d.get(k) for k in FLAT_COLUMNS if k in d}
    for status in ("claimed", "suspected", "blamed", "denied"):
        row[status] = ", ".join(inc.groups_with(status))
    row["attributions"] = ledger_text(inc)
    row["sources"] = sources_text(inc)
    row["flags"] = "; ".join(inc.flags)
    row["opponents"] = ", ".join(inc.opponents)
    return {k: row.get(k) for k in FLAT_COLUMNS}


def neutralise(value: Any) -> Any:
    """Keep numbers as numbers; prefix text a spreadsheet would run as a formula with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(items: Iterable[Incident]) -> str:
    """CSV text of the incidents, formula-safe."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    w.writeheader()
    for inc in items:
        w.writerow({k: neutralise(v) for k, v in flat_row(inc).items()})
    return buf.getvalue()
