"""Issue #24, round 45: the general rules behind the misses of sets 75 and 76, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_a_source_in_a_city_with_an_aside_before_he_spoke_is_no_site():
    res = extract_incidents(
        "Peshawar (AFP) - A suicide bomber rammed a car into a checkpoint near Mir Ali on Tuesday, killing four "
        "soldiers.\n\nA security official in Peshawar, who asked not to be named because he was not authorised to "
        "speak, told AFP that five other soldiers were wounded.", published="2025-02-25")
    assert [(e.incident.location, e.incident.injured_min) for e in res.incidents] == [("Mir Ali", 5)]


def test_the_day_a_case_was_registered_is_not_the_attacks():
    inc = one("QUETTA: The CTD on Saturday registered a case against unidentified men who hurled a grenade at an FC "
              "post in Quetta's Nawa Killi area late on Thursday night.", "2024-05-04")
    assert inc.date.isoformat() == "2024-05-02"


def test_khawarij_in_quotes_belonging_to_a_group_and_police_who_suspect_a_group():
    assert ledger('It said the attackers were "khawarij" belonging to the Hafiz Gul Bahadur group.') == \
        [("HGB", "blamed")]
    assert ledger("He said the police suspected the involvement of the banned TTP.") == [("TTP", "blamed")]
    assert ledger("Suspicion fell on the TTP, police said.") == [("TTP", "suspected")]


def test_a_claim_that_its_fighters_set_up_a_roadblock():
    assert ledger("The BLA said in a statement on Thursday that its fighters had set up a roadblock on the highway "
                  "and executed men it accused of spying.") == [("BLA", "claimed")]


def test_where_a_victim_was_travelling_to_is_no_site():
    inc = one("QUETTA: Armed men blocked the coastal highway near Kund Malir late on Tuesday night, killing a Levies "
              "sepoy and two others. The sepoy, who was travelling home to Ormara on leave, was shot dead with two "
              "passengers.", "2024-10-03")
    assert inc.location == "Kund Malir"


def test_the_condition_of_the_other_wounded_was_out_of_danger():
    inc = one("PESHAWAR: The toll from a grenade attack on a police post rose to two on Tuesday after an injured "
              "constable died. One constable was martyred on the spot and three other policemen were injured in the "
              "attack on Monday night. The condition of the other two injured policemen was stated to be out of "
              "danger.", "2024-10-22")
    assert (inc.injured_min, inc.injured_max) == (2, 2)
    assert counts("The condition of the other two injured policemen was stated to be out of danger.") == \
        [("injured", 2, 2)]
