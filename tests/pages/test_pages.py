"""Every page runs without an exception under AppTest, and the shared filters change its numbers."""
from __future__ import annotations

import json

import pytest


def metric(at, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def captions(at) -> str:
    return " | ".join(c.value for c in at.caption)


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def start(at):
    """Run twice: AppTest's first run registers the entrypoint's widgets under another page hash than
    later runs (a real browser session does not), so a value set right after the first run is lost."""
    ok(at.run())
    return ok(at.run())


def test_map_page_runs_and_group_filter_changes_numbers(app):
    start(app)
    assert app.title[0].value == "Incident map"
    assert metric(app, "Incidents") == "3"
    assert metric(app, "Killed") == "53+"
    assert "Showing: All attacks" in captions(app)
    # "13+" injured comes from two of the three incidents: the strip says so
    assert "injury figures for 2 of 3 incidents" in captions(app)
    injured = next(m for m in app.metric if m.label == "Injured")
    assert "injury figures for 2 of 3 incidents" in injured.help
    app.multiselect(key="atlas_f_group").set_value(["ISKP"])
    ok(app.run())
    assert metric(app, "Incidents") == "1"
    assert metric(app, "Killed") == "5+"
    assert "Showing: ISKP" in captions(app)
    assert app.query_params.get("group") == "ISKP"


@pytest.mark.parametrize("page,title", [
    ("pages/attribution.py", "Attribution"),
    ("pages/casualties.py", "Casualties"),
    ("pages/incidents.py", "Incidents"),
])
def test_each_page_runs_and_filter_applies(app, page, title):
    start(app)
    app.switch_page(page)
    ok(app.run())
    assert app.title[0].value == title
    before = captions(app)
    assert "Showing: All attacks" in before
    app.multiselect(key="atlas_f_province").set_value(["PK-KP"])
    ok(app.run())
    assert app.title[0].value == title  # still on the page
    assert "Showing: KP" in captions(app)
    if page != "pages/incidents.py":
        assert metric(app, "Incidents") == "1"
        assert metric(app, "Injured") == "11+"
    else:
        assert app.dataframe[0].value["place"].tolist() == ["Hangu"]


def test_url_filter_reproduces_the_view(app):
    app.query_params["group"] = "IS"
    app.query_params["status"] = "claimed"
    ok(app.run())
    assert metric(app, "Incidents") == "1"  # Kuchlak, claimed by IS
    assert metric(app, "Groups claiming") == "1"
    assert app.multiselect(key="atlas_f_group").value == ["IS"]
    assert "Showing: IS · claimed" in captions(app)


def test_repeated_url_keys_give_several_values(app):
    app.query_params["province"] = ["PK-KP", "PK-BA"]
    app.query_params["from"] = "2024-01-01"
    ok(app.run())
    assert metric(app, "Incidents") == "1"
    assert set(app.multiselect(key="atlas_f_province").value) == {"PK-KP", "PK-BA"}


def test_filter_persists_across_pages(app):
    app.query_params["group"] = "ISKP"
    ok(app.run())
    app.switch_page("pages/casualties.py")
    ok(app.run())
    assert "Showing: ISKP" in captions(app)
    assert metric(app, "Incidents") == "1"


def test_reset_button_clears_the_filter(app):
    app.query_params["group"] = "ISKP"
    start(app)
    assert metric(app, "Incidents") == "1"
    app.button(key="atlas_reset").click()
    ok(app.run())
    assert metric(app, "Incidents") == "3"
    assert "group" not in app.query_params


def test_filter_matching_nothing_says_so(app):
    app.query_params["province"] = "PK-SD"
    ok(app.run())
    assert metric(app, "Incidents") == "0"
    assert any("No incidents match" in i.value for i in app.info)
    for page in ("pages/attribution.py", "pages/casualties.py", "pages/incidents.py"):
        app.switch_page(page)
        ok(app.run())
        assert any("No incidents match" in i.value for i in app.info), page


def test_bad_url_value_is_reported_not_fatal(app):
    app.query_params["group"] = "NOPE"
    app.query_params["province"] = "PK-KP"
    ok(app.run())
    errors = " ".join(e.value for e in app.sidebar.error)
    assert "group" in errors and "NOPE" in errors
    assert metric(app, "Incidents") == "1"  # the valid part of the link still applies


def test_incident_detail_from_url_keeps_wording(app):
    app.query_params["incident"] = "seed-2023-09-29-hangu"
    ok(app.run())
    app.switch_page("pages/incidents.py")
    app.query_params["incident"] = "seed-2023-09-29-hangu"
    ok(app.run())
    text = " ".join(m.value for m in app.markdown)
    assert "at least five" in text and "more than 10" in text
    assert "ISKP — suspected" in text and "TTP — denied" in text


def test_presentation_mode_hides_widgets(app):
    start(app)
    assert len(app.toggle) == 3  # presentation mode + map tiles + stacked counts
    app.toggle(key="atlas_present").set_value(True)
    ok(app.run())
    assert app.query_params.get("present") == "1"
    keys = {t.key for t in app.toggle}
    assert "atlas_map_tiles" not in keys and "atlas_counts_stacked" not in keys
    assert not [c for c in app.get("button_group") if c.key in ("atlas_counts_by", "atlas_counts_freq")]
    assert any(b.key == "atlas_exit_present" for b in app.button)
    app.button(key="atlas_exit_present").click()
    ok(app.run())
    assert "present" not in app.query_params


def test_hostile_district_in_url_renders_as_text(app):
    app.query_params["district"] = "![x](https://evil.example/p.png)"
    ok(app.run())
    shown = captions(app)
    assert "\\!\\[x\\]" in shown  # escaped Markdown: no image is fetched
    assert any("No incidents match" in i.value and "\\!\\[x\\]" in i.value for i in app.info)


def test_a_write_shows_on_the_next_run_with_its_new_options(app):
    """The cached page data and sidebar options follow the data version, read once per run."""
    import datetime as dt

    from atlas.app import get_store
    from incidents.models import Attribution, Incident

    start(app)
    assert metric(app, "Incidents") == "3"
    get_store().save(Incident(id="t-new", date=dt.date(2024, 5, 2), location="Sui", district="Dera Bugti",
                              province_code="PK-BA", attack_type="rocket attack", killed_min=4, killed_max=4,
                              killed_text="four", attributions=[Attribution("BLA", "claimed")]))
    ok(app.run())
    assert metric(app, "Incidents") == "4" and metric(app, "Killed") == "57+"
    assert "Dera Bugti" in app.multiselect(key="atlas_f_district").options
    assert "rocket attack" in app.multiselect(key="atlas_f_type").options


def plots(at) -> list[tuple[str, dict]]:
    """The charts on the page: (element id, what the page's plot element draws)."""
    return [(e.proto.id, json.loads(e.proto.json)) for e in at.main
            if e.type == "bidi_component" and e.proto.component_name == "incident_atlas.plot"]


def test_chart_elements_keep_their_identity_and_redraw_the_new_filter(app):
    """Each chart is a keyed element: a filter change sends a new figure to the same element, which
    the browser redraws in place; its subtitle and image file name name the filter."""
    start(app)
    app.switch_page("pages/casualties.py")
    ok(app.run())
    before = plots(app)
    assert len(before) == 4
    for _, data in before:
        figure = json.loads(data["figure"])
        assert figure["layout"]["title"]["subtitle"]["text"] == "All attacks"
        assert data["plotly"].endswith("/app/static/plotly/plotly.min.js")
        assert data["label"].startswith("Killed")
    app.multiselect(key="atlas_f_group").set_value(["ISKP"])
    ok(app.run())
    after = plots(app)
    assert [i for i, _ in after] == [i for i, _ in before]  # same elements: redrawn in place
    for (_, old), (_, new) in zip(before, after):
        assert new["figure"] != old["figure"]
        assert json.loads(new["figure"])["layout"]["title"]["subtitle"]["text"] == "ISKP"
        assert "_ISKP_" in new["config"]["toImageButtonOptions"]["filename"]


def test_a_read_only_atlas_offers_no_write(app, monkeypatch):
    from atlas.app import READ_ONLY_NOTE, _open_store
    from incidents.settings import get_settings

    start(app)  # a first run read-write: the new database is migrated and seeded
    monkeypatch.setenv("ATLAS_READ_ONLY", "1")
    get_settings.cache_clear()
    _open_store.clear()
    app.switch_page("pages/data.py")
    ok(app.run())
    assert any(READ_ONLY_NOTE in i.value for i in app.info)
    uploads = app.get("file_uploader")
    assert not uploads  # no import widget at all
    app.switch_page("pages/map.py")
    ok(app.run())
    assert metric(app, "Incidents") == "3"  # reading goes on


def test_selecting_an_incident_puts_it_in_the_url(app):
    """A row selected in the table is written to ``?incident=`` (a shareable link); clearing the
    selection takes it out again, while a link's own ``?incident=`` keeps showing its incident."""
    start(app)
    app.switch_page("pages/incidents.py")
    ok(app.run())
    ids = app.dataframe[0].value["id"].tolist()
    app.session_state["atlas_incident_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    ok(app.run())
    assert app.query_params.get("incident") == ids[1]
    assert "Mastung" in " ".join(m.value for m in app.markdown)
    app.session_state["atlas_incident_table"] = {"selection": {"rows": [], "columns": [], "cells": []}}
    ok(app.run())
    assert "incident" not in app.query_params
    app.query_params["incident"] = ids[2]  # a shared link
    ok(app.run())
    assert app.query_params.get("incident") == ids[2]
    assert "Hangu" in " ".join(m.value for m in app.markdown)


def test_typed_group_names_resolve_to_their_code(app):
    """The Group box takes typed text: an alias becomes its group's code; an unknown name is dropped
    and reported."""
    start(app)
    app.multiselect(key="atlas_f_group").set_value(["Daesh", "Pakistani Taliban", "IS", "no such group"])
    ok(app.run())
    assert app.multiselect(key="atlas_f_group").value == ["IS", "TTP"]
    assert app.query_params.get("group") == ["IS", "TTP"]
    assert any("no such group" in w.value for w in app.sidebar.warning)


def test_default_view_is_attacks_and_one_click_shows_operations_and_clashes(app, tmp_path):
    """Issue 19: the default view holds attacks (and records of unknown category) and its caption says
    so; one click shows operations and clashes too, and the URL says category=all."""
    import datetime as dt

    from incidents.models import Incident
    from incidents.store import Store

    store = Store(f"sqlite:///{tmp_path / 'atlas.sqlite'}")
    store.migrate()
    store.seed_if_new()
    store.save(Incident(id="op-1", date=dt.date(2023, 10, 1), location="Mir Ali", province_code="PK-KP",
                        category="operation", actor="state", state_actor="Military Forces of Pakistan",
                        killed_min=9, killed_max=9, killed_militants=9))
    store.engine.dispose()
    start(app)
    assert metric(app, "Incidents") == "3" and "Showing: All attacks" in captions(app)
    assert "category" not in app.query_params
    app.button(key="atlas_all_categories").click()
    ok(app.run())
    assert metric(app, "Incidents") == "4" and "Showing: All incidents" in captions(app)
    assert app.query_params.get("category") == "all"
    app.multiselect(key="atlas_f_category").set_value(["operation"])
    ok(app.run())
    assert metric(app, "Incidents") == "1" and "Showing: Security operations" in captions(app)
    assert app.query_params.get("category") == "operation"
    app.button(key="atlas_reset").click()
    ok(app.run())
    assert metric(app, "Incidents") == "3" and "category" not in app.query_params


def test_overview_counts_chart_switches_bins_and_series(app):
    """The Overview's incident counts: per month by group at first; "Per: Week" and "Count by:
    Province" redraw the same element with weekly bins and one series per province."""
    start(app)
    (chart_id, data), = plots(app)
    assert data["label"] == "Incidents per month by group"
    fig = json.loads(data["figure"])
    assert len(fig["data"][0]["x"]) == 13  # Sep 2023 to Sep 2024
    assert fig["layout"]["barmode"] == "stack"
    assert "Coverage: seed incidents Sep 2023–Sep 2024" in fig["layout"]["annotations"][-1]["text"].replace("<br>", " ")
    assert "incidents-per-month-by-group" in data["config"]["toImageButtonOptions"]["filename"]
    controls = {c.key: c for c in app.get("button_group")}
    controls["atlas_counts_freq"].set_value("week")
    ok(app.run())
    (same_id, data), = plots(app)
    assert same_id == chart_id and data["label"] == "Incidents per week by group"
    assert len(json.loads(data["figure"])["data"][0]["x"]) == 51  # the Mondays from 25 Sep 2023 to 9 Sep 2024
    {c.key: c for c in app.get("button_group")}["atlas_counts_by"].set_value("province")
    ok(app.run())
    (_, data), = plots(app)
    assert [t["name"] for t in json.loads(data["figure"])["data"]] == ["Balochistan", "KP"]
    app.toggle(key="atlas_counts_stacked").set_value(False)
    ok(app.run())
    (_, data), = plots(app)
    assert {t["type"] for t in json.loads(data["figure"])["data"]} == {"scatter"}


def test_data_page_lists_each_sources_coverage_and_terms(app):
    start(app)
    app.switch_page("pages/data.py")
    ok(app.run())
    (table,) = app.table
    rows = table.value.to_dict("records")
    assert [r["Source"] for r in rows] == ["Seed incidents bundled with Incident Atlas"]
    assert (rows[0]["First date"], rows[0]["Last date"], rows[0]["Records"]) == ("29 Sep 2023", "14 Sep 2024", "3")
    assert "news reports" in rows[0]["Licence / terms"] and rows[0]["Last import"].endswith("UTC")
