import datetime as dt

import pytest

from incidents.errors import FilterError
from incidents.filters import UNATTRIBUTED, IncidentFilter, date_span_label


def test_caption_reads_like_an_analyst_would_say_it():
    f = IncidentFilter.build(groups=["ISKP"], statuses=["claimed"], provinces=["PK-KP"],
                             date_from="2024-01-01", date_to="2024-03-31")
    assert f.caption() == "ISKP · claimed · Jan–Mar 2024 · KP"
    assert IncidentFilter().caption() == "All incidents"


@pytest.mark.parametrize("start, end, label", [
    ("2024-03-01", "2024-03-31", "Mar 2024"),
    ("2023-01-01", "2023-12-31", "2023"),
    ("2023-12-01", "2024-02-29", "Dec 2023–Feb 2024"),
    ("2024-01-05", "2024-03-20", "5 Jan–20 Mar 2024"),
    ("2024-01-05", None, "since 5 Jan 2024"),
])
def test_date_spans(start, end, label):
    s = dt.date.fromisoformat(start)
    e = dt.date.fromisoformat(end) if end else None
    assert date_span_label(s, e) == label


def test_aliases_resolve_to_codes():
    f = IncidentFilter.build(groups=["Pakistani Taliban", "isis-k"], provinces=["pk-kp"])
    assert f.groups == ("TTP", "ISKP")
    assert f.provinces == ("PK-KP",)


@pytest.mark.parametrize("kw, field", [
    ({"groups": ["Nobody"]}, "group"),
    ({"statuses": ["accused"]}, "status"),
    ({"provinces": ["Atlantis"]}, "province"),
    ({"date_from": "2024-13-01"}, "from"),
    ({"date_from": "2024-03-01", "date_to": "2024-01-01"}, "from"),
])
def test_bad_values_name_the_field(kw, field):
    with pytest.raises(FilterError) as e:
        IncidentFilter.build(**kw)
    assert e.value.field == field


def test_url_params_round_trip_with_repeated_keys():
    params = {"group": ["ISKP", "TTP"], "status": "claimed", "province": "PK-KP",
              "from": "2023-01-01", "to": "2023-12-31"}
    f = IncidentFilter.from_query_params(params)
    assert f.groups == ("ISKP", "TTP") and f.statuses == ("claimed",)
    assert IncidentFilter.from_query_params(f.to_query_params()) == f
    assert IncidentFilter.from_query_params({"group": "ISKP,TTP"}).groups == ("ISKP", "TTP")


def test_sql_is_parameterised_not_interpolated():
    hostile = "Quetta'; DROP TABLE incidents; --"
    sql, params = IncidentFilter.build(districts=[hostile], groups=["IS"]).to_sql()
    assert "DROP TABLE" not in sql
    assert hostile.lower() in params.values()
    assert {"IS", "ISKP", "ISPP"} <= {v for v in params.values() if isinstance(v, str)}


def test_unattributed_pseudo_group():
    f = IncidentFilter.build(groups=["none"])
    assert f.groups == (UNATTRIBUTED,)
    assert f.caption() == "Unattributed"


