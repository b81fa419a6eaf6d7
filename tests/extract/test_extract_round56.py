"""Issue #24, round 56: the general rules behind the misses of sets 97 and 98, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_two_attacks_told_after_where():
    res = extract_incidents("Militants killed nine people in three separate attacks on Monday, officials said.\n\nTwo "
                            "of the attacks took place in Balochistan, where a bomb hit a van near the town of Kalat, "
                            "and gunmen raided a Levies post in Nushki, an official said.\n\nIn Khyber Pakhtunkhwa, "
                            "militants attacked a police post on the outskirts of Bannu.", published="2025-06-10")
    assert [e.incident.location for e in res.incidents] == ["Kalat", "Nushki", "Bannu"]


def test_village_before_its_name():
    inc = one("Two soldiers were martyred when a bomb hit a convoy near village Machikhel in Mir Ali tehsil of North "
              "Waziristan on Saturday, the ISPR said.", "2025-07-06")
    assert inc.location == "Machikhel"


def test_a_place_and_its_district_town_after_a_comma():
    inc = one("A constable was martyred after gunmen fired on a police van with rifles in Sardaryab, Charsadda, late "
              "on Thursday night, police said.", "2025-05-17")
    assert inc.location == "Sardaryab" and inc.province_code == "PK-KP"


def test_near_the_area_of_a_town():
    inc = one("QUETTA: A bomb killed two people in Khuzdar district late on Tuesday night, officials said.\n\nThe blast "
              "took place near the Baghbana area of Khuzdar as a tribal elder was returning home.", "2025-11-13")
    assert inc.location == "Baghbana" and inc.geo_precision == 2


def test_a_guard_named_in_an_aside():
    assert counts("His guard, constable Riaz, was injured.") == [("injured", 1, 1)]


def test_a_police_inspector_is_one_person():
    assert [c[0] for c in counts("The group claimed the killing of a police inspector.")] == ["killed"]
    res = extract_incidents("Gunmen shot dead a police inspector in Karachi on Tuesday, police said.",
                            published="2025-02-12")
    assert res.incidents[0].incident.killed_text == "a police inspector"
