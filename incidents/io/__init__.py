"""Import ACLED, GTD and UCDP GED exports and our own CSV/GeoJSON; export filtered incidents.

``import_file(path_or_upload, store)`` -> ImportSummary; ``preview(...)`` for the /data page;
``export_file(incidents, "csv"|"geojson"|"xlsx", path)`` / ``export_bytes(...)``.
"""
from __future__ import annotations

from .detect import FORMATS, LAYOUTS, detect_format, open_layout
from .export import EXPORT_FORMATS, export_bytes, export_file
from .importer import ImportSummary, Preview, RowIssue, import_file, import_table, preview
from .readers import UnreadableFileError, open_table

__all__ = ["EXPORT_FORMATS", "FORMATS", "LAYOUTS", "ImportSummary", "Preview", "RowIssue", "UnreadableFileError",
           "detect_format", "export_bytes", "export_file", "import_file", "import_table", "open_layout",
           "open_table", "preview"]
