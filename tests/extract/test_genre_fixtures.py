"""The genre fixture reports (tests/fixtures/genre/): well-formed, disjoint sets, every miss class covered,
and field accuracy no lower than the figures recorded in tests/extract/README.md."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.genre_score import FIELDS, GENRE, load, score_set

#: Every class of miss named in issue #24 (and the roundups that carry two incidents).
CLASSES = {
    "place_small_town", "place_dateline", "place_district_hq", "background", "toll_headline",
    "toll_as_many_lives", "toll_and_others", "toll_corrected", "attr_denied", "attr_state_label",
    "attr_ispr_hgb", "attr_later_claim", "date_said_on", "date_late_night", "geocode_neighbourhood",
    "geocode_unlisted",
}
#: Floors: the train figure after round 66 (99.1% on 2,391 reports; the misses left are mostly authors'
#: conventions that disagree with each other, tests/extract/README.md) and the last held-out figure, measured
#: once on the set committed before the extractor ran on it; they catch regressions, they are not targets to
#: tune the held-out set to.
TRAIN_FLOOR = 0.98
HELDOUT_FLOOR = 0.96  # sets 119-120, measured once: 325/336 = 96.7% (the last eleven pairs pool to 95.2%; see README.md)
#: Between rounds: the used set has joined the train set and the next one is written elsewhere.
NO_HELDOUT_SET = "no held-out set in tests/fixtures/genre/heldout/ (the last one used and moved to train; the next comes at merge)"


def test_sets_are_disjoint_complete_and_cover_every_class():
    train, heldout = load("train"), load("heldout")
    assert len(train) + len(heldout) >= 40
    assert len(train) >= 2391  # after round 66: sets 1-118, less the reports of the current held-out set
    assert not set(train) & set(heldout)
    for split, specs in (("train", train), ("heldout", heldout)):
        files = {p.stem for p in (GENRE / split).glob("*.txt")}
        assert files == set(specs), split
        for name, spec in specs.items():
            dt.date.fromisoformat(spec["published"])
            assert spec["incidents"] or "no_incident" in spec["classes"], name  # a report of no new attack
            for inc in spec["incidents"]:
                assert set(inc) == set(FIELDS), name
                assert dt.date.fromisoformat(inc["date"]) <= dt.date.fromisoformat(spec["published"])
    covered = {c for specs in (train, heldout) for s in specs.values() for c in s["classes"]}
    assert CLASSES <= covered, CLASSES - covered


def test_a_held_out_set_is_a_set_and_covers_the_classes():
    heldout = load("heldout")
    if not heldout and not list((GENRE / "heldout").glob("*.txt")):
        pytest.skip(NO_HELDOUT_SET)
    assert len(heldout) >= 14  # set 1 was a third of the first 42; sets 2-9 are 15 new reports each (README.md)
    held = {c for s in heldout.values() for c in s["classes"]}
    assert len(held & CLASSES) >= 8


@pytest.mark.parametrize("split, floor", [("train", TRAIN_FLOOR), ("heldout", HELDOUT_FLOOR)])
def test_field_accuracy_holds(split, floor):
    if split == "heldout" and not load(split) and not list((GENRE / split).glob("*.txt")):
        pytest.skip(NO_HELDOUT_SET)
    s = score_set(split)
    assert s.total >= 8 * len(load(split))
    assert s.accuracy >= floor, (f"{split}: {s.correct}/{s.total}", s.misses[:10])


def test_a_datelines_date_is_each_train_reports_publication_date():
    """Read without the publication date, a report whose dateline gives its day ("QUETTA, Pakistan, Nov 9
    (Reuters) -") is dated by it (the year: the latest such day up to the day it is read). A wire's dateline is the
    day it was filed; a paper that prints it the next morning is labelled with that morning ("Peshawar, Aug 13
    (PTI)" in a paper of Aug 14), so the label may be one day later, never earlier."""
    from incidents.extract import extract_incidents
    from incidents.extract.dateline import find_dateline

    dated = 0
    for name, spec in sorted(load("train").items()):
        text = (GENRE / "train" / f"{name}.txt").read_text(encoding="utf-8")
        dl = find_dateline(text)
        if dl is None or dl.day is None:
            continue
        dated += 1
        published = dt.date.fromisoformat(spec["published"])
        res = extract_incidents(text, today=published + dt.timedelta(days=3))
        assert res.published is not None and 0 <= (published - res.published).days <= 1, name
    assert dated >= 25
