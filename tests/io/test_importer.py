"""The import run itself: batches are transactions, progress, preview, a file that breaks half-way."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from incidents.io import import_file, preview

HEADER = "event_id_cnty,event_date,latitude,longitude,actor1,inter1,fatalities,admin1,location\n"


def acled_rows(n: int, start: int = 1) -> str:
    return "".join(f"PAK{i},2023-01-{1 + i % 28:02d},33.{i % 90:02d},70.5,TTP: Tehreek-i-Taliban Pakistan,"
                   f"Rebel group,{i % 4},Khyber Pakhtunkhwa,Bannu\n" for i in range(start, start + n))


def test_a_crash_mid_import_keeps_whole_batches_only(sqlite_store, monkeypatch):
    calls = {"n": 0}
    real = sqlite_store._save_chunk

    def failing_chunk(conn, chunk, summary):
        calls["n"] += 1
        real(conn, chunk, summary)  # the rows are written inside the transaction ...
        if calls["n"] == 3:
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))  # ... then it fails

    monkeypatch.setattr(sqlite_store, "_save_chunk", failing_chunk)
    data = (HEADER + acled_rows(25)).encode()
    with pytest.raises(sa.exc.OperationalError):
        import_file(io.BytesIO(data), sqlite_store, batch_size=10)
    assert sqlite_store.count() == 20  # batches 1 and 2; nothing of the failed third


@pytest.mark.parametrize("threaded", [False, True])
def test_threaded_and_plain_writes_agree(sqlite_store, threaded):
    data = (HEADER + acled_rows(30) + "PAKX,2023-02-30,33.1,70.5,,,1,,Bannu\n").encode()
    s = import_file(io.BytesIO(data), sqlite_store, batch_size=7, threaded=threaded)
    assert (s.rows, s.imported, s.skipped) == (31, 30, 1)
    assert [(e.row, e.column) for e in s.errors] == [(32, "event_date")]
    assert sqlite_store.count() == 30


def test_progress_reports_rows_and_fraction(sqlite_store, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + acled_rows(50), encoding="utf-8")
    seen = []
    import_file(path, sqlite_store, batch_size=20, progress=lambda n, f: seen.append((n, f)))
    assert [n for n, _ in seen] == [20, 40, 50]
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(0 < f <= 1 for f in fractions)


def test_a_file_broken_half_way_keeps_the_rows_before_and_says_so(sqlite_store):
    # row 7 opens a quote that is never closed: the rest of the file would be one cell
    data = (HEADER + acled_rows(5) + 'PAK9,"2023-01-01,33.1,70.5,x\n' + acled_rows(1500, 100)).encode()
    s = import_file(io.BytesIO(data), sqlite_store, batch_size=2)
    assert s.complete is False and "row 7 runs over" in s.stopped and "never closed" in s.stopped
    assert s.to_dict()["complete"] is False
    assert sqlite_store.count() == 5


def test_preview_maps_the_first_rows_without_writing(fx, sqlite_store):
    pv = preview(fx / "acled.csv", registry=sqlite_store.registry)
    assert (pv.format, pv.title, pv.encoding, pv.delimiter) == ("acled", "ACLED", "utf-8", ",")
    assert [i.dataset_event_id for i in pv.sample] == ["PAK1001", "PAK1002", "PAK1003", "PAK1004", "PAK1009"]
    assert [(e.row, e.column) for e in pv.errors] == [(6, "fatalities"), (7, "event_date"), (8, "latitude"),
                                                      (9, "latitude")]
    assert ("killed_min", "fatalities") in pv.mapping
    assert "timestamp" in pv.unused_columns and "fatalities" not in pv.unused_columns
    assert sqlite_store.count() == 0
    ucdp = preview(fx / "ucdp_hdx.csv", rows=2)
    assert [i.dataset_event_id for i in ucdp.sample] == ["1001", "1002"]  # the HXL row is skipped
