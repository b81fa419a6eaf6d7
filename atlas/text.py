"""Wording shared by the map, the charts and the pages: dates, figures, totals, file names."""
from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any, Iterable

from incidents.casualties import Count

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
#: U+2060 WORD JOINER: invisible, and it keeps GFM from autolinking what it separates.
WORD_JOINER = "\u2060"
#: Where GFM's autolink literals start: "http(s):", "www." and an e-mail's "@". Streamlit's Markdown
#: links them after escapes and character references are resolved (remark-gfm), so neither helps.
_AUTOLINK_START = re.compile(r"(?i)https?(?=:)|www(?=\.)|@")


def esc(value: Any) -> str:
    """HTML-escape any value from data (None -> "")."""
    return html.escape("" if value is None else str(value), quote=True)


def md_escape(value: Any) -> str:
    """Escape Markdown so text from data renders literally in ``st.markdown`` (no links, images):
    special characters backslash-escaped, and a word joiner (invisible) after each start of an
    autolink literal ("http", "https", "www", "@"), so a bare address reads as typed but is no link."""
    text = _AUTOLINK_START.sub(lambda m: m.group(0) + WORD_JOINER, "" if value is None else str(value))
    return _MD_SPECIAL.sub(r"\\\1", text)


def date_label(date: dt.date | None, precision: str = "day") -> str:
    """"29 Sep 2023", "Sep 2023" or "2023" by date precision; "" for None."""
    if date is None:
        return ""
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return f"{_MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def span_label(start: dt.date | None, end: dt.date | None) -> str:
    """"29 Sep 2023 – 14 Sep 2024", one date when equal, "—" when unknown."""
    if start is None and end is None:
        return "—"
    if start is None or end is None or start == end:
        return date_label(start or end)
    return f"{date_label(start)} – {date_label(end)}"


def compact_span_label(start: dt.date | None, end: dt.date | None) -> str:
    """Short span for a KPI: "Sep 2023 – Sep 2024" (days only when it fits in one month)."""
    if start is None or end is None or start == end or (start.year, start.month) == (end.year, end.month):
        return span_label(start, end)
    return f"{date_label(start, 'month')} – {date_label(end, 'month')}"


def count_wording(count: Count) -> str:
    """The figure as the report worded it, with the range it supports: "at least five (5+)"."""
    if count.text:
        label = count.label()
        if label in ("?", count.text) or (label.isdigit() and re.search(rf"(?<!\d){label}(?!\d)", count.text)):
            return count.text  # "ACLED fatalities: 60" already says 60
        return f"{count.text} ({label})"
    if count.min is None and count.max is None:
        return "not reported"
    return count.label()


def total_label(pairs: Iterable[tuple[int | None, int | None]]) -> str:
    """Sum of (min, max) figures that never reads a lower bound as exact.

    "12" when every figure is exact, "12+" when any is open-ended, a range or unknown, "?" when no
    figure is known at all, "0" for no incidents."""
    total = 0
    known = 0
    open_ = False
    n = 0
    for lo, hi in pairs:
        n += 1
        if lo is None:
            open_ = True
            continue
        known += 1
        total += int(lo)
        if hi is None or hi != lo:
            open_ = True
    if n == 0:
        return "0"
    if known == 0:
        return "?"
    return f"{total:,}+" if open_ else f"{total:,}"


def slug(*parts: str, limit: int = 90) -> str:
    """A file-name-safe slug: "attribution", "ISKP · claimed · 2023" -> "attribution_ISKP-claimed-2023"."""
    out = []
    for p in parts:
        s = re.sub(r"[^A-Za-z0-9]+", "-", p.replace("–", "-")).strip("-")
        if s:
            out.append(s)
    return "_".join(out)[:limit].rstrip("-_") or "chart"
