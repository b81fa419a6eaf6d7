"""Incident Atlas's own CSV/XLSX and GeoJSON, as ``export`` writes them; they read back without loss.

The CSV/XLSX columns are ``incidents.tabular.FLAT_COLUMNS`` (readable: ledger and sources spelled
out) plus ``attributions_json``, ``sources_json`` and ``flags_json``, which carry the ledger, the
sources and the flags exactly. A file without the JSON columns (``list --format csv``, or a sheet an
analyst typed) is read from the readable columns: ``claimed``/``suspected``/``blamed``/``denied``
hold comma-separated groups, ``flags`` is "; "-separated, ``sources`` "|"-separated.

In CSV, text cells a spreadsheet would run as a formula were prefixed with ``'`` on export
(:func:`protect`); :func:`unprotect` removes exactly that prefix. XLSX exports write such text as
string cells without a prefix, so an XLSX cell is read as it is (a ``'`` in it is the data's own).
Blank text cells read as null.

GeoJSON: a FeatureCollection whose feature properties are the incident's JSON (``to_dict``); the
Point geometry fills lat/lon when the properties lack them.
"""
from __future__ import annotations

import json
from typing import Any

from ..errors import ValidationError
from ..models import Incident
from ..tabular import FLAT_COLUMNS, neutralise
from . import values as v
from .layout import Layout, Row
from .readers import UnreadableFileError

#: Columns the export writes (and the native reader prefers).
JSON_COLUMNS = ("attributions_json", "sources_json", "flags_json")
#: ``event_id``: the event a record belongs to; records sharing one are linked again on import.
EXPORT_COLUMNS: tuple[str, ...] = (*FLAT_COLUMNS, *JSON_COLUMNS, "event_id")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TEXT_FIELDS = ("id", "date_precision", "location", "district", "province", "province_code", "attack_type",
               "target", "killed_text", "injured_text", "summary", "dataset", "dataset_event_id")
INT_FIELDS = ("geo_precision", "killed_min", "killed_max", "injured_min", "injured_max")
_STATUS_COLUMNS = ("claimed", "suspected", "blamed", "denied")


def protect(value: Any) -> Any:
    """``tabular.neutralise``, made reversible: text whose quotes hide a formula start gets one more quote."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return "'" + value
    return neutralise(value)


def unprotect(value: str) -> str:
    """Undo :func:`protect` on a text cell."""
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


def _text(value: Any, quoted: bool = True) -> str | None:
    """A text cell's value; ``quoted``: the file's cells carry :func:`protect`'s prefix (CSV, not XLSX)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return v.text(value)
    if value == "":
        return None
    return unprotect(value) if quoted else value


#: A column only an events export (``export --events``) has; such a file is refused with this message.
EVENTS_MARKER = "record_ids"
EVENTS_EXPORT = ("{name}: an events export (one row per event, for reading): import the records export "
                 "instead (`export` without --events, or the incidents sheet of an XLSX export)")


class NativeCsvLayout(Layout):
    name = "csv"
    title = "Incident Atlas CSV"
    dataset = None
    signature = ("id", "date", "date_precision", "location", "province_code", "geo_precision", "killed_min",
                 "killed_max", "attributions", "sources", "dataset_event_id", "attributions_json")
    required = ("date", "location")

    def prepare(self, table) -> None:  # noqa: ANN001
        if EVENTS_MARKER in table.columns and "id" not in table.columns:
            raise UnreadableFileError(EVENTS_EXPORT.format(name=table.name))
        super().prepare(table)
        self._columns = set(table.columns)
        self._quoted = table.kind != "xlsx"  # XLSX exports hold text as string cells, unprefixed

    def column_for(self, field: str) -> str | None:
        base = field.split("[", 1)[0].split(".", 1)[0]
        if base in ("attributions", "sources", "flags") and f"{base}_json" in getattr(self, "_columns", ()):
            return f"{base}_json"
        return base

    def mapping(self) -> list[tuple[str, str]]:
        return [(c, c) for c in Incident.__dataclass_fields__]

    def map(self, row: Row) -> Incident:
        q = getattr(self, "_quoted", True)
        d: dict[str, Any] = {f: _text(row.get(f), q) for f in TEXT_FIELDS}
        d["date"] = v.day(row.get("date"), "date")
        for f in INT_FIELDS:
            d[f] = v.integer(row.get(f), f, minimum=None)
        d["lat"], d["lon"] = v.coordinates(row.get("lat"), row.get("lon"), "lat", "lon")
        if d["date_precision"] is None:
            d["date_precision"] = "day"
        d["attributions"] = self._attributions(row)
        d["sources"] = _json_list(row, "sources_json", q) if _has(row, "sources_json") else _sources(row, q)
        if _has(row, "flags_json"):
            d["flags"] = _json_list(row, "flags_json", q)
        else:
            flags = _text(row.get("flags"), q)
            d["flags"] = [f.strip() for f in flags.split(";") if f.strip()] if flags else []
        return Incident.from_dict(d)

    def _attributions(self, row: Row) -> list[Any]:
        q = getattr(self, "_quoted", True)
        if _has(row, "attributions_json"):
            return _json_list(row, "attributions_json", q)
        out = []
        for status in _STATUS_COLUMNS:
            cell = _text(row.get(status), q)
            for name in (p.strip() for p in (cell or "").split(",")):
                if not name:
                    continue
                code = name if name in self.registry else self.registry.resolve(name)
                if code is None:
                    raise v.RowError(status, f"unknown group {name!r:.40}")
                out.append({"group": code, "status": status, "by": None})
        return out


