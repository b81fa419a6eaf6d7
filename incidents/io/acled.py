"""ACLED exports (the current 31-column layout; older files with ``event_id_no_cnty``/``data_id``,
upper-case headers, ``geo_precis``/``ally_actor_N`` and other date layouts).

Mapping choices:

- ``event_id_cnty`` -> ``dataset_event_id`` (dataset "ACLED"), incident id ``acled-<event_id_cnty>``.
- ``event_date`` (ISO, "15 January 2024", "15-Jan-24", day-first "15/01/2024") -> date;
  ``time_precision`` 1 -> day; 2 (within a week) and 3 (within a month) -> month, because the model
  has no "week" and must not claim a day it does not know.
- ``fatalities`` is ACLED's conservative count: killed_min = killed_max = fatalities, killed_text
  "ACLED fatalities: N". ACLED has no injuries: injured stays null.
- ``geo_precision`` 1/2/3 maps directly (place / near or district / province).
- Actors: ``actor1`` is the actor ACLED codes as acting; a group the registry knows becomes
  ``blamed`` by "ACLED coding" (ACLED records who did it from its sources; it is not a claim).
  ``assoc_actor_1`` groups likewise. ``actor2`` is the other side: in "Battles" a known group is a
  party to the fighting (blamed, by "ACLED coding (battle)"); otherwise it is the target
  (``target`` keeps ``actor2``'s text). "Unidentified Armed Group (Pakistan)" is no attribution.
  An armed actor (inter 2/3/4 or unknown) the registry lacks is kept in flags ("unmapped actor: X").
- Category (``event_type``, ``sub_event_type``, ``inter1``/``actor1``): actor1 with inter 1 (state
  forces) or 8 (external forces), or named "Military/Police Forces of ..."/"Government of ...", is a
  state actor; inter 2/3/4 (rebels, militias; "Unidentified Armed Group" is inter 3) a group; with no
  ``inter1`` column (a trimmed export), an actor1 the registry knows is a group.
  * "Battles": "Government regains territory" by a state -> ``operation``; "Non-state actor overtakes
    territory" by a group -> ``attack``; otherwise ("Armed clash") -> ``clash`` (ACLED does not code
    who initiated the fighting), an ``operation`` where state forces are ``actor1`` and the
    ``notes`` tell of an operation ("security forces conducted an intelligence-based operation",
    ``categories.category_from_text``).
  * "Explosions/Remote violence": by a state (air/drone strike, shelling) -> ``operation``; an
    "Air/drone strike" by anyone -> ``operation`` (only states fly them here); "Shelling/artillery/
    missile attack" by an unknown actor -> unknown; otherwise (IED, suicide bomb, grenade, remote
    explosive) by a group or an unknown actor -> ``attack``.
  * "Violence against civilians": by a group -> ``attack``; by a state -> ``operation``; by others
    (rioters, civilians) -> ``other``; unknown actor -> unknown.
  * "Protests", "Riots", "Strategic developments" -> ``other``; anything else unknown.
- Roles: actor "state" (``state_actor`` = ``actor1``'s text) or "group" by the same test. A state is
  never an attribution; the group a state fought or struck (``actor2``) is an *opponent*
  (``opponents``), never blamed. ``target_kind`` from ``actor2``/``inter2``: police forces -> police,
  other state or external forces -> military, "Government of ..." -> government, inter 2/3/4 ->
  militants, inter 5/6/7 (rioters, protesters, civilians) and "Violence against civilians" ->
  civilians. ACLED does not split fatalities by kind: the victim counts stay null.
- ``source`` ("Dawn; The News") -> one Source per outlet; ``notes`` -> summary;
  ``sub_event_type`` -> attack_type; ``admin1`` -> province (ISO code), ``admin2`` -> district.
  A row without coordinates (a trimmed export) is placed by ``location`` (else ``admin2``, else
  ``admin1``) in the offline gazetteer, exact names only and in admin1's province, flagged "point from
  the offline gazetteer" (``io/placing.py``); a place it lacks keeps no point.
- Rows of other countries are skipped (counted, not errors).
"""
from __future__ import annotations

import operator
from functools import lru_cache
from typing import Any, Callable

