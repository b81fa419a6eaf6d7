"""What every file layout (ACLED, GTD, UCDP, our own CSV/GeoJSON) provides to the importer."""
from __future__ import annotations

from typing import Any, Callable, ClassVar

from ..models import Incident
from ..prepared import Flat
from ..registry import GroupRegistry, default_registry
from .placing import Placer
from .readers import Table, UnreadableFileError

Row = dict[str, Any]


class Layout:
    """Maps the rows of one file layout to incidents.

    Subclasses set ``name`` (the ``--format`` value), ``dataset`` (the incidents' ``dataset``),
    ``signature`` (columns that identify the layout), ``required`` (columns a row cannot do
    without), ``aliases`` (older column names -> current ones) and ``field_columns`` (incident field
    -> the file column it comes from, used to name the column in errors and in the preview).
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    dataset: ClassVar[str | None] = None
    signature: ClassVar[tuple[str, ...]] = ()
    required: ClassVar[tuple[str, ...]] = ()
    aliases: ClassVar[dict[str, str]] = {}
    #: Sets of columns of which a file must have one, all of it, to be taken for this layout (a
    #: full export by its id columns, a trimmed one by the columns it kept); empty: ``required`` alone.
    identifying: ClassVar[tuple[tuple[str, ...], ...]] = ()
    field_columns: ClassVar[dict[str, str]] = {}
    #: Table kinds (see readers.Table) this layout can come in.
    kinds: ClassVar[tuple[str, ...]] = ("text", "xlsx")

    def __init__(self, registry: GroupRegistry | None = None) -> None:
        self.registry = registry or default_registry()
        self._placer: Placer | None = None

    @property
    def placer(self) -> Placer:
        """Points from the offline gazetteer for rows whose file gives none (``placing.Placer``)."""
        if self._placer is None:
            self._placer = Placer()
        return self._placer

    # -- detection -----------------------------------------------------------------------------
    @classmethod
    def score(cls, columns: list[str]) -> float:
        """0 unless every required column (and one ``identifying`` set) is there (after renaming old
        names); then 0.5 plus half the share of the signature columns present, so a trimmed export
        still matches its layout."""
        if not cls.signature:
            return 0.0
        cols = {cls.aliases.get(c, c) for c in columns}
        if any(c not in cols for c in cls.required):
            return 0.0
        if cls.identifying and not any(all(c in cols for c in need) for need in cls.identifying):
            return 0.0
        return 0.5 + 0.5 * sum(1 for c in cls.signature if c in cols) / len(cls.signature)

    def prepare(self, table: Table) -> None:
        """Rename old column names in place and check the required columns are there."""
        if table.kind not in self.kinds:
            raise UnreadableFileError(f"{table.name}: a {table.kind} file cannot hold the {self.title} layout")
        for i, c in enumerate(table.columns):
            if c in self.aliases and self.aliases[c] not in table.columns:
                table.columns[i] = self.aliases[c]
        missing = [c for c in self.required if c not in table.columns]
        if self.identifying and not any(all(c in table.columns for c in need) for need in self.identifying):
            missing += [c for c in self.identifying[0] if c not in table.columns and c not in missing]
        if missing:
            raise UnreadableFileError(f"{table.name}: not the {self.title} layout: missing column(s) "
                                      f"{', '.join(missing)}")

    def is_header_echo(self, row: Row) -> bool:
        """True for a non-data row right after the header (overridden by layouts that have one)."""
        return False

    def link_of(self, row: Row) -> tuple[str | None, str | None]:
        """(record id, event id) of a row of our own export: records that shared an event there are
        linked again on import. (None, None) for other layouts."""
        return (row.get("id"), row.get("event_id")) if self.dataset is None else (None, None)

    # -- mapping -------------------------------------------------------------------------------
    def map(self, row: Row) -> Incident:
        """One row -> one incident; RowError names the bad column, SkipRow leaves the row out."""
        raise NotImplementedError

    def record_mapper(self, columns: list[str]) -> "Callable[[list[Any]], Flat] | None":
        """A faster ``map`` for the rows of a text table read as lists of cells in ``columns``
        order (see ``Table.records``): the same incident, already flattened
        (``prepared.flatten(map(row))``), and the same RowError and SkipRow as ``map`` on the
        row's dict. None (the default) when the layout has none for these columns."""
        return None

    def column_for(self, field: str) -> str | None:
        """The file column an incident field (as a ValidationError names it) comes from."""
        base = field.split("[", 1)[0].split(".", 1)[0]
        return self.field_columns.get(base, base if self.dataset is None else None)

    def mapping(self) -> list[tuple[str, str]]:
        """(incident field, where it comes from) for the preview."""
        return list(self.field_columns.items())
