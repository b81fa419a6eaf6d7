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
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings.from_env()
