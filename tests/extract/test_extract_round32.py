"""Issue #24, round 32: the general rules behind the misses of sets 49 and 50, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from incidents.extract.attack import background_cue
from tests.extract.short_prose import counts, ledger, one


def _places(res) -> list[str]:
    return [e.incident.location for e in res.incidents]


def test_a_distance_from_a_city_neither_places_nor_joins_an_attack():
    res = extract_incidents(
        "QUETTA (Reuters) - Militants attacked two towns in Balochistan on Monday, officials said.\n\nIn Surab, about "
        "200 km south of Quetta, gunmen blocked the highway and shot dead four travellers. In Kharan, a town some 300 "
        "km southwest of Quetta, militants fired rockets at a camp, killing two soldiers.", published="2025-08-19")
    assert _places(res) == ["Surab", "Kharan"]


def test_carried_out_a_series_of_attacks_is_news():
    assert background_cue("Militants carried out a series of attacks in Balochistan on Monday.") is None
    assert background_cue("It was the latest in a series of attacks.") == "the latest in"


def test_a_roundup_paragraph_in_the_provincial_capital():
    res = extract_incidents(
        "PESHAWAR: Four people were killed in two attacks in Khyber Pakhtunkhwa on Tuesday.\n\nIn North Waziristan, "
        "militants attacked a post in Datta Khel, martyring three soldiers.\n\nIn the provincial capital, a constable "
        "was martyred when a bomb went off near a police van.", published="2025-12-10")
    assert _places(res) == ["Datta Khel", "Peshawar"]


def test_a_convoy_heading_to_a_nearby_city_and_labourers_from_districts_of_a_province():
    inc = one("PESHAWAR (AP) - A bomber hit a convoy near Mir Ali on Tuesday, killing four soldiers, as it was moving "
              "toward the nearby city of Bannu.", "2025-10-29")
    assert inc.location == "Mir Ali"
    res = extract_incidents("QUETTA: Gunmen shot dead six labourers at a site in Kech on Saturday. The labourers, who "
                            "hailed from Multan and Bahawalpur districts of Punjab province, were asleep.",
                            published="2026-03-15")
    assert _places(res) == ["Kech"]


def test_a_person_named_like_a_place_and_a_village_named_with_a_town():
    inc = one("Islamabad: A bomb killed three people in Landi Kotal on Monday. Police blamed Lashkar-e-Islam, a group "
              "once led by Mangal Bagh.", "2023-03-21")
    assert inc.location == "Landi Kotal"
    inc = one("ISLAMABAD (Reuters) - A bomb killed four soldiers on Thursday near Miri Kalat, a village west of Turbat "
              "in Kech district.", "2023-08-18")
    assert inc.location == "Miri Kalat"


def test_operations_that_targeted_hideouts_are_no_attack():
    res = extract_incidents("QUETTA: Officials told the meeting that the operations had targeted hideouts of "
                            "terrorists in Kech and Panjgur, killing 30 of them.", published="2025-06-25")
    assert all(e.incident.category == "operation" for e in res.incidents)


def test_a_chief_ministers_words_for_the_attackers():
    assert ledger('"Fitna al-Khawarij cannot weaken our resolve," the chief minister said.') == [("TTP", "blamed")]


def test_a_victim_list_in_apposition_and_another_in_a_sentence_of_its_own():
    assert counts("Two passers-by, a vendor and a schoolboy, were also wounded.") == [("injured", 2, 2)]
    assert counts("Another vaccinator was wounded.") == [("injured", 1, 1)]
    assert counts("Another attacker was killed.") == []


def test_rockets_fired_at_a_station_open_an_attack():
    res = extract_incidents(
        "PESHAWAR: Five policemen were killed in two separate attacks in Khyber Pakhtunkhwa, officials said on "
        "Wednesday.\n\nIn the first attack, militants fired several rockets and mortar shells at a police station in "
        "Kohat late on Tuesday night. In the second incident, a roadside bomb hit a police van in Tank on Wednesday.",
        published="2025-04-16")
    assert _places(res) == ["Kohat", "Tank"]


def test_both_attacks_in_a_report_of_three():
    res = extract_incidents(
        "PESHAWAR: Six policemen were martyred in two attacks in Bannu and Tank, while a grenade hurt three in Pasni, "
        "officials said on Wednesday.\n\nIn the first incident, terrorists attacked a post in Bannu on Monday night. "
        "In the second incident, terrorists ambushed a patrol in Tank on Tuesday.\n\nA police spokesman said both "
        "attacks had been carried out by khawarij.\n\nMeanwhile, a grenade hit a shop in Pasni on Tuesday, injuring "
        "three people.", published="2024-10-02")
    assert [(e.incident.location, [a.group for a in e.incident.attributions]) for e in res.incidents] == \
        [("Bannu", ["TTP"]), ("Tank", ["TTP"]), ("Pasni", [])]


def test_a_town_the_report_says_lies_in_the_district_named_after_it():
    inc = one("Islamabad - A bomber struck a convoy on the outskirts of Nok Kundi, a town in the sprawling Chagai "
              "district, about 150 km west of Dalbandin, on Monday, killing four guards.", "2025-12-02")
    assert inc.location == "Nok Kundi"
