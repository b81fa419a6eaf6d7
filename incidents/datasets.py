"""What each source of records is, and the licence or terms it comes under: one table, read by the
data page's coverage, the charts' footnotes and the exports' "About".

A record names its dataset in ``dataset`` ("ACLED", "GTD", "UCDP"); a record without one is a news
report or an analyst's entry (:data:`REPORTS`), or one of the bundled seed incidents (:data:`SEEDS`,
ids ``seed-…``). Only UCDP gives its data a licence (CC BY 4.0); ACLED and GTD come under their
publishers' own terms of use, which are named and summarised here, never turned into a licence.
"""
from __future__ import annotations

from dataclasses import dataclass

#: The source of records without a dataset: news reports and analysts' entries.
REPORTS = "report"
#: The source of the bundled seed incidents (records without a dataset whose id starts ``seed-``).
SEEDS = "seed"
SEED_ID_PREFIX = "seed-"
#: The terms of a dataset we do not know: named, never guessed.
OWN_TERMS = "the dataset's own terms of use (not restated here)"


@dataclass(frozen=True)
class DatasetTerms:
    """A source of records: its name, the licence or terms its data comes under, how to cite it."""

    title: str
    #: Short name for chart footnotes ("UCDP GED").
    short: str
    #: The terms in one line, as the data page shows them.
    terms: str
    #: The terms in a few words, for a chart footnote ("CC BY 4.0").
    terms_short: str
    #: A licence the publisher gives the data (None: its own terms of use, not a licence).
    licence: str | None = None
    licence_url: str | None = None
    citation: str = ""


#: The datasets we know, by the name records carry in ``dataset``, and the two sources without one.
DATASET_TERMS: dict[str, DatasetTerms] = {
    "UCDP": DatasetTerms(
        "UCDP Georeferenced Event Dataset (GED)", "UCDP GED",
        "CC BY 4.0: free to share and adapt with attribution (Uppsala Conflict Data Program)",
        "CC BY 4.0", licence="CC BY 4.0", licence_url="https://creativecommons.org/licenses/by/4.0/",
        citation="Sundberg, Ralph and Erik Melander (2013). Introducing the UCDP Georeferenced Event Dataset. "
                 "Journal of Peace Research 50(4): 523–532"),
    "ACLED": DatasetTerms(
        "Armed Conflict Location & Event Data (ACLED)", "ACLED",
        "ACLED's own terms of use: attribution required (Armed Conflict Location & Event Data, acleddata.com)",
        "ACLED terms, attribution required",
        citation="Armed Conflict Location & Event Data (ACLED); www.acleddata.com"),
    "GTD": DatasetTerms(
        "Global Terrorism Database (GTD)", "GTD",
        "the GTD's own terms of use (START, University of Maryland): cite START as the source",
        "START/University of Maryland terms",
        citation="National Consortium for the Study of Terrorism and Responses to Terrorism (START), "
                 "University of Maryland. The Global Terrorism Database (GTD)"),
    REPORTS: DatasetTerms(
        "News reports and analysts' entries", "reports",
        "the outlets' own: each record cites the report it comes from", "outlets as cited"),
    SEEDS: DatasetTerms(
        "Seed incidents bundled with Incident Atlas", "seed incidents",
        "drawn from news reports; each record cites its report", "from news reports"),
}


def terms_of(source: str) -> DatasetTerms:
    """The terms of a source of records; a dataset we do not know is named with its own terms."""
    return DATASET_TERMS.get(source) or DatasetTerms(
        source, source, OWN_TERMS, "own terms")


__all__ = ["DATASET_TERMS", "DatasetTerms", "OWN_TERMS", "REPORTS", "SEEDS", "SEED_ID_PREFIX", "terms_of"]
