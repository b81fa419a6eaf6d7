"""Issue #24, round 66: the general rules behind the misses of sets 117 and 118, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_a_second_attack_after_while_at_a_village_the_gazetteer_lacks():
    res = extract_incidents("Militants killed five people in two attacks on Tuesday, officials said.\n\nIn Khyber "
                            "Pakhtunkhwa province, gunmen stormed a police post in Kulachi town of Dera Ismail Khan "
                            "district before dawn, while hours later a patrol was ambushed outside Gara Mahsud village "
                            "in the same district.\n\nThe TTP claimed the raid on the Kulachi post, but did not mention "
                            "the second attack.", published="2026-01-14")
    assert [(e.incident.location, e.incident.province_code) for e in res.incidents] == \
        [("Kulachi", "PK-KP"), ("Gara Mahsud", "PK-KP")]


def test_where_a_police_party_had_been_on_a_raid_is_no_site():
    inc = one("Terrorists ambushed a police van near Sarai Naurang town on Monday evening, killing four policemen.\n\n"
              "The police party was returning from a raid in the Shah Hassan Khel area when militants opened fire.",
              "2025-10-14")
    assert inc.location == "Sarai Naurang"


def test_an_officer_of_a_station_and_the_others():
    assert counts("Gunmen killed the station house officer of Bhittani police station and two other policemen.") == \
        [("killed", 3, 3)]


def test_the_label_had_taken_positions():
    assert ledger('"The terrorists of Fitna al-Khawarij had taken positions in the fields," the DPO said.') == \
        [("TTP", "blamed")]
