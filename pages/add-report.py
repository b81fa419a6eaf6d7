"""Add report (`/add-report`): paste or upload a news report, review each extracted incident with the
sentences behind its fields, correct it (place through the gazetteer), save — or add the report as a
source of the stored incident it matches."""
from __future__ import annotations

import streamlit as st

from atlas.app import READ_ONLY_NOTE, get_store
from atlas.navigation import ensure_navigation
from atlas.review import (ATTACK_TYPES, UPLOAD_HELP, UPLOAD_MAX_MB, FormValues, UploadError, evidence_rows,
                          geo_label, incident_from_form, keep_combined, ledger_lines, save_reviewed, similar,
                          upload_text)
from atlas.text import md_escape
from incidents.errors import ValidationError
from incidents.extract import extract_incidents
from incidents.geocoding import configured_geocoder

ensure_navigation()
store = get_store()
geocoder = configured_geocoder(store=store)

st.title("Add incidents from a report")
st.caption("Paste a news report or upload a .txt/.html file. Each incident found is shown with the sentence "
           "behind each field; correct what is wrong, then save.")

with st.form("ar_input", border=True):
    text = st.text_area("Report text", height=220, key="ar_text", placeholder="Paste the report here…")
    upload = st.file_uploader("…or upload a report", type=["txt", "html", "htm"], key="ar_upload",
                              max_upload_size=UPLOAD_MAX_MB, help=UPLOAD_HELP)
    c1, c2, c3 = st.columns(3)
    published = c1.date_input("Publication date", value=None, key="ar_published",
                              help="Leave empty to read it from the report.")
    url = c2.text_input("Report URL (optional)", key="ar_url")
    outlet = c3.text_input("Outlet (optional)", key="ar_outlet")
    go = st.form_submit_button("Extract incidents", type="primary")

if go:
    raw: str | None = text
    if upload is not None:
        try:
            raw = upload_text(upload.getvalue(), upload.name)  # the bytes are judged first
        except UploadError as e:
            raw = None
            st.error(md_escape(str(e)))  # the message names the uploaded file
    if raw is None:
        pass  # said above
    elif url.strip() and not url.strip().lower().startswith(("http://", "https://")):
        st.error("The report URL must start with http:// or https://.")
    else:
        st.session_state["ar_result"] = extract_incidents(raw, published=published, url=url.strip() or None,
                                                          outlet=outlet.strip() or None, geocoder=geocoder)
        st.session_state["ar_gen"] = st.session_state.get("ar_gen", 0) + 1
        st.session_state["ar_saved"] = {}
        st.session_state["ar_ids"] = {}

result = st.session_state.get("ar_result")
gen = st.session_state.get("ar_gen", 0)
saved: dict = st.session_state.setdefault("ar_saved", {})
if result is not None:
    if not result.incidents:
        st.warning(f"No incidents found: {result.reason}")
    else:
        meta = [f"{len(result.incidents)} incident(s)"]
        meta.append(f"published {result.published.isoformat()}" if result.published else "no publication date")
        if result.outlet:
            meta.append(result.outlet)
        st.subheader(result.title or "Report")
        st.caption(" · ".join(meta))
        for w in result.warnings:
            st.warning(w)
    for k, ext in enumerate(result.incidents):
        inc = ext.incident
        key = f"ar{gen}_{k}"
        with st.container(border=True, key=f"{key}_box"):
            st.markdown(f"#### Incident {k + 1}")
            for w in ext.warnings:
                st.caption(f"⚠ {w}")
            with st.expander("Evidence", expanded=True):
                rows = evidence_rows(ext.evidence, ext.highlights, inc)
                st.markdown("\n\n".join(f"**{label}** — {sentence}" for label, sentence in rows),
                            unsafe_allow_html=True)  # sentences are HTML-escaped by highlight_html
            left, right = st.columns(2)
            date = left.date_input("Date", value=inc.date, key=f"{key}_date")
            place = left.text_input("Place", value=inc.location, key=f"{key}_place")
            hits = geocoder.suggest(place, limit=6, province=inc.province_code) if place.strip() else []
            options = [None, *hits]
            current = next((n for n, h in enumerate(options) if h is not None and inc.lat is not None
                            and (h.lat, h.lon) == (inc.lat, inc.lon)), 1 if hits else 0)
            # keyed by the query: a new place name starts from its own best match
            geo = left.selectbox("Gazetteer match", options, index=current, key=f"{key}_geo_{place.strip().lower()}",
                                 format_func=lambda h: "no coordinates" if h is None else geo_label(h))
            types = list(ATTACK_TYPES) if inc.attack_type in (None, *ATTACK_TYPES) else [inc.attack_type, *ATTACK_TYPES]
            attack_type = left.selectbox("Attack type", [None, *types], key=f"{key}_type",
                                         index=[None, *types].index(inc.attack_type),
                                         format_func=lambda t: "unknown" if t is None else t)
            target = left.text_input("Target", value=inc.target or "", key=f"{key}_target")
            summary = left.text_area("Summary", value=inc.summary or "", key=f"{key}_summary")
            k1, k2 = right.columns(2)
            killed_min = k1.number_input("Killed (min)", value=inc.killed_min, min_value=0, step=1, key=f"{key}_kmin")
            killed_max = k2.number_input("Killed (max)", value=inc.killed_max, min_value=0, step=1, key=f"{key}_kmax")
            killed_text = right.text_input("Killed, as worded", value=inc.killed_text or "", key=f"{key}_ktext")
            i1, i2 = right.columns(2)
            injured_min = i1.number_input("Injured (min)", value=inc.injured_min, min_value=0, step=1,
                                          key=f"{key}_imin")
            injured_max = i2.number_input("Injured (max)", value=inc.injured_max, min_value=0, step=1,
                                          key=f"{key}_imax")
            injured_text = right.text_input("Injured, as worded", value=inc.injured_text or "", key=f"{key}_itext")
            ledger = right.text_area("Attributions (GROUP | status | by, one per line)",
                                     value=ledger_lines(inc.attributions), key=f"{key}_ledger",
                                     help="status: claimed, suspected, blamed or denied")
            try:
                edited = incident_from_form(inc, FormValues(
                    date=date, location=place, geo=geo, attack_type=attack_type, target=target,
                    killed_min=killed_min, killed_max=killed_max, killed_text=killed_text,
                    injured_min=injured_min, injured_max=injured_max, injured_text=injured_text,
                    ledger=ledger, summary=summary), store.registry)
            except ValidationError as e:
                st.error(f"Cannot save yet — {e.field}: {e.message}")
                continue
            if key in saved:
                st.success(saved[key])
                continue
            several = len(result.incidents) > 1
            cited = similar(store, edited, several=several)
            if cited:
                st.info(f"This report is already stored: {cited[0].id} cites it.")
            if store.read_only:
                st.caption(READ_ONLY_NOTE)
            if st.button("Save", key=f"{key}_save", type="primary", disabled=store.read_only):
                try:
                    outcome = save_reviewed(store, edited, several=several)
                except ValidationError as e:
                    st.error(f"Not saved — {e.field}: {e.message}")
                else:
                    saved[key] = outcome.message
                    st.success(outcome.message)
                    ids = st.session_state.setdefault("ar_ids", {})
                    ids[k] = outcome.id
                    for line in keep_combined(store, result, ids):
                        st.info(line)
