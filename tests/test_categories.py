"""Issue 19: the word rules for what happened (incidents/categories.py), shared by the importers and
the report extractor. Where the words cannot tell, unknown, not a guess."""
from __future__ import annotations

import pytest

from incidents.categories import category_from_text, kind_of_target, state_name


@pytest.mark.parametrize("text, attack_type, category", [
    ("PAF jets carried out an airstrike on militant hideouts in Tirah.", None, "operation"),
    ("Security forces killed five terrorists in North Waziristan.", None, "operation"),
    ("Four militants were killed in an intelligence-based operation in Bannu.", None, "operation"),
    ("A US drone strike hit a compound in Miranshah.", None, "operation"),
    ("Pakistan airstrikes kill 23 militants: army", None, "operation"),
    ("Pakistan police kill militants in four-hour gun battle", None, "operation"),
    ("A suicide bomber struck a police van in Quetta.", "suicide bombing", "attack"),
    ("An IED planted on the roadside went off as the convoy passed.", None, "attack"),
    ("Militants gun down two policemen in northwest Pakistan", None, "attack"),
    ("Two soldiers killed in IED blast", "IED", "attack"),
    # a search operation after an attack is the hunt for its attackers, not the event's category
    ("Gunmen opened fire on a checkpost. Security forces launched a search operation.", "armed assault", "attack"),
    ("Security forces launched a search operation in the area.", None, "operation"),
    ("6 militants killed in encounter in Pak", None, None),  # who acted is not said
    # the forces repelling an attack: still the militants' attack
    ("Gunmen stormed a checkpost; security forces killed two attackers in the exchange of fire.", "armed assault",
     "attack"),
    ("Security forces killed three suicide bombers before they could reach the gate.", None, "attack"),
    ("Pakistan: Timeline (Terrorist Activities) -2019", None, None),
    (None, None, None),
])
def test_category_from_text(text, attack_type, category):
    assert category_from_text(text, attack_type) == category


@pytest.mark.parametrize("target, kind", [
    ("police station", "police"), ("army convoy", "military"), ("Frontier Corps post", "military"),
    ("market", "civilians"), ("mosque", "civilians"), ("deputy commissioner", "government"),
    ("militant hideout", "militants"), ("Government of Pakistan", "government"), ("something", None), (None, None),
])
def test_kind_of_target(target, kind):
    assert kind_of_target(target) == kind


def test_state_names():
    assert state_name("Military Forces of Pakistan (2018-)") == "Military Forces of Pakistan (2018-)"
    assert state_name("Government of United States of America") == "Government of United States of America"
    assert state_name("TTP: Tehreek-i-Taliban Pakistan") is None and state_name(None) is None
