"""The incident store's interface: hides the database (SQLite by default, PostgreSQL for a team) from the views.

Every write is one transaction through :mod:`.bulk`; a rejected incident leaves nothing behind.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import sqlalchemy as sa

from ..errors import PermissionDenied, StoreError, ValidationError
from ..filters import IncidentFilter
from ..models import Attribution, Incident, Source
from ..prepared import ROW_FIELDS, Prepared, prepare
from ..registry import GroupRegistry, default_registry
from . import bulk, engine as engines, linking, related, runs
from .bulk import SaveSummary, utcnow
from .frames import (FLOAT_COLUMNS, FRAME_COLUMNS, INT_COLUMNS, NUMERIC_COLUMNS, FrameCache, arrow, as_date,
                     columnar, date_text, fetch_rows, to_frame, utf8_bytes)
from .schema import attributions, geocode_cache, incidents, meta, sources

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ..events.related import RelatedToll
    from ..settings import Settings

log = logging.getLogger(__name__)



class StoreGeocodeCache:
    """The geocoder cache kept in the store (``geocode_cache`` table)."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def get(self, key: str) -> str | None:
        with self._store._connect() as conn:
            return conn.execute(sa.select(geocode_cache.c.value).where(geocode_cache.c.key == key[:512])).scalar()

    def set(self, key: str, value: str) -> None:
        if self._store.read_only:  # a cache, not data: a read-only store just does not keep it
            return
        with self._store._begin() as conn:
            conn.execute(geocode_cache.delete().where(geocode_cache.c.key == key[:512]))
            conn.execute(geocode_cache.insert().values(key=key[:512], value=value, created_at=utcnow()))


