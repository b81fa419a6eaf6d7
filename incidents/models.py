"""The incident model: one record of what happened (an attack, a state's operation, a clash), its casualty
figures as reported, who acted, its claim ledger and sources.

JSON field names are fixed; other tools read them.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Iterable

from geo.provinces import PROVINCES

from .casualties import Count
from .errors import ValidationError
from .registry import STATUSES, GroupRegistry, default_registry

DATE_PRECISIONS = ("day", "month", "year")
#: What happened (``Incident.category``): a militant group's act, a state's forces' act, armed fighting
#: whose initiator is not known, anything else. None: the source cannot tell.
CATEGORIES = ("attack", "operation", "clash", "other")
#: Who acted (``Incident.actor``): an armed group, or a state's forces (named in ``state_actor``).
ACTORS = ("group", "state")
#: Who was targeted (``Incident.target_kind``).
TARGET_KINDS = ("civilians", "police", "military", "government", "militants", "other")
#: Victim counts by kind, and a dataset's low/best/high death estimates: whole numbers or null (not given).
VICTIM_FIELDS = ("killed_civilians", "killed_security", "killed_militants")
ESTIMATE_FIELDS = ("killed_low", "killed_best", "killed_high")
GEO_PRECISIONS = (1, 2, 3)
#: Pakistan's bounding box with a small margin (degrees).
PAKISTAN_BBOX = {"lat_min": 23.5, "lat_max": 37.2, "lon_min": 60.8, "lon_max": 77.9}
MAX_TEXT = 20_000
#: The plausibility ceiling of a casualty figure (killed/injured, min and max): no single attack
#: anywhere has killed or injured more than a few thousand people, so a figure above this is a typo
#: or a corrupt cell (10^12, 10^20), refused as a row error rather than stored or overflowing the
#: database's 32-bit integer column.
MAX_COUNT = 100_000
#: Longest ``dataset`` name and ``dataset_event_id`` (the schema's String(n) columns; a longer value
#: PostgreSQL refuses). ``tests/test_models.py`` holds them equal to the schema.
MAX_DATASET = 64
MAX_EVENT_ID = 128
#: Most sources one incident may list (their position is a 16-bit column).
MAX_SOURCES = 1000
#: Text may not hold the NUL character: PostgreSQL cannot store it, so it is refused everywhere
#: (a row error naming the column), never silently stripped.
NUL = "\x00"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_URL_RE = re.compile(r"^(https?://|file:|urn:|doi:)", re.I)


# slots: an import builds hundreds of thousands of these (less memory, faster attribute access;
# a misspelt attribute is an error instead of a new attribute)
@dataclass(slots=True)
class Attribution:
    """One group's relation to one incident: claimed, denied, suspected or blamed, and by whom."""

    group: str
    status: str
    by: str | None = None


@dataclass(slots=True)
class Source:
    """Where a fact came from."""

    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


