"""Issue #24, round 62: the general rules behind the misses of sets 109 and 110, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_a_separate_incident_with_no_day_of_its_own_takes_the_day_before():
    res = extract_incidents("Gunmen shot dead five labourers near Dalbandin late on Monday afternoon, police said."
                            "\n\nIn a separate incident, an explosion took place near an FC vehicle in Harnai town, "
                            "police said.", published="2024-11-26")
    assert [str(e.incident.date) for e in res.incidents] == ["2024-11-25", "2024-11-25"]


def test_a_count_after_reached_is_the_toll_not_a_subject():
    assert counts("The death toll has now reached nine and 30 others are wounded.") == \
        [("killed", 9, 9), ("injured", 30, 30)]


def test_a_shell_that_landed():
    inc = one("A mortar shell hit a house in North Waziristan on Monday, killing three children, police said.\n\nThe "
              "shell landed in a compound in the Datta Khel area, an official said.", "2025-08-12")
    assert inc.location == "Datta Khel" and inc.attack_type == "rocket attack"


def test_blamed_for_both():
    res = extract_incidents("Militants killed eight policemen in three attacks on Sunday, officials said Monday.\n\n"
                            "In the first, gunmen ambushed a convoy near Kalat. In the northwest, militants attacked a "
                            "police post in Tank late Sunday night, while a roadside bomb struck a police van in Bannu "
                            "on Monday morning.\n\nNo group claimed the attacks in Khyber Pakhtunkhwa. Police blamed "
                            "the TTP for both.", published="2025-12-08")
    assert [[a.group for a in e.incident.attributions] for e in res.incidents] == [[], ["TTP"], ["TTP"]]
