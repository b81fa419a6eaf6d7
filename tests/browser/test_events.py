"""One attack known to three sources (ACLED, GTD, a news report) in Debian's Chromium: one marker, the
sources' figures side by side in its card, a split that is remembered, and the review page."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.support.harness import StreamlitServer

pytestmark = pytest.mark.browser

DAY = dt.date(2023, 7, 30)
KHAR = (34.7297, 71.5246)  # Khar, Bajaur


def _records():
    from incidents.models import Attribution, Incident, Source

    base = dict(location="Khar", district="Bajaur", province="Khyber Pakhtunkhwa", province_code="PK-KP")
    return [
        [Incident(id="acled-PAK100", date=DAY, lat=KHAR[0], lon=KHAR[1], geo_precision=1, attack_type="Suicide bomb",
                  target="Civilians (Pakistan)", killed_min=54, killed_max=54, killed_text="54", dataset="ACLED",
                  dataset_event_id="PAK100", attributions=[Attribution("ISKP", "claimed", "Amaq")], **base)],
        [Incident(id="gtd-20230730", date=DAY + dt.timedelta(days=1), lat=34.73, lon=71.52, geo_precision=1,
                  attack_type="Bombing/Explosion", target="Private Citizens & Property", killed_min=63, killed_max=63,
                  killed_text="63", dataset="GTD", dataset_event_id="20230730", **base)],
        [Incident(id="report-dawn-khar", date=DAY, lat=34.68, lon=71.49, geo_precision=2, attack_type="suicide bombing",
                  target="political rally", killed_min=44, killed_text="at least 44",
                  attributions=[Attribution("ISKP", "suspected", "police officials")],
                  sources=[Source("Dawn", "Blast at rally in Bajaur", "https://example.org/dawn-khar", DAY)], **base)],
    ]


@pytest.fixture(scope="module")
def events_server(tmp_path_factory):
    from incidents.settings import Settings
    from incidents.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('atlas-events') / 'atlas.sqlite'}"
    store = Store.open(Settings(database_url=url))
    for batch in _records():  # as three imports would: each write links what it wrote
        store.save_many(batch)
    assert len(set(store.event_of(["acled-PAK100", "gtd-20230730", "report-dawn-khar"]).values())) == 1
    store.engine.dispose()
    server = StreamlitServer(url, log_path=tmp_path_factory.mktemp("events-log") / "streamlit.log").start()
    yield server, url
    server.stop()


def _click(frame, lat: float, lon: float) -> None:
    box = frame.locator(".leaflet-container").first
    x, y = box.evaluate("(el, [lat, lon]) => { const p = window.atlasFast.current._map"
                        ".latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon])
    box.click(position={"x": x, "y": y})


def test_one_marker_and_the_sources_side_by_side(app_page, events_server):
    server, _ = events_server
    app_page.open(server.url + "/")
    frame = app_page.map_frame()
    frame.locator('.leaflet-container[data-atlas-drawn][data-atlas-count="4"]').wait_for()  # 3 seeds + 1 attack
    metrics = app_page.page.get_by_test_id("stMetric")
    assert "4" in metrics.filter(has_text="Incidents").inner_text()
    _click(frame, *KHAR)
    popup = frame.locator(".leaflet-popup-content", has_text="Sources compared")
    popup.wait_for()
    text = popup.inner_text()
    assert "Sources disagree: killed 44–63 across 3 sources" in text
    assert "Killed: 63 (per GTD 20230730)" in text  # one source's figure, named; never a sum
    for line in ("ACLED PAK100:", "GTD 20230730:", "Dawn:"):
        assert line in text
    assert "killed 54" in text and "killed 63" in text and "killed at least 44" in text
    under = app_page.page.locator(".st-key-atlas_selected_0")
    under.wait_for()
    assert "Sources compared" in under.inner_text() and "44–63 across 3 sources" in under.inner_text()


def test_a_record_split_off_stays_apart_and_the_review_page_answers(app_page, events_server):
    from tests.support.stores import store_at

    server, url = events_server
    app_page.open(server.url + "/incidents?incident=acled-PAK100")
    detail = app_page.page.locator(".st-key-atlas_incident_detail")
    detail.wait_for()
    assert "3 records" in detail.inner_text()
    detail.get_by_role("button", name="Split off gtd-20230730").click()
    app_page.page.locator(".st-key-atlas_incident_detail", has_text="2 records").wait_for()
    with store_at(url) as store:
        events = store.event_of(["acled-PAK100", "gtd-20230730", "report-dawn-khar"])
        assert events["gtd-20230730"] == "gtd-20230730" and events["acled-PAK100"] == events["report-dawn-khar"]
        store.save_many(_records()[1])  # the GTD file imported again: the split holds
        assert store.event_of(["gtd-20230730"])["gtd-20230730"] == "gtd-20230730"
    app_page.open(server.url + "/review")
    app_page.page.get_by_text("Nothing to review.").wait_for()
