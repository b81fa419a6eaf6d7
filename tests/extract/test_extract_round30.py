"""Issue #24, round 30: the general rules behind the misses of sets 45 and 46, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from incidents.extract.dateline import find_dateline
from tests.extract.short_prose import counts, ledger, one


def test_where_attackers_flee_and_where_a_convoy_came_from_are_not_the_site():
    inc = one("TANK: Militants stormed a police post in Tank on Sunday night, killing two constables, before being "
              "forced to flee towards the Gomazi hills.", "2025-04-08")
    assert inc.location == "Tank"
    inc = one("Islamabad: A bomber rammed a car into a convoy near Mir Ali on Monday, killing three soldiers, as the "
              "convoy was moving from the district's Miranshah headquarters.", "2025-04-08")
    assert inc.location == "Mir Ali"


def test_the_label_in_an_officials_words_about_the_attackers():
    assert ledger('"The khawarij came at night and attacked the post," the police officer said.') == \
        [("TTP", "blamed")]
    assert ledger('"The khawarij will not escape," the district police officer said.') == [("TTP", "blamed")]


def test_a_blame_for_all_the_attacks_and_a_claim_after_the_lead_about_them():
    res = extract_incidents(
        "PESHAWAR: Four policemen were killed in two separate attacks in Khyber Pakhtunkhwa on Monday.\n\nGunmen "
        "attacked a post in Bannu, killing two. In the second incident, a bomb hit a police van in Tank, killing "
        "two.\n\nPolice said the attacks were carried out by terrorists of Fitna al-Khawarij.", published="2025-04-08")
    assert [[(a.group, a.status) for a in e.incident.attributions] for e in res.incidents] == \
        [[("TTP", "blamed")], [("TTP", "blamed")]]


def test_a_country_in_parentheses_in_a_dateline():
    d = find_dateline("Quetta (Pakistan) (AFP) - A bomb went off on Monday.")
    assert d is not None and d.place == "Quetta" and d.outlet == "AFP"


def test_a_places_record_of_attacks_is_background():
    res = extract_incidents("TURBAT: Funeral prayers of two soldiers were offered on Wednesday. The commandant said "
                            "Kech district had faced several cowardly attacks in the past.", published="2025-04-08")
    assert res.incidents == []


def test_one_and_another_named_by_office_and_the_pair_with_a_police_officer():
    assert counts("Gunmen killed a teacher and injured another constable.") == [("killed", 1, 1), ("injured", 1, 1)]
    assert counts("Gunmen killed a polio worker and the police officer guarding her.") == [("killed", 2, 2)]
    assert counts("Another Levies man who was wounded in the attack was being treated at the hospital.") == \
        [("injured", 1, 1)]


def test_no_connection_and_the_khorasan_branch_with_of():
    assert ledger('The TTP said it had "no connection" with the bombing.') == [("TTP", "denied")]
    assert ledger("The Islamic State of Khorasan Province (ISKP), the regional affiliate of the ISIL (ISIS) armed "
                  "group, claimed responsibility.") == [("ISKP", "claimed")]


def test_blame_for_that_attack_and_a_groups_record_to_the_end_of_the_sentence():
    inc = one("PESHAWAR: A bomb killed three people in Peshawar on Monday. Suspicion fell on the TTP, which has stepped "
              "up attacks over the past year.\n\nIn January, a bomber killed 84 people at a mosque in Peshawar. A "
              "faction of the JuA was blamed for that attack.", "2025-04-08")
    assert [(a.group, a.status) for a in inc.attributions] == [("TTP", "suspected")]


def test_a_period_report_lists_its_attacks_with_their_days():
    res = extract_incidents("QUETTA: Balochistan witnessed 30 incidents of terrorism during March, a report said on "
                            "Monday.\n\nFive soldiers lost their lives in an attack near Turbat on March 28.",
                            published="2025-04-07")
    assert res.incidents == []


def test_a_coordinated_string_of_attacks_is_no_background_and_the_claim_after_it_is_for_all():
    res = extract_incidents(
        "QUETTA: Militants carried out a string of coordinated attacks across Balochistan on Sunday, killing at least "
        "ten people.\n\nThe BLA claimed responsibility, saying its fighters had targeted the forces.\n\nIn Kalat, "
        "gunmen shot dead six passengers. Separately, a bomb hit a vehicle near Turbat, killing four.",
        published="2025-04-07")
    assert [(e.incident.location, [(a.group, a.status) for a in e.incident.attributions]) for e in res.incidents] == \
        [("Kalat", [("BLA", "claimed")]), ("Turbat", [("BLA", "claimed")])]