from ..categories import category_from_text, state_name
from ..models import _ID_RE, Incident
from ..prepared import Flat, unflatten
from . import values as v
from .actors import Ledger, is_state_or_civilian, resolver
from .identity import KeyCounter, content_key
from .layout import Layout, Row
from .summary import geocoded_flag, unplaced_flag

#: ACLED's inter codes: 1 state forces, 2 rebel group, 3 political militia, 4 identity militia,
#: 5 rioters, 6 protesters, 7 civilians, 8 external/other forces. Newer files spell them out.
_INTER_TEXT = {"state forces": 1, "rebel group": 2, "political militia": 3, "identity militia": 4,
               "rioters": 5, "protesters": 6, "civilians": 7, "external/other forces": 8}
_ARMED = {2, 3, 4, None}
_GROUP, _STATE = {2, 3, 4}, {1, 8}
_TIME_PRECISION = {1: "day", 2: "month", 3: "month"}
_GEO_PRECISION = (1, 2, 3)


class AcledLayout(Layout):
    name = "acled"
    title = "ACLED"
    dataset = "ACLED"
    signature = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                 "admin1", "latitude", "longitude", "fatalities", "geo_precision", "time_precision")
    #: a trimmed export (ACLED's tool lets analysts pick columns) is still ACLED: see ``expected``
    required = ("event_date",)
    identifying = (("event_id_cnty", "event_date"), ("event_date", "event_type", "actor1"))
    aliases = {"geo_precis": "geo_precision", "ally_actor_1": "assoc_actor_1",
               "ally_actor_2": "assoc_actor_2", "event_id": "event_id_cnty"}
    field_columns = {
        "dataset_event_id": "event_id_cnty", "id": "event_id_cnty", "date": "event_date",
        "date_precision": "time_precision", "location": "location", "district": "admin2",
        "province": "admin1", "province_code": "admin1", "lat": "latitude", "lon": "longitude",
        "geo_precision": "geo_precision", "attack_type": "sub_event_type", "target": "actor2",
        "killed_min": "fatalities", "killed_max": "fatalities", "killed_text": "fatalities",
        "attributions": "actor1", "sources": "source", "summary": "notes", "category": "event_type",
        "actor": "inter1", "state_actor": "actor1", "target_kind": "inter2", "opponents": "actor2",
    }

    def __init__(self, registry=None) -> None:  # noqa: ANN001
        super().__init__(registry)
        self._resolve = resolver(self.registry)
        # ACLED repeats the same places, actors and outlets on thousands of rows: map each
        # combination of raw cells once (pure functions of the cells; errors are never cached)
        self._ledger = lru_cache(maxsize=8192)(self._ledger_for)
        self._actors = lru_cache(maxsize=8192)(self._actors_for)
        self._place = lru_cache(maxsize=8192)(_place_for)
        self._sources = lru_cache(maxsize=8192)(lambda cell: tuple((o, None, None, None) for o in v.split_list(cell)))
        self._keyed = False  # no event_id_cnty column: rows are identified by their content
        self._keys = KeyCounter()

    def prepare(self, table) -> None:  # noqa: ANN001
        super().prepare(table)
        self._keyed = "event_id_cnty" not in table.columns

    def map(self, row: Row) -> Incident:
        try:
            cells = _CELLS(row)
        except KeyError:  # a trimmed export: absent columns are blank
            cells = tuple(map(row.get, _CELL_NAMES))
        return unflatten(self._map_cells(cells))

    def record_mapper(self, columns: list[str]) -> Callable[[list[Any]], Flat] | None:
        """``map`` for rows as lists of cells: one C-level pick of the cells ``map`` reads."""
        at = {c: i for i, c in enumerate(columns)}  # a repeated column name: the last one, as in a row dict
        if any(c not in at for c in _CELL_NAMES):
            return None  # a trimmed export: ``map`` fills in the blanks
        pick = operator.itemgetter(*(at[c] for c in _CELL_NAMES))
        map_cells = self._map_cells
        return lambda cells: map_cells(pick(cells))

    def _map_cells(self, cells: tuple[Any, ...]) -> Flat:
        """One row's cells in ``_CELL_NAMES`` order -> an incident, flattened (``prepared.Flat``: the
        objects are never built on an import's hot path)."""
        (ev, country, event_date, year, tp, lat, lon, gp, fatalities, admin1, admin2, admin3, location, actor1,
         inter1, assoc1, actor2, inter2, event_type, sub_event_type, source, notes) = cells
        text = v.text
        ev = (ev.strip() if ev.__class__ is str else None) or (None if self._keyed else v.event_id(ev, "event_id_cnty"))
        if country and country != "Pakistan":  # the common case skips the general check
            v.require_pakistan(country)
        date = v.day(event_date, "event_date")
        if ev is None:
            ev = self._keys(content_key("ACLED", date, (location, admin2, admin1), (actor1, actor2),
                                        sub_event_type or event_type, notes))
        whole = _WHOLE.get
        n = whole(year)
        if n is None:
            n = v.integer(year, "year")
        if n is not None and n != date.year:
            raise v.RowError("year", f"year {n} disagrees with event_date {date.isoformat()}")
        n = whole(tp)
        tp = n if n in _TIME_PRECISION else v.coded(n if n is not None else v.integer(tp, "time_precision"),
                                                    "time_precision", _TIME_PRECISION)
        lat, lon = v.coordinates(lat, lon, "latitude", "longitude")
        n = whole(gp)
        gp = n if n in _GEO_PRECISION else v.coded(n if n is not None else v.integer(gp, "geo_precision"),
                                                   "geo_precision", _GEO_PRECISION)
        n = whole(fatalities)
        fatalities = n if n is not None else v.integer(fatalities, "fatalities")
        province, code, district, location = self._place(admin1, admin2, admin3, location)
        ledger, flags, attack_type, target, roles = self._actors(actor1, inter1, assoc1, actor2, inter2, event_type,
                                                                 sub_event_type)
        flags = list(flags)
        if roles[0] == "clash" and roles[1] == "state" and notes.__class__ is str and \
                category_from_text(notes) == "operation":  # the state's forces initiated it, the notes say
            roles = ("operation", *roles[1:])
        if code is None and province:
            flags.append(f"unknown province: {province}")
        elif province is None:
            province, code = v.province_from_point(lat, lon)
            if code:
                flags.append("province from the coordinates (ACLED gives no admin1)")
        if lat is None:  # a trimmed export, or a blank cell: the gazetteer's point for the place named
            hit = self.placer.locate(location, district, province, code)
            if hit is None:
                flags.append("no coordinates in the dataset")
                if location or district:
                    flags.append(unplaced_flag(location or district))
            else:
                lat, lon, gp = hit.lat, hit.lon, hit.precision
                flags.append(geocoded_flag(hit.name, hit.precision))
                if code is None:
                    province, code = hit.province, hit.province_code
        iid = "acled-" + ev
        # in ROW_FIELDS order
        return ((iid if _ID_RE.match(iid) else None, date, _TIME_PRECISION.get(tp or 1, "day"),
                 location or province or "Pakistan", district, province, code, lat, lon,
                 gp if lat is not None else None, attack_type, target, fatalities, fatalities,
                 f"ACLED fatalities: {fatalities}" if fatalities is not None else None, None, None, None,
                 (notes.strip() or None) if notes.__class__ is str else text(notes), "ACLED", ev, flags,
                 *roles[:4], list(roles[4]), None, None, None, None, None, None),
                ledger, self._sources(source))

    def _actors_for(self, actor1: Any, inter1: Any, assoc1: Any, actor2: Any, inter2: Any, event_type: Any,
                    sub_event_type: Any) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...], str | None,
                                                  str | None, tuple[Any, ...]]:
        """(ledger, flags, attack_type, target, (category, actor, state_actor, target_kind, opponents)) for
        one combination of raw actor and event cells."""
        text = v.text
        event_type, sub, target, a1 = text(event_type), text(sub_event_type), text(actor2), text(actor1)
        i1 = _inter(inter1)
        state = i1 in _STATE or state_name(a1) is not None
        ledger, flags = self._ledger(a1, text(inter1), text(assoc1), target, text(inter2),
                                     (event_type or "").lower() == "battles", state)
        # no inter1 (a trimmed export): actor1 is a group when the registry knows it as one
        group = i1 in _GROUP or (i1 is None and not state and a1 is not None and self._resolve(a1).code is not None)
        category = _category((event_type or "").lower(), (sub or "").lower(), state, group, i1)
        opponents: tuple[str, ...] = ()
        if state and target and not is_state_or_civilian(target):
            code = self._resolve(target).code
            opponents = (code,) if code else ()
        roles = (category, "state" if state else "group" if group else None, a1 if state else None,
                 _target_kind(target, _inter(inter2), (event_type or "").lower()), opponents)
        return ledger, flags, sub or event_type, target, roles

    def _ledger_for(self, actor1: str | None, inter1: str | None, assoc1: str | None, actor2: str | None,
                    inter2: str | None, battle: bool, state: bool = False
                    ) -> tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]:
        """(attributions as (group, status, by), flags) for one combination of actors. ``state``: actor1
        is a state's forces, whose opponent (actor2) is never blamed."""
        ledger = Ledger()
        self._actor(ledger, actor1, inter1, "ACLED coding")
        for name in v.split_list(assoc1):
            self._actor(ledger, name, None, "ACLED coding", flag_unmapped=False)
        if battle and not state:
            self._actor(ledger, actor2, inter2, "ACLED coding (battle)")
        elif actor2:
            r = self._resolve(actor2)
            if r.code is None and _inter(inter2) in _ARMED and not is_state_or_civilian(actor2):
                ledger.flag(r.flag)
        return (tuple((a.group, a.status, a.by) for a in ledger.attributions), tuple(ledger.flags))

    def _actor(self, ledger: Ledger, name: str | None, inter: Any, by: str, *, flag_unmapped: bool = True) -> None:
        if not name:
            return
        r = self._resolve(name)
        if r.code:
            ledger.add(r.code, "blamed", by)
            ledger.flag(r.flag)
        elif flag_unmapped and r.flag and _inter(inter) in _ARMED:
            ledger.flag(r.flag)


