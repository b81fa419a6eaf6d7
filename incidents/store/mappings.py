"""Column mappings saved by name (table ``column_mappings``): the SQL behind ``Store.save_mapping`` and friends.

A mapping is stored as the JSON of ``incidents.io.mapping.ColumnMapping``; saving a name again
replaces it. No incident data: a mapping only says how to read a file.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from ..errors import ValidationError
from .bulk import utcnow
from .schema import column_mappings

_NAME_RE = re.compile(r"[^\x00-\x1f]{1,128}")


def check_name(name: str) -> str:
    """The name trimmed; ValidationError when blank, too long or holding control characters."""
    name = (name or "").strip()
    if not _NAME_RE.fullmatch(name):
        raise ValidationError("mapping", "a mapping name is 1-128 printable characters")
    return name


def save(conn: sa.Connection, name: str, spec: str) -> None:
    conn.execute(column_mappings.delete().where(column_mappings.c.name == name))
    conn.execute(column_mappings.insert().values(name=name, spec=spec, updated_at=utcnow()))


def get(conn: sa.Connection, name: str) -> str | None:
    return conn.execute(sa.select(column_mappings.c.spec).where(column_mappings.c.name == name)).scalar()


def names(conn: sa.Connection) -> list[str]:
    return list(conn.execute(sa.select(column_mappings.c.name).order_by(column_mappings.c.name)).scalars())
