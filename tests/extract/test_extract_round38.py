"""Issue #24, round 38: the general rules behind the misses of sets 61 and 62, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_two_attacks_told_in_one_sentence_near_one_town_while_in_another():
    res = extract_incidents(
        "QUETTA (Reuters) - Militants killed at least seven people in two attacks in Balochistan on Monday, "
        "officials said.\n\nA roadside bomb hit a Levies vehicle near the town of Dadhar on the highway to "
        "Sibi, while gunmen torched a police post in Kalat, an official said.\n\n\"The two attacks together took at "
        "least seven lives,\" he said.", published="2025-06-03")
    got = [(e.incident.location, e.incident.killed_min) for e in res.incidents]
    assert got == [("Dadhar", None), ("Kalat", None)]


def test_a_place_on_the_outskirts_of_the_provincial_capital():
    inc = one("PESHAWAR: Gunmen attacked a police post in the Shahab Khel area on the outskirts of the provincial "
              "capital on Monday night, killing two constables.", "2025-04-08")
    assert inc.location == "Shahab Khel"
    assert inc.geo_precision == 2 and abs(inc.lat - 34.0) < 0.2 and abs(inc.lon - 71.55) < 0.2


def test_a_victim_killed_in_a_clause_of_its_own_after_the_wounded():
    assert sorted(counts("Three Chinese engineers were wounded and their Pakistani guard was killed when gunmen "
                         "opened fire on their car.")) == [("injured", 3, 3), ("killed", 1, 1)]


def test_the_wounded_told_through_a_relative_clause():
    assert counts("Two other workers, who ran into a nearby field, sustained injuries.") == [("injured", 2, 2)]
    assert counts("Three soldiers who sustained injuries were airlifted to the CMH in Rawalpindi.") == \
        [("injured", 3, 3)]
    assert counts("Doctors said one shopkeeper who was hit by a stray bullet was also being treated.") == \
        [("injured", 1, 1)]
