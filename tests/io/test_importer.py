"""The import run itself: batches are transactions, progress, preview, a file that breaks half-way."""
from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from incidents.io import import_file, preview
from incidents.io.importer import ImportWriteError
from incidents.models import Incident
from incidents.store import Store, bulk

from tests.support.acled import HEADER, acled_rows


def test_a_crash_mid_import_keeps_whole_batches_only(store, monkeypatch):
    calls = {"n": 0}
    real = bulk._write_chunk

    def failing_chunk(conn, *chunk):
        calls["n"] += 1
        real(conn, *chunk)  # the rows are written inside the transaction ...
        if calls["n"] == 3:
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))  # ... then it fails

    monkeypatch.setattr(bulk, "_write_chunk", failing_chunk)
    data = (HEADER + acled_rows(25)).encode()
    with pytest.raises(ImportWriteError, match="rows 22–26 were not written"):  # the third batch (rows 22-26)
        import_file(io.BytesIO(data), store, batch_size=10)
    assert store.count() == 20  # batches 1 and 2; nothing of the failed third
    assert len(store.frame()) == 20  # and the frame holds nothing of the failed batch


@pytest.mark.parametrize("parallel", [False, True])
def test_a_crash_mid_import_keeps_whole_batches_only_with_either_reader(store, monkeypatch, parallel):
    calls = {"n": 0}
    real = Store.save_prepared

    def failing_save(self, batch, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(self, batch, **kw)

    monkeypatch.setattr(Store, "save_prepared", failing_save)
    data = (HEADER + acled_rows(95)).encode()
    with pytest.raises(ImportWriteError, match="disk I/O error"):
        import_file(io.BytesIO(data), store, batch_size=10, parallel=parallel)
    assert store.count() == 20


def _messy_acled() -> bytes:
    """ACLED rows with every kind of trouble: a bad date, a duplicate, another country, too many cells,
    a point outside its province (a flag), and a row the store refuses (an event stored under another id)."""
    return (HEADER.replace("\n", ",country\n") + "".join(line[:-1] + ",Pakistan\n" for line in acled_rows(40).splitlines(True))
            + "PAKX,2023-02-30,33.1,70.5,,,1,,Bannu,Pakistan\n"  # no such day
            + "PAK3,2023-01-04,33.03,70.5,,,1,Khyber Pakhtunkhwa,Bannu,Pakistan\n"  # duplicate of row 4
            + "AFG1,2023-01-04,33.03,70.5,,,1,,Kabul,Afghanistan\n"  # skipped: another country
            + "PAK50,2023-01-05,33.1,70.5,,,1,Khyber Pakhtunkhwa,Bannu,Pakistan,extra\n"  # one cell too many
            + "PAK51,2023-01-06,30.19,67.0,,,2,Khyber Pakhtunkhwa,Quetta,Pakistan\n"  # the point is in Balochistan
            ).encode()


def _stored(store):
    return sorted((i.to_dict() for i in store.incidents()), key=lambda d: d["id"])


def test_a_second_process_reads_exactly_what_one_process_reads(tmp_path):
    from incidents.store import Store

    results = []
    for parallel in (False, True):
        store = Store(f"sqlite:///{tmp_path / f'{parallel}.sqlite'}")
        store.migrate()
        store.save(Incident(id="custom-7", date=dt.date(2023, 1, 8), location="Bannu", dataset="ACLED",
                            dataset_event_id="PAK7"))  # row 8's event, stored under another id
        upload = io.BytesIO(_messy_acled())
        upload.name = "messy.csv"
        s = import_file(upload, store, batch_size=7, parallel=parallel)
        again = import_file(_messy_acled(), store, batch_size=7, parallel=parallel)
        results.append((s.to_dict() | {"seconds": None}, again.to_dict() | {"seconds": None}, _stored(store)))
    plain, two = results
    assert plain == two
    s = plain[0]
    assert (s["file"], s["rows"], s["imported"], s["skipped"]) == ("messy.csv", 45, 40, 5)
    assert [(e["row"], e["column"]) for e in s["errors"]] == [(8, "event_id_cnty"), (42, "event_date"),
                                                              (43, "event_id_cnty"), (45, None)]
    assert "stored as custom-7" in s["errors"][0]["message"]
    assert s["skipped_reasons"] and plain[1]["unchanged"] == 40
    assert [f for f in store.get("acled-PAK51").flags if f.startswith("province mismatch")]


def test_the_reader_process_failing_is_an_error_and_keeps_what_was_written(tmp_path, store):
    from incidents.io import open_layout
    from incidents.io import ReaderProcessError, import_table

    path = tmp_path / "a.csv"
    path.write_text(HEADER + acled_rows(30), encoding="utf-8")
    table, layout = open_layout(path, registry=store.registry)
    with table:
        path.unlink()  # the reader process cannot reopen it
        with pytest.raises(ReaderProcessError, match="no such file"):
            import_table(table, layout, store, batch_size=10, source=path, parallel=True)
    assert store.count() == 0
    with pytest.raises(ValueError, match="needs the source"):
        import_table(table, layout, store, parallel=True)


def test_large_files_are_read_in_a_second_process_by_default(tmp_path, store, monkeypatch, caplog):
    import incidents.io.importer as importer

    path = tmp_path / "a.csv"
    path.write_text(HEADER + acled_rows(30), encoding="utf-8")
    caplog.set_level("INFO", logger="incidents.io.importer")
    assert import_file(path, store).imported == 30
    assert "second process" not in caplog.text
    monkeypatch.setattr(importer, "PARALLEL_MIN_BYTES", path.stat().st_size)
    monkeypatch.setattr(importer.os, "cpu_count", lambda: 2)
    assert import_file(path, store).unchanged == 30
    assert "reader in a second process" in caplog.text


@pytest.mark.parametrize("parallel", [False, True])
def test_progress_reports_rows_and_fraction(store, tmp_path, parallel):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + acled_rows(50), encoding="utf-8")
    seen = []
    import_file(path, store, batch_size=20, progress=lambda n, f: seen.append((n, f)), parallel=parallel)
    assert [n for n, _ in seen] == [20, 40, 50]
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(0 < f <= 1 for f in fractions)


