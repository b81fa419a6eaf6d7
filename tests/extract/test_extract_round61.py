"""Issue #24, round 61: the general rules behind the misses of sets 107 and 108, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from incidents.extract.pipeline import _place_finder
from tests.extract.short_prose import counts, ledger, one


def test_the_wounded_after_and_in_a_toll_that_rose_to():
    assert counts("The toll has risen to nine, including two policemen, and more than 15 people are wounded.") == \
        [("killed", 9, 9), ("injured", 16, None)]


def test_the_label_used_weapons_in_the_attack():
    assert ledger("Police said the terrorists of Fitna al-Khawarij used rockets in the attack.") == [("TTP", "blamed")]


def test_attacks_in_the_following_years_are_old():
    inc = one("Gunmen shot dead a tribal elder in Adezai on Saturday, police said.\n\nThe village formed a lashkar in "
              "2008. Many of its members were killed in the following years in suicide bombings.", "2024-12-01")
    assert inc.attack_type == "armed assault"


def test_a_province_the_district_borders_is_no_site():
    places = _place_finder().find("Gunmen ambushed a van in Sambaza, a village in the Zhob district bordering Khyber "
                                  "Pakhtunkhwa, killing three people.", attack=True)
    assert {p.key: p.role for p in places}["khyber pakhtunkhwa"] == "near"


def test_a_weekday_attack_after_the_latest_in_a_wave_is_old():
    res = extract_incidents("A suicide bomber killed eight people at a police station in Tank on Monday, police said."
                            "\n\nThe attack was the latest in a wave of violence in the region. On Saturday, militants "
                            "attacked an army camp in Khyber district.", published="2023-11-07")
    assert [e.incident.location for e in res.incidents] == ["Tank"]


def test_the_driver_sustained_injuries():
    assert counts("The driver of the van sustained serious injuries.") == [("injured", 1, 1)]


def test_a_leader_of_a_party_and_his_son():
    assert counts("A local leader of the Awami National Party (ANP) and his son were shot dead.") == [("killed", 2, 2)]


def test_a_claim_on_a_news_agency_on_a_later_day():
    inc = one("Gunmen shot dead a cleric in Bajaur, police said on Sunday.\n\nHe was returning home after the evening "
              "prayer on Saturday evening when gunmen opened fire on him.\n\nIslamic State claimed responsibility for "
              "the killing on its Amaq news agency on Sunday.", "2024-04-08")
    assert str(inc.date) == "2024-04-06"
