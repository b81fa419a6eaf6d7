"""Builders are tested on incidents built in code (no Streamlit, no browser)."""
from __future__ import annotations

import datetime as dt

import pytest

from incidents.models import Attribution, Incident, Source


def make(**kw) -> Incident:
    base = dict(id="t-1", date=dt.date(2024, 3, 2), location="Hangu", district="Hangu",
                province="Khyber Pakhtunkhwa", province_code="PK-KP", lat=33.53, lon=71.06, geo_precision=1,
                attack_type="IED", killed_min=5, killed_max=None, killed_text="at least five",
                injured_min=11, injured_max=None, injured_text="more than 10",
                attributions=[Attribution("ISKP", "suspected", "experts"), Attribution("TTP", "denied", "TTP")],
                sources=[Source("Dawn", "Blast in Hangu", "https://www.dawn.com/news/1", dt.date(2024, 3, 3))],
                summary="A bomb went off.")
    base.update(kw)
    return Incident(**base)


@pytest.fixture
def incident() -> Incident:
    return make()


@pytest.fixture
def provinces_geojson() -> dict:
    """Two square 'provinces' (a temporary stand-in, never committed as data)."""
    def square(x0, y0, x1, y1):
        return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso_code": "PK-BA", "name": "Balochistan"},
         "geometry": square(62, 25, 70, 31)},
        {"type": "Feature", "properties": {"iso_code": "PK-KP", "name": "Khyber Pakhtunkhwa"},
         "geometry": square(70, 31, 74, 36)},
        {"type": "Feature", "properties": {"iso_code": "PK-PB", "name": "Punjab"},
         "geometry": square(70, 28, 75, 31)},
    ]}


def single_detail(inc: Incident, index: int, *, also_here: int = 0) -> dict:
    """The map's popup card of an event one record tells of (as the map page builds it)."""
    from atlas.fastmap import event_detail
    from incidents.events.event import event_summary

    return event_detail(event_summary(inc.id, [inc]), [inc], [], index, also_here=also_here)


def single_markdown(inc: Incident) -> str:
    """The Markdown card of an event one record tells of (as the pages draw it)."""
    from atlas.detail import event_markdown
    from incidents.events.event import event_summary

    return event_markdown(event_summary(inc.id, [inc]), [inc])
