"""Issue #24, round 49: the general rules behind the misses of sets 83 and 84, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_guns_beside_the_grenades_make_a_raid():
    inc = one("KOHAT: Militants using sniper rifles and hand grenades targeted a Levies post near Lachi on Friday "
              "night, killing a sepoy who was on duty at the gate, the police said.", "2025-02-08")
    assert inc.attack_type == "armed assault"
    inc = one("KOHAT: Militants carrying Kalashnikovs and hand grenades targeted a Levies post near Lachi on Friday "
              "night, killing a sepoy.", "2025-02-08")
    assert inc.attack_type == "armed assault"
    inc = one("KOHAT: Men on a motorcycle hurled a grenade at a Levies post near Lachi on Friday night, wounding a "
              "sepoy.", "2025-02-08")
    assert inc.attack_type == "grenade attack"


def test_a_gun_battle_that_lasted_until_the_next_day_keeps_the_attacks_day():
    res = extract_incidents("A bomb hit a police van in Lakki Marwat on Tuesday morning. Hours later, militants stormed a "
                            "police post in Tank, setting off a gun battle that went on until the early hours of "
                            "Wednesday, officials said.", published="2025-04-10")
    assert [(e.incident.location, str(e.incident.date)) for e in res.incidents] == \
        [("Lakki Marwat", "2025-04-08"), ("Tank", "2025-04-08")]


def test_a_gazetteer_name_of_another_province_in_a_district_of_this_one():
    # the gazetteer's Kingri is a Sindh town: in a Balochistan district it is a place the gazetteer lacks
    inc = one("ISLAMABAD: Gunmen stopped a bus in Pakistan's Balochistan province and shot dead four travellers, "
              "police said on Monday.\n\nThe attack took place on Sunday in the Kingri area of Musakhel district, an "
              "official said.", "2025-05-12")
    assert inc.province_code == "PK-BA" and inc.location == "Kingri" and inc.geo_precision == 2


def test_the_branch_named_by_its_region_alone():
    assert ledger("The group's Khorasan branch said in a statement that it had targeted the convoy.") == \
        [("ISKP", "claimed")]
    assert ledger("Islamic State's Khorasan chapter claimed the bombing.") == [("ISKP", "claimed")]


def test_the_other_wounded_counted_after_one_died():
    assert counts("The two other constables are under treatment.") == [("injured", 2, 2)]
    assert counts("The three other passengers were evacuated to Quetta.") == []
    inc = one("BANNU: Four policemen were injured when a grenade hit their post on Monday night. One of them died "
              "in hospital on Tuesday. The three other policemen are out of danger, doctors said.", "2025-03-05")
    assert (inc.injured_min, inc.injured_max) == (3, 3) and (inc.killed_min, inc.killed_max) == (1, 1)


def test_the_khawarij_of_a_group_tried_to_ram_a_vehicle():
    assert ledger('"The khawarij of the Hafiz Gul Bahadur group, acting at the behest of their handlers, attempted '
                  'to ram a vehicle into the post," the ISPR said.') == [("HGB", "blamed")]


def test_the_two_attacks_toll_naming_one_of_them_stays_with_both():
    res = extract_incidents("Two attacks in Balochistan on Thursday killed seven Levies men.\n\nIn the first, a bomb "
                            "hit a Levies vehicle in Kalat district. In the second attack, gunmen ambushed a patrol in "
                            "Kharan district.\n\nThe two attacks left seven Levies men dead, officials said, without "
                            "figures for the Kharan ambush.", published="2025-06-13")
    assert [(e.incident.location, e.incident.killed_min) for e in res.incidents] == [("Kalat", None), ("Kharan", None)]


def test_an_attack_in_the_evening_elsewhere_is_another():
    res = extract_incidents("Militants attacked police three times in Khyber Pakhtunkhwa on Monday.\n\nIn the "
                            "morning, a bomb hit a police van in Swabi. In the evening, gunmen opened fire on a police "
                            "post in Mardan.", published="2025-07-08")
    assert [e.incident.location for e in res.incidents] == ["Swabi", "Mardan"]
