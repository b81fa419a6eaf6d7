"""Issue #24, round 15: the general rules behind the misses of sets 15 and 16, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def _sites(text: str, published: str) -> list[tuple[str, int | None]]:
    return [(e.incident.location, e.incident.geo_precision) for e in
            extract_incidents(text, published=published).incidents]


def test_a_village_the_report_describes_is_the_site_near_a_bigger_place():
    assert _sites("GWADAR: A bomb hit a coast guard vehicle on Friday. The blast took place near Sur Bandar Kalan, a "
                  "fishing village some 30 km east of the port city of Gwadar, killing two men.", "2025-05-03") == \
        [("Sur Bandar Kalan", 2)]


def test_places_the_gazetteer_holds_only_in_part():
    # a known name after a local word is the tail of a longer name, not a place in another province
    inc = one("QUETTA: Gunmen stormed the Muslim Bagh police station in Killa Saifullah district on Sunday night, "
              "killing three policemen.", "2025-09-22")
    assert inc.location == "Muslim Bagh" and inc.province_code == "PK-BA"
    inc = one("PARACHINAR: Militants attacked a post in Upper Kurram on Monday, killing two soldiers.", "2025-09-23")
    assert inc.location == "Upper Kurram" and inc.geo_precision == 2


def test_the_area_of_a_district_and_a_town_within_a_city():
    inc = one("QUETTA: A policeman was shot dead in the Karezat area of Pishin on Friday.", "2025-09-20")
    assert inc.location == "Karezat"
    inc = one("KARACHI: Gunmen killed two guards in Karachi on Monday, at a bank in the Malir Cantonment area.",
              "2025-09-23")
    assert inc.location == "Malir Cantonment"


def test_separate_attacks_in_a_lead_are_never_one_place_s():
    res = extract_incidents(
        "Militants carried out two separate attacks in Khyber Pakhtunkhwa and the port city of Karachi, killing "
        "seven people, officials said on Wednesday.\n\nIn Bannu, gunmen shot dead three policemen at a checkpost."
        "\n\nMeanwhile, in Karachi, four guards were killed at a bank.", published="2024-10-30")
    assert [(e.incident.location, e.incident.killed_min) for e in res.incidents] == [("Bannu", 3), ("Karachi", 4)]


def test_aftermath_reports_tell_no_new_attack():
    res = extract_incidents(
        "BANNU: The funeral prayers of four soldiers who were martyred in an attack on a post in North Waziristan "
        "were offered on Sunday.\n\nThe soldiers had embraced martyrdom when terrorists attacked their post in the "
        "Mir Ali area on Friday. The ISPR had said the troops killed three terrorists.", published="2023-11-05")
    assert res.incidents == []
    res = extract_incidents(
        "PESHAWAR: The government handed over compensation cheques to the families of policemen killed in attacks "
        "over the past year.\n\nAmong them were the families of two policemen killed when militants stormed a post "
        "in Karak district on March 3 last year. Officials say more than 100 policemen were killed in the province "
        "last year.", published="2025-01-10")
    assert res.incidents == []


def test_state_labels_and_parents():
    assert ledger('"The security forces engaged the khawarij," the ISPR said.') == [("TTP", "blamed")]
    # a group named as the khawarij's makes the bare label its own
    inc = one("MIR ALI: Khawarij of the Hafiz Gul Bahadur group attacked a post on Monday, killing two soldiers, "
              "the ISPR said. The ISPR said the security forces engaged the khawarij.", "2025-08-26")
    assert [(a.group, a.status) for a in inc.attributions] == [("HGB", "blamed")]
    assert ledger("A police official said suspicion fell on the Islamic State group's regional affiliate, known as "
                  "IS-K.") == [("ISKP", "suspected")]
    assert ledger("Officials have blamed most of the recent attacks on police on the TTP.") == []
    assert ledger('The ISPR said the attack was carried out by "khawarij belonging to the Hafiz Gul Bahadur group," '
                  "referring to a local Taliban commander.") == [("HGB", "blamed")]
    assert ledger("On Thursday, Jamaat-ul-Ahrar, a faction of the TTP which is based in Mohmand, claimed "
                  "responsibility for the attack.") == [("JuA", "claimed")]


def test_tolls_with_titles_asides_and_definite_victims():
    assert counts("A station house officer (SHO) and two other policemen were martyred.") == [("killed", 3, 3)]
    assert counts("The bomb went off, killing the SHO and two others.") == [("killed", 3, 3)]
    assert counts("The driver of a van who tried to escape was wounded.") == [("injured", 1, 1)]
    assert counts("Nine soldiers and three civilians, including a child, were wounded.") == [("injured", 12, 12)]
    assert counts("Two officials of the Counter Terrorism Department were shot dead.") == [("killed", 2, 2)]


def test_the_weapon_not_the_troops_answer():
    inc = one("TANK: Militants fired rockets at a post in Jandola on Saturday night, killing two soldiers. The troops "
              "retaliated and a heavy exchange of fire followed.", "2025-03-09")
    assert inc.attack_type == "rocket attack"
    inc = one("PARACHINAR: Mortar shells were fired on Alizai on Sunday, killing five people.", "2025-03-10")
    assert inc.attack_type == "rocket attack"
    inc = one("WANA: Terrorists fired rockets at the police station and then tried to enter it, killing two "
              "policemen.", "2025-03-10")
    assert inc.attack_type == "armed assault"
