"""The private APIs the atlas relies on (atlas.private_api) still exist and still behave as it
expects. A failure here names the dependency and what changed: fix atlas/private_api.py (or find
the public replacement) before upgrading."""
from __future__ import annotations

import base64
import json

import branca.element
import folium
import numpy as np
import plotly
import plotly.graph_objects as go
import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from atlas import private_api


def broke(library: str, version: str, what: str) -> str:
    return f"{library} {version} broke atlas.private_api: {what}"


def test_streamlit_script_run_marker_is_one_object_per_run():
    def app():
        import streamlit as st

        from atlas.private_api import script_run_marker

        marker = script_run_marker()
        st.session_state.setdefault("markers", []).append(marker)
        st.session_state.setdefault("same_within_run", []).append(script_run_marker() is marker)

    at = AppTest.from_function(app)
    at.run()
    at.run()
    assert not at.exception
    markers = at.session_state["markers"]
    why = broke("streamlit", streamlit.__version__, "ScriptRunContext.cursors is no longer a new object each "
                "script run and the same within one (atlas.app.data_version would read stale versions)")
    assert len(markers) == 2 and all(m is not None for m in markers), why
    assert markers[0] is not markers[1], why
    assert all(at.session_state["same_within_run"]), why
    assert private_api.script_run_marker() is None  # outside a script run


def test_streamlit_pages_manager_still_has_the_pages_directory_switch():
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory"), broke(
        "streamlit", streamlit.__version__, "PagesManager.uses_pages_directory is gone (atlas.navigation cannot "
        "leave the legacy pages/ mode: a first request for a sub-page would run it without the dashboard)")
    before = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = True
        assert private_api.leave_pages_directory_mode() is True
        assert PagesManager.uses_pages_directory is False
        assert private_api.leave_pages_directory_mode() is False
    finally:
        PagesManager.uses_pages_directory = before


def _decoded(obj):
    if isinstance(obj, dict):
        if {"dtype", "bdata"} <= set(obj):
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            return [None if isinstance(v, float) and np.isnan(v) else v for v in arr.tolist()]
        return {k: _decoded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decoded(v) for v in obj]
    return obj


def test_plotly_figure_parts_are_the_figure_plotly_would_write():
    from plotly.io.json import to_json_plotly

    fig = go.Figure([go.Bar(x=["a", "b"], y=np.array([1, 2]), marker={"color": "#123456"})],
                    layout={"title": {"text": "t"}, "height": 300})
    why = broke("plotly", plotly.__version__, "BaseFigure._data/_layout are not the figure's traces and layout "
                "as lists and dicts any more (atlas.plot_element.figure_json; use fig.to_dict() instead)")
    try:
        data, layout = private_api.figure_parts(fig)
    except AttributeError as exc:
        pytest.fail(f"{why}: {exc}")
    assert isinstance(data, list) and isinstance(layout, dict), why
    ours = json.loads(to_json_plotly({"data": data, "layout": layout}))
    theirs = _decoded(fig.to_dict())
    assert ours == theirs, why


def test_branca_children_lists_what_was_added_in_order():
    parent = folium.Map(tiles=None)
    a, b = folium.FeatureGroup(name="a"), folium.FeatureGroup(name="b")
    a.add_to(parent)
    b.add_to(parent)
    why = broke("branca", branca.__version__, "Element._children no longer holds the added elements in order "
                "(atlas.offline.localise would miss scripts that streamlit-folium then loads from a CDN)")
    try:
        kids = list(private_api.children(parent))
    except AttributeError as exc:
        pytest.fail(f"{why}: {exc}")
    assert [k for k in kids if isinstance(k, folium.FeatureGroup)] == [a, b], why
    assert list(private_api.children(branca.element.Element())) == [], why


def test_streamlit_app_session_rerun_requests_can_keep_a_page_switch():
    """keep_page_switches wraps AppSession.request_rerun(client_state) and reads the session's
    current page (AppSession._pages_manager); the echo rule drops only the stale request."""
    import inspect

    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.pages_manager import PagesManager

    why = broke("streamlit", streamlit.__version__, "AppSession.request_rerun(client_state) or "
                "PagesManager.current_page_script_hash changed (a date committed by a page-link click would "
                "swallow the click again)")
    assert list(inspect.signature(AppSession.request_rerun).parameters)[:2] == ["self", "client_state"], why
    assert isinstance(PagesManager.__dict__.get("current_page_script_hash"), property), why
    assert "_pages_manager" in inspect.getsource(AppSession.__init__), why
    assert {"fragment_id", "is_auto_rerun", "page_script_hash", "widget_states"} <= set(
        ClientState.DESCRIPTOR.fields_by_name), why
    private_api.keep_page_switches()
    assert private_api.keep_page_switches() is False  # installed once
    assert getattr(AppSession.request_rerun, "_atlas_keeps_page_switches", False)

    switch = (10.0, "casualties", {"to": b"2023-12-31"}, "map")  # map -> casualties, with the new date
    echo = {"to": b"2023-12-31", "map_tiles": b"x"}
    assert private_api.is_stale_echo(switch, 10.04, "map", echo)
    assert not private_api.is_stale_echo(switch, 11.0, "map", echo)  # too late: the user's own click
    assert not private_api.is_stale_echo(switch, 10.04, "map", {"to": b"2024-01-01"})  # a new value
    assert not private_api.is_stale_echo(switch, 10.04, "incidents", echo)  # another page
    widget_change = (10.0, "map", {"to": b"2023-12-31"}, "map")  # a rerun on the same page
    assert not private_api.is_stale_echo(widget_change, 10.04, "casualties", {"to": b"2023-12-31"})
    assert not private_api.is_stale_echo(None, 10.04, "map", echo)
