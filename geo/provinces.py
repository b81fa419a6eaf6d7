"""Pakistan's first-level divisions, keyed by ISO 3166-2 code."""
from __future__ import annotations

PROVINCES: dict[str, str] = {
    "PK-BA": "Balochistan",
    "PK-KP": "Khyber Pakhtunkhwa",
    "PK-PB": "Punjab",
    "PK-SD": "Sindh",
    "PK-IS": "Islamabad Capital Territory",
    "PK-GB": "Gilgit-Baltistan",
    "PK-JK": "Azad Jammu and Kashmir",
}

#: Short labels for captions and charts.
SHORT_NAMES: dict[str, str] = {
    "PK-BA": "Balochistan",
    "PK-KP": "KP",
    "PK-PB": "Punjab",
    "PK-SD": "Sindh",
    "PK-IS": "Islamabad",
    "PK-GB": "Gilgit-Baltistan",
    "PK-JK": "AJK",
}


def province_name(code: str | None) -> str | None:
    """Return the display name for an ISO code, or None for an unknown or empty code."""
    return PROVINCES.get(code or "")
