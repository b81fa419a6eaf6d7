"""Prepared batches: validated like ``Store.save_many``, plain enough to pickle, written the same way."""
import datetime as dt
import math
import pickle
import random
from typing import Any

import pytest

from geo.provinces import PROVINCES
from incidents.errors import ValidationError
from incidents.models import (DATE_PRECISIONS, GEO_PRECISIONS, MAX_COUNT, MAX_DATASET, MAX_EVENT_ID, MAX_TEXT,
                              PAKISTAN_BBOX, Attribution, Incident, Source,
                              validate)
from incidents.prepared import ROW_FIELDS, Flat, _quick_ok, prepare, unflatten
from incidents.registry import STATUSES, default_registry
from incidents.store.schema import incidents


#: Columns the store writes itself: timestamps, the store version, the record's event (the linker's).
STORE_COLUMNS = ("created_at", "updated_at", "version", "event_id", "import_run")


def test_row_fields_are_the_incidents_table_columns_in_order():
    assert list(ROW_FIELDS) == [c.name for c in incidents.columns if c.name not in STORE_COLUMNS]


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


# -- the quick check and the rule of record -------------------------------------------------------
# ``prepared._quick_ok`` re-states ``models.validate`` for import speed. These tests hold the twin to
# the rule: on thousands of random flattened incidents, each field at and just past its bounds,
# ``_quick_ok`` says True only where ``validate`` accepts (a rule added to ``validate`` alone fails
# here), and it still says True for plain valid rows (else every row would take the slow path).
TODAY = dt.date(2025, 6, 30)
_MAX = MAX_TEXT
_REGISTRY = default_registry()
_GROUPS = sorted(g.code for g in _REGISTRY)
_B = PAKISTAN_BBOX


def _past(x: float, direction: float) -> float:
    """The next float from ``x`` towards ``direction``: just past a bound."""
    return math.nextafter(x, direction)


_TEXTS = [None, "", "text", "x" * _MAX, "x" * (_MAX + 1), 5, b"bytes", "a\x00b", "\x00"]
#: Values to try for each row field: valid ones, ones at a bound, ones just past it, wrong types.
ROW_VALUES: dict[str, list[Any]] = {
    "id": [None, "a", "inc-0123abcd", "A.b_c:d-e", "a" * 128, "a" * 129, "-a", ".a", "a b", "", "a/b", 5, "é"],
    "date": [TODAY, TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1), dt.date(1900, 1, 1),
             dt.date(1899, 12, 31), dt.datetime(2024, 1, 1, 12), "2024-01-01", None],
    "date_precision": ["day", "month", "year", "week", "Day", None, ""],
    "location": ["Quetta", "x" * _MAX, "x" * (_MAX + 1), "", "   ", None, 5, "Quetta\x00"],
    "district": _TEXTS, "province": _TEXTS, "attack_type": _TEXTS, "target": _TEXTS,
    "killed_text": _TEXTS, "injured_text": _TEXTS, "summary": _TEXTS,
    "province_code": [None, *PROVINCES, "PK-XX", "pk-kp", ""],
    "geo_precision": [None, 1, 2, 3, 0, 4, -1, "1", 1.0, 1.5],
    "killed_min": [None, 0, 1, 5, MAX_COUNT, MAX_COUNT + 1, 10**12, 10**20, -1, 5.0, "5", True],
    "killed_max": [None, 0, 1, 5, MAX_COUNT, MAX_COUNT + 1, 10**12, 10**20, -1, 5.0, "5", True],
    "injured_min": [None, 0, 1, 5, MAX_COUNT, MAX_COUNT + 1, 10**12, 10**20, -1, 5.0, "5", True],
    "injured_max": [None, 0, 1, 5, MAX_COUNT, MAX_COUNT + 1, 10**12, 10**20, -1, 5.0, "5", True],
    "flags": [[], ["checked by hand"]],
    # issue 19: what happened and who acted
    "category": [None, "attack", "operation", "clash", "other", "Attack", "bombing", "", 5],
    "actor": [None, "group", "state", "State", "army", "", 1],
    "target_kind": [None, "civilians", "police", "military", "government", "militants", "other", "Police", "", 2],
    "state_actor": _TEXTS,
    "opponents": [None, [], ["TTP"], ["TTP", "BLA"], ["TTP", "TTP"], ["NOPE"], ["ttp"], ("TTP",), "TTP", [5]],
    **{name: [None, 0, 1, 10**9, -1, 5.0, "5", True]
       for name in ("killed_civilians", "killed_security", "killed_militants", "killed_low", "killed_best",
                    "killed_high")},
}
_LATS = [_B["lat_min"], _B["lat_max"], 30, 30.2, _past(_B["lat_min"], -90), _past(_B["lat_max"], 90),
         -30.2, math.nan, math.inf, "30.2", None]
