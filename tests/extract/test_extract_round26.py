"""Issue #24, round 26: the general rules behind the misses of sets 37 and 38, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from tests.extract.short_prose import counts, ledger, one


def test_a_town_named_again_near_its_district_goes_on_with_its_attack():
    inc = one("LASBELA: The number of policemen killed in a roadside bomb attack on a police van in Bela rose to "
              "four, officials said on Sunday.\n\nThe device went off on Saturday morning near Bela town in Lasbela "
              "district.", "2025-06-08")
    assert inc.location == "Bela" and (inc.killed_min, inc.killed_max) == (4, 4)
    assert counts("The number of policemen killed rose to four.") == [("killed", 4, 4)]


def test_a_bomber_who_rammed_and_a_taliban_commander():
    assert ledger('"A suicide bomber of the khawarij belonging to the Hafiz Gul Bahadur group rammed into the vehicle," '
                  "the ISPR said.") == [("HGB", "blamed")]
    assert ledger("The military blamed a faction loyal to a local Taliban commander.") == []
