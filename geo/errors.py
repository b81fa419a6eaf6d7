"""Typed errors: the root of every error Incident Atlas raises on purpose, and the geocoders' own.

:class:`AtlasError` lives here, in the lowest package, because imports flow one way only:
``atlas`` imports ``incidents``, which imports ``geo``, and ``geo`` imports neither. Every package
can therefore subclass the one root without a cycle; ``incidents.errors`` re-exports it and holds
the domain's errors. The tree (geopy-style, small and typed)::

    AtlasError
    ├── GeocoderError                      geo.errors
    │   ├── GeocoderQueryError
    │   ├── GeocoderUnavailable
    │   └── GeocoderConfigError
    ├── DumpError (also ValueError)        geo.build_gazetteer
    ├── ValidationError (also ValueError)  incidents.errors
    │   └── FilterError
    ├── StoreError, UsageError, ExportError (also RuntimeError)
    │   └── PermissionDenied               (a StoreError: the store's write gate)
    ├── AccountError                       incidents.accounts
    │   ├── NoSuchAccount (also LookupError), AccountExists
    │   └── SignInRefused
    ├── AccessRefused (also RuntimeError)  atlas.access
    ├── UnreadableFileError                incidents.io.readers
    ├── RowError                           incidents.io.values
    ├── ReaderProcessError (also RuntimeError)  incidents.io.reader_process
    ├── OfflineAssetError                  atlas.offline
    └── UploadError (also ValueError)      atlas.review

``tests/test_errors.py`` holds every public error class of ``geo``, ``incidents`` and ``atlas`` to it.
"""
from __future__ import annotations

__all__ = ["AtlasError", "GeocoderError", "GeocoderQueryError", "GeocoderUnavailable", "GeocoderConfigError"]


class AtlasError(Exception):
    """Base class of every error Incident Atlas raises on purpose."""


class GeocoderError(AtlasError):
    """Base class of every geocoding error."""


class GeocoderQueryError(GeocoderError):
    """The query itself is unusable (wrong type, no letters, far too long)."""


class GeocoderUnavailable(GeocoderError):
    """The backend is disabled, not installed or unreachable."""


class GeocoderConfigError(GeocoderError):
    """Unknown backend name or invalid backend options."""
