"""Dataset actor names -> group codes of the registry.

A name the registry knows maps to its code ("TTP: Tehreek-i-Taliban Pakistan" -> TTP). A dataset's
faction of a known group ("TTP - TA", "TTP-KM" in UCDP) maps to the group, with a flag saying so.
Unidentified actors are no attribution; an armed actor the registry lacks is no attribution either,
and its name is kept in the incident's flags ("unmapped actor: MQM").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Attribution
from ..registry import UNLISTED_FLAG, GroupRegistry

_FACTION_RE = re.compile(r"^\s*([A-Za-z][A-Za-z.']*)\s*-\s*\S.*$")
_UNIDENTIFIED_RE = re.compile(r"^\s*(unidentified|unknown|unknown armed|unnamed|other)\b", re.I)
_NOT_A_GROUP_RE = re.compile(
    r"^\s*(government of|military forces of|police forces of|civilians|protesters|rioters|"
    r"private security forces|prison guards)\b", re.I)


@dataclass
class Resolved:
    """The outcome of resolving one actor name."""

    code: str | None
    flag: str | None = None  # what the analyst should know (unmapped actor, faction counted as group)


def resolver(registry: GroupRegistry):  # noqa: ANN201 - a cached callable
    """A cached ``name -> Resolved`` for one registry (datasets repeat the same few names)."""

    @lru_cache(maxsize=4096)
    def resolve(name: str) -> Resolved:
        code = registry.resolve(name)
        if code:
            return Resolved(code)
        if _UNIDENTIFIED_RE.match(name):
            return Resolved(None)
        m = _FACTION_RE.match(name)
        if m:
            parent = registry.resolve(m.group(1))
            if parent:
                return Resolved(parent, f"faction {name!r} counted as {parent}")
        if _NOT_A_GROUP_RE.match(name):
            return Resolved(None)
        return Resolved(None, f"{UNLISTED_FLAG}{name}")

    return resolve


def is_state_or_civilian(name: str) -> bool:
    """Governments, their forces, civilians, protesters and rioters are not armed groups."""
    return bool(_NOT_A_GROUP_RE.match(name))


@dataclass
class Ledger:
    """Collects attributions (no duplicate group+status) and flags for one incident."""

    attributions: list[Attribution] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def add(self, code: str, status: str, by: str | None) -> None:
        """Add a group once: the first status recorded for it stands."""
        if not any(a.group == code for a in self.attributions):
            self.attributions.append(Attribution(code, status, by))

    def flag(self, message: str | None) -> None:
        if message and message not in self.flags:
            self.flags.append(message)
