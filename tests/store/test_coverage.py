"""Store.coverage on both backends: each source's span, size, newest write and terms."""
from __future__ import annotations

import datetime as dt

from incidents.models import Incident, Source
from incidents.seed import load_seed_incidents


def rec(**kw) -> Incident:
    base = dict(date=dt.date(2020, 3, 1), location="Wana", district="South Waziristan",
                province="Khyber Pakhtunkhwa", province_code="PK-KP", attack_type="IED")
    base.update(kw)
    return Incident(**base)


def test_coverage_per_dataset_reports_and_seeds(store):
    assert not store.coverage() and store.coverage().footnote() == ""
    store.save_many(load_seed_incidents())
    store.save_many([
        rec(dataset="UCDP", dataset_event_id="1", date=dt.date(1989, 1, 14)),
        rec(dataset="UCDP", dataset_event_id="2", date=dt.date(2019, 1, 1), date_precision="year"),
        rec(dataset="UCDP", dataset_event_id="3", date=dt.date(2018, 6, 3)),
        rec(dataset="ACLED", dataset_event_id="PAK1", date=dt.date(2021, 2, 1), date_precision="month"),
        rec(id="r-1", date=dt.date(2022, 5, 5), sources=[Source("Dawn", None, "https://dawn.com/1")]),
        rec(id="r-2", date=dt.date(2022, 6, 5), sources=[Source("Dawn", None, "https://dawn.com/2"),
                                                       Source("The News", None, "https://thenews.com.pk/2")]),
    ])
    cov = store.coverage()
    by = {d.source: d for d in cov.datasets}
    assert [d.source for d in cov.datasets] == ["UCDP", "ACLED", "report", "seed"]
    ucdp = by["UCDP"]
    # a record known only to the year covers the whole year
    assert (ucdp.first, ucdp.last, ucdp.records) == (dt.date(1989, 1, 14), dt.date(2019, 12, 31), 3)
    assert (by["ACLED"].first, by["ACLED"].last) == (dt.date(2021, 2, 1), dt.date(2021, 2, 28))
    assert by["report"].records == 2 and by["report"].outlets == ("Dawn", "The News")
    assert (by["seed"].records, by["seed"].first) == (3, dt.date(2023, 9, 29))
    assert "CC BY 4.0" in ucdp.terms_line() and "Sundberg" in ucdp.row()["Cite as"]
    assert "attribution required" in by["ACLED"].terms_line()
    assert by["report"].terms_line() == "the outlets' own: Dawn, The News"
    for d in cov.datasets:
        assert d.last_import is not None and d.last_import.tzinfo is not None
    assert cov.periods == ((dt.date(1989, 1, 14), dt.date(2019, 12, 31)), (dt.date(2021, 2, 1), dt.date(2021, 2, 28)),
                           (dt.date(2022, 5, 5), dt.date(2022, 6, 5)), (dt.date(2023, 9, 29), dt.date(2024, 9, 14)))


def test_last_import_is_the_newest_write_of_that_dataset(store):
    store.save_many([rec(dataset="GTD", dataset_event_id="1"), rec(dataset="UCDP", dataset_event_id="1")])
    before = {d.source: d.last_import for d in store.coverage().datasets}
    store.save(rec(dataset="GTD", dataset_event_id="1", killed_min=4, killed_max=4))  # an import updating one
    after = {d.source: d.last_import for d in store.coverage().datasets}
    assert after["GTD"] > before["GTD"]
    assert after["UCDP"] == before["UCDP"]
    store.save(rec(dataset="GTD", dataset_event_id="1", killed_min=4, killed_max=4))  # unchanged: no write
    assert {d.source: d.last_import for d in store.coverage().datasets} == after
