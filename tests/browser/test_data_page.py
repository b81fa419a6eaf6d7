"""The /data page in Debian's Chromium against `streamlit run`, as an analyst uses it: upload an ACLED
export, read the mapping preview, import, read the summary and the row errors, re-import, survive a
junk file, and download the filtered incidents.

Each test runs its own server on its own SQLite file (the page writes), so the shared browser
database other tests count on is never touched.
"""
from __future__ import annotations

import csv
import io
import os
import threading
import time
from pathlib import Path

import pytest

from .conftest import ROOT, StreamlitServer
from tests.support.bench import bench_module
from tests.support.stores import store_at

pytestmark = pytest.mark.browser

ACLED = ROOT / "tests" / "fixtures" / "io" / "acled.csv"
#: The fixture's rows that are good Pakistani events, and the bad ones (row as a spreadsheet numbers
#: it, header = 1; the column the page must name).
GOOD_IDS = {"acled-PAK1001", "acled-PAK1002", "acled-PAK1003", "acled-PAK1004", "acled-PAK1009"}
BAD_ROWS = [("6", "fatalities"), ("7", "event_date"), ("8", "latitude"), ("9", "latitude")]
HOSTILE_LOCATION = '=HYPERLINK("http://x")'  # PAK1009's location cell


def _new_database(tmp_path: Path, *, with_acled: bool = False) -> str:
    """A seeded SQLite file like a new install (3 seed incidents), optionally with the ACLED fixture."""
    from incidents.settings import Settings
    from incidents.store import Store

    url = f"sqlite:///{tmp_path / 'atlas.sqlite'}"
    store = Store.open(Settings(database_url=url))
    if with_acled:
        from incidents.io import import_file

        assert import_file(ACLED, store).imported == len(GOOD_IDS)
    store.engine.dispose()
    return url


@pytest.fixture
def server(tmp_path):
    srv = StreamlitServer(_new_database(tmp_path), log_path=tmp_path / "streamlit.log").start()
    yield srv
    srv.stop()


@pytest.fixture
def acled_server(tmp_path):
    srv = StreamlitServer(_new_database(tmp_path, with_acled=True), log_path=tmp_path / "streamlit.log").start()
    yield srv
    srv.stop()


def _upload(page, path_or_payload) -> None:
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(path_or_payload)


def _metrics(page) -> dict[str, str]:
    out = {}
    for m in page.locator('[data-testid="stMetric"]').all():
        out[m.locator('[data-testid="stMetricLabel"]').inner_text().strip()] = \
            m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def _wait_metric(page, label: str, value: str) -> None:
    page.locator('[data-testid="stMetric"]', has=page.locator('[data-testid="stMetricLabel"]', has_text=label)) \
        .locator('[data-testid="stMetricValue"]', has_text=value).wait_for()


def _grid_rows(grid) -> list[list[str]]:
    """The cells of an st.dataframe, read from the grid's accessible table (the canvas has no text)."""
    grid.locator('td[role="gridcell"]').first.wait_for(state="attached")
    rows = []
    for tr in grid.locator('tbody tr[role="row"]').all():
        rows.append([c.strip() for c in tr.locator('td[role="gridcell"]').all_inner_texts()])
    return rows


def _pick_in_sidebar_multiselect(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text=label)
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def _download_csv(app_page, name_has: str | None = None) -> list[dict[str, str]]:
    """Download the CSV (its suggested file name holds ``name_has``, the filter) and read its rows."""
    page = app_page.page
    page.get_by_role("tab", name="Export").click()
    button = page.get_by_role("button", name="Download CSV")
    button.wait_for()
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".csv")
    if name_has is not None:
        assert name_has in download.suggested_filename, download.suggested_filename
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_upload_preview_import_errors_then_reimport_is_unchanged(app_page, server):
    page = app_page.page
    app_page.open(server.url + "/data")
    page.get_by_role("heading", name="Data").wait_for()
    assert page.get_by_text("Showing: All attacks").count() == 1  # the shared layout's caption

    _upload(page, ACLED)
    detected = page.locator('[data-testid="stMarkdownContainer"] p', has_text="Detected layout:")
    detected.wait_for()
    app_page.wait_idle()
    line = detected.inner_text()
    assert "ACLED" in line and "acled.csv" in line and "UTF-8" in line and "comma-separated" in line
    page.get_by_text("Column mapping").click()
    mapping = page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"]')
    mapped = {tuple(r) for r in _grid_rows(mapping)}  # the rows in view (the grid is virtualised)
    assert {("date", "event_date"), ("district", "admin2"), ("lat", "latitude")} <= mapped, mapped
    assert page.get_by_text("of the first rows have problems").count() == 1
    with store_at(server.database_url) as s:  # a preview writes nothing
        assert s.count() == 3

    # first click imports (no double click)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Last import").wait_for()
    _wait_metric(page, "Imported", "5")
    app_page.wait_idle()
    assert page.locator('[data-testid="stProgress"]').count() == 0  # the summary replaced the bar
    assert _metrics(page) == {"Rows": "10", "Imported": "5", "Updated": "0", "Unchanged": "0", "Skipped": "5"}
    page.get_by_text("4 row(s) skipped with errors").wait_for()
    errors = page.locator('.st-key-atlas_data_errors [data-testid="stDataFrame"]')
    rows = _grid_rows(errors)
    assert [(r[0], r[1]) for r in rows] == BAD_ROWS, rows
    assert "'three'" in rows[0][2] and "2023-02-30" in rows[1][2] and "swapped" in rows[2][2]

    with store_at(server.database_url) as s:
        assert s.count() == 3 + len(GOOD_IDS)
        stored = {i.id for i in s.incidents()}
        assert GOOD_IDS <= stored
        assert not {"acled-PAK1005", "acled-PAK1006", "acled-PAK1007", "acled-PAK1008", "acled-AFG2001"} & stored
        mastung = s.get("acled-PAK1001")
        assert (mastung.killed_min, mastung.district, mastung.province_code) == (60, "Mastung", "PK-BA")
        assert s.get("acled-PAK1009").killed_min is None  # blank fatalities = unknown, not 0

    # change a sidebar filter, then import the same file again: one click, nothing changes
    _pick_in_sidebar_multiselect(page, "Province", "Balochistan")
    page.get_by_text("Showing: Balochistan").wait_for()
    app_page.wait_idle()
    assert "province=PK-BA" in page.url
    page.get_by_role("button", name="Import", exact=True).click()
    _wait_metric(page, "Unchanged", "5")
    app_page.wait_idle()
    assert _metrics(page) == {"Rows": "10", "Imported": "0", "Updated": "0", "Unchanged": "5", "Skipped": "5"}
    with store_at(server.database_url) as s:
        assert s.count() == 3 + len(GOOD_IDS)


