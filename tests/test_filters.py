import datetime as dt

import pytest

from incidents.errors import FilterError
from incidents.filters import UNATTRIBUTED, IncidentFilter, date_span_label


def test_caption_reads_like_an_analyst_would_say_it():
    f = IncidentFilter.build(groups=["ISKP"], statuses=["claimed"], provinces=["PK-KP"],
                             date_from="2024-01-01", date_to="2024-03-31")
    assert f.caption() == "ISKP · claimed · Jan–Mar 2024 · KP"
    assert IncidentFilter().caption() == "All incidents"


@pytest.mark.parametrize("start, end, label", [
    ("2024-03-01", "2024-03-31", "Mar 2024"),
    ("2023-01-01", "2023-12-31", "2023"),
    ("2023-12-01", "2024-02-29", "Dec 2023–Feb 2024"),
    ("2024-01-05", "2024-03-20", "5 Jan–20 Mar 2024"),
    ("2024-01-05", None, "since 5 Jan 2024"),
])
def test_date_spans(start, end, label):
    s = dt.date.fromisoformat(start)
    e = dt.date.fromisoformat(end) if end else None
    assert date_span_label(s, e) == label


def test_aliases_resolve_to_codes():
    f = IncidentFilter.build(groups=["Pakistani Taliban", "isis-k"], provinces=["pk-kp"])
    assert f.groups == ("TTP", "ISKP")
    assert f.provinces == ("PK-KP",)


@pytest.mark.parametrize("kw, field", [
    ({"groups": ["Nobody"]}, "group"),
    ({"statuses": ["accused"]}, "status"),
    ({"provinces": ["Atlantis"]}, "province"),
    ({"date_from": "2024-13-01"}, "from"),
    ({"date_from": "2024-03-01", "date_to": "2024-01-01"}, "from"),
])
def test_bad_values_name_the_field(kw, field):
    with pytest.raises(FilterError) as e:
        IncidentFilter.build(**kw)
    assert e.value.field == field


def test_url_params_round_trip_with_repeated_keys():
    params = {"group": ["ISKP", "TTP"], "status": "claimed", "province": "PK-KP",
              "from": "2023-01-01", "to": "2023-12-31"}
    f = IncidentFilter.from_query_params(params)
    assert f.groups == ("ISKP", "TTP") and f.statuses == ("claimed",)
    assert IncidentFilter.from_query_params(f.to_query_params()) == f
    assert IncidentFilter.from_query_params({"group": "ISKP,TTP"}).groups == ("ISKP", "TTP")


def test_sql_is_parameterised_not_interpolated():
    hostile = "Quetta'; DROP TABLE incidents; --"
    sql, params = IncidentFilter.build(districts=[hostile], groups=["IS"]).to_sql()
    assert "DROP TABLE" not in sql
    assert hostile.lower() in params.values()
    assert {"IS", "ISKP", "ISPP"} <= {v for v in params.values() if isinstance(v, str)}


def test_unattributed_pseudo_group():
    f = IncidentFilter.build(groups=["none"])
    assert f.groups == (UNATTRIBUTED,)
    assert f.caption() == "Unattributed"
