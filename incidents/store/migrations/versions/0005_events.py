"""Records and events: each record's event, an analyst's link decisions, the review queue.

Every stored record becomes an event of its own (``event_id = id``); ``python -m incidents relink``
links what is already stored.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("event_id", sa.String(128)))
    op.execute("UPDATE incidents SET event_id = id")
    op.create_index("ix_incidents_event_id", "incidents", ["event_id"])
    op.create_table(
        "link_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_a", sa.String(128), nullable=False),
        sa.Column("record_b", sa.String(128), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("by", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_link_decisions_pair", "link_decisions", ["record_a", "record_b"])
    op.create_index("ix_link_decisions_b", "link_decisions", ["record_b"])
    op.create_table(
        "link_reviews",
        sa.Column("record_a", sa.String(128), primary_key=True),
        sa.Column("record_b", sa.String(128), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_link_reviews_status", "link_reviews", ["status"])


def downgrade() -> None:
    op.drop_table("link_reviews")
    op.drop_table("link_decisions")
    op.drop_index("ix_incidents_event_id", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("event_id")
