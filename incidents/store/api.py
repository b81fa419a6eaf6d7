"""The incident store's interface: hides the database (SQLite by default, PostgreSQL for a team) from the views.

Every write is one transaction through :mod:`.bulk`; a rejected incident leaves nothing behind.
"""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

import sqlalchemy as sa

from ..accounts import ROLES, Account, AccountError, SignInRefused, local_operator, verify_password
from ..accounts import may as role_may
from ..errors import PermissionDenied, StoreError, ValidationError
from ..filters import IncidentFilter
from ..models import Attribution, Incident, Source
from ..prepared import ROW_FIELDS, Prepared, prepare
from ..registry import UNLISTED_FLAG, GroupRegistry, default_registry, unlisted_names
from . import bulk, coverage, edits, engine as engines, history, linking, mappings, related, runs, users, versions
from .bulk import SaveSummary, utcnow
from .frames import (FLOAT_COLUMNS, FRAME_COLUMNS, INT_COLUMNS, NUMERIC_COLUMNS, FrameCache, arrow, as_date,
                     columnar, date_text, fetch_rows, to_frame, utf8_bytes)
from .schema import attributions, geocode_cache, incidents, meta, sources

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ..coverage import Coverage
    from ..events.related import RelatedToll
    from ..io.mapping import ColumnMapping
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
        if not self._store.may("analyst"):  # a cache, not data: a store that may not write does not keep it
            return
        try:
            with self._store._begin() as conn:
                conn.execute(geocode_cache.delete().where(geocode_cache.c.key == key[:512]))
                conn.execute(geocode_cache.insert().values(key=key[:512], value=value, created_at=utcnow()))
        except sa.exc.IntegrityError:  # another process cached the same name at the same moment: its answer stands
            log.debug("geocode cache: %r was written by another process meanwhile", key[:80])


#: The ``role`` argument's default: the local operator (see :class:`Store`).
_LOCAL = object()


