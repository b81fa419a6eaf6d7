"""Database tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` beside this file create them."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

incidents = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("date_precision", sa.String(8), nullable=False),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("district", sa.Text),
    sa.Column("province", sa.Text),
    sa.Column("province_code", sa.String(8)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", sa.SmallInteger),
    sa.Column("attack_type", sa.Text),
    sa.Column("target", sa.Text),
    sa.Column("killed_min", sa.Integer),
    sa.Column("killed_max", sa.Integer),
    sa.Column("killed_text", sa.Text),
    sa.Column("injured_min", sa.Integer),
    sa.Column("injured_max", sa.Integer),
    sa.Column("injured_text", sa.Text),
    sa.Column("summary", sa.Text),
    sa.Column("dataset", sa.String(64)),
    sa.Column("dataset_event_id", sa.String(128)),
    sa.Column("flags", sa.Text),  # JSON array of strings
    # what happened and who acted (migration 0007; models.Incident)
    sa.Column("category", sa.String(16)),
    sa.Column("actor", sa.String(16)),
    sa.Column("state_actor", sa.Text),
    sa.Column("target_kind", sa.String(16)),
    sa.Column("opponents", sa.Text),  # JSON array of group codes
    sa.Column("killed_civilians", sa.Integer),
    sa.Column("killed_security", sa.Integer),
    sa.Column("killed_militants", sa.Integer),
    sa.Column("killed_low", sa.Integer),
    sa.Column("killed_best", sa.Integer),
    sa.Column("killed_high", sa.Integer),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    #: The store version of the write that last inserted or updated the row (see versions.py).
    sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
    #: The event (one real attack) this record tells of: the id of one of its records (events/link.py).
    sa.Column("event_id", sa.String(128)),
    #: The import run that inserted the record (``import_runs.id``; None: added by hand or before
    #: runs were recorded): rolling an interrupted run back deletes the records it inserted.
    sa.Column("import_run", sa.Integer),
    sa.UniqueConstraint("dataset", "dataset_event_id", name="uq_incidents_dataset_event"),
    sa.Index("ix_incidents_date", "date"),
    sa.Index("ix_incidents_province_code", "province_code"),
    sa.Index("ix_incidents_updated_at", "updated_at"),
    sa.Index("ix_incidents_version", "version"),
    sa.Index("ix_incidents_event_id", "event_id"),
    sa.Index("ix_incidents_category", "category"),
)

attributions = sa.Table(
    "attributions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.String(128), sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.SmallInteger, nullable=False),
    sa.Column("group_code", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("by", sa.Text),
    sa.Index("ix_attributions_incident", "incident_id"),
    sa.Index("ix_attributions_group_status", "group_code", "status"),
)

sources = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.String(128), sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.SmallInteger, nullable=False),
    sa.Column("outlet", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Index("ix_sources_incident", "incident_id"),
)

geocode_cache = sa.Table(
    "geocode_cache", metadata,
    sa.Column("key", sa.String(512), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

#: The store version: one row, whose number every write transaction takes the next of (versions.py).
store_version = sa.Table(
    "store_version", metadata,
    sa.Column("id", sa.SmallInteger, primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
)

#: Incidents deleted, with the store version of the write that deleted them (versions.py).
deletions = sa.Table(
    "deletions", metadata,
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("incident_id", sa.String(128), nullable=False),
    sa.Index("ix_deletions_version", "version"),
)

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text),
)

#: An analyst's decisions on pairs of records (record_a < record_b): "same" event or "different".
#: They outlive every re-import: records keep their ids when a dataset is imported again.
link_decisions = sa.Table(
    "link_decisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_a", sa.String(128), nullable=False),
    sa.Column("record_b", sa.String(128), nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("by", sa.Text),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_link_decisions_pair", "record_a", "record_b"),
    sa.Index("ix_link_decisions_b", "record_b"),
)

#: Pairs of records the linker was unsure of (record_a < record_b), for an analyst to confirm or reject.
link_reviews = sa.Table(
    "link_reviews", metadata,
    sa.Column("record_a", sa.String(128), primary_key=True),
    sa.Column("record_b", sa.String(128), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # open | confirmed | rejected
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_link_reviews_status", "status"),
)

#: A toll one source gives for several attacks together ("over 50 killed in the two blasts"): kept on
#: the group of records it covers, never split among them by subtraction.
related_tolls = sa.Table(
    "related_tolls", metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("killed_min", sa.Integer),
    sa.Column("killed_max", sa.Integer),
    sa.Column("killed_text", sa.Text),
    sa.Column("injured_min", sa.Integer),
    sa.Column("injured_max", sa.Integer),
    sa.Column("injured_text", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

#: The records a related toll covers.
related_members = sa.Table(
    "related_members", metadata,
    sa.Column("related_id", sa.String(128), sa.ForeignKey("related_tolls.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Index("ix_related_members_record", "record_id"),
)

#: Column mappings saved by name (``incidents.io.mapping.ColumnMapping`` as JSON), reused by later imports.
column_mappings = sa.Table(
    "column_mappings", metadata,
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("spec", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

#: Accounts (incidents/accounts.py): an argon2id password hash, never the password; e-mail (lower
#: case) for a sign-in through an identity provider (ATLAS_AUTH=oidc).
users = sa.Table(
    "users", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.Text),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("email", sa.String(320)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("password_set_at", sa.DateTime(timezone=True)),
    sa.Index("ux_users_email", "email", unique=True),
)

#: One history for every write (history.py): per record or event changed, the store version of the
#: write, when, who, what kind of write, the fields changed with their old and new values (JSON
#: ``{field: [old, new]}``; NULL for a record created, every old value for one deleted), and the
#: write's context (an import's file name and counts, the version a restore went back to).
history = sa.Table(
    "history", metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("record_id", sa.String(128)),
    sa.Column("event_id", sa.String(128)),
    sa.Column("changes", sa.Text),
    sa.Column("context", sa.Text),
    sa.Index("ix_history_record", "record_id", "version"),
    # partial: most entries name a record only, and an import's run entries are few
    sa.Index("ix_history_event", "event_id", sqlite_where=sa.text("event_id IS NOT NULL"),
             postgresql_where=sa.text("event_id IS NOT NULL")),
    sa.Index("ix_history_run", "version", sqlite_where=sa.text("record_id IS NULL"),
             postgresql_where=sa.text("record_id IS NULL")),
)

#: An analyst's additions to a record, kept apart from what its source says (edits.py): corrected
#: figures (``kind`` "correct": ``field`` killed, injured, date, place, ...; ``value`` the columns it
#: sets, ``source_value`` what the source said when corrected, ``source_now`` what it says since),
#: added sources ("source"), claims ("claim") and notes ("note"). Every write of the record lays the
#: active ones over the source's values, so they survive every re-import. A replaced or withdrawn
#: edit stays, inactive, with the version that ended it (a restore to an earlier version revives it).
analyst_edits = sa.Table(
    "analyst_edits", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("field", sa.String(32)),
    sa.Column("value", sa.Text, nullable=False),  # JSON
    sa.Column("source_value", sa.Text),  # JSON
    sa.Column("source_now", sa.Text),  # JSON
    sa.Column("note", sa.Text),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("ended", sa.BigInteger),  # the version that replaced or withdrew it
    sa.Index("ix_analyst_edits_record", "record_id"),
)

#: Every import: its file, dataset, when it started and finished, how far it got and who ran it
#: (runs.py). ``status``: running | finished | failed | interrupted | rolled back | resumed.
import_runs = sa.Table(
    "import_runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("path", sa.Text),  # the file's absolute path when it was read from disk (to resume it)
    sa.Column("format", sa.String(16)),
    sa.Column("dataset", sa.String(64)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),  # after each batch written
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("host", sa.String(255)),
    sa.Column("pid", sa.Integer),
    sa.Column("rows_read", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_written", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_errors", sa.Integer, nullable=False, server_default="0"),
    sa.Column("who", sa.Text),
    sa.Column("message", sa.Text),
    sa.Index("ix_import_runs_status", "status"),
)
