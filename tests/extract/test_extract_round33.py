"""Issue #24, round 33: the general rules behind the misses of sets 51 and 52, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from incidents.extract.attack import find_attack_type
from tests.extract.short_prose import counts, ledger, one


def test_the_label_that_has_once_again_targeted():
    assert ledger('"The terrorists of Fitna al-Khawarij have once again targeted our men," the police officer '
                  'said.') == [("TTP", "blamed")]


def test_a_funeral_whose_words_tell_the_attack():
    inc = one("MIRAMSHAH: The funeral prayers of three soldiers, who were martyred when militants attacked a check "
              "post in the Spalga area of North Waziristan late on Wednesday night, were offered on Friday.",
              "2024-10-19")
    assert inc.location == "Spalga" and inc.date.isoformat() == "2024-10-16"


def test_one_and_others_by_rank_name_and_apposition():
    assert counts("A Levies havildar and three other personnel were martyred.") == [("killed", 4, 4)]
    assert counts("Gunmen killed Assistant Sub-Inspector (ASI) Gul Khan and two others.") == [("killed", 3, 3)]
    assert counts("A bomb killed constable Saeedullah and two others.") == [("killed", 3, 3)]
    assert counts("A former member of a peace committee was killed along with three others.") == [("killed", 4, 4)]


def test_victims_described_where_they_were():
    assert counts("A shopkeeper of the adjoining bazaar sustained bullet wounds.") == [("injured", 1, 1)]
    assert counts("Two civilians, including a child, who were present in a house nearby were injured.") == \
        [("injured", 2, 2)]
    assert counts("Five brave sons of soil, having fought valiantly, embraced shahadat.") == [("killed", 5, 5)]
    assert counts("Four members of a government-backed peace committee were killed.") == [("killed", 4, 4)]
    assert counts("A passer-by who was hit in the leg was admitted to hospital.") == [("injured", 1, 1)]
    assert counts("Four died on the spot while one was wounded.") == [("killed", 4, 4), ("injured", 1, 1)]


def test_a_lone_attacks_lead_town_over_an_area_named_later():
    inc = one("RAWALPINDI: On Thursday a group of khawarij attempted to attack a post in the general area of Mir Ali, "
              "North Waziristan District, the ISPR said.\n\nThe khawarij then rammed a vehicle into the wall, "
              "martyring three soldiers. The minister said the khawarij would not be allowed to disturb the peace in "
              "North Waziristan.", "2024-06-28")
    assert inc.location == "Mir Ali"


def test_a_claim_after_an_old_attack_told_by_its_month():
    inc = one("KHAR: A bomb killed four men in Bajaur on Wednesday.\n\nIn July, a suicide bomber blew himself up at a "
              "rally in Khar, killing 63 people. The Daesh group claimed responsibility for the attack.", "2023-11-16")
    assert inc.attributions == []


def test_operations_told_in_the_passive_and_a_monthly_report_are_no_attacks():
    res = extract_incidents("RAWALPINDI: Security forces killed 17 terrorists in two intelligence-based operations "
                            "(IBOs) in Khyber Pakhtunkhwa's Lakki Marwat and Bannu districts, the ISPR said on Sunday."
                            "\n\nAccording to the military's media wing, the first operation was conducted in the "
                            "general area of Lakki Marwat on the reported presence of khawarij, where troops effectively "
                            "engaged their location and killed nine of them after an intense exchange of fire.",
                            published="2025-06-08")
    assert all(e.incident.category == "operation" for e in res.incidents)
    res = extract_incidents("SAMAA\nDec 01, 2025\n\nKhyber Pakhtunkhwa remained the province worst affected by "
                            "militancy in November, accounting for more than two-thirds of the militant attacks "
                            "recorded across the country, according to the monthly security assessment released on "
                            "Monday.\n\nIn Balochistan, attacks on highways and the targeting of passengers continued "
                            "to be a major concern, the report said.", published="2025-12-01")
    assert res.incidents == []


def test_a_bomb_on_the_railway_track_and_a_shared_dateline_and_a_post_in_a_village():
    assert find_attack_type(["A bomb exploded on a railway track as a train passed."])[0].value == "IED"
    res = extract_incidents("QUETTA/PESHAWAR: Two people were killed in two attacks on Saturday.\n\nIn Pishin "
                            "district, gunmen opened fire on a Levies checkpost in Bostan, killing a sepoy. In another "
                            "incident, a bomb hit a police van in Hangu, killing a constable.", published="2023-09-03")
    assert [e.incident.location for e in res.incidents] == ["Bostan", "Hangu"]
