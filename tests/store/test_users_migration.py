"""Migration 0008 (users): a database at 0006 with data is upgraded in place, and the table it makes
is the one the code declares (incidents/store/schema.py), on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from incidents.store import MIGRATIONS, Store, metadata
from incidents.store.engine import head_revision


def test_a_database_at_0006_is_upgraded_keeping_its_data_and_the_users_table_matches_the_schema(db_url):
    store = Store(db_url)
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0006")
        assert "users" not in sa.inspect(store.engine).get_table_names()
        # a record as that schema holds it (today's code writes today's columns)
        table = sa.Table("incidents", sa.MetaData(), autoload_with=store.engine)
        row = {"id": "kept", "date": dt.date(2024, 1, 2), "location": "Quetta", "date_precision": "day"}
        now = dt.datetime(2024, 1, 3, tzinfo=dt.timezone.utc)
        row.update({c.name: now if isinstance(c.type, sa.DateTime) else 0 for c in table.columns
                    if not c.nullable and c.name not in row and c.server_default is None and not c.primary_key})
        with store.engine.begin() as conn:
            conn.execute(table.insert().values(**{k: v for k, v in row.items() if k in table.c}))
        store.migrate()
        assert store.schema_revision() == head_revision() and store.get("kept") is not None
        store.add_user("root", "correct horse battery", "admin", email="root@example.org")
        with store.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        assert [d for d in diffs if "users" in repr(d)] == []
        with pytest.raises(sa.exc.IntegrityError, match="ck_users_role|CHECK"):  # the database holds roles too
            with store.engine.begin() as conn:
                conn.execute(sa.text("UPDATE users SET role = 'root'"))
    finally:
        store.engine.dispose()
