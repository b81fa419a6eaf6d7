from __future__ import annotations

import datetime as dt

from atlas.detail import incident_table
from atlas.navigation import page_specs
from atlas.sidebar import filter_from_params
from atlas.text import compact_span_label, count_wording, date_label, md_escape, slug, span_label, total_label
from incidents.casualties import Count
from incidents.models import Source

from .conftest import single_markdown


def test_total_label_marks_lower_bounds_and_unknowns():
    assert total_label([(2, 2), (3, 3)]) == "5"
    assert total_label([(2, 2), (5, None)]) == "7+"
    assert total_label([(2, 2), (None, None)]) == "2+"
    assert total_label([(None, 30)]) == "?"
    assert total_label([]) == "0"
    assert total_label([(1000, 1000), (234, 234)]) == "1,234"


def test_wording_and_dates():
    assert count_wording(Count(5, None, "at least five")) == "at least five (5+)"
    assert count_wording(Count(2, 2, "2")) == "2"
    assert count_wording(Count(60, 60, "ACLED fatalities: 60")) == "ACLED fatalities: 60"  # not "(60)" again
    assert count_wording(Count(10, 10, "UCDP best 10 (low 0, high 10)")) == "UCDP best 10 (low 0, high 10)"
    assert count_wording(Count(2, 2, "two policemen")) == "two policemen (2)"
    assert count_wording(Count(5, 5, "15 in all")) == "15 in all (5)"  # 5 only inside 15: said
    assert count_wording(Count(None, None, None)) == "not reported"
    assert date_label(dt.date(2024, 3, 2), "month") == "Mar 2024"
    assert span_label(dt.date(2023, 9, 29), dt.date(2024, 9, 14)) == "29 Sep 2023 – 14 Sep 2024"
    assert compact_span_label(dt.date(2023, 9, 29), dt.date(2024, 9, 14)) == "Sep 2023 – Sep 2024"
    assert slug("attribution", "ISKP · claimed · Jan–Mar 2024") == "attribution_ISKP-claimed-Jan-Mar-2024"


def test_markdown_of_hostile_text_renders_literally(incident):
    inc = incident.copy(summary="![x](https://evil.example/p.png) [click](javascript:alert(1)) <b>",
                        sources=[Source("Out)let](javascript:x)", None, "https://ok.example/a (b)", None)])
    md = single_markdown(inc)
    assert "![x](https" not in md and "\\!\\[x\\]" in md
    assert "](javascript" not in md.replace("\\]\\(javascript", "")
    assert "(<https://ok.example/a%20%28b%29>)" in md
    assert "at least five \\(5\\+\\)" in md
    assert md_escape("a*b_c") == "a\\*b\\_c"
    # the starts of GFM autolinks get an invisible word joiner: the address reads as typed, links nothing
    wj = "\u2060"
    assert md_escape("www.x.pk") == f"www{wj}\\.x\\.pk" and md_escape("a@b.pk") == f"a@{wj}b\\.pk"
    assert md_escape("See HTTPS://x.pk").replace(wj, "") == "See HTTPS://x\\.pk"
    assert wj + ":" in md_escape("http://x")


def test_incident_table_keeps_bounds_newest_first(incident, sqlite_url):
    from incidents.models import Attribution
    from incidents.store import Store

    s = Store(sqlite_url)
    s.migrate()
    s.save_many([incident, incident.copy(id="t-2", date=dt.date(2021, 5, 1), date_precision="month",
                                         killed_min=None, killed_max=30, killed_text="as many as 30",
                                         injured_min=None, injured_max=None, injured_text=None, province=None,
                                         attributions=[Attribution("BLA", "claimed"), Attribution("TTP", "blamed")],
                                         sources=[])])
    t = incident_table(s.frame(), s.attribution_frame(), s.source_frame())
    assert list(t["id"]) == ["t-1", "t-2"]  # newest first
    first, second = t.iloc[0], t.iloc[1]
    assert first["killed"] == "5+" and first["injured"] == "11+" and first["date"] == "2 Mar 2024"
    assert first["attributed to"] == "ISKP" and first["suspected"] == "ISKP" and first["denied"] == "TTP"
    assert first["claimed"] == "" and first["sources"] == 1
    assert second["killed"] == "≤30" and second["injured"] == "?" and second["date"] == "May 2021"
    assert second["attributed to"] == "BLA" and second["blamed"] == "TTP" and second["sources"] == 0
    assert second["province"] == "Khyber Pakhtunkhwa"  # from the ISO code when the name is missing
    assert incident_table(s.frame().iloc[0:0], s.attribution_frame(), s.source_frame()).empty
    s.engine.dispose()


