"""Which layout a file is in, from its header (or its GeoJSON structure)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..registry import GroupRegistry
from .acled import AcledLayout
from .gtd import GtdLayout
from .layout import Layout
from .native import NativeCsvLayout, NativeGeoJsonLayout
from .readers import Table, UnreadableFileError, open_table
from .ucdp import UcdpLayout

if TYPE_CHECKING:
    from .mapping import ColumnMapping

#: ``--format`` value -> layout.
LAYOUTS: dict[str, type[Layout]] = {
    "acled": AcledLayout, "gtd": GtdLayout, "ucdp": UcdpLayout, "csv": NativeCsvLayout,
    "geojson": NativeGeoJsonLayout,
}
FORMATS: tuple[str, ...] = ("auto", *LAYOUTS)
#: A header must have a layout's required columns to be taken for it (see Layout.score).
MIN_SCORE = 0.5


def detect_format(table: Table) -> str:
    """The best-matching layout name; UnreadableFileError when no layout fits the header."""
    if table.kind == "geojson":
        return "geojson"
    scores = {name: cls.score(table.columns) for name, cls in LAYOUTS.items() if table.kind in cls.kinds}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < MIN_SCORE:
        shown = ", ".join(c for c in table.columns[:8] if c) or "(none)"
        more = ", ..." if len(table.columns) > 8 else ""
        from .mapping import guess

        proposal = ",".join(f"{f}={c}" for f, c in guess(table.columns).items())
        hint = f" (a guess: --columns {proposal})" if proposal else ""
        raise UnreadableFileError(f"{table.name}: unknown layout (columns: {shown}{more}); "
                                  "expected ACLED, GTD, UCDP GED or Incident Atlas CSV/GeoJSON, or map its "
                                  f"columns to fields{hint}")
    return best


def open_layout(source: Any, format: str = "auto", *, registry: GroupRegistry | None = None,
                mapping: "ColumnMapping | None" = None, sheet: str | None = None) -> tuple[Table, Layout]:
    """Open a file and pick its layout (detected, or the one asked for; a ``mapping`` reads any
    table through it, see ``mapping``); ``sheet``: the XLSX sheet to read. Nothing is written."""
    if mapping is not None:
        return open_mapped(source, mapping, registry=registry)
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    table = open_table(source, sheet)
    try:
        name = detect_format(table) if format == "auto" else format
        layout = LAYOUTS[name](registry)
        layout.prepare(table)
    except BaseException:
        table.close()
        raise
    return table, layout


def open_mapped(source: Any, mapping: "ColumnMapping", *,
                registry: GroupRegistry | None = None) -> tuple[Table, Layout]:
    """Open a table read through a column mapping: a first pass reads the date column's order
    (``dates.column_order``), the second is the table the import reads. Nothing is written."""
    from .dates import AmbiguousDates
    from .mapping import MappedLayout

    layout = MappedLayout(mapping, registry)
    if mapping.date_order is None:
        with open_table(source, mapping.sheet) as first:
            layout.prepare(first)
            column = mapping.columns["date"]
            try:
                layout.detect_date_order(row.get(column) for _, row in first.rows())
            except AmbiguousDates as e:
                raise UnreadableFileError(f"{first.name}: {e.message}") from e
    table = open_table(source, mapping.sheet)
    try:
        layout.prepare(table)
    except BaseException:
        table.close()
        raise
    return table, layout


__all__ = ["open_mapped", "LAYOUTS", "FORMATS", "detect_format", "open_layout", "UnreadableFileError"]
