"""The shared sidebar filters in Debian's Chromium, typed as an analyst types them."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _group_box(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text="Group")


def _type_group(app_page, text: str) -> None:
    box = _group_box(app_page.page).locator("input")
    box.click()
    box.fill(text)
    box.press("Enter")
    app_page.page.keyboard.press("Escape")
    app_page.wait_idle()


def _showing(page, caption: str):
    """The filter caption reads exactly ``caption`` (what may follow " · " is a note on the figures)."""
    return page.get_by_text(re.compile(rf"^Showing: {re.escape(caption)}( ·.*)?$"))


def _tags(page) -> list[str]:
    return _group_box(page).locator("[data-tag]").evaluate_all("ts => ts.map(t => t.getAttribute('aria-label'))")


def test_typing_a_group_and_enter_selects_that_group_only(app_page, streamlit_server):
    """IS + Enter selects IS (not every option whose label fuzzily holds "i…s"); an alias selects its group."""
    page = app_page.page
    app_page.open(streamlit_server.url + "/")
    _type_group(app_page, "IS")
    _showing(page, "IS").wait_for()
    assert _query(page).get("group") == ["IS"]
    assert len(_tags(page)) == 1 and _tags(page)[0].startswith("IS ")
    _type_group(app_page, "Pakistani Taliban")  # an alias of TTP
    _showing(page, "IS, TTP").wait_for()
    assert _query(page).get("group") == ["IS", "TTP"]
    _type_group(app_page, "iskp")  # a code in any case
    _showing(page, "IS, TTP, ISKP").wait_for()
    assert _query(page).get("group") == ["IS", "TTP", "ISKP"] and len(_tags(page)) == 3


def test_a_typed_to_date_survives_a_page_link_clicked_next(app_page, streamlit_server):
    """Type a "To" date and, without pressing Enter, click another page's link: the click switches
    the page (it is not swallowed) and the date stays in the filter and in the URL."""
    page = app_page.page
    app_page.open(streamlit_server.url + "/")
    to = page.locator('[data-testid="stSidebar"] [role="group"][aria-label="To"]')
    to.get_by_role("spinbutton", name="year, To").click()
    page.keyboard.type("20231231")  # the segments advance as one types; no Enter, no Tab
    page.locator('[data-testid="stSidebarNav"] a', has_text="Casualties").click()
    page.get_by_role("heading", name="Casualties").wait_for(timeout=15_000)
    app_page.wait_idle()
    page.get_by_text("Showing: until 31 Dec 2023", exact=False).wait_for(timeout=15_000)
    assert _query(page).get("to") == ["2023-12-31"], page.url
    page.locator('[data-testid="stSidebarNav"] a', has_text="Incidents").click()
    page.get_by_role("heading", name="Incidents").wait_for()
    app_page.wait_idle()
    assert _query(page).get("to") == ["2023-12-31"], page.url
    assert to.inner_text().replace("\n", "") == "2023-12-31"
