"""atlas.review: evidence highlighting, the ledger text, form values back into an incident, saving."""
from __future__ import annotations

import datetime as dt

import pytest

from atlas.review import (FormValues, highlight_html, incident_from_form, ledger_lines, parse_ledger,
                          save_reviewed, similar)
from geo.geocoder import get_geocoder
from incidents.errors import ValidationError
from incidents.extract import extract_incidents
from incidents.models import Attribution

REPORT = ("QUETTA: A roadside bomb struck a police van in Mastung district on Tuesday, killing three policemen "
          "and wounding seven others, officials said. The TTP denied involvement.")


def test_highlight_escapes_and_marks():
    html = highlight_html('<b>5</b> killed & "two" injured', ["<b>5</b>", "two"])
    assert html == '<mark>&lt;b&gt;5&lt;/b&gt;</mark> killed &amp; "<mark>two</mark>" injured'
    assert highlight_html("abc", ["x", ""]) == "abc"
    # Markdown in report text stays literal: no links, no emphasis, no maths
    md = highlight_html("see [here](javascript:alert(1)) *now* $x$", ["now"])
    assert "[here](" not in md and "\\[here\\]" in md and "\\$x\\$" in md
    assert "<mark>now</mark>" in md
    assert highlight_html("aaa", ["aa", "a"]) == "<mark>aaa</mark>"  # overlaps merge


def test_ledger_round_trip_and_errors():
    atts = [Attribution("TTP", "denied", "TTP statement"), Attribution("ISKP", "suspected", None)]
    assert parse_ledger(ledger_lines(atts)) == atts
    assert parse_ledger("Pakistani Taliban | Blamed | the military") == [Attribution("TTP", "blamed", "the military")]
    with pytest.raises(ValidationError, match="attributions line 2"):
        parse_ledger("TTP | denied\nTTP | rumoured")
    with pytest.raises(ValidationError, match="unknown group"):
        parse_ledger("Nobody Army | claimed")


@pytest.fixture
def extracted():
    return extract_incidents(REPORT, published="2024-03-06").incidents[0].incident


def values(inc, **kw) -> FormValues:
    base = dict(date=inc.date, location=inc.location, geo=None, attack_type=inc.attack_type, target=inc.target,
                killed_min=inc.killed_min, killed_max=inc.killed_max, killed_text=inc.killed_text,
                injured_min=inc.injured_min, injured_max=inc.injured_max, injured_text=inc.injured_text,
                ledger=ledger_lines(inc.attributions), summary=inc.summary)
    base.update(kw)
    return FormValues(**base)


def test_form_values_back_into_an_incident(extracted):
    geo = get_geocoder("offline").geocode("Kuchlak")
    inc = incident_from_form(extracted, values(extracted, location="Kuchlak", geo=geo, killed_max=None,
                                               killed_text="at least three policemen", killed_min=3,
                                               ledger="TTP | denied | TTP\nBLA | suspected | police"))
    assert (inc.location, inc.district, inc.lat, inc.geo_precision) == ("Kuchlak", "Quetta", geo.lat, 1)
    assert (inc.killed_min, inc.killed_max, inc.killed_text) == (3, None, "at least three policemen")
    assert [(a.group, a.status) for a in inc.attributions] == [("TTP", "denied"), ("BLA", "suspected")]
    assert inc.sources == extracted.sources


def test_form_without_coordinates_and_bad_values(extracted):
    inc = incident_from_form(extracted, values(extracted, location="Somewhere unlisted", geo=None))
    assert (inc.lat, inc.lon, inc.district) == (None, None, None)
    with pytest.raises(ValidationError) as e:
        incident_from_form(extracted, values(extracted, killed_min=5, killed_max=2))
    assert e.value.field == "killed_min"
    with pytest.raises(ValidationError) as e:
        incident_from_form(extracted, values(extracted, date=dt.date.today() + dt.timedelta(days=3)))
    assert e.value.field == "date"
    with pytest.raises(ValidationError) as e:
        incident_from_form(extracted, values(extracted, location="  "))
    assert e.value.field == "location"


def test_save_new_then_another_report_of_it_joins_its_event(store, extracted):
    inc = incident_from_form(extracted, values(extracted))
    first = save_reviewed(store, inc)
    assert first.kind == "inserted" and store.count() == 1
    again = inc.copy(sources=[inc.sources[0].__class__("Dawn", None, "https://dawn.example/x", None)])
    assert similar(store, again) == []  # not this report: the linker decides on save
    second = save_reviewed(store, again)
    assert second.kind == "linked" and second.id != first.id and f"the same attack as {first.id}" in second.message
    assert store.event_of([second.id])[second.id] == first.id  # the event keeps its id as sources join
    assert save_reviewed(store, again).kind == "already"  # the same report twice is stored once
    assert store.count() == 2 and len(store.event_records(first.id)) == 2


def test_a_report_saved_before_matches_even_after_the_place_was_corrected(store, extracted):
    inc = incident_from_form(extracted, values(extracted))
    saved = save_reviewed(store, inc)
    # the reviewer had moved it to another district: district/date/type no longer match, the report does
    moved = store.get(saved.id).copy(district="Elsewhere", location="Elsewhere")
    store.save(moved)
    assert [i.id for i in similar(store, inc)] == [saved.id]
    # a different report about another attack matches nothing
    other = inc.copy(district="Nowhere", sources=[inc.sources[0].__class__("X", None, "https://x.example/1", None)])
    assert similar(store, other) == []


def test_upload_text_judges_the_bytes_first():
    import pytest

    from atlas.review import UploadError, upload_text

    assert upload_text("Quetta – blast".encode("utf-8")) == "Quetta – blast"
    assert upload_text("\ufeffQuetta".encode("utf-8")) == "Quetta"
    assert upload_text("Quetta – blast".encode("utf-16")) == "Quetta – blast"
    assert upload_text("Peshawar caf\xe9".encode("cp1252")) == "Peshawar café"
    for binary in (b"GIF89a\x00\x01\x02" + b"x" * 500, bytes(range(1, 9)) * 100 + b"text"):
        with pytest.raises(UploadError, match="not a text file"):
            upload_text(binary, "scan.txt")


def test_a_report_gets_a_category_from_its_words_and_the_reviewer_may_change_it(extracted):
    """Issue 19: the roadside bomb is an attack; an operation report is an operation; the form keeps
    the extracted category unless the reviewer picks another (unknown included)."""
    assert (extracted.category, extracted.target_kind) == ("attack", "police")
    assert incident_from_form(extracted, values(extracted)).category == "attack"
    op = incident_from_form(extracted, values(extracted, category="operation"))
    assert (op.category, op.actor) == ("operation", "state")
    assert incident_from_form(extracted, values(extracted, category=None)).category is None
    report = extract_incidents("PESHAWAR: Security forces killed five terrorists in an intelligence-based operation "
                               "in Khyber district on Monday, the ISPR said.", published="2024-03-06").incidents
    assert report and (report[0].incident.category, report[0].incident.actor) == ("operation", "state")
