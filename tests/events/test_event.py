"""Issue 19: an event's category from its records (incidents/events/event.py, the rule in its docstring)."""
from __future__ import annotations

import pandas as pd
import pytest

from incidents.events.event import collapse


def records(*categories) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"r{k}" for k in range(len(categories))], "event_id": "e",
                         "date": pd.to_datetime(["2020-01-01"] * len(categories)),
                         "category": pd.array(list(categories), dtype="string"),
                         "dataset": [f"D{k}" for k in range(len(categories))]})


@pytest.mark.parametrize("categories, event", [
    (("attack", None), "attack"),           # an unknown record says nothing
    (("clash", "attack"), "attack"),        # a dataset's clash gives way to a source that says who acted
    (("clash", "operation", None), "operation"),
    (("attack", "operation"), "attack"),    # both said (an analyst joined them): a tie goes to the attack
    (("operation", "operation", "attack"), "operation"),
    (("clash", "other"), "clash"),
    (("other", None), "other"),
    ((None, None), None),                   # nobody knows: unknown
])
def test_an_events_category(categories, event):
    events, _, _ = collapse(records(*categories))
    got = events["category"].iloc[0]
    assert (None if pd.isna(got) else got) == event
    if len({c for c in categories if c}) > 1:
        assert "category" in events["disagree"].iloc[0]


def test_a_one_record_event_keeps_its_records_category():
    events, _, _ = collapse(records("operation").assign(event_id=None))
    assert events["category"].tolist() == ["operation"]
