"""What an import did: counts, and every problem with a row (row number, column, message)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..registry import unlisted_names

#: Errors listed in a summary (the count of all of them is kept).
MAX_ERRORS = 1000
#: Flags a row without coordinates carries (io/placing.py): a point from the offline gazetteer, a place it
#: does not know.
GEOCODED_FLAG = "point from the offline gazetteer: "
UNPLACED_FLAG = "place not in the gazetteer: "
_NO_POINT = " (no point)"


def geocoded_flag(name: str, precision: int) -> str:
    """"point from the offline gazetteer: Mastung (precision 1)"."""
    return f"{GEOCODED_FLAG}{name} (precision {precision})"


def unplaced_flag(place: str) -> str:
    """"place not in the gazetteer: Buleda (no point)"; :meth:`ImportSummary.tally` reads the place back."""
    return f"{UNPLACED_FLAG}{place}{_NO_POINT}"


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
    #: perpetrator names the registry lacks (kept in flags, see ``registry.unlisted_names``) -> rows
    #: that went in naming them, and the first such row
    unknown_groups: Counter = field(default_factory=Counter)
    unknown_first_row: dict[str, int] = field(default_factory=dict)
    #: rows that went in, per flag prefix of :data:`GEOCODED_FLAG` / :data:`UNPLACED_FLAG`
    flagged: Counter = field(default_factory=Counter)
    unplaced_rows: set[int] = field(default_factory=set)
    #: places the gazetteer does not know, named by rows that went in without a point -> rows, first row
    unplaced_places: Counter = field(default_factory=Counter)
    unplaced_first_row: dict[str, int] = field(default_factory=dict)
    #: how many rows had fewer cells than the header (their missing cells read as blank: unknown), the first ten
    short_count: int = 0
    short_rows: list[int] = field(default_factory=list)

    def add_error(self, row: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowIssue(row, column, message))

    def tally(self, flags: Iterable[Sequence[str] | None], rownos: Iterable[int]) -> None:
        """Count what the flags of rows that went in (inserted, updated or found unchanged) say: the
        same for every layout, and never for a row skipped with an error."""
        for fl, rowno in zip(flags, rownos):
            if not fl:
                continue
            for name in unlisted_names(fl):
                self.unknown_groups[name] += 1
                self.unknown_first_row.setdefault(name, rowno)
            for f in fl:
                if f.startswith(GEOCODED_FLAG):
                    self.flagged[GEOCODED_FLAG] += 1
                elif f.startswith(UNPLACED_FLAG):
                    self.flagged[UNPLACED_FLAG] += 1
                    self.unplaced_rows.add(rowno)
                    place = f[len(UNPLACED_FLAG):].removesuffix(_NO_POINT)
                    self.unplaced_places[place] += 1
                    self.unplaced_first_row.setdefault(place, rowno)

    def merge(self, other: "ImportSummary") -> None:
        """Add another part's counts and errors (errors end up in row order)."""
        self.imported += other.imported
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.error_count += other.error_count
        self.errors = sorted(self.errors + other.errors, key=lambda e: (e.row is None, e.row or 0))[:MAX_ERRORS]
        self.skipped_reasons.update(other.skipped_reasons)
        self.short_count += other.short_count
        self.short_rows = sorted(set(self.short_rows) | set(other.short_rows))[:10]

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
        if self.unknown_groups:
            d["unknown_groups"] = [{"name": n, "rows": c, "first_row": self.unknown_first_row[n]}
                                   for n, c in sorted(self.unknown_groups.items(), key=lambda x: (-x[1], self.unknown_first_row[x[0]]))]
        if self.flagged[GEOCODED_FLAG]:
            d["placed_by_gazetteer"] = self.flagged[GEOCODED_FLAG]
        if self.unplaced_places:
            d["places_without_point"] = [
                {"name": n, "rows": c, "first_row": self.unplaced_first_row[n]}
                for n, c in sorted(self.unplaced_places.items(), key=lambda x: (-x[1], self.unplaced_first_row[x[0]]))]
        d.update(self.report)
        d["seconds"] = round(self.seconds, 3)
        if self.run is not None:
            d["run"] = self.run
        if not self.complete:
            d["complete"] = False
            d["stopped"] = self.stopped
        return d

