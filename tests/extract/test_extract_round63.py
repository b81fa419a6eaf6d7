"""Issue #24, round 63: the general rules behind the misses of sets 111 and 112, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_a_constable_of_a_police_station_is_not_its_place():
    inc = one("PESHAWAR: A constable was shot dead in a colony on the Kohat Road on Saturday, police said.\n\nThe "
              "officials said that constable Gul Zaman of the Chamkani Police Station was standing outside a shop when "
              "two men opened fire on him.", "2025-06-15")
    assert inc.location == "Peshawar"


def test_wounding_the_shopkeeper_and_a_customer():
    assert counts("Men on a motorcycle hurled a grenade at a shop, wounding the shopkeeper and a customer.") == \
        [("injured", 2, 2)]


def test_the_others_who_remain_wounded():
    assert counts("Three other guards remain wounded, the official said.") == [("injured", 3, 3)]


def test_a_victim_named_by_whose_driver_he_was():
    assert counts("The contractor's driver, Abdul Ghani, was killed on the spot.") == [("killed", 1, 1)]


def test_a_claim_for_an_attack_earlier_this_week_that_killed():
    inc = one("ISLAMABAD - The Pakistani Taliban on Thursday claimed responsibility for an ambush on a convoy in the "
              "northwest earlier this week that killed four soldiers.\n\nMilitants opened fire on the convoy on Tuesday "
              "in the Sararogha area of South Waziristan, officials said.", "2025-11-21")
    assert (inc.killed_min, inc.killed_max) == (4, 4)
    res = extract_incidents("Police said on Thursday they had arrested a suspect in an attack last month that killed "
                            "four soldiers in Tank.", published="2025-11-21")
    assert res.incidents == []
