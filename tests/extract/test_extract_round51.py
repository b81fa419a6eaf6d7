"""Issue #24, round 51: the general rules behind the misses of sets 87 and 88, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from tests.extract.short_prose import counts, ledger, one


def test_slightly_and_lightly_wounded():
    assert counts("A third man, a rickshaw driver, was slightly wounded.") == [("injured", 1, 1)]
    assert counts("Four passengers were lightly injured.") == [("injured", 4, 4)]


def test_one_escort_and_the_others_counted():
    assert counts("Gunmen fired on the team, killing a Levies sepoy guarding the vaccinators and three others.") == \
        [("killed", 4, 4)]


def test_a_survivor_found_with_wounds():
    assert counts("Six bodies were recovered, while one man was found alive with gunshot wounds.") == \
        [("injured", 1, 1)]
    assert counts("One man was found dead with gunshot wounds.") == []


def test_the_capital_a_convoy_was_heading_for_is_not_the_site():
    inc = one("Gunmen ambushed a convoy near the town of Alizai in Kurram district on Friday, killing five people, "
              "police said.\n\nThe convoy was travelling from Parachinar towards the provincial capital Peshawar when "
              "it came under fire.", "2025-03-16")
    assert inc.location == "Alizai"


def test_blame_for_that_earlier_attack_is_not_this_ones():
    inc = one("Gunmen shot dead a policeman in Peshawar on Thursday, and Islamic State Khorasan Province claimed the "
              "killing.\n\nIn January, a suicide bomber struck a mosque in the city's police compound, killing more "
              "than 80 people. Officials blamed a faction of the Pakistani Taliban for that attack.", "2025-07-27")
    assert [(a.group, a.status) for a in inc.attributions] == [("ISKP", "claimed")]
    assert ledger("Officials blamed a faction of the Pakistani Taliban for the attack.") == [("TTP", "blamed")]


def test_the_killing_of_two_people_each_named_in_the_singular():
    assert counts("The group claimed the killing of a police officer and a tailor in the city.") == [("killed", 2, 2)]


def test_a_force_with_its_initials_before_the_noun():
    assert counts("Three Frontier Corps (FC) soldiers were martyred.") == [("killed", 3, 3)]
