"""Cell values of imported files -> typed values, with errors that name the column.

Cells arrive as text (CSV) or typed (XLSX: int, float, datetime); every parser accepts both.
Blank means unknown (None), never 0.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any

from geo.provinces import PROVINCES

from ..errors import AtlasError
from ..models import _ID_RE, PAKISTAN_BBOX


class RowError(AtlasError):
    """One row cannot be imported; ``column`` names the file's column (None: the whole row)."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class SkipRow(Exception):
    """A readable row that is deliberately not imported (e.g. an event outside Pakistan).

    Not an error (so not an ``AtlasError``): the import counts it as skipped and goes on.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_INT_RE = re.compile(r"\s*[+-]?\d+\s*")
_THOUSANDS_RE = re.compile(r"\s*\d{1,3}(?:,\d{3})+\s*")
_FLOAT_INT_RE = re.compile(r"\s*[+-]?\d+\.0*\s*")
_DECIMAL_COMMA_RE = re.compile(r"\s*[+-]?\d+,\d+\s*")


def event_id(v: Any, column: str) -> str:
    """The dataset's own event id; RowError naming the column when it is missing."""
    ev = text(v)
    if not ev:
        raise RowError(column, "event id is missing")
    return ev


def require_pakistan(country: Any) -> None:
    """SkipRow for an event whose country column names another country (blank passes)."""
    name = text(country)
    if name and name.lower() != "pakistan":
        raise SkipRow(f"outside Pakistan ({name})")


def coded(value: int | None, column: str, allowed: Any) -> int | None:
    """``value`` when it is one of the ``allowed`` codes or None (unknown); RowError naming the column otherwise."""
    if value is not None and value not in allowed:
        codes = sorted(allowed)
        expect = (f"{codes[0]}..{codes[-1]}" if len(codes) > 3
                  else ", ".join(map(str, codes[:-1])) + f" or {codes[-1]}")
        raise RowError(column, f"expected {expect}, got {value}")
    return value


def blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def text(v: Any) -> str | None:
    """Trimmed text, or None for a blank cell. Whole numbers from a spreadsheet lose their ``.0``."""
    if v.__class__ is str:
        return v.strip() or None
    if v is None:
        return None
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _cell(v: Any) -> str:
    return repr(v if not isinstance(v, str) else v.strip())[:60]


def integer(v: Any, column: str, *, unknown: tuple[int, ...] = (), minimum: int | None = 0) -> int | None:
    """A whole number; None when blank or one of the dataset's "unknown" codes (e.g. -9, -99)."""
    if v.__class__ is str and v.isdigit() and v.isascii():
        n = int(v)
        if n in unknown:
            return None
        return n  # no sign: ≥ 0
    if v is None:
        return None
    if isinstance(v, bool):
        raise RowError(column, f"expected a whole number, got {_cell(v)}")
    if isinstance(v, int):
        n = v
    elif isinstance(v, float):
        if math.isnan(v):
            return None
        if not v.is_integer():
            raise RowError(column, f"expected a whole number, got {v!r}")
        n = int(v)
    else:
        s = str(v)
        if _INT_RE.fullmatch(s):
            n = int(s)
        elif not s.strip():
            return None
        elif _FLOAT_INT_RE.fullmatch(s):
            n = int(float(s))
        elif _THOUSANDS_RE.fullmatch(s):
            n = int(s.replace(",", ""))
        else:
            raise RowError(column, f"expected a whole number, got {_cell(s)}")
    if n in unknown:
        return None
    if minimum is not None and n < minimum:
        raise RowError(column, f"{n} is below {minimum}")
    return n


def number(v: Any, column: str) -> float | None:
    """A decimal number ("33.7", "33,7", 33.7); None when blank."""
    if v.__class__ is str:
        try:
            f = float(v)
        except ValueError:
            f = None
        if f is not None and f - f == 0:  # finite
            return f
    if v is None:
        return None
    if isinstance(v, bool):
        raise RowError(column, f"expected a number, got {_cell(v)}")
    if isinstance(v, (int, float)):
        f = float(v)
    else:
        s = str(v).strip()
        if not s:
            return None
        try:
            f = float(s)
        except ValueError as e:
            if _DECIMAL_COMMA_RE.fullmatch(s):
                f = float(s.replace(",", "."))
            else:
                raise RowError(column, f"expected a number, got {_cell(s)}") from e
    if math.isnan(f) or math.isinf(f):
        raise RowError(column, "expected a finite number")
    return f


