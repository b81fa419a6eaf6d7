"""Import runs: every import recorded (file, dataset, started, finished, status, rows), and on each
record the run that inserted it, so that an interrupted run can be rolled back whole.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("path", sa.Text),
        sa.Column("format", sa.String(16)),
        sa.Column("dataset", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("host", sa.String(255)),
        sa.Column("pid", sa.Integer),
        sa.Column("rows_read", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_written", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("who", sa.Text),
        sa.Column("message", sa.Text),
    )
    op.create_index("ix_import_runs_status", "import_runs", ["status"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("import_run", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("import_run")
    op.drop_index("ix_import_runs_status", "import_runs")
    op.drop_table("import_runs")
