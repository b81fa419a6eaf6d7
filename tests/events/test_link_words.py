"""The records' words as evidence (incidents/events/link.py: ``record_words`` and its terms): the place
below the district each record names, what was hit in detail and how, from ACLED notes, GTD summaries,
UCDP headlines and a news report's lead."""
from __future__ import annotations

import numpy as np

from incidents.events import link as L
from tests.events.test_link import frame

ACLED_NOTES = ("On 12 March 2023, unidentified militants attacked a police checkpost in Shewa (North Waziristan, "
               "Khyber Pakhtunkhwa). 2 policemen were killed.")
NEWS_LEAD = ("Two policemen were martyred when terrorists opened fire on a check post in the Shewa area of North "
             "Waziristan on Sunday, police said.")
GTD_SUMMARY = ("03/12/2023: Assailants attacked a checkpoint in Miranshah, North Waziristan district, Khyber "
               "Pakhtunkhwa province, Pakistan. At least 2 people were killed in the attack.")
NW = dict(date="2023-03-12", province_code="PK-KP", district="North Waziristan", lat=32.98, lon=70.27,
          geo_precision=2, attack_type="Armed clash", target="Police Forces of Pakistan (2018-)", killed_min=2,
          killed_max=2, location="North Waziristan")


def score(*rows: dict) -> np.ndarray:
    """The scores of the first record against each of the others."""
    f = frame(*({**NW, **r} for r in rows))
    n = len(f) - 1
    return L.score(f, np.zeros(n, np.int64), np.arange(1, n + 1))


def test_what_each_record_names():
    f = frame({**NW, "summary": ACLED_NOTES, "location": "Shewa"},
              {**NW, "summary": NEWS_LEAD, "dataset": None, "target": "police"},
              {**NW, "summary": GTD_SUMMARY, "dataset": "GTD"},
              {**NW, "summary": "1 soldier killed in attack on convoy in Mir Ali Bazaar", "dataset": "UCDP"})
    w = L.record_words(f)
    checkpost = 1 << [n for n, _ in L.DETAIL_WORDS].index("checkpost")
    assert [int(x) & checkpost != 0 for x in w.detail] == [True, True, True, False]  # "check post", "checkpoint"
    assert w.place[0, 0] == w.place[1, 0] >= 0 and not w.known[0, 0]  # "Shewa", "the Shewa area of": one place
    assert w.known[2, 0] and w.known[3, 0]  # Miranshah and Mir Ali Bazaar are gazetteer towns
    assert w.place[2, 0] != w.place[3, 0]
    assert (w.place[:, 1:] == -1).all()  # the district, the province and "Pakistan" are not places below it
    said = L.record_words(frame({**NW, "summary": "Officials said a bomb went off in a market."}))
    assert said.detail[0] == 1 << [n for n, _ in L.DETAIL_WORDS].index("market")  # "officials said" names no target


def test_acled_notes_and_a_news_lead_of_one_attack_link():
    same = score({"summary": ACLED_NOTES, "location": "Shewa", "geo_precision": 1},
                 {"summary": NEWS_LEAD, "dataset": None, "killed_min": 2, "killed_max": None,
                  "attack_type": "firing", "target": "check post", "date": "2023-03-13"})
    silent = score({"summary": None, "location": "North Waziristan"},
                   {"summary": None, "dataset": None, "killed_min": 2, "killed_max": None,
                    "attack_type": "firing", "target": None, "date": "2023-03-13"})
    assert same[0] >= L.LINK_AT and same[0] > silent[0]


def test_same_place_next_day_a_checkpost_shooting_and_a_suicide_attack_on_the_cantonment_stay_apart():
    cantonment = {"summary": "On 12 March 2023, a suicide bomber blew himself up at the gate of the cantonment in "
                             "Shewa (North Waziristan, Khyber Pakhtunkhwa). 1 soldier was killed.",
                  "location": "Shewa", "geo_precision": 1, "attack_type": "Suicide bomb",
                  "target": "Military Forces of Pakistan (2018-)", "killed_min": 1, "killed_max": 1}
    checkpost = {"summary": "One policeman was martyred when militants opened fire on a checkpost in the Shewa area "
                            "of North Waziristan on Monday, officials said.", "dataset": None, "date": "2023-03-13",
                 "attack_type": "firing", "target": "police", "killed_min": 1, "killed_max": 1}
    unworded = {**checkpost, "summary": None}
    apart, without = score(cantonment, checkpost, unworded)
    # one dead each, the same place, a report dated the next day: without the words they link; with
    # them (a cantonment against a checkpost, a bomber against gunfire) they are at most a doubt
    assert without >= L.LINK_AT > apart
    many = {**cantonment, "killed_min": 12, "killed_max": 12}  # the case: a suicide attack killing 12
    assert score(many, checkpost)[0] < L.REVIEW_AT


def test_two_places_of_one_kind_disagree_a_village_and_a_town_do_not():
    def pair(a: str, b: str) -> float:
        return float(score({"summary": f"Militants attacked a checkpost in {a} (North Waziristan).", "location": a},
                           {"summary": f"Militants attacked a checkpost in {b}, North Waziristan district.",
                            "dataset": "GTD", "location": b})[0])
    # a village and a town: no contradiction (the village may lie in the town's tehsil); two villages: apart
    assert pair("Shewa", "Shewa") > pair("Shewa", "Miran Shah") > pair("Shewa", "Kotkai")
    assert pair("Miran Shah", "Miramshah") == pair("Shewa", "Shewa")  # the gazetteer's spellings of one town
    assert pair("Mir Ali", "Razmak") < pair("Shewa", "Miran Shah")  # two gazetteer towns


def test_without_words_the_terms_add_nothing_and_worth_scoring_assumes_they_agree():
    f = frame(dict(NW), {**NW, "dataset": "GTD"})
    bare = f.drop(columns=[c for c in ("summary", "location") if c in f])
    assert L.record_words(bare) is None
    i, j = np.array([0]), np.array([1])
    assert float(L.score(bare, i, j)[0]) == float(L.score(f, i, j)[0])
    assert L.worth_scoring(bare, i, j).all()