def coordinates(lat_v: Any, lon_v: Any, lat_col: str, lon_col: str) -> tuple[float | None, float | None]:
    """(lat, lon) inside Pakistan, or (None, None) when both are blank.

    Swapped columns and points outside Pakistan are row errors naming the column.
    """
    if lat_v.__class__ is str and lon_v.__class__ is str:  # the usual CSV cell: a point inside Pakistan
        try:
            lat, lon = float(lat_v), float(lon_v)
        except ValueError:
            pass
        else:
            if _LAT_MIN <= lat <= _LAT_MAX and _LON_MIN <= lon <= _LON_MAX:
                return lat, lon
    lat = number(lat_v, lat_col)
    lon = number(lon_v, lon_col)
    if lat is None and lon is None:
        return None, None
    if lat is None:
        raise RowError(lat_col, f"is blank but {lon_col} is {lon}")
    if lon is None:
        raise RowError(lon_col, f"is blank but {lat_col} is {lat}")
    if not -90 <= lat <= 90:
        if _in_pakistan(lon, lat):
            raise RowError(lat_col, f"latitude {lat} and longitude {lon} look swapped")
        raise RowError(lat_col, f"{lat} is not a latitude (-90..90)")
    if not -180 <= lon <= 180:
        raise RowError(lon_col, f"{lon} is not a longitude (-180..180)")
    if not _in_pakistan(lat, lon):
        if _in_pakistan(lon, lat):
            raise RowError(lat_col, f"latitude {lat} and longitude {lon} look swapped")
        b = PAKISTAN_BBOX
        if not b["lat_min"] <= lat <= b["lat_max"]:
            raise RowError(lat_col, f"{lat} is outside Pakistan ({b['lat_min']}..{b['lat_max']})")
        raise RowError(lon_col, f"{lon} is outside Pakistan ({b['lon_min']}..{b['lon_max']})")
    return lat, lon


_LAT_MIN, _LAT_MAX = PAKISTAN_BBOX["lat_min"], PAKISTAN_BBOX["lat_max"]
_LON_MIN, _LON_MAX = PAKISTAN_BBOX["lon_min"], PAKISTAN_BBOX["lon_max"]


def _in_pakistan(lat: float, lon: float) -> bool:
    b = PAKISTAN_BBOX
    return b["lat_min"] <= lat <= b["lat_max"] and b["lon_min"] <= lon <= b["lon_max"]


_MONTHS = {m.lower(): i for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"), start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_DMY_WORDS_RE = re.compile(r"(\d{1,2})[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d{2}|\d{4})")
_MDY_WORDS_RE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_SLASH_RE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})")
_YMD_SLASH_RE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")


def day(v: Any, column: str) -> dt.date:
    """A calendar date from the layouts datasets use.

    ISO ``2024-01-15`` (a time part is ignored), ``15 January 2024``, ``15-Jan-24``, ``January 15, 2024``,
    ``15/01/2024`` (day first, as ACLED writes it), ``2024/01/15``, or a spreadsheet date.
    """
    if v.__class__ is str:  # the usual CSV cell
        s = v.strip()
        if not s:
            raise RowError(column, "date is missing")
        try:
            return _parse_day(s)
        except ValueError as e:
            raise RowError(column, str(e)) from e
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if blank(v):
        raise RowError(column, "date is missing")
    if not isinstance(v, str):
        raise RowError(column, f"expected a date, got {_cell(v)}")
    try:
        return _parse_day(v.strip())
    except ValueError as e:
        raise RowError(column, str(e)) from e


@lru_cache(maxsize=8192)
def _parse_day(s: str) -> dt.date:
    m = _ISO_RE.fullmatch(s)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), s)
    m = _DMY_WORDS_RE.fullmatch(s)
    if m and m.group(2).lower() in _MONTHS:
        return _make(_year(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)), s)
    m = _MDY_WORDS_RE.fullmatch(s)
    if m and m.group(1).lower() in _MONTHS:
        return _make(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)), s)
    m = _YMD_SLASH_RE.fullmatch(s)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), s)
    m = _SLASH_RE.fullmatch(s)
    if m:
        return _make(_year(m.group(3)), int(m.group(2)), int(m.group(1)), s)
    raise ValueError(f"not a date: {s[:60]!r}")


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 70 else 1900
    return n


def _make(y: int, m: int, d: int, s: str) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError as e:
        raise ValueError(f"no such date: {s[:60]!r}") from e


@lru_cache(maxsize=4096)
def province(name: str | None) -> tuple[str | None, str | None]:
    """(display name, ISO code) for a province spelling; (the spelling, None) when unknown."""
    if not name:
        return None, None
    from geo.normalize import province_code_for

    code = province_code_for(name)
    if code is None:
        return name, None
    return PROVINCES[code], code


def split_list(v: Any, sep: str = ";") -> list[str]:
    """Non-blank, trimmed parts of a separated list."""
    s = text(v)
    if not s:
        return []
    return [p.strip() for p in s.split(sep) if p.strip()]


def stable_id(prefix: str, event_id: str) -> str | None:
    """``<prefix>-<event id>`` as an incident id; None when the event id has characters ids may not hold."""
    iid = f"{prefix}-{event_id}"
    return iid if _ID_RE.match(iid) else None


def province_from_point(lat: float | None, lon: float | None) -> tuple[str | None, str | None]:
    """(display name, ISO code) of the province containing a point, for rows whose dataset names none."""
    if lat is None or lon is None:
        return None, None
    from geo.boundaries import province_at

    code = province_at(lat, lon)
    return (PROVINCES[code], code) if code else (None, None)
