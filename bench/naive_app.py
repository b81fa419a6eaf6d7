"""The naive baseline for bench/run.py: folium in Streamlit, Leaflet served locally, one ``Marker``
with a ``Popup`` per incident in a ``MarkerCluster`` — what a first dashboard does.

    DATABASE_URL=sqlite:///bench/out/synthetic-20000.sqlite streamlit run bench/naive_app.py

Only the store read is cached (like the dashboard's); the map is built per run, as folium does.
The map's script ends by setting ``window.naiveDone`` so the benchmark knows every marker is in.
Streamlit serves ``static/`` next to the main script, so bench/run.py runs a copy of this file from
bench/out/naive/ with a copy of the repository's ``static/`` beside it (``ATLAS_ROOT`` = repository).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("ATLAS_ROOT") or Path(__file__).resolve().parent.parent)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import html  # noqa: E402

import folium  # noqa: E402
import streamlit as st  # noqa: E402
from folium.plugins import MarkerCluster  # noqa: E402
from folium.template import Template  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from atlas.card import CARD_LABELS, incident_card, ledger_text  # noqa: E402
from atlas.offline import localise  # noqa: E402
from incidents.settings import get_settings  # noqa: E402
from incidents.store import Store  # noqa: E402


class DoneFlag(folium.MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        window.naiveDone = true;
        {% endmacro %}
    """)


def popup_html(card: dict) -> str:
    """The incident card (atlas.card) as the escaped HTML a first dashboard puts in each Popup."""
    e = html.escape
    rows = [f"<b>{e(card['head'])}</b>", e(card["where"])]
    rows += [f"<b>{label}:</b> {e(card[key])}" for label, key in CARD_LABELS["facts"]]
    rows.append(f"<b>{CARD_LABELS['ledger']}:</b><ul>"
                + "".join(f"<li>{e(ledger_text(a))}</li>" for a in card["ledger"]) + "</ul>")
    rows.append(f"<b>{CARD_LABELS['sources']}:</b><ul>" + "".join(
        f"<li><a href='{e(s['link'])}' target='_blank'>{e(s['name'])}</a></li>" if s["link"]
        else f"<li>{e(s['name'])}</li>" for s in card["sources"]) + "</ul>")
    rows += [e(card["summary"]), e(card["meta"])]
    return "<div>" + "<br>".join(rows) + "</div>"


@st.cache_resource(show_spinner=False)
def incidents(url: str) -> list:
    return Store(url).incidents()


st.set_page_config(page_title="Naive baseline", layout="wide")
rows = incidents(get_settings().database_url)
if "rows" in st.query_params:  # the benchmark's warm-up loads a few rows (browser cache, imports)
    rows = rows[:int(st.query_params["rows"])]
st.title(f"Naive folium map: {len(rows):,} incidents")
m = folium.Map(location=[30.4, 68.0], zoom_start=6, tiles=None, min_zoom=4, max_zoom=14)
m.options["maxZoom"] = 14  # folium drops max_zoom without a tile layer; MarkerCluster needs it
cluster = MarkerCluster().add_to(m)
for inc in rows:
    if inc.lat is not None:
        folium.Marker([inc.lat, inc.lon], popup=folium.Popup(popup_html(incident_card(inc, summary_chars=500)), max_width=380)).add_to(cluster)
DoneFlag().add_to(m)
st_folium(localise(m), height=620, use_container_width=True, returned_objects=[])
