"""The geocoder the settings ask for, cached in the store."""
from __future__ import annotations

from typing import TYPE_CHECKING

from geo.geocoder import CachedGeocoder, Geocoder, get_geocoder

from .settings import Settings, get_settings

if TYPE_CHECKING:
    from .store import Store


def configured_geocoder(settings: Settings | None = None, store: "Store | None" = None,
                        backend: str | None = None) -> Geocoder:
    """The backend named by ``ATLAS_GEOCODER`` (or ``backend``); online ones only when
    ``ATLAS_ONLINE_GEOCODING`` allows it. Results are cached in ``store`` when given.

    Raises geo.errors.GeocoderConfigError for an unknown name, GeocoderUnavailable when disabled.
    """
    settings = settings or get_settings()
    name = (backend or settings.geocoder or "offline").strip().lower()
    options = {}
    if name == "nominatim":
        options = {"allow_online": settings.online_geocoding, "user_agent": settings.nominatim_user_agent}
    geocoder = get_geocoder(name, **options)
    return CachedGeocoder(geocoder, store.geocode_cache) if store is not None else geocoder
