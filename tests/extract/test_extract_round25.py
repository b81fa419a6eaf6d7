"""Issue #24, round 25: the general rules behind the misses of sets 35 and 36, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import ledger, one


def _places(text: str, published: str) -> list[str]:
    return [e.incident.location for e in extract_incidents(text, published=published).incidents]


def test_a_deck_naming_two_targets_in_two_places_tells_both_attacks():
    assert _places("Militants targeted a police checkpost in Tank and an army convoy in North Waziristan's Mir Ali on "
                   "Wednesday, officials said.\n\nFive security personnel were killed in two separate attacks.\n\nIn the "
                   "first incident, militants attacked a checkpost on the outskirts of Tank city, killing two "
                   "policemen.\n\nIn the second, a roadside bomb struck a convoy in Mir Ali, killing three soldiers.",
                   "2026-03-05") == ["Tank", "Mir Ali"]


def test_a_convoy_that_came_under_fire_near_a_village_of_the_neighbouring_district():
    assert _places("PESHAWAR: Militants killed seven troops in two separate attacks, officials said on Saturday.\n\nIn "
                   "the first attack, gunmen targeted a police post near the town of Kulachi in Dera Ismail Khan "
                   "district late on Friday.\n\nHours later, a convoy came under fire near Manzai, a village in the "
                   "neighbouring Tank district.", "2025-06-29") == ["Kulachi", "Manzai"]


def test_where_attackers_withdrew_or_infiltrated_from():
    inc = one("DERA ISMAIL KHAN: Militants stormed a police post in Daraban late on Friday night, killing two "
              "policemen. The attackers withdrew towards the foothills of the Sheikh Badin range.", "2025-06-07")
    assert inc.location == "Daraban"
    inc = one("QUETTA: Five soldiers were martyred in an exchange of fire with militants who tried to infiltrate from "
              "Afghanistan into the Sambaza area of Zhob district, the military said on Friday.", "2025-06-07")
    assert inc.location == "Sambaza"


def test_a_village_named_with_a_pashto_prefix():
    inc = one("PARACHINAR: The vehicles came under fire near Kunj Alizai on Sunday, killing four passengers.",
              "2025-06-02")
    assert inc.location == "Kunj Alizai"


def test_a_group_that_claimed_is_not_also_blamed():
    inc = one("NUSHKI: A suicide bomber struck a convoy on Sunday, killing five soldiers. Officials blamed the "
              "Balochistan Liberation Army. The BLA claimed responsibility for the attack.", "2025-06-02")
    assert [(a.group, a.status) for a in inc.attributions] == [("BLA", "claimed")]
