"""Draw a plotly figure in the page with the app's own plotly.js (a Streamlit v2 component).

``st.plotly_chart`` gives a changed figure a new element, so the browser builds a new plot, and
draws it twice: once on mounting and again when its theme step applies. With the four charts of
the Casualties page that was most of a filter change's drawing time (bench/README.md). This
element is keyed: it keeps its plot between runs and draws a new figure once, in place, with
``Plotly.react`` (``atlas/plot_element.js``). plotly.js is the vendored copy under
``static/plotly/`` (``scripts/vendor_assets.py``), never a CDN.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from .offline import WebAssets
from .private_api import figure_parts

#: The component's name (unique in the app).
COMPONENT = "incident_atlas.plot"


@lru_cache(maxsize=1)
def _script() -> str:
    """The element's JavaScript (atlas/plot_element.js), read once."""
    return resources.files("atlas").joinpath("plot_element.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _component() -> Callable[..., Any]:
    import streamlit as st

    return st.components.v2.component(COMPONENT, js=_script(), isolate_styles=False)


def figure_json(fig: go.Figure) -> str:
    """The figure as plotly.js reads it: its data and layout, encoded by plotly's JSON encoder.

    Equal to ``fig.to_json()`` once that one's typed arrays are decoded, without the deep copy of
    the whole figure that ``to_json`` makes first (:func:`atlas.private_api.figure_parts`)."""
    data, layout = figure_parts(fig)
    return to_json_plotly({"data": data, "layout": layout})


def figure_label(fig: go.Figure) -> str:
    """The chart's title as plain text (for the element's accessible name)."""
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    return html.unescape(re.sub(r"<[^>]*>", "", title)).strip() or "Chart"


def show(figure: go.Figure | str, *, key: str, config: dict[str, Any] | None = None, label: str = "Chart",
         assets: WebAssets | None = None, lazy: bool = False) -> None:
    """Draw ``figure`` (a Figure, or its :func:`figure_json`) in the element ``key``.

    The key is the element's identity: the same key on the next run redraws the same plot in place.
    ``config`` is plotly's (``atlas.charts.chart_config``); its ``toImageButtonOptions`` go to the
    element's download button. ``lazy``: a chart below the fold, drawn (and plotly.js loaded) only
    when it comes near the screen."""
    import streamlit as st

    spec = figure if isinstance(figure, str) else figure_json(figure)
    assets = assets or WebAssets.for_base_url_path(st.get_option("server.baseUrlPath"))
    _component()(key=key, data={"figure": spec, "config": config or {}, "label": label,
                                "plotly": assets.url("plotly"), "lazy": lazy})


__all__ = ["COMPONENT", "figure_json", "figure_label", "show"]
