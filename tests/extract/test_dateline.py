"""Datelines (incidents/extract/dateline.py): the outlet in their parentheses and their date as the report's
publication date, the year taken from context when the dateline gives none."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.extract import extract_incidents
from incidents.extract.dateline import find_dateline, outlet_name
from incidents.extract.dates import find_publication_date

D = dt.date.fromisoformat
BODY = " - Gunmen attacked a police checkpost in Tank district on Tuesday night, killing three policemen, police said."


@pytest.mark.parametrize("written, recorded", [
    ("Dawn", "Dawn"), ("The News", "The News"), ("Express Tribune", "The Express Tribune"),
    ("The Express Tribune", "The Express Tribune"), ("Geo", "Geo News"), ("Geo News", "Geo News"),
    ("APP", "APP"), ("AFP", "AFP"), ("AP", "Associated Press"), ("Reuters", "Reuters"), ("Xinhua", "Xinhua"),
    ("PTI", "PTI"), ("ANI", "ANI"), ("Anadolu", "Anadolu Agency"), ("AA", "Anadolu Agency"), ("dpa", "dpa"),
    ("IANS", "IANS"), ("NNI", "NNI"), ("AFP/Reuters", "AFP / Reuters"),
])
def test_the_outlet_in_a_datelines_parentheses_is_the_reports_outlet(written, recorded):
    res = extract_incidents(f"PESHAWAR, Nov 26 ({written}){BODY}", today=D("2025-12-01"))
    assert res.outlet == recorded
    # the dateline's date is the report's day, not the attack's: "Tuesday night" is
    assert res.published == D("2025-11-26")
    assert res.incidents[0].incident.date == D("2025-11-25")


def test_parentheses_that_name_no_outlet_give_none():
    assert outlet_name("Staff Report") is None
    assert outlet_name("AFP and a local reporter") is None
    res = extract_incidents(f"Tank (local time){BODY}", today=D("2025-12-01"))
    assert res.outlet is None


@pytest.mark.parametrize("line, place, month, day, year", [
    ("QUETTA, Dec 5 (Reuters) - x", "QUETTA", "Dec", 5, None),
    ("QUETTA, Pakistan, Aug 26 (Reuters) - x", "QUETTA", "Aug", 26, None),
    ("Peshawar [Pakistan], November 21 (ANI): x", "Peshawar", "November", 21, None),
    ("Islamabad, Mar 5 (PTI) Five soldiers", "Islamabad", "Mar", 5, None),
    ("ISLAMABAD, Aug. 27 (Xinhua) -- x", "ISLAMABAD", "Aug", 27, None),
    ("QUETTA, 5 December 2024 (Dawn) - x", "QUETTA", "December", 5, 2024),
    ("DERA ISMAIL KHAN, Pakistan (AP) — x", "DERA ISMAIL KHAN", None, None, None),
    ("BANNU, Dec 5: Gunmen stormed", "BANNU", "Dec", 5, None),  # a paper's own dateline, no outlet
])
def test_dateline_shapes(line, place, month, day, year):
    dl = find_dateline("Headline of the story\n\n" + line)
    assert (dl.place, dl.month, dl.day, dl.year) == (place, month, day, year)


def test_a_line_that_is_no_dateline():
    assert find_dateline("LAKKI MARWAT: A police constable was martyred.") is None  # no date, no outlet
    assert find_dateline("Police (officials) said five were hurt.") is None


def test_the_datelines_date_is_the_publication_date_with_the_latest_year_up_to_today():
    text = "QUETTA, Dec 5 (Reuters) - Gunmen killed four labourers in Panjgur district on Thursday, police said."
    res = extract_incidents(text, today=D("2026-12-06"))
    assert res.published == D("2026-12-05")
    assert res.published_evidence == "QUETTA, Dec 5 (Reuters) -"
    assert res.outlet == "Reuters"
    assert not any("no publication date" in w for w in res.warnings)
    assert any("gives no year" in w and "check it" in w for w in res.warnings)
    assert res.incidents[0].incident.date == D("2026-12-03")  # the Thursday before
    # not after today: a Dec 5 dateline read on Dec 1 is last year's
    assert extract_incidents(text, today=D("2026-12-01")).published == D("2025-12-05")


def test_the_year_of_a_dateline_from_the_text():
    base = "QUETTA, Dec 5 (Reuters) - Gunmen killed four labourers in Panjgur district on Thursday."
    # the same date written in full elsewhere
    got = find_publication_date(base + "\nFiled on December 5, 2024.", today=D("2026-12-06"))
    assert got.date == D("2024-12-05") and "2024" in got.note
    # a copyright line
    assert find_publication_date(base + "\n(c) 2023 Reuters", today=D("2026-12-06")).date == D("2023-12-05")
    # a year in the dateline itself
    assert find_publication_date("QUETTA, Dec 5, 2022 (Reuters) - Gunmen killed four labourers.",
                                 today=D("2026-12-06")).date == D("2022-12-05")
    # a background year is no year of the report
    assert find_publication_date(base + " It was the worst attack since 2014.", today=D("2026-12-06")).date == \
        D("2026-12-05")


def test_a_labelled_or_header_date_beats_the_dateline_and_a_date_after_the_dateline_does_not():
    labelled = "Gunmen kill four\n\nPublished December 6, 2025\n\nQUETTA, Dec 5 (Reuters) - Gunmen killed four."
    assert find_publication_date(labelled, today=D("2026-12-06")).date == D("2025-12-06")
    story = "QUETTA, Dec 5 (Reuters) - Gunmen killed four labourers, a month after the November 3, 2024 attack."
    assert find_publication_date(story, today=D("2026-12-06")).date == D("2026-12-05")


def test_a_day_and_month_without_a_year_or_publication_date_is_the_latest_such_day_with_a_warning():
    """QA: "on November 23" in wire copy pasted without its date gave today's placeholder."""
    import datetime as dt

    from incidents.extract import extract_incidents

    text = ("PESHAWAR, Pakistan (AP) — Gunmen on a motorcycle opened fire on a polio vaccination team in "
            "the Budhber area on the outskirts of Peshawar on November 23, killing a policeman and two "
            "others, police said.")
    (inc,) = extract_incidents(text, today=dt.date(2026, 12, 6)).incidents
    assert inc.incident.date == dt.date(2026, 11, 23)
    assert any("no year and no publication date" in w for w in inc.warnings)
    (inc,) = extract_incidents(text, today=dt.date(2026, 11, 10)).incidents  # not a day still to come
    assert inc.incident.date == dt.date(2025, 11, 23)
    (inc,) = extract_incidents(text, today=dt.date(2026, 12, 6), published="2026-11-24").incidents
    assert inc.incident.date == dt.date(2026, 11, 23) and not inc.warnings  # the publication date decides
