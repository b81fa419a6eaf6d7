"""Exports: every field, formula-safe cells, and our own CSV/XLSX/GeoJSON read back without loss."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from incidents.io import export_bytes, export_file, import_file
from incidents.io.export import XLSX_MAX_CELL, export_row
from incidents.io.native import EXPORT_COLUMNS, protect, unprotect
from incidents.models import Attribution, Incident, Source
from incidents.store import Store
from incidents.tabular import FLAT_COLUMNS

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR", "'=already quoted",
           "''=two quotes", "'plain quote", "<script>alert(1)</script>", "a,b;\"c\"\nnew line"]


def tricky_incidents() -> list[Incident]:
    out = []
    for n, text in enumerate(HOSTILE):
        out.append(Incident(
            id=f"t{n}", date=dt.date(2024, 1, 1 + n), location=text, district=text, summary=f"{text}",
            province="Khyber Pakhtunkhwa", province_code="PK-KP", lat=34.0 + n / 100, lon=71.5,
            geo_precision=1, attack_type=text, target=text, killed_min=n, killed_max=None if n % 2 else n,
            killed_text=text, injured_min=None, injured_max=n, injured_text="-",
            attributions=[Attribution("TTP", "claimed", text), Attribution("ISKP", "denied", None)],
            sources=[Source(text, text, "https://example.org/a?x=1", dt.date(2024, 1, 2)),
                     Source(None, None, None, None)],
            dataset="ACLED" if n % 3 == 0 else None, dataset_event_id=f"PAK{n}" if n % 3 == 0 else None,
            flags=[text, "two; parts"]))
    out.append(Incident(id="bare", date=dt.date(2020, 5, 1), location="Quetta", date_precision="month"))
    return out


@pytest.fixture
def tricky_store(sqlite_store):
    sqlite_store.save_many(tricky_incidents())
    return sqlite_store


def fresh_store(tmp_path, name):
    s = Store(f"sqlite:///{tmp_path / name}")
    s.migrate()
    return s


def test_protect_is_neutralise_made_reversible():
    for text in HOSTILE + ["", "x", "5", "'", "''"]:
        assert unprotect(protect(text)) == text
        p = protect(text)
        assert not p.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert protect(5) == 5 and protect(-2.5) == -2.5


@pytest.mark.parametrize("fmt,suffix", [("csv", "csv"), ("geojson", "geojson"), ("xlsx", "xlsx")])
def test_round_trip_without_loss(tricky_store, tmp_path, fmt, suffix):
    items = tricky_store.incidents()
    path = tmp_path / f"out.{suffix}"
    assert export_file(items, fmt, path) == len(items)
    back = fresh_store(tmp_path, f"back-{fmt}.sqlite")
    s = import_file(path, back)
    assert s.format == ("geojson" if fmt == "geojson" else "csv")
    assert (s.rows, s.imported, s.errors) == (len(items), len(items), [])
    assert [i.to_dict() for i in back.incidents()] == [i.to_dict() for i in items]
    again = import_file(path, back)  # and re-importing the export changes nothing
    assert (again.unchanged, again.imported, again.updated) == (len(items), 0, 0)


def test_export_of_imported_datasets_round_trips(fx, sqlite_store, tmp_path):
    for name in ("acled.csv", "gtd.csv", "ucdp_hdx.csv"):
        import_file(fx / name, sqlite_store)
    items = sqlite_store.incidents()
    for fmt in ("csv", "xlsx", "geojson"):
        path = tmp_path / f"all.{fmt}"
        export_file(items, fmt, path)
        back = fresh_store(tmp_path, f"{fmt}.sqlite")
        assert import_file(path, back).errors == []
        assert back.incidents() == items
        # into the original store: same dataset keys, nothing changes
        assert import_file(path, sqlite_store).unchanged == len(items)


def test_csv_cells_are_neutralised_and_numbers_stay_numbers(tricky_store):
    data = export_bytes(tricky_store.incidents(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 right
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(EXPORT_COLUMNS) and set(FLAT_COLUMNS) <= set(rows[0])
    text_cols = ("location", "district", "attack_type", "target", "killed_text", "summary", "flags",
                 "attributions", "sources", "injured_text")
    for r in rows:
        for c in text_cols:
            assert not r[c].startswith(("=", "+", "-", "@", "\t", "\r")), (c, r[c])
    t0 = next(r for r in rows if r["id"] == "t0")
    assert t0["location"] == "'=1+1" and t0["lat"] == "34.0" and t0["killed_min"] == "0"
    assert t0["claimed"] == "TTP" and t0["denied"] == "ISKP"
    assert t0["attributions"].startswith("TTP claimed (")
    script = next(r for r in rows if r["location"].startswith("<script>"))
    assert script["summary"] == "<script>alert(1)</script>"  # markup stays text
    bare = next(r for r in rows if r["id"] == "bare")
    assert bare["lat"] == "" and bare["killed_min"] == "" and bare["attributions_json"] == ""


def test_xlsx_numbers_dates_and_no_formulas(tricky_store, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "x.xlsx"
    export_file(tricky_store.incidents(), "xlsx", path)
    ws = load_workbook(path).active  # not read-only: cell data types are visible
    header = [c.value for c in ws[1]]
    assert header == list(EXPORT_COLUMNS)
    col = {name: i for i, name in enumerate(header)}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
        assert isinstance(row[col["date"]].value, dt.datetime)
        if row[col["id"]].value == "t2":
            assert row[col["lat"]].value == pytest.approx(34.02) and row[col["lat"]].data_type == "n"
            assert row[col["killed_min"]].value == 2 and row[col["location"]].value == "-2+3"


def test_xlsx_text_cells_show_as_typed_without_apostrophe(tricky_store, tmp_path):
    """A text starting with = + - @ is a string cell (never a formula), with no visible quote added;
    CSV keeps its neutralising quote."""
    from openpyxl import load_workbook

    path = tmp_path / "x.xlsx"
    export_file(tricky_store.incidents(), "xlsx", path)
    ws = load_workbook(path).active
    col = {c.value: i for i, c in enumerate(ws[1])}
    cells = {row[col["id"]].value: row for row in ws.iter_rows(min_row=2)}
    for rid, text in (("t0", "=1+1"), ("t1", "+cmd|' /C calc'!A0"), ("t2", "-2+3"), ("t3", "@SUM(A1:A9)"),
                      ("t6", "'=already quoted"), ("t8", "'plain quote")):
        cell = cells[rid][col["location"]]
        assert (cell.value, cell.data_type) == (text, "s"), rid
        assert cells[rid][col["summary"]].value == text
    rows = list(csv.DictReader(io.StringIO(export_bytes(tricky_store.incidents(), "csv").decode("utf-8-sig"))))
    assert next(r for r in rows if r["id"] == "t0")["location"] == "'=1+1"


def test_xlsx_cells_are_capped(tmp_path):
    long = "x" * 15000
    inc = Incident(id="long", date=dt.date(2024, 1, 1), location="Wana", summary=long,
                   sources=[Source("Dawn", long), Source("The News", long), Source("Geo", long)])
    row = export_row(inc)
    assert len(row["sources_json"]) > XLSX_MAX_CELL
    path = tmp_path / "long.xlsx"
    export_file([inc], "xlsx", path)
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True).active
    values = list(ws.iter_rows(min_row=2, values_only=True))[0]
    assert max(len(v) for v in values if isinstance(v, str)) <= XLSX_MAX_CELL
    assert values[list(EXPORT_COLUMNS).index("summary")] == long


def test_geojson_features(tricky_store):
    doc = json.loads(export_bytes(tricky_store.incidents(), "geojson"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(HOSTILE) + 1
    by_id = {f["id"]: f for f in doc["features"]}
    assert by_id["t1"]["geometry"] == {"type": "Point", "coordinates": [71.5, 34.01]}
    assert by_id["bare"]["geometry"] is None
    assert by_id["t1"]["properties"]["location"] == "+cmd|' /C calc'!A0"  # GeoJSON is not a spreadsheet


def test_geojson_feature_errors_name_the_feature(sqlite_store):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"date": "2024-01-01", "location": "Wana"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [71.0, 34.0]},
         "properties": {"date": "2024-01-01", "location": "X", "lat": 30.0, "lon": 66.0}},
        {"type": "Feature", "geometry": None, "properties": {"date": "2024-13-01", "location": "Y"}},
        {"type": "Feature", "geometry": None, "properties": {"date": "2024-01-01", "location": "Z", "colour": "red"}},
    ]}
    s = import_file(io.BytesIO(json.dumps(doc).encode()), sqlite_store)
    assert s.format == "geojson" and s.imported == 1
    assert [(e.row, e.column) for e in s.errors] == [(2, "geometry"), (3, "date"), (4, "colour")]


def test_native_csv_without_json_columns_reads_the_readable_ones(sqlite_store):
    from incidents.tabular import to_csv

    inc = Incident(id="r1", date=dt.date(2024, 2, 2), location="Hangu", province_code="PK-KP",
                   attributions=[Attribution("ISKP", "claimed"), Attribution("TTP", "denied")],
                   flags=["a", "b"])
    s = import_file(io.BytesIO(to_csv([inc]).encode()), sqlite_store)
    assert (s.format, s.imported, s.errors) == ("csv", 1, [])
    got = sqlite_store.get("r1")
    assert got.attributions == inc.attributions and got.flags == ["a", "b"]


def test_native_csv_row_errors_name_the_column(sqlite_store):
    data = ("id,date,location,lat,lon,killed_min,attributions_json\n"
            "a,2024-01-01,Wana,32.3,69.5,2,\n"
            "b,2024-01-01,Wana,32.3,69.5,two,\n"
            "c,2024-01-01,Wana,32.3,,1,\n"
            'd,2024-01-01,Wana,32.3,69.5,1,"[{""group"": ""NOPE"", ""status"": ""claimed""}]"\n'
            "e,2024-01-01,,32.3,69.5,1,\n")
    s = import_file(io.BytesIO(data.encode()), sqlite_store)
    assert s.imported == 1
    assert [(e.row, e.column) for e in s.errors] == [(3, "killed_min"), (4, "lon"), (5, "attributions_json"),
                                                     (6, "location")]


def test_exports_are_named_after_the_filter():
    from incidents.filters import IncidentFilter
    from incidents.io.export import file_name

    day = dt.date(2024, 9, 16)
    flt = IncidentFilter.build(groups=["ISKP"], statuses=["claimed"], provinces=["PK-KP"])
    assert file_name("xlsx", flt, day) == "incidents_ISKP-claimed-KP_2024-09-16.xlsx"
    assert file_name("csv", None, day) == "incidents_all_2024-09-16.csv"
    assert file_name("geojson", IncidentFilter.build(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31)),
                     day).startswith("incidents_2023")


def test_exports_carry_filter_datasets_and_licences(fx, sqlite_store, tmp_path):
    """XLSX: an "About" sheet; GeoJSON: a top-level metadata member; CSV: a side file (its first line
    stays the header). UCDP's licence is named; ACLED and GTD are named with their own terms."""
    from openpyxl import load_workbook

    from incidents.filters import IncidentFilter
    from incidents.io.export import about_path

    for name in ("acled.csv", "gtd.csv", "ucdp_hdx.csv"):
        import_file(fx / name, sqlite_store)
    items = sqlite_store.incidents()
    flt = IncidentFilter.build(provinces=["PK-KP", "PK-BA"])
    datasets = {i.dataset for i in items}
    assert {"ACLED", "GTD", "UCDP"} <= datasets

    export_file(items, "xlsx", tmp_path / "x.xlsx", flt=flt)
    wb = load_workbook(tmp_path / "x.xlsx")
    assert wb.sheetnames == ["incidents", "About"]
    about = [[c for c in row if c is not None] for row in wb["About"].iter_rows(values_only=True)]
    lines = {r[0]: r[1:] for r in about if r}
    assert lines["Filter"] == [flt.caption()]
    assert lines["UCDP"][2].startswith("CC BY 4.0") and lines["UCDP"][3].startswith("Sundberg")  # terms, cite as
    assert "own terms" in lines["ACLED"][2] and "own terms" in lines["GTD"][2]
    assert "CC BY" not in lines["ACLED"][2] + lines["GTD"][2]

    data = json.loads(export_bytes(items, "geojson", flt=flt))
    meta = data["metadata"]
    assert meta["filter"] == flt.caption() and meta["filter_params"] == {"province": ["PK-KP", "PK-BA"]}
    assert meta["records"] == len(items) == len(data["features"])
    licence = {d["dataset"]: d["licence"] for d in meta["datasets"]}
    assert licence["UCDP"] == "CC BY 4.0" and licence["ACLED"] is None and licence["GTD"] is None

    export_file(items, "csv", tmp_path / "x.csv", flt=flt)
    assert (tmp_path / "x.csv").read_text(encoding="utf-8-sig").startswith("id,")
    side = json.loads(about_path(tmp_path / "x.csv").read_text(encoding="utf-8"))
    assert side["filter"] == flt.caption() and {d["dataset"] for d in side["datasets"]} == datasets - {None}
    # and every format still reads back as it was
    for fmt in ("xlsx", "geojson", "csv"):
        back = fresh_store(tmp_path, f"about-{fmt}.sqlite")
        path = tmp_path / f"x.{fmt}"
        if fmt == "geojson":
            path.write_bytes(export_bytes(items, "geojson", flt=flt))
        assert import_file(path, back).errors == []
        assert back.incidents() == items
