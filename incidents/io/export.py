"""Export incidents as CSV, GeoJSON or XLSX, safe to open in a spreadsheet.

Every field is written; the ledger and sources are spelled out readably (``incidents.tabular``)
and also carried exactly in JSON columns, so our own import reads an export back without loss
(see :mod:`incidents.io.native`). In CSV, text a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or CR) is prefixed with ``'``; in XLSX every text cell is written as a
string cell (never a formula), so it needs no prefix and shows as typed. Numbers stay numbers; markup
stays text.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterable, Mapping

from ..errors import ExportError
from ..models import Incident
from ..tabular import flat_row
from .native import EXPORT_COLUMNS, protect
from .readers import xlsx_escape

EXPORT_FORMATS = ("csv", "geojson", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Excel's limit for one cell.
XLSX_MAX_CELL = 32_767
_TRUNCATED = " …[truncated]"


def export_row(inc: Incident, event_id: str | None = None) -> dict[str, Any]:
    """One incident as EXPORT_COLUMNS -> value (not yet protected): flat_row plus the exact JSON
    columns and the event it belongs to (read back, records of one event are linked again)."""
    row = flat_row(inc)
    row["event_id"] = event_id
    d = inc.to_dict()
    row["attributions_json"] = json.dumps(d["attributions"], ensure_ascii=False) if inc.attributions else ""
    row["sources_json"] = json.dumps(d["sources"], ensure_ascii=False) if inc.sources else ""
    row["flags_json"] = json.dumps(d["flags"], ensure_ascii=False) if inc.flags else ""
    return row


def write_csv(items: Iterable[Incident], fh: IO[str], events: Mapping[str, str] | None = None) -> int:
    """Write CSV text (header + one row per incident) to a text file; returns the number of incidents."""
    w = csv.writer(fh, lineterminator="\r\n")
    w.writerow(EXPORT_COLUMNS)
    n = 0
    for inc in items:
        row = export_row(inc, (events or {}).get(inc.id or ""))
        w.writerow([_csv_cell(protect(row[c])) for c in EXPORT_COLUMNS])
        n += 1
    return n


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return v


def feature(inc: Incident, event_id: str | None = None) -> dict[str, Any]:
    """A GeoJSON Feature: Point geometry when lat/lon are known (null otherwise), properties =
    to_dict() plus ``event_id`` when known."""
    geometry = ({"type": "Point", "coordinates": [inc.lon, inc.lat]}
                if inc.lat is not None and inc.lon is not None else None)
    props = inc.to_dict()
    if event_id is not None:
        props["event_id"] = event_id
    return {"type": "Feature", "id": inc.id, "geometry": geometry, "properties": props}


def write_geojson(items: Iterable[Incident], fh: IO[str], events: Mapping[str, str] | None = None) -> int:
    """Write a FeatureCollection, one feature per line; returns the number of incidents."""
    fh.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for inc in items:
        fh.write(",\n" if n else "\n")
        fh.write(json.dumps(feature(inc, (events or {}).get(inc.id or "")), ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n


def write_xlsx(items: Iterable[Incident], fh: BinaryIO | str | Path, events: Mapping[str, str] | None = None) -> int:
    """Write an .xlsx workbook (one sheet "incidents"): numbers as numbers, dates as dates, text as
    string cells (``data_type`` "s": a leading ``=`` is text, not a formula; no ``'`` prefix)."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
    except ImportError as e:  # pragma: no cover - openpyxl is a runtime requirement
        raise ExportError("XLSX export needs openpyxl: pip install openpyxl") from e
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("incidents")
    bold = Font(bold=True)
    header = []
    for c in EXPORT_COLUMNS:
        cell = WriteOnlyCell(ws, value=c)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    ws.freeze_panes = "A2"
    n = 0
    for inc in items:
        row = export_row(inc, (events or {}).get(inc.id or ""))
        cells = []
        for c in EXPORT_COLUMNS:
            v = row[c]
            if c == "date":
                cell = WriteOnlyCell(ws, value=inc.date)
                cell.number_format = "yyyy-mm-dd"
            else:
                value = _xlsx_value(v)
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would store "=…" as a formula
            cells.append(cell)
        ws.append(cells)
        n += 1
    wb.save(fh)
    return n


def _xlsx_value(v: Any) -> Any:
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    s = xlsx_escape(str(v))
    if len(s) > XLSX_MAX_CELL:
        s = s[:XLSX_MAX_CELL - len(_TRUNCATED)] + _TRUNCATED
    return s


def export_bytes(items: Iterable[Incident], fmt: str, events: Mapping[str, str] | None = None) -> bytes:
    """The export as bytes (for download buttons). CSV is UTF-8 with a BOM so Excel reads it right.
    ``events``: record id -> event id, written in the ``event_id`` column."""
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(items, buf, events)
        return buf.getvalue().encode("utf-8-sig")
    if fmt == "geojson":
        buf = io.StringIO()
        write_geojson(items, buf, events)
        return buf.getvalue().encode("utf-8")
    if fmt == "xlsx":
        out = io.BytesIO()
        write_xlsx(items, out, events)
        return out.getvalue()
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def export_file(items: Iterable[Incident], fmt: str, path: str | Path, events: Mapping[str, str] | None = None) -> int:
    """Write the export to a file; returns the number of incidents (``events``: see :func:`export_bytes`)."""
    path = Path(path)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            return write_csv(items, fh, events)
    if fmt == "geojson":
        with open(path, "w", encoding="utf-8") as fh:
            return write_geojson(items, fh, events)
    if fmt == "xlsx":
        with open(path, "wb") as fh:
            return write_xlsx(items, fh, events)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def file_name(fmt: str, when: dt.date | None = None) -> str:
    """A download name such as ``incidents-2024-09-16.xlsx``."""
    return f"incidents-{(when or dt.date.today()).isoformat()}.{fmt}"
