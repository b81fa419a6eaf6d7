"""Incident Atlas: `streamlit run dashboard.py`.

Pages live in pages/ (thin: read the shared filters, call the domain, draw). The shared sidebar is
drawn here, before the page, so its widgets keep their values across pages.
"""
from __future__ import annotations

import streamlit as st

from atlas.app import get_store
from atlas.navigation import build_pages
from atlas.private_api import keep_page_switches
from atlas.sidebar import apply_view_options, presentation_exit_button, render_filters

st.set_page_config(page_title="Incident Atlas", layout="wide")  # no page_icon: a material icon
# favicon would be fetched from fonts.gstatic.com
keep_page_switches()  # a date committed by clicking a page link must not swallow the click (once per process)
page = st.navigation(build_pages())
render_filters(get_store(), page=page.url_path)
apply_view_options()
page.run()
presentation_exit_button()
