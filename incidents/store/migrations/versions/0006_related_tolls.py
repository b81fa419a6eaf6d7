"""Related tolls: a figure one source gives for several attacks together, kept on the group.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "related_tolls",
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
    op.create_table(
        "related_members",
        sa.Column("related_id", sa.String(128), sa.ForeignKey("related_tolls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("record_id", sa.String(128), primary_key=True),
    )
    op.create_index("ix_related_members_record", "related_members", ["record_id"])


def downgrade() -> None:
    op.drop_table("related_members")
    op.drop_table("related_tolls")
