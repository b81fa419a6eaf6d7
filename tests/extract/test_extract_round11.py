"""Issue #24, round 11: the general rules behind set 10's misses and the new `y` reports, each on short prose
written for the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.casualties import parse_count
from incidents.extract.attack import find_attack_type
from incidents.extract.attribution import GroupFinder, unknown_claimants
from incidents.extract.pipeline import _place_finder
from incidents.registry import default_registry
from tests.extract.short_prose import counts, ledger, one


def test_single_victims_named_by_ordinal_role_rank_or_bare_one():
    assert counts("Three labourers were shot dead and a fourth was wounded.") == [("killed", 3, 3), ("injured", 1, 1)]
    assert counts("Gunmen stormed the shop, killing the owner and wounding two customers.") == \
        [("killed", 1, 1), ("injured", 2, 2)]
    assert counts("Militants ambushed the patrol, martyring Lance Naik Sher Ali while a sepoy was injured.") == \
        [("killed", 1, 1), ("injured", 1, 1)]
    assert counts("The attackers fired on the guards, killing three of them and injuring one.") == \
        [("killed", 3, 3), ("injured", 1, 1)]
    assert counts("Militants fired on a vaccination team, killing a lady health worker and injuring her police "
                  "escort.") == [("killed", 1, 1), ("injured", 1, 1)]
    # a group after "the" or "and" is left to the counting patterns
    assert ("killed", 1, 1) not in counts("Gunmen shot dead the driver and the conductor of the coach.")


def test_hit_counts_a_person_only_with_a_wound():
    assert counts("A shopkeeper was also hit and was rushed to hospital with a bullet wound.") == [("injured", 1, 1)]
    assert counts("A vehicle was also hit by the bullets.") == []


def test_half_a_dozen_and_a_victim_with_his_two_sons():
    assert (parse_count("half a dozen").min, parse_count("half a dozen").max) == (6, 6)
    assert counts("Half a dozen labourers were injured in the blast.") == [("injured", 6, 6)]
    assert counts("Gunmen gunned down a former councillor and his two sons.") == [("killed", 3, 3)]


def test_an_open_question_names_no_attack_type():
    hit, _ = find_attack_type(["A blast tore through the bus stand.",
                               "It was not clear whether the bomb had been planted or thrown from a car."])
    assert hit.value == "bombing"
    hit, _ = find_attack_type(["The bomb had been planted in a handcart."])
    assert hit.value == "IED"


def test_a_label_belonging_to_a_named_group_is_that_group():
    assert ledger("The ISPR said the raid was carried out by khawarij belonging to the Hafiz Gul Bahadur group.") == \
        [("HGB", "blamed")]
    assert ledger('The ISPR said "khawarij" had tried to storm the camp.') == [("TTP", "blamed")]


def test_accusing_a_state_of_sheltering_a_group_blames_no_one_for_the_attack():
    assert ledger("Islamabad accuses Kabul of providing sanctuary to TTP commanders, a charge Kabul rejects.") == []
    assert ledger("Police blamed the TTP for the attack.") == [("TTP", "blamed")]


def test_no_role_owned_and_a_parent_in_apposition():
    assert ledger("The Pakistani Taliban said they had no role in the bombing.") == [("TTP", "denied")]
    assert ledger("The Balochistan Liberation Front owned the attack in a message to reporters.") == \
        [("BLF", "claimed")]
    assert ledger("Jamaat-ul-Ahrar, an offshoot of the Pakistani Taliban, claimed the bombing.") == [("JuA", "claimed")]


def test_a_weekday_is_no_unknown_claimant():
    finder = GroupFinder(default_registry())
    assert unknown_claimants("The TTP on Monday claimed responsibility for the attack.", finder) == []


def test_a_road_named_for_a_town_is_a_street_of_the_dateline_city():
    found = _place_finder().find("Gunmen fired at a police picket on Kohat Road here on Monday.", attack=True)
    assert [(p.surface, p.role) for p in found] == [("Kohat", "route")]
    inc = one("PESHAWAR: A constable was martyred when attackers hurled a grenade at a police post on Charsadda Road "
              "here on Sunday.", "2025-03-10")
    assert (inc.location, inc.province_code) == ("Peshawar", "PK-KP")


def test_a_country_is_no_unlisted_town_and_chamalang_is_listed():
    inc = one("KHAR: A bomb went off at a rally in Khar, the main town of Pakistan's Bajaur district, on Sunday, "
              "killing six people.", "2025-06-23")
    assert inc.location == "Khar"
    inc = one("QUETTA: Gunmen killed four miners in the Chamalang coal-mining area of Loralai district on Monday.",
              "2025-09-16")
    assert inc.location == "Chamalang" and abs(inc.lat - 30.08) < 0.01
