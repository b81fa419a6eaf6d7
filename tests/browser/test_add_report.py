"""The add-report page in Debian's Chromium against `streamlit run`, as an analyst uses it: follow a
direct link to /add-report, paste a wire report (or upload a saved HTML page), read the evidence,
correct the extraction, save, and find the incident on /incidents — without making a duplicate when
the same report comes in again, and without running any markup a report carries.

Each test starts its own server on its own seeded SQLite file and opens /add-report as the server's
FIRST request (Streamlit's legacy pages/ mode must give way to the app's navigation).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ROOT, StreamlitServer
from tests.support.stores import store_at

pytestmark = pytest.mark.browser

WIRE = ROOT / "tests" / "fixtures" / "browser" / "wire_bannu_checkpost.txt"
WIRE_TITLE = "Militants storm police checkpost in Bannu, three policemen killed"
HTML_PAGE = ROOT / "tests" / "fixtures" / "reports" / "html_page.html"
SEED_IDS = {"seed-2023-09-29-mastung", "seed-2023-09-29-hangu", "seed-2024-09-14-kuchlak"}
HOSTILE = """Bomb kills four in Quetta <script>alert(1)</script>

Published June 3, 2024

QUETTA: A remote-controlled bomb <img src=x onerror=alert(1)> exploded near a police van in Quetta on Sunday, \
killing four people <script>alert(1)</script> and injuring seven others, officials said.
"""


@pytest.fixture
def server(tmp_path):
    """A fresh server on a new seeded database that has served no page yet."""
    from incidents.settings import Settings
    from incidents.store import Store

    url = f"sqlite:///{tmp_path / 'atlas.sqlite'}"
    Store.open(Settings(database_url=url)).engine.dispose()
    srv = StreamlitServer(url, log_path=tmp_path / "streamlit.log").start()
    yield srv
    srv.stop()


PAGE_NOT_FOUND = '[role="dialog"]:has-text("Page not found")'


def _open_add_report(app_page, server) -> None:
    """The first request to the server is the direct link; it must land inside the app's layout.

    No "Page not found" dialog may cover it (see test_direct_link_raises_no_page_not_found_dialog).
    """
    page = app_page.page
    app_page.open(server.url + "/add-report")
    page.get_by_role("heading", name="Add incidents from a report").wait_for()
    app_page.wait_idle()
    assert page.locator(PAGE_NOT_FOUND).count() == 0
    assert page.url.split("?")[0].rstrip("/").endswith("/add-report")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Reset filters").wait_for()
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    for title in ("Map", "Incidents", "Add report", "Data"):
        assert title in nav, nav
    assert "add_report" not in nav and "dashboard" not in nav  # st.navigation titles, not file names
    # the shared sidebar drawn by dashboard.py is there (filters + briefing options)
    assert sidebar.get_by_text("Filters", exact=True).count() == 1
    assert sidebar.get_by_role("button", name="Reset filters").count() == 1


def _extract(app_page, *, text: str | None = None, upload: Path | None = None) -> None:
    page = app_page.page
    if text is not None:
        page.get_by_label("Report text").fill(text)
    if upload is not None:
        page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(upload)
        page.locator('[data-testid="stFileUploader"]').get_by_text(upload.name).wait_for()
    page.get_by_role("button", name="Extract incidents").click()
    page.get_by_role("heading", name="Incident 1", exact=True).wait_for()
    app_page.wait_idle()


def _marks(page) -> list[str]:
    return [t.strip() for t in page.locator('[data-testid="stExpanderDetails"] mark').all_inner_texts()]


def _commit(page, label: str, value: str) -> None:
    """Type into a text input, press Enter, then Tab on to the next field, as an analyst does.

    (Tab matters after the Place: with the focus left in it, Streamlit 1.67 swallows the first click on
    a selectbox once the suggestions have changed — the list opens on the second click.)
    """
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    box.press("Tab")


def _choose(page, label: str, option: re.Pattern) -> None:
    """Open a selectbox's list and click one of its options."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()


def _save(app_page) -> str:
    """Click Save once; the success line's text."""
    page = app_page.page
    page.get_by_role("button", name="Save", exact=True).click()
    done = page.locator('[data-testid="stAlertContentSuccess"]')
    done.wait_for()
    app_page.wait_idle()
    return done.inner_text().strip()


