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


def test_where_no_source_counts_a_sources_wording_is_the_events_figure():
    """QA: the seed's "many" injured was lost once ACLED (no injury figure, the more precise place)
    joined it; a number still wins over a wording, and silence never over either."""
    frame = records("attack", "attack").assign(
        geo_precision=pd.array([1, 2], dtype="Int64"), lat=[29.8, 29.8], lon=[66.8, 66.8],
        killed_min=pd.array([60, None], dtype="Int64"), killed_max=pd.array([60, None], dtype="Int64"),
        killed_text=pd.array(["ACLED fatalities: 60", "over 50"], dtype="string"),
        injured_min=pd.array([None, None], dtype="Int64"), injured_max=pd.array([None, None], dtype="Int64"),
        injured_text=pd.array([None, "many"], dtype="string"))
    events, _, _ = collapse(frame)
    e = events.iloc[0]
    assert e["injured_text"] == "many" and pd.isna(e["injured_min"])
    assert e["killed_text"] == "ACLED fatalities: 60" and e["killed_min"] == 60
