"""The dashboard's sign-in: the form, the signed-in session (kept on the server, in the session's
state) and its end, and an identity provider's user (``st.login``) mapped to an account by e-mail.

A session ends ``ATLAS_SESSION_HOURS`` after sign-in, when its account is disabled or its password
reset, or on "Sign out"; the account's role is read again on every run, so a changed role holds at
once. Nothing here grants a right: the session's store is bound to the account
(``Store.as_user``) and the store's write gate checks the role.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any, Mapping

import streamlit as st

from incidents.accounts import Account, SignInRefused
from incidents.store import Store

log = logging.getLogger(__name__)

_SESSION = "atlas_session"
_NOTICE = "atlas_signin_notice"
FORM_KEY = "atlas_signin"
REFUSED = "Sign-in refused: wrong user name or password, or the account is disabled."


@dataclass(frozen=True)
class Session:
    """Who signed in this browser session, when (``time.time()``), and their password's date then."""

    name: str
    at: float
    password_set_at: Any = None


def expired(session: Session, hours: float, now: float) -> bool:
    """True once ``hours`` have passed since sign-in (or the clock went back before it)."""
    return not (session.at <= now < session.at + hours * 3600)


def valid_account(store: Store, session: Session, hours: float, now: float) -> tuple[Account | None, str | None]:
    """The session's account as stored now, or None with the reason the session ended."""
    if expired(session, hours, now):
        return None, f"Your session ended after {hours:g} hours: sign in again."
    account = store.account(session.name)
    if account is None or account.disabled:
        return None, "Your account was disabled: ask an admin."
    if account.password_set_at != session.password_set_at:
        return None, "Your password was changed: sign in again."
    return account, None


def oidc_account(store: Store, user: Mapping[str, Any]) -> Account | None:
    """The account an identity provider's signed-in user maps to by e-mail (``st.user``); None when
    nobody is signed in there; SignInRefused for an e-mail no enabled account has."""
    if not user.get("is_logged_in"):
        return None
    email = str(user.get("email") or "").strip()
    account = store.account_by_email(email) if email else None
    if account is None or account.disabled:
        log.info("identity-provider sign-in refused for %r", email[:320])
        raise SignInRefused(f"no enabled account has the e-mail {email or '(none given)'}: ask an admin to add it "
                            "(python -m incidents users add NAME --role viewer --no-password --email ADDRESS)")
    return account


def session_account(store: Store, mode: str, hours: float, now: float | None = None) -> Account | None:
    """The account signed in to this browser session (``mode``: ``password`` or ``oidc``), or None;
    a session that ended is forgotten, with the reason kept for the form."""
    now = time.time() if now is None else now
    ss = st.session_state
    if mode == "oidc":
        try:
            account = oidc_account(store, _st_user())
        except SignInRefused as e:
            ss[_NOTICE] = str(e)
            return None
        if account is None:
            ss.pop(_SESSION, None)
            return None
        current = ss.get(_SESSION)
        if not isinstance(current, Session) or current.name != account.name:
            ss[_SESSION] = current = Session(account.name, now)
        if expired(current, hours, now):
            ss[_NOTICE] = f"Your session ended after {hours:g} hours: sign in again."
            ss.pop(_SESSION, None)
            st.logout()
            return None
        return account
    current = ss.get(_SESSION)
    if not isinstance(current, Session):
        return None
    account, reason = valid_account(store, current, hours, now)
    if account is None:
        ss.pop(_SESSION, None)
        ss[_NOTICE] = reason
    return account


class Throttle:
    """At most ``limit`` failed sign-ins per user name within ``window`` seconds, for the whole server
    process (every browser session): guessing a password takes the argon2 check and then this wait.
    It counts names whether an account has them or not, so it tells nothing of which exist."""

    def __init__(self, limit: int = 5, window: float = 600.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait(self, name: str, now: float) -> float:
        """Seconds until ``name`` may try again (0: now)."""
        with self._lock:
            q = self._failures.get(name.strip().lower())
            if not q:
                return 0.0
            while q and q[0] <= now - self.window:
                q.popleft()
            return q[0] + self.window - now if len(q) >= self.limit else 0.0

    def failed(self, name: str, now: float) -> None:
        with self._lock:
            self._failures[name.strip().lower()].append(now)
            if len(self._failures) > 10_000:  # a flood of names: forget the oldest
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.strip().lower(), None)


THROTTLE = Throttle()


def _st_user() -> Mapping[str, Any]:
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - no [auth] in secrets.toml: nobody signed in there
        return {}


def _submit(store: Store) -> None:
    ss = st.session_state
    name = str(ss.get(f"{FORM_KEY}_name") or "")
    password = str(ss.get(f"{FORM_KEY}_password") or "")
    ss[f"{FORM_KEY}_password"] = ""  # the password is not kept in the session
    now = time.time()
    wait = THROTTLE.wait(name, now)
    if wait:
        ss[_NOTICE] = f"Too many failed sign-ins for this user name: try again in {max(1, round(wait / 60))} minute(s)."
        return
    try:
        account = store.authenticate(name, password)
    except SignInRefused:
        THROTTLE.failed(name, now)
        ss[_NOTICE] = REFUSED
        return
    THROTTLE.succeeded(name)
    ss[_SESSION] = Session(account.name, time.time(), account.password_set_at)
    ss.pop(_NOTICE, None)
    log.info("%s signed in (%s)", account.name, account.role)


def sign_in_form(store: Store, mode: str) -> None:
    """The sign-in screen (nothing else of the Atlas is drawn before it), in a container keyed
    ``atlas_signin_box`` (browser tests find it by its class ``st-key-atlas_signin_box``)."""
    with st.container(key=f"{FORM_KEY}_box", width=520):
        _sign_in_screen(store, mode)


def _sign_in_screen(store: Store, mode: str) -> None:
    st.title("Incident Atlas")
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.error(notice, icon=":material/lock:")
    if mode == "oidc":
        st.caption("Sign in with your organisation's account.")
        st.button("Sign in", type="primary", key=f"{FORM_KEY}_oidc", on_click=st.login)
        return
    if not store.accounts():
        from .access import FIRST_ADMIN

        st.info("Sign-in is on and there is no account yet. On the server, create the first admin with "
                f"`{FIRST_ADMIN}` (it asks for a password), then sign in here.", icon=":material/person_add:")
    with st.form(FORM_KEY, border=True, enter_to_submit=True):
        st.caption("Sign in to continue.")
        st.text_input("User name", key=f"{FORM_KEY}_name", autocomplete="username")
        st.text_input("Password", type="password", key=f"{FORM_KEY}_password", autocomplete="current-password")
        st.form_submit_button("Sign in", type="primary", on_click=_submit, args=(store,))


def sign_out() -> None:
    st.session_state.pop(_SESSION, None)
    st.session_state[_NOTICE] = "You signed out."


def account_box(store: Store, mode: str) -> None:
    """The signed-in user and a "Sign out" button, in the sidebar."""
    if mode == "off" or store.user is None:
        return
    with st.sidebar.container(key="atlas_account"):
        st.caption(f"Signed in as **{store.user}** ({store.role or 'no rights'})")
        st.button("Sign out", key="atlas_signout", on_click=st.logout if mode == "oidc" else sign_out,
                  type="tertiary", icon=":material/logout:")