class Store:
    """Incidents in a SQL database. Accepts a URL, an Engine or a Connection."""

    def __init__(self, bind: str | sa.Engine | sa.Connection, *, registry: GroupRegistry | None = None,
                 read_only: bool = False) -> None:
        if isinstance(bind, str):
            bind = engines.create_engine(bind)
        if not isinstance(bind, (sa.Engine, sa.Connection)):
            raise TypeError("Store needs a database URL, an SQLAlchemy Engine or a Connection")
        self._bind = bind
        self.registry = registry or default_registry()
        self.geocode_cache = StoreGeocodeCache(self)
        self._frames = FrameCache()  # every incident's frame columns, as of the last read
        self.read_only = read_only  # every write refused (PermissionDenied), checked in _begin

    # -- lifecycle ----------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: "Settings | None" = None, *, seed: bool | None = None) -> "Store":
        """Open the configured database, upgrade its schema, and seed it on first use."""
        from ..settings import get_settings

        settings = settings or get_settings()
        store = cls(settings.database_url, read_only=settings.read_only)
        if store.read_only:  # nothing written, not even the schema: it must be current already
            store.check_schema()
            return store
        store.migrate()
        if settings.seed if seed is None else seed:
            store.seed_if_new()
        return store

    def check_schema(self) -> None:
        """StoreError unless the database's schema is the newest revision (as a read-only store needs)."""
        head = engines.head_revision()
        found = self.schema_revision()
        if found != head:
            raise StoreError(f"the database's schema is at revision {found or 'none'}, not {head}: open it once "
                             "without ATLAS_READ_ONLY to upgrade it")

    @property
    def engine(self) -> sa.Engine:
        return self._bind if isinstance(self._bind, sa.Engine) else self._bind.engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sa.Connection]:
        if isinstance(self._bind, sa.Connection):
            yield self._bind
        else:
            with self._bind.connect() as conn:
                yield conn

    @contextlib.contextmanager
    def _begin(self) -> Iterator[sa.Connection]:
        """A write transaction: the one gate every write of the store passes (the permission check)."""
        if self.read_only:
            raise PermissionDenied("this Incident Atlas is read-only (ATLAS_READ_ONLY): nothing can be changed")
        if isinstance(self._bind, sa.Connection):
            conn = self._bind
            ctx = conn.begin_nested() if conn.in_transaction() else conn.begin()
            with ctx:
                yield conn
        else:
            with self._bind.begin() as conn:
                yield conn

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic), keeping the data."""
        try:
            with self._begin() as conn:
                engines.migrate(conn)
        except sa.exc.OperationalError as e:
            raise StoreError(f"cannot open the database: {e.orig}") from e

    def schema_revision(self) -> str | None:
        with self._connect() as conn:
            try:
                return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            except sa.exc.DatabaseError:
                return None

    def seed_if_new(self) -> bool:
        """Load the bundled seed incidents once, the first time a database is used."""
        with self._connect() as conn:
            if conn.execute(sa.select(meta.c.value).where(meta.c.key == "seeded_at")).scalar():
                return False
        from ..seed import load_seed_incidents, load_seed_related

        seeds = load_seed_incidents(geocoder=_offline_geocoder(self))
        with self._begin() as conn:
            engines.setup_lock(conn)  # another process may be seeding this new database right now
            if conn.execute(sa.select(meta.c.value).where(meta.c.key == "seeded_at")).scalar():
                return False
            self._write(conn, prepare(seeds, self.registry))
            for toll in load_seed_related():
                related.save(conn, toll)
            conn.execute(meta.insert().values(key="seeded_at", value=utcnow().isoformat()))
        log.info("seeded %d incidents", len(seeds))
        return True

    # -- writes -------------------------------------------------------------------------------
    def save(self, incident: Incident) -> SaveSummary:
        """Insert or update one incident (by id, else by dataset + dataset event id)."""
        return self.save_many([incident])

    def save_many(self, items: Iterable[Incident]) -> SaveSummary:
        """Validate and write many incidents in one transaction: all go in, or none."""
        return self.save_prepared(prepare(items, self.registry))

    def save_prepared(self, batch: Prepared, *, run: int | None = None) -> SaveSummary:
        """Write incidents already validated by :func:`prepare` in one transaction: all go in, or none.

        Each is matched by id, else by dataset + dataset event id: new ones are inserted, changed
        ones updated, the rest left alone. Province-mismatch flags are worked out here. ``run``:
        the import run writing the batch (:meth:`start_import_run`): the records inserted are
        stamped with it, and the run's counts and heartbeat move in the same transaction.
        """
        with self._begin() as conn:
            summary = self._write(conn, batch, run=run)
            if run is not None:
                runs.progress(conn, run, summary.inserted + summary.updated + summary.unchanged)
            return summary

    @staticmethod
    def _write(conn: sa.Connection, batch: Prepared, *, run: int | None = None) -> SaveSummary:
        """The one write path: the upsert, then the linker on what it wrote, in one transaction."""
        summary = bulk.write(conn, batch, run=run)
        if summary.inserted or summary.updated:  # nothing written (a file imported again): nothing to link
            linking.on_write(conn, summary.version, summary.datasets)
        return summary

    # -- import runs (runs.py) ----------------------------------------------------------------
    def start_import_run(self, file_name: str, *, path: str | None = None, format: str | None = None,
                         dataset: str | None = None) -> int:
        """Record an import as running (by this process, for ``Store.user`` when there is one); its id."""
        with self._begin() as conn:
            return runs.start(conn, file_name, path=path, format=format, dataset=dataset, who=_who(self))

    def finish_import_run(self, run: int, status: str, *, rows_read: int, rows_errors: int,
                          message: str | None = None) -> None:
        """End an import run: finished, failed or interrupted."""
        with self._begin() as conn:
            runs.finish(conn, run, status, rows_read=rows_read, rows_errors=rows_errors, message=message)

    def import_runs(self, limit: int = 100) -> list[runs.ImportRun]:
        """The latest import runs, newest first; a running one whose process is gone is marked
        interrupted first (unless the store is read-only)."""
        if not self.read_only:
            with self._begin() as conn:
                runs.mark_interrupted(conn)
        with self._connect() as conn:
            return runs.listing(conn, limit)

    def import_run(self, run: int) -> runs.ImportRun | None:
        with self._connect() as conn:
            return runs.get(conn, run)

    def rollback_import_run(self, run: int) -> int:
        """Delete what an interrupted or failed import run inserted; how many records (ValidationError
        for no such run or one that may not be rolled back)."""
        with self._begin() as conn:
            runs.mark_interrupted(conn)
            try:
                return runs.rollback(conn, run)
            except (LookupError, ValueError) as e:
                raise ValidationError("run", str(e)) from e

    def resume_import_run(self, old: int, new: int) -> None:
        """Run ``new`` resumes the interrupted run ``old`` (it takes over the records ``old`` inserted)."""
        with self._begin() as conn:
            runs.mark_interrupted(conn)
            try:
                runs.adopt(conn, old, new)
            except (LookupError, ValueError) as e:
                raise ValidationError("run", str(e)) from e

    # -- events -------------------------------------------------------------------------------
    def link(self, record_ids: Sequence[str], *, by: str | None = None) -> str:
        """Put these records in one event (an analyst's decision, remembered); the event's id."""
        with self._begin() as conn:
            try:
                return linking.link(conn, record_ids, by)
            except LookupError as e:
                raise ValidationError("id", str(e)) from e

    def unlink(self, record_id: str, *, by: str | None = None) -> list[str]:
        """Take a record out of its event into one of its own (remembered); the records it left."""
        with self._begin() as conn:
            try:
                return linking.unlink(conn, record_id, by)
            except LookupError as e:
                raise ValidationError("id", str(e)) from e

    def adopt_events(self, groups: Iterable[Sequence[str]]) -> int:
        """Put each group of stored records in one event (a file of ours read back); records moved."""
        with self._begin() as conn:
            return linking.adopt(conn, groups)

    def reject_link(self, record_a: str, record_b: str, *, by: str | None = None) -> None:
        """An analyst's answer to a reviewed pair: two different attacks (remembered)."""
        with self._begin() as conn:
            linking.reject(conn, record_a, record_b, by)

    def review_queue(self) -> list[linking.Review]:
        """Pairs of records the linker was unsure of, most likely first."""
        with self._connect() as conn:
            return linking.reviews(conn)

    def relink(self) -> int:
        """Link every stored record again (an analyst's decisions kept); how many changed event."""
        with self._begin() as conn:
            return linking.relink_all(conn)

    def relate(self, toll: "RelatedToll") -> None:
        """Keep a toll one source gives for several attacks together on those records (never split)."""
        with self._begin() as conn:
            try:
                related.save(conn, toll)
            except (LookupError, ValueError) as e:  # a record not stored, or fewer than two
                raise ValidationError("records", str(e)) from e

    def related_tolls(self, record_ids: Sequence[str]) -> list["RelatedToll"]:
        """The tolls given for several attacks together that cover any of these records."""
        with self._connect() as conn:
            return related.of_records(conn, record_ids)

    def related_frame(self) -> "pd.DataFrame":
        """Every related toll with each record it covers (``related.FRAME_COLUMNS``)."""
        with self._connect() as conn:
            return related.frame(conn)

    def event_records(self, event_id: str) -> list[Incident]:
        """The records of one event (its id, or the id of any of its records), oldest first."""
        with self._connect() as conn:
            found = conn.execute(sa.select(incidents.c.event_id).where(
                sa.or_(incidents.c.event_id == event_id, incidents.c.id == event_id)).limit(1)).scalar()
            if found is None:
                return []
            return self._load(conn, sa.select(incidents).where(incidents.c.event_id == found)
                              .order_by(incidents.c.date, incidents.c.id))

    def records_of_events(self, event_ids: Sequence[str]) -> list[Incident]:
        """Every record of these events, newest first (as :meth:`incidents`)."""
        out: list[Incident] = []
        wanted = sorted(set(event_ids))
        with self._connect() as conn:
            for start in range(0, len(wanted), 500):
                out += self._load(conn, sa.select(incidents).where(incidents.c.event_id.in_(wanted[start:start + 500])))
        return sorted(out, key=lambda i: (i.date, i.id or ""), reverse=True)

    def event_of(self, record_ids: Sequence[str]) -> dict[str, str]:
        """Each stored record's event id."""
        with self._connect() as conn:
            return dict(bulk._select_in(conn, incidents, ("id", "event_id"), "id", list(record_ids)))

    def delete(self, incident_id: str) -> bool:
        """Remove one incident with its ledger and sources; False when there was none."""
        with self._begin() as conn:
            return bulk.delete(conn, [incident_id]) > 0

    def add_source(self, incident_id: str, source: Source) -> bool:
        """Append a source to a stored incident (unless the same URL is already there)."""
        inc = self.get(incident_id)
        if inc is None:
            raise ValidationError("id", f"no incident {incident_id!r}")
        if source.url and any(s.url == source.url for s in inc.sources):
            return False
        self.save(inc.copy(sources=[*inc.sources, source]))
        return True

    # -- reads --------------------------------------------------------------------------------
    def get(self, incident_id: str) -> Incident | None:
        with self._connect() as conn:
            found = self._load(conn, sa.select(incidents).where(incidents.c.id == incident_id))
        return found[0] if found else None

    def find_by_dataset(self, dataset: str, event_id: str) -> Incident | None:
        with self._connect() as conn:
            found = self._load(conn, sa.select(incidents).where(
                incidents.c.dataset == dataset, incidents.c.dataset_event_id == event_id))
        return found[0] if found else None

    def incidents(self, flt: IncidentFilter | None = None, *, limit: int | None = None) -> list[Incident]:
        """Incidents matching a filter, newest first."""
        q = sa.select(incidents).where(self._where(flt)).order_by(incidents.c.date.desc(), incidents.c.id)
        if limit is not None:
            q = q.limit(limit)
        with self._connect() as conn:
            return self._load(conn, q)

    def count(self, flt: IncidentFilter | None = None) -> int:
        with self._connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(incidents).where(self._where(flt))).scalar_one()

    def citing(self, urls: Iterable[str]) -> list[Incident]:
        """Stored incidents with a source at one of these URLs (e.g. a report saved before)."""
        urls = sorted({u for u in urls if u})
        if not urls:
            return []
        ids = sa.select(sources.c.incident_id).where(sources.c.url.in_(urls))
        with self._connect() as conn:
            return self._load(conn, sa.select(incidents).where(incidents.c.id.in_(ids)).order_by(incidents.c.id))

    def distinct(self, column: str, flt: IncidentFilter | None = None) -> list[str]:
        """Sorted distinct non-empty values of a text column (district, attack_type, ...)."""
        if column not in ("district", "attack_type", "target", "province_code", "dataset", "location"):
            raise ValueError(f"not a listable column: {column}")
        col = incidents.c[column]
        with self._connect() as conn:
            vals = conn.execute(sa.select(col).where(col.is_not(None), self._where(flt)).distinct()).scalars()
            return sorted(v for v in vals if v)

    def date_span(self, flt: IncidentFilter | None = None) -> tuple[dt.date | None, dt.date | None]:
        with self._connect() as conn:
            lo, hi = conn.execute(sa.select(sa.func.min(incidents.c.date), sa.func.max(incidents.c.date))
                                  .where(self._where(flt))).one()
        return as_date(lo), as_date(hi)

    def data_as_of(self) -> dt.datetime | None:
        """When the data last changed."""
        with self._connect() as conn:
            v = conn.execute(sa.select(sa.func.max(incidents.c.updated_at))).scalar()
        if isinstance(v, str):
            v = dt.datetime.fromisoformat(v)
        return v

    def data_version(self) -> tuple[int, str | None]:
        """(number of incidents, last change): differs whenever incidents are added, changed or
        deleted; a cheap cache key for everything derived from the data."""
        # two scalar subqueries: each uses its own shortest path (on SQLite, a count of the smallest
        # index and one step down the updated_at index); one SELECT of both aggregates read every
        # updated_at value, six times as long, and this runs on every page view
        count = sa.select(sa.func.count()).select_from(incidents).scalar_subquery()
        last = sa.select(sa.func.max(incidents.c.updated_at)).scalar_subquery()
        with self._connect() as conn:
            n, at = conn.execute(sa.select(count, last)).one()
        return int(n), None if at is None else str(at)

    def ids(self, flt: IncidentFilter | None = None) -> list[str]:
        """Ids of the incidents matching a filter (no particular order)."""
        with self._connect() as conn:
            return [r[0] for r in fetch_rows(conn, sa.select(incidents.c.id).where(self._where(flt)))]

    def frame(self, flt: IncidentFilter | None = None, *, columns: Sequence[str] | None = None) -> "pd.DataFrame":
        """One row per incident, oldest first (date, id): the flat fields (no ledger or sources).

        ``columns`` picks a subset of the flat fields (``id`` and ``date`` always included). ``date``
        is datetime64[us]; counts and precision are nullable Int64 (null stays null); lat/lon float
        (NaN when unplaced); text columns pandas strings. Built in Arrow from the driver's rows. A
        store on an engine keeps the unfiltered frame in memory and reads only what changed since
        (:class:`.frames.FrameCache`)."""
        names = list(FRAME_COLUMNS)
        if columns is not None:
            unknown = set(columns) - set(names)
            if unknown:
                raise ValueError(f"not frame columns: {', '.join(sorted(unknown))}")
            names = [n for n in names if n in ("id", "date") or n in columns]
        if (flt is None or flt == IncidentFilter()) and isinstance(self._bind, sa.Engine):
            with self._bind.connect() as conn:
                table = self._frames.read(conn, lambda c, where: self._frame_table(c, FRAME_COLUMNS, where))
            return to_frame(table.select(names), dates=("date",))  # already in (date, id) order
        with self._connect() as conn:
            table = self._frame_table(conn, names, self._where(flt))
        return to_frame(table, dates=("date",), sort=("date", "id"))

    def attribution_frame(self, flt: IncidentFilter | None = None) -> "pd.DataFrame":
        """One row per (incident, group, status) for the matching incidents, by incident and ledger order."""
        q = (sa.select(*map(self._text, (attributions.c.incident_id, attributions.c.group_code,
                                         attributions.c.status, attributions.c.by)))
             .where(attributions.c.incident_id.in_(sa.select(incidents.c.id).where(self._where(flt))))
             .order_by(attributions.c.incident_id, attributions.c.position))
        with self._connect() as conn:
            rows = fetch_rows(conn, q)
        return columnar(rows, ["incident_id", "group_code", "status", "by"], text_as_bytes=self._raw_text)

    def source_frame(self, flt: IncidentFilter | None = None, *, columns: Sequence[str] | None = None) -> "pd.DataFrame":
        """One row per (incident, source) for the matching incidents (``columns``: a subset of
        outlet, title, url, published; incident_id always included). ``published`` holds dates or None."""
        names = ["outlet", "title", "url", "published"]
        if columns is not None:
            if set(columns) - set(names):
                raise ValueError(f"not source columns: {', '.join(sorted(set(columns) - set(names)))}")
            names = [n for n in names if n in columns]
        cols = [date_text(sources.c[n]) if n == "published" else sources.c[n] for n in names]
        q = (sa.select(*map(self._text, [sources.c.incident_id, *cols]))
             .where(sources.c.incident_id.in_(sa.select(incidents.c.id).where(self._where(flt))))
             .order_by(sources.c.incident_id, sources.c.position))
        with self._connect() as conn:
            rows = fetch_rows(conn, q)
        return columnar(rows, ["incident_id", *names], date_objects=[n for n in names if n == "published"],
                         text_as_bytes=self._raw_text)

    # -- internals ----------------------------------------------------------------------------
    @property
    def _raw_text(self) -> bool:
        """Frames read SQLite text as UTF-8 bytes (see :func:`.frames.utf8_bytes`)."""
        return self.dialect == "sqlite"

    def _text(self, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        return utf8_bytes(column) if self._raw_text else column

    def _frame_table(self, conn: sa.Connection, names: Sequence[str], where: sa.ColumnElement[bool]) -> "pa.Table":
        """The flat fields ``names`` of the incidents matching ``where``, as Arrow (date as text), unsorted."""
        cols = [date_text(incidents.c[n]) if n == "date" else incidents.c[n] for n in names]
        cols = [c if n in NUMERIC_COLUMNS else self._text(c) for n, c in zip(names, cols)]
        return arrow(fetch_rows(conn, sa.select(*cols).where(where)), names, ints=INT_COLUMNS, floats=FLOAT_COLUMNS,
                      text_as_bytes=self._raw_text)

    def _where(self, flt: IncidentFilter | None) -> sa.ColumnElement[bool]:
        return (flt or IncidentFilter()).where(incidents, attributions, self.registry)

    def _load(self, conn: sa.Connection, query: sa.Select) -> list[Incident]:
        rows = conn.execute(query).mappings().all()
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        atts: dict[str, list[Attribution]] = {i: [] for i in ids}
        srcs: dict[str, list[Source]] = {i: [] for i in ids}
        for start in range(0, len(ids), 900):
            part = ids[start:start + 900]
            for r in conn.execute(sa.select(attributions).where(attributions.c.incident_id.in_(part))
                                  .order_by(attributions.c.incident_id, attributions.c.position)).mappings():
                atts[r["incident_id"]].append(Attribution(r["group_code"], r["status"], r["by"]))
            for r in conn.execute(sa.select(sources).where(sources.c.incident_id.in_(part))
                                  .order_by(sources.c.incident_id, sources.c.position)).mappings():
                srcs[r["incident_id"]].append(Source(r["outlet"], r["title"], r["url"], as_date(r["published"])))
        out = []
        for r in rows:
            kw = {n: r[n] for n in ROW_FIELDS}
            kw["date"] = as_date(kw["date"])
            kw["flags"] = json.loads(kw["flags"]) if kw["flags"] else []
            out.append(Incident(**kw, attributions=atts[r["id"]], sources=srcs[r["id"]]))
        return out


def _who(store: Store) -> str | None:
    """The signed-in user's name for records of who did what (``Store.user``, when the store has one)."""
    user = getattr(store, "user", None)
    if user is None or isinstance(user, str):
        return user
    for attr in ("name", "username", "login"):
        name = getattr(user, attr, None)
        if isinstance(name, str):
            return name
    return str(user)


def _offline_geocoder(store: Store):  # noqa: ANN202
    """The offline geocoder, cached in this store (seeding never goes online)."""
    from geo.geocoder import CachedGeocoder, get_geocoder

    return CachedGeocoder(get_geocoder("offline"), store.geocode_cache)


__all__ = ["Store", "SaveSummary", "StoreGeocodeCache"]