def test_a_file_broken_half_way_keeps_the_rows_before_and_says_so(store):
    # row 7 opens a quote that is never closed: the rest of the file would be one cell
    data = (HEADER + acled_rows(5) + 'PAK9,"2023-01-01,33.1,70.5,x\n' + acled_rows(1500, 100)).encode()
    s = import_file(io.BytesIO(data), store, batch_size=2)
    assert s.complete is False and "row 7 runs over" in s.stopped and "never closed" in s.stopped
    assert s.to_dict()["complete"] is False
    assert store.count() == 5


def test_preview_reports_a_row_as_the_import_would(store):
    """The preview and the import map rows through the same code: a row with a cell too many, or
    one the model refuses, is a problem in both, named by row and column."""
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    data = ("event_id_cnty,event_date,latitude,longitude\n" "PAK1,2020-01-01,33.0,70.0\n"
            "PAK2,2020-01-02,33.0,70.0,oops\n" f"PAK3,{future},33.0,70.0\n" "PAK4,2020-01-04,33.0,70.0\n").encode()
    pv = preview(io.BytesIO(data), "acled")
    assert [i.dataset_event_id for i in pv.sample] == ["PAK1", "PAK4"]
    s = import_file(io.BytesIO(data), store, format="acled")
    assert [(e.row, e.column, e.message) for e in pv.errors] == [(e.row, e.column, e.message) for e in s.errors]
    assert [(e.row, e.column) for e in pv.errors] == [(3, None), (4, "event_date")]
    assert "more cell(s) than the header" in pv.errors[0].message


def test_preview_maps_the_first_rows_without_writing(fx, store):
    pv = preview(fx / "acled.csv", registry=store.registry)
    assert (pv.format, pv.title, pv.encoding, pv.delimiter) == ("acled", "ACLED", "utf-8", ",")
    assert [i.dataset_event_id for i in pv.sample] == ["PAK1001", "PAK1002", "PAK1003", "PAK1004", "PAK1009"]
    assert [(e.row, e.column) for e in pv.errors] == [(6, "fatalities"), (7, "event_date"), (8, "latitude"),
                                                      (9, "latitude")]
    assert ("killed_min", "fatalities") in pv.mapping
    assert "timestamp" in pv.unused_columns and "fatalities" not in pv.unused_columns
    assert store.count() == 0
    ucdp = preview(fx / "ucdp_hdx.csv", rows=2)
    assert [i.dataset_event_id for i in ucdp.sample] == ["1001", "1002"]  # the HXL row is skipped


def test_ucdp_preview_lists_no_column_the_mapper_reads_as_unused(fx):
    """Every column UcdpLayout.map reads (recorded on the real rows of an HDX export) is named in the
    preview's mapping, so the "Columns not used" caption never lists it."""
    from incidents.io import open_layout
    from incidents.io.layout import Layout

    class Recording(dict):
        read: set[str] = set()

        def get(self, key, default=None):  # noqa: ANN001
            Recording.read.add(key)
            return super().get(key, default)

        def __getitem__(self, key):  # noqa: ANN001
            Recording.read.add(key)
            return super().__getitem__(key)

    table, layout = open_layout(fx / "ucdp_hdx.csv", "ucdp")
    assert type(layout).map is not Layout.map
    with table:
        for _, row in table.rows():
            if layout.is_header_echo(row):
                continue
            try:
                layout.map(Recording(row))
            except Exception:  # noqa: BLE001 - a bad row still shows what it read
                pass
    read = Recording.read & set(preview(fx / "ucdp_hdx.csv", "ucdp").columns)
    assert {"type_of_violence", "date_end", "source_office", "dyad_name"} <= read
    pv = preview(fx / "ucdp_hdx.csv", "ucdp")
    assert sorted(read & set(pv.unused_columns)) == []
    assert {c for _, src in pv.mapping for c in src.split(", ")} >= read
