"""Incident Atlas: `streamlit run dashboard.py`.

Pages live in pages/ (thin: read the shared filters, call the domain, draw). The shared sidebar is
drawn here, before the page, so its widgets keep their values across pages. Before any page: a
server that must not serve says why (atlas/access.py), and with sign-in on nobody sees a page before
signing in (atlas/signin.py); the session's store is bound to the signed-in user.
"""
from __future__ import annotations

import streamlit as st

from atlas.access import AccessRefused
from atlas.app import process_store, session_store, sign_in_mode
from atlas.navigation import build_pages
from atlas.private_api import keep_page_switches
from atlas.sidebar import apply_view_options, presentation_exit_button, render_filters
from atlas.signin import account_box, sign_in_form

st.set_page_config(page_title="Incident Atlas", layout="wide")  # no page_icon: a material icon
# favicon would be fetched from fonts.gstatic.com
keep_page_switches()  # a date committed by clicking a page link must not swallow the click (once per process)
try:
    mode = sign_in_mode()
except AccessRefused as e:  # a non-loopback address with sign-in off, or a bad ATLAS_AUTH
    st.navigation(build_pages(), position="hidden")
    st.error(str(e), icon=":material/block:")
    st.stop()
store = session_store()
if store is None:  # sign-in on, nobody signed in: the form, and nothing else (the URL's page waits)
    st.navigation(build_pages(), position="hidden")
    sign_in_form(process_store(), mode)
    st.stop()
page = st.navigation(build_pages(store=store, signed_in=mode != "off"))
account_box(store, mode)
render_filters(store, page=page.url_path)
apply_view_options()
page.run()
presentation_exit_button()
