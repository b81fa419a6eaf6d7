"""Typed errors raised by the geocoders (geopy-style, small tree)."""
from __future__ import annotations

__all__ = ["GeocoderError", "GeocoderQueryError", "GeocoderUnavailable", "GeocoderConfigError"]


class GeocoderError(Exception):
    """Base class of every geocoding error."""


class GeocoderQueryError(GeocoderError):
    """The query itself is unusable (wrong type, no letters, far too long)."""


class GeocoderUnavailable(GeocoderError):
    """The backend is disabled, not installed or unreachable."""


class GeocoderConfigError(GeocoderError):
    """Unknown backend name or invalid backend options."""
