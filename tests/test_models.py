import datetime as dt

import pytest

from incidents.errors import ValidationError
from incidents.models import Attribution, Incident, Source, incidents_from_json, validate


def make(**kw) -> Incident:
    base = dict(date=dt.date(2024, 9, 14), location="Kuchlak", district="Quetta", province="Balochistan",
                province_code="PK-BA", lat=30.4, lon=66.97, geo_precision=1)
    base.update(kw)
    return Incident(**base)


def test_valid_incident_round_trips_through_json():
    inc = make(id="x-1", killed_min=2, killed_max=2, killed_text="two",
               attributions=[Attribution("IS", "claimed", "IS statement")],
               sources=[Source("Wire", "Title", "https://example.org/a", dt.date(2024, 9, 16))])
    validate(inc)
    d = inc.to_dict()
    assert d["date"] == "2024-09-14" and d["sources"][0]["published"] == "2024-09-16"
    assert Incident.from_dict(d) == inc


@pytest.mark.parametrize("changes, field", [
    ({"attributions": [Attribution("NOPE", "claimed")]}, "attributions[0].group"),
    ({"attributions": [Attribution("TTP", "accused")]}, "attributions[0].status"),
    ({"killed_min": 5, "killed_max": 2}, "killed_min"),
    ({"injured_min": 3, "injured_max": 1}, "injured_min"),
    ({"killed_min": -1}, "killed_min"),
    ({"date": dt.date.today() + dt.timedelta(days=1)}, "date"),
    ({"lat": 51.5, "lon": -0.1}, "lat"),
    ({"lat": 30.0, "lon": 100.0}, "lon"),
    ({"lat": 30.0, "lon": None}, "lon"),
    ({"location": "  "}, "location"),
    ({"province_code": "PK-XX"}, "province_code"),
    ({"geo_precision": 7}, "geo_precision"),
    ({"date_precision": "week"}, "date_precision"),
    ({"sources": [Source(url="javascript:alert(1)")]}, "sources[0].url"),
    ({"dataset": "ACLED"}, "dataset_event_id"),
    ({"id": "bad id with spaces"}, "id"),
])
def test_validation_names_the_field(changes, field):
    with pytest.raises(ValidationError) as e:
        validate(make(**changes))
    assert e.value.field == field


def test_unknown_is_null_not_zero():
    inc = make()
    validate(inc)
    assert inc.killed_min is None and inc.injured_max is None
    assert inc.killed.label() == "?"


def test_from_dict_reports_bad_types_with_field():
    with pytest.raises(ValidationError) as e:
        Incident.from_dict({"date": "2024-02-30", "location": "Quetta"})
    assert e.value.field == "date"
    with pytest.raises(ValidationError) as e:
        Incident.from_dict({"date": "2024-02-03", "location": "Quetta", "killed_min": "five"})
    assert e.value.field == "killed_min"
    with pytest.raises(ValidationError) as e:
        Incident.from_dict({"date": "2024-02-03", "location": "Quetta", "colour": "red"})
    assert e.value.field == "colour"


def test_json_array_errors_name_the_item():
    with pytest.raises(ValidationError) as e:
        incidents_from_json([{"date": "2024-01-01", "location": "Quetta"},
                             {"date": "2024-01-01", "location": "Quetta", "attributions": [{"group": "X", "status": "claimed"}]}])
    assert e.value.field == "[1].attributions[0].group"


def test_denial_is_not_an_attribution():
    inc = make(attributions=[Attribution("TTP", "denied"), Attribution("ISKP", "suspected", "experts")])
    assert inc.groups_with("claimed", "suspected", "blamed") == ["ISKP"]


def _bad_incidents():
    """Incidents that break one rule each (and some that only look odd), for prepare vs validate."""
    import numpy as np

    class Text(str):
        pass

    long = "x" * 20_001
    return [
        make(attributions=[Attribution("NOPE", "claimed")]), make(attributions=[Attribution("TTP", "accused")]),
        make(attributions=[Attribution("TTP", "claimed"), Attribution("TTP", "claimed")]),
        make(attributions=[Attribution("TTP", "claimed", by=5)]), make(killed_min=5, killed_max=2),
        make(injured_min=3, injured_max=1), make(killed_min=-1), make(killed_max=True), make(injured_min=2.0),
        make(date=dt.date.today() + dt.timedelta(days=1)), make(date=dt.date(1850, 1, 1)), make(date="2024-01-01"),
        make(date=dt.datetime(2024, 1, 1, 12, 0)), make(lat=51.5, lon=-0.1), make(lat=30.0, lon=100.0),
        make(lat=30.0, lon=None), make(lat=None, lon=66.0), make(lat=float("nan"), lon=66.0),
        make(lat=np.float64(30.1), lon=np.float64(66.9)), make(lat=30, lon=67), make(location="  "),
        make(location=None), make(location=long), make(summary=long), make(district=5), make(target=Text("t")),
        make(province_code="PK-XX"), make(geo_precision=7), make(geo_precision=True), make(date_precision="week"),
        make(sources=[Source(url="javascript:alert(1)")]), make(sources=[Source(url="HTTPS://x.org")]),
        make(sources=[Source(published="2024-01-01")]), make(sources=[Source(published=dt.datetime(2024, 1, 1))]),
        make(dataset="ACLED"), make(dataset_event_id="1"), make(id="bad id with spaces"), make(id=7),
        make(id=Text("ok-id")), make(id="x" * 129),
    ]


def test_prepare_accepts_and_rejects_exactly_like_validate():
    """``prepare`` (an import's validation) takes a quick path for plain, in-range incidents; whatever
    it lets through or refuses, ``validate`` would too, with the same error."""
    from incidents.prepared import prepare

    good = [make(id="a", attributions=[Attribution("TTP", "claimed", "TTP statement"), Attribution("IS", "denied")],
                 sources=[Source("Dawn", "t", "https://dawn.com/x", dt.date(2024, 9, 15))], killed_min=0,
                 killed_max=None, dataset="ACLED", dataset_event_id="PAK1"), make()]
    assert len(prepare(good)) == 2
    assert len(prepare(iter(good))) == 2
    for bad in _bad_incidents():
        try:
            validate(bad)
            expected = None
        except (ValidationError, TypeError) as e:
            expected = (type(e), getattr(e, "field", None), str(e))
        try:
            assert len(prepare([good[1], bad])) == 2
            got = None
        except (ValidationError, TypeError) as e:
            got = (type(e), getattr(e, "field", None), str(e))
        assert got == expected, bad
    assert len(prepare([])) == 0


def test_incidents_pickle_copy_and_convert_with_their_ledger_and_sources():
    import copy
    import pickle

    a = Incident(date=dt.date(2024, 1, 2), location="Wana", id="x1", lat=32.3, lon=69.57,
                 attributions=[Attribution("TTP", "claimed", "spokesman")],
                 sources=[Source("Dawn", "T", "https://example.org/1", dt.date(2024, 1, 3))], flags=["f"])
    for twin in (pickle.loads(pickle.dumps(a)), copy.deepcopy(a), a.copy(), Incident.from_dict(a.to_dict())):
        assert twin == a and twin is not a
    b = a.copy(location="Bannu")
    assert (a.location, b.location, b.attributions) == ("Wana", "Bannu", a.attributions)
    with pytest.raises(AttributeError):
        a.locaton = "typo"  # a misspelt field is an error, not a silently added attribute
