"""Issue #24, round 24: the general rules behind the misses of sets 33 and 34, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def _places(text: str, published: str) -> list[str]:
    return [e.incident.location for e in extract_incidents(text, published=published).incidents]


def test_second_attacks_told_after_and_and_on_a_town_s_outskirts():
    assert _places("PESHAWAR: Militants attacked police in three separate places on Monday, killing seven people in "
                   "all.\n\nIn the first attack, a roadside bomb hit a police van in Lakki Marwat district, killing two "
                   "constables.\n\nHours later, gunmen fired on a patrol in the bazaar of Tank city, officials said, and "
                   "a hand grenade was thrown at a police station on the outskirts of Bannu city, wounding three "
                   "policemen.", "2025-02-04") == ["Lakki Marwat", "Tank", "Bannu"]
    assert _places("ISLAMABAD: Nine people were killed in three separate attacks in Balochistan on Sunday.\n\nFour "
                   "workers were killed in Turbat.\n\nIn Panjgur district, armed men attacked a vehicle near Panjgur town, "
                   "while in Kharan, a bomb exploded near a market, officials said, without giving figures for the two "
                   "incidents.", "2025-11-24") == ["Turbat", "Panjgur", "Kharan"]


def test_a_gate_named_for_a_city_is_a_locality():
    inc = one("PESHAWAR: Two policemen were martyred when gunmen opened fire on them near Lahori Gate in the walled "
              "city on Saturday.", "2025-06-08")
    assert inc.province_code == "PK-KP"


def test_blame_claims_and_suspicion_in_other_words():
    assert ledger('The official said the attackers "were terrorists of Fitna al-Khawarij".') == [("TTP", "blamed")]
    assert ledger('The military said the bomber "was part of the khawarij of the Hafiz Gul Bahadur group".') == \
        [("HGB", "blamed")]
    assert ledger("The Islamic State's Amaq news agency carried a claim of responsibility.") == [("IS", "claimed")]
    assert ledger('The ISPR said "khawarij of the Hafiz Gul Bahadur group" had deliberately fired the mortar.') == \
        [("HGB", "blamed")]


def test_ordinal_deaths_asides_and_a_year_s_figures():
    assert counts("A third officer died hours later in hospital.") == [("killed", 3, 3)]
    assert counts("Six others, four of them Levies men, are under treatment.") == [("injured", 6, 6)]
    res = extract_incidents("PESHAWAR: The police killed more than 400 terrorists during 2025, the IGP said on Sunday."
                            "\n\nThe force lost 168 officials to terrorism during the year, most of them in Bannu and "
                            "Lakki Marwat.", published="2026-01-05")
    assert res.incidents == []
