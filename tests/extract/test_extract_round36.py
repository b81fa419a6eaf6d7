"""Issue #24, round 36: the general rules behind the misses of sets 57 and 58, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts


def test_the_first_attack_of_a_roundup_told_without_a_verb_of_attack():
    res = extract_incidents(
        "QUETTA (Reuters) - Militants killed at least nine people in two attacks in Balochistan on Tuesday.\n\nIn the "
        "first attack, dozens of gunmen entered the town of Surab before dawn, set fire to a bank and blocked the main "
        "highway. Hours later, a roadside bomb struck a vehicle near Hoshab in Kech district, killing four soldiers.",
        published="2025-10-08")
    assert [e.incident.location for e in res.incidents] == ["Surab", "Hoshab"]


def test_hours_after_an_old_blast_is_that_day_too():
    res = extract_incidents("QUETTA: A court on Monday sentenced two men over the 2023 Mastung bombing.\n\nA third "
                            "suspect was acquitted. Hours after the Mastung blast, a second bomber struck a mosque in "
                            "Hangu, killing five.", published="2025-03-04")
    assert res.incidents == []


def test_victims_and_the_policeman_escorting_them_and_no_one_else_hurt():
    assert counts("Two polio workers and the policeman escorting them were shot dead.") == [("killed", 3, 3)]
    assert counts("No one else was hurt.") == [("injured", 0, 0)]


def test_a_bare_taliban_in_the_headline_beside_the_ttp_is_the_ttp():
    res = extract_incidents("Gunmen kill two polio workers in Pakistan\n\nTaliban deny involvement as drive is suspended"
                            "\n\nISLAMABAD: Gunmen shot dead two polio "
                            "workers in Charsadda on Thursday, police said on Friday.\n\nThe Tehreek-e-Taliban Pakistan "
                            "(TTP) denied involvement in the killings.", published="2025-03-08")
    assert [(a.group, a.status) for a in res.incidents[0].incident.attributions] == [("TTP", "denied")]
