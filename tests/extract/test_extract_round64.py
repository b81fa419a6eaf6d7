"""Issue #24, round 64: the general rules behind the misses of sets 113 and 114, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from tests.extract.short_prose import counts, ledger, one


def test_an_official_in_a_district_is_where_he_spoke():
    inc = one("QUETTA: Militants fired rockets at Dhadar late Saturday, killing two people, officials said Sunday.\n\n"
              "Several rockets landed near the town's market, a senior official in Kachhi district told reporters.",
              "2024-06-09")
    assert inc.location == "Dadhar"  # the gazetteer's spelling


def test_a_village_near_which_the_attack_was_in_a_towns_area():
    inc = one("A roadside bomb struck a van near Shalpin in Swat district's Kabal area on Monday, killing four people.",
              "2023-08-22")
    assert inc.location == "Shalpin"


def test_one_from_the_family():
    assert counts("A man from the family was wounded and was taken to hospital.") == [("injured", 1, 1)]


def test_a_member_of_a_body_and_his_son_shot_dead():
    assert counts("Gunmen shot dead a member of the village council and his son.") == [("killed", 2, 2)]


def test_the_label_effectively_engaged():
    assert ledger('"The khawarij of the Hafiz Gul Bahadur group, who had crossed from Afghanistan, were effectively '
                  'engaged," the ISPR said.') == [("HGB", "blamed")]
