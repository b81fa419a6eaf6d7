"""The reading stage of an import: map every row, drop duplicate events, validate, and hand over
batches ready to write (``Prepared``). No database code: this stage may run in its own process
(see ``reader_process``)."""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
from dataclasses import dataclass
from typing import Any, Generator, Iterator

from ..errors import ValidationError
from ..prepared import ROW_FIELDS, Flat, Prepared, flatten, prepare_flat
from .layout import Layout
from .readers import EXTRA, SHORT_ROWS, Table, UnreadableFileError, text_encoding
from .summary import ImportSummary, RowIssue
from .values import RowError, SkipRow


@dataclass
class Batch:
    """One batch from the reading stage: its incidents ready to write, and the file rows they came from."""

    prepared: Prepared
    rownos: list[int]
    rows: int  # rows read so far
    fraction: float | None  # of the file read so far
    full: bool  # a full batch (progress is reported after it)


@dataclass
class Done:
    """The reading stage's end: rows read, skipped rows and their reasons, whether the file was read to the end."""

    summary: ImportSummary


def mapped_rows(table: Table, layout: Layout) -> Iterator[tuple[int, Flat | None, SkipRow | RowIssue | None]]:
    """Every data row of ``table`` mapped by ``layout``, in file order, not yet validated: (row
    number, the incident flattened, None), or (row number, None, why the row is left out: a
    ``SkipRow``, or a ``RowIssue`` naming the column). A row with more cells than the header has
    columns is a row issue. UnreadableFileError propagates where the file cannot be read on."""
    columns = table.columns
    ncols = len(columns)
    map_record = layout.record_mapper(columns) if table.has_records else None
    rows: Iterator[tuple[int, Any]] = table.records() if map_record is not None else table.rows()
    map_row = layout.map
    first = True
    for rowno, row in rows:
        if first:
            first = False
            if layout.is_header_echo(row if map_record is None else dict(zip(columns, row))):
                continue
        try:
            if map_record is not None:  # a list of cells (see Table.records)
                if len(row) > ncols:
                    raise RowError(None, f"{len(row) - ncols} more cell(s) than the header has columns")
                flat = map_record(row)
            else:
                if EXTRA in row:
                    raise RowError(None, f"{len(row.pop(EXTRA))} more cell(s) than the header has columns")
                flat = flatten(map_row(row))
        except SkipRow as e:
            yield rowno, None, e
        except RowError as e:
            yield rowno, None, RowIssue(rowno, e.column, e.message)
        except ValidationError as e:
            yield rowno, None, RowIssue(rowno, layout.column_for(e.field), validation_message(e, layout))
        else:
            yield rowno, flat, None


def read_batches(table: Table, layout: Layout, batch_size: int, registry: Any) -> Generator[Batch | Done, None, None]:
    """The reading stage: map every row, drop duplicates, validate (by ``registry``'s groups); yields
    batches, then ``Done``.

    A row that cannot be mapped or does not validate is skipped and reported by its row number;
    the rest of its batch goes on.
    """
    summary = ImportSummary(layout.name)
    seen: dict[Any, int] = {}  # (dataset, event id) or id -> first row
    batch: list[tuple[int, Flat]] = []
    id_column = layout.column_for("dataset_event_id") or layout.column_for("id")
    today = dt.date.today()
    ID, DS, EV = _ID_AT, _DATASET_AT, _EVENT_AT
    nrows = 0
    with fewer_gc_passes():
        try:
            for rowno, flat, problem in mapped_rows(table, layout):
                nrows += 1
                if problem is not None:
                    summary.skipped += 1
                    if isinstance(problem, SkipRow):
                        summary.skipped_reasons[problem.reason] += 1
                    else:
                        summary.add_error(problem.row, problem.column, problem.message)
                    continue
                r = flat[0]  # type: ignore[index]
                key = (r[DS], r[EV]) if r[DS] else r[ID]
                if key is not None:
                    if key in seen:
                        summary.skipped += 1
                        summary.add_error(rowno, id_column, f"duplicate of row {seen[key]} (same event id); "
                                                            "the first row is kept")
                        continue
                    seen[key] = rowno
                batch.append((rowno, flat))  # type: ignore[arg-type]
                if len(batch) >= batch_size:
                    yield _validated(batch, registry, today, summary, layout, nrows, table.fraction_read(), True)
                    batch = []
        except UnreadableFileError as e:
            summary.complete = False
            summary.stopped = str(e)
        if batch:
            yield _validated(batch, registry, today, summary, layout, nrows, table.fraction_read(), False)
    summary.rows = nrows
    summary.encoding = text_encoding(table)
    short = table.extra.get(SHORT_ROWS) or {"count": 0, "rows": []}
    summary.short_count, summary.short_rows = short["count"], list(short["rows"])
    yield Done(summary)


def _validated(batch: list[tuple[int, Flat]], registry: Any, today: dt.date, summary: ImportSummary,
               layout: Layout, rows: int, fraction: float | None, full: bool) -> Batch:
    """The batch validated; a row that fails validation is reported and left out."""
    try:
        return Batch(prepare_flat([flat for _, flat in batch], registry, today=today), [r for r, _ in batch], rows,
                     fraction, full)
    except ValidationError:
        pass
    # one row at a time: each good row is validated once, and the batch is made of those results
    kept, rownos = Prepared([], [], []), []
    for rowno, flat in batch:
        try:
            one = prepare_flat([flat], registry, today=today)
        except ValidationError as e:
            summary.skipped += 1
            summary.add_error(rowno, layout.column_for(e.field), validation_message(e, layout))
        else:
            kept.rows.extend(one.rows)
            kept.ledgers.extend(one.ledgers)
            kept.sources.extend(one.sources)
            rownos.append(rowno)
    return Batch(kept, rownos, rows, fraction, full)


_ID_AT, _DATASET_AT, _EVENT_AT = (ROW_FIELDS.index(f) for f in ("id", "dataset", "dataset_event_id"))


@contextlib.contextmanager
def fewer_gc_passes() -> Iterator[None]:
    """Run the cycle collector less often while a bulk import allocates millions of short-lived objects."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 100_000), max(old[1], 50), max(old[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def validation_message(e: ValidationError, layout: Layout) -> str:
    return e.message if layout.column_for(e.field) == e.field else f"{e.field}: {e.message}"
