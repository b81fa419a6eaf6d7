"""Which layout a file is in, from its header (or its GeoJSON structure)."""
from __future__ import annotations

from typing import Any

from ..registry import GroupRegistry
from .acled import AcledLayout
from .gtd import GtdLayout
from .layout import Layout
from .native import NativeCsvLayout, NativeGeoJsonLayout
from .readers import Table, UnreadableFileError, open_table
from .ucdp import UcdpLayout

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
        raise UnreadableFileError(f"{table.name}: unknown layout (columns: {shown}{more}); "
                                  "expected ACLED, GTD, UCDP GED or Incident Atlas CSV/GeoJSON")
    return best


def open_layout(source: Any, format: str = "auto", *,
                registry: GroupRegistry | None = None) -> tuple[Table, Layout]:
    """Open a file and pick its layout (detected, or the one asked for). Nothing is written."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    table = open_table(source)
    try:
        name = detect_format(table) if format == "auto" else format
        layout = LAYOUTS[name](registry)
        layout.prepare(table)
    except BaseException:
        table.close()
        raise
    return table, layout


__all__ = ["LAYOUTS", "FORMATS", "detect_format", "open_layout", "UnreadableFileError"]
