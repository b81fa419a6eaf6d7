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
