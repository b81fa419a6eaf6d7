"""Index incidents.updated_at: the dashboard keys its caches on (count, max(updated_at)).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incidents_updated_at", "incidents", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_incidents_updated_at", table_name="incidents")
