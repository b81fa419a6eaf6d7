"""Content keys: a stable ``dataset_event_id`` for rows of files that carry no event id.

A trimmed ACLED export without ``event_id_cnty``, a GTD or UCDP cut without its id column, or a
team's own log without an id column: each row's identity is a hash of what it says —

    (dataset, date, place, actors, type, the notes' text normalised)

— so importing the same file again finds every row already stored and changes nothing, and a row
whose *figures* were corrected (fatalities, injured) is the same row: it updates the stored record
instead of adding a second one. The key is ``ck-`` and 20 hex digits.

Limits (the summary names the cost when a file has no id column):

- Two rows that say exactly the same thing (same date, place, actors, type and notes) are told
  apart only by their order in the file: the second gets ``-2`` on its key. Deleting the first from
  the file later gives the second the first one's identity.
- Editing what identifies a row — its notes' wording (beyond case, spacing and punctuation), its
  place, date, actors or type — makes a new record; the old one stays (nothing stored is lost) and
  the linker treats the two as reports of one event when they match.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from typing import Any

PREFIX = "ck-"
_PUNCT_RE = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: Any) -> str:
    """Text as the key reads it: Unicode-normalised, case-folded, punctuation and spacing collapsed."""
    if text is None:
        return ""
    if isinstance(text, (dt.date, dt.datetime)):
        return text.isoformat()
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(_PUNCT_RE.sub(" ", s).split())


def content_key(dataset: str, date: dt.date, place: tuple[Any, ...], actors: tuple[Any, ...], kind: Any,
                notes: Any) -> str:
    """The key of one row (see the module's limits). Figures are deliberately not part of it."""
    parts = [normalise(dataset), date.isoformat(), *map(normalise, place), "|", *map(normalise, actors), "|",
             normalise(kind), "|", normalise(notes)]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return PREFIX + digest


class KeyCounter:
    """Tells apart rows with the same content key by their order in one file (``ck-…``, ``ck-…-2``)."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def __call__(self, key: str) -> str:
        self._seen[key] += 1
        n = self._seen[key]
        return key if n == 1 else f"{key}-{n}"
