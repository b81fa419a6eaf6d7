"""Issue #24, round 48: the general rules behind the misses of sets 81 and 82, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_the_states_label_in_more_of_the_militarys_and_polices_wordings():
    assert ledger('The troops killed three terrorists of "Fitna al-Khawarij", the statement said.') == \
        [("TTP", "blamed")]
    assert ledger("According to the DPO, a group of Fitna al-Khawarij terrorists armed with heavy weapons attacked the "
                  "police station.") == [("TTP", "blamed")]
    assert ledger('The ISPR said the convoy was hit by a vehicle driven by "khawarij belonging to the Hafiz Gul Bahadur '
                  'group".') == [("HGB", "blamed")]


def test_a_branch_and_its_other_name():
    assert ledger("The Islamic State Khorasan Province (ISKP), also known as Daesh, claimed responsibility for the "
                  "killing.") == [("ISKP", "claimed")]
    assert ledger("Analysts said suspicion was likely to fall on the regional affiliate of the Islamic State group, "
                  "known as IS-Khorasan.") == [("ISKP", "suspected")]


def test_a_fifth_worker_wounded_and_the_victims_home_towns():
    assert counts("A fifth worker was wounded and was taken to the hospital in Turbat.") == [("injured", 1, 1)]
    res = extract_incidents("TURBAT: Gunmen killed four labourers at a camp near Hoshab on Friday night.\n\nThe "
                            "labourers, all from southern Punjab, were sleeping in a tent at the site when armed men "
                            "arrived and opened fire. A fifth worker was wounded. The bodies were later sent to their "
                            "home towns in Punjab's Rahim Yar Khan district.", published="2025-03-23")
    assert [e.incident.location for e in res.incidents] == ["Hoshab"]


def test_a_part_of_the_provincial_capital_named_by_the_headline():
    inc = one("Cop martyred in grenade attack in Peshawar\n\nPESHAWAR:\n\nA constable was martyred when motorcyclists "
              "hurled a grenade at a police van in the Gul Town area of the provincial capital on Monday night.",
              "2024-09-24")
    assert inc.location == "Gul Town" and inc.province_code == "PK-KP" and inc.geo_precision == 2
