"""Issue #24, round 44: the general rules behind the misses of sets 73 and 74, each on short prose written for
the test (never the fixtures' sentences)."""
from __future__ import annotations

from tests.extract.short_prose import counts, one


def test_the_day_a_toll_rose_without_a_figure_and_the_leads_near_town_over_a_later_district():
    inc = one("At least seven passengers were killed after gunmen stopped a bus on the coastal highway near Pasni in "
              "Balochistan late on Thursday, officials said.\n\nEarlier, officials had said four people were killed, "
              "but the toll rose on Friday morning after more bodies were found.\n\nThe gunmen had set up a blockade "
              "on the highway in Gwadar district.", "2025-11-28")
    assert inc.date.isoformat() == "2025-11-27"
    assert inc.location == "Pasni"


def test_a_crossing_the_report_describes_and_an_assault_after_rockets():
    inc = one("Militants attacked a border post early Tuesday, killing three soldiers. The assault took place at "
              "Zarkai, a trade crossing on the Afghan border in Killa Saifullah district. The attackers fired "
              "rocket-propelled grenades at the post before trying to storm it.", "2024-12-10")
    assert inc.location == "Zarkai"
    assert inc.attack_type == "armed assault"


def test_one_shot_dead_along_with_his_kin():
    assert counts("Gunmen shot dead an elder along with his three sons and one nephew near his home.") == \
        [("killed", 5, 5)]


def test_the_wounded_still_under_treatment_after_deaths_are_the_latest_count():
    inc = one("QUETTA: The toll from Wednesday's grenade attack rose to three on Thursday after two of the injured "
              "died. Earlier, police had said one person was killed and eight others were injured. A doctor said six "
              "injured persons were still under treatment.", "2024-04-18")
    assert (inc.injured_min, inc.injured_max) == (6, 6)
