"""Every private API of a dependency the atlas uses, and only here.

Each function wraps one thing its library does not promise to keep; the docstring says why the atlas
needs it. ``tests/atlas/test_private_api.py`` checks each against the installed version and fails
with a message naming what an upgrade broke.

* Streamlit (1.67): :func:`script_run_marker` (``ScriptRunContext.cursors``, from the private module
  ``streamlit.runtime.scriptrunner_utils.script_run_context``) and :func:`leave_pages_directory_mode`
  (``streamlit.runtime.pages_manager.PagesManager.uses_pages_directory``).
* plotly (7.1): :func:`figure_parts` (``BaseFigure._data`` and ``BaseFigure._layout``).
* branca (folium's element tree): :func:`children` (``Element._children``).

Not here: folium's plugin convention (an element subclass sets ``_template`` and ``_name``, its
template reads ``this._parent``) is how folium documents writing elements; the streamlit-folium
globals ``atlas/fastmap.js`` needs sit in one marked section of that file (browser code).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    import branca
    import plotly.graph_objects as go

log = logging.getLogger(__name__)


def script_run_marker() -> Any:
    """An object that is the same throughout one script run and new in the next (None outside a run).

    Streamlit has no public id of a script run. Its ``ScriptRunContext`` is one object per session,
    but ``reset()`` gives it a new ``cursors`` dict at the start of every run; ``atlas.app`` keys
    what it reads once per run (the data version) on that dict's identity."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.cursors if ctx is not None else None


def leave_pages_directory_mode() -> bool:
    """Switch Streamlit out of its legacy ``pages/`` mode; True if it was in it (then rerun).

    With a ``pages/`` directory next to the entrypoint Streamlit runs each page file alone until some
    run calls ``st.navigation``; it keeps that state in the class attribute
    ``PagesManager.uses_pages_directory``, which no public API sets (``atlas.navigation``)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        log.info("leaving Streamlit's pages/ directory mode for st.navigation")
        PagesManager.uses_pages_directory = False
        return True
    return False


def figure_parts(fig: "go.Figure") -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A figure's traces and layout as plotly keeps them (plain dicts and lists, not copies).

    The public ``fig.to_dict()`` (and ``to_plotly_json``, ``to_json``, which use it) deep-copies the
    whole figure and turns numeric arrays into base64 typed arrays; encoding these instead gives the
    same figure once decoded, without the copy, in a fraction of the time
    (``atlas.plot_element.figure_json``). Read only: never modify what this returns."""
    return fig._data, fig._layout


def children(element: "branca.element.Element") -> Iterable["branca.element.Element"]:
    """The child elements of a folium/branca element, in order.

    branca has ``add_child`` but no public way to list the children; streamlit-folium walks
    ``_children`` the same way to collect every element's scripts (``atlas.offline``)."""
    return element._children.values()


__all__ = ["children", "figure_parts", "leave_pages_directory_mode", "script_run_marker"]
