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
accounts = store.accounts()
st.dataframe([{"name": a.name, "role": a.role, "disabled": a.disabled, "e-mail": a.email or "",
               "created": when(a.created_at), "updated": when(a.updated_at)} for a in accounts],
             hide_index=True, width="stretch")
for msg in st.session_state.pop("atlas_admin_done", []):
    st.success(md_escape(msg))


def _do(action: str) -> None:
    """A form's button callback (it runs once per click, before the page draws)."""
    ss = st.session_state
    name = ss.get("atlas_admin_add_name", "") if action == "add" else ss.get("atlas_admin_who") or ""
    try:
        if action == "add":
            role = ss.get("atlas_admin_add_role")
            store.add_user(name, ss.get("atlas_admin_add_password", ""), role,
                           email=ss.get("atlas_admin_add_email") or None)
            message = f"Added {name} ({role})."
        elif action == "role":
            store.set_role(name, ss.get("atlas_admin_role"))
            message = f"{name} is now {ss.get('atlas_admin_role')}."
        elif action == "password":
            store.set_password(name, ss.get("atlas_admin_password", ""))
            message = f"New password for {name}: their open sessions ended."
        else:
            store.set_disabled(name, action == "disable")
            message = f"{'Disabled' if action == 'disable' else 'Enabled'} {name}" + (
                ": their open sessions ended." if action == "disable" else ".")
    except AtlasError as e:
        ss["atlas_admin_failed"] = f"Not done — {e}"
    else:
        ss["atlas_admin_done"] = [message]
    ss["atlas_admin_add_password"] = ss["atlas_admin_password"] = ""  # passwords are not kept


if failed := st.session_state.pop("atlas_admin_failed", None):
    st.error(md_escape(failed))
left, right = st.columns(2)
with left.form("atlas_admin_add"):
    st.markdown("**Add a user**")
    st.text_input("User name", key="atlas_admin_add_name")
    st.selectbox("Role", ROLES, key="atlas_admin_add_role")
    st.text_input("Password (at least 10 characters)", type="password", key="atlas_admin_add_password",
                  autocomplete="new-password")
    st.text_input("E-mail (optional: an identity provider's sign-in)", key="atlas_admin_add_email")
    st.form_submit_button("Add user", type="primary", on_click=_do, args=("add",))

with right:
    st.markdown("**Change a user**")
    # outside the form: picking a user shows that user's role (a form would not redraw on the pick)
    who = st.selectbox("User", [a.name for a in accounts], key="atlas_admin_who")
    current = next((a.role for a in accounts if a.name == who), ROLES[0])
    if st.session_state.get("atlas_admin_role_of") != who:  # a new pick starts from the user's own role
        st.session_state["atlas_admin_role"] = current
        st.session_state["atlas_admin_role_of"] = who
    with st.form("atlas_admin_change"):
        st.selectbox("Role", ROLES, key="atlas_admin_role", help=f"{who} is {current} now" if who else None)
        st.text_input("New password", type="password", key="atlas_admin_password", autocomplete="new-password")
        for row in ((("Set role", "role"), ("Reset password", "password")), (("Disable", "disable"), ("Enable", "enable"))):
            for col, (label, action) in zip(st.columns(2), row):
                col.form_submit_button(label, on_click=_do, args=(action,), width="stretch")
