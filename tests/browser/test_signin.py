"""Sign-in and roles in Debian's Chromium against `streamlit run` with ATLAS_AUTH=on: nothing before the
form; a wrong password refused with a clear message; a viewer reads the data and exports but is offered
no import, no report to add and no split; an analyst splits a record off (the store records who);
sign-out. The other browser tests run without sign-in (the loopback default)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.support.harness import StreamlitServer
from tests.support.stores import store_at

pytestmark = pytest.mark.browser

PW = "correct horse battery"
DAY = dt.date(2023, 7, 30)
REFUSED = "Sign-in refused: wrong user name or password, or the account is disabled."


@pytest.fixture(scope="module")
def signin_server(tmp_path_factory):
    """A server with sign-in on, on a seeded database with one attack told by ACLED and GTD (one event),
    and three accounts: root (admin), ana (analyst), vera (viewer)."""
    from incidents.models import Incident
    from incidents.settings import Settings
    from incidents.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('atlas-signin') / 'atlas.sqlite'}"
    store = Store.open(Settings(database_url=url))
    base = dict(location="Khar", district="Bajaur", province="Khyber Pakhtunkhwa", province_code="PK-KP",
                geo_precision=1, attack_type="Suicide bomb")
    store.save_many([Incident(id="acled-PAK100", date=DAY, lat=34.7297, lon=71.5246, killed_min=54, killed_max=54,
                              killed_text="54", dataset="ACLED", dataset_event_id="PAK100", **base)])
    store.save_many([Incident(id="gtd-20230730", date=DAY, lat=34.73, lon=71.52, killed_min=63, killed_max=63,
                              killed_text="63", dataset="GTD", dataset_event_id="20230730", **base)])
    assert len(set(store.event_of(["acled-PAK100", "gtd-20230730"]).values())) == 1
    for name, role in (("root", "admin"), ("ana", "analyst"), ("vera", "viewer")):
        store.add_user(name, PW, role)
    store.engine.dispose()
    server = StreamlitServer(url, env={"ATLAS_AUTH": "on"},
                             log_path=tmp_path_factory.mktemp("signin-log") / "streamlit.log").start()
    yield server, url
    server.stop()


def _sign_in(app_page, name: str, password: str = PW) -> None:
    form = app_page.page.get_by_test_id("stForm")
    form.get_by_label("User name").fill(name)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Sign in").click()
    app_page.wait_idle()


def _only_the_form(page) -> None:
    page.locator(".st-key-atlas_signin_box [data-testid=\"stForm\"]").wait_for()
    assert page.get_by_test_id("stMetric").count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.get_by_text("Filters", exact=True).count() == 0


def test_a_wrong_password_is_refused_with_a_clear_message(app_page, signin_server):
    server, _ = signin_server
    page = app_page.page
    app_page.open(server.url + "/")
    _only_the_form(page)
    _sign_in(app_page, "vera", "not her password")
    page.get_by_test_id("stAlertContentError").filter(has_text=REFUSED).wait_for()
    _only_the_form(page)
    _sign_in(app_page, "nobody", PW)
    page.get_by_test_id("stAlertContentError").filter(has_text=REFUSED).wait_for()
    _only_the_form(page)


def test_a_viewer_reads_and_exports_and_is_offered_no_write(app_page, signin_server):
    server, _ = signin_server
    page = app_page.page
    app_page.open(server.url + "/data")  # a direct link waits behind the form, then opens
    _only_the_form(page)
    _sign_in(app_page, "vera")
    page.get_by_role("heading", name="Data").wait_for()
    assert page.get_by_text("You are signed in as a viewer").count() == 1
    assert page.get_by_test_id("stFileUploader").count() == 0  # no import
    page.get_by_role("tab", name="Export").click()
    page.get_by_role("button", name="Download CSV").wait_for()  # export stays
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Map" in nav and "Data" in nav and "Add report" not in nav and "Admin" not in nav
    assert "Signed in as vera (viewer)" in page.locator(".st-key-atlas_account").inner_text()
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Map", exact=True).click()
    page.get_by_role("heading", name="Incident map").wait_for()
    app_page.wait_idle()
    assert "4" in page.get_by_test_id("stMetric").filter(has_text="Incidents").inner_text()  # 3 seeds + Khar
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Incidents", exact=True).click()
    page.get_by_role("heading", name="Incidents").wait_for()
    app_page.open(server.url + "/incidents?incident=acled-PAK100")  # a new browser session: sign in again
    _sign_in(app_page, "vera")
    detail = page.locator(".st-key-atlas_incident_detail")
    detail.wait_for()
    assert "2 records" in detail.inner_text()
    assert detail.get_by_role("button", name="Split off gtd-20230730").count() == 0  # no split
    app_page.open(server.url + "/add-report")  # a direct link to a page a viewer has not
    _sign_in(app_page, "vera")
    page.get_by_text("Add report needs the analyst role").wait_for()  # said, not a silent redirect
    assert page.get_by_role("heading", name="Add incidents from a report").count() == 0
    assert page.get_by_label("Report text").count() == 0


def test_an_analyst_splits_a_record_off_and_signs_out(app_page, signin_server):
    from incidents.store.schema import link_decisions

    server, url = signin_server
    page = app_page.page
    app_page.open(server.url + "/incidents?incident=acled-PAK100")
    _sign_in(app_page, "ana")
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Add report" in nav and "Admin" not in nav
    detail = page.locator(".st-key-atlas_incident_detail")
    split = detail.get_by_role("button", name="Split off gtd-20230730")
    split.click()
    split.wait_for(state="detached")  # one record left: nothing more to split
    app_page.wait_idle()
    with store_at(url) as store:
        assert store.event_of(["gtd-20230730"])["gtd-20230730"] == "gtd-20230730"
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(link_decisions.c.by)).scalars().all() == ["ana"]  # who, not "dashboard"
        store.link(["acled-PAK100", "gtd-20230730"])  # as it was, for any test after this one
    page.locator(".st-key-atlas_account").get_by_role("button", name="Sign out").click()
    page.get_by_test_id("stAlertContentError").filter(has_text="You signed out.").wait_for()
    _only_the_form(page)
