"""Issue #24, round 52: the general rules behind the misses of sets 89 and 90, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_a_day_after_the_attack_named_as_a_reference_is_not_its_day():
    inc = one("Two people were killed when rockets were fired at the town of Dhadar late on Tuesday night, officials "
              "said.\n\nShops had "
              "stayed shut since the attack and that the schools remained closed on Wednesday, residents said.",
              "2025-04-10")
    assert str(inc.date) == "2025-04-08"


def test_the_district_headquarters_a_distance_is_measured_from():
    inc = one("A suicide bomber struck a convoy in North Waziristan on Monday, killing four soldiers, the army said.\n\n"
              "The attack took place near the town of Ghulam Khan, some 25 km west of the district headquarters "
              "Miranshah, the ISPR said.", "2025-05-13")
    assert inc.location == "Ghulam Khan"


def test_a_group_that_claimed_the_raid():
    assert ledger("The BLA claimed the Kalat raid in a statement sent to the media.") == [("BLA", "claimed")]


def test_the_states_label_resorting_to_attacks():
    assert ledger('"The Fitna al-Khawarij terrorists, who cannot fight the police face to face, are now resorting to '
                  'roadside bombs," the officer said.') == [("TTP", "blamed")]


def test_the_people_of_a_company():
    assert counts("Two engineers of a construction company were wounded.") == [("injured", 2, 2)]


def test_no_one_hurt_in_an_arrest_tells_no_attack():
    res = extract_incidents("QUETTA: The CTD on Monday claimed to have arrested three suspects in a raid on a compound "
                            "near Turbat and seized explosives.\n\nNo one was hurt during the operation as the suspects "
                            "gave themselves up, a spokesman said.", published="2025-10-14")
    assert res.incidents == []
