"""geo.normalize: name folding and province aliases."""
from __future__ import annotations

import pytest

from geo.normalize import normalize_name, province_code_for


@pytest.mark.parametrize("variant", ["D.I. Khan", "DI Khan", "di-khan", "D. I. Khan", "  D I   KHAN "])
def test_initials_collapse(variant):
    assert normalize_name(variant) == "di khan"


def test_case_diacritics_punctuation_spacing():
    assert normalize_name("Kuchlāk") == "kuchlak"
    assert normalize_name("  Khyber-Pakhtunkhwa\t") == "khyber pakhtunkhwa"
    assert normalize_name("Muzaffarābād") == "muzaffarabad"
    assert normalize_name("Qila' Saif-Ullah") == "qila saif ullah"


@pytest.mark.parametrize("junk", ["", "   ", "😀💥", "کوئٹہ", "...", "—"])
def test_nothing_usable_gives_empty(junk):
    assert normalize_name(junk) == ""


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        normalize_name(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("name, code", [
    ("KPK", "PK-KP"), ("K-P", "PK-KP"), ("NWFP", "PK-KP"), ("N.W.F.P.", "PK-KP"),
    ("North-West Frontier Province", "PK-KP"), ("Khyber-Pakhtunkhwa", "PK-KP"),
    ("Khyber Pakhtunkhwa", "PK-KP"), ("Khyber Pakhtunkwa province", "PK-KP"),
    ("FATA", "PK-KP"), ("Federally Administered Tribal Areas", "PK-KP"), ("PK-TA", "PK-KP"),
    ("Baluchistan", "PK-BA"), ("Balochistan province", "PK-BA"), ("PK-BA", "PK-BA"),
    ("pk-kp", "PK-KP"), ("Punjab", "PK-PB"), ("Sind", "PK-SD"), ("Northern Areas", "PK-GB"),
    ("Azad Kashmir", "PK-JK"), ("Islamabad Capital Territory", "PK-IS"),
])
def test_province_aliases(name, code):
    assert province_code_for(name) == code


@pytest.mark.parametrize("name", [None, "", "Quetta", "Lahore", "Kabul province", "x" * 10_000])
def test_not_a_province(name):
    assert province_code_for(name) is None
