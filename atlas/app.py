"""App wiring shared by every page: the store and settings, created once per server process."""
from __future__ import annotations

import streamlit as st

from incidents.settings import Settings, get_settings
from incidents.store import Store


@st.cache_resource(show_spinner=False)
def _open_store(database_url: str, seed: bool) -> Store:
    return Store.open(Settings(database_url=database_url, seed=seed))


def get_store() -> Store:
    """The process-wide store on the configured database (migrated, seeded on first use)."""
    s = get_settings()
    return _open_store(s.database_url, s.seed)


def store_key(store: Store) -> str:
    """The database a store reads (password hidden): part of every cache key derived from its data."""
    return store.engine.url.render_as_string(hide_password=True)


@st.cache_resource(max_entries=64, show_spinner=False)
def _distinct(_store: Store, url: str, version: tuple[int, str | None], column: str,
              provinces: tuple[str, ...]) -> list[str]:
    from incidents.filters import IncidentFilter

    return _store.distinct(column, IncidentFilter(provinces=provinces))


def distinct_values(store: Store, column: str, provinces: tuple[str, ...] = ()) -> list[str]:
    """``Store.distinct`` (within ``provinces``) for the sidebar's option lists, read once per data version."""
    return list(_distinct(store, store_key(store), store.data_version(), column, tuple(provinces)))
