"""The linker against a labelled set it was not tuned on (bench/linkset.py's held-out seed), through a
real SQLite store written as production writes it: dataset by dataset, reports in batches, each write
linked in its transaction; then relinked from scratch.

The issue's goal is pairwise precision ≥ 0.98 and recall ≥ 0.95. Since the linker reads the records'
words (the place below the district, what was hit and how) it reaches it on the held-out seed: 0.981 /
0.961 at 5,000 attacks, 0.988 / 0.956 on this test's 1,800 (bench/README.md, "Linking records into
events"). The floors below are this set's figures less a margin of about one point (the training seeds
range 0.979–0.988 in precision at 5,000 attacks), so that a change that makes linking worse fails here."""
from __future__ import annotations

import pytest

from tests.support.bench import bench_module

GOAL_PRECISION, GOAL_RECALL = 0.98, 0.95  # the issue's; met on the held-out 5,000 (bench/README.md)
FLOOR_PRECISION, FLOOR_RECALL = 0.975, 0.945  # this set's figures (0.988 / 0.956) less a margin: a regression guard


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    from incidents.store import Store

    linkset, bench = bench_module("linkset"), bench_module("bench_link")
    s = linkset.generate(1800, seed=linkset.HELD_OUT_SEED)
    assert linkset.HELD_OUT_SEED not in linkset.TRAIN_SEEDS
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('link') / 'atlas.sqlite'}")
    store.migrate()
    bench.write(store, s, report_batch_days=7)
    incremental = bench.evaluate(store, s)
    store.relink()
    fresh = bench.evaluate(store, s)
    yield s, incremental, fresh
    store.engine.dispose()


@pytest.mark.parametrize("how", ["incremental", "relink"])
def test_pairwise_precision_and_recall_on_the_held_out_set(linked, how):
    s, incremental, fresh = linked
    m = incremental if how == "incremental" else fresh
    assert m["true_pairs"] > 1500 and len(s.hard) >= 40
    assert m["precision"] >= FLOOR_PRECISION, m
    assert m["recall"] >= FLOOR_RECALL, m


@pytest.mark.parametrize("case", ["two_provinces", "next_day_same_place", "quetta_two_ieds", "operation_near_attack"])
def test_each_hard_negative_class_stays_apart(linked, case):
    s, incremental, fresh = linked
    for m in (incremental, fresh):
        merged, total = map(int, m["hard_pairs_merged"][case].split("/"))
        assert total >= 10
        if case == "two_provinces":
            assert merged == 0, m["hard_pairs_merged"]  # blocking: never compared
        else:
            # a record of one attack that says too little (a toll unknown, "at least N", a district
            # centroid) can go to the other: at most one pair in four (bench/README.md has the figures)
            assert merged <= total // 4, (case, m["hard_pairs_merged"])


def test_the_review_queue_holds_true_pairs_the_linker_left_apart(linked):
    _, incremental, fresh = linked
    for m in (incremental, fresh):
        assert m["review_pairs"] > 0 and m["review_true"] > 0
        assert m["review_true"] <= m["missed_pairs"]  # a queued true pair is one the linker did not link
