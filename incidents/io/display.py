"""Plain rows and captions for the /data page (pure functions; the page only draws them)."""
from __future__ import annotations

from typing import Any, Iterable

from ..tabular import flat_row
from .importer import Preview
from .summary import RowIssue

FORMAT_LABELS: dict[str, str] = {
    "auto": "Detect from the header", "acled": "ACLED", "gtd": "GTD", "ucdp": "UCDP GED",
    "csv": "Incident Atlas CSV/XLSX", "geojson": "Incident Atlas GeoJSON",
    "columns": "Another table: map its columns",
}
#: Columns of the preview sample (the flat export has more).
SAMPLE_COLUMNS = ("date", "date_precision", "location", "district", "province_code", "lat", "lon", "geo_precision",
                  "attack_type", "killed_min", "killed_max", "killed_text", "attributions", "sources", "dataset",
                  "dataset_event_id", "flags")


def mapping_rows(pv: Preview) -> list[dict[str, str]]:
    """Incident field -> file column, one row each."""
    return [{"incident field": f, "from column": c} for f, c in pv.mapping]


def sample_rows(pv: Preview) -> list[dict[str, Any]]:
    """The preview's incidents as flat rows (ledger and sources spelled out)."""
    out = []
    for inc in pv.sample:
        row = flat_row(inc)
        out.append({k: row[k] for k in SAMPLE_COLUMNS})
    return out


def errors_rows(errors: Iterable[RowIssue]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in errors]


def summary_caption(pv: Preview) -> str:
    """"ucdp.csv · UTF-8 · comma-separated · 50 columns"."""
    bits = [pv.file]
    if pv.encoding:
        bits.append({"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "latin-1": "Latin-1"}.get(pv.encoding, pv.encoding))
    if pv.delimiter:
        bits.append({",": "comma", ";": "semicolon", "\t": "tab"}.get(pv.delimiter, repr(pv.delimiter)) + "-separated")
    if pv.sheet:
        bits.append(f"sheet {pv.sheet!r}")
    bits.append(f"{len([c for c in pv.columns if c])} columns")
    return " · ".join(bits)


def progress_text(rows: int) -> str:
    return f"{rows:,} rows read"


def skipped_text(result: dict[str, Any]) -> str | None:
    """Rows an import skipped without an error, and why ("1 row skipped on purpose: outside Pakistan
    (Afghanistan) 1"), so that every skipped row is accounted for; None when there are none."""
    reasons = result.get("skipped_reasons") or {}
    n = sum(reasons.values())
    if not n:
        return None
    why = "; ".join(f"{reason} {count:,}" for reason, count in reasons.items())
    return f"{n:,} row{'s' if n != 1 else ''} skipped on purpose, not errors: {why}"


def named_count_rows(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Names an import summary counts (``{"name", "rows", "first_row"}``): name, how many rows name it
    (a count), the first of them (a row number)."""
    return [{"name": g["name"], "rows (count)": g["rows"], "first row number": g["first_row"]} for g in items]


def unknown_group_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """An import summary's group names the registry lacks (:func:`named_count_rows`)."""
    return named_count_rows(result.get("unknown_groups", []))


def unresolved_place_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """An import summary's places without a point: place, hints, the row numbers that name it, suggestions."""
    return [{"place": p["place"], "district": p["district"], "province": p["province"],
             "row numbers": ", ".join(map(str, p["rows"])), "suggestions": "; ".join(p["suggestions"])}
            for p in result.get("unresolved_places", [])]


#: What the runs table says of each status.
RUN_STATUS_LABELS = {"running": "running", "finished": "finished", "failed": "failed", "interrupted": "interrupted",
                     "rolled back": "rolled back", "resumed": "resumed"}


def runs_rows(found: Iterable[Any]) -> list[dict[str, Any]]:
    """Import runs (``store.runs.ImportRun``) as table rows, newest first."""
    out = []
    for r in found:
        out.append({"run": r.id, "file": r.file_name, "layout": FORMAT_LABELS.get(r.format or "", r.format or ""),
                    "status": RUN_STATUS_LABELS.get(r.status, r.status),
                    "started (UTC)": r.started_at.strftime("%Y-%m-%d %H:%M"),
                    "finished (UTC)": r.finished_at.strftime("%Y-%m-%d %H:%M") if r.finished_at else "",
                    "rows read": f"{r.rows_read:,}", "rows done": f"{r.rows_written:,}",
                    "errors": f"{r.rows_errors:,}", "by": r.who or "", "note": r.message or ""})
    return out


def unfinished_note(r: Any) -> str:
    """What an interrupted or failed run left, and what can be done about it."""
    return (f"Import run {r.id} ({r.file_name}) {'was interrupted' if r.status == 'interrupted' else 'failed'} "
            f"after {r.rows_written:,} rows were written. Roll it back to delete the records it inserted, or "
            f"resume it: upload the same file above and import it with \"Resume run {r.id}\" ticked (the rows "
            "already in are found unchanged).")
