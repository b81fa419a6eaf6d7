"""Issue #24, round 47: the general rules behind the misses of sets 79 and 80, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_one_named_in_an_aside_and_others():
    assert counts("Gunmen opened fire on a car in Nal, killing a tribal elder, Mir Abdul Karim, and three others.") == \
        [("killed", 4, 4)]
    assert counts("Militants attacked a van, martyring the station house officer (SHO) of Saddar Police Station, "
                  "Inspector Amir Khan, and two other cops.") == [("killed", 3, 3)]


def test_khawarij_of_a_group_who_first_tried_to_storm_the_post():
    assert ledger("According to the ISPR, the khawarij belonging to the Hafiz Gul Bahadur group first tried to storm "
                  "the post.") == [("HGB", "blamed")]


def test_the_day_details_were_shared_is_not_the_attacks():
    inc = one("Peshawar, Jan 13 (PTI) Three policemen were killed when terrorists attacked a checkpost in the Thakot "
              "area of Battagram district late on Thursday night, officials said. Details of the attack were shared "
              "with the media on Saturday.", "2024-01-13")
    assert inc.date.isoformat() == "2024-01-11"


def test_a_road_linking_a_town_with_another_provinces_district_is_no_site():
    res = extract_incidents("BARKHAN: Four Levies men were martyred when armed men attacked a checkpost in the Vitakri "
                            "area of Barkhan district late on Tuesday night.\n\nAccording to Levies officials, the "
                            "attackers surrounded the chowki, which stands on the road linking Barkhan with Punjab's "
                            "Dera Ghazi Khan district, and opened fire from three sides.", published="2025-04-16")
    assert [e.incident.location for e in res.incidents] == ["Vitakri"]


def test_an_area_of_a_city_that_shares_a_name_with_a_town_elsewhere():
    # the gazetteer's Model Town is in Lahore
    inc = one("A suicide bomber struck near a police checkpoint in the Model Town area of Pakistan's southwestern city "
              "of Quetta on Thursday, killing nine people.", "2026-01-16")
    assert (inc.location, inc.province_code) == ("Model Town", "PK-BA")


def test_a_convoy_making_its_way_to_a_town_and_an_attack_on_a_post_in_an_area_took_place():
    inc = one("PESHAWAR: Gunmen attacked a convoy in Kurram district on Monday, killing six. The convoy was attacked "
              "near Sadda, the main town of Lower Kurram, as it was making its way to Parachinar.", "2025-02-18")
    assert inc.location == "Sadda"
    inc = one("ISLAMABAD: Six soldiers were killed in an attack on a post in North Waziristan district, the army said. "
              "The attack on the post in the Datta Khel area, near the border, took place late on Saturday.",
              "2024-10-21")
    assert inc.location == "Datta Khel"
