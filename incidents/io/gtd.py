"""Global Terrorism Database (GTD) exports: the 135-column layout, as CSV or XLSX.

Mapping choices:

- ``eventid`` -> ``dataset_event_id`` (dataset "GTD"), incident id ``gtd-<eventid>``.
- ``iyear``/``imonth``/``iday``: ``iday`` 0 -> the 1st of the month, precision month; ``imonth`` 0
  -> 1 January, precision year. ``approxdate`` is kept in flags.
- ``nkill``/``nwound``: blank, -9 and -99 are unknown (null, never 0); otherwise min = max = the
  figure, text "GTD nkill: N" / "GTD nwound: N".
- Perpetrators ``gname``/``gname2``/``gname3`` ("Unknown" is no attribution): ``claimed`` = 1
  (``claim2``/``claim3`` for the others) -> claimed; else ``guncertainN`` = 1 -> suspected; else
  blamed. ``by`` is "GTD coding": GTD's perpetrator field is its coders' reading of the sources.
  A name the registry lacks is kept in flags ("unmapped actor: X").
- ``specificity`` -> geo_precision: 1 (the place itself) -> 1; 2 (place known, coordinates of its
  district) and 3 (district-level centroid) -> 2; 4 (province centroid) -> 3; 5 (the country's
  centre, flagged) keeps no point (lat/lon null, never drawn), as UCDP's country-level records.
  Blank coordinates otherwise: ``city`` (else the province) is looked up in the offline gazetteer by
  exact name, in ``provstate``'s province, and the point's precision is the gazetteer's (flagged
  "point from the offline gazetteer"; ``io/placing.py``); a city it lacks keeps no point.
- ``provstate`` ("Baluchistan", "North-West Frontier Province", "Federally Administered Tribal
  Areas" -> PK-KP) -> province; ``city`` -> location; ``attacktype1_txt`` -> attack_type;
  ``target1`` (else ``targtype1_txt``) -> target; ``summary`` -> summary; ``scite1..3`` -> sources.
- Category and roles: every GTD event is an ``attack`` (GTD records terrorism by non-state actors),
  actor "group" (also when ``gname`` is "Unknown": the perpetrator is a group, not a state). The target
  type ``targtype1_txt`` -> target_kind: Private Citizens & Property, Religious Figures/Institutions,
  Educational Institution, Journalists & Media, Tourists, NGO -> civilians; Police -> police;
  Military -> military; Government (General), Government (Diplomatic) -> government;
  Terrorists/Non-State Militia, Violent Political Party -> militants; Business, Transportation,
  Utilities, Telecommunication, Food or Water Supply, Airports & Aircraft, Maritime, Other -> other;
  Unknown or blank -> null.
- Victims: ``nkillter`` (perpetrators killed) -> killed_militants (-9/-99/blank: null). GTD does not
  split the other deaths by kind: killed_civilians and killed_security stay null.
- Rows of other countries are skipped.
"""
from __future__ import annotations

import re
from typing import Any

from ..models import Incident, Source
from . import values as v
from .actors import Ledger, resolver
from .identity import KeyCounter, content_key
from .layout import Layout, Row
from .summary import geocoded_flag, unplaced_flag

_UNKNOWN = (-9, -99)
_TARGET_KINDS = {
    "private citizens & property": "civilians", "religious figures/institutions": "civilians",
    "educational institution": "civilians", "journalists & media": "civilians", "tourists": "civilians",
    "ngo": "civilians", "police": "police", "military": "military", "government (general)": "government",
    "government (diplomatic)": "government", "terrorists/non-state militia": "militants",
    "violent political party": "militants", "business": "other", "transportation": "other", "utilities": "other",
    "telecommunication": "other", "food or water supply": "other", "airports & aircraft": "other",
    "maritime": "other", "other": "other",
}
_SPECIFICITY = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
_URL_RE = re.compile(r"https?://[^\s\"'<>]+")