def test_mask_selects_exactly_what_the_sql_selects(store):
    """IncidentFilter.mask over in-memory columns against IncidentFilter.where in the database, for
    random filters over random incidents (both backends)."""
    import random

    import pandas as pd

    from incidents.filters import UNATTRIBUTED
    from incidents.models import Attribution, Incident
    from incidents.registry import STATUSES, UNLISTED_FLAG

    rnd = random.Random(11)
    groups = ["TTP", "JuA", "IS", "ISKP", "ISPP", "BLA", "BLF", "LeJ"]
    districts = ["Quetta", "quetta", "Bannu", "North Waziristan", "Kech", None]
    types = ["IED", "suicide bombing", "Armed assault", "armed assault", None]
    items = []
    for n in range(250):
        pairs = {(rnd.choice(groups), rnd.choice(STATUSES)) for _ in range(rnd.choice([0, 0, 1, 1, 2, 3]))}
        items.append(Incident(
            id=f"m{n:03d}", date=dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(4000)),
            location="somewhere", district=rnd.choice(districts), province_code=rnd.choice(["PK-BA", "PK-KP", "PK-PB", None]),
            attack_type=rnd.choice(types), attributions=[Attribution(g, s) for g, s in sorted(pairs)],
            category=rnd.choice(["attack", "operation", "clash", "other", None]),
            date_precision=rnd.choice(["day", "day", "month", "year"]),
            flags=[f"{UNLISTED_FLAG}Lashkar-e-Islam"] if rnd.random() < 0.15 else [],
            **rnd.choice([{}, {"dataset": "UCDP", "dataset_event_id": f"u{n}"},
                          {"dataset": "ACLED", "dataset_event_id": f"a{n}"}])))
    store.save_many(items)
    frame, ledger = store.frame(), store.attribution_frame()
    named = store.unlisted_frame().groupby("incident_id")["name"].first()
    frame["unlisted"] = frame["id"].map(named)
    assert frame["unlisted"].notna().sum() > 10
    pos = pd.Index(frame["id"]).get_indexer(ledger["incident_id"])
    for _ in range(150):
        def some(values, k=2):
            return rnd.sample(values, rnd.choice([0, 0, 1, k]))
        lo, hi = sorted((rnd.choice(items).date, rnd.choice(items).date))  # bounds on stored dates: edges count
        flt = IncidentFilter.build(
            groups=some(groups + [UNATTRIBUTED]), statuses=some(list(STATUSES)),
            provinces=some(["PK-BA", "PK-KP", "PK-SD"]), districts=some(["QUETTA", "Bannu", "Kech"]),
            attack_types=some(["ied", "Armed Assault"]),
            date_from=lo if rnd.random() < 0.3 else None,
            date_to=hi if rnd.random() < 0.3 else None,
            categories=rnd.choice([None, ["all"], some(["attack", "operation", "clash", "other", "unknown"])]),
            datasets=some(["ucdp", "ACLED", "none"]), precisions=some(["day", "month", "year"]))
        got = set(frame["id"][flt.mask(frame, ledger, pos)])
        assert got == set(store.ids(flt)), flt


def test_unattributed_leaves_out_a_record_naming_a_group_the_registry_lacks(store):
    """"Unattributed" means no group named: a record whose source names a group outside the registry
    (kept as written, no status) is drawn as "Group not in the registry", and not counted here."""
    from incidents.filters import UNATTRIBUTED
    from incidents.models import Attribution, Incident
    from incidents.registry import UNLISTED_FLAG

    day = dt.date(2024, 3, 1)
    store.save_many([
        Incident(id="none", date=day, location="Bannu", category="attack"),
        Incident(id="named", date=day, location="Khyber", category="attack",
                 flags=[f"{UNLISTED_FLAG}Lashkar-e-Islam"]),
        Incident(id="ttp", date=day, location="Tank", category="attack",
                 attributions=[Attribution("TTP", "claimed")]),
        Incident(id="denied", date=day, location="Hangu", category="attack",
                 attributions=[Attribution("TTP", "denied")]),
    ])
    assert set(store.ids(IncidentFilter.build(groups=[UNATTRIBUTED]))) == {"none", "denied"}
    assert set(store.ids(IncidentFilter.build(groups=[UNATTRIBUTED, "TTP"]))) == {"none", "denied", "ttp"}
    # the events the CLI lists and the exports write (events.query) select the same
    from incidents.events.query import event_frames
    events, _, _ = event_frames(store, IncidentFilter.build(groups=[UNATTRIBUTED]))
    assert set(events["id"]) == {"none", "denied"}
    # a status applies to the unattributed too: none is unattributed and claimed; one has a denial
    assert store.ids(IncidentFilter.build(groups=[UNATTRIBUTED], statuses=["claimed"])) == []
    assert store.ids(IncidentFilter.build(groups=[UNATTRIBUTED], statuses=["denied"])) == ["denied"]


# -- categories, datasets, precision (issue 19) --------------------------------------------------------
def test_the_default_view_is_attacks_and_unknown_category_and_says_attacks():
    from incidents.filters import DEFAULT_CATEGORIES, default_view

    f = IncidentFilter.build()
    assert f.categories == DEFAULT_CATEGORIES == ("attack", "unknown") and f == default_view()
    assert f.caption() == "All attacks" and f.is_default_view
    assert IncidentFilter.from_query_params({}) == f  # a URL without category
    assert f.to_query_params() == {}  # the default view keeps URLs short
    sql, params = f.to_sql()
    assert "category IN" in sql and "category IS NULL" in sql and "attack" in params.values()
    assert "operation" not in params.values()


