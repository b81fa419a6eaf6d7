"""Export incidents as CSV, GeoJSON or XLSX, safe to open in a spreadsheet.

Every field is written; the ledger and sources are spelled out readably (``incidents.tabular``)
and also carried exactly in JSON columns, so our own import reads an export back without loss
(see :mod:`incidents.io.native`). In CSV, text a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or CR) is prefixed with ``'``; in XLSX every text cell is written as a
string cell (never a formula), so it needs no prefix and shows as typed. Numbers stay numbers; markup
stays text.

An export carries what it is: the filter, the datasets and outlets its records come from, and the
licence of each dataset we know (:data:`DATASET_LICENCES`; others are named with their own terms,
which are not restated) — an "About" sheet in XLSX, a top-level ``metadata`` member in GeoJSON, and a
side file (:func:`about_bytes`, ``<name>.about.json``) for CSV, whose rows stay plain data. Files are
named after the filter (:func:`file_name`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterable, Mapping

from ..datasets import DATASET_TERMS, OWN_TERMS, REPORTS, SEEDS, DatasetTerms
from ..errors import ExportError
from ..filters import IncidentFilter
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


#: Licences and terms of the datasets we know, by the name records carry in ``dataset``
#: (:mod:`incidents.datasets`). Only UCDP's is a licence; ACLED and GTD are named with their own terms.
DATASET_LICENCES: dict[str, DatasetTerms] = {k: v for k, v in DATASET_TERMS.items() if k not in (REPORTS, SEEDS)}
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


class About:
    """An export's metadata, gathered while its records are written (:meth:`add`): the filter, when,
    how many records, each dataset with its licence (or its own terms), the outlets cited."""

    def __init__(self, flt: IncidentFilter | None = None, when: dt.date | None = None) -> None:
        self.filter = flt or IncidentFilter()
        self.when = when or dt.date.today()
        self.records = 0
        self.datasets: Counter[str] = Counter()
        self.outlets: Counter[str] = Counter()
        self.own_records = 0  # news reports and analysts' entries (no dataset)

    def add(self, inc: Incident) -> Incident:
        """Count one exported record; returns it."""
        self.records += 1
        if inc.dataset:
            self.datasets[inc.dataset] += 1
        else:
            self.own_records += 1
        # a dataset's source field may name several outlets ("AFP;Press Trust of India"): each counts
        for outlet in {o.strip() for s in inc.sources if s.outlet for o in s.outlet.split(";") if o.strip()}:
            self.outlets[outlet] += 1
        return inc

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metadata (GeoJSON's ``metadata`` member, the CSV side file)."""
        datasets = []
        for name, n in sorted(self.datasets.items()):
            terms = DATASET_LICENCES.get(name)
            datasets.append({"dataset": name, "records": n, "title": terms.title if terms else name,
                             "licence": terms.licence if terms else None,
                             "licence_url": terms.licence_url if terms else None,
                             "terms": (f"{terms.licence} ({terms.licence_url})" if terms.licence else terms.terms)
                             if terms else OWN_TERMS,
                             "citation": (terms.citation or None) if terms else None})
        return {
            "title": "Incident Atlas export", "exported": self.when.isoformat(),
            "filter": self.filter.caption(), "filter_params": self.filter.to_query_params(),
            "records": self.records, "datasets": datasets,
            "reports": {"records": self.own_records,
                        "note": "news reports and analysts' entries; each cites its outlets as sources"},
            "outlets": [{"outlet": o, "records": n} for o, n in sorted(self.outlets.items(), key=lambda x: (-x[1], x[0]))],
        }

    def to_json(self) -> bytes:
        """The metadata as a JSON file's bytes (a CSV export's side file)."""
        return (json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def rows(self) -> list[list[Any]]:
        """The "About" sheet: label/value lines, then a table of datasets and one of outlets."""
        d = self.to_dict()
        out: list[list[Any]] = [["Incident Atlas export"], [], ["Filter", d["filter"]],
                                ["Exported", d["exported"]], ["Records", d["records"]], [],
                                ["Dataset", "Records", "Title", "Licence / terms", "Cite as"]]
        out += [[x["dataset"], x["records"], x["title"], x["terms"], x["citation"] or ""] for x in d["datasets"]]
        if d["reports"]["records"]:
            out.append(["(reports and entries)", d["reports"]["records"], d["reports"]["note"], ""])
        if not d["datasets"] and not d["reports"]["records"]:
            out.append(["(none)"])
        out += [[], ["Outlet cited", "Records"]] + [[x["outlet"], x["records"]] for x in d["outlets"]]
        return out


def _counted(items: Iterable[Incident], about: "About | None") -> Iterable[Incident]:
    return items if about is None else (about.add(i) for i in items)


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


def write_geojson(items: Iterable[Incident], fh: IO[str], events: Mapping[str, str] | None = None,
                  about: About | None = None) -> int:
    """Write a FeatureCollection, one feature per line, with the export's ``metadata`` as a top-level
    member after the features (RFC 7946 foreign member); returns the number of incidents."""
    about = about or About()
    fh.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for inc in _counted(items, about):
        fh.write(",\n" if n else "\n")
        fh.write(json.dumps(feature(inc, (events or {}).get(inc.id or "")), ensure_ascii=False))
        n += 1
    fh.write("\n],\n\"metadata\": " + json.dumps(about.to_dict(), ensure_ascii=False) + "}\n")
    return n


def write_xlsx(items: Iterable[Incident], fh: BinaryIO | str | Path, events: Mapping[str, str] | None = None,
               about: About | None = None, event_rows: Iterable[Mapping[str, Any]] | None = None) -> int:
    """Write an .xlsx workbook: the sheet "incidents" (every record, read back by our import): numbers as
    numbers, dates as dates, text as string cells (``data_type`` "s": a leading ``=`` is text, not a
    formula; no ``'`` prefix); with ``event_rows`` an "events" sheet, one row per event
    (:mod:`.export_events`); then an "About" sheet (the filter, datasets and their licences, outlets:
    :class:`About`)."""
    about = about or About()
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
    for inc in _counted(items, about):
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
    if event_rows is not None:
        from .export_events import EVENT_COLUMNS

        sheet = wb.create_sheet("events")
        sheet.append([_bold(sheet, c, bold) for c in EVENT_COLUMNS])
        sheet.freeze_panes = "A2"
        for row in event_rows:
            sheet.append([_text_cell(sheet, _xlsx_value(row[c])) for c in EVENT_COLUMNS])
    info = wb.create_sheet("About")
    for line in about.rows():
        info.append([_text_cell(info, _xlsx_value(v)) for v in line])
    wb.save(fh)
    return n


def _bold(ws: Any, value: str, font: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    return cell


def _text_cell(ws: Any, value: Any) -> Any:
    """A write-only cell; text stays a string cell (never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _xlsx_value(v: Any) -> Any:
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    s = xlsx_escape(str(v))
    if len(s) > XLSX_MAX_CELL:
        s = s[:XLSX_MAX_CELL - len(_TRUNCATED)] + _TRUNCATED
    return s


def export_bytes(items: Iterable[Incident], fmt: str, events: Mapping[str, str] | None = None,
                 flt: IncidentFilter | None = None, event_rows: Iterable[Mapping[str, Any]] | None = None) -> bytes:
    """The export as bytes (for download buttons). CSV is UTF-8 with a BOM so Excel reads it right.
    ``events``: record id -> event id, written in the ``event_id`` column; ``flt``: the filter the
    metadata names (XLSX, GeoJSON; the CSV's is :func:`about_bytes`); ``event_rows``: the XLSX's
    "events" sheet."""
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(items, buf, events)
        return buf.getvalue().encode("utf-8-sig")
    if fmt == "geojson":
        buf = io.StringIO()
        write_geojson(items, buf, events, About(flt))
        return buf.getvalue().encode("utf-8")
    if fmt == "xlsx":
        out = io.BytesIO()
        write_xlsx(items, out, events, About(flt), event_rows)
        return out.getvalue()
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def about_bytes(items: Iterable[Incident], flt: IncidentFilter | None = None) -> bytes:
    """The metadata of an export of ``items`` as JSON (the CSV's side file, ``<name>.about.json``)."""
    about = About(flt)
    for inc in items:
        about.add(inc)
    return about.to_json()


def about_path(path: str | Path) -> Path:
    """Where a CSV export's side file goes: ``ttp.csv`` -> ``ttp.about.json``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.about.json")


def export_file(items: Iterable[Incident], fmt: str, path: str | Path, events: Mapping[str, str] | None = None,
                flt: IncidentFilter | None = None, event_rows: Iterable[Mapping[str, Any]] | None = None) -> int:
    """Write the export to a file; returns the number of incidents (``events``, ``flt``: see
    :func:`export_bytes`). A CSV gets its metadata in a side file (:func:`about_path`)."""
    path = Path(path)
    about = About(flt)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            n = write_csv(_counted(items, about), fh, events)
        about_path(path).write_bytes(about.to_json())
        return n
    if fmt == "geojson":
        with open(path, "w", encoding="utf-8") as fh:
            return write_geojson(items, fh, events, about)
    if fmt == "xlsx":
        with open(path, "wb") as fh:
            return write_xlsx(items, fh, events, about, event_rows)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def file_name(fmt: str, flt: IncidentFilter | None = None, when: dt.date | None = None, *,
              kind: str = "incidents") -> str:
    """A download name after the filter: ``incidents_ISKP-claimed-2023_2024-09-16.xlsx``,
    ``incidents_all_2024-09-16.csv`` for no filter (``fmt`` may be "about.json"; ``kind`` "events"
    for an events export)."""
    flt = flt or IncidentFilter()
    caption = flt.caption() if flt != IncidentFilter() else "all"
    part = re.sub(r"[^A-Za-z0-9]+", "-", caption.replace("–", "-")).strip("-")[:80].rstrip("-") or "filtered"
    return f"{kind}_{part}_{(when or dt.date.today()).isoformat()}.{fmt}"


def export_events(rows: Iterable[Mapping[str, Any]], records: Iterable[Incident], fmt: str,
                  flt: IncidentFilter | None = None) -> tuple[bytes, bytes | None]:
    """An events export (one row per event, :mod:`.export_events`) as bytes, with its metadata built
    from the events' ``records``: (file, CSV side file or None). XLSX carries events in every export
    (the "events" sheet beside the records): ask :func:`export_bytes` for it."""
    from .export_events import write_events_csv, write_events_geojson

    about = About(flt)
    for inc in records:
        about.add(inc)
    if fmt == "csv":
        buf = io.StringIO()
        write_events_csv(rows, buf)
        return buf.getvalue().encode("utf-8-sig"), about.to_json()
    if fmt == "geojson":
        buf = io.StringIO()
        write_events_geojson(rows, buf, about.to_dict())
        return buf.getvalue().encode("utf-8"), None
    raise ValueError(f"an events export is CSV or GeoJSON (XLSX has an events sheet in every export), not {fmt!r}")
