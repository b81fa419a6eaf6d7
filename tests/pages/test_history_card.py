"""The incident card shows an analyst's corrections, a conflict with the source, the history
(collapsed), and restores an earlier version from a button."""
from __future__ import annotations

from tests.pages.test_pages import ok, start

HANGU = "seed-2023-09-29-hangu"


def test_card_shows_conflict_history_and_restores(app):
    from atlas.app import get_store

    start(app)
    store = get_store()
    store.user = "alice"
    store.correct(HANGU, killed="at least 6", note="hospital list")
    seed = store.get(HANGU)
    first = store.history(HANGU)[0].version
    # the record's source is written again with another figure: the analyst's stands, both are kept
    store.save(seed.copy(killed_min=7, killed_max=7, killed_text="seven"))
    app.switch_page("pages/incidents.py")
    app.query_params["incident"] = HANGU
    ok(app.run())
    ok(app.run())  # (a page's first run registers its widgets under another hash: see start())
    warnings = " ".join(w.value for w in app.warning)
    assert "the source now says seven" in warnings and "at least 6" in warnings and "alice" in warnings
    (history,) = [e for e in app.expander if e.label.startswith("History (")]
    table = history.dataframe[0].value
    assert {"import", "edit", "save"} <= set(table["action"]) and "alice" in set(table["who"])
    app.selectbox(key=f"atlas_incident_detail_history_v_{HANGU}").set_value(first)
    app.button(key=f"atlas_incident_detail_history_restore_{HANGU}").click()
    ok(app.run())
    back = store.get(HANGU)
    assert back.killed_text == "at least five"  # the seed's own wording, as at the first version
    assert store.history(HANGU)[-1].action == "restore"
    assert not [e for e in store.edits(HANGU) if e.kind == "correct"]  # the correction made since: withdrawn
    (history,) = [e for e in app.expander if e.label.startswith("History (")]
    assert history.dataframe[0].value["action"].iloc[0] == "restore"  # newest first
