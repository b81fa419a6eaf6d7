"""The import run: read a file once, map and validate every row, write good rows in batches.

Each batch is one ``Store.save_prepared`` call, i.e. one transaction: a crash never leaves half a
batch. A bad row is reported (row as a spreadsheet numbers it, column, message) and left out; the
good rows go in. A file that cannot be read at all raises UnreadableFileError before anything is
written. Reading (``reading``) and writing are two stages; for a large file the reading stage runs
in a second process (``reader_process``) while this one writes.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Generator

import sqlalchemy as sa

from ..errors import AtlasError, ValidationError
from ..models import Incident
from ..prepared import ROW_FIELDS, prepare_flat, unflatten
from . import expected
from .detect import open_layout
from .layout import Layout
from .reader_process import child_source, read_in_process, source_size
from .readers import Table, UnreadableFileError, text_encoding
from .reading import Batch, Done, fewer_gc_passes, mapped_rows, read_batches, validation_message
from .summary import ImportSummary, RowIssue
from .values import SkipRow

if TYPE_CHECKING:
    from .mapping import ColumnMapping

log = logging.getLogger(__name__)
_FLAGS_AT = ROW_FIELDS.index("flags")

#: Rows per transaction.
DEFAULT_BATCH = 5000
#: Files from this size on are read in a second process when there is a second CPU: below it,
#: starting the process (≈0.4 s) costs more than the overlap gains.
PARALLEL_MIN_BYTES = 4_000_000

Progress = Callable[[int, "float | None"], None]


def import_file(source: Any, store: Any, *, format: str = "auto", batch_size: int = DEFAULT_BATCH,
                progress: Progress | None = None, parallel: bool | None = None,
                mapping: "ColumnMapping | None" = None, resume: int | None = None) -> ImportSummary:
    """Import a file (path, bytes or binary file object) into the store; ``mapping`` reads any table
    through a column mapping (see ``mapping``) instead of a detected layout.

    Raises UnreadableFileError (nothing written) when the file cannot be read at all or is in no
    known layout. Row problems are in the summary's ``errors``. ``parallel``, ``resume``: see
    :func:`import_table`.
    """
    table, layout = open_layout(source, format, registry=store.registry, mapping=mapping)
    with table:
        summary = import_table(table, layout, store, batch_size=batch_size, progress=progress, source=source,
                               parallel=parallel, resume=resume)
        linked_in_file = (layout.name == "csv" and "event_id" in table.columns) or layout.name == "geojson"
    if linked_in_file and hasattr(store, "adopt_events"):
        _adopt_events(source, format, store)
    return summary


def _adopt_events(source: Any, format: str, store: Any) -> None:
    """Our own export read back: records that shared an event in the file share one again."""
    if hasattr(source, "seek"):
        source.seek(0)
    table, layout = open_layout(source, format, registry=store.registry)
    groups: dict[str, list[str]] = {}
    with table:
        for _, row in table.rows():
            rid, eid = layout.link_of(row)
            if rid and eid:
                groups.setdefault(str(eid), []).append(str(rid))
    moved = store.adopt_events([g for g in groups.values() if len(g) > 1])
    if moved:
        log.info("linked %d records into the events the file gives", moved)


def import_table(table: Table, layout: Layout, store: Any, *, batch_size: int = DEFAULT_BATCH,
                 progress: Progress | None = None, source: Any = None,
                 parallel: bool | None = None, resume: int | None = None) -> ImportSummary:
    """Import an opened table with its layout (see :func:`import_file`).

    Reading, mapping and validating the rows (``reading.read_batches``) and writing the batches are two
    stages. With ``parallel`` the first runs in a second process, which reopens ``source`` (the
    path, bytes or file the table was opened from) and sends each batch, validated and flattened
    (``Prepared``), to this process, which writes it: on a machine with two cores the two stages
    overlap. ``None`` (the default) chooses it for files of ``PARALLEL_MIN_BYTES`` or more when
    there is a second CPU and a ``source``. The result is the same either way. ``progress`` is
    called on the calling thread after each full batch is written.

    The import is recorded as an import run (``store/runs.py``; ``summary.run`` is its id): running
    while it writes, then finished, failed (an error) or interrupted (stopped). ``resume``: the id of
    an interrupted or failed run of the same file that this one completes (the rows it wrote are
    found unchanged; this run takes over its records).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be ≥ 1")
    started = time.perf_counter()
    summary = ImportSummary(layout.name, file=table.name, delimiter=table.delimiter, sheet=table.sheet)
    src = child_source(source, table.name) if parallel is not False else None
    if parallel and src is None:
        raise ValueError("a parallel import needs the source the table was opened from (a path, bytes or an "
                         "upload)")
    if getattr(layout, "in_process_only", False):
        parallel, src = False, None  # its reader process could not rebuild it from its name
    if parallel is None:
        parallel = src is not None and (os.cpu_count() or 1) > 1 and source_size(src) >= PARALLEL_MIN_BYTES
    parts: Generator[Batch | Done, None, None]
    if parallel:
        parts = read_in_process(src, layout.name, store.registry, batch_size)  # type: ignore[arg-type]
    else:
        parts = read_batches(table, layout, batch_size, store.registry)
    run = summary.run = _start_run(store, table, layout, source)
    status, message = "interrupted", "stopped"
    with fewer_gc_passes():
        try:
            if resume is not None and run is not None:
                store.resume_import_run(resume, run)
            for part in parts:
                if isinstance(part, Done):
                    summary.merge(part.summary)
                    summary.rows = part.summary.rows
                    summary.complete, summary.stopped = part.summary.complete, part.summary.stopped
                    summary.encoding = part.summary.encoding
                    break
                _write(store, part, summary, layout, run)
                summary.rows = max(summary.rows, part.rows)
                if progress and part.full:
                    progress(part.rows, part.fraction)
            status, message = "finished", summary.stopped
        except Exception as e:
            status, message = "failed", str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise
        finally:
            parts.close()  # stops the reader (and its process) when writing failed
            _finish_run(store, run, status, summary, message)
    summary.seconds = time.perf_counter() - started
    summary.notes = expected.notes(layout.name, list(table.columns)) + short_rows_note(summary.short_count, summary.short_rows)
    if hasattr(layout, "report"):
        summary.report = layout.report(summary)
    if progress:
        progress(summary.rows, 1.0)
    if not summary.complete:
        log.warning("import stopped early: %s", summary.stopped)
    log.info("imported %s: %d rows, %d new, %d updated, %d unchanged, %d skipped in %.2fs%s", table.name,
             summary.rows, summary.imported, summary.updated, summary.unchanged, summary.skipped, summary.seconds,
             " (reader in a second process)" if parallel else "")
    return summary


