"""The incident store: hides the database (SQLite by default, PostgreSQL for a team) from the views.

Every write is one transaction; a rejected incident leaves nothing behind.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

import sqlalchemy as sa

from . import framecache
from .errors import StoreError, ValidationError
from .filters import IncidentFilter
from .models import Attribution, Incident, Source, new_id
from .prepared import ROW_FIELDS, Prepared, prepare
from .quality import province_flags
from .registry import GroupRegistry, default_registry
from .schema import attributions, geocode_cache, incidents, meta, metadata, sources

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from .settings import Settings

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_INCIDENT_COLUMNS = list(ROW_FIELDS)  # the incidents table's columns but the timestamps
#: Page size of new SQLite files (existing files keep theirs): bulk imports write about 15 % less
#: CPU than with SQLite's default 4096, with the same WAL durability.
SQLITE_PAGE_SIZE = 16384
#: Incidents per round of lookups and bulk INSERTs inside one write (one transaction either way).
_CHUNK = 5000


@dataclass
class SaveSummary:
    """What a write did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)  # per incident: inserted|updated|unchanged


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def create_engine(url: str) -> sa.Engine:
    """An engine for a database URL; SQLite files get WAL, enforced foreign keys and (when new) 16 KiB pages."""
    try:
        u = sa.make_url(url)
    except sa.exc.ArgumentError as e:
        raise StoreError(f"DATABASE_URL is not a database URL: {e}") from None
    kwargs: dict[str, Any] = {}
    if u.get_backend_name() == "sqlite":
        db = u.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["poolclass"] = sa.pool.StaticPool
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    try:
        engine = sa.create_engine(u, **kwargs)
    except (ImportError, sa.exc.NoSuchModuleError) as e:
        raise StoreError(f"no database driver for {u.get_backend_name()}: {e}") from None
    if u.get_backend_name() == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")  # takes effect only in a new, empty file
            if db and db != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return engine


