"""The /data page under AppTest on a fresh SQLite file: upload, preview, import, summary, downloads."""
from __future__ import annotations


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(at):
    ok(at.run())
    ok(at.run())
    at.switch_page("pages/data.py")
    return ok(at.run())


def errors_table(at):
    """The summary's table of rows skipped with errors."""
    return next(d.value for d in at.dataframe if "message" in d.value.columns)


def text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_upload_preview_import_and_summary(app, fx):
    open_page(app)
    assert app.title[0].value == "Data"
    app.file_uploader(key="atlas_data_upload").upload("acled.csv", (fx / "acled.csv").read_bytes(), "text/csv")
    ok(app.run())
    assert "**Detected layout:** ACLED" in text(app)
    sample = app.dataframe[1].value  # mapping, then the first rows as incidents
    assert list(sample["dataset_event_id"])[:2] == ["PAK1001", "PAK1002"]
    assert any("have problems" in w.value for w in app.warning)
    app.button(key="atlas_data_import").click()
    ok(app.run())
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Rows"], metrics["Imported"], metrics["Skipped"]) == ("10", "5", "5")
    errors = errors_table(app)
    assert list(errors["row"]) == [6, 7, 8, 9] and list(errors["column"])[0] == "fatalities"
    from atlas.app import get_store

    assert get_store().find_by_dataset("ACLED", "PAK1001") is not None
    # the same file again: nothing changes
    app.button(key="atlas_data_import").click()
    ok(app.run())
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Imported"], metrics["Unchanged"]) == ("0", "5")


def test_a_large_upload_is_read_in_a_second_process_with_the_same_result(app, fx, monkeypatch, caplog):
    import incidents.io.importer as importer

    monkeypatch.setattr(importer, "PARALLEL_MIN_BYTES", 1)  # every upload counts as large
    monkeypatch.setattr(importer.os, "cpu_count", lambda: 2)
    caplog.set_level("INFO", logger="incidents.io.importer")
    open_page(app)
    app.file_uploader(key="atlas_data_upload").upload("acled.csv", (fx / "acled.csv").read_bytes(), "text/csv")
    ok(app.run())
    app.button(key="atlas_data_import").click()
    ok(app.run())
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Rows"], metrics["Imported"], metrics["Skipped"]) == ("10", "5", "5")
    assert list(errors_table(app)["row"]) == [6, 7, 8, 9]
    assert "reader in a second process" in caplog.text


def test_unreadable_upload_shows_one_error(app):
    open_page(app)
    app.file_uploader(key="atlas_data_upload").upload("junk.csv", b"\x00\x01junk\x00" * 20, "text/csv")
    ok(app.run())
    assert any("cannot be imported" in e.value for e in app.error)
    assert not [b for b in app.button if b.key == "atlas_data_import"]


def test_export_buttons_follow_the_filter(app):
    open_page(app)
    assert "**3** incident(s) match" in text(app)  # the seed
    keys = {b.key for b in app.get("download_button")}
    assert {"atlas_data_export_csv", "atlas_data_export_geojson", "atlas_data_export_xlsx"} <= keys
    assert "atlas_data_export_csv_about" in keys  # the CSV's metadata, as a side file
    app.multiselect(key="atlas_f_province").set_value(["PK-KP"])
    ok(app.run())
    assert "**1** incident(s) match" in text(app)


def test_a_team_log_goes_through_the_mapping_step(app, fx):
    open_page(app)
    app.file_uploader(key="atlas_data_upload").upload("team_log_gtd.csv", (fx / "team_log_gtd.csv").read_bytes(),
                                                      "text/csv")
    ok(app.run())
    assert "**Map the columns of team_log_gtd.csv**: each column's field is a guess" in text(app)
    boxes = {b.label: b for b in app.selectbox if b.key and b.key.startswith("atlas_map_") and b.key[-2] == "_"}
    assert {label: b.value for label, b in boxes.items()} == {
        "gtd_id": "id", "date": "date", "country": "country", "city": "location", "perpetrator_group": "group",
        "fatalities": "killed", "injured": "injured", "target_type": "target"}
    boxes["target_type"].select_index(0)  # the analyst leaves the target out ("— not used")
    ok(app.run())
    app.text_input(key="atlas_map_save_as").input("team log")
    ok(app.run())
    app.button(key="atlas_data_import").click()
    ok(app.run())
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Rows"], metrics["Imported"], metrics["Skipped"]) == ("12", "11", "1")
    assert any("Group names the registry does not know" in w.value for w in app.warning)
    assert any("Places the offline gazetteer does not know" in w.value for w in app.warning)
    from atlas.app import get_store

    store = get_store()
    assert store.mapping_names() == ["team log"] and "target" not in store.saved_mapping("team log").columns
    rec = store.find_by_dataset("team_log_gtd", "201701090018")
    assert rec is not None and rec.target is None and rec.lat is not None


def runs_table(app) -> str:
    """The Import runs tab's table, as text."""
    [table] = [t.value.to_string() for t in app.table if "rows done" in t.value.to_string()]
    return table


def test_an_interrupted_import_is_listed_and_rolled_back_from_the_page(app, fx):
    import subprocess
    import sys

    import sqlalchemy as sa

    open_page(app)
    app.file_uploader(key="atlas_data_upload").upload("acled.csv", (fx / "acled.csv").read_bytes(), "text/csv")
    ok(app.run())
    app.button(key="atlas_data_import").click()
    ok(app.run())
    from atlas.app import get_store
    from incidents.store.schema import import_runs

    store = get_store()
    [run] = store.import_runs()
    assert run.status == "finished"
    before = store.count()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with store.engine.begin() as conn:  # as a killed server leaves it
        conn.execute(import_runs.update().values(status="running", pid=dead.pid, finished_at=None))
    ok(app.run())
    assert any(f"Import run {run.id} (acled.csv) was interrupted" in w.value for w in app.warning)
    assert "interrupted" in runs_table(app)
    assert app.checkbox(key="atlas_data_resume").value  # the same file is offered as its resumption
    app.button(key=f"atlas_data_rollback_{run.id}").click()
    ok(app.run())
    assert any("rolled back: 5 record(s)" in s.value for s in app.success)
    assert store.count() == before - 5
    assert "rolled back" in runs_table(app)


def test_the_uploader_advertises_the_import_limit(app):
    from incidents.settings import get_settings

    open_page(app)
    assert app.file_uploader(key="atlas_data_upload").proto.max_upload_size_mb == get_settings().max_upload_mb