def _has(row: Row, column: str) -> bool:
    return column in row and not v.blank(row.get(column))


def _json_list(row: Row, column: str, quoted: bool = True) -> list[Any]:
    raw = row.get(column)
    try:
        data = json.loads(unprotect(raw) if quoted and isinstance(raw, str) else raw)
    except (TypeError, ValueError) as e:
        raise v.RowError(column, f"not valid JSON: {e}") from e
    if not isinstance(data, list):
        raise v.RowError(column, "expected a JSON list")
    return data


def _sources(row: Row, quoted: bool = True) -> list[dict[str, Any]]:
    cell = _text(row.get("sources"), quoted)
    if not cell:
        return []
    return [{"title": part.strip()} for part in cell.split(" | ") if part.strip()]


class NativeGeoJsonLayout(Layout):
    name = "geojson"
    title = "Incident Atlas GeoJSON"
    dataset = None
    kinds = ("geojson",)

    def column_for(self, field: str) -> str | None:
        return field.split("[", 1)[0].split(".", 1)[0]

    def mapping(self) -> list[tuple[str, str]]:
        return [("lat, lon", "geometry (Point) or properties"),
                *((c, f"properties.{c}") for c in Incident.__dataclass_fields__ if c not in ("lat", "lon"))]

    def link_of(self, row: Row) -> tuple[str | None, str | None]:
        props = (row.get("\x00feature") or {}).get("properties")
        return (props.get("id"), props.get("event_id")) if isinstance(props, dict) else (None, None)

    def map(self, row: Row) -> Incident:
        feature = row.get("\x00feature")
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise v.RowError(None, "not a GeoJSON Feature")
        props = feature.get("properties")
        if not isinstance(props, dict):
            raise v.RowError("properties", "a feature needs its properties (the incident)")
        if EVENTS_MARKER in props and "id" not in props:
            raise v.RowError("properties", EVENTS_EXPORT.format(name="this file"))
        props = dict(props)
        props.pop("event_id", None)  # the event the record belonged to: read by link_of, not a field
        geom = feature.get("geometry")
        if geom is not None:
            if not isinstance(geom, dict) or geom.get("type") != "Point":
                raise v.RowError("geometry", "expected a Point or null")
            coords = geom.get("coordinates")
            if not isinstance(coords, list) or len(coords) < 2:
                raise v.RowError("geometry", "a Point needs [longitude, latitude]")
            lon, lat = v.number(coords[0], "geometry"), v.number(coords[1], "geometry")
            if props.get("lat") is None and props.get("lon") is None:
                props["lat"], props["lon"] = lat, lon
            elif (props.get("lat"), props.get("lon")) != (lat, lon):
                raise v.RowError("geometry", f"Point ({lon}, {lat}) disagrees with lat/lon "
                                             f"({props.get('lon')}, {props.get('lat')})")
        try:
            return Incident.from_dict(props)
        except ValidationError:
            raise
        except TypeError as e:
            raise v.RowError("properties", f"not an incident: {e}") from e
