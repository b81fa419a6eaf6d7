"""Issue #24, round 28: the general rules behind the misses of sets 41 and 42, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from incidents.extract.attack import find_attack_type
from tests.extract.short_prose import counts, ledger, one


def test_the_label_that_had_tried_to_overrun_the_post():
    assert ledger('The district police officer said the "khawarij" had tried to overrun the checkpost.') == \
        [("TTP", "blamed")]


def test_a_lone_attacks_lead_places_it_when_its_own_sentences_do_not():
    inc = one("RAWALPINDI: Troops on Monday foiled a bid by khawarij to drive an explosives-laden truck into a post "
              "in the Machis area of South Waziristan District, the ISPR said.\n\nThe bomber then rammed the truck "
              "into the outer wall, martyring three soldiers.", "2025-07-15")
    assert inc.location == "Machis" and inc.province_code == "PK-KP" and inc.geo_precision == 2


def test_one_named_with_his_age_and_home_and_others():
    assert counts("The blast martyred Naik Saleem Khan, 29, a resident of Kohat, and three others.") == \
        [("killed", 4, 4)]


def test_a_group_described_in_apposition_still_acts():
    assert ledger("According to the ISPR, khawarij belonging to the Hafiz Gul Bahadur group, a proxy of hostile "
                  "agencies, tried to storm the post.") == [("HGB", "blamed")]


def test_an_old_attack_in_a_groups_description_leaves_the_suspicion():
    res = extract_incidents("KHAR: A bomb killed four people in a market in Khar on Sunday, police said.\n\nAnalysts "
                            "said the bombing pointed towards the Islamic State Khorasan Province, which has carried "
                            "out several attacks in the district, including the July 30 bombing at a rally in Khar "
                            "which killed over 60 people.", published="2023-11-14")
    assert [(a.group, a.status) for a in res.incidents[0].incident.attributions] == [("ISKP", "suspected")]


def test_the_media_wing_said_the_label_of_a_group_carried_out_the_attack():
    assert ledger('The Inter-Services Public Relations (ISPR), said the "khawarij of the Hafiz Gul Bahadur group" had '
                  'carried out the dastardly attack.') == [("HGB", "blamed")]


def test_explosives_in_a_parked_car_make_a_car_bomb_but_not_on_a_motorcycle():
    assert find_attack_type(["Explosives hidden in a parked car went off near the gate."])[0].value == "vehicle bomb"
    assert find_attack_type(["A bomb planted on a motorcycle went off near the gate."])[0].value == "IED"


def test_a_spokesmans_city_and_the_victims_home_province_are_not_the_site():
    inc = one("ISLAMABAD (dpa) - Militants attacked a bank in the town of Kharan on Tuesday. Several people were "
              "killed, a police spokesman in the provincial capital Quetta told dpa.", "2025-03-05")
    assert inc.location == "Kharan"
    res = extract_incidents("QUETTA: Gunmen shot dead three labourers in Kech on Sunday. The victims were from Punjab "
                            "province, police said.", published="2025-03-03")
    assert [e.incident.location for e in res.incidents] == ["Kech"]
