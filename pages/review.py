"""Review links (`/review`): pairs of records the linker was unsure of; confirm or reject each."""
from __future__ import annotations

import streamlit as st

from atlas.app import get_store, write_note
from atlas.card import record_line
from atlas.sidebar import render_filters, view_options

store = get_store()
render_filters(store)
st.title("Review links")
queue = store.review_queue()
st.caption(f"{len(queue):,} pair(s) of records the linker was unsure of: one attack told twice, or two attacks? "
           "Your answer is remembered across re-imports.")
if not queue:
    st.info("Nothing to review.", icon=":material/task_alt:")
elif write_note(store):
    st.caption(write_note(store))
for k, pair in enumerate(queue[:50]):
    a, b = store.get(pair.record_a), store.get(pair.record_b)
    if a is None or b is None:
        continue
    with st.container(border=True, key=f"atlas_review_{k}"):
        st.markdown(f"**Score {pair.score:.2f}**")
        for rec in (a, b):
            line = record_line(rec)
            st.text(f"{line['source']} ({rec.id}): {line['text']}")
        if not view_options().presenting and store.may("analyst"):
            left, right = st.columns(2)
            if left.button("Same attack: link", key=f"atlas_review_link_{k}"):
                store.link([a.id or "", b.id or ""], by=store.user or "dashboard")
                st.rerun()
            if right.button("Different attacks", key=f"atlas_review_reject_{k}"):
                store.reject_link(a.id or "", b.id or "", by=store.user or "dashboard")
                st.rerun()
if len(queue) > 50:
    st.caption(f"Showing the 50 most likely of {len(queue):,}; `python -m incidents review` lists them all.")