def test_direct_link_raises_no_page_not_found_dialog(app_page, server):
    page = app_page.page
    app_page.open(server.url + "/add-report")
    page.get_by_role("heading", name="Add incidents from a report").wait_for()
    app_page.wait_idle()
    assert page.locator(PAGE_NOT_FOUND).count() == 0, "a 'Page not found' dialog covers the page"
    page.get_by_label("Report text").fill("x", timeout=5_000)  # the form is usable (not inert)


def test_direct_link_extract_correct_save_then_same_report_is_not_stored_twice(app_page, server):
    page = app_page.page
    _open_add_report(app_page, server)
    _extract(app_page, text=WIRE.read_text())

    # the evidence: the words behind each field, highlighted in their sentences
    page.locator('[data-testid="stExpanderDetails"] mark', has_text="three policemen").wait_for()
    marks = _marks(page)
    for words in ("on Monday", "Bannu", "three policemen", "at least five others", "armed with", "TTP",
                  "claimed responsibility"):
        assert words in marks, marks
    assert page.get_by_label("Killed, as worded", exact=True).input_value() == "three policemen"
    assert page.get_by_label("Place", exact=True).input_value() == "Bannu"

    # corrections from a later police statement: the wording, and the place — the checkpost was across
    # the line in Lakki Marwat district; the gazetteer's best guess is the town, the analyst picks the
    # district (the report gives no more than that)
    _commit(page, "Killed, as worded", "three policemen, including a sub-inspector")
    _commit(page, "Place", "Lakki Marwat")
    # the suggestions follow the new name (a new widget: the old one goes when the run ends)
    page.locator('input[aria-label="Gazetteer match"][value^="Lakki — town"]').wait_for()
    app_page.wait_idle()
    geo = page.get_by_role("combobox", name="Gazetteer match")
    expect(geo).to_have_count(1)
    _choose(page, "Gazetteer match", re.compile(r"^Lakki Marwat — district"))
    expect(geo).to_have_value(re.compile(r"^Lakki Marwat — district"))
    with store_at(server.database_url) as s:
        assert s.count() == 3  # nothing saved before Save
    district = next(h for h in _geocoder().suggest("Lakki Marwat", province="PK-KP") if h.kind == "district")

    message = _save(app_page)  # one click
    assert message.startswith("Saved as "), message
    new_id = message.removeprefix("Saved as ").rstrip(".")
    with store_at(server.database_url) as s:
        assert s.count() == 4
        inc = s.get(new_id)
    assert inc is not None and new_id not in SEED_IDS
    assert inc.killed_text == "three policemen, including a sub-inspector"
    assert (inc.killed_min, inc.killed_max) == (3, 3)
    assert (inc.injured_min, inc.injured_max, inc.injured_text) == (5, None, "at least five others")
    assert (inc.location, inc.district, inc.province_code) == ("Lakki Marwat", "Lakki Marwat", "PK-KP")
    assert (inc.lat, inc.lon, inc.geo_precision) == (district.lat, district.lon, 2)
    assert inc.date == dt.date(2024, 3, 11)  # "on Monday" before the 12 March publication
    assert [(a.group, a.status) for a in inc.attributions] == [("TTP", "claimed")]
    assert len(inc.sources) == 1
    source = inc.sources[0]
    assert (source.title, source.published) == (WIRE_TITLE, dt.date(2024, 3, 12))
    assert source.url

    # it is on /incidents (reached through the app's own navigation)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Incidents").click()
    page.get_by_role("heading", name="Incidents").wait_for()
    app_page.wait_idle()
    page.get_by_text("4 incident(s), newest first").wait_for()
    app_page.open(server.url + f"/incidents?incident={new_id}")
    card = page.locator(".st-key-atlas_incident_detail")
    card.get_by_text("Claim ledger").wait_for()
    text = card.inner_text()
    assert "Lakki Marwat, Lakki Marwat district" in text and "including a sub-inspector" in text
    assert WIRE_TITLE in text and "TTP — claimed" in text

    # the same report again: the page says it is stored already, and saving adds no duplicate
    page.locator('[data-testid="stSidebarNav"] a', has_text="Add report").click()
    page.get_by_role("heading", name="Add incidents from a report").wait_for()
    app_page.wait_idle()
    _extract(app_page, text=WIRE.read_text())
    page.get_by_text(f"This report is already stored: {new_id} cites it.").wait_for()
    message = _save(app_page)
    assert message == f"{new_id} already has this report as a source.", message
    with store_at(server.database_url) as s:
        assert s.count() == 4
        assert len(s.get(new_id).sources) == 1


