"""Initial schema: incidents, attributions, sources, geocode cache, meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
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
        sa.Column("flags", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("dataset", "dataset_event_id", name="uq_incidents_dataset_event"),
    )
    op.create_index("ix_incidents_date", "incidents", ["date"])
    op.create_index("ix_incidents_province_code", "incidents", ["province_code"])
    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(128), sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("group_code", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("by", sa.Text),
    )
    op.create_index("ix_attributions_incident", "attributions", ["incident_id"])
    op.create_index("ix_attributions_group_status", "attributions", ["group_code", "status"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(128), sa.ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
    )
    op.create_index("ix_sources_incident", "sources", ["incident_id"])
    op.create_table(
        "geocode_cache",
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text),
    )


def downgrade() -> None:
    for name in ("meta", "geocode_cache", "sources", "attributions", "incidents"):
        op.drop_table(name)
