"""Tests of kgbuild.resolve.time: time expressions resolved against a publication date.

Most cases read as an article published on Sunday 2024-07-28, like the seed article; a few cross
a year boundary. A hypothesis property shows that no input string makes the resolver raise.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgbuild.resolve.time import PRECISIONS, TimeValue, expand_iso, merge_times, normalize_time

SUNDAY = "2024-07-28"


def resolved(text: str, published: str | None = SUNDAY) -> tuple[str | None, str | None, str]:
    value = normalize_time(text, published)
    assert value.text == text
    return value.begin, value.end, value.precision


def day(iso: str) -> tuple[str, str, str]:
    return iso, iso, "day"


UNKNOWN = (None, None, "unknown")


# --- seed-like cases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Saturday", day("2024-07-27")),
        ("on Thursday", day("2024-07-25")),
        ("between Friday and Saturday", ("2024-07-26", "2024-07-27", "day")),
        ("In 2023", ("2023", "2023", "year")),
        ("2020", ("2020", "2020", "year")),
        ("three days", UNKNOWN),
        ("months", UNKNOWN),
    ],
)
def test_seed_expressions(text: str, expected: tuple) -> None:
    assert resolved(text) == expected


# --- weekdays --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saturday", "2024-07-27"),
        ("on Saturday", "2024-07-27"),
        ("Saturday evening", "2024-07-27"),
        ("late on Saturday", "2024-07-27"),
        ("Saturday night", "2024-07-27"),
        ("early on Saturday morning", "2024-07-27"),
        ("Saturday's", "2024-07-27"),
        ("in the early hours of Saturday", "2024-07-27"),
        ("Thursday", "2024-07-25"),
        ("Thu", "2024-07-25"),
        ("Sunday", "2024-07-28"),
        ("on Monday evening", "2024-07-22"),
        ("last Saturday", "2024-07-27"),
        ("last Sunday", "2024-07-21"),
        ("next Saturday", "2024-08-03"),
    ],
)
def test_weekday_is_the_latest_on_or_before_publication(text: str, expected: str) -> None:
    assert resolved(text) == day(expected)


def test_weekday_across_a_year_boundary() -> None:
    assert resolved("on Thursday", "2024-01-01") == day("2023-12-28")


def test_last_weekday_is_strictly_before_publication() -> None:
    # Published on a Saturday: "Saturday" is that day, "last Saturday" the week before.
    assert resolved("Saturday", "2024-07-27") == day("2024-07-27")
    assert resolved("last Saturday", "2024-07-27") == day("2024-07-20")


# --- ranges ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("between Friday and Saturday", ("2024-07-26", "2024-07-27", "day")),
        ("between Saturday and Sunday", ("2024-07-27", "2024-07-28", "day")),
        ("between Sunday and Tuesday", ("2024-07-21", "2024-07-23", "day")),
        ("the night of Friday to Saturday", ("2024-07-26", "2024-07-27", "day")),
        ("from 25 to 27 July", ("2024-07-25", "2024-07-27", "day")),
        ("25-27 July 2024", ("2024-07-25", "2024-07-27", "day")),
        ("25–27 July 2024", ("2024-07-25", "2024-07-27", "day")),
        ("July 25-27", ("2024-07-25", "2024-07-27", "day")),
        ("between 25 and 27 July", ("2024-07-25", "2024-07-27", "day")),
        ("between July 25 and 27", ("2024-07-25", "2024-07-27", "day")),
        ("on Saturday and Sunday", ("2024-07-27", "2024-07-28", "day")),
        ("from 30 June to 2 July", ("2024-06-30", "2024-07-02", "day")),
        ("from July to September 2023", ("2023-07", "2023-09", "month")),
        ("between 2020 and 2022", ("2020", "2022", "year")),
        ("2020-2022", ("2020", "2022", "year")),
        ("2023-24", ("2023", "2024", "year")),
    ],
)
def test_ranges(text: str, expected: tuple) -> None:
    assert resolved(text) == expected


def test_range_across_a_year_boundary() -> None:
    assert resolved("from 30 December to 2 January", "2024-01-05") == ("2023-12-30", "2024-01-02", "day")
    assert resolved("from November to January", "2024-02-10") == ("2023-11", "2024-01", "month")


def test_range_in_the_wrong_order_is_unknown() -> None:
    assert resolved("from 2024 to 2020") == UNKNOWN


# --- explicit dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 25, 2024", day("2024-07-25")),
        ("on July 25th, 2024", day("2024-07-25")),
        ("25 July 2024", day("2024-07-25")),
        ("the 25th of July 2024", day("2024-07-25")),
        ("Thursday, July 25, 2024", day("2024-07-25")),
        ("on the morning of 25 July", day("2024-07-25")),
        ("Jul. 25", day("2024-07-25")),
        ("25 July", day("2024-07-25")),
        ("Sept. 3", day("2023-09-03")),  # after publication in 2024, so the year before
        ("2024-07-25", day("2024-07-25")),
        ("on 2024-07-25", day("2024-07-25")),
        ("July 2024", ("2024-07", "2024-07", "month")),
        ("in July", ("2024-07", "2024-07", "month")),
        ("in August", ("2023-08", "2023-08", "month")),
        ("mid-July", ("2024-07", "2024-07", "month")),
        ("in late July", ("2024-07", "2024-07", "month")),
        ("last July", ("2023-07", "2023-07", "month")),
        ("last month", ("2024-06", "2024-06", "month")),
        ("this month", ("2024-07", "2024-07", "month")),
        ("earlier this month", ("2024-07", "2024-07", "month")),
        ("2023", ("2023", "2023", "year")),
        ("in 2023", ("2023", "2023", "year")),
        ("since 2023", ("2023", "2023", "year")),
        ("early 2024", ("2024", "2024", "year")),
        ("last year", ("2023", "2023", "year")),
        ("this year", ("2024", "2024", "year")),
        ("the end of last year", ("2023", "2023", "year")),
        ("the 1990s", ("1990", "1999", "year")),
    ],
)
def test_explicit_dates(text: str, expected: tuple) -> None:
    assert resolved(text) == expected


def test_day_and_month_without_year_across_a_year_boundary() -> None:
    assert resolved("25 December", "2024-01-03") == day("2023-12-25")
    assert resolved("in December", "2024-01-03") == ("2023-12", "2023-12", "month")
    assert resolved("last month", "2024-01-03") == ("2023-12", "2023-12", "month")


def test_leap_day_without_year_is_the_latest_that_existed() -> None:
    assert resolved("29 February", "2027-03-01") == day("2024-02-29")


def test_impossible_dates_are_unknown() -> None:
    assert resolved("31 June 2024") == UNKNOWN
    assert resolved("2024-13-01") == UNKNOWN
    assert resolved("30 February") == UNKNOWN


# --- relative to the publication date ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", day("2024-07-27")),
        ("yesterday evening", day("2024-07-27")),
        ("last night", day("2024-07-27")),
        ("today", day("2024-07-28")),
        ("the day before yesterday", day("2024-07-26")),
        ("three days ago", day("2024-07-25")),
        ("3 days ago", day("2024-07-25")),
        ("this week", ("2024-07-22", "2024-07-28", "week")),
        ("earlier this week", ("2024-07-22", "2024-07-28", "week")),
        ("last week", ("2024-07-15", "2024-07-21", "week")),
        ("two weeks ago", ("2024-07-08", "2024-07-14", "week")),
        ("a month ago", ("2024-06", "2024-06", "month")),
        ("two years ago", ("2022", "2022", "year")),
        ("over the weekend", ("2024-07-27", "2024-07-28", "day")),
        ("last weekend", ("2024-07-20", "2024-07-21", "day")),
    ],
)
def test_relative_expressions(text: str, expected: tuple) -> None:
    assert resolved(text) == expected


def test_week_is_monday_to_sunday_across_a_year_boundary() -> None:
    assert resolved("this week", "2024-01-01") == ("2024-01-01", "2024-01-07", "week")
    assert resolved("last week", "2024-01-01") == ("2023-12-25", "2023-12-31", "week")


# --- durations and vague expressions are never guessed ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "three days", "months", "for years", "the past decade", "recent weeks", "decades",
        "two weeks", "several days ago", "in recent months", "the following day", "until Saturday",
        "before 2020", "a decade", "summer", "27/07/2024", "25", "Saturday 27", "", "   ", "-", "and", "the", "weekly",
    ],
)
def test_durations_vague_and_unparseable_are_unknown(text: str) -> None:
    assert resolved(text) == UNKNOWN


def test_text_too_long_for_a_time_expression_is_unknown() -> None:
    assert resolved("25 - " * 40 + "27 July") == UNKNOWN
    assert resolved("-" * 50_000) == UNKNOWN


# --- without a publication date ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Saturday", "on Thursday", "between Friday and Saturday", "yesterday", "this week", "25 July",
     "in July", "last year", "three days ago"],
)
def test_relative_without_publication_date_is_unknown(text: str) -> None:
    assert resolved(text, None) == UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2023", ("2023", "2023", "year")),
        ("25 July 2024", day("2024-07-25")),
        ("July 2024", ("2024-07", "2024-07", "month")),
        ("25-27 July 2024", ("2024-07-25", "2024-07-27", "day")),
        ("between Friday and Saturday 27 July 2024", ("2024-07-26", "2024-07-27", "day")),
    ],
)
def test_explicit_without_publication_date(text: str, expected: tuple) -> None:
    assert resolved(text, None) == expected


def test_a_malformed_publication_date_counts_as_none() -> None:
    assert resolved("Saturday", "last summer") == UNKNOWN
    assert resolved("Saturday", "2024-02-30") == UNKNOWN
    assert resolved("In 2023", "") == ("2023", "2023", "year")


# --- merge_times -----------------------------------------------------------------------------


def test_merge_two_days_is_a_day_span() -> None:
    merged = merge_times([normalize_time("on Thursday", SUNDAY), normalize_time("on Saturday", SUNDAY)])
    assert merged == TimeValue("on Thursday; on Saturday", "2024-07-25", "2024-07-27", "day")


def test_merge_order_does_not_matter() -> None:
    values = [normalize_time(t, SUNDAY) for t in ("Saturday", "Thursday", "between Friday and Saturday")]
    merged = merge_times(values)
    assert merged is not None
    assert (merged.begin, merged.end, merged.precision) == ("2024-07-25", "2024-07-27", "day")
    assert merge_times(reversed(values)).begin == "2024-07-25"  # type: ignore[union-attr]


def test_merge_with_a_year_takes_the_coarsest_precision() -> None:
    merged = merge_times([normalize_time("Saturday", SUNDAY), normalize_time("In 2023", SUNDAY)])
    assert merged == TimeValue("Saturday; In 2023", "2023", "2024-07-27", "year")
    merged = merge_times([normalize_time("Saturday", SUNDAY), normalize_time("this year", SUNDAY)])
    assert merged == TimeValue("Saturday; this year", "2024", "2024", "year")


def test_merge_with_a_week_and_a_month() -> None:
    merged = merge_times([normalize_time("Saturday", SUNDAY), normalize_time("last week", SUNDAY)])
    assert merged == TimeValue("Saturday; last week", "2024-07-15", "2024-07-27", "week")
    merged = merge_times([normalize_time("last week", SUNDAY), normalize_time("in June", SUNDAY)])
    assert merged == TimeValue("last week; in June", "2024-06", "2024-07-21", "month")


def test_merge_ignores_unknown_values() -> None:
    merged = merge_times([normalize_time("three days", SUNDAY), normalize_time("Saturday", SUNDAY)])
    assert merged == TimeValue("Saturday", "2024-07-27", "2024-07-27", "day")


def test_merge_of_only_unknown_values_is_the_first() -> None:
    first, second = normalize_time("months", SUNDAY), normalize_time("for years", SUNDAY)
    assert merge_times([first, second]) is first


def test_merge_of_nothing_is_none() -> None:
    assert merge_times([]) is None
    assert merge_times(iter(())) is None


def test_merge_repeats_a_text_once() -> None:
    merged = merge_times([normalize_time("Saturday", SUNDAY)] * 2)
    assert merged == TimeValue("Saturday", "2024-07-27", "2024-07-27", "day")


# --- expand_iso ------------------------------------------------------------------------------


def test_expand_iso() -> None:
    assert expand_iso("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert expand_iso("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert expand_iso("2024-07-27") == (date(2024, 7, 27), date(2024, 7, 27))
    with pytest.raises(ValueError):
        expand_iso("July")


# --- properties ------------------------------------------------------------------------------

_WORDS = [
    "on", "in", "since", "between", "from", "and", "to", "-", "last", "this", "next", "the", "late",
    "early", "mid-", "of", "ago", "evening", "night", "Saturday", "Sunday", "Monday", "July", "Feb",
    "December", "25", "29", "31", "1", "0", "2024", "2023", "0001", "9999", "1990s", "24", "3rd",
    "day", "days", "week", "weeks", "month", "months", "year", "years", "weekend", "yesterday",
    "today", "tomorrow", "three", "a", "2024-07-25", "2024-02-30", "9999-12-31", "0001-01-01", ",",
    ".", "’s", "–",
]
expressions = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(_WORDS), max_size=7).map(" ".join),
    st.lists(st.sampled_from(_WORDS), max_size=7).map("".join),
)
publication_dates = st.one_of(st.none(), st.dates().map(date.isoformat), st.text(max_size=12))


def check_well_formed(value: TimeValue) -> None:
    assert value.precision in (*PRECISIONS, "unknown")
    if value.precision == "unknown":
        assert value.begin is None and value.end is None
        return
    assert value.begin is not None and value.end is not None
    begin, end = expand_iso(value.begin), expand_iso(value.end)
    assert begin[0] <= end[1]
    if len(value.begin) == len(value.end):
        assert value.begin <= value.end


@settings(max_examples=400, deadline=None)
@given(text=expressions, published=publication_dates)
def test_normalize_time_never_raises_and_keeps_begin_before_end(text: str, published: str | None) -> None:
    value = normalize_time(text, published)
    assert value.text == text
    check_well_formed(value)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(expressions, max_size=5), published=st.dates().map(date.isoformat))
def test_merge_covers_every_known_value(texts: list[str], published: str) -> None:
    values = [normalize_time(t, published) for t in texts]
    merged = merge_times(values)
    if not values:
        assert merged is None
        return
    assert merged is not None
    check_well_formed(merged)
    for value in values:
        if value.precision != "unknown":
            assert expand_iso(merged.begin)[0] <= expand_iso(value.begin)[0]  # type: ignore[arg-type]
            assert expand_iso(value.end)[1] <= expand_iso(merged.end)[1]  # type: ignore[arg-type]
