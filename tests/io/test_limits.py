"""Import limits: a file over one is refused with a one-line message naming the limit, before it is
read into memory (incidents/settings.py; the memory figures are in bench/README.md)."""
from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest

from incidents.io import UnreadableFileError, import_file, preview
from incidents.io.readers import XLSX_MAX_COLUMNS, open_table
from incidents.settings import get_settings

from tests.support.acled import HEADER, acled_rows


@pytest.fixture
def limits(monkeypatch):
    """Set import limits (``limits(max_rows=10)``) for the test."""
    def set_(**kw):
        for k, v in kw.items():
            monkeypatch.setenv(f"ATLAS_{k.upper()}", str(v))
        get_settings.cache_clear()

    yield set_
    monkeypatch.undo()
    get_settings.cache_clear()


class CountingUpload(io.BytesIO):
    """An upload that counts the bytes read from it."""

    name = "upload.csv"

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, n=-1):
        out = super().read(n)
        self.bytes_read += len(out)
        return out

    def read1(self, n=-1):
        out = super().read1(n)
        self.bytes_read += len(out)
        return out

    def readinto(self, b):
        n = super().readinto(b)
        self.bytes_read += n or 0
        return n


def test_an_upload_over_the_size_limit_is_refused_unread(limits):
    limits(max_upload_mb=1)
    up = CountingUpload((HEADER + acled_rows(11000)).encode())
    assert len(up.getvalue()) > 1_000_000
    with pytest.raises(UnreadableFileError, match=r"over the 1 MB limit of an upload \(ATLAS_MAX_UPLOAD_MB\)"):
        open_table(up)
    assert up.bytes_read == 0


def test_a_file_on_disk_has_its_own_size_limit(limits, tmp_path):
    limits(max_upload_mb=1, max_file_mb=1)
    path = tmp_path / "big.csv"
    path.write_text(HEADER + acled_rows(11000))
    with pytest.raises(UnreadableFileError, match=r"ATLAS_MAX_FILE_MB"):
        open_table(path)


def test_a_huge_csv_field_is_refused_after_reading_no_more_than_the_cell_limit(limits, store):
    limits(max_cell_chars=10_000)
    rows = acled_rows(6).splitlines(True)
    rows[3] = rows[3].replace("Bannu", "Bannu" + "x" * 3_000_000)  # one 3 MB field, no line break in it
    up = CountingUpload((HEADER + "".join(rows)).encode())
    pv = preview(up)
    assert [e.message for e in pv.errors] == [
        "upload.csv: row 5 has a cell or line longer than 10,000 characters, the limit (ATLAS_MAX_CELL_CHARS)"]
    assert up.bytes_read < 200_000  # the reading stopped at the limit, not at the end of the field
    s = import_file(CountingUpload(up.getvalue()), store, parallel=False)
    assert s.imported == 3 and not s.complete and "ATLAS_MAX_CELL_CHARS" in s.stopped


def test_a_huge_quoted_field_over_many_lines_is_refused_too(limits):
    limits(max_cell_chars=10_000)
    data = HEADER + 'PAK1,2023-01-01,33.1,70.5,"' + "line\n" * 100_000 + '",,1,,Bannu\n'
    pv = preview(data.encode())
    assert ["ATLAS_MAX_CELL_CHARS" in e.message for e in pv.errors] == [True]


def test_a_file_over_the_row_limit_stops_at_it_and_says_so(limits, store):
    limits(max_rows=10)
    s = import_file((HEADER + acled_rows(15)).encode(), store, parallel=False)
    assert s.imported == 10 and not s.complete
    assert s.stopped == "upload has more than 10 rows, the limit (ATLAS_MAX_ROWS); the rows before it were read"


