"""Reading files once: encodings, delimiters, layouts detected from the header, unreadable files refused."""
from __future__ import annotations

import io

import pytest

from incidents.io import UnreadableFileError, detect_format, import_file, open_layout, open_table
from incidents.io.readers import EXTRA, text_encoding


def rows_of(source):
    table = open_table(source)
    with table:
        return table, list(table.rows())


@pytest.mark.parametrize("name,fmt,delimiter", [
    ("acled.csv", "acled", ","),
    ("acled_old_semicolon_latin1.csv", "acled", ";"),
    ("acled_tab_bom.tsv", "acled", "\t"),
    ("gtd.csv", "gtd", ","),
    ("ucdp_hdx.csv", "ucdp", ","),
])
def test_layout_and_delimiter_are_detected_from_the_header(fx, name, fmt, delimiter):
    table = open_table(fx / name)
    with table:
        assert detect_format(table) == fmt
        assert table.delimiter == delimiter


def test_encodings_utf8_bom_and_latin1(fx):
    table, rows = rows_of(fx / "acled_tab_bom.tsv")
    assert table.columns[0] == "event_id_cnty"  # the BOM is not part of the first column name
    assert text_encoding(table) == "utf-8-sig"
    assert rows[0][1]["location"] == "Peshāwar" and rows[0][1]["notes"].startswith("پشاور")
    table, rows = rows_of(fx / "acled_old_semicolon_latin1.csv")
    assert text_encoding(table) == "latin-1"
    assert "Café" in rows[0][1]["notes"] and "Muñoz" in rows[0][1]["notes"]


def test_a_latin1_line_deep_in_a_utf8_file_does_not_stop_reading():
    body = "a,b\n" + "".join(f"{i},x\n" for i in range(3000))
    data = body.encode("utf-8") + "3000,Peshāwar\n".encode("utf-8") + "3001,caf\xe9\n".encode("latin-1")
    table, rows = rows_of(io.BytesIO(data))
    assert rows[-1] == (3003, {"a": "3001", "b": "café"})
    assert rows[-2][1]["b"] == "Peshāwar"


def test_row_numbers_are_spreadsheet_rows_even_with_quoted_newlines():
    data = b'a,b\n1,"two\nlines"\n2,x\n\n3,y\n'
    _, rows = rows_of(io.BytesIO(data))
    assert [(n, r["a"]) for n, r in rows] == [(2, "1"), (3, "2"), (5, "3")]  # row 4 is blank
    assert rows[0][1]["b"] == "two\nlines"


def test_utf16_text_is_read():
    data = "event_id_cnty\tevent_date\nPAK1\t2024-01-01\n".encode("utf-16")
    _, rows = rows_of(io.BytesIO(data))
    assert rows == [(2, {"event_id_cnty": "PAK1", "event_date": "2024-01-01"})]


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00junk" * 50, "binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"PK\x03\x04not really a zip", "not a readable .xlsx"),
    (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
    (b"{not json", "not valid JSON"),
    (b"name,age\nbob,3\n", "unknown layout"),
])
def test_unreadable_files_are_refused_with_one_line_and_nothing_is_written(sqlite_store, data, reason):
    with pytest.raises(UnreadableFileError) as e:
        import_file(io.BytesIO(data), sqlite_store)
    assert reason in str(e.value) and "\n" not in str(e.value)
    assert sqlite_store.count() == 0


def test_random_bytes_are_refused(sqlite_store):
    import random

    data = bytes(random.Random(1).randrange(1, 256) for _ in range(4000))
    with pytest.raises(UnreadableFileError):
        import_file(io.BytesIO(data), sqlite_store)
    assert sqlite_store.count() == 0


def test_missing_file_and_wrong_explicit_format(fx, tmp_path):
    with pytest.raises(UnreadableFileError, match="no such file"):
        open_layout(tmp_path / "nope.csv")
    with pytest.raises(UnreadableFileError, match="not the GTD layout: missing column.*eventid"):
        open_layout(fx / "acled.csv", "gtd")
    with pytest.raises(ValueError):
        open_layout(fx / "acled.csv", "shapefile")


def test_header_only_file_imports_nothing(sqlite_store):
    s = import_file(io.BytesIO(b"event_id_cnty,event_date,latitude,longitude,actor1,fatalities\n"), sqlite_store,
                    format="acled")
    assert (s.rows, s.imported, s.errors) == (0, 0, [])


def test_xlsx_rows_keep_sheet_row_numbers(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["a", "b"])
    ws.append([1, "x"])
    ws.append([None, None])
    ws.append([2.5, "=not a formula here"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    table, rows = rows_of(path)
    assert table.kind == "xlsx" and table.columns == ["a", "b"]
    assert [n for n, _ in rows] == [2, 4]
    assert rows[0][1] == {"a": 1, "b": "x"}


def test_records_are_the_rows_as_lists_of_cells():
    data = b"a,b,c\n1,2,3\n\n4,5\n6,7,8,,\n9,10,11,x,\n"
    table, rows = rows_of(io.BytesIO(data))
    table = open_table(io.BytesIO(data))
    with table:
        assert table.has_records
        records = list(table.records())
        assert not table.has_records
    assert records == [(2, ["1", "2", "3"]), (4, ["4", "5", ""]), (5, ["6", "7", "8"]),
                       (6, ["9", "10", "11", "x", ""])]  # padded; blank extra cells dropped; others kept
    assert [n for n, _ in rows] == [n for n, _ in records]
    for (_, rec), (_, row) in zip(records, rows):
        expected = dict(zip(["a", "b", "c"], rec))
        if len(rec) > 3:
            expected[EXTRA] = rec[3:]
        assert row == expected


def test_a_table_is_read_once_as_rows_or_as_records(tmp_path):
    table = open_table(io.BytesIO(b"a,b\n1,2\n"))
    assert list(table.records()) == [(2, ["1", "2"])]
    with pytest.raises(RuntimeError):
        table.rows()
    table = open_table(io.BytesIO(b"a,b\n1,2\n"))
    assert list(table.rows()) == [(2, {"a": "1", "b": "2"})]
    with pytest.raises(RuntimeError):
        table.records()

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["a", "b"])
    wb.active.append([1, 2])
    wb.save(tmp_path / "t.xlsx")
    with open_table(tmp_path / "t.xlsx") as xlsx:
        assert not xlsx.has_records
        with pytest.raises(RuntimeError, match="xlsx table has no records"):
            xlsx.records()
        assert list(xlsx.rows()) == [(2, {"a": 1, "b": 2})]
