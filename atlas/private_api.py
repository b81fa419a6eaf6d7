"""Every private API of a dependency the atlas uses, and only here.

Each function wraps one thing its library does not promise to keep; the docstring says why the atlas
needs it. ``tests/atlas/test_private_api.py`` checks each against the installed version and fails
with a message naming what an upgrade broke.

* Streamlit (1.67): :func:`script_run_marker` (``ScriptRunContext.cursors``, from the private module
  ``streamlit.runtime.scriptrunner_utils.script_run_context``), :func:`leave_pages_directory_mode`
  (``streamlit.runtime.pages_manager.PagesManager.uses_pages_directory``) and
  :func:`keep_page_switches` (``AppSession.request_rerun`` and ``AppSession._pages_manager``).
* plotly (7.1): :func:`figure_parts` (``BaseFigure._data`` and ``BaseFigure._layout``).
* branca (folium's element tree): :func:`children` (``Element._children``).

Not here: folium's plugin convention (an element subclass sets ``_template`` and ``_name``, its
template reads ``this._parent``) is how folium documents writing elements; the streamlit-folium
globals ``atlas/fastmap.js`` needs sit in one marked section of that file (browser code).
"""
from __future__ import annotations

import logging
import time
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


#: How soon after a page switch a rerun request back to the page it left, with the very same widget
#: states, is taken as the switch's stale echo (seen: ~40 ms after it).
ECHO_WINDOW_S = 0.5


def keep_page_switches() -> bool:
    """Stop a committed widget value from swallowing the page link clicked next; True when installed now.

    A date typed into the sidebar is committed when the field loses focus — on the mousedown of the
    click on a page link. Streamlit's browser client (1.67) then sends two rerun requests ~40 ms apart:
    the page switch (already carrying the new widget value), and the widget's own rerun, still naming
    the page being left. The later one wins on the server, so the app stays on the old page (the
    click is "swallowed"). Wrapping ``AppSession.request_rerun`` (no public hook), a request is
    dropped when, within :data:`ECHO_WINDOW_S` of a switch away from page P, it asks for P again with
    every widget state the switch carried unchanged (the echo adds the widgets of P the switch left
    out) — the case only that echo produces (a user's own click back to P within half a second is
    the only other, and it would also be dropped)."""
    from streamlit.runtime.app_session import AppSession

    if getattr(AppSession.request_rerun, "_atlas_keeps_page_switches", False):
        return False
    original = AppSession.request_rerun

    def request_rerun(self: Any, client_state: Any) -> None:
        if client_state is not None and not client_state.fragment_id and not client_state.is_auto_rerun:
            now = time.monotonic()
            states = {w.id: w.SerializeToString(deterministic=True) for w in client_state.widget_states.widgets}
            page = client_state.page_script_hash
            current = self._pages_manager.current_page_script_hash
            if is_stale_echo(getattr(self, "_atlas_last_rerun", None), now, page, states):
                log.info("dropped a stale rerun request for the page just left (page switch kept)")
                return None
            self._atlas_last_rerun = (now, page, states, current)
        return original(self, client_state)

    request_rerun._atlas_keeps_page_switches = True  # type: ignore[attr-defined]
    AppSession.request_rerun = request_rerun  # type: ignore[method-assign]
    return True


def is_stale_echo(last: tuple[float, str, dict[str, bytes], str] | None, now: float, page: str,
                  states: dict[str, bytes]) -> bool:
    """Whether a rerun request (``page``, widget ``states`` by id) is the echo of the one before it,
    ``last`` = (when, its page, its states, the page the session was on when it came): that one
    switched pages, and this one, within :data:`ECHO_WINDOW_S`, asks for the page it left with all
    of its widget states unchanged."""
    if last is None:
        return False
    when, last_page, last_states, left = last
    return (now - when < ECHO_WINDOW_S and bool(page) and page == left and last_page != left
            and all(states.get(k) == v for k, v in last_states.items()))


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


__all__ = ["children", "figure_parts", "is_stale_echo", "keep_page_switches", "leave_pages_directory_mode", "script_run_marker"]
