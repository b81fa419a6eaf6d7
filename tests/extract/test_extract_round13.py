"""Issue #24, round 13: the general rules behind set 12's misses, each on short prose written for the test
(never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from incidents.registry import default_registry, name_key
from tests.extract.short_prose import counts, ledger, one


def test_a_victim_named_by_pronoun_is_one():
    assert counts("Gunmen fired on a shopkeeper near the bazaar, killing him on the spot.") == [("killed", 1, 1)]
    assert counts("Two men on a motorcycle shot her dead outside the school.") == [("killed", 1, 1)]
    assert counts("The bomb killed him and injured three others.") == [("killed", 1, 1), ("injured", 3, 3)]
    # shot, not said to be dead: no toll; "him and four others" stays one figure of five
    assert counts("The attackers shot him in the leg and fled.") == []
    assert counts("They opened fire on the car, killing him and four others.") == [("killed", 5, 5)]


def test_one_more_death_of_wounds_is_no_toll_beside_the_corrected_one():
    inc = one("QUETTA: Four people, including a constable, were killed and seven hurt when a bomb went off near "
              "a police van on Monday, police said.\n\nEarlier reports had put the toll at three. An official later "
              "said a vendor wounded in the explosion had died at the Civil Hospital.", "2025-06-03")
    assert (inc.killed_min, inc.killed_max) == (4, 4)
    # alone, the death of a wounded victim is still counted
    inc = one("PESHAWAR: A constable wounded in Monday's grenade attack on the Daudzai police station died on "
              "Wednesday, officials said.", "2025-06-04")
    assert (inc.killed_min, inc.killed_max) == (1, 1)


def test_attacked_outside_the_victims_home_is_the_site():
    inc = one("CHARSADDA: Unknown gunmen opened fire on a police constable outside his home in Shabqadar on "
              "Sunday night, killing him, police said.", "2025-06-10")
    assert inc.location.startswith("Shabqadar")
    # where the victim comes from is still not the site
    inc = one("QUETTA: Two labourers, residents of Multan, were shot dead in Turbat on Friday.", "2025-06-10")
    assert inc.location.startswith("Turbat")


def test_an_attack_without_a_place_and_a_later_one_with_its_own_day_and_toll_stay_apart():
    res = extract_incidents(
        "PESHAWAR: A policeman was killed and two others were hurt in two attacks in the province, police said "
        "on Tuesday.\n\nIn the first attack, gunmen shot dead a constable on Monday evening.\n\nOn Tuesday "
        "morning, a bomb went off near a police van in Pabbi, injuring two policemen.", published="2025-07-01")
    got = [(e.incident.date.isoformat(), e.incident.location) for e in res.incidents]
    assert len(got) == 2 and got[0][0] == "2025-06-30" and got[1] == ("2025-07-01", "Pabbi")


def test_the_military_s_own_word_for_the_attackers_blames_the_ttp():
    assert ledger("Earlier, the Inter-Services Public Relations (ISPR) had said that khawarij attacked the "
                  "post.") == [("TTP", "blamed")]
    assert ledger("According to the military, the attackers, whom it called 'khawarij', were repulsed.") == \
        [("TTP", "blamed")]
    # a label the speaker quotes of someone else's words is not its blame when nobody of the state speaks
    assert ledger("The attackers, whom a resident described as strangers, fled on foot.") == []


def test_group_names_with_joined_particles():
    reg = default_registry()
    assert reg.resolve("Jamaatul Ahrar") == "JuA"
    assert reg.resolve("Lashkar e Islam") == reg.resolve("Lashkar-e-Islam") == "LeI"
    assert name_key("Jamaat-ul-Ahrar") == name_key("Jamaatul Ahrar") != name_key("Jamaat Ahrar")
    assert ledger("Jamaatul Ahrar, a faction of the TTP, claimed responsibility for the blast.") == \
        [("JuA", "claimed")]


def test_a_rising_toll_keeps_the_source_s_own_verb():
    from incidents.extract.casualties import find_casualties

    got = [(c.count.min, c.count.max, c.text) for c in find_casualties("The death toll climbed to 13 on Sunday.")]
    assert got == [(13, 13, "climbed to 13")]
    got = [(c.count.min, c.count.max, c.text) for c in find_casualties("The toll has risen to at least 21.")]
    assert got == [(21, None, "risen to at least 21")]
