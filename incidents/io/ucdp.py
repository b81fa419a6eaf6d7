"""UCDP Georeferenced Event Dataset (GED) exports, including the HDX layout with its HXL hashtag row.

Mapping choices:

- ``id`` -> ``dataset_event_id`` (dataset "UCDP"), incident id ``ucdp-<id>``.
- ``date_start`` -> date; ``date_prec`` 1 (exact day) -> day; 2 (2-6 days), 3 (a week), 4 (a month)
  -> month; 5 (more than a month, within a year) -> year. A span (``date_end`` later than
  ``date_start``) is kept in flags.
- Deaths: killed_min = ``low``, killed_max = ``high``, killed_text "UCDP best B (low L, high H)".
  UCDP files hold a few events whose ``low``/``best``/``high`` are out of order; the range then runs
  from the smallest to the largest figure and a flag says so. Injuries are unknown (null).
- ``where_prec`` -> geo_precision: 1 (exact place) -> 1; 2 (within 25 km), 3 (second-order
  division, i.e. district) and 5 (between places / along a border or road) -> 2; 4 (province),
  6 (country) and 7 (international waters or air space) -> 3 (6 and 7 flagged).
- ``adm_1`` ("Khyber Pakhtunkwa province", "Federally Administered Tribal Areas" -> PK-KP) ->
  province; ``adm_2`` without its " district"/" agency" suffix -> district; ``where_coordinates``
  -> location.
- Attribution is UCDP's coding of who fought, not a claim, so every UCDP attribution is ``blamed``
  with ``by`` naming the coding:
  * one-sided violence (type 3): ``side_a`` is the perpetrator -> blamed, by
    "UCDP GED (one-sided violence)"; ``side_b`` ("Civilians") becomes the target.
  * state-based conflict (type 1): only dyads with the Government of Pakistan; the non-government
    side -> blamed, by "UCDP GED (state-based: <dyad>)". UCDP does not code who initiated an event,
    and the dyad includes army operations against the group; the flag "UCDP: party to fighting,
    initiator not coded" says so. Dyads of foreign states (US-al-Qaida drone strikes, India-Pakistan,
    Afghanistan-Taleban) name no militant perpetrator in Pakistan: no attribution, a flag keeps the
    dyad.
  * non-state conflict (type 2): each known side -> blamed, by "UCDP GED (non-state: <dyad>)".
  UCDP factions ("TTP - TA", "TTP-KM", "TTP-Islahi") count as their group (TTP), flagged.
  A side the registry lacks ("MQM", "Lashkar of Zakakhel tribe") is no attribution and is kept in
  flags ("unmapped actor: MQM").
- ``source_office``/``source_date``/``source_headline`` (";"-separated, aligned) -> one Source per
  article; otherwise ``source_article`` as one Source.
- Rows of other countries are skipped.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from ..models import Incident, Source
from . import values as v
from .actors import Ledger, is_state_or_civilian, resolver
from .identity import KeyCounter, content_key
from .layout import Layout, Row

_DATE_PREC = {1: "day", 2: "month", 3: "month", 4: "month", 5: "year"}
_WHERE_PREC = {1: 1, 2: 2, 3: 2, 4: 3, 5: 2, 6: 3, 7: 3}
_VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided violence"}
_DISTRICT_SUFFIX = re.compile(r"\s+(district|agency)$", re.I)
_PAKISTAN_GOV = "government of pakistan"


class UcdpLayout(Layout):
    name = "ucdp"
    title = "UCDP GED"
    dataset = "UCDP"
    signature = ("id", "type_of_violence", "side_a", "side_b", "where_prec", "adm_1", "latitude",
                 "longitude", "date_prec", "date_start", "best", "low", "high")
    #: a trimmed cut is still UCDP GED (see ``expected``): without id rows are identified by content
    required = ("date_start", "side_a", "side_b")
    field_columns = {
        "dataset_event_id": "id", "id": "id", "date": "date_start", "date_precision": "date_prec",
        "location": "where_coordinates", "district": "adm_2", "province": "adm_1", "province_code": "adm_1",
        "lat": "latitude", "lon": "longitude", "geo_precision": "where_prec", "target": "side_b",
        "killed_min": "low", "killed_max": "high", "killed_text": "best", "attributions": "side_a",
        "sources": "source_article", "summary": "dyad_name",
    }

    #: (incident field, every column ``map`` reads for it) for the preview; ``field_columns`` names
    #: only the one column an error on that field points to.
    preview_mapping: ClassVar[list[tuple[str, str]]] = [
        ("id, dataset_event_id", "id"), ("date", "date_start"), ("date_precision", "date_prec"),
        ("location", "where_coordinates, where_description, adm_2, adm_1"), ("district", "adm_2"),
        ("province, province_code", "adm_1, latitude, longitude"), ("lat, lon", "latitude, longitude"),
        ("geo_precision", "where_prec"), ("killed_min, killed_max", "low, best, high"),
        ("killed_text", "best, low, high"),
        ("attributions", "type_of_violence, side_a, side_b, dyad_name"), ("target", "side_b"),
        ("sources", "source_office, source_date, source_headline, source_article"),
        ("summary", "type_of_violence, dyad_name, where_description, source_original"),
        ("flags", "date_start, date_end, where_prec, low, best, high, dyad_name, side_a, side_b"),
        ("(rows of other countries are skipped)", "country"),
    ]

    def __init__(self, registry=None) -> None:  # noqa: ANN001
        super().__init__(registry)
        self._resolve = resolver(self.registry)
        self._keyed = False
        self._keys = KeyCounter()

    def prepare(self, table) -> None:  # noqa: ANN001
        super().prepare(table)
        self._keyed = "id" not in table.columns

    def mapping(self) -> list[tuple[str, str]]:
        """Every column the mapper reads, by the field it feeds (see the module's mapping choices)."""
        return list(self.preview_mapping)

    def is_header_echo(self, row: Row) -> bool:
        """The HXL hashtag row of HDX exports (``#date+year``, ``#geo+lat``, ...)."""
        vals = [x for x in row.values() if isinstance(x, str) and x.strip()]
        return bool(vals) and all(x.lstrip().startswith("#") for x in vals)

    def map(self, row: Row) -> Incident:
        get = row.get
        ev = None if self._keyed else v.event_id(get("id"), "id")
        v.require_pakistan(get("country"))
        start = v.day(get("date_start"), "date_start")
        if ev is None:
            ev = self._keys(content_key("UCDP", start, (get("where_coordinates"), get("adm_2"), get("adm_1")),
                                        (get("side_a"), get("side_b")), get("type_of_violence"),
                                        f"{get('where_description') or ''} {get('source_article') or ''}"))
        end = v.day(get("date_end"), "date_end") if not v.blank(get("date_end")) else start
        if end < start:
            raise v.RowError("date_end", f"{end.isoformat()} is before date_start {start.isoformat()}")
        dp = v.coded(v.integer(get("date_prec"), "date_prec"), "date_prec", _DATE_PREC)
        lat, lon = v.coordinates(get("latitude"), get("longitude"), "latitude", "longitude")
        wp = v.coded(v.integer(get("where_prec"), "where_prec"), "where_prec", _WHERE_PREC)
        low = v.integer(get("low"), "low")
        best = v.integer(get("best"), "best")
        high = v.integer(get("high"), "high")
        tov = v.coded(v.integer(get("type_of_violence"), "type_of_violence"), "type_of_violence", _VIOLENCE)

        ledger = Ledger()
        if end != start:
            ledger.flag(f"UCDP date range {start.isoformat()} to {end.isoformat()}")
        if wp in (6, 7):
            ledger.flag(f"UCDP where_prec {wp}: location known only to country level" if wp == 6
                        else "UCDP where_prec 7: international waters or air space")
        figures = [x for x in (low, best, high) if x is not None]
        kmin, kmax = (min(figures), max(figures)) if figures else (None, None)
        if figures and not ((low is None or best is None or low <= best)
                            and (best is None or high is None or best <= high)
                            and (low is None or high is None or low <= high)):
            ledger.flag(f"UCDP death figures out of order (low {low}, best {best}, high {high}); "
                        "range spans all three")
        killed_text = _deaths_text(low, best, high)

        side_a, side_b = v.text(get("side_a")) or "", v.text(get("side_b")) or ""
        dyad = v.text(get("dyad_name")) or f"{side_a} - {side_b}"
        target = None
        if tov == 3:
            self._blame(ledger, side_a, "UCDP GED (one-sided violence)")
            target = side_b or None
        elif tov == 1:
            gov_sides = [s for s in (side_a, side_b) if s.lower().startswith("government of")]
            if any(s.lower() == _PAKISTAN_GOV for s in gov_sides) and len(gov_sides) == 1:
                other = side_b if side_a.lower() == _PAKISTAN_GOV else side_a
                if self._blame(ledger, other, f"UCDP GED (state-based: {dyad})"):
                    ledger.flag("UCDP: party to fighting, initiator not coded")
                target = "Government of Pakistan"
            else:
                ledger.flag(f"UCDP dyad without a militant perpetrator in Pakistan: {dyad}")
        elif tov == 2:
            for side in (side_a, side_b):
                self._blame(ledger, side, f"UCDP GED (non-state: {dyad})")
        else:  # type missing: treat like a dyad, both sides as parties
            for side in (side_a, side_b):
                self._blame(ledger, side, f"UCDP GED ({dyad})")

        province, code = v.province(v.text(get("adm_1")))
        if code is None and province:
            ledger.flag(f"unknown province: {province}")
        elif province is None and wp not in (6, 7):  # not from a country-level point
            province, code = v.province_from_point(lat, lon)
            if code:
                ledger.flag("province from the coordinates (UCDP gives no adm_1)")
        district = v.text(get("adm_2"))
        if district:
            district = _DISTRICT_SUFFIX.sub("", district) or district
        location = (v.text(get("where_coordinates")) or v.text(get("where_description")) or district
                    or province or "Pakistan")
        summary_bits = [f"UCDP GED, {_VIOLENCE.get(tov, 'event')}: {dyad}."]
        if (wd := v.text(get("where_description"))):
            summary_bits.append(f"Where: {wd}.")
        if (so := v.text(get("source_original"))):
            summary_bits.append(f"Original source: {so}.")
        return Incident(
            id=v.stable_id("ucdp", ev), date=start, date_precision=_DATE_PREC.get(dp or 1, "day"),
            location=location, district=district, province=province, province_code=code,
            lat=lat, lon=lon, geo_precision=_WHERE_PREC.get(wp) if wp is not None else None,
            attack_type=None, target=target, killed_min=kmin, killed_max=kmax, killed_text=killed_text,
            attributions=ledger.attributions, sources=_sources(row), summary=" ".join(summary_bits),
            dataset="UCDP", dataset_event_id=ev, flags=ledger.flags,
        )

    def _blame(self, ledger: Ledger, side: str, by: str) -> bool:
        if not side or is_state_or_civilian(side):
            return False
        r = self._resolve(side)
        ledger.flag(r.flag)
        if r.code:
            ledger.add(r.code, "blamed", by)
            return True
        return False


def _deaths_text(low: int | None, best: int | None, high: int | None) -> str | None:
    if low is None and best is None and high is None:
        return None
    bounds = ", ".join(f"{k} {x}" for k, x in (("low", low), ("high", high)) if x is not None)
    head = f"UCDP best {best}" if best is not None else "UCDP"
    return f"{head} ({bounds})" if bounds else head


def _sources(row: Row) -> list[Source]:
    offices = v.split_list(row.get("source_office"))
    dates = v.split_list(row.get("source_date"))
    heads = v.split_list(row.get("source_headline"))
    if offices and len(offices) == len(dates) == len(heads):
        return [Source(outlet=o, title=h, published=_date_or_none(d)) for o, d, h in zip(offices, dates, heads)]
    article = v.text(row.get("source_article"))
    office = v.text(row.get("source_office"))
    if not article and not office:
        return []
    pub = _date_or_none(dates[0]) if dates else None
    return [Source(outlet=office, title=v.text(row.get("source_headline")) or article, published=pub)]


def _date_or_none(value: Any) -> dt.date | None:
    try:
        return v.day(value, "source_date")
    except v.RowError:
        return None