class Store:
    """Incidents in a SQL database. Accepts a URL, an Engine or a Connection.

    A store acts for one user: ``user`` (the name the history records) with ``role`` (viewer,
    analyst, admin; None: no right to write at all). Every write passes :meth:`_begin`, which refuses
    (PermissionDenied) what the role may not do, and everything on a read-only store. Opened without
    ``user``/``role`` (the command line, a script, the dashboard with sign-in off on this machine) a
    store acts as the local operator, ``local:<OS user>``, an admin: whoever runs code on the machine
    can open the database file anyway. :meth:`as_user` gives a signed-in user's store.
    """

    def __init__(self, bind: str | sa.Engine | sa.Connection, *, registry: GroupRegistry | None = None,
                 read_only: bool = False, user: str | None = None, role: str | None | object = _LOCAL) -> None:
        if isinstance(bind, str):
            bind = engines.create_engine(bind)
        if not isinstance(bind, (sa.Engine, sa.Connection)):
            raise TypeError("Store needs a database URL, an SQLAlchemy Engine or a Connection")
        self._bind = bind
        self.registry = registry or default_registry()
        self.geocode_cache = StoreGeocodeCache(self)
        self._frames = FrameCache()  # every incident's frame columns, as of the last read
        self.read_only = read_only  # every write refused (PermissionDenied), checked in _begin
        if role is _LOCAL:
            user, role = user or local_operator(), "admin"
        if role is not None and role not in ROLES:
            raise ValueError(f"not a role: {role!r}")
        self.user: str | None = user  # who writes (the history's "who")
        self.role: str | None = role  # type: ignore[assignment]

    def as_user(self, account: Account | None) -> "Store":
        """This store acting for ``account`` (None or a disabled account: no right to write), sharing
        the engine and the in-memory copy of the data."""
        other = copy.copy(self)
        active = account is not None and not account.disabled
        other.user = account.name if account is not None else None
        other.role = account.role if active else None  # type: ignore[union-attr]
        other.geocode_cache = StoreGeocodeCache(other)
        return other

    def may(self, need: str = "analyst") -> bool:
        """True when this store's user may do a write that needs ``need`` (and the Atlas is not read-only)."""
        return not self.read_only and role_may(self.role, need)

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

    @property
    def who(self) -> str:
        """Who this store's writes are by in the history: the signed-in user, else ``local:<OS user>``."""
        return self.user or history.local_user()

    @contextlib.contextmanager
    def _begin(self, action: str = "save", context: dict[str, Any] | None = None, *,
               need: str = "analyst") -> Iterator[sa.Connection]:
        """A write transaction: the one gate every write of the store passes (the permission check),
        naming the writer (who, ``action``, ``context``) every history entry of the write records.

        ``need``: the least role the write needs (viewer: none; analyst: add, edit, link, import;
        admin: users, deletes, schema and seed)."""
        if self.read_only:
            raise PermissionDenied("this Incident Atlas is read-only (ATLAS_READ_ONLY): nothing can be changed")
        if not role_may(self.role, need):
            who = f"{self.user} ({self.role})" if self.role else (f"{self.user} (disabled)" if self.user
                                                                  else "nobody signed in")
            raise PermissionDenied(f"{who} may not do this: it needs the {need} role")
        writer = history.Writer(self.who, action, context)
        if isinstance(self._bind, sa.Connection):
            conn = self._bind
            ctx = conn.begin_nested() if conn.in_transaction() else conn.begin()
            with ctx, history.writing(conn, writer):
                yield conn
        else:
            with self._bind.begin() as conn, history.writing(conn, writer):
                yield conn

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic), keeping the data."""
        try:
            with self._begin("migrate", need="admin") as conn:
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
        with self._begin("import", {"file": "bundled seed incidents"}, need="admin") as conn:
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

    def save_prepared(self, batch: Prepared, *, action: str = "save", context: dict[str, Any] | None = None,
                      run: int | None = None) -> SaveSummary:
        """Write incidents already validated by :func:`prepare` in one transaction: all go in, or none.

        Each is matched by id, else by dataset + dataset event id: new ones are inserted, changed
        ones updated, the rest left alone. Province-mismatch flags are worked out here. ``action``
        and ``context`` name the write in the history (an import: "import", its file name). ``run``:
        the import run writing the batch (:meth:`start_import_run`): the records inserted are
        stamped with it, and the run's counts and heartbeat move in the same transaction.
        """
        with self._begin(action, context) as conn:
            summary = self._write(conn, batch, run=run)
            if run is not None:
                runs.progress(conn, run, summary.inserted + summary.updated + summary.unchanged)
            return summary

    @staticmethod
    def _write(conn: sa.Connection, batch: Prepared, version: int | None = None, *,
               run: int | None = None) -> SaveSummary:
        """The one write path: the upsert, then the linker on what it wrote, in one transaction."""
        summary = bulk.write(conn, batch, version=version, run=run)
        if summary.inserted or summary.updated:  # nothing written (a file imported again): nothing to link
            linking.on_write(conn, summary.version, summary.datasets)
        return summary

    # -- import runs (runs.py) ----------------------------------------------------------------
    def start_import_run(self, file_name: str, *, path: str | None = None, format: str | None = None,
                         dataset: str | None = None) -> int:
        """Record an import as running (by this process, for ``Store.user`` when there is one); its id."""
        with self._begin("import") as conn:
            return runs.start(conn, file_name, path=path, format=format, dataset=dataset, who=self.user)

    def finish_import_run(self, run: int, status: str, *, rows_read: int, rows_errors: int,
                          message: str | None = None) -> None:
        """End an import run: finished, failed or interrupted."""
        with self._begin("import") as conn:
            runs.finish(conn, run, status, rows_read=rows_read, rows_errors=rows_errors, message=message)

    def import_runs(self, limit: int = 100) -> list[runs.ImportRun]:
        """The latest import runs, newest first; a running one whose process is gone is marked
        interrupted first (when this store may write)."""
        if self.may("analyst"):
            with self._begin("import") as conn:
                runs.mark_interrupted(conn)
        with self._connect() as conn:
            return runs.listing(conn, limit)

    def import_run(self, run: int) -> runs.ImportRun | None:
        with self._connect() as conn:
            return runs.get(conn, run)

    def rollback_import_run(self, run: int) -> int:
        """Delete what an interrupted or failed import run inserted; how many records (ValidationError
        for no such run or one that may not be rolled back). A delete: admin."""
        with self._begin("delete", {"rolled back run": run}, need="admin") as conn:
            runs.mark_interrupted(conn)
            try:
                return runs.rollback(conn, run)
            except (LookupError, ValueError) as e:
                raise ValidationError("run", str(e)) from e

    def resume_import_run(self, old: int, new: int) -> None:
        """Run ``new`` resumes the interrupted run ``old`` (it takes over the records ``old`` inserted)."""
        with self._begin("import") as conn:
            runs.mark_interrupted(conn)
            try:
                runs.adopt(conn, old, new)
            except (LookupError, ValueError) as e:
                raise ValidationError("run", str(e)) from e

    # -- events -------------------------------------------------------------------------------
    def link(self, record_ids: Sequence[str], *, by: str | None = None) -> str:
        """Put these records in one event (an analyst's decision, remembered); the event's id."""
        with self._begin("link") as conn:
            try:
                return linking.link(conn, record_ids, by)
            except LookupError as e:
                raise ValidationError("id", str(e)) from e

    def unlink(self, record_id: str, *, by: str | None = None) -> list[str]:
        """Take a record out of its event into one of its own (remembered); the records it left."""
        with self._begin("unlink") as conn:
            try:
                return linking.unlink(conn, record_id, by)
            except LookupError as e:
                raise ValidationError("id", str(e)) from e

    def adopt_events(self, groups: Iterable[Sequence[str]]) -> int:
        """Put each group of stored records in one event (a file of ours read back); records moved."""
        with self._begin("link") as conn:
            return linking.adopt(conn, groups)

    def reject_link(self, record_a: str, record_b: str, *, by: str | None = None) -> None:
        """An analyst's answer to a reviewed pair: two different attacks (remembered)."""
        with self._begin("reject") as conn:
            linking.reject(conn, record_a, record_b, by)

    def review_queue(self) -> list[linking.Review]:
        """Pairs of records the linker was unsure of, most likely first."""
        with self._connect() as conn:
            return linking.reviews(conn)

    def relink(self) -> int:
        """Link every stored record again (an analyst's decisions kept); how many changed event."""
        with self._begin("link") as conn:
            return linking.relink_all(conn)

    def relate(self, toll: "RelatedToll") -> None:
        """Keep a toll one source gives for several attacks together on those records (never split)."""
        with self._begin("relate") as conn:
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

    # -- column mappings saved by name (see incidents.io.mapping) -----------------------------------
    def save_mapping(self, name: str, mapping: "ColumnMapping") -> str:
        """Save (or replace) a column mapping under ``name``; returns the name as stored."""
        name = mappings.check_name(name)
        with self._begin() as conn:
            mappings.save(conn, name, mapping.to_json())
        return name

    def saved_mapping(self, name: str) -> "ColumnMapping | None":
        """The mapping saved under ``name``, or None."""
        from ..io.mapping import ColumnMapping

        with self._connect() as conn:
            spec = mappings.get(conn, (name or "").strip())
        return ColumnMapping.from_json(spec) if spec is not None else None

    def mapping_names(self) -> list[str]:
        """Names of the saved column mappings, sorted."""
        with self._connect() as conn:
            return mappings.names(conn)

    def delete(self, incident_id: str) -> bool:
        """Remove one incident with its ledger and sources; False when there was none (admin)."""
        with self._begin("delete", need="admin") as conn:
            return bulk.delete(conn, [incident_id]) > 0

    def add_source(self, incident_id: str, source: Source, *, note: str | None = None) -> bool:
        """Add a source to a stored record as an analyst's addition (kept across re-imports of its
        dataset); False when a source at the same URL is already there."""
        value = {"outlet": source.outlet, "title": source.title, "url": source.url, "published": source.published}
        return self._edit(incident_id, [(edits.SOURCE, None, value)], note)

    def add_claim(self, incident_id: str, attribution: Attribution, *, note: str | None = None) -> bool:
        """Add an attribution (claim, denial, suspicion, blame) to a stored record as an analyst's
        addition (kept across re-imports); False when the ledger already has it."""
        if attribution.status not in ("claimed", "denied", "suspected", "blamed"):
            raise ValidationError("status", f"not an attribution status: {attribution.status!r}")
        group = self.registry.resolve(attribution.group)
        if group is None:
            raise ValidationError("group", f"not a known group: {attribution.group!r}")
        value = {"group": group, "status": attribution.status, "by": attribution.by}
        return self._edit(incident_id, [(edits.CLAIM, None, value)], note)

    def add_note(self, incident_id: str, note: str) -> bool:
        """Keep an analyst's note on a stored record (shown on its card, kept across re-imports)."""
        if not note or not note.strip():
            raise ValidationError("note", "a note needs some text")
        return self._edit(incident_id, [(edits.NOTE, None, {"text": note.strip()})], None)

    def correct(self, incident_id: str, *, note: str | None = None, **fields: Any) -> bool:
        """Correct a stored record's figures as an analyst (kept apart from its source's values and
        across every re-import): ``killed``/``injured`` as worded ("at least 36"), ``date``
        (a date or YYYY-MM-DD), ``location``, ``district``, ``coordinates`` ((lat, lon)),
        ``attack_type``, ``target``. False when nothing changed."""
        from ..casualties import parse_count

        unknown = sorted(set(fields) - set(edits.CORRECTABLE))
        if unknown:
            raise ValidationError(unknown[0], f"not a field an analyst can correct (one of "
                                              f"{', '.join(edits.CORRECTABLE)})")
        if not fields:
            raise ValidationError("fields", "nothing to correct")
        changes = []
        for name, value in fields.items():
            cols = edits.CORRECTABLE[name]
            if name in ("killed", "injured"):
                c = parse_count(value) if isinstance(value, str) else value
                _check_figure(name, c)
                vals = (c.min, c.max, c.text)
            elif name == "date":
                d = value if isinstance(value, dt.date) else _parse_date(str(value))
                vals = (d, "day")
            elif name == "coordinates":
                lat, lon = float(value[0]), float(value[1])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValidationError("coordinates", f"not a point on Earth: ({lat}, {lon})")
                vals = (lat, lon, 1)
            else:
                vals = (value or None,)
            changes.append((edits.CORRECT, name, dict(zip(cols, vals))))
        return self._edit(incident_id, changes, note)

    def _edit(self, incident_id: str, changes: list[tuple[str, str | None, dict[str, Any]]],
              note: str | None) -> bool:
        """Store an analyst's edits of one record and write the record with them laid over it, in one
        transaction (after any other writer: the record is read once this one holds the version)."""
        with self._begin("edit", {"note": note} if note else None) as conn:
            version = versions.take_next(conn)
            stored = bulk._stored_state(conn, bulk._io(conn), [incident_id])
            if incident_id not in stored:
                raise ValidationError("id", f"no record {incident_id!r}")
            row, led, src = stored[incident_id]
            mine = edits.read(conn, [incident_id])
            base = edits.source_row(row, mine)
            added = False
            for kind, name, value in changes:
                if kind == edits.SOURCE and any(value["url"] and s[2] == value["url"] for s in src):
                    continue
                if kind == edits.CLAIM and (value["group"], value["status"], value["by"]) in led:
                    continue
                source_value = None
                if kind == edits.CORRECT:
                    source_value = {c: base[bulk._INCIDENT_COLUMNS.index(c)] for c in value}
                edits.add(conn, incident_id, kind, value, field=name, source_value=source_value, note=note,
                          who=self.who, version=version)
                added = True
            if not added:
                return False
            if all(kind == edits.NOTE for kind, _, _ in changes):
                history.record(conn, version, [(incident_id, None, {"note": [None, changes[0][2]["text"]]})])
                return True
            flags = json.loads(row[bulk._FLAGS_AT]) if row[bulk._FLAGS_AT] else []
            batch = Prepared([(*base[:bulk._FLAGS_AT], flags, *base[bulk._FLAGS_AT + 1:])], [led], [src])
            self._write(conn, batch, version)
            return True

    def edits(self, record_id: str, *, active_only: bool = True) -> list[edits.Edit]:
        """An analyst's edits of a record (corrections with any conflict, sources, claims, notes), oldest first."""
        with self._connect() as conn:
            return edits.read(conn, [record_id], active_only=active_only)

    # -- history ------------------------------------------------------------------------------
    def history(self, record_or_event_id: str) -> list[history.Entry]:
        """The history of a record, or of an event (its own entries and its records'), oldest
        first, with the import runs that wrote them."""
        with self._connect() as conn:
            members = [r for r, in conn.execute(sa.select(incidents.c.id).where(
                sa.or_(incidents.c.event_id == record_or_event_id, incidents.c.id == record_or_event_id)))]
            found = history.entries(conn, record_ids=sorted({record_or_event_id, *members}),
                                    event_ids=[record_or_event_id])
            runs = history.run_entries(conn, sorted({e.version for e in found if e.action == "import"}))
        return sorted([*found, *runs], key=lambda e: (e.version, e.id))

    def restore(self, record_id: str, version: int) -> SaveSummary:
        """Write a record back as it was at store version ``version`` (after the write of that
        version); the analyst's corrections, sources and claims are those that stood then (later ones
        withdrawn, ones replaced since revived). The restore is a write with history."""
        with self._begin("restore", {"version": version}) as conn:
            head = versions.current(conn)
            if not 1 <= version <= head:
                raise ValidationError("version", f"no version {version}: the store is at version {head}")
            later = history.entries(conn, record_ids=[record_id], since=version)
            stored = bulk._stored_state(conn, bulk._io(conn), [record_id])
            if not later and record_id in stored:  # nothing changed it since: it is as it was then
                return SaveSummary(version=head, unchanged=1, ids=[record_id], outcomes=["unchanged"])
            new_version = versions.take_next(conn)
            current = bulk._named(stored[record_id]) if record_id in stored else None
            state = history.state_at(current, later)
            if state is None:
                raise ValidationError("version", f"record {record_id!r} was not stored at version {version}")
            edits.as_at(conn, record_id, version, new_version)
            state["id"] = record_id  # (a deleted record's entry holds every field but its id)
            row = tuple(state.get(n) if n != "date" else as_date(state.get(n)) for n in ROW_FIELDS)
            led = tuple(tuple(a) for a in state.get(history.LEDGER) or [])
            src = tuple((o, t, u, as_date(p)) for o, t, u, p in state.get(history.SOURCES) or [])
            return self._write(conn, Prepared([row], [led], [src]), new_version)

    # -- users --------------------------------------------------------------------------------
    def add_user(self, name: str, password: str | None, role: str, *, email: str | None = None) -> Account:
        """A new account (admin). ``password`` None: an account that signs in only through an
        identity provider, by ``email``."""
        with self._begin("account", need="admin") as conn:
            return users.add(conn, name, password, role, email)

    def set_password(self, name: str, password: str) -> Account:
        """Give an account a new password (admin); its sessions signed in before end."""
        with self._begin("account", need="admin") as conn:
            return users.update(conn, name, password=password)

    def set_role(self, name: str, role: str) -> Account:
        """Change an account's role (admin); the last enabled admin keeps theirs."""
        with self._begin("account", need="admin") as conn:
            if role.strip().lower() != "admin" and not users.count_admins(conn, besides=name) \
                    and (users.get(conn, name) or Account(name, "viewer")).role == "admin":
                raise AccountError(f"{name} is the last admin: make another admin first")
            return users.update(conn, name, role=role)

    def set_disabled(self, name: str, disabled: bool = True) -> Account:
        """Disable an account (it cannot sign in; its open sessions end) or enable it again (admin)."""
        with self._begin("account", need="admin") as conn:
            if disabled and not users.count_admins(conn, besides=name) \
                    and (users.get(conn, name) or Account(name, "viewer")).role == "admin":
                raise AccountError(f"{name} is the last enabled admin: make another admin first")
            return users.update(conn, name, disabled=disabled)

    def set_email(self, name: str, email: str | None) -> Account:
        """Set (or, with None, clear) the e-mail an identity provider's sign-in is matched by (admin)."""
        with self._begin("account", need="admin") as conn:
            return users.update(conn, name, email=email or "")

    def account(self, name: str) -> Account | None:
        """The account of this name, if any."""
        with self._connect() as conn:
            return users.get(conn, name)

    def account_by_email(self, email: str) -> Account | None:
        """The account with this e-mail (case-insensitive), if any."""
        with self._connect() as conn:
            return users.by_email(conn, email)

    def accounts(self) -> list[Account]:
        """Every account, by name."""
        with self._connect() as conn:
            return users.all_accounts(conn)

    def authenticate(self, name: str, password: str) -> Account:
        """The enabled account whose password this is; SignInRefused otherwise (one message for a
        wrong name, a wrong password or a disabled account)."""
        with self._connect() as conn:
            account, hashed = users.password_hash(conn, name)
        ok = verify_password(hashed, password)  # verified even for no account: a refusal takes as long
        if account is None or not ok or account.disabled:
            log.info("sign-in refused for %r", (name or "")[:64])
            raise SignInRefused()
        return account

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

    def coverage(self) -> "Coverage":
        """What the loaded data covers, per source of records (each dataset, reports, the seed
        incidents): first and last date, records, newest write, licence or terms."""
        from ..coverage import Coverage

        with self._connect() as conn:
            return Coverage.from_rows(coverage.spans(conn), coverage.report_outlets(conn))

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

    def unlisted_frame(self, flt: IncidentFilter | None = None) -> "pd.DataFrame":
        """One row per (incident, perpetrator name the registry lacks) for the matching incidents:
        the names the importers kept, as written, in the records' flags (``registry.unlisted_names``)."""
        import pandas as pd

        q = (sa.select(incidents.c.id, incidents.c.flags)
             .where(self._where(flt), incidents.c.flags.like(f"%{UNLISTED_FLAG}%")))
        with self._connect() as conn:
            rows = fetch_rows(conn, q)
        pairs = [(iid, name) for iid, flags in rows for name in unlisted_names(json.loads(flags) if flags else [])]
        return pd.DataFrame(pairs, columns=["incident_id", "name"], dtype=object)

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
            kw["opponents"] = json.loads(kw["opponents"]) if kw["opponents"] else []
            out.append(Incident(**kw, attributions=atts[r["id"]], sources=srcs[r["id"]]))
        return out


def _check_figure(name: str, c: Any) -> None:
    """A corrected figure as the importers hold one: a wording some rule reads (or one that says it is
    unknown), within 0 and the plausibility ceiling."""
    from ..models import MAX_COUNT

    text = (c.text or "").strip()
    if text.startswith(("-", "−")):
        raise ValidationError(name, f"not a figure: {text[:60]!r} (a number or a wording such as 'at least 5')")
    if c.min is None and c.max is None and text and text.lower() not in ("unknown", "not known", "?"):
        raise ValidationError(name, f"not a figure: {text[:60]!r} (a number or a wording such as 'at least 5'; "
                                    "'unknown' for none)")
    for bound in (c.min, c.max):
        if bound is not None and not 0 <= bound <= MAX_COUNT:
            raise ValidationError(name, f"{bound:,} is not a plausible figure (0 to {MAX_COUNT:,})")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("date", f"not a date (YYYY-MM-DD): {text!r}") from None


def _offline_geocoder(store: Store):  # noqa: ANN202
    """The offline geocoder, cached in this store (seeding never goes online)."""
    from geo.geocoder import CachedGeocoder, get_geocoder

    return CachedGeocoder(get_geocoder("offline"), store.geocode_cache)


__all__ = ["Store", "SaveSummary", "StoreGeocodeCache"]
