"""Data (`/data`): import ACLED / GTD / UCDP GED exports, our own files or any table through a column
mapping; download the filtered incidents; the import runs; what each loaded source covers and its
licence or terms. The tabs are drawn by ``atlas.data_page``."""
from __future__ import annotations

import streamlit as st

from atlas.app import get_store
from atlas.data_page import coverage_tab, export_tab, import_tab, runs_tab
from atlas.sidebar import page_header, render_filters

store = get_store()
flt = render_filters(store)
page_header("Data", flt)
imp, exp, past, cov = st.tabs(["Import", "Export", "Import runs", "Coverage and licences"])
with imp:
    import_tab(store)
with exp:
    export_tab(store, flt)
with past:
    runs_tab(store)
with cov:
    coverage_tab(store)
