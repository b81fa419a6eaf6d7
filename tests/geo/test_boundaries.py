"""geo.boundaries and the province file built by geo.build_boundaries."""
from __future__ import annotations

import json

import pytest

from geo import build_boundaries
from geo.boundaries import check_province, load_provinces, province_at, provinces_geojson_path


def test_file_is_small_and_has_every_province():
    path = provinces_geojson_path()
    assert path.stat().st_size < 300_000
    fc = json.loads(path.read_text(encoding="utf-8"))
    props = {f["properties"]["iso_code"]: f["properties"]["name"] for f in fc["features"]}
    assert props == {"PK-BA": "Balochistan", "PK-KP": "Khyber Pakhtunkhwa", "PK-PB": "Punjab",
                     "PK-SD": "Sindh", "PK-IS": "Islamabad Capital Territory",
                     "PK-GB": "Gilgit-Baltistan", "PK-JK": "Azad Jammu and Kashmir"}
    kp = next(f for f in fc["features"] if f["properties"]["iso_code"] == "PK-KP")
    assert kp["properties"]["natural_earth_codes"] == "PK-KP+PK-TA"  # NWFP + former FATA


def test_load_provinces_frame():
    gdf = load_provinces()
    assert list(gdf.columns) == ["iso_code", "name", "geometry"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.is_valid.all()
    # simplified as a coverage: neighbours do not overlap
    kp = gdf.set_index("iso_code").geometry
    assert kp["PK-KP"].intersection(kp["PK-BA"]).area < 1e-6
    assert kp["PK-KP"].intersection(kp["PK-PB"]).area < 1e-6


@pytest.mark.parametrize("place, lat, lon, code", [
    ("Hangu", 33.53198, 71.0595, "PK-KP"),
    ("Miranshah", 33.00059, 70.07117, "PK-KP"),   # former FATA
    ("Wana", 32.29889, 69.5725, "PK-KP"),         # former FATA
    ("Landi Kotal", 34.0988, 71.14108, "PK-KP"),
    ("Peshawar", 34.008, 71.57849, "PK-KP"),
    ("Mastung", 29.79966, 66.84553, "PK-BA"),
    ("Kuchlak", 30.41, 66.97, "PK-BA"),
    ("Gwadar", 25.12163, 62.32541, "PK-BA"),
    ("Quetta", 30.18414, 67.00141, "PK-BA"),
    ("Lahore", 31.558, 74.35071, "PK-PB"),
    ("Karachi", 24.8608, 67.0104, "PK-SD"),
])
def test_point_in_polygon(place, lat, lon, code):
    assert province_at(lat, lon) == code


@pytest.mark.parametrize("lat, lon", [(34.53, 69.17), (31.0, 61.0), (20.0, 65.0), (28.6, 77.2)])
def test_outside_pakistan_is_none(lat, lon):
    assert province_at(lat, lon) is None


@pytest.mark.parametrize("lat, lon", [(None, 70.0), ("x", 70.0), (float("nan"), 70.0), (95.0, 70.0)])
def test_bad_coordinates_are_none(lat, lon):
    assert province_at(lat, lon) is None


def test_lahore_is_in_neither_balochistan_nor_kp():
    assert check_province(31.558, 74.35071, "PK-KP") is not None
    assert check_province(31.558, 74.35071, "PK-BA") is not None
    assert "Punjab" in check_province(31.558, 74.35071, "Balochistan")


def test_check_province_flags_only_mismatches():
    assert check_province(33.53198, 71.0595, "PK-KP") is None
    assert check_province(33.53198, 71.0595, "KPK") is None
    assert check_province(33.00059, 70.07117, "FATA") is None
    assert check_province(30.41, 66.97, None) is None
    msg = check_province(30.41, 66.97, "PK-KP")
    assert "Balochistan (PK-BA)" in msg and "Khyber Pakhtunkhwa (PK-KP)" in msg
    assert "outside Pakistan" in check_province(34.53, 69.17, "PK-KP")
    assert "unknown" in check_province(30.41, 66.97, "Atlantis")


def test_build_merges_fata_into_kp():
    from shapely.geometry import Point, box, mapping

    def feat(code, geom):
        return {"properties": {"iso_3166_2": code}, "geometry": mapping(geom)}

    fc = build_boundaries.build_feature_collection(
        [feat("PK-KP", box(70, 33, 71, 34)), feat("PK-TA", box(69, 33, 70, 34)),
         feat("PK-BA", box(66, 28, 70, 33)), feat("PK-NA", box(74, 35, 75, 36))], tolerance=0.01)
    codes = [f["properties"]["iso_code"] for f in fc["features"]]
    assert codes == ["PK-BA", "PK-GB", "PK-KP"]
    from shapely.geometry import shape
    kp = shape(fc["features"][2]["geometry"])
    assert kp.geom_type == "Polygon" and abs(kp.area - 2.0) < 1e-6
    assert kp.contains(Point(69.5, 33.5)) and kp.contains(Point(70.5, 33.5))


def test_vectorised_lookup_agrees_with_single_points():
    from geo.boundaries import province_at, provinces_at

    pts = [(33.53, 71.06), (29.80, 66.85), (31.55, 74.34), (24.86, 67.01), (51.5, -0.1), (float("nan"), 70.0),
           (25.12, 62.32), (35.92, 74.31)]
    assert provinces_at([p[0] for p in pts], [p[1] for p in pts]) == [province_at(*p) for p in pts]
    assert provinces_at([], []) == []


def test_points_just_off_the_coast_and_borders_match_the_nearest_polygon_query():
    """The fast tolerance check gives exactly what STRtree.query_nearest(max_distance) gives."""
    import numpy as np
    import shapely

    from geo.boundaries import COAST_TOLERANCE_DEG, _index, provinces_at

    tree, codes = _index()
    rng = np.random.default_rng(7)
    rims = [shapely.get_coordinates(g.boundary) for g in tree.geometries]
    xy = np.vstack([rim[rng.integers(0, len(rim), 300)] for rim in rims])
    xy = xy + rng.normal(0, COAST_TOLERANCE_DEG, xy.shape)  # around every border and the coast
    inside = np.zeros(len(xy), bool)
    for g in tree.geometries:
        inside |= shapely.contains_xy(g, xy[:, 0], xy[:, 1])
    out = xy[~inside]
    assert len(out) > 300
    k, j = tree.query_nearest(shapely.points(out[:, 0], out[:, 1]), max_distance=COAST_TOLERANCE_DEG,
                              all_matches=False)
    expected = [None] * len(out)
    for a, b in zip(k, j):
        expected[int(a)] = codes[int(b)]
    assert provinces_at(out[:, 1], out[:, 0]) == expected
    assert None in expected and any(e is not None for e in expected)
