"""Import ACLED, GTD and UCDP GED exports and our own CSV/GeoJSON; export filtered incidents.

``import_file(path_or_upload, store)`` -> ImportSummary; ``preview(...)`` for the /data page;
``export_file(incidents, "csv"|"geojson"|"xlsx", path)`` / ``export_bytes(...)``. Any other table:
``import_file(path, store, mapping=ColumnMapping.parse("date=date,location=city,..."))``.

Names are loaded on first use, so an import's reader process (which imports only the reading
stage) never loads the database layer.
"""
from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "FORMATS": "detect", "LAYOUTS": "detect", "detect_format": "detect", "open_layout": "detect",
    "EXPORT_FORMATS": "export", "export_bytes": "export", "export_file": "export",
    "ImportSummary": "summary", "RowIssue": "summary",
    "Preview": "importer", "ImportWriteError": "importer", "import_file": "importer", "import_table": "importer", "preview": "importer",
    "UnreadableFileError": "readers", "open_table": "readers", "ReaderProcessError": "reader_process",
    "ColumnMapping": "mapping", "open_mapped": "detect",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
