import pytest

from incidents.casualties import Count, number_value, parse_count


@pytest.mark.parametrize("text, lo, hi", [
    ("two", 2, 2),
    ("34", 34, 34),
    ("1,200", 1200, 1200),
    ("thirty-four", 34, 34),
    ("a dozen", 12, 12),
    ("two dozen", 24, 24),
    ("at least five", 5, None),
    ("at least 5 people killed", 5, None),
    ("over 50", 51, None),
    ("over fifty", 51, None),
    ("more than 10", 11, None),
    ("no fewer than 7", 7, None),
    ("50+", 50, None),
    ("as many as 30", None, 30),
    ("up to 12", None, 12),
    ("nearly 20", None, 19),
    ("around 20", 20, 20),
    ("rose to 12", 12, 12),
    ("a total of eight", 8, 8),
    ("A total of 12 people", 12, 12),
    ("5-7", 5, 7),
    ("between 5 and 7", 5, 7),
    ("dozens", 24, None),
    ("no one", 0, 0),
])
def test_wordings_give_ranges(text, lo, hi):
    c = parse_count(text)
    assert (c.min, c.max) == (lo, hi)
    assert c.text == text


@pytest.mark.parametrize("text", ["many", "several", "scores of unknown", "unknown", "not stated", "numerous"])
def test_vague_wordings_stay_unknown_never_zero(text):
    c = parse_count(text)
    assert c.min is None and c.max is None
    assert c.text == text


def test_missing_figure_is_null_without_wording():
    assert parse_count(None) == Count(None, None, None)
    assert parse_count("   ") == Count(None, None, None)


def test_reversed_range_is_not_invented():
    assert parse_count("7 to 5") == Count(None, None, "7 to 5")


@pytest.mark.parametrize("count, label", [
    (Count(5, 5, "five"), "5"),
    (Count(51, None, "over 50"), "51+"),
    (Count(None, 30, "as many as 30"), "≤30"),
    (Count(None, None, "many"), "?"),
    (Count(5, 7, "5-7"), "5–7"),
])
def test_labels_never_read_a_bound_as_exact(count, label):
    assert count.label() == label


def test_number_words():
    assert number_value("ninety-nine") == 99
    assert number_value("a hundred") == 100
    assert number_value("police") is None
