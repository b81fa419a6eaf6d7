"""Dates in reports: the publication date, and incident dates absolute or relative to it.

Relative wordings ("on Saturday", "early hours of Tuesday", "yesterday", "weekend", "later in the day")
resolve against the publication date; a weekday means the latest such day on or before publication.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dateline import OUTLET_PATTERN, find_dateline

__all__ = ["DateMention", "PublicationDate", "find_publication_date", "find_dates", "parse_loose_date",
           "MONTHS", "MONTH_PATTERN", "WEEKDAYS"]

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
#: A month's name or abbreviation (case-insensitive), for other readers that name months.
MONTH_PATTERN = _MON
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

_ISO = re.compile(r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?\b")
_NUMERIC = re.compile(r"\b([0-3]?\d)[-/.]([0-3]?\d)[-/.]((?:19|20)\d\d)\b")
_MDY = re.compile(rf"\b({_MON})\.?\s+({_DAY}),?\s+((?:19|20)\d\d)\b", re.I)
_DMY = re.compile(rf"\b({_DAY})\s+(?:of\s+)?({_MON})\.?,?\s+((?:19|20)\d\d)\b", re.I)

_PUB_LABEL = re.compile(r"\b(published(?:\s+(?:on|at|in))?|first published|posted(?:\s+on)?|created|dated?|"
                        r"last updated|updated(?:\s+on|\s+at)?)\b\s*[:|-]?\s*(?:on\s+)?", re.I)


@dataclass(frozen=True)
class PublicationDate:
    """The report's publication date and the line it was read from."""

    date: dt.date
    evidence: str
    span: tuple[int, int]
    note: str | None = None  # how a date given without its year got one


@dataclass(frozen=True)
class DateMention:
    """A date wording in a sentence.

    ``kind``: absolute | month | weekday | relative_day | weekend | same_day (inherits the previous
    incident's date). ``date`` is resolved when possible (needs the publication date for relative ones).
    """

    kind: str
    text: str
    start: int
    end: int
    date: dt.date | None
    precision: str = "day"
    reporting: bool = False  # attached to "said"/"reported"/"claimed": the day of the report, not the attack
    year_assumed: bool = False  # "on November 23" with no publication date: the latest such day up to today


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))


def parse_loose_date(text: str) -> dt.date | None:
    """A date written as ISO, D-M-YYYY, "September 14, 2024" or "14 Sept 2024"; None otherwise."""
    text = text or ""
    if m := _ISO.search(text):
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _MDY.search(text):
        return _mk(int(m.group(3)), MONTHS[m.group(1).lower().rstrip(".")], _day(m.group(2)))
    if m := _DMY.search(text):
        return _mk(int(m.group(3)), MONTHS[m.group(2).lower().rstrip(".")], _day(m.group(1)))
    if m := _NUMERIC.search(text):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # Day first (Pakistani, Indian and British usage) unless that is impossible.
        return _mk(y, b, a) if b <= 12 else _mk(y, a, b)
    return None


def _dates_in(text: str) -> list[tuple[int, int, dt.date]]:
    found = []
    taken: list[tuple[int, int]] = []
    for rx in (_ISO, _MDY, _DMY, _NUMERIC):
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            d = parse_loose_date(m.group(0))
            if d:
                found.append((m.start(), m.end(), d))
                taken.append((m.start(), m.end()))
    return sorted(found)