def _workbook(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _no_openpyxl(monkeypatch):
    def refuse(*a, **kw):
        raise AssertionError("openpyxl parsed a workbook that should have been refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_workbook_with_too_many_shared_strings_is_refused_before_parsing(limits, monkeypatch):
    limits(max_shared_strings=100)
    strings = b"".join(b"<si><t>PAK%d</t></si>" % i for i in range(101))
    shared = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              b'count="1" uniqueCount="1">' + strings + b"</sst>")
    _no_openpyxl(monkeypatch)
    with pytest.raises(UnreadableFileError, match=r"more than 100 distinct strings, the limit \(ATLAS_MAX_SHARED_STRINGS\)"):
        open_table(_raw_xlsx(None, {"xl/sharedStrings.xml": shared}))
    limits(max_shared_strings=101)
    monkeypatch.undo()
    get_settings.cache_clear()
    with open_table(_raw_xlsx(None, {"xl/sharedStrings.xml": shared})):  # at the limit: read
        pass


def test_a_workbook_that_unpacks_too_large_is_refused_before_parsing(limits, monkeypatch):
    limits(max_xlsx_mb=1)
    data = _workbook([["a", "b"], *([i, i * 2] for i in range(40_000))])
    assert len(data) < 1_000_000  # small packed, over 1 MB unpacked
    _no_openpyxl(monkeypatch)
    with pytest.raises(UnreadableFileError, match=r"over the 1 MB limit of a workbook \(ATLAS_MAX_XLSX_MB\)"):
        open_table(data)


def _raw_xlsx(sheet_xml: bytes | None, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook with one sheet's XML replaced and parts added (as a crafted file would be)."""
    base = zipfile.ZipFile(io.BytesIO(_workbook([["a"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            replace = sheet_xml is not None and info.filename == "xl/worksheets/sheet1.xml"
            z.writestr(info.filename, sheet_xml if replace else base.read(info.filename))
        for part, data in (extra or {}).items():
            z.writestr(part, data)
    return out.getvalue()


def test_a_row_wider_than_excel_allows_is_refused_before_parsing(limits, monkeypatch):
    cells = b"".join(b'<c t="n"><v>1</v></c>' for _ in range(XLSX_MAX_COLUMNS + 1))
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b"<sheetData><row r=\"1\">" + cells + b"</row></sheetData></worksheet>")
    _no_openpyxl(monkeypatch)
    with pytest.raises(UnreadableFileError, match="more than 16,384 cells, Excel's own limit"):
        open_table(_raw_xlsx(sheet))


def test_a_workbook_cell_over_the_cell_limit_is_refused_before_parsing(limits, monkeypatch):
    limits(max_cell_chars=100_000)
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c t="inlineStr"><is><t>' + b"x" * 2_000_000 + b"</t></is></c></row>"
             b"</sheetData></worksheet>")
    _no_openpyxl(monkeypatch)
    with pytest.raises(UnreadableFileError, match=r"longer than 100,000 characters, the limit \(ATLAS_MAX_CELL_CHARS\)"):
        open_table(_raw_xlsx(sheet))


def test_a_workbook_within_the_limits_reads_as_before(limits):
    limits(max_shared_strings=1000, max_xlsx_mb=5)
    data = _workbook([["event_id_cnty", "event_date", "latitude", "longitude"], ["PAK1", "2023-01-02", 33.1, 70.5]])
    with open_table(data) as t:
        assert [r for _, r in t.rows()] == [{"event_id_cnty": "PAK1", "event_date": "2023-01-02", "latitude": 33.1,
                                             "longitude": 70.5}]


def test_geojson_nested_too_deep_or_too_large_is_refused_before_parsing(limits, monkeypatch):
    limits(max_geojson_depth=8, max_geojson_mb=1)
    deep = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                                                       "properties": {"note": [[[[[[[[["x"]]]]]]]]]}}]}
    monkeypatch.setattr(json, "loads", lambda *a, **kw: pytest.fail("parsed"))
    with pytest.raises(UnreadableFileError, match=r"nests objects and arrays 13 deep, over the limit of 8 "
                                                  r"\(ATLAS_MAX_GEOJSON_DEPTH\)"):
        open_table(json.dumps(deep).encode())
    big = b'{"type": "FeatureCollection", "features": [' + b'{"type": "Feature"},' * 60_000 + b"{}]}"
    with pytest.raises(UnreadableFileError, match=r"over 1 MB, the limit of a GeoJSON file"):
        open_table(big)
    # thousands of brackets deep (once a RecursionError, an "unexpected error")
    with pytest.raises(UnreadableFileError, match="ATLAS_MAX_GEOJSON_DEPTH"):
        open_table(b"[" * 100_000 + b"]" * 100_000)


def test_a_damaged_workbook_is_unreadable_not_an_unexpected_error():
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c t="s"><v>7</v></c></row></sheetData></worksheet>')  # no string 7
    with pytest.raises(UnreadableFileError, match=r"sheet row 1 cannot be read \(IndexError"):
        open_table(_raw_xlsx(sheet))
