"""Districts created since 2014/2021 and small places added to the curated gazetteer.

Each name must resolve through the offline geocoder to the right province and district, at
a point inside that province's polygon, without changing what older names resolve to.
"""
from __future__ import annotations

import csv
import math

import pytest

from geo import build_gazetteer
from geo.boundaries import province_at
from geo.gazetteer import Gazetteer
from geo.geocoder import get_geocoder
from geo.normalize import normalize_name


def km(lat1, lon1, lat2, lon2):
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def geocoder():
    return get_geocoder("offline")


@pytest.fixture(scope="module")
def curated() -> dict[str, dict[str, str]]:
    with build_gazetteer.CURATED.open(encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


# (query, expected name, kind, district, province, precision)
NEW = [
    ("Central Dir", "Central Dir", "district", "Central Dir", "PK-KP", 2),
    ("Lower Kurram", "Lower Kurram", "tehsil", "Kurram", "PK-KP", 2),
    ("Upper South Waziristan", "Upper South Waziristan", "district", "Upper South Waziristan", "PK-KP", 2),
    ("Lower South Waziristan", "Lower South Waziristan", "district", "Lower South Waziristan", "PK-KP", 2),
    ("Lower Kohistan", "Lower Kohistan", "district", "Lower Kohistan", "PK-KP", 2),
    ("Karezat", "Karezat", "district", "Karezat", "PK-BA", 2),
    ("Sui", "Sui", "town", "Dera Bugti", "PK-BA", 1),
    ("Ladha", "Ladha", "town", "Upper South Waziristan", "PK-KP", 1),
    ("Khanozai", "Khanozai", "town", "Karezat", "PK-BA", 1),
    # spellings and forms
    ("Karizat", "Karezat", "district", "Karezat", "PK-BA", 2),
    ("South Waziristan Upper", "Upper South Waziristan", "district", "Upper South Waziristan", "PK-KP", 2),
    ("South Waziristan Lower", "Lower South Waziristan", "district", "Lower South Waziristan", "PK-KP", 2),
    ("Central Dir District", "Central Dir", "district", "Central Dir", "PK-KP", 2),
    ("Upper South Waziristan district", "Upper South Waziristan", "district", "Upper South Waziristan", "PK-KP", 2),
    ("Pattan", "Patan", "town", "Lower Kohistan", "PK-KP", 1),
    ("Sui, Balochistan", "Sui", "town", "Dera Bugti", "PK-BA", 1),
]


@pytest.mark.parametrize("query, name, kind, district, province, precision", NEW)
def test_new_names_resolve_inside_their_province(geocoder, query, name, kind, district, province,
                                                 precision):
    r = geocoder.geocode(query)
    assert r is not None, query
    assert (r.name, r.kind, r.district, r.province_code, r.precision) == (
        name, kind, district, province, precision)
    assert province_at(r.lat, r.lon) == province
    assert r.source.startswith(("curated: ", "GeoNames"))


@pytest.mark.parametrize("name", ["Central Dir", "Upper South Waziristan", "Lower South Waziristan",
                                  "Lower Kohistan", "Karezat"])
def test_each_new_district_is_one_unambiguous_entry(name):
    from geo.gazetteer import get_gazetteer

    hits = [e for e in get_gazetteer().lookup_exact(normalize_name(name))
            if e.kind in ("district", "agency", "tehsil")]
    assert [e.name for e in hits] == [name]


def test_new_rows_cite_a_source_and_headquarters(curated):
    for name in ("Central Dir", "Lower Kurram", "Upper South Waziristan", "Lower South Waziristan",
                 "Lower Kohistan", "Karezat", "Sui", "Ladha", "Khanozai"):
        row = curated[name]
        assert len(row["source"]) > 30, name
        if row["kind"] in ("district", "tehsil"):
            assert row["hq"], name


def test_district_points_sit_at_their_headquarters(geocoder):
    # Ladha (Wikipedia 32°34′04″N 69°49′44″E) for Upper SW; Wana for Lower SW; Khanozai for Karezat.
    usw = geocoder.geocode("Upper South Waziristan")
    assert km(usw.lat, usw.lon, 32.56778, 69.82889) < 0.1
    lsw, wana = geocoder.geocode("Lower South Waziristan"), geocoder.geocode("Wana")
    assert (lsw.lat, lsw.lon) == (wana.lat, wana.lon)
    kz, khanozai = geocoder.geocode("Karezat"), geocoder.geocode("Khanozai")
    assert (kz.lat, kz.lon) == (khanozai.lat, khanozai.lon)
    lk, alizai = geocoder.geocode("Lower Kurram"), geocoder.geocode("Alizai")
    assert (lk.lat, lk.lon) == (alizai.lat, alizai.lon)
    # The two halves of South Waziristan are distinct points, ~40 km apart.
    assert 20 < km(usw.lat, usw.lon, lsw.lat, lsw.lon) < 60
    # Sui lies south of Dera Bugti town (about 40 km).
    sui, db = geocoder.geocode("Sui"), geocoder.geocode("Dera Bugti")
    assert sui.lat < db.lat and 30 < km(sui.lat, sui.lon, db.lat, db.lon) < 60


# Names that resolved before the new rows were added must resolve the same way.
UNCHANGED = [
    ("South Waziristan", "South Waziristan", "agency", "South Waziristan", "PK-KP"),
    ("South Waziristan Agency", "South Waziristan", "agency", "South Waziristan", "PK-KP"),
    ("Wana", "Wana", "town", "South Waziristan", "PK-KP"),
    ("Kurram", "Kurram", "agency", "Kurram", "PK-KP"),
    ("Kurram District", "Kurram", "agency", "Kurram", "PK-KP"),
    ("Parachinar", "Parachinar", "town", "Kurram", "PK-KP"),
    ("Dir", "Upper Dir", "town", "Upper Dir", "PK-KP"),
    ("Upper Dir", "Upper Dir", "town", "Upper Dir", "PK-KP"),
    ("Lower Dir", "Lower Dir", "district", "Lower Dir", "PK-KP"),
    ("Kohistan", "Upper Kohistan", "district", "Upper Kohistan", "PK-KP"),
    ("Upper Kohistan", "Upper Kohistan", "district", "Upper Kohistan", "PK-KP"),
    ("Pishin", "Pishin", "town", "Pishin", "PK-BA"),
    ("Pishin District", "Pishin", "district", "Pishin", "PK-BA"),
    ("Lasbela", "Lasbela", "district", "Lasbela", "PK-BA"),
    ("Dera Bugti", "Dera Bugti", "town", "Dera Bugti", "PK-BA"),
    ("Sibi", "Sibi", "town", "Sibi", "PK-BA"),
    ("Chaman", "Chaman", "city", "Chaman", "PK-BA"),
    ("Hub", "Hub", "city", "Hub", "PK-BA"),
    ("Surab", "Surab", "town", "Surab", "PK-BA"),
    ("Usta Muhammad", "Usta Muhammad", "town", "Usta Muhammad", "PK-BA"),
]


@pytest.mark.parametrize("query, name, kind, district, province", UNCHANGED)
def test_older_names_keep_their_result(geocoder, query, name, kind, district, province):
    r = geocoder.geocode(query)
    assert r is not None, query
    assert (r.name, r.kind, r.district, r.province_code) == (name, kind, district, province)


def test_new_names_do_not_shadow_older_ones():
    """Every name the new rows brought must be new: no older key now answers differently."""
    from geo.geocoder import OfflineGeocoder

    new_gaz = Gazetteer.from_csv(build_gazetteer.OUT)
    added = {"Central Dir", "Lower Kurram", "Upper South Waziristan", "Lower South Waziristan",
             "Lower Kohistan", "Karezat", "Sui", "Ladha", "Khanozai"}
    kept = Gazetteer([e for e in new_gaz.entries if e.name not in added])
    before, after = OfflineGeocoder(kept, fuzzy=False), OfflineGeocoder(new_gaz, fuzzy=False)
    changed = []
    for key in kept.names():
        a, b = before.geocode(key), after.geocode(key)
        if (a and a.name) != (b and b.name):
            changed.append((key, a and a.name, b and b.name))
    assert changed == []

