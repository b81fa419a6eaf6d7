"""Issue #24, round 12: the general rules behind set 11's misses, each on short prose written for the test
(never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_tolls_said_with_a_service_an_upper_bound_or_a_bare_another():
    assert counts("Four men of the Frontier Corps were martyred in the ambush.") == [("killed", 4, 4)]
    assert counts("A captain of the Pakistan Army and three sepoys were killed.") == [("killed", 4, 4)]
    assert ("killed", None, 9) in counts("The bombing left the market in ruins, with as many as nine lives lost.")
    assert counts("The gunmen shot dead two guards and wounded another before fleeing.") == \
        [("killed", 2, 2), ("injured", 1, 1)]
    assert counts("Three policemen on patrol duty received bullet wounds.") == [("injured", 3, 3)]
    assert counts("A bomb went off near the van, martyring sepoy Gul Zaman and injuring a passer-by.")[0] == \
        ("killed", 1, 1)
    # a rank and name followed by others is left to the pattern that counts them all
    assert ("killed", 1, 1) not in counts("Gunmen fired on the post, killing naik Sher Khan and three others.")


def test_attackers_said_to_belong_to_a_group_and_a_long_state_speaker():
    assert ledger("The SHO said the attackers belonged to the Tehreek-e-Taliban Pakistan.") == [("TTP", "blamed")]
    assert ledger("According to a statement from the Inter-Services Public Relations (ISPR), khawarij "
                  "of the Hafiz Gul Bahadur group attacked a checkpost.") == [("HGB", "blamed")]


def test_a_town_in_apposition_to_its_district_and_a_road_leading_from_it():
    inc = one("QUETTA: Two Levies men were shot dead near Nok Kundi, the small town in Chagai district, on "
              "Monday. The post stands on the road leading from Nok Kundi towards the border.", "2025-03-04")
    assert inc.location == "Nok Kundi"


def test_a_verdict_on_an_old_bombing_is_no_new_attack():
    res = extract_incidents(
        "PESHAWAR: A court on Monday sentenced a man to life in prison for his part in the March 2018 bombing "
        "at a bus stand in Peshawar.\n\nThe blast killed 12 people and wounded 30 others. The TTP had claimed "
        "the attack at the time.\n\nThe man can appeal within 30 days.", published="2025-05-06")
    assert res.incidents == []
