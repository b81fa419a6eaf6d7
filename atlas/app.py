"""App wiring shared by every page: the store and settings, created once per server process."""
from __future__ import annotations

from typing import Any

import streamlit as st

from incidents.settings import Settings, get_settings
from incidents.store import Store

from .private_api import script_run_marker


#: What the pages say where a write would be offered on a read-only Atlas.
READ_ONLY_NOTE = "This Incident Atlas is read-only (a briefing screen or a mirror): nothing can be changed here."


@st.cache_resource(show_spinner=False)
def _open_store(database_url: str, seed: bool, read_only: bool = False) -> Store:
    return Store.open(Settings(database_url=database_url, seed=seed, read_only=read_only))


def get_store() -> Store:
    """The process-wide store on the configured database (migrated, seeded on first use; with
    ``ATLAS_READ_ONLY`` opened as it is, and every write refused by the store itself)."""
    s = get_settings()
    return _open_store(s.database_url, s.seed, s.read_only)


def store_key(store: Store) -> str:
    """The database a store reads (password hidden): part of every cache key derived from its data."""
    return store.engine.url.render_as_string(hide_password=True)


def run_marker() -> Any:
    """An object that is the same throughout one script run and new in the next (None outside a run;
    :func:`atlas.private_api.script_run_marker`)."""
    return script_run_marker()


_VERSION = "_atlas_data_version"


def data_version(store: Store) -> tuple[int, str | None]:
    """``Store.data_version``, read once per script run: every cache key of one run (sidebar
    options, the page's data) agrees, and a run costs one version query, not one per cache."""
    marker, key = run_marker(), store_key(store)
    memo = st.session_state.get(_VERSION)
    if marker is not None and memo is not None and memo[0] is marker and memo[1] == key:
        return memo[2]
    version = store.data_version()
    if marker is not None:
        st.session_state[_VERSION] = (marker, key, version)
    return version


@st.cache_resource(max_entries=64, show_spinner=False)
def _distinct(_store: Store, url: str, version: tuple[int, str | None], column: str,
              provinces: tuple[str, ...]) -> list[str]:
    from incidents.filters import IncidentFilter

    return _store.distinct(column, IncidentFilter(provinces=provinces))


def distinct_values(store: Store, column: str, provinces: tuple[str, ...] = ()) -> list[str]:
    """``Store.distinct`` (within ``provinces``) for the sidebar's option lists, read once per data version."""
    return list(_distinct(store, store_key(store), data_version(store), column, tuple(provinces)))
