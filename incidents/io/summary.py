"""What an import did: counts, and every problem with a row (row number, column, message)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

#: Errors listed in a summary (the count of all of them is kept).
MAX_ERRORS = 1000



@dataclass
class RowIssue:
    """One problem with one row: ``row`` as a spreadsheet numbers it (header = 1), the file's column."""

    row: int | None
    column: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportSummary:
    """What an import did. ``rows`` = imported + updated + unchanged + skipped."""

    format: str
    file: str = ""
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    error_count: int = 0
    skipped_reasons: Counter = field(default_factory=Counter)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    seconds: float = 0.0
    complete: bool = True
    stopped: str | None = None  # why reading stopped early (the rows before it are in)
    #: expected columns the file lacked and what that cost (``expected.notes``)
    notes: list[str] = field(default_factory=list)
    #: a mapped table's report: dataset, points geocoded, unknown group names, places without a point
    report: dict[str, Any] = field(default_factory=dict)
    run: int | None = None  # the import run that recorded it (store/runs.py)

    def add_error(self, row: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowIssue(row, column, message))

    def merge(self, other: "ImportSummary") -> None:
        """Add another part's counts and errors (errors end up in row order)."""
        self.imported += other.imported
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.error_count += other.error_count
        self.errors = sorted(self.errors + other.errors, key=lambda e: (e.row is None, e.row or 0))[:MAX_ERRORS]
        self.skipped_reasons.update(other.skipped_reasons)

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary: format, rows, imported, updated, unchanged, skipped, errors, then details."""
        d: dict[str, Any] = {
            "format": self.format, "rows": self.rows, "imported": self.imported, "updated": self.updated,
            "unchanged": self.unchanged, "skipped": self.skipped, "errors": [e.to_dict() for e in self.errors],
            "file": self.file,
        }
        if self.error_count > len(self.errors):
            d["errors_not_listed"] = self.error_count - len(self.errors)
        if self.skipped_reasons:
            d["skipped_reasons"] = dict(self.skipped_reasons.most_common())
        for k in ("encoding", "delimiter", "sheet"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        if self.notes:
            d["notes"] = list(self.notes)
        d.update(self.report)
        d["seconds"] = round(self.seconds, 3)
        if self.run is not None:
            d["run"] = self.run
        if not self.complete:
            d["complete"] = False
            d["stopped"] = self.stopped
        return d

