"""Issue #24, round 19: the general rules behind the misses of sets 23 and 24, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_a_victim_shot_and_a_bullet_wound():
    inc = one("SWABI: A police officer escorting a polio team was killed on Sunday, police said on Monday.\n\nConstable "
              "Zahid Khan was shot by two men on a motorcycle in the village of Ashanagro Koto, in Swabi district. A "
              "female vaccinator suffered a bullet wound.", "2026-04-20")
    assert inc.location == "Ashanagro Koto" and (inc.injured_min, inc.injured_max) == (1, 1)
    assert counts("He died on the spot, while his nephew sustained a bullet wound in the leg.") == \
        [("killed", 1, 1), ("injured", 1, 1)]


def test_posts_named_after_their_place_beside_a_district_or_a_route():
    inc = one("TANK: Militants attacked the Mullazai police post in Tank district before dawn on Monday, killing two "
              "policemen.", "2025-06-03")
    assert inc.location == "Mullazai"
    inc = one("MIRANSHAH: A suicide bomber struck near the Khajuri checkpost on the road linking Mir Ali and Miranshah "
              "in North Waziristan district on Saturday, killing four soldiers.", "2025-06-08")
    assert inc.location == "Khajuri"


def test_a_lone_attack_dated_in_a_claim_only_lead_and_governments_named_by_capitals():
    inc = one("WANA: The TTP on Sunday claimed responsibility for the attack on a police station in Wana, carried out "
              "late on Thursday night.\n\nFour policemen were martyred when terrorists attacked the station.",
              "2025-07-07")
    assert inc.date.isoformat() == "2025-07-03"
    res = extract_incidents(
        "TURBAT: Gunmen stormed a police station in Turbat on Friday, killing six policemen.\n\nA spokesman said the "
        "attack was carried out by 'Fitna al-Hindustan', a term Islamabad uses for Baloch separatist groups.",
        published="2025-11-15")
    assert [e.incident.location for e in res.incidents] == ["Turbat"]


def test_claims_by_a_brigade_member_labels_without_a_speaker_and_engaged_factions():
    assert ledger('The BLA said in a statement that a member of its "Majeed Brigade" suicide squad had carried out the '
                  "attack.") == [("BLA", "claimed")]
    assert ledger('"A group of khawarij attempted to attack the post.') == [("TTP", "blamed")]
    assert ledger('The military said troops had "effectively engaged the khawarij of the Hafiz Gul Bahadur group".') == \
        [("HGB", "blamed")]


def test_vague_and_aged_figures_are_no_count():
    assert counts("In the gunfight a number of policemen were killed.") == []
    assert counts("A shopkeeper and a child of around ten were among the dead.") == []
    inc = one("7 policemen killed in attack on police station\n\nPESHAWAR: Terrorists stormed a police station in "
              "Paharpur on Monday night, and a number of policemen were killed, officials said.", "2025-03-04")
    assert (inc.killed_min, inc.killed_max) == (7, 7)


def test_places_in_a_possessive_district_and_in_a_crowded_locality():
    inc = one("ISLAMABAD: Militants attacked a post near Kan Mehtarzai in Balochistan's Qila Saifullah district on "
              "Tuesday, killing two soldiers.", "2025-05-07")
    assert inc.location == "Kan Mehtarzai"
    inc = one("PESHAWAR: A grenade hit a police van in the congested Kakshal locality of the provincial capital on "
              "Monday, injuring two policemen.", "2024-03-12")
    assert inc.location == "Kakshal" and inc.geo_precision == 2
