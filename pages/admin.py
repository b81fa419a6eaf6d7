"""Admin (`/admin`, admins only, with sign-in on): the accounts — add one, change a role, reset a
password, disable or enable. The store checks the admin role on every change."""
from __future__ import annotations

import streamlit as st

from atlas.app import get_store
from atlas.navigation import ensure_navigation
from atlas.text import md_escape
from incidents.accounts import ROLE_RIGHTS, ROLES
from incidents.errors import AtlasError
from incidents.store.users import when

ensure_navigation()
store = get_store()
st.title("Users")
if not store.may("admin"):
    st.error("Only an admin manages users.", icon=":material/lock:")
    st.stop()
st.caption(" · ".join(f"**{r}**: {ROLE_RIGHTS[r]}" for r in ROLES))
for msg in st.session_state.pop("atlas_admin_done", []):
    st.success(md_escape(msg))

accounts = store.accounts()
st.dataframe([{"name": a.name, "role": a.role, "disabled": a.disabled, "e-mail": a.email or "",
               "created": when(a.created_at), "updated": when(a.updated_at)} for a in accounts],
             hide_index=True, width="stretch", key="atlas_admin_users")


def _done(call, message: str) -> None:
    try:
        call()
    except AtlasError as e:
        st.error(md_escape(f"Not done — {e}"))
    else:
        st.session_state["atlas_admin_done"] = [message]
        st.rerun()


left, right = st.columns(2)
with left.form("atlas_admin_add", clear_on_submit=True):
    st.markdown("**Add a user**")
    name = st.text_input("User name", key="atlas_admin_add_name")
    role = st.selectbox("Role", ROLES, key="atlas_admin_add_role")
    password = st.text_input("Password (at least 10 characters)", type="password", key="atlas_admin_add_password",
                             autocomplete="new-password")
    email = st.text_input("E-mail (optional: an identity provider's sign-in)", key="atlas_admin_add_email")
    if st.form_submit_button("Add user", type="primary"):
        _done(lambda: store.add_user(name, password, role, email=email or None), f"Added {name} ({role}).")

with right.form("atlas_admin_change"):
    st.markdown("**Change a user**")
    who = st.selectbox("User", [a.name for a in accounts], key="atlas_admin_who")
    new_role = st.selectbox("Role", ROLES, key="atlas_admin_role")
    new_password = st.text_input("New password", type="password", key="atlas_admin_password",
                                 autocomplete="new-password")
    c1, c2, c3, c4 = st.columns(4)
    if c1.form_submit_button("Set role"):
        _done(lambda: store.set_role(who, new_role), f"{who} is now {new_role}.")
    if c2.form_submit_button("Reset password"):
        _done(lambda: store.set_password(who, new_password), f"New password for {who}: their sessions ended.")
    if c3.form_submit_button("Disable"):
        _done(lambda: store.set_disabled(who, True), f"Disabled {who}: their sessions ended.")
    if c4.form_submit_button("Enable"):
        _done(lambda: store.set_disabled(who, False), f"Enabled {who}.")
