"""Browser-test fixtures: a real ``streamlit run dashboard.py`` on localhost and Debian's Chromium
driven by Playwright, with every request to a host other than localhost refused and recorded.

Reusable by every page's browser tests::

    @pytest.mark.browser
    def test_my_page(app_page, streamlit_server):
        app_page.open(streamlit_server.url + "/data")
        app_page.page.get_by_text("…").wait_for()
        # app_page.external_requests is checked empty after each test

``streamlit_server`` runs on a temporary SQLite database seeded by ``Store.open`` plus
:data:`XSS_INCIDENT` (a summary carrying an HTML injection probe). Tests that need other data can
start their own :class:`StreamlitServer`.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.harness import CHROMIUM, CHROMIUM_ARGS, IDLE_APP, ROOT, StreamlitServer, is_local

#: CSS: any element a script run has drawn in the page's main area.
FIRST_ELEMENT = '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]'
XSS_PROBE = "<img src=x onerror=alert(1)>"
#: An extra incident whose summary and place carry HTML; it must show as text everywhere.
XSS_INCIDENT = {
    "id": "test-xss-probe",
    "date": "2024-03-02",
    "location": "Probe <b>town</b>",
    "district": "Peshawar",
    "province": "Khyber Pakhtunkhwa",
    "province_code": "PK-KP",
    "lat": 34.2,
    "lon": 71.9,
    "geo_precision": 1,
    "attack_type": "IED",
    "killed_min": 3, "killed_max": 3, "killed_text": "three ${alert(2)} `x`",
    "summary": f"Probe summary {XSS_PROBE} end of summary",
    "sources": [{"outlet": "Probe <script>alert(3)</script> Times", "title": "t",
                 "url": "https://example.org/report?a=1&b=<2>"}],
}


@dataclass
class AppPage:
    """A Playwright page on the app that refuses and records non-local requests and dialogs."""

    page: object
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def open(self, url: str, timeout: float = 45_000) -> None:
        """Go to ``url`` and wait until the app has finished its first script run. Between connecting
        and starting that run the app already reads as not running, so first wait for something
        the run has drawn."""
        self.page.goto(url)
        self.page.locator(FIRST_ELEMENT).first.wait_for(timeout=timeout)
        self.wait_idle(timeout)

    def wait_idle(self, timeout: float = 45_000) -> None:
        self.page.locator(IDLE_APP).wait_for(timeout=timeout)
        self.page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=timeout)

    def map_frame(self):
        """The st_folium iframe (a Streamlit component)."""
        return self.page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        if not found:
            pytest.fail("Debian's chromium is needed for browser tests: apt-get install -y chromium "
                        "(bash scripts/test.sh installs it)")
        return found
    return CHROMIUM


@pytest.fixture(scope="session")
def atlas_database(tmp_path_factory) -> str:
    """A SQLite database seeded like a new install, plus the XSS probe incident."""
    from incidents.models import Incident
    from incidents.settings import Settings
    from incidents.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('atlas-browser') / 'atlas.sqlite'}"
    store = Store.open(Settings(database_url=url))
    store.save(Incident.from_dict(XSS_INCIDENT))
    assert store.count() == 4, "the seed incidents did not load"
    store.engine.dispose()
    return url


@pytest.fixture(scope="session")
def streamlit_server(atlas_database, tmp_path_factory):
    log = tmp_path_factory.mktemp("streamlit-log") / "streamlit.log"
    server = StreamlitServer(atlas_database, log_path=log).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def app_page(browser):
    """A fresh browser context (1400×1000) on which off-host requests are aborted and recorded; the
    test fails afterwards if the app attempted any, or raised a dialog or a page error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    app = AppPage(page)

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            app.external_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("dialog", lambda d: (app.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: app.page_errors.append(str(e)))
    yield app
    context.close()
    assert app.external_requests == [], f"the app requested non-local URLs: {app.external_requests}"
    assert app.dialogs == [], f"a dialog fired (script injection?): {app.dialogs}"
    assert app.page_errors == [], f"JavaScript errors: {app.page_errors}"


__all__ = ["AppPage", "ROOT", "StreamlitServer", "XSS_INCIDENT", "XSS_PROBE"]
