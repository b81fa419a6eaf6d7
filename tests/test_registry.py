import re

import pytest

from incidents.registry import GroupRegistry, default_registry


@pytest.fixture(scope="module")
def reg():
    return default_registry()


@pytest.mark.parametrize("spelling, code", [
    ("TTP", "TTP"), ("Tehreek-e-Taliban Pakistan", "TTP"), ("Tehrik-i-Taliban Pakistan", "TTP"),
    ("Pakistani Taliban", "TTP"), ("Pakistan Taliban", "TTP"), ("TTP: Tehreek-i-Taliban Pakistan", "TTP"),
    ("Tehrik-i-Taliban Pakistan (TTP)", "TTP"),
    ("Islamic State", "IS"), ("ISIS", "IS"), ("ISIL", "IS"), ("Daesh", "IS"),
    ("Islamic State of Iraq and the Levant (ISIL)", "IS"),
    ("IS-K", "ISKP"), ("ISIS-K", "ISKP"), ("Islamic State Khorasan Province", "ISKP"),
    ("Khorasan Chapter of the Islamic State", "ISKP"),
    ("Islamic State Pakistan Province", "ISPP"), ("ISPP", "ISPP"),
    ("Balochistan Liberation Army", "BLA"), ("Baloch Liberation Army (BLA)", "BLA"),
    ("BLF", "BLF"), ("BRAS", "BRAS"), ("Tehreek-e-Jihad Pakistan", "TJP"), ("Hafiz Gul Bahadur group", "HGB"),
    ("Lashkar-e-Jhangvi", "LeJ"), ("Jamaat-ul-Ahrar", "JuA"), ("Afghan Taliban", "AFGT"), ("Taleban", "AFGT"),
])
def test_every_spelling_maps_to_one_code(reg, spelling, code):
    assert reg.resolve(spelling) == code


@pytest.mark.parametrize("name", ["Unidentified Armed Group (Pakistan)", "", "   ", "Civilians", "MQM"])
def test_unknown_actors_resolve_to_none(reg, name):
    assert reg.resolve(name) is None


def test_branches_sit_under_their_parent(reg):
    assert set(reg.family("IS")) == {"IS", "ISKP", "ISPP"}
    assert reg.family("ISKP") == ["ISKP"]
    assert reg.root("ISPP") == "IS"
    order = [g.code for g in reg.ordered()]
    assert order.index("IS") < order.index("ISKP") < order.index("BLA")


def test_colours_are_distinct_hex_and_grey_is_reserved_for_unattributed(reg):
    colours = [g.colour for g in reg]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in colours)
    assert len(set(colours)) == len(colours)
    assert reg.colour(None) not in colours
    assert reg.colour("ISKP") == reg.get("ISKP").colour


def test_registry_rejects_ambiguous_aliases(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("code,name,parent,colour,aliases\nA,Alpha,,#000000,Same\nB,Beta,,#111111,same\n")
    with pytest.raises(ValueError, match="names both"):
        GroupRegistry.from_csv(p)


def test_registry_rejects_unknown_parent_and_bad_colour(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text("code,name,parent,colour,aliases\nA,Alpha,ZZ,#000000,\n")
    with pytest.raises(ValueError, match="unknown parent"):
        GroupRegistry.from_csv(p)
    p.write_text("code,name,parent,colour,aliases\nA,Alpha,,red,\n")
    with pytest.raises(ValueError, match="row 2"):
        GroupRegistry.from_csv(p)
