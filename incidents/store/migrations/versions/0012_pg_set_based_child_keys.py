"""PostgreSQL: a record's ledger and sources checked against their incident once per statement, not per row.

On PostgreSQL the foreign keys ``attributions.incident_id`` and ``sources.incident_id`` → ``incidents.id``
(ON DELETE CASCADE) are replaced by triggers that keep the same guarantees set-based; SQLite keeps its
foreign keys. A foreign key checks each inserted row with a query of its own (≈5 µs a row: most of
the COPY of an import's 166,000 source rows); these triggers check a statement's rows in one query.

- After every INSERT and every UPDATE of ``attributions`` or ``sources`` (per statement, the
  statement's rows as a transition table): one index probe per incident named tells whether it is
  stored and whether this transaction wrote it (its row version's ``xmin``); those it did not write
  are locked ``FOR KEY SHARE``, as a foreign key locks them, so no other transaction
  can delete one before this one commits (those it wrote are its own already: inserted, they are
  invisible to others; updated, it holds their row lock); then one anti-join against ``incidents``
  raises ``foreign_key_violation`` (SQLSTATE 23503, an ``IntegrityError``) naming the table and the
  first incident id that is not stored.
- After every DELETE from ``incidents`` (per statement): their ledger and sources are deleted,
  one statement per table (the cascade).
- An UPDATE that changes an incident's id while a ledger or source row names the old one is refused
  (23503), as the foreign key (ON UPDATE NO ACTION) refused it.

Needs PostgreSQL 13 or later (``pg_current_xact_id``). Tests: ``tests/store/test_child_keys.py``;
measurements: ``bench/README.md`` (PostgreSQL bulk writes).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CHILDREN = ("attributions", "sources")

_CHECK = """
CREATE FUNCTION atlas_child_incidents_stored() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
    others bigint;
    me xid := pg_current_xact_id()::xid;
BEGIN
    -- one index probe per incident named (LATERAL, OFFSET 0: whatever the table's statistics say);
    -- xmin = this transaction's id: a row version this transaction wrote itself
    SELECT min(n.incident_id) FILTER (WHERE s.own IS NULL), count(*) FILTER (WHERE NOT s.own)
        INTO missing, others
        FROM (SELECT DISTINCT incident_id FROM new_rows) n
        LEFT JOIN LATERAL (SELECT i.xmin = me AS own FROM incidents i WHERE i.id = n.incident_id OFFSET 0) s
        ON true;
    IF missing IS NULL AND others > 0 THEN
        -- incidents another transaction wrote: locked as a foreign key locks them, so that none is
        -- deleted before this transaction commits; then counted again (one deleted meanwhile is missing)
        PERFORM 1 FROM (SELECT DISTINCT incident_id FROM new_rows) n
            CROSS JOIN LATERAL (SELECT 1 FROM incidents i WHERE i.id = n.incident_id AND NOT i.xmin = me
                                FOR KEY SHARE OF i) l;
        SELECT min(n.incident_id) INTO missing FROM (SELECT DISTINCT incident_id FROM new_rows) n
            WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = n.incident_id);
    END IF;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('%s.incident_id %L names no stored incident', TG_TABLE_NAME, missing),
            TABLE = TG_TABLE_NAME, COLUMN = 'incident_id';
    END IF;
    RETURN NULL;
END $$
"""
_CASCADE = """
CREATE FUNCTION atlas_incidents_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM attributions a USING old_rows o WHERE a.incident_id = o.id;
    DELETE FROM sources s USING old_rows o WHERE s.incident_id = o.id;
    RETURN NULL;
END $$
"""
_ID_KEPT = """
CREATE FUNCTION atlas_incident_id_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM attributions WHERE incident_id = OLD.id)
       OR EXISTS (SELECT 1 FROM sources WHERE incident_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('incident %L has a ledger or sources: its id cannot change', OLD.id),
            TABLE = 'incidents', COLUMN = 'id';
    END IF;
    RETURN NEW;
END $$
"""
CREATE = [
    _CHECK, _CASCADE, _ID_KEPT,
    *(f"CREATE TRIGGER {t}_incident_stored_{event.lower()} AFTER {event} ON {t} REFERENCING NEW TABLE AS new_rows "
      f"FOR EACH STATEMENT EXECUTE FUNCTION atlas_child_incidents_stored()"
      for t in CHILDREN for event in ("INSERT", "UPDATE")),
    "CREATE TRIGGER incidents_delete_children AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION atlas_incidents_deleted()",
    "CREATE TRIGGER incidents_id_kept BEFORE UPDATE OF id ON incidents FOR EACH ROW "
    "WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION atlas_incident_id_kept()",
]
DROP = [
    *(f"DROP TRIGGER {t}_incident_stored_{event.lower()} ON {t}" for t in CHILDREN for event in ("INSERT", "UPDATE")),
    "DROP TRIGGER incidents_delete_children ON incidents",
    "DROP TRIGGER incidents_id_kept ON incidents",
    "DROP FUNCTION atlas_child_incidents_stored()",
    "DROP FUNCTION atlas_incidents_deleted()",
    "DROP FUNCTION atlas_incident_id_kept()",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    inspector = sa.inspect(bind)
    for table in CHILDREN:
        for fk in inspector.get_foreign_keys(table):
            if fk["referred_table"] == "incidents":
                op.drop_constraint(fk["name"], table, type_="foreignkey")
    for statement in CREATE:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in DROP:
        op.execute(statement)
    for table in CHILDREN:
        op.create_foreign_key(f"{table}_incident_id_fkey", table, "incidents", ["incident_id"], ["id"],
                              ondelete="CASCADE")
