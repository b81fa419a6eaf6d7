"""App wiring shared by every page: the store and settings, created once per server process, and the
session's store, bound to the signed-in user (:mod:`.signin`) when sign-in is on (:mod:`.access`)."""
from __future__ import annotations

from typing import Any

import streamlit as st

from incidents.settings import Settings, get_settings
from incidents.store import Store

from .private_api import script_run_marker


#: What the pages say where a write would be offered on a read-only Atlas.
READ_ONLY_NOTE = "This Incident Atlas is read-only (a briefing screen or a mirror): nothing can be changed here."
#: ... and to a signed-in viewer.
VIEWER_NOTE = "You are signed in as a viewer: you can read and export; an analyst can add, edit and import."


@st.cache_resource(show_spinner=False)
def _open_store(database_url: str, seed: bool, read_only: bool = False) -> Store:
    return Store.open(Settings(database_url=database_url, seed=seed, read_only=read_only))


def process_store() -> Store:
    """The process-wide store on the configured database (migrated, seeded on first use; with
    ``ATLAS_READ_ONLY`` opened as it is, and every write refused by the store itself). It acts as the
    local operator: pages use :func:`get_store`."""
    s = get_settings()
    return _open_store(s.database_url, s.seed, s.read_only)


def sign_in_mode() -> str:
    """``off``, ``password`` or ``oidc`` for this server (``access.AccessRefused`` when it must not serve)."""
    from .access import server_address, sign_in

    return sign_in(get_settings(), server_address())


_SESSION_STORE = "_atlas_session_store"


def session_store() -> Store | None:
    """This browser session's store: with sign-in off (the loopback default) the process's store (the
    local operator); with sign-in on, the store bound to the signed-in account (read once per run),
    or None when nobody is signed in."""
    from .signin import session_account

    base, mode = process_store(), sign_in_mode()
    if mode == "off":
        return base
    marker = run_marker()
    memo = st.session_state.get(_SESSION_STORE)
    if marker is not None and memo is not None and memo[0] is marker and memo[1] is base:
        return memo[2]
    account = session_account(base, mode, get_settings().session_hours)
    store = None if account is None else base.as_user(account)
    if marker is not None:
        st.session_state[_SESSION_STORE] = (marker, base, store)
    return store


def get_store() -> Store:
    """The session's store (:func:`session_store`), whose writes the store checks against the signed-in
    user's role. When this server must not serve, or nobody is signed in, the page stops here: it
    draws nothing (dashboard.py has drawn the reason or the sign-in form)."""
    from .access import AccessRefused
    from .navigation import ensure_navigation

    try:
        store = session_store()
    except AccessRefused as e:
        st.error(str(e))
        st.stop()
    if store is None:
        ensure_navigation()  # a page run alone (Streamlit's legacy pages/ mode): rerun through dashboard.py
        st.stop()
    return store


def write_note(store: Store) -> str | None:
    """Why this session may not write (read-only Atlas, a viewer), or None when it may."""
    if store.read_only:
        return READ_ONLY_NOTE
    if not store.may("analyst"):
        return VIEWER_NOTE
    return None


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
