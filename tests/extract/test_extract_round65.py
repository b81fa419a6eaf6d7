"""Issue #24, round 65: the general rules behind the misses of sets 115 and 116, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from tests.extract.short_prose import ledger, one


def test_where_reinforcements_came_from_is_no_site():
    inc = one("Militants attacked a post in the Datta Khel tehsil of North Waziristan district on Tuesday, killing "
              "four soldiers, the ISPR said.\n\nLocal officials said the attackers used heavy weapons and that the "
              "fighting continued for hours before reinforcements arrived from Miran Shah.", "2024-08-28")
    assert inc.location == "Datta Khel"


def test_describing_the_attackers_as_the_khawarij_of_a_group():
    assert ledger('Five attackers were killed, it said, describing them as "khawarij of the Hafiz Gul Bahadur '
                  'group".') == [("HGB", "blamed")]


def test_a_hospital_in_the_provincial_capital_named_without_the():
    inc = one("A roadside bomb killed three policemen near Kuchlak on Tuesday.\n\nTwo of the injured died at a hospital "
              "in provincial capital Quetta, raising the toll to three, an official said.", "2024-02-21")
    assert inc.location == "Kuchlak"
