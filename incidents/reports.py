"""Saving a news report's incidents: which of them a stored record tells of already, and the tolls the
report gives for several of them together (kept on them together, never split). One rule for the
command line (``extract --save``) and the dashboard's Add report page."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Sequence

from .models import Incident

if TYPE_CHECKING:
    from .events.related import RelatedToll

log = logging.getLogger(__name__)


def already_stored(store: Any, inc: Incident, *, several: bool = False) -> list[Incident]:
    """Stored records that cite this report already: saving the incident again would store it twice.
    A report of one incident is stored once whatever a reviewer corrected since (place, date); a
    report of ``several`` incidents cites each of them, so only a record of the same date and place
    is this incident's."""
    cited = list(store.citing(s.url for s in inc.sources))
    if several:
        cited = [r for r in cited if r.date == inc.date and r.location == inc.location]
    return cited


def relate_combined(store: Any, result: Any, record_ids: Sequence[str | None]) -> list["RelatedToll"]:
    """Keep the report's combined tolls (``ExtractionResult.combined``) on its stored incidents
    (``record_ids``, by position; None where one is not stored) together, with the report as their
    source; returns what was kept. Saving the report again replaces its tolls instead of adding more."""
    from .events.related import from_report

    sources = result.incidents[0].incident.sources if result.incidents else []
    source = result.url or (sources[0].url if sources else None)
    tolls = from_report(result.combined, record_ids, source)
    for toll in tolls:
        store.relate(toll)
        log.info("kept a toll for %d incidents together as %s", len(toll.records), toll.id)
    return tolls
