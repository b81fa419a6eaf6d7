"""The compact incident layer: what travels to the browser, and what a click brings back."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import pytest

from atlas.fastmap import BYTES_PER_INCIDENT, add_library, encode, incident_group, library_js
from atlas.maps import build_base_map, marker_radius
from atlas.offline import external_urls, localise
from incidents.models import Attribution, Source
from incidents.registry import UNATTRIBUTED_COLOUR, default_registry

from .conftest import single_detail


PROBE = "<img src=x onerror=alert(1)>"


def frame_of(*incidents) -> tuple[pd.DataFrame, pd.Series]:
    from atlas.maps import attributed_group

    rows = [{"id": i.id, "lat": i.lat, "lon": i.lon, "geo_precision": i.geo_precision, "killed_min": i.killed_min}
            for i in incidents]
    df = pd.DataFrame(rows).astype({"geo_precision": "Int64", "killed_min": "Int64", "lat": "float64",
                                    "lon": "float64"})
    return df, pd.Series([attributed_group(i) for i in incidents], dtype=object)


def unpack(payload):
    """Decode the payload the way atlas/fastmap.js does."""
    raw = base64.b64decode(payload.data)
    n = payload.header["n"]
    assert len(raw) == BYTES_PER_INCIDENT * n
    lat_hi = np.frombuffer(raw, "<u2", n, 0)
    lon_hi = np.frombuffer(raw, "<u2", n, 2 * n)
    fine, group, size, prec = (np.frombuffer(raw, np.uint8, n, k * n) for k in (4, 5, 6, 7))
    b = payload.header["bbox"]
    q = (1 << 20) - 1
    lat = b[0] + (lat_hi.astype(float) * 16 + (fine & 15)) / q * (b[2] - b[0])
    lon = b[1] + (lon_hi.astype(float) * 16 + (fine >> 4)) / q * (b[3] - b[1])
    return lat, lon, group, size, prec


def test_positions_survive_the_20_bit_grid_over_pakistan(incident):
    incs = [incident.copy(id="a", lat=23.6, lon=60.9), incident.copy(id="b", lat=37.1, lon=77.8),
            incident.copy(id="c", lat=30.123456, lon=67.654321)]
    payload = encode(*frame_of(*incs))
    lat, lon, *_ = unpack(payload)
    assert np.abs(lat - [23.6, 37.1, 30.123456]).max() < 2e-5  # ≈2 m
    assert np.abs(lon - [60.9, 77.8, 67.654321]).max() < 2e-5
    assert payload.ids == ("a", "b", "c")


def test_group_size_precision_and_unplaced(incident):
    reg = default_registry()
    incs = [incident,  # ISKP suspected, 5 killed
            incident.copy(id="t-2", attributions=[Attribution("TTP", "denied", "TTP")], geo_precision=2,
                          killed_min=None),
            incident.copy(id="t-3", lat=None, lon=None)]
    payload = encode(*frame_of(*incs), reg)
    _, _, group, size, prec = unpack(payload)
    names, colours = payload.header["groups"], payload.header["colours"]
    assert names[group[0]] == "ISKP" and colours[group[0]] == reg.colour("ISKP")
    assert names[group[1]] == "" and colours[group[1]] == UNATTRIBUTED_COLOUR  # a denial does not colour
    labels = payload.header["labels"]  # the hover hint's wording, per group index
    assert labels[group[0]] == "ISKP — Islamic State Khorasan Province" and labels[group[1]] == "Unattributed"
    assert size[0] / 4 == pytest.approx(marker_radius(incident.killed), abs=0.13)
    assert list(prec) == [1, 2]
    assert payload.count == 2 and payload.unplaced == 1
    assert "ISKP" in payload.header["legend"] and "approximate location" in payload.header["legend"]


def test_a_group_the_registry_lacks_is_drawn_apart_from_the_unattributed(incident):
    """QA (UCDP GED): the legend defines Unattributed as no claim, suspicion or blame; an incident
    whose source names Jaish-ul-Islam is not that."""
    from incidents.registry import NOT_IN_REGISTRY_COLOUR, NOT_IN_REGISTRY_LABEL

    incs = [incident.copy(id="jui", attributions=[]), incident.copy(id="none", attributions=[]), incident]
    frame, groups = frame_of(*incs)
    frame["unlisted"] = ["Jaish-ul-Islam", None, "Jondullah"]  # the third has a group drawn: it stays ISKP
    payload = encode(frame, groups)
    _, _, group, _, _ = unpack(payload)
    names, colours = payload.header["groups"], payload.header["colours"]
    assert [names[g] for g in group] == [NOT_IN_REGISTRY_LABEL, "", "ISKP"]
    assert colours[group[0]] == NOT_IN_REGISTRY_COLOUR != UNATTRIBUTED_COLOUR
    assert payload.header["labels"][group[0]] == NOT_IN_REGISTRY_LABEL
    legend = payload.header["legend"]
    assert NOT_IN_REGISTRY_LABEL in legend and "no claim, suspicion or blame" in legend


def test_eight_bytes_per_incident_at_100k():
    rng = np.random.default_rng(1)
    n = 100_000
    df = pd.DataFrame({"id": [f"syn-{i:06d}" for i in range(n)], "lat": rng.uniform(24, 37, n),
                       "lon": rng.uniform(61, 77, n), "geo_precision": pd.array(rng.integers(1, 4, n), "Int64"),
                       "killed_min": pd.array(rng.integers(0, 50, n), "Int64")})
    groups = pd.Series(rng.choice(["TTP", "BLA", None], n), dtype=object)
    payload = encode(df, groups)
    assert payload.count == n  # nothing dropped
    assert len(payload.data) <= 4 * BYTES_PER_INCIDENT * n / 3 + 4  # base64 of 8 bytes each
    lat, lon, group, *_ = unpack(payload)
    assert np.abs(lat - df["lat"].to_numpy()).max() < 2e-5
    assert (np.array(payload.header["groups"])[group] == groups.fillna("").to_numpy()).all()


def test_a_click_maps_back_only_for_the_same_payload(incident):
    p1 = encode(*frame_of(incident, incident.copy(id="t-2", lat=30.0, lon=66.0)))
    p2 = encode(*frame_of(incident))
    assert p1.token != p2.token
    assert p1.index_from_click(f"atlas:{p1.token}:1") == 1
    assert p1.index_from_click(f"atlas:{p2.token}:0") is None  # the filter changed since the click
    for bad in (None, "", f"atlas:{p1.token}:2", f"atlas:{p1.token}:-1", "Hangu", 3):
        assert p1.index_from_click(bad) is None


def test_detail_keeps_wording_ledger_and_every_source_as_plain_text(incident):
    inc = incident.copy(summary=f"x {PROBE}", location="A<b>B</b>",
                        attributions=[Attribution("ISKP", "suspected", "experts"), Attribution("TTP", "denied", "TTP")],
                        sources=[Source("Dawn", "t1", "https://dawn.com/1", None),
                                 Source("Probe <script>alert(3)</script>", None, "javascript:alert(1)", None)])
    d = single_detail(inc, 4, also_here=1)
    assert d["i"] == 4 and d["killed"] == "at least five (5+)" and d["injured"] == "more than 10 (11+)"
    assert d["ledger"] == [{"group": "ISKP", "status": "suspected", "by": "experts"},
                           {"group": "TTP", "status": "denied", "by": "TTP"}]
    assert [s["name"] for s in d["sources"]] == ["Dawn — t1", "Probe <script>alert(3)</script>"]
    assert PROBE in d["summary"] and d["head"].endswith("A<b>B</b>")  # raw: the browser inserts text
    assert "1 more incident" in d["more"]


def test_layer_script_carries_data_as_json_and_the_js_never_parses_data_as_html(incident):
    inc = incident.copy(summary=f"{PROBE} </script><script>alert(4)</script>")
    payload = encode(*frame_of(inc))
    m = localise(add_library(build_base_map()))
    fg = incident_group(payload, single_detail(inc, 0))
    fg.add_to(m)
    html = m.get_root().render()
    assert "</script><script>alert(4)" not in html and PROBE not in html
    call = re.search(r"window\.atlasFast\.add\((\w+), (\{.*?\}), \"([A-Za-z0-9+/=]*)\", (\{.*\})\);", html)
    assert call, "layer call not in the map"
    assert json.loads(call.group(4))["summary"].startswith(PROBE)
    js = library_js()
    assert "innerHTML" not in js.replace("div.innerHTML = html;  // built and escaped server-side", "")
    assert "textContent" in js and "https?:" in js  # only http(s) sources become links
    assert external_urls(m) == []


def test_marker_and_ring_sizes_are_defined_in_python_only(incident):
    """fastmap.js has no size of its own: the ring radii and the size scale come from atlas.maps /
    atlas.fastmap through the options the map's script hands it."""
    from atlas.fastmap import SIZE_SCALE, library_options
    from atlas.maps import UNCERTAINTY_RADIUS_M, marker_radii

    js = library_js()
    for metres in UNCERTAINTY_RADIUS_M.values():
        assert str(metres) not in js and f"{metres:,}" not in js
    assert "opts.ring_m[" in js and "opts.size_scale" in js
    options = library_options()
    assert {int(k): v for k, v in options["ring_m"].items()} == UNCERTAINTY_RADIUS_M
    assert options["size_scale"] == SIZE_SCALE
    html = localise(add_library(build_base_map())).get_root().render()
    configured = re.search(r"window\.atlasFast\.configure\((\{.*?\})\);\n", html)
    assert configured and json.loads(configured.group(1))["ring_m"] == options["ring_m"]
    payload = encode(*frame_of(incident, incident.copy(id="t-2", killed_min=400)))
    _, _, _, size, _ = unpack(payload)
    assert list(size / SIZE_SCALE) == pytest.approx(list(marker_radii([5, 400])), abs=0.5 / SIZE_SCALE)


def test_a_province_or_district_filter_frames_the_map_on_its_incidents(incident):
    """QA: filtered to Balochistan the map still framed all of Pakistan, half the province off-screen."""
    from atlas.fastmap import fit_for
    from incidents.filters import IncidentFilter

    assert fit_for(IncidentFilter.build()) == "region"
    assert fit_for(IncidentFilter.build(provinces=["PK-BA"])) == "incidents"
    assert fit_for(IncidentFilter.build(districts=["Quetta"])) == "incidents"
    quetta = incident.copy(id="q", lat=30.18, lon=67.0)
    payload = encode(*frame_of(quetta, incident.copy(id="m", lat=29.8, lon=66.85)), default_registry(),
                     fit=fit_for(IncidentFilter.build(provinces=["PK-BA"])))
    (s, w), (n, e) = payload.header["fit_bounds"]
    assert s < 29.8 < 30.18 < n and w < 66.85 < 67.0 < e and n - s < 2  # the incidents, not the country
