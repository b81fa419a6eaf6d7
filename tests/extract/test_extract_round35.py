"""Issue #24, round 35: the general rules behind the misses of sets 55 and 56, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import ledger, one


def test_a_highway_that_links_a_port_city_is_no_site():
    inc = one("ISLAMABAD - Gunmen killed nine travellers late on Saturday night near Bela, a town in Lasbela district, "
              "on the highway that links the port city of Karachi with Quetta.", "2024-09-30")
    assert inc.location == "Bela" and inc.province_code == "PK-BA"


def test_another_village_of_the_district_hours_later_is_another_attack():
    res = extract_incidents(
        "QUETTA (Reuters) - Militants killed seven people in two attacks in Kech district on Sunday.\n\nA roadside "
        "bomb struck a vehicle near the town of Hoshab in Kech district on Sunday morning, killing four soldiers. The "
        "BLF claimed the Hoshab bombing.\n\nHours later, gunmen opened fire on workers in the village of Gogdan Kalat "
        "near Turbat, the main town of Kech district, killing three.", published="2023-08-14")
    got = [(e.incident.location, [a.group for a in e.incident.attributions]) for e in res.incidents]
    assert got == [("Hoshab", ["BLF"]), ("Gogdan Kalat", [])]


def test_a_denial_by_his_groups_spokesman_and_a_plan_to_overrun():
    assert ledger("A TTP spokesman denied his group's involvement in the shooting.") == [("TTP", "denied")]
    assert ledger('The police officer told Dawn that the khawarij had planned to overrun the post.') == \
        [("TTP", "blamed")]


def test_the_leads_attempted_attack_types_a_lone_attack():
    inc = one("RAWALPINDI: On Saturday, khawarij attempted to attack a security forces' post in Datta Khel, North "
              "Waziristan, the ISPR said.\n\nOwn troops engaged the khawarij. In the ensuing fire exchange, two "
              "soldiers embraced shahadat.", "2025-06-15")
    assert inc.attack_type == "armed assault"


def test_a_court_that_sentenced_facilitators_of_an_old_bombing():
    res = extract_incidents("QUETTA: A court on Saturday sentenced three men to life imprisonment for facilitating the "
                            "suicide bomber who struck a procession in Mastung in 2023.", published="2025-05-11")
    assert res.incidents == []
