"""The shared sidebar: filter widgets <-> URL query parameters <-> IncidentFilter, the filter caption,
and the briefing options (presentation mode, chart image format).

``render_filters(store)`` is the one call every page makes. The entrypoint (dashboard.py) calls it
first, so the widgets belong to the main script and keep their values across pages; a page calling
it again in the same run gets the same filter back. The filter lives in the URL
(``?group=ISKP&status=claimed&province=PK-KP&from=2023-01-01&to=2023-12-31``, repeated keys for
several values), so a copied link reproduces the view on any page.

The default view is attacks (and records of unknown category: news reports, seeds); the Category box
shows it, and the "Show operations and clashes too" button selects every category in one click
(``?category=all``).
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import streamlit as st

from geo.provinces import PROVINCES
from incidents.errors import FilterError
from incidents.filters import (CATEGORY_VALUES, UNATTRIBUTED, IncidentFilter, NO_DATASET, category_title,
                               default_view)
from incidents.models import DATE_PRECISIONS
from incidents.registry import STATUSES, UNATTRIBUTED_LABEL, default_registry
from incidents.store import Store

from .app import distinct_values, run_marker
from .charts import IMAGE_FORMATS
from .navigation import ensure_navigation
from .text import md_escape

log = logging.getLogger(__name__)

#: URL keys of the filter (see IncidentFilter.from_query_params).
FILTER_KEYS: tuple[str, ...] = ("group", "status", "province", "district", "from", "to", "type", "category",
                                 "dataset", "precision")
#: URL key of presentation mode.
PRESENT_KEY = "present"
_W = {  # widget keys
    "group": "atlas_f_group", "status": "atlas_f_status", "province": "atlas_f_province",
    "district": "atlas_f_district", "from": "atlas_f_from", "to": "atlas_f_to", "type": "atlas_f_type",
    "category": "atlas_f_category", "dataset": "atlas_f_dataset", "precision": "atlas_f_precision",
}
_PRESENT = "atlas_present"
_FORMAT = "atlas_image_format"
_SYNCED = "_atlas_url_filter"  # the filter last mirrored in the URL
_PAGE = "_atlas_page"
_RUN = "_atlas_filter_run"  # (run marker, filter) of the current run
_UNKNOWN_GROUPS = "_atlas_unknown_groups"  # typed names no group answers to (shown once)

_HIDE_CHROME = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .atlas-widget { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; }
</style>
"""


@dataclass(frozen=True)
class ViewOptions:
    """How the page is drawn: presentation mode (no sidebar or widgets) and chart download format."""

    presenting: bool = False
    image_format: str = "png"


def url_filter_params() -> dict[str, list[str]]:
    """The filter keys present in the URL, every value (repeated keys)."""
    qp = st.query_params
    return {k: qp.get_all(k) for k in FILTER_KEYS if k in qp}


def filter_from_params(params: dict[str, list[str]]) -> tuple[IncidentFilter, list[str]]:
    """The filter a URL asks for, dropping (and reporting) keys it cannot understand."""
    params = dict(params)
    problems: list[str] = []
    while True:
        try:
            return IncidentFilter.from_query_params(params), problems
        except FilterError as e:
            problems.append(f"{e.field}: {e.message}")
            if e.field not in params:  # cannot happen with from_query_params; never loop forever
                return default_view(), problems
            params.pop(e.field)


def _set_widgets(flt: IncidentFilter) -> None:
    ss = st.session_state
    ss[_W["group"]] = list(flt.groups)
    ss[_W["status"]] = list(flt.statuses)
    ss[_W["province"]] = list(flt.provinces)
    ss[_W["district"]] = list(flt.districts)
    ss[_W["from"]] = flt.date_from
    ss[_W["to"]] = flt.date_to
    ss[_W["type"]] = list(flt.attack_types)
    ss[_W["category"]] = list(flt.categories or CATEGORY_VALUES)
    ss[_W["dataset"]] = list(flt.datasets)
    ss[_W["precision"]] = list(flt.precisions)


def _keep_widgets() -> None:
    """Re-assign each widget's current value by key before it is drawn, so the value survives a change
    of widget identity (a widget's id includes the running page's script hash)."""
    ss = st.session_state
    for key in (*_W.values(), _PRESENT, _FORMAT):
        if key in ss:
            ss[key] = ss[key]


def _reset() -> None:
    _set_widgets(default_view())


def _every_category() -> None:
    st.session_state[_W["category"]] = list(CATEGORY_VALUES)


def _write_url(flt: IncidentFilter) -> None:
    want = flt.to_query_params()
    if url_filter_params() == want:
        return
    qp = st.query_params
    for k in FILTER_KEYS:
        if k in qp and k not in want:
            del qp[k]
    for k, v in want.items():
        qp[k] = v if len(v) > 1 else v[0]