def test_one_choice_shows_every_category_and_the_caption_says_so():
    every = IncidentFilter.build(categories=["all"])
    assert every.categories == () and every.caption() == "All incidents"
    assert every.to_query_params() == {"category": ["all"]}
    assert IncidentFilter.from_query_params({"category": "all"}) == every
    assert IncidentFilter.build(categories=["attack", "operation", "clash", "other", "unknown"]) == every
    assert IncidentFilter.build(categories=[]) == every  # nothing selected in the sidebar: any category
    ops = IncidentFilter.from_query_params({"category": "attack,operation,clash", "province": "PK-KP"})
    assert ops.categories == ("attack", "operation", "clash")
    assert ops.caption() == "Attacks, security operations, clashes · KP"
    assert IncidentFilter.from_query_params(ops.to_query_params()) == ops
    # the default view adds no words to a caption that names other choices
    assert IncidentFilter.build(groups=["TTP"]).caption() == "TTP"


def test_dataset_and_precision_filters():
    f = IncidentFilter.from_query_params({"dataset": ["UCDP", "none"], "precision": "day"})
    assert f.datasets == ("UCDP", "none") and f.precisions == ("day",)
    assert f.caption() == "UCDP, no dataset · dated to the day"
    assert IncidentFilter.from_query_params(f.to_query_params()) == f
    sql, params = f.to_sql()
    assert "lower(incidents.dataset) IN" in sql and "dataset IS NULL" in sql and "ucdp" in params.values()


@pytest.mark.parametrize("kw, field", [({"categories": ["bombing"]}, "category"),
                                       ({"precisions": ["week"]}, "precision")])
def test_bad_category_or_precision_names_the_field(kw, field):
    with pytest.raises(FilterError) as e:
        IncidentFilter.build(**kw)
    assert e.value.field == field


def test_default_view_excludes_operations_and_clashes_in_the_database(store):
    from incidents.models import Incident

    def rec(i, category, **kw):
        return Incident(id=i, date=dt.date(2020, 1, 1), location="x", category=category, **kw)

    store.save_many([rec("a", "attack"), rec("o", "operation"), rec("c", "clash"), rec("u", None),
                     rec("y", "attack", date_precision="year", dataset="UCDP", dataset_event_id="1")])
    assert set(store.ids(IncidentFilter.build())) == {"a", "u", "y"}
    assert set(store.ids(IncidentFilter.build(categories=["all"]))) == {"a", "o", "c", "u", "y"}
    assert set(store.ids(IncidentFilter.build(categories=["operation", "clash"]))) == {"o", "c"}
    assert set(store.ids(IncidentFilter.build(precisions=["year"]))) == {"y"}
    assert set(store.ids(IncidentFilter.build(datasets=["none"], categories=["all"]))) == {"a", "o", "c", "u"}


def test_a_dataset_filter_on_events_matches_any_of_their_records(store):
    """An event told by GTD and UCDP matches dataset=UCDP whichever record gives its place."""
    from incidents.events.query import event_frames
    from incidents.models import Incident

    day = dt.date(2020, 3, 1)
    store.save_many([
        Incident(id="g", date=day, location="Bannu", district="Bannu", province_code="PK-KP", lat=32.99, lon=70.6,
                 geo_precision=1, dataset="GTD", dataset_event_id="1", category="attack", killed_min=4, killed_max=4),
        Incident(id="u", date=day, location="Bannu", district="Bannu", province_code="PK-KP", lat=32.98, lon=70.6,
                 geo_precision=2, dataset="UCDP", dataset_event_id="2", category="attack", killed_min=4,
                 killed_max=4),
        Incident(id="r", date=day, location="Quetta", province_code="PK-BA", category="attack")])
    store.link(["g", "u"])
    for wanted, expected in ((["UCDP"], 1), (["gtd"], 1), (["none"], 1), (["ACLED"], 0), (["UCDP", "none"], 2)):
        events, _, _ = event_frames(store, IncidentFilter.build(datasets=wanted))
        assert len(events) == expected, wanted
