"""Issue #24, round 58: the general rules behind the misses of sets 101 and 102, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_the_village_of_a_place_beside_the_bigger_one():
    inc = one("Three soldiers were killed in North Waziristan, the army said on Sunday.\n\nThe attack took place on "
              "Saturday near the village of Spinwam in the Mir Ali area, the ISPR said.", "2025-11-10")
    assert inc.location == "Spinwam"


def test_a_spokesmans_name_is_no_place():
    inc = one("A bomb went off as a police van passed through Kulachi town on Monday, killing four officers, district "
              "police spokesman Fakhar Abbas said.", "2025-01-28")
    assert inc.location == "Kulachi"


def test_an_injured_one_moved_with_the_bodies():
    assert counts("Police shifted the bodies and an injured constable to the hospital.") == [("injured", 1, 1)]


def test_a_place_said_to_be_a_valley():
    inc = one("Militants stormed a camp in Parom, a remote valley between Panjgur and Kech, on Sunday, killing three "
              "guards.", "2024-10-28")
    assert inc.location == "Parom"


def test_the_vehicle_told_again_with_a_district():
    inc = one("Gunmen ambushed a vehicle near Nok Kundi, a town in Balochistan, on Thursday, killing five, officials "
              "said.\n\nThe vehicle was travelling from Nok Kundi in Chagai district towards a mine when it came under "
              "fire.", "2025-08-08")
    assert inc.location == "Nok Kundi"
