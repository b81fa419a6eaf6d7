"""Issue #24, round 59: the general rules behind the misses of sets 103 and 104, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from tests.extract.short_prose import counts, ledger, one


def test_a_ranked_victim_with_an_aside():
    assert counts("Constable Zahir Shah, the gunner, sustained injuries.") == [("injured", 1, 1)]
    assert counts("Both soldiers died at the scene while a third, Sepoy Amjad Ali, received a bullet in the arm.") == \
        [("killed", 2, 2), ("injured", 1, 1)]


def test_the_khawarij_cannot_face_the_police():
    assert ledger('"The khawarij cannot face us in the open," the DPO said.') == [("TTP", "blamed")]


def test_a_second_victim_who_died_later_raises_the_toll():
    inc = one("A bomb killed two policemen in Karachi on Wednesday, police said.\n\nPolice had earlier said one "
              "officer was killed. A second constable, who was taken to the Jinnah Hospital with burns, died in the "
              "evening, a doctor said.", "2025-11-06")
    assert (inc.killed_min, inc.killed_max) == (2, 2)


def test_where_a_convoy_of_trucks_was_going_is_no_site():
    inc = one("A roadside bomb hit a police vehicle near Sadda on Monday, killing three policemen.\n\nAccording to "
              "police, the device was detonated by remote control as the vehicle, which was escorting a convoy of goods "
              "trucks to Parachinar, passed over it. Four people were injured.", "2024-10-15")
    assert inc.location == "Sadda" and inc.injured_min == 4
