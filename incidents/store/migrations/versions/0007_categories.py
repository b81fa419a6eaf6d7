"""What happened and who acted: each record's category, actor roles, victims by kind, low/best/high.

Every column is nullable (unknown): records stored before keep their fields and read as category
unknown, which the default view (attacks and records of unknown category) still shows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("category", sa.String(16)), ("actor", sa.String(16)), ("state_actor", sa.Text),
    ("target_kind", sa.String(16)), ("opponents", sa.Text), ("killed_civilians", sa.Integer),
    ("killed_security", sa.Integer), ("killed_militants", sa.Integer), ("killed_low", sa.Integer),
    ("killed_best", sa.Integer), ("killed_high", sa.Integer),
)


def upgrade() -> None:
    for name, type_ in _COLUMNS:
        op.add_column("incidents", sa.Column(name, type_))
    op.create_index("ix_incidents_category", "incidents", ["category"])


def downgrade() -> None:
    op.drop_index("ix_incidents_category", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
