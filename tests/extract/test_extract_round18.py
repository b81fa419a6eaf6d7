"""Issue #24, round 18: the general rules behind the misses of sets 21 and 22, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_victims_by_rank_and_name_among_and_of_them():
    assert counts("Constable Ali Khan was injured in the firing.") == [("injured", 1, 1)]
    assert counts("Three passers-by were among the wounded.") == [("injured", 3, None)]
    assert counts("Two policemen were among those killed.") == [("killed", 2, None)]
    assert counts("The guards fought back, but three of them were martyred.") == [("killed", 3, 3)]
    assert counts("Four more were under treatment at the hospital.") == [("injured", 4, 4)]
    assert counts("A policeman deputed for the security of the team was martyred.") == [("killed", 1, 1)]


def test_days_of_condemnations_and_reported_tolls_date_nothing():
    inc = one("TURBAT: Gunmen stormed a workers' camp in Kech district on Tuesday night, killing five labourers."
              "\n\nThe chief minister condemned the attack on Wednesday.", "2026-01-22")
    assert inc.date.isoformat() == "2026-01-20"
    inc = one("KOHAT: Militants attacked a checkpoint late on Thursday night. Four policemen had been reported "
              "killed on Friday, and two more died overnight.", "2024-10-26")
    assert inc.date.isoformat() == "2024-10-24"


def test_places_in_the_provincial_capital_and_after_a_comma():
    inc = one("PESHAWAR: Militants attacked a police post in the Achini Payan area of the provincial capital on "
              "Monday night, killing two policemen.", "2025-06-03")
    assert inc.location == "Achini Payan" and inc.geo_precision == 2 and abs(inc.lat - 34.0) < 0.2
    inc = one("QUETTA: Gunmen attacked a coach in Rakhni, Barkhan district, on Saturday, killing seven people.",
              "2025-06-08")
    assert inc.location == "Rakhni"


def test_another_incident_in_a_lead_is_split_and_the_report_s_province_holds():
    res = extract_incidents(
        "PESHAWAR: Five soldiers were martyred in two incidents, officials said on Friday.\n\nOn Friday, khawarij "
        "opened fire on a vehicle in the Bagh-Maidan area of Tirah valley in Khyber district, while in another "
        "incident the same day the khawarij targeted a patrol with an improvised explosive device near Akakhel in "
        "Bara tehsil.", published="2025-11-29")
    got = [(e.incident.location, e.incident.province_code, e.incident.attack_type) for e in res.incidents]
    assert got == [("Bagh-Maidan", "PK-KP", "armed assault"), ("Akakhel", "PK-KP", "IED")]


def test_claims_through_factions_and_accusers():
    assert ledger("A breakaway Pakistani Taliban faction claimed responsibility.") == []
    assert ledger("Jamaat-ul-Ahrar, a faction that split from and later rejoined the Pakistani Taliban, claimed "
                  "responsibility for the bombing.") == [("JuA", "claimed")]
    # the accuser is not the accused ('elements' are no group); "no connection with the attack" is its denial
    assert ledger("The TTP said it had no connection with the attack and accused 'elements' of trying to defame "
                  "it.") == [("TTP", "denied")]
    assert ledger('"Khawarij belonging to the Hafiz Gul Bahadur group attempted to attack a post," it said.') == \
        [("HGB", "blamed")]


def test_a_year_s_figures_and_an_old_bombing_in_court_are_no_attack():
    res = extract_incidents(
        "ISLAMABAD: Police in Khyber Pakhtunkhwa said on Sunday that 2025 was the deadliest year for the force in a "
        "decade, with 180 policemen killed.\n\nAccording to figures released by the police, militants carried out "
        "more than 600 attacks.", published="2026-01-05")
    assert res.incidents == []
    res = extract_incidents(
        "PESHAWAR: An anti-terrorism court on Wednesday sentenced a man for facilitating the bombing of a mosque in "
        "2022.\n\nAccording to the prosecution, a suicide bomber had attacked the mosque during Friday prayers on "
        "March 4, 2022, killing 60 worshippers.", published="2025-05-08")
    assert res.incidents == []