@dataclass(slots=True)
class Incident:
    """One record: what one source says happened (an attack, an operation, a clash), as analysts record it.

    ``category`` (:data:`CATEGORIES`, None = unknown) is what happened; ``attack_type`` the finer kind
    beneath it. ``actor`` is who acted ("group" or "state"; a state's forces are named in
    ``state_actor`` and are never an attribution), ``target_kind`` who was targeted, ``opponents``
    the groups a state's forces fought (codes; an opponent is not a perpetrator). Victims by kind and
    a dataset's low/best/high estimates are kept as given, null when not given.
    """

    date: dt.date
    location: str
    id: str | None = None
    date_precision: str = "day"
    district: str | None = None
    province: str | None = None
    province_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    attack_type: str | None = None
    target: str | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    killed_text: str | None = None
    injured_min: int | None = None
    injured_max: int | None = None
    injured_text: str | None = None
    attributions: list[Attribution] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    summary: str | None = None
    dataset: str | None = None
    dataset_event_id: str | None = None
    flags: list[str] = field(default_factory=list)
    category: str | None = None
    actor: str | None = None
    state_actor: str | None = None
    target_kind: str | None = None
    opponents: list[str] = field(default_factory=list)
    killed_civilians: int | None = None
    killed_security: int | None = None
    killed_militants: int | None = None
    killed_low: int | None = None
    killed_best: int | None = None
    killed_high: int | None = None

    # -- derived views -------------------------------------------------------------------------
    @property
    def killed(self) -> Count:
        return Count(self.killed_min, self.killed_max, self.killed_text)

    @property
    def injured(self) -> Count:
        return Count(self.injured_min, self.injured_max, self.injured_text)

    def groups_with(self, *statuses: str) -> list[str]:
        """Codes of groups with any of the given statuses, in ledger order, without repeats."""
        seen: list[str] = []
        for a in self.attributions:
            if a.status in statuses and a.group not in seen:
                seen.append(a.group)
        return seen

    # -- (de)serialisation ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the fixed field names."""
        d = asdict(self)
        d["date"] = self.date.isoformat()
        for s in d["sources"]:
            if isinstance(s.get("published"), dt.date):
                s["published"] = s["published"].isoformat()
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Incident":
        """Build an incident from JSON-style data; raises ValidationError naming the bad field."""
        if not isinstance(data, dict):
            raise ValidationError("incident", "expected an object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValidationError(unknown[0], "unknown field")
        kw = dict(data)
        kw["date"] = parse_date(kw.get("date"), "date")
        kw["attributions"] = [_attribution(a, i) for i, a in enumerate(kw.get("attributions") or [])]
        kw["sources"] = [_source(s, i) for i, s in enumerate(kw.get("sources") or [])]
        kw["flags"] = list(kw.get("flags") or [])
        kw["opponents"] = list(kw.get("opponents") or [])
        for name in ("killed_min", "killed_max", "injured_min", "injured_max", "geo_precision", *VICTIM_FIELDS,
                     *ESTIMATE_FIELDS):
            kw[name] = _int_or_none(kw.get(name), name)
        for name in ("lat", "lon"):
            kw[name] = _float_or_none(kw.get(name), name)
        if "location" not in kw:
            raise ValidationError("location", "is required")
        return cls(**kw)

    def copy(self, **changes: Any) -> "Incident":
        return replace(self, **changes)


def _attribution(a: Any, i: int) -> Attribution:
    if isinstance(a, Attribution):
        return a
    if not isinstance(a, dict):
        raise ValidationError(f"attributions[{i}]", "expected an object")
    extra = set(a) - {"group", "status", "by"}
    if extra:
        raise ValidationError(f"attributions[{i}].{sorted(extra)[0]}", "unknown field")
    return Attribution(group=a.get("group"), status=a.get("status"), by=a.get("by"))


def _source(s: Any, i: int) -> Source:
    if isinstance(s, Source):
        return s
    if not isinstance(s, dict):
        raise ValidationError(f"sources[{i}]", "expected an object")
    extra = set(s) - {"outlet", "title", "url", "published"}
    if extra:
        raise ValidationError(f"sources[{i}].{sorted(extra)[0]}", "unknown field")
    pub = s.get("published")
    return Source(s.get("outlet"), s.get("title"), s.get("url"),
                  parse_date(pub, f"sources[{i}].published") if pub else None)


def parse_date(value: Any, field_name: str = "date") -> dt.date:
    """Parse ``YYYY-MM-DD`` (or a date object); ValidationError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValidationError(field_name, f"expected a date as YYYY-MM-DD, got {value!r:.60}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as e:
        raise ValidationError(field_name, f"no such date: {value!r:.60}") from e


def _int_or_none(v: Any, name: str) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise ValidationError(name, "expected a whole number")
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"\s*-?\d+\s*", v):
        return int(v)
    raise ValidationError(name, f"expected a whole number, got {v!r:.60}")


def _float_or_none(v: Any, name: str) -> float | None:
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError) as e:
        raise ValidationError(name, f"expected a number, got {v!r:.60}") from e
    if math.isnan(f) or math.isinf(f):
        raise ValidationError(name, "expected a finite number")
    return f


def new_id() -> str:
    """A fresh incident id."""
    return "inc-" + uuid.uuid4().hex[:16]


_NUL_MESSAGE = "contains a NUL character (\\x00), which the database cannot store"


# The rule of record. Its twin ``prepared._quick_ok`` re-states it for import speed: a rule added here
# must be added there too (tests/test_prepared.py generates incidents at and past every bound and
# fails when the quick check lets in what this refuses; add the new bound's values there as well).
def validate(inc: Incident, registry: GroupRegistry | None = None, *, today: dt.date | None = None) -> Incident:
    """Check an incident; returns it unchanged or raises ValidationError naming the field."""
    registry = registry or default_registry()
    today = today or dt.date.today()
    if inc.id is not None and (not isinstance(inc.id, str) or not _ID_RE.match(inc.id)):
        raise ValidationError("id", "use 1-128 letters, digits, '.', '_', ':' or '-'")
    if not isinstance(inc.date, dt.date):
        raise ValidationError("date", "expected a date")
    if inc.date > today:
        raise ValidationError("date", f"{inc.date.isoformat()} is in the future")
    if inc.date.year < 1900:
        raise ValidationError("date", f"{inc.date.isoformat()} is implausibly early")
    if inc.date_precision not in DATE_PRECISIONS:
        raise ValidationError("date_precision", f"must be one of {', '.join(DATE_PRECISIONS)}")
    if not isinstance(inc.location, str) or not inc.location.strip():
        raise ValidationError("location", "must not be empty")
    for name in ("location", "district", "province", "attack_type", "target", "killed_text",
                 "injured_text", "summary", "dataset", "dataset_event_id", "state_actor"):
        v = getattr(inc, name)
        if v is not None and not isinstance(v, str):
            raise ValidationError(name, "expected text")
        if v is not None and len(v) > MAX_TEXT:
            raise ValidationError(name, f"longer than {MAX_TEXT} characters")
        if v is not None and NUL in v:
            raise ValidationError(name, _NUL_MESSAGE)
    if inc.dataset is not None and len(inc.dataset) > MAX_DATASET:
        raise ValidationError("dataset", f"longer than {MAX_DATASET} characters")
    if inc.dataset_event_id is not None and len(inc.dataset_event_id) > MAX_EVENT_ID:
        raise ValidationError("dataset_event_id", f"longer than {MAX_EVENT_ID} characters")
    if inc.province_code is not None and inc.province_code not in PROVINCES:
        raise ValidationError("province_code", f"unknown code {inc.province_code!r:.40}; "
                              f"use one of {', '.join(PROVINCES)}")
    if (inc.lat is None) != (inc.lon is None):
        raise ValidationError("lat" if inc.lat is None else "lon", "lat and lon come together")
    if inc.lat is not None:
        b = PAKISTAN_BBOX
        if not b["lat_min"] <= inc.lat <= b["lat_max"]:
            raise ValidationError("lat", f"{inc.lat} is outside Pakistan ({b['lat_min']}..{b['lat_max']})")
        if not b["lon_min"] <= inc.lon <= b["lon_max"]:
            raise ValidationError("lon", f"{inc.lon} is outside Pakistan ({b['lon_min']}..{b['lon_max']})")
    if inc.geo_precision is not None and inc.geo_precision not in GEO_PRECISIONS:
        raise ValidationError("geo_precision", "must be 1 (place), 2 (near / district) or 3 (province)")
    for kind in ("killed", "injured"):
        lo, hi = getattr(inc, f"{kind}_min"), getattr(inc, f"{kind}_max")
        for name, v in ((f"{kind}_min", lo), (f"{kind}_max", hi)):
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise ValidationError(name, "must be a whole number ≥ 0 or null (unknown)")
            if v is not None and v > MAX_COUNT:
                raise ValidationError(name, f"{v:,} is above the plausibility ceiling of {MAX_COUNT:,}")
        if lo is not None and hi is not None and lo > hi:
            raise ValidationError(f"{kind}_min", f"{kind}_min {lo} is greater than {kind}_max {hi}")
    for name, allowed in (("category", CATEGORIES), ("actor", ACTORS), ("target_kind", TARGET_KINDS)):
        if getattr(inc, name) is not None and getattr(inc, name) not in allowed:
            raise ValidationError(name, f"must be one of {', '.join(allowed)} or null (unknown)")
    for name in (*VICTIM_FIELDS, *ESTIMATE_FIELDS):
        v = getattr(inc, name)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise ValidationError(name, "must be a whole number ≥ 0 or null (not given)")
    if not isinstance(inc.opponents, list):
        raise ValidationError("opponents", "expected a list of group codes")
    for i, g in enumerate(inc.opponents):
        if g not in registry:
            raise ValidationError(f"opponents[{i}]", f"unknown group code {g!r:.40}")
    if len(set(inc.opponents)) != len(inc.opponents):
        raise ValidationError("opponents", "a group appears twice")
    seen = set()
    for i, a in enumerate(inc.attributions):
        if a.group not in registry:
            raise ValidationError(f"attributions[{i}].group", f"unknown group code {a.group!r:.40}")
        if a.status not in STATUSES:
            raise ValidationError(f"attributions[{i}].status",
                                  f"unknown status {a.status!r:.40}; use one of {', '.join(STATUSES)}")
        if a.by is not None and not isinstance(a.by, str):
            raise ValidationError(f"attributions[{i}].by", "expected text")
        if a.by is not None and NUL in a.by:
            raise ValidationError(f"attributions[{i}].by", _NUL_MESSAGE)
        if (a.group, a.status) in seen:
            raise ValidationError(f"attributions[{i}]", f"{a.group} {a.status} appears twice")
        seen.add((a.group, a.status))
    if len(inc.sources) > MAX_SOURCES:
        raise ValidationError("sources", f"more than {MAX_SOURCES} sources")
    for i, s in enumerate(inc.sources):
        for name in ("outlet", "title", "url"):
            v = getattr(s, name)
            if v is not None and not isinstance(v, str):
                raise ValidationError(f"sources[{i}].{name}", "expected text")
            if v is not None and NUL in v:
                raise ValidationError(f"sources[{i}].{name}", _NUL_MESSAGE)
        if s.url and not _URL_RE.match(s.url):
            raise ValidationError(f"sources[{i}].url", "must be an http(s) address")
        if s.published is not None and not isinstance(s.published, dt.date):
            raise ValidationError(f"sources[{i}].published", "expected a date")
    if (inc.dataset is None) != (inc.dataset_event_id is None):
        raise ValidationError("dataset_event_id", "dataset and dataset_event_id come together")
    return inc


def incidents_from_json(items: Iterable[dict[str, Any]]) -> list[Incident]:
    """Parse and validate a JSON array of incidents; the error names the item and field."""
    out = []
    for i, item in enumerate(items):
        try:
            out.append(validate(Incident.from_dict(item)))
        except ValidationError as e:
            raise ValidationError(f"[{i}].{e.field}", e.message) from e
    return out