def _place_for(admin1: Any, admin2: Any, admin3: Any, location: Any) -> tuple[str | None, str | None, str | None,
                                                                            str | None]:
    """(province, province code, district, location) for raw admin1/admin2/admin3/location cells;
    the location is None when all are blank (the caller falls back to the province, then "Pakistan")."""
    text = v.text
    province, code = v.province(text(admin1))
    district = text(admin2)
    return province, code, district, text(location) or text(admin3) or district


#: The cells ``map`` reads, in its order (one C-level lookup per row).
_CELL_NAMES = ("event_id_cnty", "country", "event_date", "year", "time_precision", "latitude", "longitude",
               "geo_precision", "fatalities", "admin1", "admin2", "admin3", "location", "actor1", "inter1",
               "assoc_actor_1", "actor2", "inter2", "event_type", "sub_event_type", "source", "notes")
_CELLS = operator.itemgetter(*_CELL_NAMES)

#: Canonical whole numbers as CSV cells hold them ("0".."9999") -> int, for the common case.
_WHOLE = {str(n): n for n in range(10_000)}


def _category(event_type: str, sub: str, state: bool, group: bool, inter1: int | None) -> str | None:
    """The category of an ACLED event (see the module docstring)."""
    if event_type == "battles":
        if sub == "government regains territory" and state:
            return "operation"
        if sub == "non-state actor overtakes territory" and group:
            return "attack"
        return "clash"
    if event_type == "explosions/remote violence":
        if state or sub == "air/drone strike":
            return "operation"
        if sub.startswith("shelling") and not group:
            return None
        return "attack"
    if event_type == "violence against civilians":
        if state:
            return "operation"
        if group:
            return "attack"
        return "other" if inter1 is not None else None
    if event_type in ("protests", "riots", "strategic developments"):
        return "other"
    return None


def _target_kind(actor2: str | None, inter2: int | None, event_type: str) -> str | None:
    """Who was targeted, from ACLED's actor2 and inter2 (see the module docstring)."""
    name = (actor2 or "").lower()
    if name.startswith("police forces of"):
        return "police"
    if name.startswith("government of"):
        return "government"
    if inter2 in _STATE or state_name(actor2):
        return "military"
    if inter2 in _GROUP:
        return "militants"
    if inter2 in (5, 6, 7) or event_type == "violence against civilians":
        return "civilians"
    return None


def _inter(value: Any) -> int | None:
    s = v.text(value)
    if s is None:
        return None
    if s.isdigit():
        return int(s)
    return _INTER_TEXT.get(s.lower())

