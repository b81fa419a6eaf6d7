"""Issue #24, round 54: the general rules behind the misses of sets 93 and 94, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_one_named_and_one_of_his():
    assert counts("Gunmen opened fire on a car, killing Haji Sher Ali, a local elder, and his driver.") == \
        [("killed", 2, 2)]


def test_a_suspicion_about_either_attack_covers_both():
    res = extract_incidents("A bomb hit a police van and gunmen ambushed a car in two separate attacks in the northwest "
                            "on Sunday, killing four people, officials said.\n\nThe bombing happened in Thall, a town in "
                            "Hangu district, killing two officers. Hours later, gunmen opened fire on a car near Lachi "
                            "in neighbouring Kohat district, killing two men.\n\nNo one claimed either attack, but "
                            "suspicion is likely to fall on the Pakistani Taliban.", published="2025-05-05")
    assert [[(a.group, a.status) for a in e.incident.attributions] for e in res.incidents] == \
        [[("TTP", "suspected")], [("TTP", "suspected")]]


def test_a_hospital_named_after_the_citys_part():
    inc = one("A bomb killed a policeman in Karachi on Monday, officials said. Two passers-by were wounded and taken to "
              "the city's Abbasi Shaheed hospital.", "2025-04-08")
    assert inc.location == "Karachi"


def test_an_also_killed_civilian_inside_the_counted_toll():
    inc = one("At least three people, including two policemen, were martyred when militants attacked a post in Tank on "
              "Sunday. A shopkeeper standing nearby also lost his life.", "2025-02-11")
    assert (inc.killed_min, inc.killed_max) == (3, None)
    inc = one("Two policemen were martyred when militants attacked a post in Tank on Sunday. A shopkeeper standing "
              "nearby also lost his life.", "2025-02-11")
    assert inc.killed_min == 3


def test_a_claim_made_on_a_later_day_by_a_group_with_a_long_name():
    res = extract_incidents("Militants carried out two separate attacks in Khyber Pakhtunkhwa late Thursday, killing "
                            "six people, officials said.\n\nIn the first attack, militants stormed a police station in "
                            "Kulachi, killing four policemen.\n\nOn Friday, the Pakistani Taliban, also known as "
                            "Tehreek-e-Taliban Pakistan or TTP, claimed responsibility for the Kulachi assault in a message "
                            "to reporters."
                            "\n\nEarlier on Thursday evening, gunmen shot dead two men in Bannu.", published="2026-01-24")
    assert [str(e.incident.date) for e in res.incidents] == ["2026-01-22", "2026-01-22"]
    inc = one("Late Friday, militants attacked a post near Wana, killing three soldiers.\n\nThe TTP claimed "
              "responsibility for the attack in Wana in a statement on Saturday.", "2024-09-01")
    assert str(inc.date) == "2024-08-30"


def test_the_attacks_a_lead_counted_dated_all_at_once():
    res = extract_incidents("Militants killed five people in three separate attacks in Khyber Pakhtunkhwa, officials "
                            "said Monday.\n\nThe attacks, all on Sunday, targeted police.\n\nIn the first, a grenade "
                            "hit a police station in Shabqadar. Hours later, gunmen shot two policemen in Pabbi. The "
                            "third attack hit a van near the village of Gara Mahsud, on the outskirts of Tank.",
                            published="2024-11-04")
    assert [str(e.incident.date) for e in res.incidents] == ["2024-11-03"] * 3


def test_an_attack_on_their_check_post():
    inc = one("Five Levies men were killed when militants attacked their check-post near Dalbandin on Tuesday.",
              "2025-03-05")
    assert inc.attack_type == "armed assault"