def find_publication_date(text: str, *, today: dt.date | None = None) -> PublicationDate | None:
    """The publication date a report states ("Updated: 16-09-2024 17:25 IST", "date 2023-09-29",
    "Published September 14, 2024"); labelled dates first ("published" before "updated"), then the first
    full date in the report's opening lines before its dateline, then the dateline's date ("QUETTA, Dec 5
    (Reuters) -", the year from context). Dates after ``today`` are ignored."""
    today = today or dt.date.today()
    best: tuple[int, int, PublicationDate] | None = None
    for lm in _PUB_LABEL.finditer(text):
        window = text[lm.end():lm.end() + 60]
        ds = _dates_in(window)
        if not ds or ds[0][0] > 30:
            continue
        a, b, d = ds[0]
        if d > today:
            continue
        label = lm.group(1).lower()
        rank = 2 if "updated" in label else 0
        line_start = text.rfind("\n", 0, lm.start()) + 1
        line_end = text.find("\n", lm.end() + b)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end].strip()
        ev = line if len(line) <= 160 else text[lm.start():lm.end() + b]
        pub = PublicationDate(d, ev, (lm.start(), lm.end() + b))
        key = (rank, lm.start())
        if best is None or key < best[:2]:
            best = (*key, pub)
    if best:
        return best[2]
    dateline = _dateline_date(text, today)
    head = text[:600]
    for a, b, d in _dates_in(head):
        if dateline is not None and dateline.span[0] <= a:
            break  # a date in the story after its dateline is no publication date
        if d <= today:
            line_start = head.rfind("\n", 0, a) + 1
            line_end = head.find("\n", b)
            line_end = len(head) if line_end < 0 else line_end
            line = head[line_start:line_end].strip()
            return PublicationDate(d, line if len(line) <= 160 else head[a:b], (a, b))
    return dateline


_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|\bcopyright)\s*(?:©\s*)?((?:19|20)\d\d)\b", re.I)


def _dateline_date(text: str, today: dt.date) -> PublicationDate | None:
    """The date of the report's dateline ("QUETTA, Dec 5 (Reuters) -"). A dateline rarely gives the year:
    then the year of a full date in the text on the same month and day, else of a copyright line
    ("(c) 2024 Reuters"), else the latest such day not after ``today`` (``note`` says which)."""
    dl = find_dateline(text)
    if dl is None or dl.month is None or dl.day is None or dl.month.lower().rstrip(".") not in MONTHS:
        return None
    month = MONTHS[dl.month.lower().rstrip(".")]
    span, said = (dl.start, dl.end), text[dl.start:dl.end].strip()
    if dl.year:
        d = _mk(dl.year, month, dl.day)
        return PublicationDate(d, said, span) if d and d <= today else None
    same_day = [d for _, _, d in _dates_in(text) if (d.month, d.day) == (month, dl.day) and d <= today]
    if same_day:
        return PublicationDate(same_day[0], said, span,
                               f"the dateline gives no year: {same_day[0].year}, from the same date in the text")
    for m in _COPYRIGHT_YEAR.finditer(text):
        d = _mk(int(m.group(1)), month, dl.day)
        if d and d <= today:
            return PublicationDate(d, said, span, f"the dateline gives no year: {d.year}, from {m.group(0)!r}")
    d = _mk(today.year, month, dl.day)
    if d is None or d > today:
        d = _mk(today.year - 1, month, dl.day)
    if d is None:
        return None
    return PublicationDate(d, said, span, f"the dateline gives no year: {d.year} assumed (the latest "
                                             f"{dl.date_text} up to today), check it")


# -- incident dates -----------------------------------------------------------------------------------

_REL = re.compile(
    rf"(?P<absmdy>\b(?:on\s+)?(?:{_WD},?\s+)?{_MON}\.?\s+{_DAY}\b(?:,?\s+(?:19|20)\d\d)?)"
    rf"|(?P<absdmy>\b(?:on\s+)?(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}\b\.?(?:,?\s+(?:19|20)\d\d)?)"
    rf"|(?P<iso>\b(?:19|20)\d\d-[01]\d-[0-3]\d\b)"
    rf"|(?P<month>\b(?:in|during|since|early|late|mid|earlier in|last)[\s-]+{_MON}\b(?:,?\s+(?:19|20)\d\d)?)"
    rf"|(?P<hours>\b(?:early|wee|small)\s+hours\s+of\s+(?:(?:on|last)\s+)?(?P<hwd>{_WD})\b)"
    rf"|(?P<weekday>\b(?:(?:early|late)\s+(?:on\s+)?|(?:on|last|this|since|from)\s+)?(?P<wd>{_WD})(?:'s)?(?:\s+(?:morning|"
    rf"afternoon|evening|night))?\b)"
    r"|(?P<yesterday>\byesterday\b|\blast\s+night\b|\bthe\s+previous\s+(?:day|night)\b|\bovernight\b)"
    r"|(?P<today>\btoday\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b)"
    r"|(?P<weekend>\b(?:(?:over|during|on|at)\s+the\s+|this\s+|last\s+)?weekend\b)"
    r"|(?P<same>\blater\s+(?:in\s+the|that|the\s+same)\s+(?:day|night|evening)\b|\b(?:on\s+|during\s+)?the\s+same\s+"
    r"(?:day|night|evening|morning|afternoon)\b|\b(?:at\s+|around\s+|about\s+)?the\s+same\s+time\b|\bhours\s+later\b|"
    r"\bearlier\s+(?:in\s+the|that)\s+day\b|\bminutes\s+later\b|\bshortly\s+(?:after(?:wards)?|before)\b)",
    re.I,
)
_REPORTING = re.compile(r"\b(?:said|says|told|reported|announced|confirmed|stated|added|claimed|"
                        r"statement|tweeted|posted|briefing|press\s+conference|responsibility)\b(?P<between>(?:\W+\w+){0,8}?)"
                        r"\W+$", re.I)