def _group_label(code: str) -> str:
    """"IS — Islamic State", "ISKP — Islamic State Khorasan Province (IS branch)": the code first, so
    the Group box's prefix filter puts a typed code's own option first (Enter selects it)."""
    if code == UNATTRIBUTED:
        return f"{UNATTRIBUTED_LABEL} (no claim, suspicion or blame)"
    reg = default_registry()
    if code not in reg:
        return code
    g = reg.get(code)
    return f"{g.code} — {g.name}" + (f" ({g.parent} branch)" if g.parent else "")


def _resolve_typed_groups() -> None:
    """The Group box accepts typed text (Enter on no matching option): a name or alias becomes its
    group's code ("Pakistani Taliban" -> TTP, "Daesh" -> IS); text no group answers to is dropped and
    reported."""
    ss = st.session_state
    registry = default_registry()
    known = {g.code for g in registry.ordered()} | {UNATTRIBUTED}
    codes: list[str] = []
    unknown: list[str] = []
    for value in ss.get(_W["group"]) or []:
        code = value if value in known else registry.resolve(value)
        if code is None and value.strip().lower() == UNATTRIBUTED_LABEL.lower():
            code = UNATTRIBUTED
        if code is None:
            unknown.append(value)
        elif code not in codes:
            codes.append(code)
    ss[_W["group"]] = codes
    if unknown:
        ss[_UNKNOWN_GROUPS] = unknown


def _options(current: list[str], known: list[str]) -> list[str]:
    return list(dict.fromkeys([*known, *current]))


def render_filters(store: Store, *, page: str | None = None) -> IncidentFilter:
    """Draw the filter sidebar (once per run) and return the active filter.

    ``page`` identifies the page being shown (the entrypoint passes ``st.navigation``'s page); when
    the user switches pages and the navigation dropped the query string, the filter is kept and
    written back to the URL instead of being reset.
    """
    ensure_navigation()
    ss = st.session_state
    marker = run_marker()
    done = ss.get(_RUN)
    if done is not None and marker is not None and done[0] is marker:
        return done[1]

    params = url_filter_params()
    url_flt, problems = filter_from_params(params)
    synced = ss.get(_SYNCED)
    page_changed = page is not None and ss.get(_PAGE) not in (None, page)
    if page is not None:
        ss[_PAGE] = page
    if synced is None or (url_flt != synced and not (page_changed and not params)):
        _set_widgets(url_flt)  # a new session, an edited URL, or back/forward: the URL wins
    else:
        _keep_widgets()

    registry = default_registry()
    sb = st.sidebar
    sb.markdown("### Filters")
    for p in problems:
        sb.error(md_escape(f"Ignored a URL filter — {p}"))
    codes = [g.code for g in registry.ordered()] + [UNATTRIBUTED]
    # Typing filters by prefix (the label starts with the code) and Enter takes the first option, so
    # "IS" + Enter selects IS; Streamlit's default fuzzy filter and its "Select N matches" entry (first
    # in the list, so Enter's choice) selected every option holding "i…s". Text matching no label is
    # taken as typed and resolved as a name or alias (_resolve_typed_groups).
    sb.multiselect("Group", _options(ss.get(_W["group"], []), codes), key=_W["group"],
                   format_func=_group_label, placeholder="Any group", filter_mode="prefix", select_all=False,
                   accept_new_options=True, on_change=_resolve_typed_groups,
                   help="Type a code (IS, TTP) or a name or alias (Daesh, Pakistani Taliban) and press Enter. "
                        "A group includes its branches (IS → ISKP, ISPP). Without a status, claimed, "
                        "suspected and blamed match; a denial only when asked for.")
    for name in ss.pop(_UNKNOWN_GROUPS, []):
        sb.warning(md_escape(f"No group is called “{name}” — type a code, a name or an alias."))
    sb.multiselect("Category", list(CATEGORY_VALUES), key=_W["category"],
                   format_func=category_title, placeholder="Any category",
                   help="Attacks are militant groups' acts; operations are a state's forces' (raids, air and "
                        "drone strikes, shelling); clashes are fighting whose initiator the source does not say. "
                        "Unknown: records whose source cannot tell (most news reports and entries).")
    sb.button("Show operations and clashes too", on_click=_every_category, key="atlas_all_categories",
              width="stretch", disabled=set(ss.get(_W["category"]) or CATEGORY_VALUES) >= set(CATEGORY_VALUES))
    sb.multiselect("Claim status", list(STATUSES), key=_W["status"], placeholder="Any status")
    sb.multiselect("Province", _options(ss.get(_W["province"], []), list(PROVINCES)), key=_W["province"],
                   format_func=lambda c: PROVINCES.get(c, c), placeholder="Any province")
    scope = tuple(ss.get(_W["province"]) or ())
    sb.multiselect("District", _options(ss.get(_W["district"], []), distinct_values(store, "district", scope)),
                   key=_W["district"], placeholder="Any district")
    c1, c2 = sb.columns(2)
    lo, hi = dt.date(1970, 1, 1), dt.date.today()
    c1.date_input("From", key=_W["from"], min_value=lo, max_value=hi, format="YYYY-MM-DD")
    c2.date_input("To", key=_W["to"], min_value=lo, max_value=hi, format="YYYY-MM-DD")
    sb.multiselect("Attack type", _options(ss.get(_W["type"], []), distinct_values(store, "attack_type")),
                   key=_W["type"], placeholder="Any attack type")
    sb.multiselect("Dataset", _options(ss.get(_W["dataset"], []), [*distinct_values(store, "dataset"), NO_DATASET]),
                   key=_W["dataset"], format_func=lambda d: "No dataset (reports, entries)" if d == NO_DATASET else d,
                   placeholder="Any dataset")
    sb.multiselect("Date precision", list(DATE_PRECISIONS), key=_W["precision"], placeholder="Any date precision",
                   format_func=lambda p: {"day": "Known to the day", "month": "Known to the month",
                                          "year": "Known to the year"}[p])
    sb.button("Reset filters", on_click=_reset, key="atlas_reset", width="stretch")

    try:
        flt = IncidentFilter.build(
            groups=ss[_W["group"]], statuses=ss[_W["status"]], provinces=ss[_W["province"]],
            districts=ss[_W["district"]], date_from=ss[_W["from"]], date_to=ss[_W["to"]],
            attack_types=ss[_W["type"]], categories=ss[_W["category"]], datasets=ss[_W["dataset"]],
            precisions=ss[_W["precision"]], registry=registry)
    except FilterError as e:
        sb.error(md_escape(f"{e.field}: {e.message} — the dates are ignored"))
        flt = IncidentFilter.build(
            groups=ss[_W["group"]], statuses=ss[_W["status"]], provinces=ss[_W["province"]],
            districts=ss[_W["district"]], attack_types=ss[_W["type"]], categories=ss[_W["category"]],
            datasets=ss[_W["dataset"]], precisions=ss[_W["precision"]], registry=registry)
    _write_url(flt)
    ss[_SYNCED] = flt
    _render_view_options()
    ss[_RUN] = (marker, flt)
    return flt


