"""The import run: read a file once, map and validate every row, write good rows in batches.

Each batch is one ``Store.save_many`` call, i.e. one transaction: a crash never leaves half a
batch. A bad row is reported (row as a spreadsheet numbers it, column, message) and left out; the
good rows go in. A file that cannot be read at all raises UnreadableFileError before anything is
written.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import sqlalchemy as sa

from ..errors import ValidationError
from ..models import Incident, validate
from .detect import open_layout
from .layout import Layout
from .readers import EXTRA, Table, UnreadableFileError, text_encoding
from .values import RowError, SkipRow

log = logging.getLogger(__name__)

#: Rows per transaction.
DEFAULT_BATCH = 5000
#: Key of the cells beyond the header's columns in a row (see readers).
_EXTRA = EXTRA
#: Errors listed in a summary (the count of all of them is kept).
MAX_ERRORS = 1000

Progress = Callable[[int, "float | None"], None]


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
        d["seconds"] = round(self.seconds, 3)
        if not self.complete:
            d["complete"] = False
            d["stopped"] = self.stopped
        return d


def import_file(source: Any, store: Any, *, format: str = "auto", batch_size: int = DEFAULT_BATCH,
                progress: Progress | None = None, threaded: bool = False) -> ImportSummary:
    """Import a file (path, bytes or binary file object) into the store.

    Raises UnreadableFileError (nothing written) when the file cannot be read at all or is in no
    known layout. Row problems are in the summary's ``errors``.
    """
    table, layout = open_layout(source, format, registry=store.registry)
    with table:
        return import_table(table, layout, store, batch_size=batch_size, progress=progress, threaded=threaded)


def import_table(table: Table, layout: Layout, store: Any, *, batch_size: int = DEFAULT_BATCH,
                 progress: Progress | None = None, threaded: bool = False) -> ImportSummary:
    """Import an opened table with its layout (see :func:`import_file`).

    Rows are read and mapped on the calling thread; full batches are written by one background
    writer thread, so the database's work overlaps with reading the next rows. ``progress`` is
    called on the calling thread.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be ≥ 1")
    started = time.perf_counter()
    summary = ImportSummary(layout.name, file=table.name, delimiter=table.delimiter, sheet=table.sheet)
    seen: dict[Any, int] = {}  # (dataset, event id) or id -> first row
    batch: list[tuple[int, Incident]] = []
    first = True
    id_column = layout.column_for("dataset_event_id") or layout.column_for("id")
    writer = _Writer(store, layout, threaded)
    finished = False
    try:
        with _fewer_gc_passes():
            columns = table.columns
            ncols = len(columns)
            map_record = layout.record_mapper(columns) if table.has_records else None
            rows: Iterator[tuple[int, Any]] = table.records() if map_record is not None else table.rows()
            map_row = layout.map
            nrows = 0
            try:
                for rowno, row in rows:
                    if first:
                        first = False
                        if layout.is_header_echo(row if map_record is None else dict(zip(columns, row))):
                            continue
                    nrows += 1
                    try:
                        if map_record is not None:  # a list of cells (see Table.records)
                            if len(row) > ncols:
                                raise RowError(None, f"{len(row) - ncols} more cell(s) than the header has columns")
                            inc = map_record(row)
                        else:
                            if _EXTRA in row:
                                raise RowError(None, f"{len(row.pop(_EXTRA))} more cell(s) than the header has "
                                                     "columns")
                            inc = map_row(row)  # validated by the store, see _flush
                    except SkipRow as e:
                        summary.skipped += 1
                        summary.skipped_reasons[e.reason] += 1
                        continue
                    except RowError as e:
                        summary.skipped += 1
                        summary.add_error(rowno, e.column, e.message)
                        continue
                    except ValidationError as e:
                        summary.skipped += 1
                        summary.add_error(rowno, layout.column_for(e.field), _validation_message(e, layout))
                        continue
                    key = (inc.dataset, inc.dataset_event_id) if inc.dataset else inc.id
                    if key is not None:
                        if key in seen:
                            summary.skipped += 1
                            summary.add_error(rowno, id_column, f"duplicate of row {seen[key]} (same event id); "
                                                                "the first row is kept")
                            continue
                        seen[key] = rowno
                    batch.append((rowno, inc))
                    if len(batch) >= batch_size:
                        summary.rows = nrows
                        writer.put(batch)
                        batch = []
                        if progress:
                            progress(summary.rows, table.fraction_read())
            except UnreadableFileError as e:
                summary.complete = False
                summary.stopped = str(e)
                log.warning("import stopped early: %s", e)
            summary.rows = nrows
            if batch:
                writer.put(batch)
            finished = True
    finally:
        writer.close(wait=finished)
    summary.merge(writer.summary)
    summary.encoding = text_encoding(table)
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(summary.rows, 1.0)
    log.info("imported %s: %d rows, %d new, %d updated, %d unchanged, %d skipped in %.2fs", table.name,
             summary.rows, summary.imported, summary.updated, summary.unchanged, summary.skipped, summary.seconds)
    return summary


