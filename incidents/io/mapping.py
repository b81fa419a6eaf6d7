"""Any other table (a team's own log, a spreadsheet) read through a column mapping.

A :class:`ColumnMapping` says which of the file's columns holds each incident field (``FIELDS``);
:func:`guess` proposes one from the header names (and, for dates and coordinates, the values); the
analyst corrects it on the Data page or gives it on the command line (``--columns
date=date,location=city,killed=fatalities``), and may save it by name in the store.

:class:`MappedLayout` maps each row:

- ``date``: see ``dates`` (ISO, 30/12/2020 or 12/30/2020 with the order detected for the whole
  column, Excel serials and date cells, "30 Dec 2020", "December 30, 2020").
- Identity: ``dataset`` is the mapping's dataset name (default: the file's name without its
  extension); ``dataset_event_id`` is the ``id`` column, else a content key (see ``identity``).
- Place: ``location`` (else district, else province); without coordinates it is looked up in the
  offline gazetteer (exact names and aliases only, with the province and district columns as hints).
  A place the gazetteer does not know is imported without a point and listed in the summary with
  suggestions; never dropped, never guessed.
- ``group``: names separated by ";" go through the registry's aliases ("BRG: Baloch Republican
  Guard", "Tehrik-i-Taliban Pakistan (TTP)"); "Unknown" is no group; a name the registry lacks is
  kept as written in the record's flags and reported once with its row count. ``claim_status``
  (claimed/yes/1, suspected, denied, blamed/no/0; blank: blamed) is the status of every named group,
  ``by`` the dataset.
- ``killed``/``injured``: a whole number, or a wording ("at least 5", "over 50", "3-4", "dozens"),
  read as the news reports' are (``casualties.parse_count``); the cell's wording is kept as text;
  blank, "unknown", -9: unknown, never 0. A cell no wording rule reads is a row error naming the column.
- ``source_url``: an http(s) address becomes the record's source.
- ``country``: rows naming another country are skipped (counted).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..casualties import Count, parse_count
from ..models import _URL_RE, Incident, Source
from ..registry import UNLISTED_FLAG
from . import dates
from . import values as v
from .actors import Ledger, resolver
from .identity import KeyCounter, content_key
from .layout import Layout, Row
from .readers import Table, UnreadableFileError
from .placing import Placer
from .summary import GEOCODED_FLAG, ImportSummary, geocoded_flag, unplaced_flag

#: Cells of a figure column that say the figure is not known (unknown, never 0).
_UNKNOWN_FIGURE = frozenset({"unknown", "n/a", "na", "?", "-", "not known", "unclear"})

#: Incident fields a column can fill, in the order the mapping step shows them.
FIELDS: tuple[str, ...] = ("date", "location", "district", "province", "country", "lat", "lon", "killed", "injured",
                           "group", "claim_status", "attack_type", "target", "summary", "source_url", "id")
FIELD_LABELS: dict[str, str] = {
    "date": "date", "location": "place (town, village)", "district": "district", "province": "province",
    "country": "country (other countries skipped)", "lat": "latitude", "lon": "longitude",
    "killed": "killed", "injured": "injured", "group": "group (perpetrator)", "claim_status": "claim status",
    "attack_type": "attack type", "target": "target", "summary": "notes / summary", "source_url": "source URL",
    "id": "the file's own id",
}
#: Other names a field may be given by on the command line.
FIELD_ALIASES = {"place": "location", "city": "location", "notes": "summary", "url": "source_url",
                 "latitude": "lat", "longitude": "lon", "lng": "lon", "claim": "claim_status",
                 "perpetrator": "group", "type": "attack_type", "deaths": "killed", "fatalities": "killed",
                 "wounded": "injured"}
#: Header names that suggest a field (compared after folding case and punctuation to "_").
_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("date", "event_date", "incident_date", "day", "when", "date_of_attack", "attack_date"),
    "location": ("location", "city", "place", "town", "village", "locality", "site", "where", "area"),
    "district": ("district", "admin2", "adm_2", "agency"),
    "province": ("province", "admin1", "adm_1", "provstate", "state", "region"),
    "country": ("country", "country_txt"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "killed": ("killed", "fatalities", "deaths", "dead", "nkill", "killed_total", "no_killed", "killed_count"),
    "injured": ("injured", "wounded", "injuries", "nwound", "no_injured", "injured_count"),
    "group": ("group", "perpetrator", "perpetrator_group", "gname", "actor", "actor1", "organisation",
              "organization", "responsible", "claimed_by", "perpetrators", "militant_group"),
    "claim_status": ("claim_status", "claim", "claimed", "responsibility", "attribution", "attribution_status"),
    "attack_type": ("attack_type", "attacktype", "attacktype1_txt", "type", "method", "weapon", "event_type",
                    "sub_event_type", "attack", "tactic", "incident_type"),
    "target": ("target", "target_type", "targtype1_txt", "target1", "victim", "victims", "targets"),
    "summary": ("summary", "notes", "note", "description", "details", "narrative", "remarks", "comments"),
    "source_url": ("source_url", "url", "link", "source_link", "sources", "source"),
    "id": ("id", "gtd_id", "eventid", "event_id", "incident_id", "ref", "reference", "no", "serial"),
}
_CLAIM = {"claimed": "claimed", "claim": "claimed", "yes": "claimed", "y": "claimed", "1": "claimed",
          "true": "claimed", "suspected": "suspected", "suspect": "suspected", "uncertain": "suspected",
          "possible": "suspected", "denied": "denied", "deny": "denied", "denial": "denied", "blamed": "blamed",
          "no": "blamed", "n": "blamed", "0": "blamed", "false": "blamed", "unclaimed": "blamed"}
_NO_GROUP = {"unknown", "unknown group", "none", "n/a", "na", "-", "?", "unidentified", "not known"}
_NO_PLACE = {"unknown", "n/a", "na", "-", "?", "not known"}
_ROWNO = "\x00rowno"


def _header_key(name: str) -> str:
    return "_".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


@dataclass
class ColumnMapping:
    """Which file column fills each field (``columns``: field -> column), and how to read the file."""

    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    dataset: str | None = None
    date_order: str | None = None  # "dmy" | "mdy" | None (detected from the column)

    def __post_init__(self) -> None:
        unknown = [f for f in self.columns if f not in FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; use {', '.join(FIELDS)}")
        if self.date_order not in (None, *dates.ORDERS):
            raise ValueError(f"date order must be dmy or mdy, not {self.date_order!r}")
        if "date" not in self.columns:
            raise ValueError("a mapping needs the date column (date=COLUMN)")

    @classmethod
    def parse(cls, text: str, **options: Any) -> "ColumnMapping":
        """``"date=date,location=city,killed=fatalities"`` (field=column; field aliases accepted)."""
        return cls(_pairs(text), **options)

    def with_columns(self, text: str) -> "ColumnMapping":
        """This mapping with the fields ``text`` names (``parse`` syntax) replaced."""
        return ColumnMapping({**self.columns, **_pairs(text)}, self.sheet, self.dataset, self.date_order)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "ColumnMapping":
        d = json.loads(text)
        return cls(dict(d.get("columns") or {}), d.get("sheet"), d.get("dataset"), d.get("date_order"))

    def text(self) -> str:
        """The ``--columns`` form."""
        return ",".join(f"{f}={c}" for f, c in self.columns.items())


def _pairs(text: str) -> dict[str, str]:
    cols: dict[str, str] = {}
    for part in (p for p in text.split(",") if p.strip()):
        fld, sep, col = part.partition("=")
        fld = FIELD_ALIASES.get(fld.strip().lower(), fld.strip().lower())
        if not sep or not col.strip():
            raise ValueError(f"{part.strip()!r}: write FIELD=COLUMN")
        if fld in cols:
            raise ValueError(f"field {fld} is mapped twice")
        cols[fld] = " ".join(col.split()).lower()
    return cols


def guess(columns: list[str], sample: Iterable[Row] = ()) -> dict[str, str]:
    """A proposed ``field -> column`` for a header: by the names first, then by the values (dates,
    coordinates within Pakistan). Each column is proposed for one field at most."""
    keys = {c: _header_key(c) for c in columns if c}
    out: dict[str, str] = {}
    used: set[str] = set()
    for exact in (True, False):
        for fld in FIELDS:
            if fld in out:
                continue
            for name in _HEADERS[fld]:
                hit = next((c for c, k in keys.items() if c not in used and
                            (k == name if exact else (len(name) > 3 and name in k.split("_")))), None)
                if hit:
                    out[fld] = hit
                    used.add(hit)
                    break
    rows = list(sample)
    if "date" not in out:
        for c in keys:
            vals = [r.get(c) for r in rows if not v.blank(r.get(c))]
            if c not in used and vals and all(_is_date(x) for x in vals):
                out["date"] = c
                used.add(c)
                break
    return {f: out[f] for f in FIELDS if f in out}


def _is_date(x: Any) -> bool:
    try:
        dates.parse(x, "", "dmy")
    except v.RowError:
        return False
    return True


def default_dataset(file_name: str) -> str:
    """A dataset name for a file read through a mapping: its name without the extension."""
    stem = Path(file_name or "table").stem.strip() or "table"
    return stem[:64]


@dataclass
class Unresolved:
    """A place the gazetteer does not know: the rows that name it and close names it does know."""

    place: str
    district: str | None
    province: str | None
    rows: list[int] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "district": self.district, "province": self.province, "rows": self.rows,
                "suggestions": self.suggestions}


class MappedLayout(Layout):
    """Rows of any table, through a :class:`ColumnMapping` (see the module's mapping choices)."""

    name = "columns"
    title = "Mapped columns"
    dataset = None
    #: the reader process rebuilds layouts by name; this one needs its mapping, so it reads here
    in_process_only = True

    def __init__(self, mapping: ColumnMapping, registry=None, *, geocoder: Any = None) -> None:  # noqa: ANN001
        super().__init__(registry)
        self.spec = mapping
        self._resolve = resolver(self.registry)
        self._placer = Placer(geocoder)
        self._keys = KeyCounter()
        self.field_columns = {"date": mapping.columns["date"], **self._field_columns(mapping.columns)}
        self.dataset_name = mapping.dataset
        self.order: str | None = mapping.date_order
        self.unresolved: dict[tuple[str, str | None, str | None], Unresolved] = {}
        self.rowno: int | None = None

    @staticmethod
    def _field_columns(cols: dict[str, str]) -> dict[str, str]:
        """Incident field (as ValidationError names it) -> the file column."""
        out = {}
        for fld, col in cols.items():
            targets = {"killed": ("killed_min", "killed_max", "killed_text"),
                       "injured": ("injured_min", "injured_max", "injured_text"), "group": ("attributions",),
                       "source_url": ("sources",), "id": ("dataset_event_id", "id"),
                       "province": ("province", "province_code")}.get(fld, (fld,))
            for t in targets:
                out[t] = col
        return out

    def column_for(self, field: str) -> str | None:
        base = field.split("[", 1)[0].split(".", 1)[0]
        return self.field_columns.get(base)

    def mapping(self) -> list[tuple[str, str]]:
        return [(FIELD_LABELS[f], c) for f, c in self.spec.columns.items()]

    def prepare(self, table: Table) -> None:
        missing = [c for c in self.spec.columns.values() if c not in table.columns]
        if missing:
            shown = ", ".join(c for c in table.columns if c)
            raise UnreadableFileError(f"{table.name}: no column(s) {', '.join(repr(c) for c in missing)} "
                                      f"(the file's columns: {shown})")
        if not self.dataset_name:
            self.dataset_name = default_dataset(table.name)
        rows = table.rows

        def numbered() -> Iterable[tuple[int, Row]]:  # the row numbers the report names
            for rowno, row in rows():
                row[_ROWNO] = rowno
                yield rowno, row

        table.rows = numbered  # type: ignore[method-assign]
        self._prefix = re.sub(r"[^A-Za-z0-9._-]+", "-", self.dataset_name).strip("-").lower()[:40] or "table"

    def detect_date_order(self, values: Iterable[Any]) -> None:
        """Read the date column's order from all its values (``dates.column_order``), unless given."""
        if self.order is None:
            self.order = dates.column_order(values, self.spec.columns["date"])

    @property
    def geocoder(self):  # noqa: ANN201
        return self.placer.geocoder  # exact names and aliases: never a guess

    # -- one row ---------------------------------------------------------------------------------
    def map(self, row: Row) -> Incident:
        self.rowno = row.get(_ROWNO)
        cols = self.spec.columns
        get = lambda f: row.get(cols[f]) if f in cols else None  # noqa: E731
        if (country := v.text(get("country"))):
            v.require_pakistan(country)
        date = dates.parse(get("date"), cols["date"], self.order)
        place = v.text(get("location"))
        if place and place.lower() in _NO_PLACE:
            place = None
        district = v.text(get("district"))
        province, code = v.province(v.text(get("province")))
        lat, lon = v.coordinates(get("lat"), get("lon"), cols.get("lat", "lat"), cols.get("lon", "lon"))
        ledger = Ledger()
        if code is None and province:
            ledger.flag(f"unknown province: {province}")
        precision = None
        if lat is None:
            lat, lon, precision, district, province, code = self._locate(ledger, place, district, province, code)
        elif province is None:
            province, code = v.province_from_point(lat, lon)

        group_cell = v.text(get("group"))
        status = self._status(get("claim_status"))
        for name in v.split_list(group_cell):
            if name.lower() in _NO_GROUP:
                continue
            r = self._resolve(name)
            if r.code:
                ledger.add(r.code, status, self.dataset_name)
                ledger.flag(r.flag)
            else:
                ledger.flag(f"{UNLISTED_FLAG}{name}")  # counted by the import summary (summary.tally)
        killed = self._figure(get("killed"), "killed")
        injured = self._figure(get("injured"), "injured")
        sources = []
        if (url := v.text(get("source_url"))):
            if not _URL_RE.match(url):
                raise v.RowError(cols["source_url"], f"not an http(s) address: {url[:60]!r}")
            sources.append(Source(url=url))
        attack_type, target, summary = v.text(get("attack_type")), v.text(get("target")), v.text(get("summary"))
        ev = v.text(get("id"))
        if not ev:
            ev = self._keys(content_key(self.dataset_name or "", date, (place, district, province), (group_cell, target),
                                        attack_type, summary))
        return Incident(
            id=v.stable_id(self._prefix, ev), date=date, date_precision="day",
            location=place or district or province or "Pakistan", district=district, province=province,
            province_code=code, lat=lat, lon=lon, geo_precision=precision, attack_type=attack_type, target=target,
            killed_min=killed.min, killed_max=killed.max, killed_text=killed.text, injured_min=injured.min,
            injured_max=injured.max, injured_text=injured.text, attributions=ledger.attributions, sources=sources, summary=summary,
            dataset=self.dataset_name, dataset_event_id=ev, flags=ledger.flags,
        )

    def _locate(self, ledger: Ledger, place: str | None, district: str | None, province: str | None,
                code: str | None) -> tuple[Any, ...]:
        """(lat, lon, precision, district, province, code) from the gazetteer, or no point (listed)."""
        query = place or district or province
        if not query:
            ledger.flag("no place and no coordinates")
            return None, None, None, district, province, code
        hit = self.placer.locate(place, district, province, code)
        if hit is None:
            key = (query, district, province)
            item = self.unresolved.get(key)
            if item is None:
                item = self.unresolved[key] = Unresolved(query, district, province,
                                                         suggestions=self._suggest(query, code))
            item.rows.append(self.rowno)
            ledger.flag(unplaced_flag(query))
            return None, None, None, district, province, code
        ledger.flag(geocoded_flag(hit.name, hit.precision))
        if code is None:
            province, code = hit.province, hit.province_code
        return hit.lat, hit.lon, hit.precision, district or hit.district, province, code

    def _suggest(self, query: str, code: str | None) -> list[str]:
        from geo.geocoder import OfflineGeocoder

        try:
            found = OfflineGeocoder(self.geocoder.gazetteer).suggest(query, limit=3, province=code)
        except Exception:  # suggestions are a help, never a reason to stop an import
            return []
        return [f"{r.name} ({r.district or r.province or ''})".replace(" ()", "") for r in found]

    def _status(self, cell: Any) -> str:
        s = v.text(cell)
        if not s:
            return "blamed"
        status = _CLAIM.get(s.lower())
        if status is None:
            raise v.RowError(self.spec.columns["claim_status"],
                             f"unknown claim status {s[:40]!r}; use claimed, suspected, blamed or denied")
        return status

    def _figure(self, cell: Any, fld: str) -> Count:
        """The column's figure: a number, or a wording read as reports' are; unknown stays unknown."""
        if fld not in self.spec.columns:
            return Count(None, None, None)
        col = self.spec.columns[fld]
        try:
            n = v.integer(cell, col, unknown=(-9, -99))
        except v.RowError:
            text = v.text(cell)
            if text is None or text.strip().lower() in _UNKNOWN_FIGURE:
                return Count(None, None, None)
            count = parse_count(text)
            if count.min is None and count.max is None:
                raise v.RowError(col, f"not a figure: {text[:60]!r} (a number or a wording such as 'at least 5')")
            v.integer(count.max if count.max is not None else count.min, col)  # the same bounds as a number
            return Count(count.min, count.max, text)
        return Count(n, n, v.text(cell) if n is not None else None)

    # -- what the summary reports ------------------------------------------------------------------
    def report(self, summary: ImportSummary | None = None) -> dict[str, Any]:
        """The dataset, the rows placed by the gazetteer and the places without a point, counting
        only the rows that went in (``summary.tally``): a row skipped with an error after it was
        geocoded is no point geocoded. (Unknown group names are in every import's summary.)"""
        done = summary.flagged if summary is not None else None
        out: dict[str, Any] = {"dataset": self.dataset_name,
                               "geocoded": done.get(GEOCODED_FLAG, 0) if done is not None else 0}
        places = []
        for u in self.unresolved.values():
            item = u.to_dict()
            if summary is not None:
                item["rows"] = [r for r in u.rows if r in summary.unplaced_rows]
            if item["rows"]:
                places.append(item)
        if places:
            out["unresolved_places"] = places
        return out

