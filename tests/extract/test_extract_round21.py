"""Issue #24, round 21: the general rules behind the misses of sets 27 and 28, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from incidents.extract import extract_incidents
from tests.extract.short_prose import counts, ledger, one


def test_a_roundup_s_first_attack_told_by_its_blockade_and_places_by_their_features():
    res = extract_incidents(
        "QUETTA: Militants killed nine people in two separate attacks in the province on Tuesday, officials said."
        "\n\nIn the first attack, gunmen set up a blockade on the coastal highway near the port town of Ormara and "
        "checked the identity cards of passengers.\n\nHours later, a bomb exploded under a vehicle near the Loti gas "
        "field in Dera Bugti district, police said.", published="2025-09-17")
    assert [e.incident.location for e in res.incidents] == ["Ormara", "Loti"]


def test_towns_and_areas_the_report_describes():
    inc = one("WASHUK: A car bomb struck the main bazaar of Besima, a small town in Washuk district, on Thursday, "
              "killing five people.", "2025-06-06")
    assert inc.location == "Besima"
    inc = one("AWARAN: Gunmen raided a construction camp in Jhao, a remote area of Awaran district, on Tuesday, killing "
              "four labourers.", "2025-06-04")
    assert inc.location == "Jhao"
    inc = one("LAKKI MARWAT: A roadside bomb targeted a vehicle near Shahbaz Khel village in Lakki Marwat on Monday, "
              "killing two men.", "2025-06-03")
    assert inc.location == "Shahbaz Khel"


def test_pairs_and_titles_with_their_post():
    assert counts("Gunmen shot dead a polio worker and the policeman escorting him.") == [("killed", 2, 2)]
    assert counts("A bomb hit the van, killing the station house officer (SHO) of Lachi police station and four "
                  "others.") == [("killed", 5, 5)]
    assert counts("Gunmen killed a soldier and two policemen.") == [("killed", 3, 3)]


def test_involvement_blamed_and_denied():
    assert ledger("The DPO said the terrorists of Fitna al-Khawarij were involved in the attack.") == \
        [("TTP", "blamed")]
    assert ledger("A spokesman for the Tehreek-i-Taliban Pakistan denied the group's involvement.") == \
        [("TTP", "denied")]


def test_a_year_s_attacks_in_a_list_of_districts_are_no_new_one():
    res = extract_incidents(
        "MANSEHRA: Gunmen shot dead two policemen escorting a polio team in Sarni on Friday.\n\nHazara has been "
        "spared much of the violence, but police escorting polio workers have come under attack in Bajaur, Bannu "
        "and Lakki Marwat this year.", published="2025-06-08")
    assert [e.incident.location for e in res.incidents] == ["Sarni"]
