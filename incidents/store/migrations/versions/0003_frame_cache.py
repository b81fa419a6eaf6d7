"""A columnar copy of the incidents' flat fields for Store.frame() (replaced by migration 0004).

Each chunk covers the incidents whose (date, id) lies in [(lo_date, lo_id), (hi_date, hi_id)); a
NULL end is open. On SQLite, triggers drop the chunk covering any incident that is inserted,
updated or deleted, inside the writing transaction, so the copy cannot go stale whoever writes. On
PostgreSQL the table is created but not used.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_KEY = "(substr(CAST({row}.date AS TEXT), 1, 10), {row}.id)"  # as Store.frame reads and orders them
_COVERS = "(lo_date IS NULL OR (lo_date, lo_id) <= {key}) AND (hi_date IS NULL OR {key} < (hi_date, hi_id))"
_TRIGGERS = {
    "frame_cache_after_insert": ("INSERT", ("NEW",)),
    "frame_cache_after_update": ("UPDATE", ("OLD", "NEW")),
    "frame_cache_after_delete": ("DELETE", ("OLD",)),
}


def upgrade() -> None:
    op.create_table(
        "frame_cache",
        sa.Column("lo_date", sa.String(10)),
        sa.Column("lo_id", sa.String(128)),
        sa.Column("hi_date", sa.String(10)),
        sa.Column("hi_id", sa.String(128)),
        sa.Column("format", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, (event, rows) in _TRIGGERS.items():
        body = " ".join(f"DELETE FROM frame_cache WHERE {_COVERS.format(key=_KEY.format(row=r))};" for r in rows)
        op.execute(f"CREATE TRIGGER {name} AFTER {event} ON incidents BEGIN {body} END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("frame_cache")
