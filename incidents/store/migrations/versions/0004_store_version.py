"""The store version replaces the columnar copy: versioned incidents and a deletions log.

Every write transaction takes the next number from ``store_version`` and stamps the incidents it
writes with it (``incidents.version``); deleted incidents go into ``deletions`` with it. A reader
asks what changed since the version it holds (``incidents/store/versions.py``). The SQLite-only
``frame_cache`` table and its triggers (migration 0003) go.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TRIGGERS = ("frame_cache_after_insert", "frame_cache_after_update", "frame_cache_after_delete")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("frame_cache")
    # every incident stored so far is of version 0, the version a new store starts at
    op.add_column("incidents", sa.Column("version", sa.BigInteger, nullable=False, server_default="0"))
    op.create_index("ix_incidents_version", "incidents", ["version"])
    table = op.create_table(
        "store_version",
        sa.Column("id", sa.SmallInteger, primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0}])
    op.create_table(
        "deletions",
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("incident_id", sa.String(128), nullable=False),
    )
    op.create_index("ix_deletions_version", "deletions", ["version"])


def downgrade() -> None:
    op.drop_index("ix_deletions_version", table_name="deletions")
    op.drop_table("deletions")
    op.drop_table("store_version")
    op.drop_index("ix_incidents_version", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("version")
    op.create_table(  # empty, with 0003's triggers: the old code reads the copy again from the table
        "frame_cache",
        sa.Column("lo_date", sa.String(10)),
        sa.Column("lo_id", sa.String(128)),
        sa.Column("hi_date", sa.String(10)),
        sa.Column("hi_id", sa.String(128)),
        sa.Column("format", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        key = "(substr(CAST({row}.date AS TEXT), 1, 10), {row}.id)"
        covers = "(lo_date IS NULL OR (lo_date, lo_id) <= {key}) AND (hi_date IS NULL OR {key} < (hi_date, hi_id))"
        for name, event, rows in zip(_TRIGGERS, ("INSERT", "UPDATE", "DELETE"), (("NEW",), ("OLD", "NEW"), ("OLD",))):
            body = " ".join(f"DELETE FROM frame_cache WHERE {covers.format(key=key.format(row=r))};" for r in rows)
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON incidents BEGIN {body} END")
