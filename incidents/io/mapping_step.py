"""The Data page's mapping step, without Streamlit: whether a file needs a column mapping, the file's
columns with a guessed field for each, and the analyst's choices turned into a ``ColumnMapping``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import values as v
from .detect import detect_format
from .mapping import FIELD_LABELS, FIELDS, ColumnMapping, default_dataset, guess
from .readers import UnreadableFileError, open_table, sheet_names

#: The Layout choice that asks for the mapping step whatever the header.
MAP_COLUMNS = "columns"
NOT_USED = "— not used"
#: Rows read to guess fields from values and to show an example of each column.
SAMPLE_ROWS = 20


def field_label(name: str | None) -> str:
    """How the mapping step names a field (None: the column is not used)."""
    return NOT_USED if name is None else FIELD_LABELS.get(name, name)


def needs_mapping(source: Any, format: str = "auto", sheet: str | None = None) -> bool:
    """True when the file is read through a column mapping: asked for, or its header fits no known
    layout. UnreadableFileError when the file cannot be read at all."""
    if format == MAP_COLUMNS:
        return True
    if format != "auto":
        return False
    with open_table(source, sheet) as table:
        if table.kind == "geojson":
            return False
        try:
            detect_format(table)
        except UnreadableFileError:
            return True
    return False


@dataclass
class MappingStep:
    """What the mapping step shows: the file's columns, a field for each (guessed or saved), an example value."""

    file: str
    sheets: list[str]
    sheet: str | None
    columns: list[str]
    fields: dict[str, str | None]  # column -> field
    examples: dict[str, str] = field(default_factory=dict)
    dataset: str = ""

    def options(self) -> list[str | None]:
        """The choices of each column's select box: not used, then every field."""
        return [None, *FIELDS]


def mapping_step(source: Any, sheet: str | None = None, saved: ColumnMapping | None = None) -> MappingStep:
    """The file's columns (of ``sheet``, else the first sheet with data) with a field for each:
    ``saved``'s where it names the column, else a guess from the header and the first rows."""
    sheets = sheet_names(source)
    with open_table(source, sheet) as table:
        columns = [c for c in table.columns if c]
        sample = []
        for _, row in table.rows():
            sample.append(row)
            if len(sample) >= SAMPLE_ROWS:
                break
        name, used_sheet = table.name, table.sheet
    by_field = dict(saved.columns) if saved else guess(columns, sample)
    fields: dict[str, str | None] = {c: None for c in columns}
    for fld, col in by_field.items():
        if col in fields and fields[col] is None:
            fields[col] = fld
    examples = {}
    for c in columns:
        val = next((r.get(c) for r in sample if not v.blank(r.get(c))), None)
        examples[c] = (v.text(val) or "")[:60]
    dataset = (saved.dataset if saved and saved.dataset else None) or default_dataset(name)
    return MappingStep(name, sheets, used_sheet, columns, fields, examples, dataset)


def mapping_from_choices(choices: dict[str, str | None], *, sheet: str | None = None, date_order: str | None = None,
                         dataset: str | None = None) -> ColumnMapping:
    """The analyst's ``column -> field`` choices as a mapping; ValueError (a sentence) when a field is
    given two columns or no column is the date."""
    by_field: dict[str, str] = {}
    for col, fld in choices.items():
        if not fld:
            continue
        if fld in by_field:
            raise ValueError(f"{field_label(fld)} is chosen for two columns: {by_field[fld]} and {col}")
        by_field[fld] = col
    if "date" not in by_field:
        raise ValueError("choose the column that holds the date")
    ordered = {f: by_field[f] for f in FIELDS if f in by_field}
    return ColumnMapping(ordered, sheet=sheet, dataset=(dataset or "").strip() or None, date_order=date_order)