def _geocoder():
    from incidents.geocoding import configured_geocoder

    return configured_geocoder()


def test_button_clicks_count_once_after_a_sidebar_filter_change(app_page, server):
    """Change a sidebar filter, then Extract and Save each on the first click."""
    page = app_page.page
    _open_add_report(app_page, server)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="Province")
    box.locator("input").click()
    page.get_by_role("option", name="Balochistan", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"province=PK-BA"))
    app_page.wait_idle()
    _extract(app_page, text=HOSTILE)
    _commit(page, "Killed, as worded", "four people, two of them policemen")
    app_page.wait_idle()
    # a filter change between extraction and saving keeps the review (and the edit); one click saves
    box.locator("input").click()
    page.get_by_role("option", name="Khyber Pakhtunkhwa", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"province=PK-KP"))
    app_page.wait_idle()
    assert page.get_by_label("Place", exact=True).input_value() == "Quetta"
    assert page.get_by_label("Killed, as worded", exact=True).input_value() == "four people, two of them policemen"
    message = _save(app_page)
    assert message.startswith("Saved as "), message
    with store_at(server.database_url) as s:
        assert s.count() == 4
        assert s.get(message.removeprefix("Saved as ").rstrip(".")).killed_text == "four people, two of them policemen"


def test_uploaded_html_page_is_extracted(app_page, server):
    page = app_page.page
    _open_add_report(app_page, server)
    _extract(app_page, upload=HTML_PAGE)
    assert page.get_by_role("heading", name="Incident 2", exact=True).count() == 0
    page.get_by_role("heading", name="Two policemen guarding polio team shot dead in Bajaur").wait_for()
    caption = page.get_by_text(re.compile(r"^1 incident\(s\) · published 2024-01-09")).inner_text()
    assert "The Frontier Post-Gazette" in caption
    # the evidence: highlighted once the expander's contents have arrived
    page.locator('[data-testid="stExpanderDetails"] mark', has_text="two policemen").wait_for()
    marks = _marks(page)
    assert "two policemen" in marks and "Bajaur" in marks, marks
    # the page's menus, scripts and sidebars are not the report
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Gwadar" not in body and "worshippers" not in body and "dataLayer" not in body
    assert page.get_by_label("Place", exact=True).input_value() in ("Bajaur", "Khar")
    assert page.get_by_label("Killed (min)", exact=True).input_value() == "2"
    message = _save(app_page)
    new_id = message.removeprefix("Saved as ").rstrip(".")
    with store_at(server.database_url) as s:
        inc = s.get(new_id)
    assert inc is not None and inc.province_code == "PK-KP" and inc.killed_min == 2
    assert inc.sources[0].url == "https://frontier-gazette.example/news/bajaur-polio-attack"
    assert inc.sources[0].outlet == "The Frontier Post-Gazette"


def test_hostile_report_shows_as_text_and_runs_nothing(app_page, server):
    page = app_page.page
    _open_add_report(app_page, server)
    _extract(app_page, text=HOSTILE)
    evidence = page.locator('[data-testid="stExpanderDetails"]')
    evidence.locator("mark", has_text="four people").wait_for()
    shown = evidence.inner_text()
    assert "<script>alert(1)</script>" in shown and "<img src=x onerror=alert(1)>" in shown
    # no element was made from the report's markup anywhere on the page
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("script").count() == 0
    assert main.locator('img[src="x"], img[onerror]').count() == 0
    assert page.get_by_label("Summary", exact=True).input_value().count("<script>alert(1)</script>") == 1
    assert "<script>" in page.locator('[data-testid="stHeading"]', has_text="Bomb kills four").inner_text()
    message = _save(app_page)
    assert message.startswith("Saved as ")
    assert app_page.dialogs == []