class GtdLayout(Layout):
    name = "gtd"
    title = "GTD"
    dataset = "GTD"
    signature = ("eventid", "iyear", "imonth", "iday", "country_txt", "provstate", "city", "latitude",
                 "longitude", "specificity", "gname", "nkill", "nwound", "attacktype1_txt")
    #: a trimmed cut is still GTD (see ``expected``): without eventid rows are identified by content
    required = ("iyear", "imonth", "iday")
    identifying = (("eventid",), ("gname",))
    field_columns = {
        "dataset_event_id": "eventid", "id": "eventid", "date": "iday", "date_precision": "iday",
        "location": "city", "province": "provstate", "province_code": "provstate", "lat": "latitude",
        "lon": "longitude", "geo_precision": "specificity", "attack_type": "attacktype1_txt",
        "target": "target1", "killed_min": "nkill", "killed_max": "nkill", "killed_text": "nkill",
        "injured_min": "nwound", "injured_max": "nwound", "injured_text": "nwound",
        "attributions": "gname", "sources": "scite1", "summary": "summary", "target_kind": "targtype1_txt",
        "killed_militants": "nkillter",
    }

    def __init__(self, registry=None) -> None:  # noqa: ANN001
        super().__init__(registry)
        self._resolve = resolver(self.registry)
        self._keyed = False
        self._keys = KeyCounter()

    def prepare(self, table) -> None:  # noqa: ANN001
        super().prepare(table)
        self._keyed = "eventid" not in table.columns

    def map(self, row: Row) -> Incident:
        get = row.get
        ev = None if self._keyed else v.event_id(get("eventid"), "eventid")
        v.require_pakistan(get("country_txt"))
        date, precision = _date(get("iyear"), get("imonth"), get("iday"))
        if ev is None:
            ev = self._keys(content_key("GTD", date, (get("city"), get("provstate")),
                                        (get("gname"), get("gname2"), get("target1")), get("attacktype1_txt"),
                                        get("summary")))
        lat, lon = v.coordinates(get("latitude"), get("longitude"), "latitude", "longitude")
        spec = v.coded(v.integer(get("specificity"), "specificity", unknown=_UNKNOWN), "specificity", _SPECIFICITY)
        nkill = v.integer(get("nkill"), "nkill", unknown=_UNKNOWN)
        nwound = v.integer(get("nwound"), "nwound", unknown=_UNKNOWN)
        nkillter = v.integer(get("nkillter"), "nkillter", unknown=_UNKNOWN)
        targtype = v.text(get("targtype1_txt"))

        ledger = Ledger()
        if (approx := v.text(get("approxdate"))):
            ledger.flag(f"GTD approximate date: {approx}")
        if spec == 5:  # the country's centre is no place: the record keeps no point (never drawn)
            ledger.flag("GTD specificity 5: coordinates are the country's centre")
            lat = lon = None
        for n, claim_col in ((1, "claimed"), (2, "claim2"), (3, "claim3")):
            name = v.text(get("gname" if n == 1 else f"gname{n}"))
            if not name or name.lower() in ("unknown", "."):
                continue
            r = self._resolve(name)
            ledger.flag(r.flag)
            if not r.code:
                continue
            claimed = v.integer(get(claim_col), claim_col, unknown=_UNKNOWN, minimum=None)
            uncertain = v.integer(get(f"guncertain{n}"), f"guncertain{n}", unknown=_UNKNOWN, minimum=None)
            status = "claimed" if claimed == 1 else "suspected" if uncertain == 1 else "blamed"
            ledger.add(r.code, status, "GTD coding")

        province, code = v.province(v.text(get("provstate")))
        if code is None and province:
            ledger.flag(f"unknown province: {province}")
        elif province is None and spec != 5:  # not from the country's centre
            province, code = v.province_from_point(lat, lon)
            if code:
                ledger.flag("province from the coordinates (GTD gives no provstate)")
        city = v.text(get("city"))
        if city and city.lower() == "unknown":
            city = None
        sources = []
        for col in ("scite1", "scite2", "scite3"):
            cite = v.text(get(col))
            if cite:
                m = _URL_RE.search(cite)
                sources.append(Source(title=cite, url=m.group(0).rstrip(".,;)") if m else None))
        geo_precision = _SPECIFICITY.get(spec) if spec is not None and lat is not None else None
        if lat is None and spec != 5:  # blank cells: the gazetteer's point for the city named
            hit = self.placer.locate(city, None, province, code)
            if hit is None:
                ledger.flag("no coordinates in the dataset")
                if city:
                    ledger.flag(unplaced_flag(city))
            else:
                lat, lon, geo_precision = hit.lat, hit.lon, hit.precision
                ledger.flag(geocoded_flag(hit.name, hit.precision))
                if code is None:
                    province, code = hit.province, hit.province_code
        return Incident(
            id=v.stable_id("gtd", ev), date=date, date_precision=precision,
            location=city or province or "Pakistan", province=province, province_code=code,
            lat=lat, lon=lon, geo_precision=geo_precision,
            attack_type=v.text(get("attacktype1_txt")),
            target=v.text(get("target1")) or targtype, category="attack", actor="group",
            target_kind=_TARGET_KINDS.get((targtype or "").lower()), killed_militants=nkillter,
            killed_min=nkill, killed_max=nkill,
            killed_text=f"GTD nkill: {nkill}" if nkill is not None else None,
            injured_min=nwound, injured_max=nwound,
            injured_text=f"GTD nwound: {nwound}" if nwound is not None else None,
            attributions=ledger.attributions, sources=sources, summary=v.text(get("summary")),
            dataset="GTD", dataset_event_id=ev, flags=ledger.flags,
        )


def _date(year: Any, month: Any, day_: Any):  # noqa: ANN202
    import datetime as dt

    y = v.integer(year, "iyear")
    if y is None:
        raise v.RowError("iyear", "year is missing")
    if not 1900 <= y <= 9999:
        raise v.RowError("iyear", f"implausible year {y}")
    m = v.integer(month, "imonth") or 0
    d = v.integer(day_, "iday") or 0
    if not 0 <= m <= 12:
        raise v.RowError("imonth", f"no month {m}")
    if m == 0:
        if d:
            raise v.RowError("imonth", f"day {d} given without a month")
        return dt.date(y, 1, 1), "year"
    if d == 0:
        return dt.date(y, m, 1), "month"
    try:
        return dt.date(y, m, d), "day"
    except ValueError as e:
        raise v.RowError("iday", f"no such date: {y}-{m:02d}-{d:02d}") from e
