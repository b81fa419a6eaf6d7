"""Any bad value is a row error naming the row and column, and the good rows go in (issue 20)."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from incidents import models, prepared
from incidents.io import import_file
from incidents.io.importer import ImportWriteError
from incidents.store import Store

from tests.support.acled import HEADER, acled_rows

NATIVE_HEADER = "id,date,location,killed_min,lat,lon,dataset,dataset_event_id,sources_json\n"


def _native_rows(n: int) -> list[str]:
    return [f"n-{i},2023-01-{1 + i % 28:02d},Bannu,{i % 5},33.0,70.6,GTD,{i},[]\n" for i in range(1, n + 1)]


def _with_bad_cell(rows: list[str], index: int, column: int, value: str) -> list[str]:
    cells = rows[index].rstrip("\n").split(",")
    cells[column] = value
    rows = list(rows)
    rows[index] = ",".join(cells) + "\n"
    return rows


# row 12,002 as a spreadsheet numbers it (the header is row 1) is the file's 12,001st data row
@pytest.mark.parametrize("backend,column,value", [
    ("sqlite", "killed_min", str(10**20)),          # overflows SQLite's 64-bit integer
    ("sqlite", "killed_min", str(10**12)),          # an impossible toll
    ("postgresql", "killed_min", "3000000000"),     # overflows PostgreSQL's int4
    ("postgresql", "location", "Ban\x00nu"),        # PostgreSQL refuses NUL in text
    ("postgresql", "dataset", "G" * 65),            # over the schema's String(64)
    ("postgresql", "dataset_event_id", "9" * 129),  # over the schema's String(128)
])
def test_one_bad_value_in_24001_rows_is_one_row_error_and_the_rest_go_in(request, backend, column, value):
    store = Store(request.getfixturevalue("sqlite_url" if backend == "sqlite" else "postgres_url"))
    store.migrate()
    at = NATIVE_HEADER.strip().split(",").index(column)
    rows = _with_bad_cell(_native_rows(24_001), 12_000, at, value)
    upload = io.BytesIO((NATIVE_HEADER + "".join(rows)).encode())
    upload.name = "big.csv"
    s = import_file(upload, store, format="csv", parallel=False)
    assert s.complete and s.rows == 24_001
    assert (s.imported, s.skipped) == (24_000, 1)
    assert store.count() == 24_000
    [err] = s.errors
    assert (err.row, err.column) == (12_002, column), err
    store.engine.dispose()


def test_every_kind_of_bad_value_names_its_row_and_column(store):
    rows = _native_rows(12)
    bad = {  # data row index -> (column, value)
        1: ("id", "x" * 129),
        2: ("lat", "95"),
        3: ("lon", "inf"),
        4: ("lat", "nan"),
        5: ("killed_min", "-4"),
        6: ("sources_json", '[{"title": "Bl\\u0000ast"}]'),
        7: ("killed_min", str(models.MAX_COUNT + 1)),
    }
    header = NATIVE_HEADER.strip().split(",")
    for k, (column, value) in bad.items():
        rows = _with_bad_cell(rows, k, header.index(column), value)
    s = import_file(io.BytesIO((NATIVE_HEADER + "".join(rows)).encode()), store, format="csv", parallel=False)
    got = {e.row: e.column for e in s.errors}
    expected = {k + 2: column for k, (column, _) in bad.items()}
    assert got == expected, s.errors
    assert store.count() == 12 - len(expected)


def test_a_value_the_database_refuses_after_validation_is_a_row_error(store, monkeypatch):
    """The backstop: were validation to let a value through, the batch is retried in halves and
    only the refused row is left out, named by its row number."""
    monkeypatch.setattr(models, "MAX_COUNT", 10**40)
    monkeypatch.setattr(prepared, "MAX_COUNT", 10**40)
    rows = acled_rows(40).splitlines(True)
    cells = rows[22].split(",")
    cells[6] = str(10**20)  # fatalities
    rows[22] = ",".join(cells)
    s = import_file(io.BytesIO((HEADER + "".join(rows)).encode()), store, batch_size=16, parallel=False)
    assert [(e.row, e.column) for e in s.errors] == [(24, None)]
    assert "database refused the row" in s.errors[0].message
    assert s.imported == 39 and store.count() == 39


def test_a_database_failure_mid_import_names_the_batch_s_rows(store, monkeypatch):
    calls = {"n": 0}
    real = Store.save_prepared

    def failing_save(self, batch, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(self, batch, **kw)

    monkeypatch.setattr(Store, "save_prepared", failing_save)
    with pytest.raises(ImportWriteError) as e:
        import_file(io.BytesIO((HEADER + acled_rows(45)).encode()), store, batch_size=10, parallel=False)
    assert "rows 22–31 were not written" in str(e.value) and "disk I/O error" in str(e.value)
    assert store.count() == 20
