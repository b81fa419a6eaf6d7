"""Issue #24, round 34: the general rules behind the misses of sets 53 and 54, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_the_bomber_of_a_lead_about_two_attacks_and_its_placeless_toll():
    res = extract_incidents(
        "PESHAWAR (Reuters) - A suicide bomber rammed a car into a checkpoint and gunmen ambushed a police van in two "
        "separate attacks on Tuesday, killing nine security personnel, officials said.\n\nThe officials did not give a "
        "breakdown of the dead between the two attacks. At least 12 people were wounded, they said.\n\nThe bomber "
        "struck the checkpoint in Bannu early in the morning. Hours later, gunmen opened fire on a police vehicle in "
        "Tank.", published="2025-07-23")
    got = [(e.incident.location, e.incident.attack_type, e.incident.injured_min) for e in res.incidents]
    assert got == [("Bannu", "suicide bombing", None), ("Tank", "armed assault", None)]


def test_a_colony_of_the_provincial_capital():
    inc = one("PESHAWAR: Two people were injured when men hurled a grenade at a house in the provincial capital's Dir "
              "Colony late Friday night, police said on Saturday.", "2024-09-14")
    assert inc.location == "Dir Colony" and inc.province_code == "PK-KP"


def test_khawarij_of_an_indian_sponsored_group_and_the_work_of_a_label():
    assert ledger('It said the attackers were "khawarij belonging to the Indian-sponsored Hafiz Gul Bahadur group".') \
        == [("HGB", "blamed")]
    assert ledger('"Both attacks are the work of Fitna al-Khawarij," a police officer said.') == [("TTP", "blamed")]


def test_a_claim_through_a_unit_described_in_apposition():
    assert ledger("The BLA said in a statement that its Majeed Brigade, a unit of suicide fighters, had carried out "
                  "the bombing.") == [("BLA", "claimed")]


def test_a_court_verdict_that_retells_the_bomb():
    res = extract_incidents("QUETTA: A court on Wednesday sentenced two men to death for a bombing last year.\n\n"
                            "According to the prosecution, they had planted a bomb in a motorcycle on October 17, 2023. "
                            "The bomb went off as a police van of the Shalkot police station passed by, killing three "
                            "policemen.", published="2024-09-12")
    assert res.incidents == []


def test_the_wounded_treated_in_two_towns_and_the_remaining_injured():
    inc = one("KOHAT: A suicide bomber struck a checkpost in Darra Adam Khel on Thursday, killing five people. Twelve "
              "others were injured. Later two of the injured died. The remaining 10 injured were under treatment in "
              "Kohat and Peshawar, officials said.", "2024-12-13")
    assert inc.location == "Darra Adam Khel" and (inc.injured_min, inc.injured_max) == (10, 10)
    assert counts("The remaining 10 injured were under treatment.") == [("injured", 10, 10)]


def test_an_annual_report_shares_by_region_are_no_attacks():
    res = extract_incidents("PESHAWAR: As many as 148 police personnel were martyred in Khyber Pakhtunkhwa during "
                            "the year 2025, according to the annual report of the police released on Saturday.\n\nIt "
                            "said the Dera Ismail Khan region alone lost 37 personnel, while 29 were martyred in "
                            "Bannu.", published="2026-01-04")
    assert res.incidents == []
