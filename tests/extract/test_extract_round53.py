"""Issue #24, round 53: the general rules behind the misses of sets 91 and 92, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_the_attack_as_a_point_of_time_dates_nothing():
    inc = one("Three Levies men were martyred when their vehicle was hit by a roadside bomb near a village in Kalat "
              "district on Tuesday evening, officials said on Wednesday.\n\nThe highway was closed after the blast and "
              "reopened on Wednesday morning.", "2025-06-12")
    assert str(inc.date) == "2025-06-10"


def test_a_few_kilometres_from_a_town_is_near_it():
    inc = one("A roadside bomb killed two guards on Monday, officials said.\n\nThe blast took place on the highway a "
              "few kilometres from Besham, the main town of Shangla district, police said.", "2026-02-03")
    assert inc.location == "Besham" and inc.geo_precision == 2
    inc = one("A roadside bomb killed two guards on Monday, officials said.\n\nThe blast took place on the highway 40 "
              "kilometres from Besham, in Shangla district, police said.", "2026-02-03")
    assert inc.location != "Besham"


def test_one_wounded_named_by_role():
    assert counts("The injured guard was shifted to the hospital in Alpuri.") == [("injured", 1, 1)]
    assert counts("The injured were shifted to the hospital in Alpuri.") == []


def test_a_count_among_the_wounded_with_an_aside():
    assert counts("Three shoppers, including a woman, were among the wounded.") == [("injured", 3, None)]


def test_a_court_case_that_tells_what_the_convicts_had_done():
    res = extract_incidents("QUETTA: An anti-terrorism court on Tuesday sentenced three men to life in prison for "
                            "their role in a bombing.\n\nAccording to the prosecution, the convicts had supplied "
                            "explosives to the bomber who struck the market on the outskirts of the city.",
                            published="2025-03-12")
    assert res.incidents == []


def test_kin_of_a_named_victim():
    assert counts("A cousin of the slain elder was also injured.") == [("injured", 1, 1)]
    assert counts("Ali Khan, a Bannu resident whose cousin was wounded, spoke to reporters.") == []


def test_the_fire_of_the_khawarij():
    assert ledger('"Two soldiers were martyred while responding to the fire of the khawarij," the official said.') == \
        [("TTP", "blamed")]


def test_both_of_them():
    assert counts("Both of them died on the way to hospital.") == [("killed", 2, 2)]
    assert counts("Both attackers were killed.") == []


def test_the_day_the_authorities_reported_the_attack():
    inc = one("Four people were killed when insurgents stormed a Levies station in Kharan district of Balochistan "
              "province late on Friday night, officials said.\n\nAuthorities reported the attack on Saturday but gave "
              "few details.", "2026-03-09")
    assert str(inc.date) == "2026-03-06"
