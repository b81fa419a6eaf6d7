"""Issue #24, round 22: the general rules behind the misses of sets 29 and 30, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_a_funeral_lead_that_tells_the_attack_itself():
    inc = one("DERA ISMAIL KHAN: Three policemen who were martyred when terrorists stormed the Kulachi police station "
              "late on Tuesday night were laid to rest on Wednesday.", "2025-10-16")
    assert inc.location == "Kulachi" and (inc.killed_min, inc.killed_max) == (3, 3)
    assert inc.date.isoformat() == "2025-10-14"
    # a funeral that only names the attack tells none
    res = extract_incidents("HUB: The funeral prayers of two policemen, who were martyred in an attack near Sakran "
                            "on Friday, were offered on Saturday.", published="2024-12-08")
    assert res.incidents == []


def test_sentences_that_tell_no_attack_place_it_weakly():
    inc = one("PESHAWAR: Gunmen fired on two passenger vehicles near Sadda in the Kurram district late on Sunday "
              "night, killing six people.\n\nOfficials fear the latest attack could spark clashes, and a jirga was "
              "summoned in Parachinar on Monday.", "2025-06-03")
    assert inc.location == "Sadda"


def test_a_second_attack_in_another_district_after_a_town_s():
    res = extract_incidents(
        "PESHAWAR: Ten policemen were killed in three separate attacks in the province on Tuesday.\n\nIn the first "
        "attack, militants stormed the police station in Kulachi, a town in Dera Ismail Khan district. Four "
        "policemen were killed.\n\nHours later, a roadside bomb hit a vehicle in Tank district, while in Bannu, "
        "gunmen ambushed a check post.", published="2025-06-04")
    assert [e.incident.location for e in res.incidents] == ["Kulachi", "Tank", "Bannu"]


def test_a_station_s_van_a_tribe_s_man_and_the_city_s_locality():
    inc = one("PESHAWAR: Gunmen sprayed bullets at the mobile van of the Yakatoot police station on Dalazak Road on "
              "Saturday, killing two policemen. A spokesman, Sarbakaf Mohmand, claimed the attack.", "2025-06-08")
    assert inc.location != "Mohmand" and inc.province_code == "PK-KP"
    inc = one("PESHAWAR: A bomb hit a police patrol in the city's Wazir Bagh locality on Monday night, killing two "
              "policemen.", "2025-06-03")
    assert inc.location == "Wazir Bagh" and inc.geo_precision == 2


def test_victims_in_relative_clauses_identified_and_another():
    assert counts("Three policemen who were martyred in the attack were buried.") == [("killed", 3, 3)]
    assert counts("Two other policemen, identified as Ali and Khan, sustained injuries.") == [("injured", 2, 2)]
    assert counts("A female vaccinator and another policeman were injured in the firing.") == [("injured", 2, 2)]


def test_the_military_s_own_word_for_a_named_group_and_a_recalled_attack_s_aftermath():
    assert ledger('The troops killed four of the assailants, whom it described as "khawarij of the Hafiz Gul Bahadur '
                  'group."') == [("HGB", "blamed")]
    res = extract_incidents(
        "QUETTA: The apex committee on Tuesday approved a plan to secure the highways.\n\nThe participants paid "
        "tribute to the martyrs of the Jaffar Express incident of March 11, when terrorists attacked the train near "
        "Mashkaf. Twenty-six hostages were martyred before the forces ended the siege.", published="2025-04-01")
    assert res.incidents == []
