"""atlas.plot_element: the JSON the page draws is plotly's own figure, and the element is keyed."""
from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from atlas import plot_element
from atlas.offline import WebAssets


def _decoded(obj):
    """plotly's JSON with its typed arrays ({"dtype", "bdata"}) turned back into lists."""
    if isinstance(obj, dict):
        if {"dtype", "bdata"} <= set(obj):
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            if "shape" in obj:
                arr = arr.reshape([int(n) for n in str(obj["shape"]).split(",")])
            return _decoded(arr.tolist())
        return {k: _decoded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decoded(v) for v in obj]
    if isinstance(obj, float) and np.isnan(obj):
        return None  # a typed array's NaN: a gap, as null is in JSON
    return obj


def _figure() -> go.Figure:
    return go.Figure(
        [go.Bar(x=pd.date_range("2024-01-01", periods=3, freq="MS"), y=np.array([50, 5, 0]),
                text=["50+", "5–7", "?"], customdata=np.array([[1, "50+"], [2, "5–7"], [1, "?"]], dtype=object)),
         go.Scatter(x=[1, 2, 3], y=np.array([1.5, np.nan, 3.25]), mode="lines+markers",
                    marker={"symbol": ["circle-open", "circle", "circle-open"]})],
        layout={"title": {"text": "<b>Killed &amp; injured</b>", "subtitle": {"text": "ISKP · claimed"}},
                "height": 380})


def test_figure_json_equals_plotlys_own_json():
    fig = _figure()
    ours = json.loads(plot_element.figure_json(fig))
    theirs = _decoded(json.loads(fig.to_json()))
    theirs.pop("frames", None)
    assert ours == theirs
    assert ours["data"][1]["y"] == [1.5, None, 3.25]  # NaN is null, as plotly.js expects


def test_figure_json_leaves_the_figure_as_it_was():
    fig = _figure()
    before = fig.to_json()
    plot_element.figure_json(fig)
    assert isinstance(fig.data[0].y, np.ndarray)  # plotly's to_json converts arrays only on a copy
    assert fig.to_json() == before


def test_figure_label_is_the_title_as_plain_text():
    assert plot_element.figure_label(_figure()) == "Killed & injured"
    assert plot_element.figure_label(go.Figure()) == "Chart"


def test_plotly_js_is_served_by_the_app():
    assert WebAssets().url("plotly") == "/app/static/plotly/plotly.min.js"
    assert WebAssets.for_base_url_path("/atlas").url("plotly") == "/atlas/app/static/plotly/plotly.min.js"


def test_vendored_plotly_js_matches_the_python_package():
    """The figures are written by the Python package for the plotly.js it embeds; the page draws
    them with the vendored copy, so both must be the same major version."""
    import plotly.offline

    from atlas.offline import STATIC_DIR

    manifest = json.loads((STATIC_DIR / "MANIFEST.json").read_text())
    vendored = manifest["packages"]["plotly.js-dist-min"]["version"]
    assert vendored.split(".")[0] == plotly.offline.get_plotlyjs_version().split(".")[0]
    head = (STATIC_DIR / "plotly" / "plotly.min.js").read_text(encoding="utf-8")[:300]
    assert f"v{vendored}" in head
