"""The dashboard in Debian's Chromium against `streamlit run`, with no internet."""
from __future__ import annotations

import pytest

from .conftest import XSS_INCIDENT, XSS_PROBE

SEEDS = ("seed-2023-09-29-mastung", "seed-2023-09-29-hangu", "seed-2024-09-14-kuchlak")
pytestmark = pytest.mark.browser


def _incident_ids(frame) -> set[str]:
    paths = frame.locator("path[data-incident]")
    return {paths.nth(i).get_attribute("data-incident") for i in range(paths.count())}


def _wait_incidents(frame, n: int) -> None:
    frame.locator("path[data-incident]").nth(n - 1).wait_for()
    assert frame.locator("path[data-incident]").count() == n


def test_map_draws_provinces_and_seed_incidents_offline(app_page, streamlit_server):
    app_page.open(streamlit_server.url + "/")
    frame = app_page.map_frame()
    _wait_incidents(frame, 4)
    assert set(SEEDS) <= _incident_ids(frame)
    provinces = frame.locator("path[data-province]")
    codes = {provinces.nth(i).get_attribute("data-province") for i in range(provinces.count())}
    assert {"PK-BA", "PK-KP"} <= codes
    assert frame.locator("path.atlas-province-focus").count() == 2
    labels = frame.locator(".atlas-label-place").all_inner_texts()
    assert {"Quetta", "Peshawar"} <= {t.strip() for t in labels}
    assert "Attributed to" in frame.locator(".atlas-legend").inner_text()
    # Leaflet came from the app, not a CDN (the fixture also asserts no off-host request at all)
    assert frame.locator("script[src$='/app/static/leaflet/leaflet.js']").count() == 1
    assert app_page.page.get_by_text("Showing: All incidents").count() == 1


def test_group_in_url_leaves_only_hangu(app_page, streamlit_server):
    app_page.open(streamlit_server.url + "/?group=ISKP")
    frame = app_page.map_frame()
    _wait_incidents(frame, 1)
    assert _incident_ids(frame) == {"seed-2023-09-29-hangu"}
    assert app_page.page.get_by_text("Showing: ISKP").count() == 1
    metric = app_page.page.locator('[data-testid="stMetric"]').first
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == "1"


def test_clicking_an_incident_shows_its_wording(app_page, streamlit_server):
    app_page.open(streamlit_server.url + "/")
    frame = app_page.map_frame()
    _wait_incidents(frame, 4)
    frame.locator('path[data-incident="seed-2023-09-29-hangu"]').click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "at least five" in text and "more than 10" in text
    assert "ISKP" in text and "suspected" in text and "TTP" in text and "denied" in text
    # the click reaches the page too: the incident card below the map
    app_page.page.get_by_text("experts (stronger presence in Hangu district)", exact=False).last.wait_for()


def test_xss_probe_stays_text(app_page, streamlit_server):
    app_page.open(streamlit_server.url + "/")
    frame = app_page.map_frame()
    _wait_incidents(frame, 4)
    frame.locator(f'path[data-incident="{XSS_INCIDENT["id"]}"]').click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert XSS_PROBE in text
    assert "Probe <b>town</b>" in text
    assert "<script>alert(3)</script>" in text
    assert "${alert(2)}" in text
    assert popup.locator("img, script, b:has-text('town')").count() == 0
    link = popup.locator("a[href^='https://example.org/report']")
    assert link.get_attribute("target") == "_blank"
    assert frame.locator("img[src='x']").count() == 0
    # the incidents page shows it as text too
    app_page.open(streamlit_server.url + f"/incidents?incident={XSS_INCIDENT['id']}")
    detail = app_page.page.locator(".st-key-atlas_incident_detail")
    detail.wait_for()
    assert XSS_PROBE in detail.inner_text()
    assert app_page.page.locator("img[src='x']").count() == 0
    assert app_page.dialogs == []


def test_attribution_chart_renders(app_page, streamlit_server):
    app_page.open(streamlit_server.url + "/attribution")
    chart = app_page.page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for()
    titles = chart.locator(".gtitle").all_text_contents()  # SVG text: no innerText
    assert any("Incidents and killed by group" in t for t in titles)
    assert "Showing: All incidents" in app_page.page.locator('[data-testid="stCaptionContainer"]').first.text_content()
    ticks = set(chart.locator(".ytick text").all_text_contents())
    assert {"TTP", "IS", "↳ ISKP", "↳ ISPP", "Unattributed"} <= ticks
    notes = " ".join(chart.locator(".annotation-text").all_text_contents())
    assert "Data as of" in notes and "Sources:" in notes
    assert chart.locator(".bars .point path").count() >= 5  # bars drawn


def test_casualty_charts_render_with_lower_bounds(app_page, streamlit_server):
    app_page.open(streamlit_server.url + "/casualties")
    charts = app_page.page.locator('[data-testid="stPlotlyChart"]')
    charts.nth(3).locator(".main-svg").first.wait_for()
    assert charts.count() == 4
    per_incident = charts.nth(3)
    labels = per_incident.locator("text.bartext").all_text_contents()
    assert "46+" in labels and "5+" in labels and "2" in labels


def test_filter_survives_page_switch_and_reset(app_page, streamlit_server):
    app_page.open(streamlit_server.url + "/?group=ISKP")
    app_page.page.get_by_text("Showing: ISKP").wait_for()
    app_page.page.locator('[data-testid="stSidebarNav"] a', has_text="Casualties").click()
    app_page.page.get_by_role("heading", name="Casualties").wait_for()
    app_page.wait_idle()
    app_page.page.get_by_text("Showing: ISKP").wait_for()
    assert "group=ISKP" in app_page.page.url
    app_page.page.get_by_role("button", name="Reset filters").click()
    app_page.page.get_by_text("Showing: All incidents").wait_for()
    assert "group=" not in app_page.page.url


def test_first_request_for_a_subpage_uses_the_dashboard_layout(app_page, atlas_database, tmp_path):
    """A fresh server whose first request is a shared link to /casualties in presentation mode."""
    from .conftest import StreamlitServer

    server = StreamlitServer(atlas_database, log_path=tmp_path / "streamlit.log").start()
    try:
        app_page.open(server.url + "/casualties?group=ISKP&present=1")
        page = app_page.page
        page.get_by_role("heading", name="Casualties").wait_for()
        page.get_by_role("button", name="Exit presentation mode").wait_for()
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.get_by_text("Showing: ISKP").count() == 1
        page.get_by_role("button", name="Exit presentation mode").click()
        page.locator('[data-testid="stSidebar"]').wait_for(state="visible")
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Attribution" in nav and "dashboard" not in nav  # st.navigation titles, not file names
        assert "present=" not in page.url and "group=ISKP" in page.url
    finally:
        server.stop()
