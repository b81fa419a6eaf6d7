"""Issue #24, round 40: the general rules behind the misses of sets 65 and 66, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_the_wounded_left_named_with_their_noun_replace_the_first_count():
    inc = one("MARDAN: One constable was martyred and three other policemen were injured when militants attacked a "
              "post on Monday night. One of them died on Tuesday. The two other constables wounded in the attack were "
              "out of danger, police said.", "2025-03-05")
    assert (inc.injured_min, inc.injured_max) == (2, 2)


def test_victims_named_with_their_ranks():
    assert counts("Havildar Gul Zaman and Sepoy Amir Khan were martyred on the spot.") == [("killed", 2, 2)]
    assert counts("Head Constable Noor Ali was martyred, while Constable Javed Iqbal sustained bullet wounds.") == \
        [("killed", 1, 1), ("injured", 1, 1)]


def test_a_claim_by_a_faction_described_with_its_parent_and_a_long_tail():
    assert ledger("A spokesman for Jamaat-ul-Ahrar, a faction that broke away from the Pakistani Taliban several "
                  "times in recent years, claimed responsibility.") == [("JuA", "claimed")]


def test_a_roundup_item_under_its_own_dateline_that_tells_no_attack_ends_the_one_before():
    res = extract_incidents(
        "NNI news roundup\n\nDIR: Militants blew up a girls' school in Lower Dir late on Wednesday night. No one was "
        "hurt.\n\nPESHAWAR: The CTD on Thursday claimed to have arrested two suspects and recovered hand grenades and "
        "explosives from them. The suspects were planning to attack a police station, a CTD spokesman said.",
        published="2026-03-19")
    assert [(e.incident.location, e.incident.attack_type) for e in res.incidents] == [("Lower Dir", "bombing")]


def test_an_earlier_dated_event_in_the_body_of_an_attack_told_hours_later():
    res = extract_incidents(
        "At least eight people were killed in two attacks in Khyber Pakhtunkhwa, officials said.\n\nIn the first "
        "attack on Tuesday morning, a suicide bomber struck a checkpoint in Bannu, killing five soldiers.\n\nHours "
        "later, gunmen ambushed a police patrol near Timergara, killing three policemen.\n\nThe army said 12 "
        "soldiers were killed in clashes along the border on October 11, days after another deadly ambush.",
        published="2025-10-14")
    assert [e.incident.date.isoformat() for e in res.incidents] == ["2025-10-14", "2025-10-14"]


def test_an_expressway_named_for_a_town_is_no_site():
    inc = one("KARACHI: Two policemen were martyred when a grenade was thrown at a picket near Pak Colony on Saturday "
              "night. The attack took place at a picket on the service road along the Lyari Expressway, within the "
              "limits of the Pak Colony police station.", "2025-11-16")
    assert inc.location == "Pak Colony"
