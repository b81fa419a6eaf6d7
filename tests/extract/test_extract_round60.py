"""Issue #24, round 60: the general rules behind the misses of sets 105 and 106, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import one


def test_the_wounded_who_died_leave_the_first_count_of_wounded():
    inc = one("The toll in the attack on the Kulachi police station rose to five on Thursday after two of the injured "
              "succumbed to their wounds.\n\nMilitants attacked the police station late on Wednesday night. "
              "Initially, officials had said three policemen were martyred and six injured.", "2024-09-20")
    assert (inc.killed_min, inc.injured_min, inc.injured_max) == (5, 4, 4)
    inc = one("Militants attacked the police station in Kulachi late on Wednesday night, killing three policemen and "
              "injuring six.", "2024-09-20")
    assert (inc.injured_min, inc.injured_max) == (6, 6)


def test_earlier_comma_is_the_first_report():
    inc = one("The toll from the firing in Quetta rose to three on Friday after one of the injured died.\n\nEarlier, "
              "police had said that two men were killed and two injured.", "2024-09-06")
    assert (inc.killed_min, inc.injured_min) == (3, 1)


def test_the_leads_hedge_kept_over_the_same_figure_after_a_first_report():
    inc = one("QUETTA: At least three people, including two policemen, were killed in a blast near a police van on "
              "Friday.\n\nTwo policemen and a passerby were killed on the spot. Earlier, hospital sources had said two "
              "people were dead.", "2025-04-12")
    assert (inc.killed_min, inc.killed_max) == (3, None)


def test_wounded_soldiers_who_died_raise_the_toll_not_set_it():
    inc = one("A suicide bomber killed five soldiers near Mir Ali on Wednesday, officials said. Two officials later "
              "said the toll had risen to five after two critically wounded soldiers died in hospital.", "2025-08-21")
    assert (inc.killed_min, inc.killed_max) == (5, 5)


def test_the_toll_of_a_clause_before_he_added():
    res = extract_incidents("Gunmen attacked a police post in Tank on Monday, killing two policemen.\n\nEarly on "
                            "Tuesday, attackers threw a grenade into a police station in Dir, wounding two policemen. No "
                            "one was killed, he added, and nobody claimed that attack.", published="2025-04-09")
    assert [e.incident.killed_min for e in res.incidents][-1] == 0


def test_six_other_people_after_a_sentence_about_both_attacks():
    res = extract_incidents("Militants killed nine soldiers in two attacks on Monday.\n\nIn the first, gunmen stormed a "
                            "post near Tank. Hours later, a bomb hit a van near Lachi.\n\nOfficials did not give a "
                            "breakdown of the casualties for each attack. At least six other people were wounded, an "
                            "official said.", published="2025-04-08")
    assert [e.incident.injured_min for e in res.incidents] == [None, None]


def test_an_officials_seat_starts_no_new_attack():
    res = extract_incidents("Gunmen shot dead five bus passengers near Ormara on Wednesday night, officials said.\n\nA "
                            "sixth passenger was wounded and was being treated at the Ormara hospital, Gwadar "
                            "district's deputy commissioner said.", published="2025-10-09")
    assert [(e.incident.location, e.incident.injured_min) for e in res.incidents] == [("Ormara", 1)]
