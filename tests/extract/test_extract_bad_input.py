"""Bad input gets a clear, empty result with a reason — never an exception."""
from __future__ import annotations

import pytest

from incidents.errors import ValidationError
from incidents.extract import MAX_INPUT_CHARS, MAX_TEXT_CHARS, extract_incidents

REPORT = ("QUETTA: A bomb exploded near a police van in Mastung district on Monday, killing two policemen, "
          "officials said.\n")


@pytest.mark.parametrize("text", [None, "", "   \n\t  ", b"", "\x00\x01\x02"])
def test_empty_input(text):
    res = extract_incidents(text)
    assert res.incidents == [] and res.reason.startswith("no ")


def test_five_megabytes_of_text_is_refused_with_the_size():
    text = REPORT * (5_000_000 // len(REPORT) + 1)
    res = extract_incidents(text)
    assert res.incidents == []
    assert res.reason.startswith("too long") and str(MAX_INPUT_CHARS) in res.reason


def test_text_just_over_the_article_limit_is_refused_after_cleaning():
    text = REPORT * (MAX_TEXT_CHARS // len(REPORT) + 2)
    res = extract_incidents(text)
    assert res.incidents == [] and "too long" in res.reason and str(MAX_TEXT_CHARS) in res.reason


def test_bytes_are_decoded():
    res = extract_incidents(REPORT.encode("utf-8"), published="2024-03-06")
    assert [e.incident.district for e in res.incidents] == ["Mastung"]


def test_html_without_visible_text():
    res = extract_incidents("<html><head><script>var a = 'bomb kills 5';</script></head><body></body></html>")
    assert res.incidents == [] and res.reason.startswith("no text")


def test_hostile_markup_is_text_not_markup():
    res = extract_incidents("<p>A bomb exploded in Quetta on Monday, killing two policemen "
                            "<script>alert(1)</script><img src=x onerror=alert(1)>.</p><p>More text here.</p>",
                            published="2024-03-06")
    assert "alert" not in res.text and "<" not in res.text
    assert res.incidents and res.incidents[0].incident.district == "Quetta"


def test_text_without_an_attack():
    res = extract_incidents("The provincial cabinet met on Monday to discuss the budget for the coming year, "
                            "officials said, and approved new spending on schools and roads in Quetta.")
    assert res.incidents == [] and res.reason == "no attack described"


def test_no_publication_date_still_extracts_with_a_warning():
    res = extract_incidents("A bomb exploded in Quetta, killing two policemen, police said.")
    assert res.published is None and any("publication date" in w for w in res.warnings)
    ext = res.incidents[0]
    assert any("date" in w for w in ext.warnings)


def test_malformed_published_argument_is_a_validation_error():
    with pytest.raises(ValidationError) as e:
        extract_incidents(REPORT, published="16/09/2024")
    assert e.value.field == "published"


def test_wrong_type_raises_type_error():
    with pytest.raises(TypeError):
        extract_incidents(12345)  # type: ignore[arg-type]


def test_a_headline_alone_is_read_as_the_story():
    res = extract_incidents("Blast kills five policemen in Quetta", published="2024-03-06")
    [ext] = res.incidents
    assert (ext.incident.district, ext.incident.killed_min) == ("Quetta", 5)


def test_a_security_operation_is_flagged_for_review():
    res = extract_incidents("Security forces killed 10 terrorists in an intelligence-based operation in North "
                            "Waziristan on Monday, the ISPR said.", published="2024-03-06")
    [ext] = res.incidents
    assert ext.incident.killed_min is None and ext.attackers_killed.min == 10
    assert any("security-forces operation" in w for w in ext.warnings)


def test_a_run_on_text_is_cut_into_bounded_sentences():
    from incidents.extract.text import MAX_SENTENCE, split_sentences

    text = "bomb killed at least five people were killed in Quetta " * 300
    parts = split_sentences(text)
    assert len(parts) > 10 and max(len(s.text) for s in parts) <= MAX_SENTENCE
    assert extract_incidents(text, published="2024-03-06").incidents  # still read


def test_a_failing_geocoder_does_not_lose_the_extraction():
    class Broken:
        def geocode(self, *a, **kw):
            raise RuntimeError("backend down")

    res = extract_incidents(REPORT, published="2024-03-06", geocoder=Broken())
    [ext] = res.incidents
    assert ext.incident.location == "Mastung" and ext.incident.lat is None
    assert any("geocoder failed" in w for w in ext.warnings)
