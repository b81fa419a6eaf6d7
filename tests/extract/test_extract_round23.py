"""Issue #24, round 23: the general rules behind the misses of sets 31 and 32, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_the_town_of_a_district_and_places_on_a_highway():
    inc = one("QUETTA: Gunmen ambushed a van near the Bela town of Lasbela district on Sunday, killing five people.",
              "2025-06-02")
    assert inc.location == "Bela"
    inc = one("KHYBER: A suicide bomber blew himself up inside a mosque in Ali Masjid area of Pakistan's Khyber "
              "district on Friday, killing nine worshippers.", "2025-06-07")
    assert inc.location == "Ali Masjid"
    inc = one("QUETTA: Gunmen shot dead seven passengers on Saturday near Padag on the N-40 highway in Chagai "
              "district, which links the provincial capital Quetta with the Iranian border at Taftan.", "2025-06-08")
    assert inc.location == "Padag"


def test_kin_families_and_the_wounded_in_an_aside():
    assert counts("A member of a peace committee and his two sons were shot dead.") == [("killed", 3, 3)]
    assert counts("Three members of a family lost their lives in the blast.") == [("killed", 3, 3)]
    assert counts("Two other passengers, who were wounded, were taken to Quetta.") == [("injured", 2, 2)]


def test_labels_of_a_named_group_and_hallmarks():
    assert ledger('The ISPR said the attackers were "khwarij of the Hafiz Gul Bahadur group".') == [("HGB", "blamed")]
    assert ledger('The CCPO said the attack bore the hallmarks of "Fitna al-Khawarij".') == [("TTP", "blamed")]


def test_an_attack_the_day_before_that_is_background():
    res = extract_incidents(
        "BANNU: Militants attacked a post in Mandan on Wednesday, killing three soldiers.\n\nIt came a day after a "
        "bombing in Islamabad killed 12 people. A day before that, militants had attacked a cadet college in Wana.",
        published="2025-11-13")
    assert len(res.incidents) == 1 and res.incidents[0].incident.province_code == "PK-KP"
