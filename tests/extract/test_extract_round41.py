"""Issue #24, round 41: the general rules behind the misses of sets 67 and 68, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, one


def test_a_toll_said_of_two_attacks_together_or_between_them():
    res = extract_incidents(
        "QUETTA: Militants carried out three attacks in Balochistan on Saturday, officials said.\n\nIn the first "
        "attack, gunmen ambushed a Levies vehicle near Dalbandin in the morning. Later in the day, a bomb struck an "
        "FC patrol near Nushki.\n\nOfficials said the ambush near Dalbandin and the blast near Nushki left five "
        "personnel dead between them. In the evening, a grenade was thrown into a shop in Kharan, killing a "
        "shopkeeper.", published="2026-04-12")
    assert [(e.incident.location, e.incident.killed_min) for e in res.incidents] == \
        [("Dalbandin", None), ("Nushki", None), ("Kharan", 1)]
    res = extract_incidents(
        "PESHAWAR: Militants struck twice in Khyber Pakhtunkhwa on Saturday, police said.\n\nA grenade was hurled at "
        "a shop in Mardan in the afternoon. Hours later, a car bomb went off in Charsadda.\n\nRescue officials said "
        "the grenade attack in Mardan and the Charsadda blast together claimed three lives.", published="2023-11-12")
    assert [e.incident.killed_min for e in res.incidents] == [None, None]


def test_two_named_victims_after_a_plural_rank():
    assert counts("Police said constables Gul Khan and Amir Shah were martyred on the spot.") == [("killed", 2, 2)]


def test_a_village_described_as_a_neighbourhood_of_a_town():
    inc = one("KARACHI: A bomb killed two policemen on Wednesday. The blast went off in Qasba Mor, a crowded "
              "neighbourhood of Orangi Town in the west of the city.", "2025-01-22")
    assert inc.location == "Qasba Mor"


def test_the_district_a_faction_is_based_in_is_no_second_site():
    res = extract_incidents(
        "ISLAMABAD - A suicide bomber rammed a car into a post near Bannu late Tuesday, killing six soldiers, the "
        "military said Wednesday.\n\nThe military said the attack was carried out by \"khawarij of the Hafiz Gul "
        "Bahadur group,\" a militant faction based in the neighboring North Waziristan district, and that troops "
        "killed three attackers who tried to storm the post.", published="2025-07-23")
    assert [(e.incident.location, [a.group for a in e.incident.attributions]) for e in res.incidents] == \
        [("Bannu", ["HGB"])]


def test_the_wounded_brought_to_hospital_with_injuries():
    assert counts("Doctors said nine people, including two children, were brought to the hospital with injuries.") == \
        [("injured", 9, 9)]


def test_one_victim_and_those_travelling_with_him():
    assert counts("A bomb hit a car, killing a tribal elder and those travelling with him.") == [("killed", 2, None)]
    inc = one("8 killed in roadside blast\n\nA roadside bomb hit a car near Tump on Tuesday, killing a local official "
              "and those travelling with him, police said.", "2024-03-19")
    assert (inc.killed_min, inc.killed_max) == (8, 8)


def test_an_escort_and_the_one_escorted():
    assert counts("Gunmen opened fire on a polio team, killing a policeman guarding the team and a vaccinator.") == \
        [("killed", 2, 2)]


def test_a_part_of_the_provincial_capital_on_its_northern_outskirts():
    inc = one("QUETTA: Two policemen were martyred when a bomb hit their vehicle in the Kechi Beg area on the southern "
              "outskirts of the provincial capital on Monday.", "2025-08-19")
    assert inc.location == "Kechi Beg" and inc.geo_precision == 2 and abs(inc.lat - 30.2) < 0.2


def test_a_claims_day_gives_way_to_the_leads_day_in_a_roundup():
    res = extract_incidents(
        "Quetta [Pakistan], August 12 (ANI): Seven people were killed in two separate attacks in Balochistan on "
        "Monday.\n\nIn the first incident, armed men attacked a labourers' camp at Jiwani, killing five workers.\n\n"
        "In a separate incident, a grenade was hurled at a shop in Turbat, killing two people.\n\nOn Tuesday, the "
        "BLF claimed responsibility for the attack in Jiwani.", published="2025-08-12")
    assert [e.incident.date.isoformat() for e in res.incidents] == ["2025-08-11", "2025-08-11"]
