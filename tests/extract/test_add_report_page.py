"""The add-report page under AppTest, on a fresh seeded SQLite file: extract, review, save, no duplicates."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PAGE = str(ROOT / "pages" / "add-report.py")
REPORTS = ROOT / "tests" / "fixtures" / "reports"


@pytest.fixture
def page(app_env):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(PAGE, default_timeout=60)


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def extract(at, text: str, published: str | None = None):
    at.text_area(key="ar_text").set_value(text)
    if published:
        import datetime as dt

        at.date_input(key="ar_published").set_value(dt.date.fromisoformat(published))
    next(b for b in at.button if b.label == "Extract incidents").click()
    return ok(at.run())


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def store():
    from atlas.app import get_store

    return get_store()


def test_page_runs_empty_and_explains_an_empty_result(page):
    ok(page.run())
    assert page.title[0].value == "Add incidents from a report"
    extract(page, "   ")
    assert any("No incidents found: no text" in w.value for w in page.warning)


def test_extract_review_save_then_same_attack_links_into_its_event(page):
    ok(page.run())
    n0 = store().count()
    extract(page, (REPORTS / "combined_two_attacks.txt").read_text(encoding="utf-8"))
    md = markdown(page)
    assert "Incident 1" in md and "Incident 2" in md
    assert "<mark>Musakhel</mark>" in md  # evidence with the place highlighted
    assert page.text_input(key="ar1_0_place").value == "Musakhel"
    assert page.number_input(key="ar1_1_kmin").value is None  # a toll for both attacks is not split
    # correct a field before saving: the bus attack's target
    page.text_input(key="ar1_0_target").set_value("passenger bus")
    ok(page.run())
    page.button(key="ar1_0_save").click()
    ok(page.run())
    assert any("Saved as" in s.value for s in page.success)
    assert store().count() == n0 + 1
    saved = [i for i in store().incidents() if i.district == "Musakhel"]
    assert [i.target for i in saved] == ["passenger bus"]
    assert saved[0].attributions[0].group == "BLA"

    # the same report again (another address): a second record, which the linker puts in the same event
    page.text_input(key="ar_url").set_value("https://other.example/musakhel")
    extract(page, (REPORTS / "combined_two_attacks.txt").read_text(encoding="utf-8"))
    assert not any("already stored" in i.value for i in page.info)
    page.button(key="ar2_0_save").click()
    ok(page.run())
    assert any(f"the same attack as {saved[0].id}" in s.value for s in page.success), [s.value for s in page.success]
    assert store().count() == n0 + 2
    again = [i for i in store().incidents() if i.district == "Musakhel" and i.id != saved[0].id]
    assert len(again) == 1 and store().event_of([again[0].id])[again[0].id] == store().event_of([saved[0].id])[saved[0].id]


def test_place_correction_goes_through_the_gazetteer(page):
    ok(page.run())
    extract(page, (REPORTS / "school_bus_near_town.txt").read_text(encoding="utf-8"))
    page.text_input(key="ar1_0_place").set_value("Turbat")
    ok(page.run())
    geo = page.selectbox(key="ar1_0_geo_turbat")
    assert geo.value is not None and geo.value.name == "Turbat"
    page.button(key="ar1_0_save").click()
    ok(page.run())
    [inc] = [i for i in store().incidents() if i.location == "Turbat"]
    assert (inc.district, inc.lat is not None) == ("Kech", True)


def test_bad_ledger_line_is_named_and_nothing_is_saved(page):
    ok(page.run())
    n0 = store().count()
    extract(page, (REPORTS / "weekend_dozens.txt").read_text(encoding="utf-8"))
    page.text_area(key="ar1_0_ledger").set_value("Nobody Army | claimed")
    ok(page.run())
    assert any("attributions line 1" in e.value for e in page.error)
    assert not [b for b in page.button if b.key == "ar1_0_save"]
    assert store().count() == n0


def test_report_text_is_escaped_in_the_evidence(page):
    ok(page.run())
    extract(page, "<b>A bomb</b> exploded in Quetta on Monday, killing two policemen <script>alert(1)</script> "
                  "and <img src=x onerror=alert(1)> injuring three others, police said. More text follows here.",
            published="2024-03-06")
    md = markdown(page)
    assert "<script" not in md and "<img" not in md and "<b>" not in md


def test_page_runs_inside_the_dashboard_navigation(page):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    ok(at.run())
    at.switch_page("pages/add-report.py")
    ok(at.run())
    assert at.title[-1].value == "Add incidents from a report"


def test_binary_upload_is_not_a_text_file_and_the_uploader_states_the_real_limit(page):
    """A binary .txt is refused as "not a text file" (not "too long"); the uploader advertises the real
    limits (its own byte cap, and the 100,000 characters of text), not Streamlit's global 200 MB."""
    import random

    ok(page.run())
    up = page.file_uploader(key="ar_upload")
    assert 0 < up.proto.max_upload_size_mb < 200
    assert "100,000 characters" in up.proto.help
    rnd = random.Random(7)
    binary = b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(rnd.randrange(256) for _ in range(300_000))
    up.set_value(("scan.txt", binary, "text/plain"))
    next(b for b in page.button if b.label == "Extract incidents").click()
    ok(page.run())
    shown = " | ".join(e.value for e in [*page.error, *page.warning])
    assert "not a text file" in shown, shown
    assert "too long" not in shown
