"""The Data page's mapping step in Debian's Chromium: an analyst uploads an eight-column team log in
no known layout, reads the field guessed for each column, corrects the one the guess missed, and
imports; the records carry the corrected field and a second import changes nothing."""
from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.support.stores import store_at

from .conftest import ROOT, StreamlitServer
from .test_data_page import _new_database, _upload, _wait_metric

pytestmark = pytest.mark.browser

TEAM_LOG = ROOT / "tests" / "fixtures" / "io" / "team_log_gtd.csv"


def _team_log_with_unguessable_group_column() -> bytes:
    """The team log as a team keeps it, its perpetrator column headed "who" (no guess fits that name)."""
    rows = list(csv.reader(TEAM_LOG.read_text(encoding="utf-8").splitlines()))
    rows[0][rows[0].index("perpetrator_group")] = "who"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def server(tmp_path):
    srv = StreamlitServer(_new_database(tmp_path), log_path=tmp_path / "streamlit.log").start()
    yield srv
    srv.stop()


def test_map_the_columns_of_a_team_log_correct_one_and_import(app_page, server):
    page = app_page.page
    app_page.open(server.url + "/data")
    page.get_by_role("heading", name="Data").wait_for()
    _upload(page, {"name": "team_log.csv", "mimeType": "text/csv", "buffer": _team_log_with_unguessable_group_column()})
    page.get_by_text("Map the columns of team_log.csv").wait_for()
    app_page.wait_idle()
    assert page.get_by_text("Detected layout:").count() == 0

    def chosen(column: str) -> str:
        """The field a column's select box shows."""
        return page.get_by_role("combobox", name=column, exact=True).input_value()

    assert chosen("city") == "place (town, village)"
    assert chosen("fatalities") == "killed"
    assert chosen("who") == "— not used"
    # the preview of the first rows reads the file through the guessed mapping: no group yet
    page.get_by_text("First rows as incidents").wait_for()

    page.get_by_role("combobox", name="who", exact=True).click()
    page.get_by_role("option", name="group (perpetrator)", exact=True).click()
    expect(page.get_by_role("combobox", name="who", exact=True)).to_have_value("group (perpetrator)")
    app_page.wait_idle()

    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Last import").wait_for()
    _wait_metric(page, "Imported", "11")
    app_page.wait_idle()
    page.get_by_text("Group names the registry does not know").wait_for()
    page.get_by_text("Places the offline gazetteer does not know").wait_for()
    with store_at(server.database_url) as s:
        quetta = s.find_by_dataset("team_log", "201701090018")
        assert [(a.group, a.status) for a in quetta.attributions] == [("TTP", "blamed")]
        assert quetta.lat is not None and quetta.killed_min == 1
        assert s.find_by_dataset("team_log", "201711170025").lat is None  # Mand: kept without a point
        total = s.count()

    page.get_by_role("button", name="Import", exact=True).click()  # the same file again: nothing changes
    _wait_metric(page, "Unchanged", "11")
    app_page.wait_idle()
    with store_at(server.database_url) as s:
        assert s.count() == total
