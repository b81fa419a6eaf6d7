"""One history for every write, and an analyst's edits kept apart from imported records.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(128)),
        sa.Column("event_id", sa.String(128)),
        sa.Column("changes", sa.Text),
        sa.Column("context", sa.Text),
    )
    op.create_index("ix_history_record", "history", ["record_id", "version"])
    # partial: most entries name a record only, and an import's run entries are few
    op.create_index("ix_history_event", "history", ["event_id"], sqlite_where=sa.text("event_id IS NOT NULL"),
                    postgresql_where=sa.text("event_id IS NOT NULL"))
    op.create_index("ix_history_run", "history", ["version"], sqlite_where=sa.text("record_id IS NULL"),
                    postgresql_where=sa.text("record_id IS NULL"))
    op.create_table(
        "analyst_edits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("field", sa.String(32)),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("source_value", sa.Text),
        sa.Column("source_now", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("ended", sa.BigInteger),  # the version that replaced or withdrew it
    )
    op.create_index("ix_analyst_edits_record", "analyst_edits", ["record_id"])


def downgrade() -> None:
    op.drop_table("analyst_edits")
    op.drop_table("history")
