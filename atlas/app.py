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
