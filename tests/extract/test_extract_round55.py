"""Issue #24, round 55: the general rules behind the misses of sets 95 and 96, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_the_kind_of_the_other_attack_named_in_a_no_claim_sentence():
    res = extract_incidents("Militants killed six people in two attacks in Balochistan on Sunday, officials said.\n\nIn "
                            "the first attack, gunmen stormed a Levies post in Kalat. Hours later, a roadside bomb hit "
                            "a police van near Sibi.\n\nThe BLA claimed the attack in Kalat. There was no immediate "
                            "claim for the roadside bombing.", published="2025-08-04")
    assert [(e.incident.location, e.incident.attack_type) for e in res.incidents] == \
        [("Kalat", "armed assault"), ("Sibi", "IED")]


def test_an_earlier_attack_after_the_count_of_the_weeks_series():
    inc = one("KOHAT: A roadside bomb killed three policemen near Lachi on Friday, police said.\n\nThis was the third "
              "attack on the police in the district this week. On Tuesday, January 6, two constables were martyred "
              "when gunmen opened fire on their car in the Shakardara area of Kohat district.", "2026-01-10")
    assert inc.location == "Lachi"


def test_the_ispr_attempted_to_attack_places_the_attack():
    inc = one("Two soldiers were martyred as security forces foiled an attack on a post in North Waziristan, the ISPR "
              "said.\n\nAccording to the ISPR, khawarij attempted to attack a post in the general area of Ghulam Khan.",
              "2025-06-23")
    assert inc.location == "Ghulam Khan"


def test_money_released_as_compensation():
    res = extract_incidents("PESHAWAR: The provincial government on Monday released Rs2.5 billion as compensation for "
                            "the families of policemen martyred in attacks.\n\nRelatives of six policemen martyred in an "
                            "ambush in Tank in the second week of March 2024 also received cheques.", published="2025-09-09")
    assert res.incidents == []


def test_a_member_of_a_body_and_the_others():
    assert counts("Gunmen killed a member of the district council and three others.") == [("killed", 4, 4)]


def test_the_place_an_attack_took_place_near():
    inc = one("Gunmen opened fire on passengers on a highway in Balochistan, officials said on Saturday.\n\nThe attack "
              "took place on Friday night near Kapip, on the road linking Zhob with Dera Ismail Khan, Zhob Assistant "
              "Commissioner Ali Raza said.", "2025-10-11")
    assert inc.location == "Kapip" and inc.province_code == "PK-BA"
