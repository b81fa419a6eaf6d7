"""Issue #24, round 20: the general rules behind the misses of sets 25 and 26, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from tests.extract.short_prose import counts, ledger, one


def test_a_bazaar_named_for_a_far_town_and_a_post_named_for_its_own():
    inc = one("WANA: A bomb went off in the busy Rustam Bazaar of Wana on Monday, killing three people.", "2025-06-03")
    assert inc.location == "Wana" and inc.province_code == "PK-KP"
    inc = one("KOHAT: Militants raided a police station in Hangu district late on Thursday night, killing three "
              "policemen.\n\nThe assault on the Doaba police station lasted for hours.", "2025-06-07")
    assert inc.location == "Doaba"


def test_tolls_that_rise_after_the_attack_and_a_man_who_also_lost_his_life():
    inc = one("QUETTA: The number of people killed after armed men stopped vehicles on a highway in Barkhan district "
              "has risen to seven, officials said on Saturday.\n\nThe incident took place on Friday evening near "
              "Rarkan, a small town, where armed men had set up a blockade.", "2025-09-06")
    assert inc.location == "Rarkan" and (inc.killed_min, inc.killed_max) == (7, 7)
    inc = one("MANSEHRA: Gunmen opened fire on a polio team on Monday, martyring the policeman guarding it, while a "
              "man who was passing by also lost his life.", "2025-06-03")
    assert (inc.killed_min, inc.killed_max) == (2, 2)
    assert counts("Gunmen threw a grenade, killing the shop owner Ahmad Khan and another man.") == [("killed", 2, 2)]
    assert counts("Two of the injured have been shifted to Multan.") == [("injured", 2, None)]


def test_first_figures_said_after_them_and_a_higher_open_figure():
    inc = one("PESHAWAR: Two policemen were killed and a civilian was hurt, police initially said.\n\nOn Monday a "
              "hospital spokesman said a third person had died, while two others remained under treatment.",
              "2025-06-03")
    assert (inc.injured_min, inc.injured_max) == (2, 2)
    inc = one("QUETTA: A bomb ripped through a police van on Tuesday, wounding more than a dozen people.\n\n\"At least "
              "14 are wounded,\" a police official said.", "2025-06-04")
    assert (inc.injured_min, inc.injured_max) == (14, None)


def test_claims_denials_and_blame_in_new_words():
    assert ledger("A spokesman for the banned Balochistan Liberation Front distanced the group from the killings.") == \
        [("BLF", "denied")]
    assert ledger('The police chief said "terrorists of Fitna al-Khawarij" were behind the attack.') == \
        [("TTP", "blamed")]
    assert ledger("Jeeyand Baloch, a spokesman for the BLA, said the organisation's fighters had carried out the "
                  "action.") == [("BLA", "claimed")]
    assert ledger('The BLF said in a statement that its fighters had "punished collaborators".') == \
        [("BLF", "claimed")]
    assert ledger("The province has seen near-daily attacks, most claimed by the Pakistani Taliban.") == []
    assert ledger('The SSP said the "khawarij" operating in the suburbs had been trying to hit the police.') == \
        [("TTP", "blamed")]


def test_where_attackers_fled_is_no_site():
    inc = one("QUETTA: Men hurled a grenade at a shop on Barori Road on Monday, killing two people. The attackers "
              "sped away towards Sariab.", "2025-06-03")
    assert inc.location != "Sariab, Quetta" and inc.province_code == "PK-BA"