@contextlib.contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    """Run the cycle collector less often while a bulk import allocates millions of short-lived objects."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 100_000), max(old[1], 50), max(old[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*old)


class _Writer:
    """Writes batches on one background thread, in order; the first failure stops it and is re-raised.

    With ``threaded=False`` each batch is written at once on the calling thread.
    """

    def __init__(self, store: Any, layout: Layout, threaded: bool = True) -> None:
        self.store = store
        self.layout = layout
        self.summary = ImportSummary(layout.name)
        self.error: BaseException | None = None
        self.threaded = threaded
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        if threaded:
            self._thread.start()

    def put(self, batch: list[tuple[int, Incident]]) -> None:
        if self.error is not None:
            raise self.error
        if not self.threaded:
            _flush(self.store, batch, self.summary, self.layout)
            return
        self._queue.put(batch)

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is None:
                return
            if self.error is not None:
                continue  # drain after a failure
            try:
                _flush(self.store, batch, self.summary, self.layout)
            except BaseException as e:  # re-raised on the importing thread
                self.error = e

    def close(self, *, wait: bool = True) -> None:
        """Finish the queued batches (``wait``) or drop them, stop the thread, re-raise its failure."""
        if not wait:
            self.error = self.error or _Abandoned()
        if self.threaded:
            self._queue.put(None)
            self._thread.join()
        if self.error is not None and not isinstance(self.error, _Abandoned):
            raise self.error


class _Abandoned(Exception):
    """Internal: the import stopped; queued batches are dropped."""


def _validation_message(e: ValidationError, layout: Layout) -> str:
    return e.message if layout.column_for(e.field) == e.field else f"{e.field}: {e.message}"


def _flush(store: Any, batch: list[tuple[int, Incident]], summary: ImportSummary, layout: Layout) -> None:
    """Write one batch in one transaction (the store validates every incident).

    When the store rejects the batch, the rows are validated one by one to report the bad ones, the
    good ones are written together; if the store still refuses, row by row, naming each refused row.
    """
    try:
        _count(store.save_many([inc for _, inc in batch]), summary)
        return
    except (ValidationError, sa.exc.IntegrityError):
        pass
    good = []
    today = dt.date.today()
    for rowno, inc in batch:
        try:
            validate(inc, store.registry, today=today)
        except ValidationError as e:
            summary.skipped += 1
            summary.add_error(rowno, layout.column_for(e.field), _validation_message(e, layout))
        else:
            good.append((rowno, inc))
    if not good:
        return
    try:
        _count(store.save_many([inc for _, inc in good]), summary)
        return
    except (ValidationError, sa.exc.IntegrityError) as e:
        log.info("batch refused (%s); writing its rows one by one", e)
    for rowno, inc in good:
        try:
            _count(store.save(inc), summary)
        except ValidationError as err:
            summary.skipped += 1
            summary.add_error(rowno, layout.column_for(err.field), _validation_message(err, layout))
        except sa.exc.IntegrityError as err:
            summary.skipped += 1
            summary.add_error(rowno, None, f"the database refused the row: {str(err.orig).splitlines()[0]}")


def _count(res: Any, summary: ImportSummary) -> None:
    summary.imported += res.inserted
    summary.updated += res.updated
    summary.unchanged += res.unchanged


@dataclass
class Preview:
    """What an import would do with a file: its layout, the column mapping and the first rows mapped."""

    format: str
    title: str
    file: str
    columns: list[str]
    mapping: list[tuple[str, str]]
    sample: list[Incident]
    errors: list[RowIssue]
    skipped: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    @property
    def unused_columns(self) -> list[str]:
        """File columns no incident field comes from (shown so nothing is silently dropped unseen)."""
        used = {c.strip() for _, src in self.mapping for c in src.split(",")}
        return [c for c in self.columns if c and c not in used]


def preview(source: Any, format: str = "auto", *, rows: int = 5, registry: Any = None) -> Preview:
    """Detect the layout and map the first ``rows`` good rows (validated), without writing anything."""
    table, layout = open_layout(source, format, registry=registry)
    sample: list[Incident] = []
    errors: list[RowIssue] = []
    skipped = 0
    today = dt.date.today()
    with table:
        first = True
        try:
            for n, (rowno, row) in enumerate(table.rows()):
                if first:
                    first = False
                    if layout.is_header_echo(row):
                        continue
                if len(sample) >= rows or n >= rows * 20:
                    break
                row.pop(_EXTRA, None)
                try:
                    inc = validate(layout.map(row), layout.registry, today=today)
                except SkipRow:
                    skipped += 1
                    continue
                except RowError as e:
                    errors.append(RowIssue(rowno, e.column, e.message))
                    continue
                except ValidationError as e:
                    errors.append(RowIssue(rowno, layout.column_for(e.field), _validation_message(e, layout)))
                    continue
                sample.append(inc)
        except UnreadableFileError as e:
            errors.append(RowIssue(None, None, str(e)))
        encoding = text_encoding(table)
    mapping = [(f, c) for f, c in layout.mapping()]
    return Preview(layout.name, layout.title, table.name, list(table.columns), mapping, sample, errors, skipped,
                   encoding, table.delimiter, table.sheet)
