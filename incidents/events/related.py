"""Related attacks: several attacks one source reports together, with a toll given only for all of them.

"Over 50 killed in the Mastung and Hangu bombings" is a figure for the group: it stays on the group
(:class:`RelatedToll`), shown beside each attack it covers, and is never split among them by
subtraction (Hangu's "at least five" does not make Mastung "at least 46").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
