"""Issue #24, round 17: the general rules behind the misses of sets 19 and 20, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def _got(text: str, published: str) -> list[tuple[str, str]]:
    return [(e.incident.location, e.incident.date.isoformat()) for e in
            extract_incidents(text, published=published).incidents]


def test_a_place_the_gazetteer_lacks_is_recalled_later_in_the_report():
    res = extract_incidents(
        "PESHAWAR: Eleven soldiers were killed in two separate attacks in the province, the military said on "
        "Tuesday.\n\nIn the first attack, a suicide bomber blew himself up at a checkpost in the Shalobar area of "
        "Khyber district on Tuesday.\n\nLate on Monday, militants ambushed a convoy near Ghulam Khel in North "
        "Waziristan, the statement said.\n\nA local official in Shalobar said at least four people were wounded.",
        published="2024-11-27")
    got = [(e.incident.location, e.incident.injured_min) for e in res.incidents]
    assert got == [("Shalobar", 4), ("Ghulam Khel", None)]


def test_the_attack_s_own_town_named_with_a_district_far_from_its_point_goes_on():
    got = _got("QUETTA: Separatists attacked the railway station in the small town of Mach on Saturday, killing four "
               "people.\n\nDozens of gunmen entered Mach, in the mountainous Kachhi district, shortly after dawn.",
               "2025-02-02")
    assert got == [("Mach", "2025-02-01")]


def test_the_same_day_as_a_recalled_attack_is_background():
    got = _got("QUETTA: A suicide bomber killed nine people at a market in Zhob on Friday.\n\nThe bombing comes two "
               "weeks after a suicide attack in Mastung killed 50 people on September 29. Hours later on the same "
               "day, a bomber struck a police station in Hangu, killing five.", "2023-10-14")
    assert [loc for loc, _ in got] == ["Zhob"]


def test_compensation_reports_retell_no_new_attack():
    res = extract_incidents(
        "QUETTA: The chief minister on Tuesday distributed compensation cheques among the heirs of the victims of "
        "the attacks of August 26.\n\nOn the night of August 25 and 26, terrorists carried out attacks across the "
        "province. In the Rarasham area of Musakhel district, they killed 23 passengers.", published="2024-09-03")
    assert res.incidents == []


def test_a_series_of_operations_is_no_attack_nor_an_incident():
    res = extract_incidents(
        "ISLAMABAD: The military said on Tuesday that security forces had killed 23 militants in a series of "
        "intelligence-based operations in the southwestern province over the past three days.", published="2025-04-08")
    assert [e.incident.category for e in res.incidents] in ([], ["operation"])


def test_routes_towns_near_a_district_and_villages_in_a_tehsil():
    inc = one("KALAT: Gunmen killed six passengers near the village of Nimargh in Kalat district, on the highway "
              "linking the provincial capital Quetta with the port city of Karachi, on Friday.", "2025-04-05")
    assert inc.location == "Nimargh"
    inc = one("DERA ISMAIL KHAN: A roadside bomb struck a police vehicle near Paharpur in the neighbouring Dera Ismail "
              "Khan district on Saturday, killing two policemen.", "2025-04-06")
    assert inc.location == "Paharpur"
    inc = one("KHAR: A bomb went off near Loi Sam village in the Khar tehsil of Bajaur on Sunday, killing two men.",
              "2025-04-07")
    assert inc.location == "Loi Sam" and inc.geo_precision == 2


def test_tolls_claims_and_labels_of_round_17():
    assert counts("Gunmen opened fire on the post, killing an assistant sub-inspector (ASI) and two others.") == \
        [("killed", 3, 3)]
    assert [(c[0], c[1]) for c in counts("Officials first said five soldiers were killed, but the toll rose after "
                                         "three of the wounded died.")] == [("killed", 5)]
    assert ledger("On Saturday, ISIS-Khorasan Province said that one of its fighters had carried out the attack.") == \
        [("ISKP", "claimed")]
    assert ledger("The police chief said the attack bore the hallmarks of the khawarij.") == [("TTP", "blamed")]
    inc = one("QUETTA: A grenade attack on a shop on Qambrani Road on Saturday evening killed two people. The death "
              "toll from the attack rose to four on Sunday.", "2025-02-16")
    assert inc.date.isoformat() == "2025-02-15"
