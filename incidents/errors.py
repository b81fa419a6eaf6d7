"""Typed errors of the incident domain."""
from __future__ import annotations


class AtlasError(Exception):
    """Base class of every error Incident Atlas raises on purpose."""


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