_AUDIENCE = frozenset("the a an to reporters journalists media newsmen agency news in its their his her a "
                      "statement officials police here late early killed dead injured wounded martyred issued released "
                      "sent shared emailed by".split())


#: After a date, what makes it the report's day, not the attack's: a dateline's agency ("Mar 5 (PTI)",
#: "November 21 (ANI):") or a verb of saying ("on Tuesday claimed responsibility").
_REPORTED_AFTER = re.compile(r"(?:,?\s*\d{4})?\s*(?:\(" + OUTLET_PATTERN + r"(?:\s*(?:/|and)\s*" + OUTLET_PATTERN +
                             r")*\)|\[[^\]]{1,20}\])|\s+(?:claimed(?!\s+(?:[\w-]+\s+){0,4}lives)|said|announced|told|confirmed|"
                             r"reported|issued|released)\b", re.I)


#: "Authorities reported the attack on Sunday": the day it was made known (not "said the attack on Monday killed").
_REPORTED_IT = re.compile(r"\b(?:reported|confirmed|announced|disclosed)\s+the\s+(?:attack|incident|killings?|blast|bombing|"
                          r"deaths?|ambush)\s+$", re.I)


#: "claimed responsibility for the attack on Saturday": the claim's day.
_CLAIM_BEFORE = re.compile(r"\bclaim(?:ed|s|ing)?\s+(?:responsibility|the\s+(?:attack|bombing|killings?)|it)\b[^.;]{0,40}$",
                           re.I)


#: "till the filing of this report on Saturday", "at the time of writing on Sunday": the report's own day.
_REPORT_TIME = re.compile(r"\b(?:(?:till|until|by|at)\s+the\s+(?:time\s+of\s+)?(?:filing|writing|going\s+to\s+press)(?:\s+of\s+"
                          r"(?:this|the)\s+(?:report|story|news))?|(?:at\s+the\s+)?time\s+of\s+writing)\s*$", re.I)


def _is_reporting(before: str) -> bool:
    """"said on Monday", "told The Associated Press on Monday" — but not "said the blast occurred on Monday"."""
    m = _REPORTING.search(before)
    if not m:
        return False
    words = re.findall(r"[\w']+", m.group("between"))
    return all(w.lower() in _AUDIENCE or w[:1].isupper() for w in words)


def _latest_weekday(wd: int, published: dt.date, strictly_before: bool = False) -> dt.date:
    delta = (published.weekday() - wd) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - dt.timedelta(days=delta)


def _year_for(month: int, day: int, published: dt.date | None, year: int | None) -> dt.date | None:
    if year:
        return _mk(year, month, day)
    if published is None:
        return None
    d = _mk(published.year, month, day)
    if d and d > published + dt.timedelta(days=1):
        d = _mk(published.year - 1, month, day)
    return d


#: What every date wording holds: a digit, or a word below (weekdays end in "day"); a sentence with none is not read.
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z]+")
_DATE_WORDS = frozenset("yesterday tonight night weekend later hours same jan january feb february mar march apr april may "
                        "jun june jul july aug august sep sept september oct october nov november dec december".split())


