"""Reports of several attacks (incidents/extract/segment.py, attribution.py, pipeline._apply_combined): told
one after the other, their toll given together, and claimed or blamed together."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.extract import extract_incidents
from incidents.extract.attribution import GroupFinder, find_attributions
from incidents.extract.casualties import find_casualties
from incidents.registry import default_registry

D = dt.date.fromisoformat
TWO_IN_TURN = ("PESHAWAR, Dec 4 (AP) - Militants carried out two attacks in Khyber Pakhtunkhwa on Wednesday. "
               "In the first, gunmen attacked a police post in Bannu. {second} "
               "A total of 12 people were killed in the two attacks, police said. "
               "No group claimed responsibility, but officials blamed the Tehreek-e-Taliban Pakistan.")


def _fields(res):
    return [(e.incident.location, e.incident.attack_type, e.incident.target, e.incident.killed_min,
             e.incident.killed_max, sorted((a.group, a.status) for a in e.incident.attributions)) for e in res.incidents]


@pytest.mark.parametrize("second", [
    "Hours later, a roadside bomb struck a Frontier Corps convoy near Lakki Marwat.",  # only "near" a town
    "In the second, a roadside bomb struck a Frontier Corps convoy in Lakki Marwat.",
    "Hours later, a roadside bomb struck a Frontier Corps convoy on a road near Lakki Marwat, officials said.",
])
def test_two_attacks_told_in_turn_are_two_incidents_with_their_toll_kept_together(second):
    res = extract_incidents(TWO_IN_TURN.format(second=second), today=D("2026-12-06"))
    assert _fields(res) == [
        ("Bannu", "armed assault", "police station", None, None, [("TTP", "blamed")]),
        ("Lakki Marwat", "IED", "convoy", None, None, [("TTP", "blamed")]),
    ]
    # the toll of both together is kept as said, for both, never split or copied onto one
    [toll] = res.combined
    assert (toll.incidents, toll.what, toll.count.min, toll.count.max) == ([0, 1], "killed", 12, 12)
    assert toll.count.text == "A total of 12 people"
    assert all(e.incident.date == D("2026-12-02") for e in res.incidents)  # Wednesday before the Dec 4 dateline
    assert not any("not copied onto this one" in w for e in res.incidents for w in e.warnings)


def test_a_lead_that_says_militants_struck_twice_dates_both_attacks():
    text = ("QUETTA, Dec 5 (Dawn) - Militants struck twice in Balochistan on Thursday. In the first, a bomb planted "
            "on a motorcycle went off near a Levies checkpost in Mastung. In the second, gunmen opened fire on a "
            "passenger coach near Kalat. Nine people were killed and 14 injured in the two attacks, officials said.")
    res = extract_incidents(text, today=D("2026-12-06"))
    assert [(e.incident.location, e.incident.date) for e in res.incidents] == [
        ("Mastung", D("2026-12-03")), ("Kalat", D("2026-12-03"))]
    assert [(c.what, c.count.min) for c in res.combined] == [("killed", 9), ("injured", 14)]


def test_in_the_attacks_after_two_were_told_is_a_toll_for_both():
    text = ("PESHAWAR, Dec 5 (Express Tribune): Militants carried out two attacks in Khyber Pakhtunkhwa on Thursday "
            "night. Gunmen attacked a police checkpost near Tank, police said. Minutes later, a bomb exploded near a "
            "Frontier Corps vehicle in Dera Ismail Khan. Seven people were killed and nine injured in the attacks.")
    res = extract_incidents(text, today=D("2026-12-06"))
    assert [e.incident.location for e in res.incidents] == ["Tank", "Dera Ismail Khan"]
    assert all(e.incident.killed_min is None for e in res.incidents)
    assert [(c.what, c.count.min, c.count.max) for c in res.combined] == [("killed", 7, 7), ("injured", 9, 9)]


def test_a_single_attack_keeps_its_toll_in_the_attacks_wording():
    # one incident: "in the attacks" is no toll of several, so the figure stays on it
    res = extract_incidents("QUETTA: Militants attacked two Levies posts in Kalat on Monday. Four personnel were "
                            "killed in the attacks, officials said.", published="2025-11-04")
    assert len(res.incidents) == 1 and res.incidents[0].incident.killed_min == 4


@pytest.mark.parametrize("sentence", [
    "The Tehreek-e-Taliban Pakistan claimed both attacks.",
    "The Tehreek-e-Taliban Pakistan claimed both the attacks in a statement.",
    "The Tehreek-e-Taliban Pakistan later claimed the two attacks.",
    "The Tehreek-e-Taliban Pakistan claimed all three attacks.",
    "The Tehreek-e-Taliban Pakistan claimed each of the attacks.",
    "The Tehreek-e-Taliban Pakistan claimed the Bannu and Lakki Marwat attacks.",
    "The Tehreek-e-Taliban Pakistan claimed both.",
])
def test_a_claim_of_several_attacks_is_a_claim(sentence):
    finder = GroupFinder(default_registry())
    assert [(a.group, a.status) for a in find_attributions(sentence, finder)] == [("TTP", "claimed")]


def test_no_claim_read_from_lives_or_a_denial():
    finder = GroupFinder(default_registry())
    assert find_attributions("The TTP blast claimed the lives of five attackers.", finder) == []
    assert [a.status for a in find_attributions("The TTP denied both attacks.", finder)] == ["denied"]


def test_a_group_that_claimed_both_attacks_is_on_both_incidents():
    text = ("PESHAWAR, Dec 4 (AP) - Two separate attacks hit Khyber Pakhtunkhwa on Wednesday.\n\n"
            "Gunmen stormed a police post in Bannu district, police said.\n\n"
            "In a separate attack, a roadside bomb struck a Frontier Corps convoy in Lakki Marwat district.\n\n"
            "At least 12 people were killed in the two attacks, officials said. "
            "The Tehreek-e-Taliban Pakistan claimed both attacks.")
    res = extract_incidents(text, today=D("2026-12-06"))
    assert [e.incident.location for e in res.incidents] == ["Bannu", "Lakki Marwat"]
    for e in res.incidents:
        assert [(a.group, a.status) for a in e.incident.attributions] == [("TTP", "claimed")]
        assert "claimed both attacks" in e.highlights["attributions[0]"][-1]
    assert [(c.count.min, c.count.max) for c in res.combined] == [(12, None)]


def test_a_blame_after_an_attack_told_on_its_own_stays_with_that_attack():
    # after the second attack's own sentence (not a sentence about both), a blame belongs to that attack
    text = ("QUETTA: Gunmen shot dead two Levies men in Kalat on Monday. In a separate attack, a bomb hit a "
            "police van in Mastung district, injuring three policemen. Police blamed the Balochistan Liberation Army "
            "for the blast.")
    res = extract_incidents(text, published="2025-11-04")
    assert [sorted((a.group, a.status) for a in e.incident.attributions) for e in res.incidents] == [
        [], [("BLA", "blamed")]]


def test_a_total_of_is_the_figure_it_introduces():
    [c] = find_casualties("A total of eight personnel were killed in the two attacks.")
    assert (c.what, c.count.min, c.count.max, c.text) == ("killed", 8, 8, "A total of eight personnel")


def test_twin_blasts_at_one_place_before_a_separate_attack_are_their_own_incident():
    text = ("QUETTA: Twin blasts hit a market in Quetta on Monday, killing five people. Police blamed the Balochistan "
            "Liberation Army. In a separate attack, gunmen shot dead two Levies men in Turbat.")
    res = extract_incidents(text, published="2025-11-04")
    assert [(e.incident.location, e.incident.killed_min, [(a.group, a.status) for a in e.incident.attributions])
            for e in res.incidents] == [("Quetta", 5, [("BLA", "blamed")]), ("Turbat", 2, [])]
    assert res.combined == []