class StoreGeocodeCache:
    """The geocoder cache kept in the store (``geocode_cache`` table)."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def get(self, key: str) -> str | None:
        with self._store._connect() as conn:
            return conn.execute(sa.select(geocode_cache.c.value).where(geocode_cache.c.key == key[:512])).scalar()

    def set(self, key: str, value: str) -> None:
        with self._store._begin() as conn:
            conn.execute(geocode_cache.delete().where(geocode_cache.c.key == key[:512]))
            conn.execute(geocode_cache.insert().values(key=key[:512], value=value, created_at=_utcnow()))


class Store:
    """Incidents in a SQL database. Accepts a URL, an Engine or a Connection."""

    def __init__(self, bind: str | sa.Engine | sa.Connection, *, registry: GroupRegistry | None = None) -> None:
        if isinstance(bind, str):
            bind = create_engine(bind)
        if not isinstance(bind, (sa.Engine, sa.Connection)):
            raise TypeError("Store needs a database URL, an SQLAlchemy Engine or a Connection")
        self._bind = bind
        self.registry = registry or default_registry()
        self.geocode_cache = StoreGeocodeCache(self)
        self._filling = _Behind()  # the columnar copy being stored after a frame read returned

    # -- lifecycle ----------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: "Settings | None" = None, *, seed: bool | None = None) -> "Store":
        """Open the configured database, upgrade its schema, and seed it on first use."""
        from .settings import get_settings

        settings = settings or get_settings()
        store = cls(settings.database_url)
        store.migrate()
        if settings.seed if seed is None else seed:
            store.seed_if_new()
        return store

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

    def flush(self) -> None:
        """Wait until the columnar copy a frame read left to store behind it (see :meth:`frame`) is
        stored or given up. Writes and frame reads through this store wait for it by themselves."""
        self._filling.wait()

    @contextlib.contextmanager
    def _begin(self) -> Iterator[sa.Connection]:
        self._filling.wait()  # its write would make this one wait for the lock, or be refused
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
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self._begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.OperationalError as e:
            raise StoreError(f"cannot open the database: {e.orig}") from None
        log.debug("schema at head on %s", self.dialect)

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
        from .seed import load_seed_incidents

        seeds = load_seed_incidents(geocoder=_offline_geocoder(self))
        with self._begin() as conn:
            self._save_batch(conn, prepare(seeds, self.registry))
            conn.execute(meta.insert().values(key="seeded_at", value=_utcnow().isoformat()))
        log.info("seeded %d incidents", len(seeds))
        return True

    # -- writes -------------------------------------------------------------------------------
    def save(self, incident: Incident) -> SaveSummary:
        """Insert or update one incident (by id, else by dataset + dataset event id)."""
        return self.save_many([incident])

    def save_many(self, items: Iterable[Incident]) -> SaveSummary:
        """Validate and write many incidents in one transaction: all go in, or none."""
        return self.save_prepared(prepare(items, self.registry))

    def save_prepared(self, batch: Prepared) -> SaveSummary:
        """Write incidents already validated by :func:`prepare` in one transaction: all go in, or none.

        Each is matched by id, else by dataset + dataset event id: new ones are inserted, changed
        ones updated, the rest left alone. Province-mismatch flags are worked out here.
        """
        with self._begin() as conn:
            return self._save_batch(conn, batch)

    @contextlib.contextmanager
    def batches(self) -> Iterator["Batches"]:
        """A writer for many :meth:`save_prepared` transactions in a row (an import), on one connection.

        On SQLite it keeps the frame of every incident (:meth:`frame`) up to date in memory from
        what it writes, when that frame is at hand at the start (an empty store, or a whole
        columnar copy). When the block ends without an error, a thread stores it as the copy, so
        the first frame read after an import does not read the table again; if anyone else
        committed meanwhile, it does not (this store's writes and frame reads wait for the thread).
        """
        if self.dialect != "sqlite" or not isinstance(self._bind, sa.Engine):
            yield Batches(self, None)
            return
        with self._connection_behind() as (conn, behind):
            tracker = framecache.Tracker.start(conn, _frame_schema())
            yield Batches(Store(conn, registry=self.registry), tracker)
            job = tracker.finish() if tracker is not None else None
            if job is not None:
                behind(job)

    def _save_batch(self, conn: sa.Connection, batch: Prepared,
                    written: "list[pa.Table | None] | None" = None) -> SaveSummary:
        """``written``: where to put the frame rows written (see :class:`framecache.Tracker`)."""
        summary = SaveSummary()
        # many rows: without the columnar copy's per-row triggers; the chunks they touch are dropped at the end
        with framecache.bulk_write(conn) if len(batch) >= framecache.BULK_ROWS else contextlib.nullcontext() as bulk:
            for start in range(0, len(batch), _CHUNK):
                self._save_chunk(conn, batch.part(start, start + _CHUNK), summary, bulk, written)
        return summary

    def _save_chunk(self, conn: sa.Connection, chunk: Prepared, summary: SaveSummary,
                    bulk: "framecache.BulkWrite | None" = None, written: "list[pa.Table | None] | None" = None) -> None:
        rows, ledgers, srcs = list(chunk.rows), chunk.ledgers, chunk.sources
        by_key: dict[tuple[str, str], str] = {}
        per_dataset: dict[str, list[str]] = {}
        ID, DS, EV = _ID_AT, _DATASET_AT, _EVENT_AT
        for r in rows:
            if r[DS]:
                per_dataset.setdefault(r[DS], []).append(r[EV])
        for ds, evs in per_dataset.items():
            found = _select_in(conn, incidents, ("dataset_event_id", "id"), "dataset_event_id", evs, ("dataset", ds))
            by_key.update({(ds, ev): iid for ev, iid in found})
        keep: dict[str, int] = {}  # id -> position of its last occurrence (the later one wins)
        for k, r in enumerate(rows):
            iid = by_key.get((r[DS], r[EV])) if by_key and r[DS] else None
            if iid and r[ID] and r[ID] != iid:
                raise ValidationError("id", f"{r[DS]} event {r[EV]} is stored as {iid}, not {r[ID]}")
            iid = iid or r[ID] or new_id()
            if r[ID] != iid:
                rows[k] = (*r[:ID], iid, *r[ID + 1:])
            keep[iid] = k
        if len(keep) < len(rows):
            at = sorted(keep.values())
            rows, ledgers, srcs = [rows[k] for k in at], [ledgers[k] for k in at], [srcs[k] for k in at]
        cols = list(zip(*rows))
        cols[_FLAGS_AT] = list(map(_flags_text, province_flags(cols[_LAT_AT], cols[_LON_AT], cols[_CODE_AT],
                                                                 cols[_FLAGS_AT])))
        ids = cols[ID]
        existing = _stored_state(conn, list(ids))
        now = _utcnow()
        outcomes = summary.outcomes
        summary.ids += ids
        if not existing:  # none stored yet (a first import): every one is new
            outcomes += ["inserted"] * len(ids)
            summary.inserted += len(ids)
            new_cols, upd, w_ids, w_led, w_src = cols, [], ids, ledgers, srcs
        else:
            rows = list(zip(*cols))
            new_rows, upd, w_ids, w_led, w_src = [], [], [], [], []  # w_: written (their children are rewritten)
            for row, led, src in zip(rows, ledgers, srcs):
                iid = row[ID]
                old = existing.get(iid)
                if old is None:
                    new_rows.append(row)
                    outcomes.append("inserted")
                elif old == (row, led, src):
                    outcomes.append("unchanged")
                    continue
                else:
                    upd.append(row)
                    outcomes.append("updated")
                w_ids.append(iid)
                w_led.append(led)
                w_src.append(src)
            new_cols = list(zip(*new_rows))
            summary.inserted += len(new_rows)
            summary.updated += len(upd)
            summary.unchanged += len(rows) - len(new_rows) - len(upd)
        att_rows = [(iid, n, *a) for iid, led in zip(w_ids, w_led) for n, a in enumerate(led)]
        src_rows = [(iid, n, *s) for iid, src in zip(w_ids, w_src) for n, s in enumerate(src)]
        if written is not None:
            try:
                written.append(_frame_rows(new_cols, upd))
            except (ValueError, TypeError, OverflowError, ArithmeticError) as e:  # Arrow's errors among them
                log.debug("frame cache: rows not tracked (%s)", e)
                written.append(None)
        if bulk is not None:  # the frame keys written: new rows', and updated rows' before and after
            bulk.wrote(zip(map(_date_text, new_cols[_DATE_AT]), new_cols[ID]) if new_cols else ())
            bulk.wrote((_date_text(k[_DATE_AT]), k[ID]) for r in upd for k in (r, existing[r[ID]][0]))
        if upd:
            child_ids = [r[ID] for r in upd]
            conn.execute(attributions.delete().where(attributions.c.incident_id.in_(child_ids)))
            conn.execute(sources.delete().where(sources.c.incident_id.in_(child_ids)))
        if new_cols:
            _insert_columns(conn, incidents, _INCIDENT_COLUMNS, new_cols, {"created_at": now, "updated_at": now})
        if upd:
            conn.execute(incidents.update().where(incidents.c.id == sa.bindparam("_id"))
                         .values({n: sa.bindparam(n) for n in [*_INCIDENT_COLUMNS, "updated_at"] if n != "id"}),
                         [{**dict(zip(_INCIDENT_COLUMNS, r)), "_id": r[ID], "updated_at": now} for r in upd])
        if att_rows:
            _insert_many(conn, attributions, _ATTRIBUTION_COLUMNS, att_rows)
        if src_rows:
            _insert_many(conn, sources, _SOURCE_COLUMNS, src_rows)

    def delete(self, incident_id: str) -> bool:
        """Remove one incident with its ledger and sources; False when there was none."""
        with self._begin() as conn:
            return conn.execute(incidents.delete().where(incidents.c.id == incident_id)).rowcount > 0

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

    def find_similar(self, district: str | None, date: dt.date, attack_type: str | None,
                     days: int = 1) -> list[Incident]:
        """Stored incidents in the same district, within ±days, of the same attack type."""
        if not district:
            return []
        conds = [sa.func.lower(incidents.c.district) == district.lower(),
                 incidents.c.date.between(date - dt.timedelta(days=days), date + dt.timedelta(days=days))]
        if attack_type:
            conds.append(sa.func.lower(incidents.c.attack_type) == attack_type.lower())
        with self._connect() as conn:
            return self._load(conn, sa.select(incidents).where(*conds))

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
        return _as_date(lo), _as_date(hi)

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
            return [r[0] for r in _fetch(conn, sa.select(incidents.c.id).where(self._where(flt)))]

    def frame(self, flt: IncidentFilter | None = None, *, columns: Sequence[str] | None = None) -> "pd.DataFrame":
        """One row per incident, oldest first (date, id): the flat fields (no ledger or sources).

        ``columns`` picks a subset of the flat fields (``id`` and ``date`` always included). ``date``
        is datetime64[us]; counts and precision are nullable Int64 (null stays null); lat/lon float
        (NaN when unplaced); text columns pandas strings. Built in Arrow from the driver's rows; on
        SQLite, an unfiltered frame comes from the columnar copy (:mod:`.framecache`). What it had to
        read from the table is stored in the copy by a thread after the frame is returned
        (:meth:`flush` waits for it)."""
        names = list(_FRAME_COLUMNS)
        if columns is not None:
            unknown = set(columns) - set(names)
            if unknown:
                raise ValueError(f"not frame columns: {', '.join(sorted(unknown))}")
            names = [n for n in names if n in ("id", "date") or n in columns]
        table = self._cached_frame() if flt is None or flt == IncidentFilter() else None
        if table is not None:  # already in (date, id) order
            return _to_frame(table.select(names), dates=("date",))
        with self._connect() as conn:
            table = self._frame_table(conn, names, self._where(flt))
        return _to_frame(table, dates=("date",), sort=("date", "id"))

    def attribution_frame(self, flt: IncidentFilter | None = None) -> "pd.DataFrame":
        """One row per (incident, group, status) for the matching incidents, by incident and ledger order."""
        q = (sa.select(*map(self._text, (attributions.c.incident_id, attributions.c.group_code,
                                         attributions.c.status, attributions.c.by)))
             .where(attributions.c.incident_id.in_(sa.select(incidents.c.id).where(self._where(flt))))
             .order_by(attributions.c.incident_id, attributions.c.position))
        with self._connect() as conn:
            rows = _fetch(conn, q)
        return _columnar(rows, ["incident_id", "group_code", "status", "by"], text_as_bytes=self._raw_text)

    def source_frame(self, flt: IncidentFilter | None = None, *, columns: Sequence[str] | None = None) -> "pd.DataFrame":
        """One row per (incident, source) for the matching incidents (``columns``: a subset of
        outlet, title, url, published; incident_id always included). ``published`` holds dates or None."""
        names = ["outlet", "title", "url", "published"]
        if columns is not None:
            if set(columns) - set(names):
                raise ValueError(f"not source columns: {', '.join(sorted(set(columns) - set(names)))}")
            names = [n for n in names if n in columns]
        cols = [framecache.date_text(sources.c[n]) if n == "published" else sources.c[n] for n in names]
        q = (sa.select(*map(self._text, [sources.c.incident_id, *cols]))
             .where(sources.c.incident_id.in_(sa.select(incidents.c.id).where(self._where(flt))))
             .order_by(sources.c.incident_id, sources.c.position))
        with self._connect() as conn:
            rows = _fetch(conn, q)
        return _columnar(rows, ["incident_id", *names], date_objects=[n for n in names if n == "published"],
                         text_as_bytes=self._raw_text)

    # -- internals ----------------------------------------------------------------------------
    @property
    def _raw_text(self) -> bool:
        """Frames read SQLite text as UTF-8 bytes (see :func:`_utf8_bytes`)."""
        return self.dialect == "sqlite"

    def _text(self, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        return _utf8_bytes(column) if self._raw_text else column

    def _frame_table(self, conn: sa.Connection, names: Sequence[str], where: sa.ColumnElement[bool]) -> "pa.Table":
        """The flat fields ``names`` of the incidents matching ``where``, as Arrow (date as text), unsorted."""
        cols = [framecache.date_text(incidents.c[n]) if n == "date" else incidents.c[n] for n in names]
        cols = [c if n in _FRAME_NUMERIC else self._text(c) for n, c in zip(names, cols)]
        return _arrow(_fetch(conn, sa.select(*cols).where(where)), names, ints=_INT_COLUMNS, floats=_FLOAT_COLUMNS,
                      text_as_bytes=self._raw_text)

    def _cached_frame(self) -> "pa.Table | None":
        """Every incident's flat fields in (date, id) order through the columnar copy; None where
        there is none (not a SQLite engine, or a schema without it)."""
        if self.dialect != "sqlite" or not isinstance(self._bind, sa.Engine):
            return None
        with self._connection_behind() as (conn, behind):  # after the copy the last read was storing
            return framecache.read(conn, _frame_schema(), lambda where: self._frame_table(conn, _FRAME_COLUMNS, where),
                                   defer=behind)

    @contextlib.contextmanager
    def _connection_behind(self) -> Iterator[tuple[sa.Connection, Callable[[Callable[[], None]], None]]]:
        """A connection of the engine's, once the jobs storing the copy behind have ended, with the
        function that hands it a job: the job then runs on a thread, and closes the connection when
        it ends. Without a job, the connection is closed at the end of the block."""
        self._filling.wait()
        conn = self._bind.connect()
        handed = False

        def behind(job: Callable[[], None]) -> None:
            nonlocal handed
            handed = True
            self._filling.start(job, conn.close)

        try:
            yield conn, behind
        finally:
            if not handed:
                conn.close()

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
                srcs[r["incident_id"]].append(Source(r["outlet"], r["title"], r["url"], _as_date(r["published"])))
        out = []
        for r in rows:
            kw = {n: r[n] for n in _INCIDENT_COLUMNS}
            kw["date"] = _as_date(kw["date"])
            kw["flags"] = json.loads(kw["flags"]) if kw["flags"] else []
            out.append(Incident(**kw, attributions=atts[r["id"]], sources=srcs[r["id"]]))
        return out


class Batches:
    """:meth:`Store.batches`: ``save_prepared`` in transactions of their own, each tracked once it
    has committed."""

    def __init__(self, store: Store, tracker: "framecache.Tracker | None") -> None:
        self._store, self._tracker = store, tracker
        self.registry = store.registry

    def save_prepared(self, batch: Prepared) -> "SaveSummary":
        """:meth:`Store.save_prepared`."""
        tracker = self._tracker if self._tracker is not None and self._tracker.valid else None
        written: "list[pa.Table | None]" = []
        with self._store._begin() as conn:
            summary = self._store._save_batch(conn, batch, written if tracker else None)
        if tracker is not None:  # committed
            tracker.add(written)
        return summary


def _frame_rows(new_cols: Sequence[Sequence[Any]], updated: Sequence[Sequence[Any]]) -> "pa.Table":
    """The frame rows (:func:`_frame_schema`) of incidents written as columns and as rows."""
    import pyarrow as pa

    schema = _frame_schema()
    if not updated and new_cols:
        cols: Sequence[Sequence[Any]] = new_cols
    else:
        cols = [[*c] for c in new_cols] if new_cols else [[] for _ in _INCIDENT_COLUMNS]
        for row in updated:
            for c, v in zip(cols, row):
                c.append(v)  # type: ignore[attr-defined]
    arrays = []
    for f in schema:
        values = cols[_INCIDENT_COLUMNS.index(f.name)]
        arrays.append(pa.array(values, pa.date32()).cast(pa.string()) if f.name == "date" else pa.array(values, f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


class _Behind:
    """Jobs run each on a thread of its own, which callers (on any thread) can wait for."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self, job: Callable[[], None], then: Callable[[], None]) -> None:
        """Run ``job()``, then ``then()`` even when the job fails (logged, never raised)."""
        def run() -> None:
            try:
                job()
            except Exception:  # a copy not stored is read again next time
                log.warning("frame cache: storing behind the read failed", exc_info=True)
            finally:
                then()

        thread = threading.Thread(target=run, name="incidents-frame-cache")  # not a daemon: finishes before exit
        with self._lock:  # a waiter sees it from its start
            try:
                thread.start()
            except RuntimeError:  # no thread to be had
                started = False
            else:
                started = True
                self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        if not started:
            run()

    def wait(self) -> None:
        """Until every job started so far has ended."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join()


_INT_COLUMNS = ("killed_min", "killed_max", "injured_min", "injured_max", "geo_precision")
_FLOAT_COLUMNS = ("lat", "lon")
_FRAME_COLUMNS = tuple(n for n in _INCIDENT_COLUMNS if n != "flags")  # Store.frame's columns
_FRAME_NUMERIC = (*_INT_COLUMNS, *_FLOAT_COLUMNS)


def _frame_schema() -> "pa.Schema":
    """The Arrow schema of every frame column as read (date as 'YYYY-MM-DD' text): the copy's chunks'."""
    return _arrow_schema(_FRAME_COLUMNS, ints=_INT_COLUMNS, floats=_FLOAT_COLUMNS)


def _utf8_bytes(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bytes]:
    """A SQLite text column read as its UTF-8 bytes (``CAST(x AS BLOB)``): the driver then copies
    bytes instead of decoding a str per cell, and Arrow validates the UTF-8 once per column."""
    return sa.cast(column, sa.LargeBinary).label(column.name)


def _fetch(conn: sa.Connection, query: sa.Select) -> list[tuple[Any, ...]]:
    """The driver's own row tuples for a query (no per-row Result objects: frames convert in Arrow)."""
    result = conn.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _arrow_schema(names: Sequence[str], *, ints: Sequence[str] = (), floats: Sequence[str] = ()) -> "pa.Schema":
    """The Arrow schema :func:`_arrow` gives: ``ints`` int64, ``floats`` float64, the rest strings."""
    import pyarrow as pa

    return pa.schema([(n, pa.int64() if n in ints else pa.float64() if n in floats else pa.string()) for n in names])


def _arrow(rows: Sequence[Sequence[Any]], names: Sequence[str], *, ints: Sequence[str] = (),
           floats: Sequence[str] = (), text_as_bytes: bool = False) -> "pa.Table":
    """An Arrow table from driver rows, converted in one pass (no per-column Python lists).

    ``ints`` become int64, ``floats`` float64, the rest strings, which arrive as UTF-8 bytes when
    ``text_as_bytes`` (see :func:`_utf8_bytes`).
    """
    import pyarrow as pa

    schema = _arrow_schema(names, ints=ints, floats=floats)
    if not rows:
        return schema.empty_table()
    wire = pa.schema([(f.name, pa.binary()) if text_as_bytes and f.type == pa.string() else f for f in schema])
    try:
        table = pa.Table.from_struct_array(pa.array(rows, type=pa.struct(list(wire))))
        return table.cast(schema) if text_as_bytes else table
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as e:
        raise StoreError(f"unexpected value in the stored incidents: {e}") from None


def _to_frame(table: "pa.Table", *, dates: Sequence[str] = (), date_objects: Sequence[str] = (),
              sort: Sequence[str] = ()) -> "pd.DataFrame":
    """A DataFrame from an Arrow table: int64 as nullable Int64, strings as pandas strings, ``dates``
    ('YYYY-MM-DD' text) datetime64[us], ``date_objects`` Python dates (None for null). ``sort``:
    column names to order the rows by (ascending)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    for n in (*dates, *date_objects):
        i = table.schema.get_field_index(n)
        try:
            day = pc.cast(table.column(i), pa.date32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
            raise StoreError(f"unexpected value in the stored incidents: {e}") from None
        table = table.set_column(i, n, pc.cast(day, pa.timestamp("us")) if n in dates else day)
    if sort and table.num_rows:
        table = table.sort_by([(n, "ascending") for n in sort])
    str_dtype = pd.StringDtype(na_value=float("nan"))
    df = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.string(): str_dtype}.get,
                         date_as_object=True)
    for n in date_objects:
        df[n] = df[n].astype(object).where(df[n].notna(), None)
    return df


def _columnar(rows: Sequence[Sequence[Any]], names: Sequence[str], *, date_objects: Sequence[str] = (),
              text_as_bytes: bool = False) -> "pd.DataFrame":
    """A DataFrame of text columns from driver rows (``date_objects``: 'YYYY-MM-DD' text as dates)."""
    return _to_frame(_arrow(rows, names, text_as_bytes=text_as_bytes), date_objects=date_objects)


_ID_AT = _INCIDENT_COLUMNS.index("id")
_DATE_AT = _INCIDENT_COLUMNS.index("date")
_ATTRIBUTION_COLUMNS = ("incident_id", "position", "group_code", "status", "by")
_SOURCE_COLUMNS = ("incident_id", "position", "outlet", "title", "url", "published")


def _stored_state(conn: sa.Connection, ids: list[str]) -> dict[str, tuple[tuple[Any, ...], tuple, tuple]]:
    """For the ids already stored: (row in ``_INCIDENT_COLUMNS`` order with flags as JSON, ledger tuples, source tuples).

    Compared with the same triple of an incoming incident, equality means ``to_dict`` equality.
    """
    out: dict[str, tuple[tuple[Any, ...], list, list]] = {}
    for r in _select_in(conn, incidents, _INCIDENT_COLUMNS, "id", ids):
        row = list(r)
        row[_DATE_AT] = _as_date(row[_DATE_AT])
        out[row[_ID_AT]] = (tuple(row), [], [])
    if not out:
        return out
    stored = list(out)
    for r in sorted(_select_in(conn, attributions, ("incident_id", "position", "group_code", "status", "by"),
                               "incident_id", stored), key=lambda r: (r[0], r[1])):
        out[r[0]][1].append((r[2], r[3], r[4]))
    for r in sorted(_select_in(conn, sources, ("incident_id", "position", "outlet", "title", "url", "published"),
                               "incident_id", stored), key=lambda r: (r[0], r[1])):
        out[r[0]][2].append((r[2], r[3], r[4], _as_date(r[5])))
    return {iid: (row, tuple(led), tuple(src)) for iid, (row, led, src) in out.items()}


def _select_in(conn: sa.Connection, table: sa.Table, columns: Sequence[str], column: str, values: Sequence[Any],
               equal: tuple[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows (raw driver values) whose ``column`` is in ``values`` (and ``equal[0] = equal[1]``).

    Plain driver SQL, at most 500 values per statement (old SQLite builds allow 999 parameters).
    """
    if not values:
        return []
    dialect = conn.dialect
    q = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    head = (f"SELECT {', '.join(q.quote(c) for c in columns)} FROM {q.format_table(table)} "
            f"WHERE {'' if equal is None else q.quote(equal[0]) + ' = ' + mark + ' AND '}{q.quote(column)} IN ")
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(values), 500):
        part = list(values[start:start + 500])
        params = (equal[1], *part) if equal is not None else tuple(part)
        out += conn.exec_driver_sql(head + "(" + ", ".join([mark] * len(part)) + ")", params).all()
    return out


