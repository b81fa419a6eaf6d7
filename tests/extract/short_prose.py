"""Helpers for the tests that check one extraction rule on a sentence or two written for the test."""
from __future__ import annotations

import datetime as dt

from incidents.extract import extract_incidents
from incidents.extract.attribution import GroupFinder, find_attributions
from incidents.extract.casualties import find_casualties
from incidents.models import Incident
from incidents.registry import default_registry

D = dt.date.fromisoformat


def one(text: str, published: str) -> Incident:
    """The one incident a short report yields (fails when it yields none or several)."""
    res = extract_incidents(text, published=published)
    assert res.reason is None, res.reason
    assert len(res.incidents) == 1, [e.incident.location for e in res.incidents]
    return res.incidents[0].incident


def counts(text: str) -> list[tuple[str, int | None, int | None]]:
    """(who, min, max) of every casualty figure in ``text``."""
    return [(c.what, c.count.min, c.count.max) for c in find_casualties(text)]


def ledger(text: str) -> list[tuple[str, str]]:
    """(group, status) of every attribution in ``text``, sorted."""
    return sorted((a.group, a.status) for a in find_attributions(text, GroupFinder(default_registry())))
