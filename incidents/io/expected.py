"""The columns a full dataset export has, and what a trimmed file without some of them costs.

ACLED's export tool lets analysts pick columns, and GTD/UCDP cuts circulate trimmed: such a file is
still its dataset's layout (detected by the columns it has, see ``Layout.score``). The import
summary names the expected columns that were missing and, for those the mapping reads, what that
costs.
"""
from __future__ import annotations

#: ACLED's 31 export columns (2023 onwards), in its order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp")

#: (layout, missing column) -> what the import does without it.
COSTS: dict[tuple[str, str], str] = {
    ("acled", "event_id_cnty"): "no ACLED id: rows are matched on re-import by their content (date, place, "
                                "actors, type and notes); an edited notes text makes a new record",
    ("acled", "geo_precision"): "no geo_precision: each point's precision is unknown (left blank, not 1)",
    ("acled", "time_precision"): "no time_precision: each event_date is taken as the day",
    ("acled", "source"): "no source column: records carry no sources",
    ("acled", "inter1"): "no inter1: an actor the registry lacks is flagged whatever its kind",
    ("acled", "country"): "no country column: every row is taken to be in Pakistan",
    ("acled", "latitude"): "no coordinates: records are placed by their place names in the offline gazetteer "
                          "(exact names only, flagged as such); a place it lacks has no point",
    ("gtd", "eventid"): "no GTD eventid: rows are matched on re-import by their content (date, place, "
                        "perpetrators, attack type and summary); an edited summary makes a new record",
    ("gtd", "specificity"): "no specificity: each point's precision is unknown",
    ("gtd", "latitude"): "no coordinates: records are placed by their place names in the offline gazetteer "
                          "(exact names only, flagged as such); a place it lacks has no point",
    ("gtd", "claimed"): "no claimed column: perpetrators are recorded as blamed, never as claimed",
    ("gtd", "country_txt"): "no country_txt: every row is taken to be in Pakistan",
    ("ucdp", "id"): "no UCDP id: rows are matched on re-import by their content (date, place, sides, type, "
                    "where_description and source_article)",
    ("ucdp", "where_prec"): "no where_prec: each point's precision is unknown",
    ("ucdp", "latitude"): "no coordinates: records have no point",
    ("ucdp", "country"): "no country column: every row is taken to be in Pakistan",
}

#: The columns each dataset layout's full export has (GTD and UCDP: the ones the mapping reads).
EXPECTED: dict[str, tuple[str, ...]] = {
    "acled": ACLED_COLUMNS,
    "gtd": ("eventid", "iyear", "imonth", "iday", "approxdate", "country_txt", "provstate", "city", "latitude",
            "longitude", "specificity", "attacktype1_txt", "targtype1_txt", "target1", "gname", "gname2",
            "gname3", "claimed", "guncertain1", "nkill", "nwound", "summary", "scite1"),
    "ucdp": ("id", "type_of_violence", "dyad_name", "side_a", "side_b", "where_coordinates", "where_prec",
             "adm_1", "adm_2", "latitude", "longitude", "country", "date_start", "date_end", "date_prec",
             "best", "low", "high", "source_article"),
}


def missing(layout: str, columns: list[str]) -> list[str]:
    """The expected columns of ``layout`` the file lacks, in the dataset's order ([] for other layouts)."""
    have = set(columns)
    return [c for c in EXPECTED.get(layout, ()) if c not in have]


def notes(layout: str, columns: list[str]) -> list[str]:
    """Lines for the import summary: which expected columns are missing, then what each costs."""
    gone = missing(layout, columns)
    if not gone:
        return []
    out = [f"{len(gone)} of the {len(EXPECTED[layout])} expected columns are missing: {', '.join(gone)}"]
    out += [COSTS[(layout, c)] for c in gone if (layout, c) in COSTS]
    return out
