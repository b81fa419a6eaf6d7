"""The incident store: hides the database (SQLite by default, PostgreSQL for a team) from the views.

One job per module:

- ``api``: :class:`Store`, the interface the CLI, the importer and the dashboard use;
- ``engine``: a database URL made an engine (SQLite pragmas), and the Alembic migrations (``migrations/``);
- ``schema``: the tables;
- ``bulk``: the upsert every write goes through;
- ``users``: the accounts table (roles and password hashes; :mod:`incidents.accounts` holds the rules);
- ``history``: one history for every write (who, when, old and new values), written by the writes themselves;
- ``edits``: an analyst's corrections and additions, kept apart from imports and laid over every write;
- ``versions``: the store version, which tells a reader what changed since it last looked;
- ``frames``: driver rows made Arrow and pandas frames, and the process's copy behind ``Store.frame()``.
"""
from .api import SaveSummary, Store, StoreGeocodeCache
from .engine import MIGRATIONS, SQLITE_PAGE_SIZE, create_engine
from .schema import metadata

__all__ = ["Store", "SaveSummary", "StoreGeocodeCache", "create_engine", "metadata", "MIGRATIONS", "SQLITE_PAGE_SIZE"]