def test_the_table_says_a_toll_given_only_for_attacks_together(tmp_path):
    """QA: the seed's Mastung row read "?" with no word of the "over 50" its report gives for Mastung and
    Hangu together; the toll is said beside each attack's own figure, never split into it."""
    from atlas.views import build_snapshot
    from incidents.store import Store

    s = Store(f"sqlite:///{tmp_path / 'seed.db'}")
    s.migrate()
    assert s.seed_if_new()
    snap = build_snapshot(s)
    t = incident_table(snap.frame, snap.attributions, snap.sources, snap.groups, snap.related).set_index("id")
    mastung, hangu = t.loc["seed-2023-09-29-mastung"], t.loc["seed-2023-09-29-hangu"]
    assert mastung["killed"] == "? · 51+ in 2 attacks together"
    assert hangu["killed"] == "5+ · 51+ in 2 attacks together"
    assert t.loc["seed-2024-09-14-kuchlak"]["killed"] == "2"
    s.engine.dispose()


def test_url_filter_drops_bad_keys_and_names_them():
    flt, problems = filter_from_params({"group": ["NOPE"], "province": ["PK-KP"], "from": ["soon"]})
    assert flt.provinces == ("PK-KP",) and not flt.groups and flt.date_from is None
    assert any(p.startswith("group") for p in problems) and any(p.startswith("from") for p in problems)


def test_pages_join_when_their_file_exists(tmp_path):
    for name in ("map.py", "attribution.py", "data.py"):
        (tmp_path / name).write_text("")
    specs = page_specs(tmp_path)
    assert [(p.name, title, url) for p, title, url in specs] == [
        ("map.py", "Map", ""), ("attribution.py", "Attribution", "attribution"), ("data.py", "Data", "data")]


def test_page_files_are_named_as_their_url_paths():
    """A fresh server answers direct links in Streamlit's legacy pages/ mode (file name = url path)
    until its first st.navigation run; a mismatch shows a "Page not found" dialog over the page."""
    from atlas.navigation import PAGE_SPECS, page_specs

    assert len(page_specs()) == len(PAGE_SPECS)  # every listed page exists
    for path, _title, url in page_specs():
        if url:
            assert path.stem == url, f"{path.name} is served at /{url}"


def test_incident_table_names_a_group_the_registry_lacks_and_blanks_no_attack_type():
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b", "c"], "date": pd.to_datetime(["2024-01-01"] * 3),
                          "date_precision": ["day"] * 3, "location": ["x"] * 3, "district": [None] * 3,
                          "province_code": ["PK-BA"] * 3, "attack_type": [None, "IED", None],
                          "unlisted": ["Lashkar-e-Foo", None, None],
                          **{c: pd.array([1, 1, 1], dtype="Int64") for c in
                             ("killed_min", "killed_max", "injured_min", "injured_max")}})
    att = pd.DataFrame({"incident_id": ["b"], "group_code": ["TTP"], "status": ["claimed"], "by": [None]})
    src = pd.DataFrame({"incident_id": [], "outlet": [], "url": []})
    t = incident_table(frame, att, src).set_index("id")
    assert t.loc["a", "attributed to"] == "Lashkar-e-Foo (not in the registry)"
    assert t.loc["b", "attributed to"] == "TTP" and t.loc["c", "attributed to"] == "—"
    assert t.loc["a", "attack"] == "unknown" and t.loc["b", "attack"] == "IED"
