"""bench/fit_link.py: the linker's weights fitted on a training set, never on the held-out seed."""
from __future__ import annotations

import pytest

from tests.support.bench import bench_module


def test_the_fit_recovers_the_signs_of_the_evidence_and_refuses_the_held_out_seed():
    fit_link = bench_module("fit_link")
    weights = fit_link.fit([fit_link.pairs(5, 600)])
    assert weights["same_district"] > 2 > -2 > weights["other_district"]
    assert weights["same_place"] > 0 > weights["other_place"]
    assert weights["same_detail"] > 0 > weights["other_detail"]
    assert weights["day2"] < weights["day1"] < 0
    assert set(weights) == {"BIAS"} | set(fit_link.L.WEIGHTS) - set(fit_link.HAND_SET)
    with pytest.raises(SystemExit):
        fit_link.pairs(fit_link.linkset.HELD_OUT_SEED, 100)
