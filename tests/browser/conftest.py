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
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-gpu", "--no-first-run", "--disable-sync", "--disable-default-apps",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """``streamlit run dashboard.py`` on a free localhost port with the given environment."""

    def __init__(self, database_url: str, *, env: dict[str, str] | None = None, log_path: Path | None = None):
        self.database_url = database_url
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = env or {}
        self.log_path = log_path
        self._proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> "StreamlitServer":
        env = {**os.environ, "DATABASE_URL": self.database_url, "PYTHONDONTWRITEBYTECODE": "1", **self.extra_env}
        self._log = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self._proc.returncode}; log: {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy in {timeout}s; log: {self.log_path}")

    @property
    def pid(self) -> int:
        """The streamlit process's id (once started)."""
        return self._proc.pid

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()


@dataclass
class AppPage:
    """A Playwright page on the app that refuses and records non-local requests and dialogs."""

    page: object
    external_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def open(self, url: str, timeout: float = 45_000) -> None:
        """Go to ``url`` and wait until the app has finished its script run."""
        self.page.goto(url)
        self.wait_idle(timeout)

    def wait_idle(self, timeout: float = 45_000) -> None:
        self.page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout)
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
        host = urlparse(r.request.url).hostname or ""
        if host in LOCAL_HOSTS or r.request.url.startswith(("data:", "blob:", "about:")):
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


__all__ = ["AppPage", "StreamlitServer", "XSS_INCIDENT", "XSS_PROBE"]
