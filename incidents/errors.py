"""Typed errors of the incident domain, beneath the one root :class:`AtlasError`.

The root is defined in :mod:`geo.errors` (``geo`` is the package every other one imports, so the
root sits below them all) and re-exported here; the whole tree is drawn in that module's docstring.
"""
from __future__ import annotations

from geo.errors import AtlasError

__all__ = ["AtlasError", "ValidationError", "FilterError", "StoreError", "UsageError", "ExportError"]


class ValidationError(AtlasError, ValueError):
    """A value that cannot be stored; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class FilterError(ValidationError):
    """A filter value (URL parameter or CLI flag) that cannot be understood."""


class StoreError(AtlasError):
    """The database cannot be opened, migrated or written."""


class PermissionDenied(StoreError):
    """A write the store refuses: a read-only Atlas (``ATLAS_READ_ONLY``), or a user whose role may
    not do it (:mod:`incidents.accounts`). Checked in the store, on the server, for every write."""


class UsageError(AtlasError):
    """Bad command-line arguments (the command line exits with status 2)."""


class ExportError(AtlasError, RuntimeError):
    """An export cannot be written at all (e.g. the package a format needs is missing)."""
