"""Extraction results: incidents in the data-core model, each field with the sentence it came from."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from incidents.casualties import Count
from incidents.models import Incident

__all__ = ["ExtractedIncident", "ExtractionResult"]


@dataclass
class ExtractedIncident:
    """One incident read from a report.

    ``evidence`` maps a field name (``date``, ``location``, ``attack_type``, ``target``, ``killed``,
    ``injured``, ``attackers_killed``, ``attributions[i]``, ``summary``) to the sentence(s) it came from;
    ``highlights`` maps the same names to the exact words inside that sentence (a list).
    ``attackers_killed`` is kept apart from the toll (the data-core model has no field for it).
    """

    incident: Incident
    evidence: dict[str, str] = field(default_factory=dict)
    highlights: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    attackers_killed: Count | None = None
    geo_suggestions: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The data-core JSON fields plus ``evidence``, ``highlights``, ``warnings`` and ``attackers_killed``."""
        d = self.incident.to_dict()
        d["evidence"] = dict(self.evidence)
        d["highlights"] = dict(self.highlights)
        d["warnings"] = list(self.warnings)
        if self.attackers_killed is not None:
            c = self.attackers_killed
            d["attackers_killed"] = {"min": c.min, "max": c.max, "text": c.text}
        return d


@dataclass
class ExtractionResult:
    """What a report gave: its incidents (possibly none, then ``reason`` says why) and its own metadata."""

    incidents: list[ExtractedIncident] = field(default_factory=list)
    published: dt.date | None = None
    reason: str | None = None
    published_evidence: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    #: Tolls the report gives for several of its incidents together ("over 50 killed in the two
    #: blasts"): each a ``CombinedToll``, kept on those incidents together when they are saved.
    combined: list["CombinedToll"] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.incidents)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary of the whole extraction."""
        return {
            "incidents": [i.to_dict() for i in self.incidents],
            "published": self.published.isoformat() if self.published else None,
            "published_evidence": self.published_evidence,
            "reason": self.reason,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "warnings": list(self.warnings),
            "background": list(self.background),
            "combined": [c.to_dict() for c in self.combined],
        }


@dataclass
class CombinedToll:
    """A figure the report gives for several of its incidents together (positions in ``incidents``),
    as said, with the sentence it came from; never split among them."""

    incidents: list[int]
    what: str  # "killed" | "injured"
    count: Count
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"incidents": list(self.incidents), "what": self.what, "text": self.count.text,
                "min": self.count.min, "max": self.count.max, "evidence": self.evidence}