_LONS = [_B["lon_min"], _B["lon_max"], 70, 69.5, _past(_B["lon_min"], -180), _past(_B["lon_max"], 180),
         -69.5, math.nan, -math.inf, "69.5", None]
_DATASETS = [(None, None), ("ACLED", "PAK1234"), ("ACLED", None), (None, "PAK1234"), ("", ""),
             ("x" * (_MAX + 1), "1"), ("UCDP", 5), ("x" * MAX_DATASET, "1"), ("x" * (MAX_DATASET + 1), "1"),
             ("GTD", "1" * MAX_EVENT_ID), ("GTD", "1" * (MAX_EVENT_ID + 1)), ("GT\x00D", "1"), ("GTD", "1\x00")]
_ENTRIES = [("TTP", "claimed", None), ("TTP", "denied", "TTP spokesman"), ("ISKP", "suspected", None),
            ("BLA", "blamed", "police"), ("NOPE", "claimed", None), ("ttp", "claimed", None),
            ("Pakistani Taliban", "claimed", None), ("TTP", "accused", None), ("TTP", "Claimed", None),
            ("TTP", "claimed", 5), ("TTP", "claimed", "po\x00lice"), ("TTP", None, None), (None, "claimed", None), ("", "claimed", None),
            ["TTP", "claimed", None], ("TTP", "claimed")]
_SOURCES = [("Dawn", "Blast", "https://www.dawn.com/x", dt.date(2024, 3, 2)), (None, None, None, None),
            ("Dawn", None, "", None), (None, None, "HTTP://EXAMPLE.ORG", None), (None, None, "file:report.pdf", None),
            (None, None, "urn:x", None), (None, None, "doi:10.1/x", None), (None, None, "ftp://x.org", None),
            (None, None, "www.dawn.com", None), (None, None, "javascript:alert(1)", None), (None, None, 5, None),
            (None, None, None, dt.datetime(2024, 3, 2, 8)), (None, None, None, "2024-03-02"),
            ["Dawn", None, None, None], ("Dawn", None, None), ("Da\x00wn", None, None, None),
            (None, "Bl\x00ast", None, None), (None, None, "https://x.org/\x00", None), (5, None, None, None)]


def _valid(rng: random.Random) -> dict[str, Any]:
    """A random incident ``validate`` accepts, in plain types, as row fields plus ledger and sources."""
    f: dict[str, Any] = {name: None for name in ROW_FIELDS}
    f.update(id=rng.choice([None, f"inc-{rng.randrange(16**8):08x}"]),
             date=TODAY - dt.timedelta(days=rng.randrange(0, 365 * 120)), date_precision=rng.choice(DATE_PRECISIONS),
             location=rng.choice(["Quetta", "Wana", "D.I. Khan", "Kuchlak"]), flags=[],
             category=rng.choice([None, "attack", "operation", "clash", "other"]), actor=rng.choice([None, "state"]),
             opponents=rng.choice([[], ["TTP"]]), killed_civilians=rng.choice([None, 0, 3]))
    if rng.random() < 0.7:
        f.update(lat=rng.uniform(_B["lat_min"], _B["lat_max"]), lon=rng.uniform(_B["lon_min"], _B["lon_max"]),
                 geo_precision=rng.choice(GEO_PRECISIONS))
    for kind in ("killed", "injured"):
        lo = rng.choice([None, 0, rng.randrange(100)])
        hi = rng.choice([None, lo if lo is not None else 0, (lo or 0) + rng.randrange(100)])
        f.update({f"{kind}_min": lo, f"{kind}_max": hi, f"{kind}_text": rng.choice([None, "at least five"])})
    for name in ("district", "province", "attack_type", "target", "summary"):
        f[name] = rng.choice([None, "some text"])
    f["province_code"] = rng.choice([None, *PROVINCES])
    if rng.random() < 0.3:
        f.update(dataset="GTD", dataset_event_id=str(rng.randrange(10**9)))
    pairs = rng.sample([(g, s) for g in _GROUPS[:6] for s in STATUSES], rng.randrange(4))
    f["ledger"] = [(g, s, rng.choice([None, "a spokesman"])) for g, s in pairs]
    f["sources"] = rng.sample(_SOURCES[:7], rng.randrange(3))
    return f


