"""The incident card (/incidents?incident=…) in Debian's Chromium: text from data that looks like an
address or a formula reads as typed — no escaping debris, no links made of it — and the card's only
links are its sources' http(s) addresses."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.support.harness import StreamlitServer

pytestmark = pytest.mark.browser

FORMULA = '=HYPERLINK("http://evil.example/x_1","y")'
PLAIN = {
    "location": "Near www.evil.example (kiosk)",
    "target": "ops@police.example.pk",
    "summary": f"Cell read {FORMULA}; see https://not-a-source.example/a_b(c) and www.dawn.com, mail ops@dawn.com.",
}
SOURCE = "https://dawn.example/news/1"
WORD_JOINER = "\u2060"  # invisible (atlas.text.md_escape's guard against autolinks)


@pytest.fixture(scope="module")
def card_server(tmp_path_factory):
    from incidents.models import Incident, Source
    from incidents.settings import Settings
    from incidents.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('atlas-card') / 'atlas.sqlite'}"
    store = Store.open(Settings(database_url=url))
    store.save(Incident(id="card-text", date=dt.date(2024, 5, 1), district="Peshawar", province="Khyber Pakhtunkhwa",
                        province_code="PK-KP", lat=34.0, lon=71.5, geo_precision=1, killed_text=FORMULA,
                        sources=[Source("news@dawn.example", "www.dawn.example report", SOURCE, None)], **PLAIN))
    store.engine.dispose()
    server = StreamlitServer(url, log_path=tmp_path_factory.mktemp("card-log") / "streamlit.log").start()
    yield server
    server.stop()


def test_card_text_reads_as_typed_and_links_only_its_sources(app_page, card_server):
    app_page.open(card_server.url + "/incidents?incident=card-text")
    detail = app_page.page.locator(".st-key-atlas_incident_detail")
    detail.wait_for()
    app_page.wait_idle()
    text = detail.inner_text().replace(WORD_JOINER, "")
    for value in (FORMULA, *PLAIN.values()):
        assert value in text, (value, text)
    assert "\\" not in text  # no escaping debris
    links = detail.locator("a").evaluate_all("as => as.map(a => [a.getAttribute('href'), a.textContent])")
    links = [[href, name.replace(WORD_JOINER, "")] for href, name in links]
    assert links == [[SOURCE, "news@dawn.example — www.dawn.example report"]], links
