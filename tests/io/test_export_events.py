"""Events exports (incidents/io/export_events.py, events/query.event_rows): one row per real attack,
each figure as one source gave it with that source and the spread, never a sum; not importable."""
import csv
import datetime as dt
import io
import json

import openpyxl
import pytest

from incidents.events.query import event_rows
from incidents.io import UnreadableFileError, import_file
from incidents.io.export import export_bytes, export_events
from incidents.io.export_events import EVENT_COLUMNS
from tests.store.test_linking import D, acled, gtd, report


@pytest.fixture
def linked(store):
    store.save_many([acled("PAK1")])
    store.save_many([gtd("201709290001")])
    store.save(report("dawn-1"))
    store.save(report("kuchlak", date=dt.date(2024, 9, 14), location="Kuchlak", district="Quetta", lat=30.41,
                      lon=66.97, geo_precision=1, killed_min=2, killed_max=2, killed_text="two police officers",
                      attributions=[], sources=[]))
    return store


def test_one_row_per_event_with_one_sources_figure_and_the_spread(linked):
    rows = {r["event_id"]: r for r in event_rows(linked)}
    assert len(rows) == 2  # three records of Mastung are one event; Kuchlak is another
    mastung = next(r for r in rows.values() if r["record_count"] == 3)
    assert mastung["record_ids"].split() == sorted(["acled-PAK1", "gtd-201709290001", "report-dawn-1"])
    assert (mastung["killed"], mastung["killed_min"], mastung["killed_from"]) == ("60", 60, "gtd-201709290001")
    assert mastung["killed_spread"] == "50–60 across 3 sources"  # never 52 + 60 + 50
    assert mastung["attributions"] == "ISPP suspected by experts; TTP denied by a TTP spokesman"
    assert mastung["sources"] == "Dawn" and mastung["date"] == D.isoformat() and mastung["date_last"] == "2023-09-30"
    kuchlak = next(r for r in rows.values() if r["record_count"] == 1)
    assert (kuchlak["killed"], kuchlak["killed_from"], kuchlak["injured"]) == ("two police officers", "report-kuchlak", None)


def test_the_filter_applies_to_events(linked):
    from incidents.filters import IncidentFilter

    rows = event_rows(linked, IncidentFilter.build(groups=["ISPP"], statuses=["suspected"]))
    assert [r["record_count"] for r in rows] == [3]


def test_events_csv_and_geojson_carry_the_rows_and_what_they_hold(linked, tmp_path):
    from incidents.store import Store

    records = linked.incidents()
    data, about = export_events(event_rows(linked), records, "csv")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(table[0]) == list(EVENT_COLUMNS) and len(table) == 2
    assert json.loads(about)["records"] == 4  # the metadata counts the records behind the events
    geo, none = export_events(event_rows(linked), records, "geojson")
    doc = json.loads(geo)
    assert none is None and len(doc["features"]) == 2 and doc["metadata"]["records"] == 4
    mastung = next(f for f in doc["features"] if f["properties"]["record_count"] == 3)
    assert mastung["geometry"] == {"type": "Point", "coordinates": [66.845, 29.799]}
    assert mastung["properties"]["record_ids"] == sorted(["acled-PAK1", "gtd-201709290001", "report-dawn-1"])
    # an events file read back would turn each event into a record of its own: refused, naming why
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    other.migrate()
    (tmp_path / "events.csv").write_bytes(data)
    with pytest.raises(UnreadableFileError, match="an events export"):
        import_file(tmp_path / "events.csv", other)
    (tmp_path / "events.geojson").write_bytes(geo)
    summary = import_file(tmp_path / "events.geojson", other)
    assert summary.imported == 0 and "an events export" in summary.errors[0].message
    assert other.ids() == []
    other.engine.dispose()


def test_an_xlsx_export_has_records_events_and_about_sheets(linked):
    items = linked.incidents()
    data = export_bytes(items, "xlsx", linked.event_of([i.id for i in items]), event_rows=event_rows(linked))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["incidents", "events", "About"]
    sheet = list(wb["events"].values)
    assert list(sheet[0]) == list(EVENT_COLUMNS) and len(sheet) == 3
    with pytest.raises(ValueError, match="XLSX has an events sheet"):
        export_events([], items, "xlsx")
