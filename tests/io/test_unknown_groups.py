"""QA on the real UCDP GED export: every import (ACLED, GTD, UCDP, a mapped table) lists the group
names the registry lacks once, with the number of rows that went in naming them; a mapped table's
``geocoded`` and places count only rows that went in; the summary's tables say which column is a
count and which holds row numbers."""
from __future__ import annotations

import pytest

from incidents.io import import_file
from incidents.io.display import unknown_group_rows, unresolved_place_rows
from incidents.io.mapping import ColumnMapping
from incidents.io.summary import ImportSummary


def test_a_ucdp_import_lists_the_names_the_registry_lacks(fx, sqlite_store):
    d = import_file(fx / "ucdp_hdx.csv", sqlite_store).to_dict()
    names = {g["name"]: g for g in d["unknown_groups"]}
    assert "MQM" in names and names["MQM"]["rows"] >= 1 and names["MQM"]["first_row"] >= 2
    # each name once, as written, and the counts are rows that went in
    assert len(names) == len(d["unknown_groups"]) and sum(g["rows"] for g in names.values()) <= d["imported"]


@pytest.mark.parametrize("name, expected", [
    ("acled.csv", [{"name": "Ittehad-ul-Mujahideen Pakistan", "rows": 1, "first_row": 5}]),
    ("gtd.csv", [{"name": "Jundallah", "rows": 1, "first_row": 6}]),
])
def test_an_acled_and_a_gtd_import_list_them_too(fx, sqlite_store, name, expected):
    d = import_file(fx / name, sqlite_store).to_dict()
    assert d["unknown_groups"] == expected
    assert any(f"unmapped actor: {expected[0]['name']}" in i.flags for i in sqlite_store.incidents())


_TEAM = """date,city,perpetrator_group,fatalities
09/01/2017,Quetta,Lashkar-e-Foo,1
10/01/2017,Quetta,Lashkar-e-Foo,many many
11/01/2017,Turbat,Lashkar-e-Bar,lots and lots
12/01/2017,Gichk,Lashkar-e-Foo,2
13/01/2017,Mand,Lashkar-e-Foo,not a figure at all
"""


def test_a_mapped_table_counts_only_the_rows_that_went_in(tmp_path, sqlite_store):
    f = tmp_path / "team.csv"
    f.write_text(_TEAM, encoding="utf-8")
    mapping = ColumnMapping.parse("date=date,location=city,group=perpetrator_group,killed=fatalities")
    s = import_file(f, sqlite_store, mapping=mapping)
    assert s.imported == 2 and [e.row for e in s.errors] == [3, 4, 6]
    d = s.to_dict()
    # rows 3 and 4 were geocoded (Quetta, Turbat), then skipped with an error: no point was stored
    assert d["geocoded"] == 1
    # Lashkar-e-Bar is named only by a row skipped with an error
    assert d["unknown_groups"] == [{"name": "Lashkar-e-Foo", "rows": 2, "first_row": 2}]
    # Mand's only row was skipped: it is no place without a point
    assert [(p["place"], p["rows"]) for p in d["unresolved_places"]] == [("Gichk", [5])]


def test_the_summary_tables_say_count_or_row_numbers():
    s = ImportSummary("columns")
    s.tally([["unmapped actor: Jaish-ul-Islam"], [], ["unmapped actor: Jaish-ul-Islam", "unmapped actor: Jondullah"]],
            [7, 8, 9])
    d = {**s.to_dict(), "unresolved_places": [{"place": "Gichk", "district": None, "province": None,
                                               "rows": [5, 12], "suggestions": []}]}
    assert unknown_group_rows(d) == [{"name": "Jaish-ul-Islam", "rows (count)": 2, "first row number": 7},
                                     {"name": "Jondullah", "rows (count)": 1, "first row number": 9}]
    assert unresolved_place_rows(d)[0]["row numbers"] == "5, 12"
    assert "rows" not in unresolved_place_rows(d)[0]




def test_rows_skipped_on_purpose_are_accounted_for(fx, sqlite_store):
    """acled.csv: 5 rows skipped, 4 of them row errors and 1 outside Pakistan; the page says both."""
    from incidents.io import import_file
    from incidents.io.display import skipped_text

    d = import_file(fx / "acled.csv", sqlite_store).to_dict()
    listed = len(d["errors"]) + d.get("errors_not_listed", 0)
    assert d["skipped"] == listed + sum(d["skipped_reasons"].values())
    assert skipped_text(d) == "1 row skipped on purpose, not errors: outside Pakistan (Afghanistan) 1"
    assert skipped_text({"skipped_reasons": {}}) is None


@pytest.mark.parametrize("parallel", [False, True])
def test_rows_with_fewer_cells_than_the_header_are_said(tmp_path, sqlite_store, parallel):
    """QA: an ACLED row with 28 of its 31 cells (fatalities among the missing) went in as "not reported"
    without a word. It still goes in (blank is unknown, never 0), and the summary names the row."""
    from incidents.io import import_file

    path = tmp_path / "short.csv"
    path.write_text(
        "event_date,event_type,sub_event_type,actor1,admin1,admin2,location,latitude,longitude,fatalities,notes\n"
        "12 January 2020,Explosions/Remote violence,Remote explosive/landmine/IED,Unidentified Armed Group "
        "(Pakistan),Balochistan,Mastung,Mastung,29.8,66.8,2,An IED.\n"
        "13 January 2020,Explosions/Remote violence,Grenade,Unidentified Armed Group (Pakistan),Balochistan,"
        "Quetta,Quetta,30.18,67.0\n", encoding="utf-8")
    s = import_file(path, sqlite_store, parallel=parallel)
    assert s.imported == 2 and (s.short_count, s.short_rows) == (1, [3])
    assert any(n.startswith("1 row(s) have fewer cells than the header (row 3)") for n in s.notes)
    quetta = next(r for r in sqlite_store.incidents() if r.location == "Quetta")
    assert quetta.killed_min is None and quetta.killed_max is None
