"""UCDP Georeferenced Event Dataset (GED) exports, including the HDX layout with its HXL hashtag row.

Mapping choices:

- ``id`` -> ``dataset_event_id`` (dataset "UCDP"), incident id ``ucdp-<id>``.
- ``date_start`` -> date; ``date_prec`` 1 (exact day) -> day; 2 (2-6 days), 3 (a week), 4 (a month)
  -> month; 5 (more than a month, within a year) -> year. A span (``date_end`` later than
  ``date_start``) is kept in flags.
- Deaths: killed_text "UCDP best B (low L, high H)" (see Estimates below for the numbers). UCDP files
  hold a few events whose ``low``/``best``/``high`` are out of order; a flag says so. Injuries are
  unknown (null).
- ``where_prec`` -> geo_precision: 1 (exact place) -> 1; 2 (within 25 km), 3 (second-order
  division, i.e. district) and 5 (between places / along a border or road) -> 2; 4 (province) -> 3;
  6 (country) and 7 (international waters or air space): no point (see Precision; flagged).
- ``adm_1`` ("Khyber Pakhtunkwa province", "Federally Administered Tribal Areas" -> PK-KP) ->
  province; ``adm_2`` without its " district"/" agency" suffix -> district; ``where_coordinates``
  -> location.
- Category and roles (``type_of_violence``, ``side_a``/``side_b``; the headline may refine type 1):
  * state-based conflict (type 1): a government is ``side_a`` and acts: actor "state",
    ``state_actor`` = ``side_a`` ("Government of Pakistan", "Government of United States of America").
    A foreign government's event (US drone strikes, Indian shelling, Afghan cross-border fire) is an
    ``operation``; the Government of Pakistan against a group is a ``clash`` (UCDP does not code who
    initiated it), an ``operation`` where the headline tells of one (an airstrike, "security forces
    killed", an intelligence-based operation: ``categories.category_from_text``). Never a group's
    attack: the group (``side_b``) is an *opponent* (``opponents``), never an attribution. An
    operation's target is the group (kind "militants"; a government as ``side_b``: "military"); a
    clash has no target (who targeted whom is not coded).
  * non-state conflict (type 2): ``clash``, actor "group"; each known side -> ``blamed``, by
    "UCDP GED (non-state: <dyad>)" (UCDP's coding of who fought, not a claim); target kind "militants".
  * one-sided violence (type 3): by a group -> ``attack``, actor "group", ``side_a`` -> ``blamed``
    by "UCDP GED (one-sided violence)"; by a government -> ``operation``, actor "state". Target kind
    "civilians"; ``side_b`` -> target.
  * type missing: category unknown, both sides as parties (blamed).
  UCDP factions ("TTP - TA", "TTP-KM", "TTP-Islahi") count as their group (TTP), flagged.
  A side the registry lacks ("MQM", "Lashkar of Zakakhel tribe") is no attribution and is kept in
  flags ("unmapped actor: MQM").
- Victims: ``deaths_civilians`` -> killed_civilians; the state's side (``deaths_a`` of a government,
  ``deaths_b`` of a government as ``side_b``) -> killed_security; a group's side -> killed_militants
  (both sides of a non-state clash). ``deaths_unknown`` stays in the total only. A blank column is
  null (not given); UCDP's own 0 is kept as 0.
- Estimates: ``low``/``best``/``high`` are kept as given in killed_low/killed_best/killed_high. The
  range the dashboard shows and sums is killed_min = ``best`` (the dashboard sums UCDP's best
  estimate, see README), killed_max = ``high`` (or the largest figure when they are out of order).
- Precision: ``where_prec`` 6 (country) or 7 (international waters or air space) keeps no point
  (lat/lon null, never drawn) and no geo precision; the province is kept where ``adm_1`` gives it.
  ``date_prec`` 4 (a month) -> month and 5 (within a year) -> year: no day is claimed.
- ``source_office``/``source_date``/``source_headline`` (";"-separated, aligned) -> one Source per
  article; otherwise ``source_article`` as one Source.
- Rows of other countries are skipped.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from ..categories import category_from_text
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
        ("attributions", "type_of_violence, side_a, side_b, dyad_name"), ("target", "type_of_violence, side_a, side_b"),
        ("category, actor, state_actor, target_kind, opponents", "type_of_violence, side_a, side_b, source_headline"),
        ("killed_civilians, killed_security, killed_militants",
         "deaths_a, deaths_b, deaths_civilians, type_of_violence, side_a, side_b"),
        ("killed_low, killed_best, killed_high", "low, best, high"),
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
        # the dashboard counts UCDP's best estimate (README): min = best, max = high (or the largest figure)
        kmin = best if best is not None else (min(figures) if figures else None)
        kmax = max(figures) if figures else None
        if figures and not ((low is None or best is None or low <= best)
                            and (best is None or high is None or best <= high)
                            and (low is None or high is None or low <= high)):
            ledger.flag(f"UCDP death figures out of order (low {low}, best {best}, high {high}); "
                        "range spans all three")
        killed_text = _deaths_text(low, best, high)

        side_a, side_b = v.text(get("side_a")) or "", v.text(get("side_b")) or ""
        dyad = v.text(get("dyad_name")) or f"{side_a} - {side_b}"
        deaths = {k: v.integer(get(k), k) for k in ("deaths_a", "deaths_b", "deaths_civilians")}
        roles = self._roles(ledger, tov, side_a, side_b, dyad, v.text(get("source_headline")), deaths)

        province, code = v.province(v.text(get("adm_1")))
        if code is None and province:
            ledger.flag(f"unknown province: {province}")
        if wp in (6, 7):  # a country-level (or air/sea) record keeps no point: never drawn as a marker
            lat = lon = None
        elif province is None:  # not from a country-level point
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
        target = roles.pop("target")
        return Incident(
            id=v.stable_id("ucdp", ev), date=start, date_precision=_DATE_PREC.get(dp or 1, "day"),
            location=location, district=district, province=province, province_code=code,
            lat=lat, lon=lon, geo_precision=_WHERE_PREC.get(wp) if wp is not None and lat is not None else None,
            attack_type=None, target=target, killed_min=kmin, killed_max=kmax, killed_text=killed_text,
            attributions=ledger.attributions, sources=_sources(row), summary=" ".join(summary_bits),
            dataset="UCDP", dataset_event_id=ev, flags=ledger.flags, killed_low=low, killed_best=best,
            killed_high=high, **roles,
        )

    def _roles(self, ledger: Ledger, tov: int | None, side_a: str, side_b: str, dyad: str, headline: str | None,
               deaths: dict[str, int | None]) -> dict[str, Any]:
        """Category, actor, state actor, target, target kind, opponents and victims by kind (module docstring);
        attributions go into ``ledger``."""
        out: dict[str, Any] = {"category": None, "actor": None, "state_actor": None, "target": None,
                               "target_kind": None, "opponents": [], "killed_civilians": deaths["deaths_civilians"],
                               "killed_security": None, "killed_militants": None}
        da, db = deaths["deaths_a"], deaths["deaths_b"]
        gov_a, gov_b = _is_government(side_a), _is_government(side_b)
        if tov == 1 and (gov_a or gov_b):
            state, other = (side_a, side_b) if gov_a else (side_b, side_a)
            d_state, d_other = (da, db) if gov_a else (db, da)
            out.update(actor="state", state_actor=state)
            if _is_government(other):  # two states (India - Pakistan): both sides are security forces
                out.update(category="operation", target=other, target_kind="military",
                           killed_security=_sum(d_state, d_other))
            else:
                foreign = state.lower() != _PAKISTAN_GOV
                operation = foreign or category_from_text(headline) == "operation"
                out.update(category="operation" if operation else "clash", killed_security=d_state,
                           killed_militants=d_other)
                if operation:  # the state struck the group; in a clash who targeted whom is not coded
                    out.update(target=other or None, target_kind="militants")
                r = self._resolve(other) if other and not is_state_or_civilian(other) else None
                if r is not None:
                    ledger.flag(r.flag)
                    if r.code:
                        out["opponents"] = [r.code]  # the side the state fought: an opponent, never an attribution
                if not operation:
                    ledger.flag("UCDP: state-based fighting, initiator not coded")
            if state.lower() != _PAKISTAN_GOV:
                ledger.flag(f"UCDP dyad of a foreign state: {dyad}")
        elif tov == 1:  # state-based without a government side (not in UCDP's coding): parties only
            out.update(category="clash")
            for side in (side_a, side_b):
                self._blame(ledger, side, f"UCDP GED (state-based: {dyad})")
        elif tov == 2:
            out.update(category="clash", actor="group", target_kind="militants", killed_militants=_sum(da, db))
            for side in (side_a, side_b):
                self._blame(ledger, side, f"UCDP GED (non-state: {dyad})")
        elif tov == 3:
            out.update(target=side_b or None, target_kind="civilians")
            if gov_a:
                out.update(category="operation", actor="state", state_actor=side_a, killed_security=da)
            else:
                out.update(category="attack", actor="group", killed_militants=da)
                self._blame(ledger, side_a, "UCDP GED (one-sided violence)")
        else:  # type missing: treat like a dyad, both sides as parties
            for side in (side_a, side_b):
                self._blame(ledger, side, f"UCDP GED ({dyad})")
        return out

    def _blame(self, ledger: Ledger, side: str, by: str) -> bool:
        if not side or is_state_or_civilian(side):
            return False
        r = self._resolve(side)
        ledger.flag(r.flag)
        if r.code:
            ledger.add(r.code, "blamed", by)
            return True
        return False


def _is_government(side: str) -> bool:
    return side.lower().startswith("government of")


def _sum(a: int | None, b: int | None) -> int | None:
    """Both sides' deaths together; null when neither is given."""
    return None if a is None and b is None else (a or 0) + (b or 0)


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
