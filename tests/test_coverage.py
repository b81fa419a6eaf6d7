"""incidents.coverage: spans merged from the store's figures, bins inside or outside them, wording."""
from __future__ import annotations

import datetime as dt

import numpy as np

from incidents.coverage import Coverage, DatasetCoverage, period_end

D = dt.date
AT = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc)


def test_from_rows_merges_precisions_and_extends_coarse_dates_to_their_period():
    cov = Coverage.from_rows([
        ("UCDP", "day", D(1989, 1, 14), D(2018, 6, 3), 5, AT),
        ("UCDP", "year", D(2019, 1, 1), D(2019, 1, 1), 1, AT - dt.timedelta(days=1)),
        ("report", "day", D(2022, 5, 5), D(2022, 6, 5), 2, None),
        ("seed", "day", D(2023, 9, 29), D(2024, 9, 14), 3, AT),
        ("GTD", "month", D(2010, 2, 1), D(2012, 2, 1), 4, AT),
        ("NEWSET", "day", D(2000, 1, 1), D(2000, 1, 2), 1, AT),
    ], outlets=["Dawn", "Reuters", "AP", "AFP"])
    assert [d.source for d in cov.datasets] == ["UCDP", "GTD", "NEWSET", "report", "seed"]
    ucdp = cov.datasets[0]
    assert (ucdp.first, ucdp.last, ucdp.records, ucdp.last_import) == (D(1989, 1, 14), D(2019, 12, 31), 6, AT)
    assert cov.datasets[1].last == D(2012, 2, 29)  # a month-precision date covers its month (leap year)
    report = cov.datasets[3]
    assert report.last_import is None and report.row()["Last import"] == "—"
    assert report.terms_line() == "the outlets' own: Dawn, Reuters, AP and 1 more"
    assert "own terms" in cov.datasets[2].terms_line()  # a dataset we do not know: its own terms, no guess
    assert ucdp.row() == {"Source": "UCDP Georeferenced Event Dataset (GED)", "Records": "6",
                          "First date": "14 Jan 1989", "Last date": "31 Dec 2019",
                          "Last import": "2 Jan 2026 03:04 UTC",
                          "Licence / terms": ucdp.terms.terms, "Cite as": ucdp.terms.citation}
    assert cov.footnote().startswith("Coverage: UCDP GED Jan 1989–Dec 2019 (CC BY 4.0); GTD Feb 2010–Feb 2012 "
                                     "(START/University of Maryland terms); NEWSET Jan 2000 (own terms); reports")


def test_covered_bins_overlap_a_span_and_adjacent_spans_merge():
    cov = Coverage((DatasetCoverage("A", D(2020, 1, 15), D(2020, 3, 31), 1, None),
                    DatasetCoverage("B", D(2020, 4, 1), D(2020, 4, 10), 1, None),
                    DatasetCoverage("C", D(2021, 1, 1), D(2021, 1, 1), 1, None)))
    assert cov.periods == ((D(2020, 1, 15), D(2020, 4, 10)), (D(2021, 1, 1), D(2021, 1, 1)))
    starts = np.array(["2020-01-01", "2020-04-01", "2020-05-01", "2020-12-01", "2021-01-01"], dtype="datetime64[D]")
    ends = np.array(["2020-01-31", "2020-04-30", "2020-05-31", "2020-12-31", "2021-01-31"], dtype="datetime64[D]")
    # a month partly covered (January from the 15th) counts as covered; May to December: no source
    assert cov.covered(starts, ends).tolist() == [True, True, False, False, True]
    assert Coverage().covered(starts, ends).all()  # nothing known: nothing marked "no data"
    assert not Coverage() and Coverage().footnote() == ""


def test_period_end():
    assert period_end(D(2023, 2, 1), "month") == D(2023, 2, 28)
    assert period_end(D(2023, 1, 1), "year") == D(2023, 12, 31)
    assert period_end(D(2023, 1, 9), "day") == D(2023, 1, 9)


def test_a_dataset_filter_keeps_only_its_sources_coverage():
    cov = Coverage.from_rows([
        ("UCDP", "day", D(1989, 1, 14), D(2021, 12, 31), 5, AT),
        ("ACLED", "day", D(2022, 1, 1), D(2024, 6, 30), 4, AT),
        ("report", "day", D(2023, 9, 29), D(2023, 9, 29), 2, None),
        ("seed", "day", D(2024, 9, 14), D(2024, 9, 14), 3, AT),
    ])
    assert cov.of([]) is cov
    assert [d.source for d in cov.of(["ucdp"]).datasets] == ["UCDP"]  # names in any case
    assert [d.source for d in cov.of(["none"]).datasets] == ["report", "seed"]  # records without a dataset
    ucdp = cov.of(["UCDP"])  # 2022 onwards is "no data" when only UCDP is shown, though ACLED covers it
    assert ucdp.covered(np.array([D(2021, 12, 1), D(2022, 3, 1)], dtype="datetime64[D]"),
                        np.array([D(2021, 12, 31), D(2022, 3, 31)], dtype="datetime64[D]")).tolist() == [True, False]
    assert cov.covered(np.array([D(2022, 3, 1)], dtype="datetime64[D]"),
                       np.array([D(2022, 3, 31)], dtype="datetime64[D]")).tolist() == [True]