def _render_view_options() -> None:
    ss = st.session_state
    if _PRESENT not in ss:
        ss[_PRESENT] = st.query_params.get(PRESENT_KEY) in ("1", "true", "yes")
    if ss.get(_FORMAT) not in IMAGE_FORMATS:
        ss[_FORMAT] = "png"
    sb = st.sidebar
    sb.markdown("### Briefing")
    sb.toggle("Presentation mode", key=_PRESENT,
              help="Hide the sidebar and widgets for clean screenshots (also ?present=1).")
    sb.segmented_control("Chart download", list(IMAGE_FORMATS), key=_FORMAT,
                         format_func=lambda f: {"png": "PNG ×3", "svg": "SVG"}[f],
                         help="What the camera button in a chart's toolbar saves.")
    if ss[_PRESENT]:
        st.query_params[PRESENT_KEY] = "1"
    elif PRESENT_KEY in st.query_params:
        del st.query_params[PRESENT_KEY]


def view_options() -> ViewOptions:
    """Presentation mode and the chart image format chosen in the sidebar."""
    ss = st.session_state
    return ViewOptions(presenting=bool(ss.get(_PRESENT, False)), image_format=ss.get(_FORMAT) or "png")


def _exit_presentation() -> None:
    st.session_state[_PRESENT] = False


def apply_view_options() -> ViewOptions:
    """In presentation mode hide Streamlit's chrome (call once per run, before the page)."""
    opts = view_options()
    if opts.presenting:
        st.html(_HIDE_CHROME)
    return opts


def presentation_exit_button() -> None:
    """The only control left in presentation mode (call after the page)."""
    if view_options().presenting:
        st.divider()
        st.button("Exit presentation mode", key="atlas_exit_present", on_click=_exit_presentation)


def show_caption(flt: IncidentFilter, extra: str | None = None) -> None:
    """The active filter's caption under a page title (on every page)."""
    text = f"Showing: {flt.caption()}" + (f" · {extra}" if extra else "")
    st.caption(md_escape(text))


def page_header(title: str, flt: IncidentFilter, extra: str | None = None) -> None:
    """Title plus the filter caption."""
    st.title(title)
    show_caption(flt, extra)
