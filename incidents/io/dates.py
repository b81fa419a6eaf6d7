"""Dates as spreadsheets hold them, for files read through a column mapping.

Accepted: ISO ``2020-12-30``, ``30 Dec 2020`` / ``30-Dec-20``, ``December 30, 2020``, ``2020/12/30``,
slashed or dotted numbers ``30/12/2020`` or ``12/30/2020``, Excel serial numbers (``44195``, the
day count from 1899-12-30 that Excel shows as 30/12/2020) and spreadsheet date cells.

Slashed dates are read in one order for a whole column (:func:`column_order`): day first when some
value can only be day/month (``30/12/2020``), month first when some value can only be month/day
(``12/30/2020``). A column whose every slashed value fits both orders is refused as ambiguous, with a
message naming the column: the analyst says which order it is (``--date-order dmy|mdy``); a column
holding both kinds is refused too.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from . import values as v

#: The two orders of a slashed date.
ORDERS = ("dmy", "mdy")
ORDER_LABELS = {"dmy": "day/month/year (30/12/2020)", "mdy": "month/day/year (12/30/2020)"}
_SLASH_RE = re.compile(r"\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\s*")
_SERIAL_RE = re.compile(r"\s*\d{5}(?:\.0+)?\s*")
#: Excel's day 0 (its serials count from here, leap-year bug included for dates after 1900-03-01).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Serials accepted: 1927-05-18 .. 2173-10-14 (5 digits); other numbers are not dates.
_SERIAL_MIN, _SERIAL_MAX = 10_000, 99_999


class AmbiguousDates(v.RowError):
    """A column's slashed dates fit both day/month and month/day (or mix the two)."""


def column_order(values: Iterable[Any], column: str) -> str | None:
    """"dmy" or "mdy" for a column's slashed dates; None when the column holds none.

    Raises :class:`AmbiguousDates` (naming the column) when every slashed value fits both orders,
    or when some fit only one order and others only the other.
    """
    day_first = month_first = None
    examples = 0
    example = None
    for raw in values:
        if not isinstance(raw, str):
            continue
        m = _SLASH_RE.fullmatch(raw)
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        examples += 1
        example = example or raw.strip()
        if a > 12 >= b:
            day_first = day_first or raw.strip()
        elif b > 12 >= a:
            month_first = month_first or raw.strip()
    if not examples:
        return None
    if day_first and month_first:
        raise AmbiguousDates(column, f"column {column!r} mixes day/month ({day_first}) and month/day "
                                     f"({month_first}) dates; correct the column or import it in two parts")
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    raise AmbiguousDates(column, f"column {column!r}: every date fits both day/month and month/day "
                                 f"(e.g. {example}); say which order the column uses (day/month or month/day; --date-order dmy or mdy on the command line)")


def parse(value: Any, column: str, order: str | None = None) -> dt.date:
    """One cell as a date; RowError naming the column when it is blank or not a date.

    ``order`` ("dmy"/"mdy") reads slashed dates; without it they are read day first only when
    that is the only possible reading, else refused as ambiguous.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise v.RowError(column, f"expected a date, got {value!r}")
    if isinstance(value, (int, float)):
        return _serial(value, column)
    if v.blank(value):
        raise v.RowError(column, "date is missing")
    s = str(value).strip()
    if _SERIAL_RE.fullmatch(s):
        return _serial(float(s), column)
    m = _SLASH_RE.fullmatch(s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
        if order is None:
            order = "dmy" if a > 12 else "mdy" if b > 12 else None
            if order is None:
                raise AmbiguousDates(column, f"{s!r} fits both day/month and month/day")
        d, mo = (a, b) if order == "dmy" else (b, a)
        year = int(y) + (2000 if int(y) < 70 else 1900) if len(y) == 2 else int(y)
        try:
            return dt.date(year, mo, d)
        except ValueError as e:
            how = "day/month" if order == "dmy" else "month/day"
            raise v.RowError(column, f"no such date: {s!r} (read as {how}/year)") from e
    return v.day(s, column)


def _serial(n: float, column: str) -> dt.date:
    if n != n or not float(n).is_integer() or not _SERIAL_MIN <= n <= _SERIAL_MAX:
        raise v.RowError(column, f"expected a date, got the number {n!r}")
    return _EXCEL_EPOCH + dt.timedelta(days=int(n))