#: What a database says about a value it refuses: the batch is retried in halves down to the row.
_DATA_ERRORS = (ValidationError, sa.exc.IntegrityError, sa.exc.DataError, OverflowError)


def short_rows_note(count: int, rows: list[int]) -> list[str]:
    """The note for rows that had fewer cells than the header (``count``, the first ``rows``): their
    missing cells read as blank (unknown, never 0), right for a trimmed row, wrong for a line cut short."""
    if not count:
        return []
    shown = ", ".join(f"{r:,}" for r in rows) + (", …" if count > len(rows) else "")
    return [f"{count:,} row(s) have fewer cells than the header (row {shown}): their missing cells were "
            "read as blank, i.e. unknown; check the file if a line was cut short or broken by a line break "
            "outside quotes"]


class ImportWriteError(AtlasError):
    """The database failed while writing a batch for a reason that is not the batch's data (the
    connection, the disk): the batches before it are stored; the message names the batch's rows."""


def _start_run(store: Any, table: Table, layout: Layout, source: Any) -> int | None:
    """Record the import as a running run (a store without runs, e.g. a test double: None)."""
    if not hasattr(store, "start_import_run"):
        return None
    path = os.path.abspath(os.fspath(source)) if isinstance(source, (str, os.PathLike)) else None
    return store.start_import_run(table.name or "upload", path=path, format=layout.name, dataset=layout.dataset)


def _finish_run(store: Any, run: int | None, status: str, summary: ImportSummary, message: str | None) -> None:
    """End the run; a failure to record it (the database is gone) is logged, never raised over the
    import's own outcome (the run then shows as interrupted)."""
    if run is None:
        return
    try:
        store.finish_import_run(run, status, rows_read=summary.rows, rows_errors=summary.error_count, message=message)
    except Exception:  # noqa: BLE001
        log.exception("could not record the end of import run %s", run)


