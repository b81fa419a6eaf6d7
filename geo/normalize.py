"""Name normalisation and province aliases.

``normalize_name`` folds case, diacritics, punctuation and spacing so that
"D.I. Khan", "DI Khan" and "di-khan" compare equal; ``province_code_for`` maps
every province spelling analysts meet (KPK, NWFP, Baluchistan, FATA ...) to an
ISO 3166-2 code.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from geo.provinces import PROVINCES

__all__ = [
    "MAX_QUERY_CHARS",
    "normalize_name",
    "compact_name",
    "province_code_for",
    "PROVINCE_ALIASES",
]

#: Longer inputs are not place names; geocoders refuse them without work.
MAX_QUERY_CHARS = 200

_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc\u02bb`\u00b4"), None)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("&", " and ").translate(_APOSTROPHES)


def normalize_name(text: str) -> str:
    """Return the comparison form of a place name ("" if nothing usable is left).

    Lower-case ASCII words separated by single spaces; runs of single letters
    are joined, so initials collapse: "D.I. Khan" -> "di khan", "K-P" -> "kp".
    Non-Latin scripts and emoji normalise to "".
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    return _normalize_cached(text) if len(text) <= 512 else _normalize(text)


@lru_cache(maxsize=65536)
def _normalize_cached(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    tokens = _NON_ALNUM.split(_fold(text))
    out: list[str] = []
    initials = ""
    for tok in tokens:
        if not tok:
            continue
        if len(tok) == 1 and tok.isalpha():
            initials += tok
            continue
        if initials:
            out.append(initials)
            initials = ""
        out.append(tok)
    if initials:
        out.append(initials)
    return " ".join(out)


def compact_name(normalized: str) -> str:
    """Drop the spaces of a normalised name ("miram shah" -> "miramshah")."""
    return normalized.replace(" ", "")


_BA = "PK-BA"
_KP = "PK-KP"

#: Normalised alias -> ISO code. Former names and FATA (merged into KP in 2018) included.
PROVINCE_ALIASES: dict[str, str] = {}


def _add(code: str, *names: str) -> None:
    for n in names:
        PROVINCE_ALIASES[_normalize(n)] = code


_add(_BA, "Balochistan", "Baluchistan", "Beluchistan", "Balochistan Province",
     "Baluchistan Province", "Balochistaan", "Baloochistan", "PK-BA", "BA", "Bal")
_add(_KP, "Khyber Pakhtunkhwa", "Khyber-Pakhtunkhwa", "Khyber Pakhtunkwa", "Khyber Pakhtoonkhwa",
     "Khyber Pakhtunkhwa Province", "Khyber Pakhtunkwa province", "Pakhtunkhwa", "KPK", "KP", "K-P",
     "K.P.", "Khyber PK", "NWFP", "N.W.F.P.", "North-West Frontier Province",
     "North West Frontier Province", "North-West Frontier", "Northwest Frontier Province",
     "Frontier Province", "PK-KP", "PK-NW",
     # Former FATA, part of KP since 2018
     "FATA", "F.A.T.A.", "Federally Administered Tribal Areas", "Federally Administered Tribal Area",
     "Tribal Areas", "Tribal Area", "Former FATA", "Merged Districts", "Newly Merged Districts",
     "PK-TA")
_add("PK-PB", "Punjab", "Punjab Province", "Panjab", "PK-PB")
_add("PK-SD", "Sindh", "Sind", "Sindh Province", "PK-SD")
_add("PK-IS", "Islamabad", "Islamabad Capital Territory", "ICT", "Federal Capital Territory", "Islamabad Territory",
     "F.C.T.", "PK-IS")
_add("PK-GB", "Gilgit-Baltistan", "Gilgit Baltistan", "Northern Areas", "GB", "PK-GB", "PK-NA")
_add("PK-JK", "Azad Kashmir", "Azad Jammu and Kashmir", "Azad Jammu & Kashmir", "AJK", "AJ&K",
     "PK-JK")
for _code, _name in PROVINCES.items():
    PROVINCE_ALIASES.setdefault(_normalize(_name), _code)

_PROVINCE_SUFFIXES = ("province", "provence", "region", "pakistan")


def province_code_for(name: str | None) -> str | None:
    """Return the ISO 3166-2 code for a province name, alias or code; None if unknown.

    >>> province_code_for("NWFP"), province_code_for("Baluchistan"), province_code_for("FATA")
    ('PK-KP', 'PK-BA', 'PK-KP')
    """
    if not name or not isinstance(name, str) or len(name) > MAX_QUERY_CHARS:
        return None
    key = normalize_name(name)
    code = PROVINCE_ALIASES.get(key)
    if code:
        return code
    words = key.split()
    while words and words[-1] in _PROVINCE_SUFFIXES:
        words.pop()
        code = PROVINCE_ALIASES.get(" ".join(words))
        if code:
            return code
    return None