def test_unreadable_file_shows_one_line_and_writes_nothing(app_page, server):
    page = app_page.page
    app_page.open(server.url + "/data")
    junk = bytes(range(256)) * 40 + b"\x00\xff\xfe" * 500
    _upload(page, {"name": "export.csv", "mimeType": "text/csv", "buffer": junk})
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for()
    app_page.wait_idle()
    message = error.inner_text().strip()
    assert message.startswith("This file cannot be imported:")
    assert "\n" not in message and len(message) < 300, message
    assert page.locator('[data-testid="stException"]').count() == 0  # no traceback
    assert page.get_by_role("button", name="Import", exact=True).count() == 0
    assert page.get_by_text("Detected layout:").count() == 0
    with store_at(server.database_url) as s:
        assert s.count() == 3


def _reader_processes(parent: int) -> set[int]:
    """Pids of the import reader processes whose parent is ``parent`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int(next(line for line in (entry / "status").read_text().splitlines()
                            if line.startswith("PPid:")).split()[1])
        except (OSError, StopIteration, ValueError):
            continue
        if ppid == parent and b"incidents.io.reader_process" in cmdline:
            found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs Linux /proc and a second CPU (a large file is read in a second process)")
def test_a_large_upload_is_read_by_a_second_process_under_streamlit_run(app_page, server, tmp_path):
    path = bench_module("bench_import").write_acled_file(tmp_path / "acled-large.csv", 10_000)
    from incidents.io.importer import PARALLEL_MIN_BYTES

    assert path.stat().st_size >= PARALLEL_MIN_BYTES
    page = app_page.page
    app_page.open(server.url + "/data")
    _upload(page, path)
    page.locator('[data-testid="stMarkdownContainer"] p', has_text="Detected layout:").wait_for()
    app_page.wait_idle()
    seen: set[int] = set()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.update(_reader_processes(server.pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        page.get_by_role("button", name="Import", exact=True).click()
        page.get_by_role("heading", name="Last import").wait_for(timeout=120_000)
        _wait_metric(page, "Imported", "10,000")
        app_page.wait_idle()
    finally:
        stop.set()
        watcher.join()
    assert _metrics(page) == {"Rows": "10,000", "Imported": "10,000", "Updated": "0", "Unchanged": "0",
                              "Skipped": "0"}
    assert seen, "the import did not start a reader process"
    assert _reader_processes(server.pid) == set()  # and none is left behind
    with store_at(server.database_url) as s:
        assert s.count() == 3 + 10_000


def test_csv_download_holds_exactly_the_filtered_incidents(app_page, acled_server):
    from incidents.filters import IncidentFilter

    page = app_page.page
    app_page.open(acled_server.url + "/data?group=IS")
    page.get_by_text("Showing: IS").wait_for()
    with store_at(acled_server.database_url) as s:
        want = {i.id for i in s.incidents(IncidentFilter.build(groups=["IS"]))}
        total = s.count()
        # an export holds every record of the matching events: ACLED's record of an attack a seed tells of too
        event_of = s.event_of(list(want))
        records = {r.id: e for e in set(event_of.values()) for r in s.event_records(e)}
    # the IS family (IS, ISKP, ISPP): the three seed bombings and ACLED's IS event, no TTP-only row
    assert want == {"seed-2023-09-29-mastung", "seed-2023-09-29-hangu", "seed-2024-09-14-kuchlak",
                    "acled-PAK1009"} and total == 8
    page.get_by_role("tab", name="Export").click()
    page.get_by_text("4 incident(s) match the filter").wait_for()

    rows = _download_csv(app_page, name_has="incidents_IS_")  # named after the filter
    assert {r["id"] for r in rows} == set(records) and len(rows) == len(records) >= len(want)
    assert {r["id"]: r["event_id"] for r in rows} == records
    hostile = next(r for r in rows if r["id"] == "acled-PAK1009")
    assert hostile["location"] == "'" + HOSTILE_LOCATION  # neutralised, text kept
    assert hostile["sources"] == "'@Dawn"
    assert hostile["summary"].startswith("<b>Markup</b>")  # markup stays text, not stripped
    for r in rows:
        for col, value in r.items():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), (r["id"], col, value)
            if value.startswith("-"):
                float(value)  # only a negative number may start with a minus

    # narrow the filter in the sidebar; the very next click downloads the narrower set
    _pick_in_sidebar_multiselect(page, "Province", "Khyber Pakhtunkhwa")
    page.get_by_text("Showing: IS · KP").wait_for()
    app_page.wait_idle()
    page.get_by_text("1 incident(s) match the filter").wait_for()
    rows = _download_csv(app_page, name_has="incidents_IS-KP_")
    assert [r["id"] for r in rows] == ["seed-2023-09-29-hangu"]
