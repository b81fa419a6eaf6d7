"""Issue #24, round 31: the general rules behind the misses of sets 47 and 48, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from incidents.extract.dates import find_dates
from tests.extract.short_prose import D, counts, ledger, one


def test_a_dated_example_of_a_trend_is_no_new_attack():
    res = extract_incidents("DERA ISMAIL KHAN: Gunmen killed four policemen at the Kulachi police station on Saturday, "
                            "police said.\n\nThe southern districts of the province have seen a sharp rise in attacks "
                            "on police in recent months. On November 2, two policemen were martyred when gunmen opened "
                            "fire on a patrol in Paharpur tehsil of the same district.", published="2025-11-09")
    assert [e.incident.location for e in res.incidents] == ["Kulachi"]


def test_the_state_label_as_a_groups_name_and_an_officer_with_a_long_name():
    assert ledger('"The terrorists of Fitna al-Khawarij wanted to overrun the post," District Police Officer Ahmad '
                  'Ali Khan told reporters.') == [("TTP", "blamed")]


def test_a_victim_named_with_what_he_was_doing():
    assert counts("Police said Constable Zahid, who was guarding the gate, was martyred.") == [("killed", 1, 1)]


def test_the_umbrella_group_a_faction_broke_away_from_denies():
    assert ledger("The TTP, the umbrella group from which Jamaat-ul-Ahrar broke away, denied any involvement.") == \
        [("TTP", "denied")]


def test_the_day_that_names_an_old_attack_is_that_attacks_day():
    # "had also claimed the January 30 suicide bombing": the bombing's day, not the day of a claim
    d = find_dates("The group had also claimed the January 30 suicide bombing at a mosque.", D("2023-05-15"))[0]
    assert d.date == D("2023-01-30") and not d.reporting


def test_a_hospital_in_the_neighbouring_city_and_a_valley_the_gazetteer_lacks():
    inc = one("LAKKI MARWAT: A bomber struck a police post in Lakki Marwat on Sunday, killing six. Officials at the "
              "district hospital in the neighbouring city of Bannu said 20 people were wounded.", "2025-05-12")
    assert inc.location == "Lakki Marwat"
    inc = one("PESHAWAR: Three soldiers were martyred when militants ambushed a patrol in the Razani valley of North "
              "Waziristan on Monday.", "2025-05-13")
    assert inc.location == "Razani" and inc.geo_precision == 2


def test_fire_from_khawarij_of_a_group_and_the_attackers_the_troops_killed():
    assert ledger('The patrol came under fire from "khawarij belonging to the Hafiz Gul Bahadur group", the ISPR '
                  'said.') == [("HGB", "blamed")]
    assert ledger('The ISPR said troops killed two "terrorists of the Hafiz Gul Bahadur group" in the exchange of '
                  'fire.') == [("HGB", "blamed")]


def test_they_had_no_involvement():
    assert ledger("The Pakistani Taliban said in a statement that they had no involvement.") == [("TTP", "denied")]


def test_the_deadliest_of_old_attacks_just_recalled():
    res = extract_incidents("GWADAR: Gunmen killed two coastguards near Jiwani on Friday.\n\nOn August 26, militants "
                            "launched coordinated attacks across Balochistan, killing more than 50 people. In the "
                            "deadliest of them, gunmen shot dead 23 passengers in Musakhel district.",
                            published="2024-09-14")
    assert [e.incident.location for e in res.incidents] == ["Jiwani"]


def test_the_polices_initial_investigations_blame():
    assert ledger("The police officer told reporters that initial investigations suggested the involvement of the "
                  "TTP.") == [("TTP", "blamed")]
    assert ledger("Analysts said initial reports pointed to the TTP.") == [("TTP", "suspected")]


def test_injured_another_at_a_place():
    assert counts("Gunmen shot dead four labourers and injured another at a construction site.") == \
        [("killed", 4, 4), ("injured", 1, 1)]
