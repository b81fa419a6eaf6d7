"""Casualty figures as reported: a wording and the range it supports.

"two" -> 2..2; "at least five" -> 5..None; "over 50" -> 51..None; "many" -> None..None.
Unknown stays None, never 0; the wording is always kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_NUMBER_WORD = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(k for k in _UNITS if _UNITS[k] and k not in ("a", "an", "single")) + r"))?"
    r"|half\s+a\s+dozen|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r"|dozen|a dozen|hundred|a hundred)"
)
#: A number in digits ("34", "1,200") or words ("thirty-four", "a dozen", "two dozen").
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+|(?:" + _NUMBER_WORD + r")(?:\s+(?:dozen|hundred))?)"

_LOWER_OPEN = {  # wording -> how the bound moves: ("min", delta)
    "at least": 0, "no fewer than": 0, "no less than": 0, "a minimum of": 0, "minimum": 0,
    "over": 1, "more than": 1, "above": 1, "in excess of": 1, "upwards of": 0,
}
_UPPER_OPEN = {"up to": 0, "as many as": 0, "nearly": -1, "almost": -1, "fewer than": -1,
               "less than": -1, "under": -1, "at most": 0, "no more than": 0}
_APPROX = ("a total of", "around", "about", "approximately", "roughly", "some", "an estimated", "estimated",
           "nearly about", "close to", "rose to", "risen to", "climbed to", "reached")
_VAGUE = {  # open-ended quantities with a defensible lower bound
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000,
}


@dataclass(frozen=True)
class Count:
    """A reported casualty figure: lower bound, upper bound (None = open/unknown) and wording."""

    min: int | None
    max: int | None
    text: str | None

    @property
    def is_exact(self) -> bool:
        return self.min is not None and self.min == self.max

    @property
    def is_lower_bound(self) -> bool:
        return self.min is not None and self.max != self.min

    def label(self) -> str:
        """Short label that never reads a lower bound as exact: "5", "5+", "≤30", "?"."""
        if self.min is None and self.max is None:
            return "?"
        if self.min is None:
            return f"≤{self.max}"
        if self.max is None:
            return f"{self.min}+"
        if self.min == self.max:
            return str(self.min)
        return f"{self.min}–{self.max}"


def number_value(token: str) -> int | None:
    """Value of a number written in digits or English words; None when it is not a number."""
    t = token.strip().lower().replace("-", " ")
    t = re.sub(r"\s+", " ", t)
    if t == "half a dozen":
        return 6
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", t):
        return int(t.replace(",", ""))
    words = t.split(" ")
    total = 0
    current = 0
    seen = False
    for w in words:
        if w in ("a", "an") and not seen:
            current = 1
            seen = True
        elif w in _UNITS and w not in ("a", "an"):
            current += _UNITS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w == "dozen":
            current = (current or 1) * 12
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
            seen = True
        elif w == "and" and seen:
            continue
        else:
            return None
    total += current
    return total if seen else None


#: The patterns :func:`parse_count` tries, compiled once (longest modifier first).
_NOISE_WORDS = re.compile(r"\b(people|persons|others|killed|dead|injured|wounded|were|was|have been|had been)\b")
_RANGE = re.compile(rf"(?:between\s+)?({NUMBER})\s*(?:-|–|to|and)\s*({NUMBER})")
_LOWER_PATTERNS = [(re.compile(rf"{phrase}\s+({NUMBER})"), delta)
                   for phrase, delta in sorted(_LOWER_OPEN.items(), key=lambda kv: -len(kv[0]))]
_UPPER_PATTERNS = [(re.compile(rf"{phrase}\s+({NUMBER})"), delta)
                   for phrase, delta in sorted(_UPPER_OPEN.items(), key=lambda kv: -len(kv[0]))]
_APPROX_PATTERN = re.compile(rf"(?:{'|'.join(_APPROX)})\s+({NUMBER})")
_OR_MORE = re.compile(rf"({NUMBER})\s*(?:\+|or more|and more|plus)")
_VAGUE_PATTERN = re.compile(r"(?:several\s+|many\s+)?(dozens|scores|hundreds|thousands)(?:\s+of)?")


def parse_count(text: str | None) -> Count:
    """Turn a casualty wording into a :class:`Count`, keeping the wording.

    >>> parse_count("at least five")
    Count(min=5, max=None, text='at least five')
    """
    if text is None:
        return Count(None, None, None)
    wording = " ".join(str(text).split())
    if not wording:
        return Count(None, None, None)
    t = wording.lower().strip(" .,;:")
    t = _NOISE_WORDS.sub(" ", t)
    t = " ".join(t.split())
    # explicit ranges: "5-7", "5 to 7", "between 5 and 7"
    m = _RANGE.fullmatch(t)
    if m:
        a, b = number_value(m.group(1)), number_value(m.group(2))
        if a is not None and b is not None and a <= b:
            return Count(a, b, wording)
    for rx, delta in _LOWER_PATTERNS:
        m = rx.fullmatch(t)
        if m and (n := number_value(m.group(1))) is not None:
            return Count(n + delta, None, wording)
    for rx, delta in _UPPER_PATTERNS:
        m = rx.fullmatch(t)
        if m and (n := number_value(m.group(1))) is not None:
            return Count(None, max(n + delta, 0), wording)
    m = _APPROX_PATTERN.fullmatch(t)
    if m and (n := number_value(m.group(1))) is not None:
        return Count(n, n, wording)
    m = _OR_MORE.fullmatch(t)
    if m and (n := number_value(m.group(1))) is not None:
        return Count(n, None, wording)
    m = _VAGUE_PATTERN.fullmatch(t)
    if m:
        return Count(_VAGUE[m.group(1)], None, wording)
    if t in ("no one", "nobody", "none", "no casualties", "zero", "no"):
        return Count(0, 0, wording)
    n = number_value(t)
    if n is not None:
        return Count(n, n, wording)
    return Count(None, None, wording)