def _may_hold_date(sentence: str) -> bool:
    if _DIGIT.search(sentence):
        return True
    words = set(_WORD.findall(sentence.lower()))
    return bool(words & _DATE_WORDS) or any(w.endswith(("day", "days", "night", "nights")) for w in words)


def find_dates(sentence: str, published: dt.date | None, today: dt.date | None = None) -> list[DateMention]:
    """Date wordings in one sentence, resolved against the publication date where one is known; a day
    and month without a year ("on November 23") with no publication date known: the latest such day up
    to ``today`` (the day the report is read), flagged ``year_assumed``."""
    out: list[DateMention] = []
    if not _may_hold_date(sentence):
        return out
    for m in _REL.finditer(sentence):
        text = m.group(0)
        kind = m.lastgroup if m.lastgroup not in ("wd", "hwd") else None
        for k in ("absmdy", "absdmy", "iso", "month", "hours", "weekday", "yesterday", "today", "weekend", "same"):
            if m.group(k):
                kind = k
                break
        before = sentence[:m.start()]
        reporting = _is_reporting(before[-80:]) or bool(
            _REPORTED_AFTER.match(sentence[m.end():m.end() + 40]) or _CLAIM_BEFORE.search(before[-80:]) or
            _REPORT_TIME.search(before[-60:]) or _REPORTED_IT.search(before[-60:]))
        if (text.lower().endswith("'s") or kind in ("absmdy", "absdmy")) and re.match(
                r"\s+(?:[\w-]+\s+){0,2}?(?:attack|bombing|blast|ambush|assault|raid|explosion|shooting|killings?)\b",
                sentence[m.end():], re.I):
            # "claimed responsibility for Tuesday's attack", "had claimed the January 30 suicide bombing": the attack's
            # own day
            reporting = False
        date: dt.date | None = None
        precision = "day"
        assumed = False
        low = text.lower()
        if kind in ("absmdy", "absdmy", "month"):
            mon_m = re.search(_MON, text, re.I) if kind != "month" else re.search(
                r"[\s-]" + _MON + r"\b", text, re.I)
            if not mon_m or not mon_m.group(0).strip(" -")[:1].isupper():
                continue  # "5 may have been", "march": not a month
        if kind in ("absmdy", "absdmy", "iso"):
            if kind == "iso":
                date = parse_loose_date(text)
            else:
                mon = re.search(_MON, low)
                day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", low)
                yr = re.search(r"(?:19|20)\d\d", low)
                if mon and day:
                    date = _year_for(MONTHS[mon.group(0).rstrip(".")], int(day.group(1)), published,
                                     int(yr.group(0)) if yr else None)
                    if date is None and not yr and published is None and today is not None:
                        date = _year_for(MONTHS[mon.group(0).rstrip(".")], int(day.group(1)), today, None)
                        assumed = date is not None
            kind = "absolute"
        elif kind == "month":
            mon = re.search(_MON + r"\b", low.split(None, 1)[1] if " " in low else low)
            yr = re.search(r"(?:19|20)\d\d", low)
            if mon:
                month = MONTHS[mon.group(0).rstrip(".")]
                year = int(yr.group(0)) if yr else (published.year if published else None)
                if year and published and not yr and month > published.month:
                    year -= 1
                date = _mk(year, month, 1) if year else None
            precision = "month"
        elif kind in ("hours", "weekday"):
            wd = WEEKDAYS[(m.group("hwd") or m.group("wd")).lower()]
            if published is not None:
                date = _latest_weekday(wd, published, strictly_before=low.startswith("last"))
            kind = "weekday"
        elif kind == "yesterday":
            date = published - dt.timedelta(days=1) if published else None
            kind = "relative_day"
        elif kind == "today":
            date = published
            kind = "relative_day"
        elif kind == "weekend":
            if published is not None:
                date = _latest_weekday(5, published, strictly_before=low.startswith("last"))
        elif kind == "same":
            kind = "same_day"
        out.append(DateMention(kind, text.strip(), m.start(), m.end(), date, precision, reporting, assumed))
    return out
