"""The dashboard's sign-in: sessions that end (hours, a disabled account, a reset password), an
identity provider's user mapped by e-mail, and the app under AppTest with sign-in on: nothing before
the form, a wrong password refused, a viewer without write widgets, an analyst with them, sign-out."""
from __future__ import annotations

import time

import pytest

from atlas.signin import REFUSED, THROTTLE, Session, Throttle, expired, oidc_account, valid_account
from incidents.accounts import SignInRefused

PW = "correct horse battery"


@pytest.fixture
def accounts(sqlite_store):
    for name, role in (("root", "admin"), ("ana", "analyst"), ("vera", "viewer")):
        sqlite_store.add_user(name, PW, role)
    sqlite_store.set_email("ana", "Ana@Example.org")
    return sqlite_store


def test_a_session_ends_after_its_hours():
    s = Session("ana", at=1000.0)
    assert not expired(s, 12, 1000.0) and not expired(s, 12, 1000.0 + 12 * 3600 - 1)
    assert expired(s, 12, 1000.0 + 12 * 3600) and expired(s, 0.5, 1000.0 + 1801)
    assert expired(s, 12, 999.0)  # a clock gone back before sign-in


def test_a_session_ends_when_its_account_is_disabled_or_its_password_reset(accounts):
    ana = accounts.authenticate("ana", PW)
    s, now = Session("ana", 1000.0, ana.password_set_at), 1000.0 + 60
    assert valid_account(accounts, s, 12, now) == (ana, None)
    assert valid_account(accounts, s, 12, 1000.0 + 13 * 3600) == (None, "Your session ended after 12 hours: sign in again.")
    accounts.set_role("ana", "viewer")
    assert valid_account(accounts, s, 12, now)[0].role == "viewer"  # a changed role holds at once
    accounts.set_password("ana", "a brand new secret")
    assert valid_account(accounts, s, 12, now) == (None, "Your password was changed: sign in again.")
    ana = accounts.account("ana")
    s = Session("ana", 1000.0, ana.password_set_at)
    accounts.set_disabled("ana")
    assert valid_account(accounts, s, 12, now) == (None, "Your account was disabled: ask an admin.")
    assert valid_account(accounts, Session("gone", 1000.0), 12, now)[0] is None


def test_an_identity_providers_user_maps_to_an_account_by_email(accounts):
    assert oidc_account(accounts, {}) is None  # nobody signed in there
    assert oidc_account(accounts, {"is_logged_in": False, "email": "ana@example.org"}) is None
    assert oidc_account(accounts, {"is_logged_in": True, "email": "ANA@example.org "}).name == "ana"
    for user in ({"is_logged_in": True, "email": "eve@example.org"}, {"is_logged_in": True}):
        with pytest.raises(SignInRefused, match="no enabled account has the e-mail"):
            oidc_account(accounts, user)
    accounts.set_disabled("ana")
    with pytest.raises(SignInRefused):
        oidc_account(accounts, {"is_logged_in": True, "email": "ana@example.org"})


def test_failed_sign_ins_per_name_are_throttled():
    t = Throttle(limit=3, window=600)
    for k in range(3):
        assert t.wait("Vera", 1000.0 + k) == 0
        t.failed("Vera", 1000.0 + k)
    assert t.wait("vera ", 1010.0) == pytest.approx(590.0)  # names match as typed loosely
    assert t.wait("ana", 1010.0) == 0  # another name is not held up
    assert t.wait("vera", 1600.5) == 0  # the first failure has aged out
    t.succeeded("vera")
    assert t.wait("vera", 1003.0) == 0


# -- the app under AppTest, sign-in on ---------------------------------------------------------------

@pytest.fixture
def signed_app(app, monkeypatch, tmp_path):
    """The dashboard with ATLAS_AUTH=on on a seeded database with root (admin), ana (analyst), vera (viewer)."""
    from incidents.settings import Settings, get_settings
    from incidents.store import Store

    monkeypatch.setenv("ATLAS_AUTH", "on")
    get_settings.cache_clear()
    store = Store.open(Settings(database_url=f"sqlite:///{tmp_path / 'atlas.sqlite'}"))
    for name, role in (("root", "admin"), ("ana", "analyst"), ("vera", "viewer")):
        store.add_user(name, PW, role)
    store.engine.dispose()
    return app


def _sign_in(at, name: str, password: str = PW):
    at.text_input(key="atlas_signin_name").input(name)
    at.text_input(key="atlas_signin_password").input(password)
    at.button(key="FormSubmitter:atlas_signin-Sign in").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _nothing_but_the_form(at) -> None:
    assert [t.value for t in at.title] == ["Incident Atlas"]
    assert not at.metric and not at.get("multiselect") and not at.dataframe
    assert at.text_input(key="atlas_signin_name") is not None


