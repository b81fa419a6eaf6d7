"""Issue #24, round 57: the general rules behind the misses of sets 99 and 100, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_the_label_came_and_fled():
    assert ledger("The DPO said that the khawarij came from the hills and fled after a gun battle.") == \
        [("TTP", "blamed")]


def test_a_claim_for_the_highway_killings_after_a_combined_toll():
    res = extract_incidents("Nine people were killed in two separate attacks in Balochistan, officials said.\n\nGunmen "
                            "blocked the highway near Mangochar on Monday and shot dead truck drivers. In a separate "
                            "attack on Tuesday, militants stormed a Levies post near Kharan.\n\n\"Nine people have lost "
                            "their lives in the two attacks,\" a spokesman said.\n\nThe BLA claimed responsibility for "
                            "the highway killings.", published="2024-11-20")
    assert [[(a.group, a.status) for a in e.incident.attributions] for e in res.incidents] == \
        [[("BLA", "claimed")], []]


def test_wounded_and_one_more_moved_to_hospital():
    assert counts("Two wounded soldiers and a shepherd were shifted to the CMH.") == [("injured", 3, 3)]


def test_a_gate_of_the_old_city_is_a_place():
    inc = one("A bomb killed three people in Peshawar on Tuesday, police said. The blast occurred in the Asamai Gate "
              "area of the old city.", "2024-02-21")
    assert inc.location == "Asamai Gate"


def test_a_name_of_its_own_ending_in_a_known_one():
    inc = one("Gunmen shot dead a constable in the Ratta Kulachi area of Dera Ismail Khan district on Thursday.",
              "2025-08-22")
    assert inc.location == "Ratta Kulachi"


def test_no_loss_of_life_or_injury():
    assert counts("No loss of life or injury was reported.") == [("killed", 0, 0), ("injured", 0, 0)]


def test_two_named_with_their_ranks_in_lower_case():
    assert counts("Two policemen, constable Amir and constable Sajid Khan, were martyred.") == [("killed", 2, 2)]


def test_the_same_day_after_a_recalled_attack_in_a_court_report():
    res = extract_incidents("An anti-terrorism court in Quetta on Thursday sentenced a man to death for facilitating a "
                            "bombing in Mastung in 2023.\n\nThe Mastung bombing was one of the deadliest attacks in the "
                            "province in recent years. On the same day, a bomber struck a mosque in Hangu, killing five "
                            "worshippers.", published="2025-05-09")
    assert res.incidents == []


def test_opened_indiscriminate_fire_tells_the_attack():
    inc = one("QUETTA - A police officer was shot dead by armed men, police said on Sunday.\n\nAccording to police, "
              "the officer was on his way home on Saturday evening when two motorcyclists opened indiscriminate fire "
              "on his car.", "2026-02-16")
    assert str(inc.date) == "2026-02-14"
