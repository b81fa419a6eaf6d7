"""Issue #24, round 37: the general rules behind the misses of sets 59 and 60, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_hours_later_near_another_town_of_the_district_and_a_lead_about_both():
    res = extract_incidents(
        "ISLAMABAD (Reuters) - Militants killed six police officers in two attacks in Pakistan's Dera Ismail Khan "
        "district, officials said on Saturday.\n\nIn the first attack, gunmen stormed the police station in the town "
        "of Daraban on Friday night. Hours later, militants fired rockets at a police checkpost near Kulachi, another "
        "town in the district.", published="2025-01-05")
    got = [(e.incident.location, e.incident.killed_min) for e in res.incidents]
    assert got == [("Daraban", None), ("Kulachi", None)]


def test_khawarij_of_the_indian_proxy_engaged_and_a_cowardly_attack_in_quotes():
    assert ledger('"Own troops engaged the khawarij belonging to the Indian proxy Hafiz Gul Bahadur group," the '
                  'statement said.') == [("HGB", "blamed")]
    assert ledger('The ISPR said "khawarij belonging to the Hafiz Gul Bahadur group" had carried out the "cowardly" '
                  'attack.') == [("HGB", "blamed")]


def test_a_string_of_attacks_across_the_province_and_those_who_had_died():
    assert counts("The deputy commissioner said at least six had died.") == [("killed", 6, None)]
    res = extract_incidents(
        "Baloch separatists have carried out a string of attacks across Balochistan, killing at least 17 people, "
        "officials say.\n\nOn Saturday morning, gunmen blocked the highway near Mangochar and killed six travellers. "
        "Also on Saturday, a bomb damaged the railway track near Dadhar; no one was hurt.\n\nThe provincial "
        "government said at least 17 people had been killed across the province.", published="2026-03-08")
    assert [(e.incident.location, e.incident.killed_min) for e in res.incidents] == [("Mangochar", 6), ("Dadhar", 0)]


def test_a_headlines_exact_toll_over_an_early_at_least():
    inc = one("Bomb kills seven in Quetta\n\nA bomb ripped through a police vehicle in Quetta on Wednesday. \"At least "
              "five people have died,\" a police officer said.", "2025-03-06")
    assert (inc.killed_min, inc.killed_max) == (7, 7)
