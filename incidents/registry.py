"""The group registry: codes, display names, parents, colours and aliases (``data/groups.csv``)."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .paths import GROUPS_CSV

#: Colour of incidents with no claim, suspicion or blame (a denial does not colour).
UNATTRIBUTED_COLOUR = "#8C8C8C"
UNATTRIBUTED_LABEL = "Unattributed"
#: Incidents whose source names a perpetrator this registry lacks: no attribution status is invented
#: for them, yet they are not "Unattributed" (no claim, suspicion or blame) either.
NOT_IN_REGISTRY_LABEL = "Group not in the registry"
NOT_IN_REGISTRY_COLOUR = "#5A5A5A"
#: The flag an importer keeps a perpetrator's name in when the registry lacks it (as written).
UNLISTED_FLAG = "unmapped actor: "


def unlisted_names(flags: "list[str] | tuple[str, ...] | None") -> list[str]:
    """The perpetrator names a record's flags keep because the registry lacks them, as written, once each."""
    out: list[str] = []
    for f in flags or ():
        if isinstance(f, str) and f.startswith(UNLISTED_FLAG):
            name = f[len(UNLISTED_FLAG):].strip()
            if name and name not in out:
                out.append(name)
    return out

#: Attribution statuses, in the order charts stack them.
STATUSES: tuple[str, ...] = ("claimed", "suspected", "blamed", "denied")
#: Statuses that attribute an incident to a group (a denial does not).
ATTRIBUTING: tuple[str, ...] = ("claimed", "suspected", "blamed")


@dataclass(frozen=True)
class Group:
    """One armed group as the registry knows it."""

    code: str
    name: str
    parent: str | None
    colour: str
    aliases: tuple[str, ...] = field(default=())
    source: str = ""


#: Urdu and Arabic particles the press writes joined or apart: "Jamaat-ul-Ahrar", "Jamaatul Ahrar".
NAME_PARTICLES = ("ul", "e", "i", "al", "ud", "ut", "us", "ur")
_PARTICLE = re.compile(r" (" + "|".join(NAME_PARTICLES) + r")(?= )")


def name_key(text: str) -> str:
    """A group name's comparison key: case, accents, punctuation and the particles' spacing ignored."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("&", " and ").replace("'", "").replace("’", "")
    return _PARTICLE.sub(r"\1", " ".join(re.sub(r"[^a-z0-9]+", " ", text).split()))


_key = name_key


class GroupRegistry:
    """Maps every known spelling of a group to its code, and codes to their family."""

    def __init__(self, groups: list[Group]) -> None:
        self._groups: dict[str, Group] = {}
        self._by_alias: dict[str, str] = {}
        for g in groups:
            if g.code in self._groups:
                raise ValueError(f"groups: duplicate code {g.code!r}")
            self._groups[g.code] = g
        for g in groups:
            if g.parent and g.parent not in self._groups:
                raise ValueError(f"groups: {g.code} has unknown parent {g.parent!r}")
            for alias in (g.code, g.name, *g.aliases):
                k = _key(alias)
                other = self._by_alias.get(k)
                if other and other != g.code:
                    raise ValueError(f"groups: alias {alias!r} names both {other} and {g.code}")
                self._by_alias[k] = g.code

    @classmethod
    def from_csv(cls, path: Path | str) -> "GroupRegistry":
        """Read a registry from a CSV with columns code, name, parent, colour, aliases (|-separated)."""
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        groups = []
        for i, row in enumerate(rows, start=2):
            code = (row.get("code") or "").strip()
            colour = (row.get("colour") or "").strip()
            if not code or not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
                raise ValueError(f"{path}: row {i}: a code and a #RRGGBB colour are required")
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            groups.append(Group(code, row["name"].strip(), (row.get("parent") or "").strip() or None,
                                colour.upper(), aliases, (row.get("source") or "").strip()))
        return cls(groups)

    def __contains__(self, code: object) -> bool:
        return code in self._groups

    def __iter__(self):
        return iter(self._groups.values())

    def __len__(self) -> int:
        return len(self._groups)

    @property
    def codes(self) -> list[str]:
        return list(self._groups)

    def get(self, code: str) -> Group:
        """The group with this code; KeyError when the registry lacks it."""
        return self._groups[code]

    def resolve(self, name: str | None) -> str | None:
        """The code for any known spelling ("Pakistani Taliban", "TTP: Tehreek-i-Taliban Pakistan"), else None."""
        if not name or not name.strip():
            return None
        candidates = [name]
        if ":" in name:
            candidates += [p for p in name.split(":") if p.strip()]
        bare = re.sub(r"\([^)]*\)", " ", name)
        candidates.append(bare)
        candidates += re.findall(r"\(([^)]*)\)", name)
        for c in candidates:
            code = self._by_alias.get(_key(c))
            if code:
                return code
        return None

    def family(self, code: str) -> list[str]:
        """The code and every branch below it (IS -> IS, ISKP, ISPP)."""
        out = [code]
        for g in self._groups.values():
            if g.parent == code:
                out += self.family(g.code)
        return out

    def root(self, code: str) -> str:
        """The top-level parent of a code (ISKP -> IS)."""
        g = self._groups[code]
        return self.root(g.parent) if g.parent else code

    def colour(self, code: str | None) -> str:
        """The chart colour of a group; neutral grey for None or an unknown code."""
        g = self._groups.get(code or "")
        return g.colour if g else UNATTRIBUTED_COLOUR

    def label(self, code: str | None) -> str:
        """Display label: "ISKP (Islamic State Khorasan Province)" style short code for charts."""
        return code if code in self._groups else UNATTRIBUTED_LABEL

    def ordered(self) -> list[Group]:
        """Groups with branches right under their parent, for legends and chart axes."""
        out: list[Group] = []

        def walk(parent: str | None) -> None:
            for g in self._groups.values():
                if g.parent == parent:
                    out.append(g)
                    walk(g.code)

        walk(None)
        return out


@lru_cache(maxsize=1)
def default_registry() -> GroupRegistry:
    """The registry shipped in ``data/groups.csv`` (read once)."""
    return GroupRegistry.from_csv(GROUPS_CSV)