def _mutate(f: dict[str, Any], rng: random.Random) -> str:
    """Set one field (or a pair that goes together) to a value at or past a bound; says what it did."""
    what = rng.choice([*ROW_VALUES, "lat", "lon", "latlon", "dataset", "min>max", "ledger", "duplicate", "sources"])
    if what in ROW_VALUES:
        f[what] = rng.choice(ROW_VALUES[what])
    elif what == "lat":
        f["lat"] = rng.choice(_LATS)
        f["lon"] = f["lon"] if f["lon"] is not None else 69.5
    elif what == "lon":
        f["lon"] = rng.choice(_LONS)
        f["lat"] = f["lat"] if f["lat"] is not None else 30.2
    elif what == "latlon":
        f["lat"], f["lon"] = rng.choice(_LATS), rng.choice(_LONS)
    elif what == "dataset":
        f["dataset"], f["dataset_event_id"] = rng.choice(_DATASETS)
    elif what == "min>max":
        kind = rng.choice(["killed", "injured"])
        lo = rng.randrange(MAX_COUNT + 2)
        f[f"{kind}_min"], f[f"{kind}_max"] = lo, lo + rng.choice([-1, 0, 1])
    elif what == "ledger":
        f["ledger"] = [*f["ledger"], rng.choice(_ENTRIES)]
    elif what == "duplicate":
        g, s = rng.choice(_GROUPS), rng.choice(STATUSES)
        f["ledger"] = [*f["ledger"], (g, s, None), (g, rng.choice([s, s, *STATUSES]), "again")]
    else:
        f["sources"] = [*f["sources"], rng.choice(_SOURCES)]
    return what


def _flat(f: dict[str, Any]) -> Flat:
    return tuple(f[name] for name in ROW_FIELDS), tuple(f["ledger"]), tuple(f["sources"])


def _validate_accepts(flat: Flat) -> bool:
    """The rule of record, as ``prepare_flat`` applies it when the quick check is unsure."""
    try:
        validate(unflatten(flat), _REGISTRY, today=TODAY)
    except Exception:  # noqa: BLE001 - ValidationError, or a TypeError on a value of the wrong type
        return False
    return True


def _quick(flat: Flat) -> bool:
    row, ledger, sources = flat
    return _quick_ok(row, ledger, sources, _REGISTRY.__contains__, TODAY)


def test_the_quick_check_accepts_only_what_validate_accepts():
    rng = random.Random(20240914)
    counts = {"quick": 0, "accepted": 0, "rejected": 0}
    for n in range(20_000):
        f = _valid(rng)
        changes = [_mutate(f, rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        flat = _flat(f)
        accepted, quick = _validate_accepts(flat), _quick(flat)
        assert accepted or not quick, f"case {n}: _quick_ok lets in what validate refuses after {changes}: {flat!r:.600}"
        counts["quick"] += quick
        counts["accepted" if accepted else "rejected"] += 1
    # both sides were exercised, and the quick check was not merely always unsure
    assert min(counts.values()) > 2_000, counts


def test_the_quick_check_takes_every_plain_valid_incident():
    rng = random.Random(7)
    for n in range(5_000):
        flat = _flat(_valid(rng))
        assert _validate_accepts(flat) and _quick(flat), f"case {n}: {flat!r:.600}"


def test_the_store_s_text_limits_are_the_schema_s():
    assert incidents.c.dataset.type.length == MAX_DATASET
    assert incidents.c.dataset_event_id.type.length == MAX_EVENT_ID
    assert incidents.c.id.type.length == 128  # the id pattern's own limit (models._ID_RE)