_INSERT_SQL: dict[tuple[Any, ...], tuple[list[Any], list[Any]]] = {}


def _insert_many(conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: list[tuple[Any, ...]],
                 constants: dict[str, Any] | None = None) -> None:
    """Bulk INSERT of positional rows through the driver's executemany (no per-row statement work).

    ``constants`` are the same for every row (e.g. timestamps). Values go through each column
    type's bind processor, as SQLAlchemy would apply it. A column that is null in every row is
    written as a NULL literal instead of one bound None per row (binding None is the SQLite
    driver's slowest case; the stored rows are the same).
    """
    if rows:
        _insert_columns(conn, table, columns, list(zip(*rows)), constants)


def _insert_columns(conn: sa.Connection, table: sa.Table, columns: Sequence[str], cols: list[Sequence[Any]],
                    constants: dict[str, Any] | None = None) -> None:
    """:func:`_insert_many` for rows given column by column (``cols[i]`` holds ``columns[i]``)."""
    n = len(cols[0])
    if not n:
        return
    dialect = conn.dialect
    const_names = tuple(constants or ())
    key = (dialect.name, table.name, tuple(columns), const_names)
    cached = _INSERT_SQL.get(key)
    if cached is None:
        names = [*columns, *const_names]
        procs = [_fast_date(table.c[c].type.dialect_impl(dialect), dialect) or
                 table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in names]
        cached = _INSERT_SQL[key] = (procs[:len(columns)], procs[len(columns):])
    procs, const_procs = cached
    tail = tuple(p(constants[n]) if p is not None and constants[n] is not None else constants[n]
                 for n, p in zip(const_names, const_procs)) if constants else ()
    cols = list(cols)
    for i, p in enumerate(procs):
        if p is not None:
            cols[i] = [None if v is None else p(v) for v in cols[i]]
    nulls = tuple(c[0] is None and c.count(None) == n for c in cols)
    sql = _insert_sql(dialect, table, tuple(columns), const_names, nulls)
    conn.exec_driver_sql(sql, list(zip(*[c for c, null in zip(cols, nulls) if not null],
                                       *[itertools.repeat(c, n) for c in tail])))