def _write(store: Any, part: Batch, summary: ImportSummary, layout: Layout, run: int | None = None) -> None:
    """Write one batch in one transaction. When the store refuses it for its data (an event stored
    under another id, a constraint, a value the database cannot hold that validation let through),
    it is written again in halves, down to single rows, and each refused row is reported by its
    row number: one bad row costs about two transactions per halving, not one per row. Any other
    database error raises ImportWriteError naming the batch's rows."""
    if not len(part.prepared):
        return
    try:
        _write_rows(store, part.prepared, part.rownos, summary, layout, run)
    except sa.exc.DBAPIError as e:
        first, last = part.rownos[0], part.rownos[-1]
        reason = (str(e.orig) if e.orig is not None else str(e)).strip().splitlines()[0]
        raise ImportWriteError(f"rows {first:,}–{last:,} were not written: the database failed: {reason} "
                               "(the rows before them are stored)") from e


def _write_rows(store: Any, p: Any, rownos: list[int], summary: ImportSummary, layout: Layout,
                run: int | None) -> None:
    try:
        _count(_save(store, p, run, summary), summary)
        summary.tally((r[_FLAGS_AT] for r in p.rows), rownos)
        return
    except _DATA_ERRORS as e:
        if len(rownos) == 1:
            summary.skipped += 1
            summary.add_error(rownos[0], *_refusal(e, layout))
            return
        log.info("batch of rows %d-%d refused (%s); writing it in halves", rownos[0], rownos[-1], e)
    half = len(rownos) // 2
    _write_rows(store, p.part(0, half), rownos[:half], summary, layout, run)
    _write_rows(store, p.part(half, len(rownos)), rownos[half:], summary, layout, run)


def _save(store: Any, p: Any, run: int | None, summary: ImportSummary) -> Any:
    """One write of the import: recorded in the history as the import of its file, and in its run."""
    if run is None:
        return store.save_prepared(p, action="import", context=_context(summary))
    return store.save_prepared(p, action="import", context=_context(summary), run=run)


def _refusal(e: BaseException, layout: Layout) -> tuple[str | None, str]:
    """(column, message) for a row the store refused."""
    if isinstance(e, ValidationError):
        return layout.column_for(e.field), validation_message(e, layout)
    orig = getattr(e, "orig", None) or e
    return None, f"the database refused the row: {str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__}"


def _context(summary: ImportSummary) -> dict[str, Any]:
    """What the history keeps of the import a write belongs to: its file and layout."""
    return {"file": summary.file, "format": summary.format}


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
    #: expected columns the file lacks and what that costs (a trimmed ACLED/GTD/UCDP file)
    notes: list[str] = field(default_factory=list)

    @property
    def unused_columns(self) -> list[str]:
        """File columns no incident field comes from (shown so nothing is silently dropped unseen)."""
        used = {c.strip() for _, src in self.mapping for c in src.split(",")}
        return [c for c in self.columns if c and c not in used]


def preview(source: Any, format: str = "auto", *, rows: int = 5, registry: Any = None,
            mapping: "ColumnMapping | None" = None) -> Preview:
    """Detect the layout (or read through ``mapping``) and map the first ``rows`` good rows
    (validated), without writing anything."""
    table, layout = open_layout(source, format, registry=registry, mapping=mapping)
    sample: list[Incident] = []
    errors: list[RowIssue] = []
    skipped = 0
    today = dt.date.today()
    with table:
        try:
            for n, (rowno, flat, problem) in enumerate(mapped_rows(table, layout)):
                if len(sample) >= rows or n >= rows * 20:
                    break
                if isinstance(problem, SkipRow):
                    skipped += 1
                    continue
                if problem is not None:
                    errors.append(problem)
                    continue
                try:
                    prepare_flat([flat], layout.registry, today=today)
                except ValidationError as e:
                    errors.append(RowIssue(rowno, layout.column_for(e.field), validation_message(e, layout)))
                    continue
                sample.append(unflatten(flat))
        except UnreadableFileError as e:
            errors.append(RowIssue(None, None, str(e)))
        encoding = text_encoding(table)
    pairs = [(f, c) for f, c in layout.mapping()]
    return Preview(layout.name, layout.title, table.name, list(table.columns), pairs, sample, errors, skipped,
                   encoding, table.delimiter, table.sheet, expected.notes(layout.name, list(table.columns)))
