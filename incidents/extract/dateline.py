"""A wire or newspaper dateline ("QUETTA, Dec 5 (Reuters) -", "Peshawar [Pakistan], November 21 (ANI):",
"Islamabad, Mar 5 (PTI)") and the outlets that put their name in its parentheses.

This module owns the dateline's shape and the outlet table; it reads the date's words but does not
resolve them (that is :mod:`.dates`' job: the year comes from context).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Dateline", "OUTLETS", "OUTLET_PATTERN", "find_dateline", "outlet_name"]

#: Outlets seen in dateline parentheses, by lower-case name (no leading "the"), with the name we record.
#: Pakistani papers, channels and agencies, then international and regional agencies and papers.
OUTLETS: dict[str, str] = {
    "dawn": "Dawn", "dawn news": "Dawn", "news": "The News", "news international": "The News",
    "express tribune": "The Express Tribune", "tribune": "The Express Tribune", "express news": "Express News",
    "geo": "Geo News", "geo news": "Geo News", "geo tv": "Geo News", "ary": "ARY News", "ary news": "ARY News",
    "samaa": "Samaa", "samaa tv": "Samaa", "samaa news": "Samaa", "nation": "The Nation",
    "pakistan today": "Pakistan Today", "daily times": "Daily Times", "business recorder": "Business Recorder",
    "radio pakistan": "Radio Pakistan", "ptv": "PTV News", "ptv news": "PTV News", "dunya news": "Dunya News",
    "friday times": "The Friday Times", "balochistan post": "The Balochistan Post",
    "app": "APP", "associated press of pakistan": "APP", "nni": "NNI", "inp": "INP", "ppi": "PPI",
    "ap": "Associated Press", "associated press": "Associated Press", "reuters": "Reuters", "afp": "AFP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "xinhua": "Xinhua", "dpa": "dpa",
    "anadolu": "Anadolu Agency", "anadolu agency": "Anadolu Agency", "aa": "Anadolu Agency", "efe": "EFE",
    "kyodo": "Kyodo", "irna": "IRNA", "tass": "TASS", "sputnik": "Sputnik", "bernama": "Bernama",
    "pti": "PTI", "ani": "ANI", "ians": "IANS", "iana": "IANS", "uni": "UNI",
    "bbc": "BBC", "voa": "VOA", "cnn": "CNN", "bloomberg": "Bloomberg", "al jazeera": "Al Jazeera",
    "arab news": "Arab News", "gulf news": "Gulf News", "khaleej times": "Khaleej Times",
    "national": "The National", "wion": "WION", "ndtv": "NDTV", "hindu": "The Hindu",
    "hindustan times": "Hindustan Times",
}


def _key(name: str) -> str:
    key = " ".join(re.sub(r"[^\w&'-]+", " ", name.lower()).split())
    return re.sub(r"^the\s+", "", key)


def outlet_name(name: str) -> str | None:
    """The recorded name of an outlet written as in a dateline ("Dawn", "The News", "AFP/Reuters"), else None;
    several outlets joined by "/" or "and" are named together only when each is known."""
    parts = [p for p in re.split(r"\s*(?:/|\band\b|&(?!\w))\s*", name.strip()) if p]
    names = [OUTLETS.get(_key(p)) for p in parts]
    if not names or None in names:
        return None
    return " / ".join(dict.fromkeys(names))


#: Any outlet of the table as written in running text (case-insensitive, "The" optional, spaces flexible).
OUTLET_PATTERN = r"(?:the\s+)?(?:" + "|".join(
    r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(OUTLETS, key=len, reverse=True)) + r")"

_PLACE = r"[A-Z][A-Za-z.'-]+(?:[ -](?:[A-Z][A-Za-z.'-]+|e|i|ul|al)){0,3}"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})(?:\s*\[[A-Z][A-Za-z ]{{1,20}}\]|\s*\((?:Pakistan|Afghanistan|India|Iran)\))?(?:,\s*[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)?"
    r"(?:,?\s*(?:(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?|(?P<day2>[0-3]?\d)\s+"
    r"(?P<mon2>[A-Z][a-z]{2,8})\.?)(?:,?\s+(?P<year>(?:19|20)\d\d))?)?"
    r"\s*(?:\((?P<outlet>[^()\n]{1,40})\)\s*(?P<sep>--|[-—–:|])?|(?P<sep2>--|[-—–:|]))", re.M)
#: How far into a report its dateline can be (a headline, a byline and a photo caption come first).
DATELINE_REACH = 3000


@dataclass(frozen=True)
class Dateline:
    """A dateline as written: its place, the date's words (month, day and year when given, unresolved),
    the outlet in its parentheses (recorded name, or None when the parentheses name no known outlet)."""

    place: str
    month: str | None
    day: int | None
    year: int | None
    outlet: str | None
    start: int
    end: int
    line: str

    @property
    def date_text(self) -> str | None:
        if self.month is None or self.day is None:
            return None
        return f"{self.month} {self.day}" + (f", {self.year}" if self.year else "")


def find_dateline(text: str) -> Dateline | None:
    """The report's dateline: the first line opening with a place and either an outlet the table knows in
    parentheses ("QUETTA, Dec 5 (Dawn) -") or, for a place in capitals, a date and a dash or colon
    ("PESHAWAR, Dec 5: ..."); None when no line opens so."""
    for m in _DATELINE.finditer(text[:DATELINE_REACH]):
        outlet = outlet_name(m.group("outlet")) if m.group("outlet") else None
        mon, day = m.group("mon") or m.group("mon2"), m.group("day") or m.group("day2")
        place = m.group("place")
        if outlet is None and not (mon and (m.group("sep") or m.group("sep2")) and place.isupper() and len(place) > 3):
            continue
        line_end = text.find("\n", m.start())
        line = text[m.start():len(text) if line_end < 0 else line_end]
        return Dateline(place, mon, int(day) if day else None, int(m.group("year")) if m.group("year") else None,
                        outlet, m.start(), m.end(), line[:160].strip())
    return None