def test_nothing_is_drawn_before_sign_in_and_a_wrong_password_is_refused(signed_app):
    at = signed_app.run()
    assert not at.exception
    _nothing_but_the_form(at)
    _sign_in(at, "vera", "not her password")
    assert [e.value for e in at.error] == [REFUSED]
    _nothing_but_the_form(at)
    assert at.text_input(key="atlas_signin_password").value == ""  # not kept
    _sign_in(at, "nobody", PW)
    assert [e.value for e in at.error] == [REFUSED]
    for _ in range(6):  # five refused, the sixth not even tried
        _sign_in(at, "guessme", "wrong password!")
    assert [e.value for e in at.error] == ["Too many failed sign-ins for this user name: try again in 10 minute(s)."]
    THROTTLE.succeeded("guessme")


def test_a_viewer_reads_and_exports_but_sees_no_write_widget(signed_app):
    from atlas.app import VIEWER_NOTE

    at = _sign_in(signed_app.run(), "vera")
    at.run()
    assert at.title[0].value == "Incident map" and any(m.label == "Incidents" and m.value == "3" for m in at.metric)
    assert "Signed in as **vera** (viewer)" in " ".join(c.value for c in at.caption)
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception and not at.get("file_uploader")
    assert any(VIEWER_NOTE in i.value for i in at.info)
    assert [b.label for b in at.get("download_button")][:1] == ["Download CSV"]  # export stays
    at.switch_page("pages/incidents.py")
    at.query_params["incident"] = "seed-2023-09-29-hangu"
    at.run()
    assert not at.exception and not [b for b in at.button if b.label.startswith("Split off")]


def test_an_analyst_may_write_and_the_admin_page_is_only_for_admins(signed_app):
    at = _sign_in(signed_app.run(), "ana")
    at.switch_page("pages/data.py")
    at.run()
    assert at.get("file_uploader")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")  # not in an analyst's navigation


def test_an_admin_adds_a_user_on_the_admin_page(signed_app, tmp_path):
    from incidents.store import Store

    at = _sign_in(signed_app.run(), "root")
    at.switch_page("pages/admin.py")
    at.run()
    assert at.title[0].value == "Users" and len(at.dataframe[0].value) == 3
    at.text_input(key="atlas_admin_add_name").input("newbie")
    at.selectbox(key="atlas_admin_add_role").select("analyst")
    at.text_input(key="atlas_admin_add_password").input("short")
    at.button(key="FormSubmitter:atlas_admin_add-Add user").click()
    at.run()
    assert any("a password needs at least 10 characters" in e.value for e in at.error)
    at.text_input(key="atlas_admin_add_name").input("newbie")
    at.text_input(key="atlas_admin_add_password").input(PW)
    at.selectbox(key="atlas_admin_add_role").select("analyst")
    at.button(key="FormSubmitter:atlas_admin_add-Add user").click()
    at.run()
    assert not at.exception and any("Added newbie" in s.value for s in at.success)
    store = Store(f"sqlite:///{tmp_path / 'atlas.sqlite'}")
    assert store.authenticate("newbie", PW).role == "analyst"


def test_a_session_expires_on_the_server_and_sign_out_ends_it(signed_app):
    at = _sign_in(signed_app.run(), "vera")
    assert at.title[0].value == "Incident map"
    s = at.session_state["atlas_session"]
    at.session_state["atlas_session"] = Session(s.name, time.time() - 13 * 3600, s.password_set_at)
    at.run()
    _nothing_but_the_form(at)
    assert [e.value for e in at.error] == ["Your session ended after 12 hours: sign in again."]
    _sign_in(at, "vera")
    assert at.title[0].value == "Incident map"
    at.button(key="atlas_signout").click()
    at.run()
    _nothing_but_the_form(at)
    assert [e.value for e in at.error] == ["You signed out."]


def test_with_no_account_yet_the_form_says_how_to_create_the_first_admin(app, monkeypatch):
    from incidents.settings import get_settings

    monkeypatch.setenv("ATLAS_AUTH", "on")
    get_settings.cache_clear()
    at = app.run()
    assert not at.exception
    assert any("python -m incidents users add admin --role admin" in i.value for i in at.info)


@pytest.mark.parametrize("page", ["map.py", "attribution.py", "casualties.py", "incidents.py", "data.py",
                                  "review.py", "add-report.py", "admin.py"])
def test_a_page_run_alone_draws_nothing_before_sign_in(signed_app, page):
    """Streamlit's legacy pages/ mode runs a page file without dashboard.py: the page stops at get_store."""
    from streamlit.testing.v1 import AppTest

    from incidents.paths import ROOT

    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.metric and not at.dataframe and not at.title and not at.get("file_uploader") and not at.text_area


def test_a_viewer_signing_in_at_a_link_to_add_report_is_told_why_it_shows_nothing(signed_app):
    """QA: a viewer signing in at /add-report landed on another page with no word of why."""
    at = signed_app.run()
    at.switch_page("pages/add-report.py")  # the deep link the sign-in form waits on
    at.run()
    _nothing_but_the_form(at)
    _sign_in(at, "vera")
    assert [i.value for i in at.info] == [
        "Add report needs the analyst role (you are signed in as a viewer). The menu lists the pages you may open."]
    assert not at.get("text_area") and not at.get("file_uploader")  # nothing of the page itself
