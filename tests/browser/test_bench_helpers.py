"""The benchmark's browser helpers (bench/browser.py), run against the tests' own server: the
stopwatch times a real filter change, the meter counts what the page received, and a request to
another host would be recorded."""
from __future__ import annotations

import pytest

from tests.support.bench import bench_module

pytestmark = pytest.mark.browser


def test_the_benchmark_times_a_filter_change_and_counts_the_bytes(streamlit_server, browser):
    bench = bench_module("browser")
    measuring = bench.Browser(browser)
    try:
        page = measuring.context().new_page()
        meter = bench.Meter()
        meter.attach(page)
        page.goto(streamlit_server.url + "/attribution")
        page.wait_for_function(bench.CHARTS_JS, arg=[1, "All attacks"], timeout=60_000)
        bench.wait_idle(page, timeout=60_000)
        page.wait_for_timeout(200)
        assert meter.http > 1_000_000  # plotly.js and Streamlit's own scripts, uncached in a new context
        assert meter.ws > 1_000 and meter.responses > 5
        assert any(url.endswith("/plotly.min.js") for url in meter.by_url)

        page.locator(".st-key-atlas_f_group input").click()
        option = page.get_by_role("option", name="TTP — Tehreek-e-Taliban Pakistan")
        option.wait_for()
        in_page, wall = bench.timed_click(page, option, "charts", [1, "TTP"], timeout=60_000)
        assert 0 < in_page < wall < 60
        subtitles = page.locator('[data-testid="atlasChart"] .gtitle-subtitle').all_text_contents()
        assert subtitles == ["TTP"]  # the stopwatch stopped on the new filter's chart, not the old one
        assert measuring.external == []
    finally:
        measuring.close()