@functools.lru_cache(maxsize=256)
def _insert_sql(dialect: Any, table: sa.Table, columns: tuple[str, ...], const_names: tuple[str, ...],
                nulls: tuple[bool, ...]) -> str:
    """``INSERT INTO table (columns..., constants...) VALUES (?, NULL, ...)``: NULL where ``nulls`` says."""
    q = dialect.identifier_preparer
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    names = [*columns, *const_names]
    marks = ["NULL" if null else mark for null in nulls] + [mark] * len(const_names)
    return (f"INSERT INTO {q.format_table(table)} ({', '.join(q.quote(c) for c in names)}) "
            f"VALUES ({', '.join(marks)})")


def _fast_date(impl: Any, dialect: Any) -> Any:
    """For SQLite's DATE in its default storage format (YYYY-MM-DD), a bind processor that uses
    ``date.isoformat`` for plain dates (the same text, without formatting a dict per value)."""
    from sqlalchemy.dialects.sqlite.base import DATE

    if not isinstance(impl, DATE) or impl._storage_format != "%(year)04d-%(month)02d-%(day)02d":
        return None
    slow = impl.bind_processor(dialect)
    date_ = dt.date

    def process(value: Any) -> Any:
        return value.isoformat() if value.__class__ is date_ else slow(value)

    return process


