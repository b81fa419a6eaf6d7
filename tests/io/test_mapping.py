"""Files analysts actually hold: a trimmed ACLED export, a team's own log, spreadsheets with dates in
every form, read through detection by the columns present or through a column mapping."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from incidents.io import import_file, preview
from incidents.io.dates import AmbiguousDates, column_order, parse
from incidents.io.detect import open_layout
from incidents.io.identity import content_key
from incidents.io.mapping import ColumnMapping, guess
from incidents.io.mapping_step import mapping_from_choices, mapping_step, needs_mapping
from incidents.io.readers import UnreadableFileError

TEAM_COLUMNS = "date=date,location=city,country=country,killed=fatalities,injured=injured," \
               "group=perpetrator_group,target=target_type,id=gtd_id"


def _snapshot(store):
    """Every stored record as a comparable tuple (what a re-import must leave exactly as it was)."""
    return sorted((i.id, i.to_dict().__repr__()) for i in store.incidents())


def _versions(store):
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT id, version FROM incidents")).all())


# -- trimmed ACLED -------------------------------------------------------------------------------
def test_a_trimmed_acled_export_is_acled_and_reimports_unchanged(fx, store):
    s = import_file(fx / "acled_trimmed_balochistan.csv", store)
    assert (s.format, s.rows, s.imported, s.skipped, s.errors) == ("acled", 20, 20, 0, [])
    notes = "\n".join(s.notes)
    assert "16 of the 31 expected columns are missing: event_id_cnty, time_precision" in notes
    assert "no ACLED id: rows are matched on re-import by their content" in notes
    assert "precision is unknown (left blank, not 1)" in notes
    records = store.incidents()
    assert all(r.dataset == "ACLED" and r.dataset_event_id.startswith("ck-") for r in records)
    assert all(r.geo_precision is None and r.lat is not None for r in records)  # no precision column: unknown
    railway = next(r for r in records if r.date == dt.date(2024, 11, 9))
    assert (railway.killed_min, railway.district, railway.province_code) == (26, "Quetta", "PK-BA")
    assert [(a.group, a.status) for a in railway.attributions] == [("BLA", "blamed")]
    for day in (dt.date(2021, 1, 3), dt.date(2024, 8, 26)):  # no inter1: the registry knows ISKP and BLA
        attack = next(r for r in records if r.date == day)
        assert (attack.category, attack.actor) == ("attack", "group"), day
    turbat = next(r for r in records if r.date == dt.date(2024, 12, 18))
    assert turbat.killed_min is None and turbat.attributions == []  # blank = unknown; unidentified = no group
    before, versions = _snapshot(store), _versions(store)
    again = import_file(fx / "acled_trimmed_balochistan.csv", store)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 20)
    assert _snapshot(store) == before and _versions(store) == versions


def test_an_acled_export_without_coordinates_is_placed_by_the_gazetteer(tmp_path, store):
    """A trimmed export that dropped latitude/longitude: each place the gazetteer knows by its exact
    name gets its point, said so on the record; an unknown place, or one the gazetteer puts in another
    province than admin1 names, gets none (never a guess)."""
    path = tmp_path / "acled_no_coordinates.csv"
    path.write_text(
        "event_date,event_type,sub_event_type,actor1,admin1,admin2,location,fatalities,notes\n"
        "12 January 2020,Explosions/Remote violence,Remote explosive/landmine/IED,"
        "Unidentified Armed Group (Pakistan),Balochistan,Mastung,Mastung,2,An IED exploded in Mastung.\n"
        "14 January 2020,Battles,Armed clash,Tehreek-e-Taliban Pakistan,Khyber Pakhtunkhwa,Bannu,"
        "Nowhere Kalay Fixture,1,A clash in a village.\n"
        "15 January 2020,Explosions/Remote violence,Grenade,Unidentified Armed Group (Pakistan),"
        "Khyber Pakhtunkhwa,Peshawar,Mastung,0,A grenade in a place called Mastung in KP.\n",
        encoding="utf-8")
    s = import_file(path, store)
    assert (s.imported, s.errors) == (3, [])
    assert "placed by their place names in the offline gazetteer" in "\n".join(s.notes)
    by_day = {r.date.day: r for r in store.incidents()}
    mastung = by_day[12]
    assert (round(mastung.lat, 2), round(mastung.lon, 2), mastung.geo_precision) == (29.8, 66.85, 1)
    assert "point from the offline gazetteer: Mastung (precision 1)" in mastung.flags
    for unplaced in (by_day[14], by_day[15]):  # unknown; in Balochistan, not in KP as admin1 says
        assert (unplaced.lat, unplaced.lon, unplaced.geo_precision) == (None, None, None)
        assert "no coordinates in the dataset" in unplaced.flags
    d = s.to_dict()  # the Data page lists the places it could not place, and counts those it did
    assert d["placed_by_gazetteer"] == 1
    assert d["places_without_point"] == [{"name": "Nowhere Kalay Fixture", "rows": 1, "first_row": 3},
                                         {"name": "Mastung", "rows": 1, "first_row": 4}]


def test_a_gtd_row_with_blank_coordinates_is_placed_by_its_city(fx, tmp_path, store):
    rows = list(csv.reader(io.StringIO((fx / "gtd.csv").read_text(encoding="utf-8"))))
    head, row = rows[0], rows[1]
    row[head.index("latitude")] = row[head.index("longitude")] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([head, row])
    path = tmp_path / "gtd_blank.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert import_file(path, store).imported == 1
    (rec,) = store.incidents()
    assert (rec.location, rec.province_code, rec.geo_precision) == ("Peshawar", "PK-KP", 1)
    assert abs(rec.lat - 34.01) < 0.05 and abs(rec.lon - 71.57) < 0.05
    assert any(f.startswith("point from the offline gazetteer: Peshawar") for f in rec.flags)


def test_a_corrected_figure_updates_the_record_an_edited_note_makes_a_new_one(fx, store):
    path = fx / "acled_trimmed_balochistan.csv"
    import_file(path, store)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    mastung = next(i for i, r in enumerate(rows) if r[9] == "Mastung")
    rows[mastung][12] = "59"  # ACLED revised its figure
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    s = import_file(io.BytesIO(out.getvalue().encode()), store)
    assert (s.imported, s.updated, s.unchanged) == (0, 1, 19)
    assert [r.killed_min for r in store.incidents() if r.location == "Mastung"] == [59]
    rows[mastung][14] = rows[mastung][14].replace("at least 60", "over 50")  # the wording changed: a new record
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    s = import_file(io.BytesIO(out.getvalue().encode()), store)
    assert (s.imported, s.updated, s.unchanged) == (1, 0, 19)
    assert store.count() == 21  # the first record is kept: nothing stored is lost


def test_content_key_ignores_case_spacing_punctuation_and_figures_not_words():
    day = dt.date(2023, 9, 29)
    a = content_key("ACLED", day, ("Mastung", "Mastung", "Balochistan"), ("UAG", None), "Suicide bomb",
                    "A suicide bomber struck a procession.")
    b = content_key("acled", day, ("mastung ", "MASTUNG", "Balochistan"), ("uag", ""), "suicide  bomb",
                    "a suicide bomber struck a procession")
    c = content_key("ACLED", day, ("Mastung", "Mastung", "Balochistan"), ("UAG", None), "Suicide bomb",
                    "A suicide bomber struck a rally.")
    assert a == b != c and a.startswith("ck-")


def test_two_identical_rows_are_two_records_told_apart_by_their_order(store):
    head = "event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,fatalities,notes\n"
    row = "2024-01-05,Battles,Armed clash,BLA: Balochistan Liberation Army,Balochistan,Kalat,29.02,66.59,2,Clash\n"
    s = import_file(io.BytesIO((head + row + row).encode()), store)
    assert (s.format, s.imported) == ("acled", 2)
    ids = sorted(r.dataset_event_id for r in store.incidents())
    assert ids[1] == ids[0] + "-2"
    assert import_file(io.BytesIO((head + row + row).encode()), store).unchanged == 2


def test_trimmed_gtd_and_ucdp_cuts_are_detected_and_keyed_by_content(store):
    gtd = ("iyear,imonth,iday,country_txt,provstate,city,gname,nkill,attacktype1_txt\n"
           "2017,8,13,Pakistan,Balochistan,Quetta,Tehrik-i-Taliban Pakistan (TTP),15,Bombing/Explosion\n")
    s = import_file(io.BytesIO(gtd.encode()), store)
    assert (s.format, s.imported) == ("gtd", 1) and any("no GTD eventid" in n for n in s.notes)
    rec = store.incidents()[0]
    assert rec.dataset_event_id.startswith("ck-") and [a.group for a in rec.attributions] == ["TTP"]
    assert import_file(io.BytesIO(gtd.encode()), store).unchanged == 1
    ucdp = ("date_start,side_a,side_b,type_of_violence,adm_1,where_coordinates,best,low,high,date_prec,where_prec\n"
            "2015-03-01,Government of Pakistan,TTP,1,Khyber Pakhtunkhwa province,Bannu town,4,4,4,1,1\n")
    s = import_file(io.BytesIO(ucdp.encode()), store)
    assert (s.format, s.imported) == ("ucdp", 1) and any("no UCDP id" in n for n in s.notes)


def test_a_file_with_ids_is_not_told_of_missing_id_columns(fx, store):
    s = import_file(fx / "acled.csv", store)
    assert not any("no ACLED id" in n for n in s.notes)


# -- the team log through a mapping ------------------------------------------------------------
def test_the_team_log_is_refused_without_a_mapping_with_a_guess_to_start_from(fx):
    with pytest.raises(UnreadableFileError, match="unknown layout.*--columns date=date,location=city"):
        open_layout(fx / "team_log_gtd.csv")


def test_guess_for_the_team_log(fx):
    step = mapping_step(fx / "team_log_gtd.csv")
    assert step.fields == {"gtd_id": "id", "date": "date", "country": "country", "city": "location",
                           "perpetrator_group": "group", "fatalities": "killed", "injured": "injured",
                           "target_type": "target"}
    assert step.examples["city"] == "Quetta" and step.dataset == "team_log_gtd"
    assert guess(["when", "town", "lat", "lng", "notes", "link"]) == {
        "date": "when", "location": "town", "lat": "lat", "lon": "lng", "summary": "notes", "source_url": "link"}
    # a date column with a name no rule knows is found by its values
    assert guess(["a", "b"], [{"a": "Quetta", "b": "30/12/2020"}, {"a": "Sibi", "b": "44195"}]) == {"date": "b"}


def test_team_log_imports_geocodes_reports_and_reimports_unchanged(fx, store):
    mapping = ColumnMapping.parse(TEAM_COLUMNS)
    s = import_file(fx / "team_log_gtd.csv", store, mapping=mapping)
    assert (s.format, s.rows, s.imported, s.skipped, s.errors) == ("columns", 12, 11, 1, [])
    assert dict(s.skipped_reasons) == {"outside Pakistan (Afghanistan)": 1}
    d = s.to_dict()
    assert d["dataset"] == "team_log_gtd" and d["geocoded"] == 9
    assert d["unknown_groups"] == [{"name": "Muslim extremists", "rows": 2, "first_row": 5},
                                   {"name": "BRG: Baloch Republican Guard", "rows": 2, "first_row": 7}]
    unresolved = {p["place"]: p for p in d["unresolved_places"]}
    assert set(unresolved) == {"Gichk", "Mand"} and unresolved["Mand"]["rows"] == [10]
    by_id = {r.dataset_event_id: r for r in store.incidents()}
    assert len(by_id) == 11 and "201712280040" not in by_id
    quetta = by_id["201701090018"]
    assert (quetta.location, quetta.province_code, quetta.geo_precision) == ("Quetta", "PK-BA", 1)
    assert quetta.lat == pytest.approx(30.18, abs=0.05) and quetta.killed_text == "1"
    assert [(a.group, a.status, a.by) for a in quetta.attributions] == [("TTP", "blamed", "team_log_gtd")]
    assert by_id["201710050013"].geo_precision == 2  # Jhal Magsi: the district's point
    mand = by_id["201711170025"]  # not in the gazetteer: kept, without a point, never guessed
    assert (mand.location, mand.lat, mand.lon) == ("Mand", None, None)
    assert "place not in the gazetteer: Mand (no point)" in mand.flags
    gichk = by_id["201708130041"]
    assert (gichk.killed_min, gichk.injured_min) == (None, None)  # blank and -9: unknown, not 0
    assert "unmapped actor: BRG: Baloch Republican Guard" in gichk.flags and gichk.attributions == []
    assert by_id["201703210007"].attributions == []  # "Unknown" is no group
    before, versions = _snapshot(store), _versions(store)
    again = import_file(fx / "team_log_gtd.csv", store, mapping=mapping)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 11)
    assert _snapshot(store) == before and _versions(store) == versions


def test_province_and_district_columns_are_hints(store):
    data = ("when,place,district,province,killed\n"
            "2021-05-01,Nasirabad,Nasirabad,Balochistan,2\n"  # the Balochistan district, not Sindh's town
            "2021-05-02,Hoshab,Kech,Balochistan,1\n"
            "2021-05-03,Mand,Kech,Balochistan,1\n")
    mapping = ColumnMapping.parse("date=when,location=place,district=district,province=province,killed=killed",
                                  dataset="hints")
    s = import_file(io.BytesIO(data.encode()), store, mapping=mapping)
    assert s.imported == 3
    recs = {r.location: r for r in store.incidents()}
    nasirabad = recs["Nasirabad"]
    assert (nasirabad.province_code, nasirabad.geo_precision) == ("PK-BA", 2) and nasirabad.lat == pytest.approx(28.5, abs=0.3)
    assert recs["Hoshab"].lat is not None and recs["Hoshab"].district == "Kech"
    assert recs["Mand"].lat is None and recs["Mand"].province_code == "PK-BA"
    assert [(p["place"], p["district"]) for p in s.to_dict()["unresolved_places"]] == [("Mand", "Kech")]
    unhinted = preview(io.BytesIO(b"when,place\n2021-05-01,Nasirabad\n"), mapping=ColumnMapping.parse(
        "date=when,location=place"))
    assert unhinted.sample[0].province_code == "PK-SD"  # without the hint: the Sindh town


def test_figures_as_analysts_write_them_keep_their_wording(store):
    data = ("when,place,province,killed,injured\n"
            "2021-05-01,Quetta,Balochistan,at least 5,dozens\n"
            "2021-05-02,Quetta,Balochistan,3-4,unknown\n"
            "2021-05-03,Quetta,Balochistan,12,\n"
            "2021-05-04,Quetta,Balochistan,many people,1\n")
    mapping = ColumnMapping.parse("date=when,location=place,province=province,killed=killed,injured=injured",
                                  dataset="log")
    s = import_file(io.BytesIO(data.encode()), store, mapping=mapping)
    assert s.imported == 3 and [(e.row, e.column) for e in s.errors] == [(5, "killed")]
    assert "not a figure" in s.errors[0].message
    got = {r.date.day: r for r in store.incidents()}
    assert (got[1].killed_min, got[1].killed_max, got[1].killed_text) == (5, None, "at least 5")
    assert (got[2].killed_min, got[2].killed_max) == (3, 4) and got[2].injured_text is None  # unknown, not 0
    assert (got[3].killed_min, got[3].killed_max, got[3].injured_min) == (12, 12, None)


def test_a_mapped_column_the_file_lacks_is_named(fx):
    with pytest.raises(UnreadableFileError, match="no column.*'town'"):
        open_layout(fx / "team_log_gtd.csv", mapping=ColumnMapping.parse("date=date,location=town"))


def test_mapping_text_and_choices():
    m = ColumnMapping.parse("date=Date, place=City ,notes=remarks,fatalities=killed")
    assert m.columns == {"date": "date", "location": "city", "summary": "remarks", "killed": "killed"}
    assert ColumnMapping.from_json(m.to_json()) == m
    assert m.with_columns("location=town").columns["location"] == "town"
    with pytest.raises(ValueError, match="unknown field"):
        ColumnMapping.parse("date=d,weather=w")
    with pytest.raises(ValueError, match="needs the date"):
        ColumnMapping.parse("location=city")
    with pytest.raises(ValueError, match="two columns"):
        mapping_from_choices({"a": "date", "b": "location", "c": "location"})
    assert mapping_from_choices({"a": "date", "b": None}, dataset=" log ").dataset == "log"


def test_needs_mapping(fx):
    assert needs_mapping(fx / "team_log_gtd.csv") and not needs_mapping(fx / "acled_trimmed_balochistan.csv")
    assert needs_mapping(fx / "acled.csv", "columns") and not needs_mapping(fx / "team_log_gtd.csv", "gtd")


# -- dates -------------------------------------------------------------------------------------------
def test_day_month_and_month_day_files_give_the_same_dates(fx, store):
    got = {}
    for name in ("dates_dmy.csv", "dates_mdy.csv"):
        pv = preview(fx / name, mapping=ColumnMapping.parse("date=date,location=place,killed=killed", dataset=name))
        assert pv.errors == []
        got[name] = [i.date for i in pv.sample]
    assert got["dates_dmy.csv"] == got["dates_mdy.csv"] == [
        dt.date(2021, 1, 3), dt.date(2021, 2, 14), dt.date(2021, 3, 5), dt.date(2021, 12, 30)]


def test_an_ambiguous_date_column_is_refused_naming_it_unless_the_order_is_given(fx, store):
    mapping = ColumnMapping.parse("date=date,location=place")
    with pytest.raises(UnreadableFileError, match="column 'date': every date fits both day/month and month/day"):
        import_file(fx / "dates_ambiguous.csv", store, mapping=mapping)
    assert store.count() == 0
    mapping.date_order = "mdy"
    assert import_file(fx / "dates_ambiguous.csv", store, mapping=mapping).imported == 3
    assert sorted(r.date for r in store.incidents())[0] == dt.date(2021, 3, 1)


@pytest.mark.parametrize("value,order,expected", [
    ("2020-12-30", None, dt.date(2020, 12, 30)), ("30/12/2020", None, dt.date(2020, 12, 30)),
    ("12/30/2020", None, dt.date(2020, 12, 30)), ("03/04/2021", "dmy", dt.date(2021, 4, 3)),
    ("03/04/2021", "mdy", dt.date(2021, 3, 4)), (44195, None, dt.date(2020, 12, 30)),
    ("44195", None, dt.date(2020, 12, 30)), (44195.0, None, dt.date(2020, 12, 30)),
    ("30 Dec 2020", None, dt.date(2020, 12, 30)), ("December 30, 2020", None, dt.date(2020, 12, 30)),
    (dt.datetime(2020, 12, 30, 9, 0), None, dt.date(2020, 12, 30)),
])
def test_date_forms(value, order, expected):
    assert parse(value, "date", order) == expected


def test_date_errors_name_the_column():
    with pytest.raises(AmbiguousDates, match="fits both"):
        parse("03/04/2021", "when")
    with pytest.raises(Exception, match="no such date") as e:
        parse("31/02/2021", "when", "dmy")
    assert e.value.column == "when"
    with pytest.raises(Exception, match="the number 12.5"):
        parse(12.5, "when")
    assert column_order(["2021-01-01", "30/12/2020", None, 44195], "d") == "dmy"
    with pytest.raises(AmbiguousDates, match="mixes"):
        column_order(["30/12/2020", "12/30/2020"], "d")


# -- XLSX with two sheets and Excel serial dates -------------------------------------------------
def _workbook() -> bytes:
    """A team workbook: a notes sheet first, the incidents on the second; dates as Excel serials
    (numbers) and as date cells, as spreadsheets hold them."""
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "About"
    notes.append(["This workbook lists attacks logged by the team"])
    log = wb.create_sheet("Incidents 2021")
    log.append(["Date", "Town", "District", "Province", "Killed", "Injured", "Group", "Claim", "Source URL"])
    log.append([44197, "Turbat", "Kech", "Balochistan", 3, None, "BLA", "claimed", "https://example.org/a"])
    log.append([44240, "Mand", "Kech", "Balochistan", 1, 2, "BLF", "", None])
    log.append([dt.datetime(2021, 3, 7), "Quetta", "Quetta", "Balochistan", 0, 4, "Unknown", None, None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_second_sheet_with_excel_serial_dates(store):
    data = _workbook()
    step = mapping_step(io.BytesIO(data), "Incidents 2021")
    assert step.sheets == ["About", "Incidents 2021"] and step.sheet == "Incidents 2021"
    assert step.fields == {"date": "date", "town": "location", "district": "district", "province": "province",
                           "killed": "killed", "injured": "injured", "group": "group", "claim": "claim_status",
                           "source url": "source_url"}
    mapping = mapping_from_choices(step.fields, sheet="Incidents 2021", dataset="team workbook")
    s = import_file(io.BytesIO(data), store, mapping=mapping)
    assert (s.rows, s.imported, s.errors, s.sheet) == (3, 3, [], "Incidents 2021")
    recs = {r.location: r for r in store.incidents()}
    assert recs["Turbat"].date == dt.date(2021, 1, 1) and recs["Mand"].date == dt.date(2021, 2, 13)
    assert recs["Quetta"].date == dt.date(2021, 3, 7)
    assert [(a.group, a.status) for a in recs["Turbat"].attributions] == [("BLA", "claimed")]
    assert [(a.group, a.status) for a in recs["Mand"].attributions] == [("BLF", "blamed")]
    assert recs["Turbat"].sources[0].url == "https://example.org/a" and recs["Quetta"].attributions == []
    assert recs["Mand"].lat is None and recs["Turbat"].lat is not None
    assert import_file(io.BytesIO(data), store, mapping=mapping).unchanged == 3
    with pytest.raises(UnreadableFileError, match="no sheet 'Sheet9'.*'About', 'Incidents 2021'"):
        mapping_step(io.BytesIO(data), "Sheet9")


# -- saved mappings ---------------------------------------------------------------------------------
def test_a_mapping_saved_by_name_is_reused(fx, store):
    m = ColumnMapping.parse(TEAM_COLUMNS, dataset="team log")
    assert store.save_mapping(" team log ", m) == "team log"
    assert store.mapping_names() == ["team log"] and store.saved_mapping("team log") == m
    assert store.saved_mapping("other") is None
    first = import_file(fx / "team_log_gtd.csv", store, mapping=store.saved_mapping("team log"))
    assert first.imported == 11 and {r.dataset for r in store.incidents()} == {"team log"}
    m2 = m.with_columns("target=country")
    store.save_mapping("team log", m2)  # saving the name again replaces it
    assert store.saved_mapping("team log").columns["target"] == "country"


@pytest.mark.slow
def test_the_real_ucdp_export_without_its_id_column_reimports_unchanged(ucdp_real, sqlite_store):
    rows = list(csv.reader(ucdp_real.read_text(encoding="utf-8").splitlines()))
    at = rows[0].index("id")
    out = io.StringIO()
    csv.writer(out).writerows([c for k, c in enumerate(r) if k != at] for r in rows)
    data = out.getvalue().encode()
    first = import_file(io.BytesIO(data), sqlite_store, parallel=False)
    assert (first.format, first.skipped, first.errors) == ("ucdp", 0, []) and first.imported > 6000  # every event
    again = import_file(io.BytesIO(data), sqlite_store)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, first.imported)
