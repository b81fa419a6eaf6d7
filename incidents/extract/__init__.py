"""Incidents from news reports: a rule-based, explainable extractor.

``extract_incidents(text, published=..., url=...)`` returns an :class:`ExtractionResult` whose incidents
are data-core :class:`~incidents.models.Incident` objects, each field with the sentence it came from.
"""
from __future__ import annotations

from .model import ExtractedIncident, ExtractionResult
from .pipeline import MAX_INPUT_CHARS, MAX_TEXT_CHARS, extract_incidents, report_urn

__all__ = ["extract_incidents", "ExtractedIncident", "ExtractionResult", "MAX_INPUT_CHARS", "MAX_TEXT_CHARS",
           "report_urn"]