_FLAGS_AT = _INCIDENT_COLUMNS.index("flags")
_LAT_AT, _LON_AT = _INCIDENT_COLUMNS.index("lat"), _INCIDENT_COLUMNS.index("lon")
_CODE_AT = _INCIDENT_COLUMNS.index("province_code")
_DATASET_AT, _EVENT_AT = _INCIDENT_COLUMNS.index("dataset"), _INCIDENT_COLUMNS.index("dataset_event_id")


def _flags_text(flags: Any) -> str | None:
    """Flags as stored: a JSON array, None for no flags."""
    if not flags:
        return None
    return _flags_json(tuple(flags)) if flags.__class__ is list else json.dumps(flags, ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _flags_json(flags: tuple[str, ...]) -> str:
    """Flags as stored (a JSON array); imports repeat the same few flag lists on thousands of rows."""
    return json.dumps(list(flags), ensure_ascii=False)


def _date_text(d: dt.date) -> str:
    """A date as SQLite stores it and the frame's key reads it ('YYYY-MM-DD')."""
    return d.isoformat()[:10]


def _as_date(v: Any) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def _offline_geocoder(store: Store):  # noqa: ANN202
    """The offline geocoder, cached in this store (seeding never goes online)."""
    from geo.geocoder import CachedGeocoder, get_geocoder

    return CachedGeocoder(get_geocoder("offline"), store.geocode_cache)


__all__ = ["Store", "SaveSummary", "create_engine", "metadata"]
