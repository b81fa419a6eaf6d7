"""Prepared batches: validated like ``Store.save_many``, plain enough to pickle, written the same way."""
import datetime as dt
import pickle

import pytest

from incidents.errors import ValidationError
from incidents.models import Attribution, Incident, Source
from incidents.prepared import ROW_FIELDS, prepare
from incidents.store.schema import incidents


def test_row_fields_are_the_incidents_table_columns_in_order():
    assert list(ROW_FIELDS) == [c.name for c in incidents.columns if c.name not in ("created_at", "updated_at", "version")]


def _two() -> list[Incident]:
    a = Incident(id="p-1", date=dt.date(2024, 3, 1), location="Wana", province="Khyber Pakhtunkhwa",
                 province_code="PK-KP", lat=32.3, lon=69.57, geo_precision=1, killed_min=5, killed_text="at least five",
                 attributions=[Attribution("TTP", "denied", "TTP spokesman"), Attribution("ISKP", "suspected", None)],
                 sources=[Source("Dawn", "Blast in Wana", "https://www.dawn.com/x", dt.date(2024, 3, 2))],
                 flags=["checked by hand"])
    return [a, a.copy(id="p-2", attributions=[], sources=[], flags=[])]


def test_prepare_flattens_in_row_order_and_survives_pickling():
    p = prepare(_two())
    assert len(p) == 2 and p.rows[0][ROW_FIELDS.index("killed_text")] == "at least five"
    assert p.rows[0][ROW_FIELDS.index("killed_max")] is None  # unknown stays unknown
    assert p.rows[0][ROW_FIELDS.index("flags")] == ["checked by hand"]
    assert p.ledgers[0] == (("TTP", "denied", "TTP spokesman"), ("ISKP", "suspected", None)) and p.ledgers[1] == ()
    assert p.sources[0] == (("Dawn", "Blast in Wana", "https://www.dawn.com/x", dt.date(2024, 3, 2)),)
    assert pickle.loads(pickle.dumps(p)) == p
    assert p.part(1, 2).rows == [p.rows[1]]


def test_prepare_validates_like_the_store():
    bad = _two()[0].copy(attributions=[Attribution("NOPE", "claimed")])
    with pytest.raises(ValidationError) as e:
        prepare([_two()[1], bad])
    assert e.value.field.startswith("attributions")


def test_a_prepared_batch_is_stored_as_save_many_stores_it(store):
    items = _two()
    assert store.save_prepared(prepare(items)).outcomes == ["inserted", "inserted"]
    assert [store.get(i.id) for i in items] == items
    assert store.save_many(items).outcomes == ["unchanged", "unchanged"]
    assert store.save_prepared(prepare([items[0].copy(killed_text="six")])).outcomes == ["updated"]
