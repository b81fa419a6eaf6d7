"""Browser measurement helpers for bench/run.py: Debian's Chromium through Playwright with every
non-local request refused, Chrome DevTools Protocol byte counting, and in-page timers. The server is
the tests' own (``tests.support.harness.StreamlitServer``).

Bytes "sent to the browser" = the sum of ``encodedDataLength`` of every finished HTTP response
(``Network.loadingFinished``: bytes on the wire, headers included; a response served from the
browser's cache counts 0) plus the payload length of every WebSocket frame received
(``Network.webSocketFrameReceived``; Streamlit's deltas travel uncompressed).
"""
from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any

from tests.support.harness import CHROMIUM, CHROMIUM_ARGS, IDLE_APP, is_local


@dataclass
class Meter:
    """Counts bytes received by one page through CDP."""

    http: int = 0
    ws: int = 0
    responses: int = 0
    by_url: dict[str, int] = field(default_factory=dict)
    _urls: dict[str, str] = field(default_factory=dict)

    def attach(self, page: Any) -> None:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: self._urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        self._cdp = cdp

    def _finished(self, e: dict) -> None:
        n = int(e.get("encodedDataLength") or 0)
        self.http += n
        self.responses += 1
        url = self._urls.get(e["requestId"], "?").split("?")[0]
        self.by_url[url] = self.by_url.get(url, 0) + n

    def _frame(self, e: dict) -> None:
        resp = e["response"]
        data = resp.get("payloadData", "")
        self.ws += len(base64.b64decode(data)) if resp.get("opcode") == 2 else len(data.encode())

    def reset(self) -> None:
        self.http = self.ws = self.responses = 0
        self.by_url.clear()

    @property
    def total(self) -> int:
        return self.http + self.ws


class Browser:
    """Chromium through Playwright. Every host but localhost resolves to nothing (Chromium's host
    resolver rules), so a non-local request fails; each one is recorded. (Playwright's request
    interception would do the same but turns the HTTP cache off, and "caches warm" is part of the
    method.)"""

    def __init__(self, browser: Any = None) -> None:
        """Launch Chromium; or measure in ``browser``, a Playwright browser already running (the
        browser tests' own), which ``close`` leaves open."""
        self._pw = None
        if browser is None:
            from playwright.sync_api import sync_playwright

            self._pw = sync_playwright().start()
            rules = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"
            browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, rules])
        self.browser = browser
        self.external: list[str] = []
        self._contexts: list[Any] = []

    def context(self):  # noqa: ANN201
        ctx = self.browser.new_context(viewport={"width": 1400, "height": 1000})

        def seen(request):  # noqa: ANN001, ANN202
            if not is_local(request.url):
                self.external.append(request.url)

        ctx.on("request", seen)
        self._contexts.append(ctx)
        return ctx

    def close(self) -> None:
        for ctx in self._contexts:
            ctx.close()
        if self._pw is not None:
            self.browser.close()
            self._pw.stop()


#: CSS: the st_folium map's iframe.
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def wait_idle(page: Any, timeout: float = 120_000) -> None:
    """Streamlit finished its script run."""
    page.locator(IDLE_APP).wait_for(timeout=timeout)


def map_frame(page: Any, timeout: float = 120_000):  # noqa: ANN201
    """The st_folium iframe's Frame (Playwright), once attached."""
    el = page.locator(MAP_IFRAME)
    el.wait_for(state="attached", timeout=timeout)
    return el.element_handle().content_frame()


#: JS: in the map's document ``doc``, the incident layer has painted ``n`` incidents of a payload
#: other than ``old``.
_LAYER_DRAWN = """(doc, [n, old]) => {
  const c = doc.querySelector('[data-atlas-drawn]');
  return !!c && c.getAttribute('data-atlas-count') === String(n) && c.getAttribute('data-atlas-drawn') !== old;
}"""

#: JS (in the map frame): ``_LAYER_DRAWN`` for the frame's own document.
DRAWN_JS = "(arg) => (" + _LAYER_DRAWN + ")(document, arg)"


#: JS (in the page): ``n`` current (not stale) plotly charts are drawn, each with ``caption`` as its
#: subtitle (the filter caption), so a chart still showing the previous filter does not count.
CHARTS_JS = """([n, caption]) => {
  const charts = [...document.querySelectorAll('[data-testid="atlasChart"]')]
    .filter(c => !c.closest('[data-stale="true"]'));
  return charts.length >= n && charts.every(
    c => [...c.querySelectorAll('.gtitle-subtitle')].some(t => t.textContent === caption));
}"""


#: JS (in the page): arm a stopwatch that starts at the next mousedown anywhere in the page (capture
#: phase, before any handler of the app runs).
ARM_JS = """() => {
  window.__atlasT0 = null; window.__atlasT1 = null;
  if (!window.__atlasArmed) {
    window.__atlasArmed = true;
    document.addEventListener('mousedown', () => {
      if (window.__atlasT0 === null) window.__atlasT0 = performance.now();
    }, true);
  }
}"""

#: JS (in the page): stop the stopwatch at the first animation frame in which the script run is idle
#: and the result is on screen: ``["charts", [n, caption]]`` (CHARTS_JS) or ``["map", [n, old]]``
#: (DRAWN_JS in the st_folium frame, read through its same-origin document).
STOP_JS = """([kind, arg]) => {
  const charts = """ + CHARTS_JS + """;
  const layerDrawn = """ + _LAYER_DRAWN + """;
  const mapDrawn = (arg) => {
    const f = document.querySelector('""" + MAP_IFRAME + """');
    return !!(f && f.contentDocument) && layerDrawn(f.contentDocument, arg);
  };
  const idle = () => document.querySelector('""" + IDLE_APP + """') !== null;
  const check = () => {
    if (window.__atlasT0 !== null && idle() && (kind === 'map' ? mapDrawn(arg) : charts(arg))) {
      window.__atlasT1 = performance.now();
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
}"""


def timed_click(page: Any, target: Any, kind: str, arg: list[Any], timeout: float = 120_000) -> tuple[float, float]:
    """Click ``target`` with a real mouse event at its centre and time, inside the page, from that
    mousedown to the first frame showing the result (see STOP_JS). Returns (seconds in the page,
    seconds as seen from here, which adds Playwright's round trips)."""
    box = target.bounding_box()
    page.evaluate(ARM_JS)
    page.evaluate(STOP_JS, [kind, arg])
    t0 = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => window.__atlasT1 !== null", timeout=timeout)
    wall = time.perf_counter() - t0
    in_page = page.evaluate("() => window.__atlasT1 - window.__atlasT0") / 1000
    return in_page, wall


def drawn_token(frame: Any) -> str | None:
    return frame.evaluate("() => { const c = document.querySelector('[data-atlas-drawn]');"
                          " return c ? c.getAttribute('data-atlas-drawn') : null; }")
