"""One settings object, read from environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from .paths import ROOT

DEFAULT_DB_PATH = ROOT / "var" / "incident_atlas.sqlite"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _number(value: str | None, default: float) -> float:
    """A positive number, else the default (NaN, 0 or text would make sessions last for ever or never)."""
    try:
        n = float(value) if value is not None and value.strip() else default
    except ValueError:
        return default
    return n if 0 < n < 1e6 else default


#: The values ``ATLAS_AUTH`` takes (see :class:`Settings`).
AUTH_MODES = ("auto", "on", "off", "oidc")


@dataclass(frozen=True)
class Settings:
    """Runtime configuration.

    Environment: ``DATABASE_URL`` (default: a SQLite file under ``var/``), ``ATLAS_SEED`` (seed a new
    database with the bundled incidents, default on), ``ATLAS_GEOCODER`` (backend name, default
    ``offline``), ``ATLAS_ONLINE_GEOCODING`` (allow an online geocoder, default off),
    ``ATLAS_NOMINATIM_USER_AGENT``, ``ATLAS_ONLINE_TILES`` (offer online map tiles, default off),
    ``ATLAS_READ_ONLY`` (refuse every write: a briefing screen or a public mirror, default off),
    ``ATLAS_AUTH`` (the dashboard's sign-in: ``auto``, the default, off on the loopback address and
    required on any other; ``on``; ``off``, refused on a non-loopback address; ``oidc``, Streamlit's
    ``st.login`` mapped to the users table by e-mail), ``ATLAS_SESSION_HOURS`` (a signed-in session
    ends after this many hours, default 12).

    Import limits, each checked before the file is read into memory (a file over one is refused
    with a one-line message naming it): ``ATLAS_MAX_UPLOAD_MB`` (an uploaded file, default 50;
    ``.streamlit/config.toml``'s ``server.maxUploadSize`` says the same), ``ATLAS_MAX_FILE_MB`` (a
    file on disk, read by the command line, default 2048: CSV is streamed), ``ATLAS_MAX_ROWS``
    (rows per file, default 2,000,000), ``ATLAS_MAX_CELL_CHARS`` (the longest cell, and the longest
    line of a text file, default 1,000,000), ``ATLAS_MAX_XLSX_MB`` (a workbook unpacked, default
    200), ``ATLAS_MAX_SHARED_STRINGS`` (distinct strings of a workbook, default 1,000,000),
    ``ATLAS_MAX_GEOJSON_MB`` (GeoJSON is parsed whole, default 20), ``ATLAS_MAX_GEOJSON_DEPTH``
    (nesting of objects and arrays, default 32).
    """

    database_url: str
    seed: bool = True
    geocoder: str = "offline"
    online_geocoding: bool = False
    nominatim_user_agent: str = "incident-atlas"
    online_tiles: bool = False
    read_only: bool = False
    auth: str = "auto"
    session_hours: float = 12.0
    max_upload_mb: int = 50
    max_file_mb: int = 2048
    max_rows: int = 2_000_000
    max_cell_chars: int = 1_000_000
    max_xlsx_mb: int = 200
    max_shared_strings: int = 1_000_000
    max_geojson_mb: int = 20
    max_geojson_depth: int = 32

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        url = (env.get("DATABASE_URL") or "").strip() or f"sqlite:///{DEFAULT_DB_PATH}"
        return cls(
            database_url=url,
            seed=_flag(env.get("ATLAS_SEED"), True),
            geocoder=(env.get("ATLAS_GEOCODER") or "offline").strip(),
            online_geocoding=_flag(env.get("ATLAS_ONLINE_GEOCODING"), False),
            nominatim_user_agent=(env.get("ATLAS_NOMINATIM_USER_AGENT") or "incident-atlas").strip(),
            online_tiles=_flag(env.get("ATLAS_ONLINE_TILES"), False),
            read_only=_flag(env.get("ATLAS_READ_ONLY"), False),
            auth=(env.get("ATLAS_AUTH") or "auto").strip().lower(),
            session_hours=_number(env.get("ATLAS_SESSION_HOURS"), 12.0),
            **{name: _positive(env, f"ATLAS_{name.upper()}", default) for name, default in _LIMITS.items()},
        )


#: The import limits (field name -> default), each read from ``ATLAS_<NAME>``.
_LIMITS = {f: Settings.__dataclass_fields__[f].default for f in (
    "max_upload_mb", "max_file_mb", "max_rows", "max_cell_chars", "max_xlsx_mb", "max_shared_strings",
    "max_geojson_mb", "max_geojson_depth")}


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number ≥ 1 from ``env[name]`` (underscores and commas allowed); ``default`` when unset."""
    raw = (env.get(name) or "").strip().replace("_", "").replace(",", "")
    if not raw:
        return default
    try:
        n = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {env.get(name)!r}") from None
    if n < 1:
        raise ValueError(f"{name} must be 1 or more")
    return n


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings.from_env()
