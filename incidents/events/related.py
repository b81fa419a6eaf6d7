"""Related attacks: several attacks one source reports together, with a toll given only for all of them.

"Over 50 killed in the Mastung and Hangu bombings" is a figure for the group: it stays on the group
(:class:`RelatedToll`), shown beside each attack it covers, and is never split among them by
subtraction (Hangu's "at least five" does not make Mastung "at least 46").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from ..casualties import Count


@dataclass(frozen=True)
class RelatedToll:
    """A toll for several attacks together, as one source gave it."""

    id: str
    records: tuple[str, ...]
    killed: Count = field(default_factory=lambda: Count(None, None, None))
    injured: Count = field(default_factory=lambda: Count(None, None, None))
    source: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "records": list(self.records),
                "killed_min": self.killed.min, "killed_max": self.killed.max, "killed_text": self.killed.text,
                "injured_min": self.injured.min, "injured_max": self.injured.max, "injured_text": self.injured.text,
                "source": self.source, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RelatedToll":
        from ..casualties import parse_count

        def count(kind: str) -> Count:
            text = data.get(f"{kind}_text")
            lo, hi = data.get(f"{kind}_min"), data.get(f"{kind}_max")
            return Count(lo, hi, text) if lo is not None or hi is not None else parse_count(text)

        return cls(str(data["id"]), tuple(data["records"]), count("killed"), count("injured"),
                   data.get("source"), data.get("note"))


def from_report(combined: Sequence[Any], record_ids: Sequence[str | None], source: str | None) -> list[RelatedToll]:
    """The related tolls of one report's combined figures (``extract``'s ``CombinedToll``s: positions
    of its incidents, killed or injured, the figure as said), once its incidents are stored as
    ``record_ids`` (None where one was not saved). Killed and injured said of the same incidents are
    one toll; a toll needs two stored records. Its id is derived from the source and the records, so
    saving the report again replaces it instead of adding another."""
    import hashlib

    by_set: dict[tuple[str, ...], dict[str, Any]] = {}
    for c in combined:
        ids = tuple(dict.fromkeys(record_ids[k] for k in c.incidents if k < len(record_ids) and record_ids[k]))
        if len(ids) < 2:
            continue
        entry = by_set.setdefault(ids, {"notes": []})
        entry[c.what] = c.count
        entry["notes"].append(c.evidence)
    out = []
    for ids, entry in by_set.items():
        key = hashlib.sha1("\x1f".join([source or "", *sorted(ids)]).encode()).hexdigest()[:16]
        note = " / ".join(dict.fromkeys(entry["notes"]))[:1000]
        out.append(RelatedToll(f"report-related-{key}", ids, entry.get("killed", Count(None, None, None)),
                               entry.get("injured", Count(None, None, None)), source, f"as the report says: {note}"))
    return out
