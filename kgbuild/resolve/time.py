"""Resolve stage: English time expressions → ISO dates with a precision.

spaCy's DATE entities ("on Saturday", "between Friday and Saturday", "In 2023", "last week") are
resolved here against the article's publication date, so that an event can carry
``sem:hasBeginTimeStamp`` / ``sem:hasEndTimeStamp`` and ``kg:timePrecision``. Pure standard
library: no spaCy, no rdflib.

Values are ISO strings whose length is their granularity: ``"2024-07-27"`` (a day, also used for
the Monday and Sunday bounding a week), ``"2024-07"`` (a month), ``"2024"`` (a year). Anything
that is a duration ("three days", "for years"), vague ("recent weeks", "the past decade") or not
understood stays unknown: a time is never guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

__all__ = ["PRECISIONS", "TimeValue", "normalize_time", "merge_times", "expand_iso"]

PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
"""Known precisions, finest first (``kg:timePrecision``); anything else is ``"unknown"``."""

UNKNOWN = "unknown"
MAX_LENGTH = 160
"""Longer text is no single time expression; the cap also bounds the work on arbitrary input."""


@dataclass(frozen=True, slots=True)
class TimeValue:
    """When something happened, as precisely as the words allow."""

    text: str
    """The words as written, e.g. "between Friday and Saturday"."""
    begin: str | None
    """ISO day, month or year; None when unknown."""
    end: str | None
    """Same format; equal to ``begin`` for a single day, month or year."""
    precision: str
    """"day", "week", "month", "year" or "unknown"."""


# (begin, end, precision) of a resolved expression, before its text is attached.
_Span = tuple[str, str, str]

# English calendar words. They are facts of the language the parser reads, not domain knowledge,
# so they live with the grammar that uses them rather than in ontologies/.
_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"),
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
):
    _WEEKDAYS[_name] = _number
    _WEEKDAYS[_name[:3]] = _number
_WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

# Days counted from the publication date.
_DEICTIC_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "day before yesterday": -2,
    "tomorrow": 1, "day after tomorrow": 2,
}


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that "september" wins over "sep".
    return "|".join(sorted(words, key=len, reverse=True))


_MON = _alternation(_MONTHS)
_WD = _alternation(_WEEKDAYS)
_DAY = r"(?:the )?([0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"([0-9]{4})"

_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR_ONLY = re.compile(rf"(?:year )?{_YEAR}")
_DECADE = re.compile(r"([0-9]{3})0s")
_MONTH_YEAR = re.compile(rf"({_MON})(?: of)? {_YEAR}")
_DAY_MONTH = re.compile(rf"(?:(?:{_WD}) )?{_DAY}(?: of)? ({_MON})(?: {_YEAR})?")
_MONTH_DAY = re.compile(rf"(?:(?:{_WD}) )?({_MON}) {_DAY}(?: {_YEAR})?")
_MONTH = re.compile(rf"(?:(last|past|this|next) )?({_MON})")
_WEEKDAY = re.compile(rf"(?:(last|past|this|next) )?({_WD})")
_DEICTIC_PERIOD = re.compile(r"(last|this|next) (week|weekend|month|year)|(weekend)")
_AGO = re.compile(r"([0-9]+|[a-z]+) (day|week|month|year)s? ago")
_BARE_DAY = re.compile(_DAY)
_TWO_DIGIT_YEAR = re.compile(r"[0-9]{2}")

# Words before the date itself that do not move it: prepositions, "late on", "mid-", "the end of",
# "the night of". "before", "after" and "until" do move it, and are not stripped.
_PREFIX = re.compile(
    r"(?:on|in|at|during|since|by|of|around|about|circa|c|over|from|between|throughout|as of"
    r"|early|late|mid|earlier|later|the|end of|beginning of|start of|middle of"
    r"|(?:early |late |small )?(?:morning|afternoon|evening|night|hours|dawn) of)(?: |-)"
)
# A time of day after it: "Saturday evening", "Friday night", "yesterday at dawn".
_SUFFIX = re.compile(
    r" (?:(?:in the |at )?(?:early |late )?"
    r"(?:morning|afternoon|evening|night|overnight|noon|midday|midnight|dawn|dusk|hours)"
    r"|local time)"
)
# What joins the two ends of a range: "between Friday and Saturday", "25-27 July", "from May to June".
_CONNECTOR = re.compile(r" ?- ?| (?:and|to|through|thru|until|till) ")
_PUBLISHED = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def normalize_time(text: str, published: str | None) -> TimeValue:
    """Resolve one time expression against the publication date ("YYYY-MM-DD" or None).

    Never raises: what cannot be resolved comes back with ``begin``/``end`` None and precision
    "unknown", keeping the text.
    """
    pub = _parse_published(published)
    try:
        span = _resolve(_clean(text), pub)
    except (ValueError, OverflowError):
        # Calendar arithmetic at the edges of date's range (year 1, year 9999); such inputs are
        # nonsense for news, and an unknown time is the honest answer.
        span = None
    if span is None:
        return TimeValue(text, None, None, UNKNOWN)
    return TimeValue(text, *span)


def merge_times(values: Iterable[TimeValue]) -> TimeValue | None:
    """The span covering the times of several mentions of one event.

    Earliest begin, latest end (compared on the dates they stand for); precision "day" when every
    known value is day-level, else the coarsest among them. Unknown values are ignored unless all
    are unknown, in which case the first is returned; an empty input gives None. The texts of the
    values used are joined with "; ".
    """
    values = list(values)
    if not values:
        return None
    known: list[tuple[TimeValue, tuple[date, date], tuple[date, date]]] = []
    for value in values:
        if value.precision not in PRECISIONS or (value.begin is None and value.end is None):
            continue
        begin = value.begin if value.begin is not None else value.end
        end = value.end if value.end is not None else value.begin
        try:
            known.append((value, expand_iso(begin), expand_iso(end)))  # type: ignore[arg-type]
        except ValueError:
            continue
    if not known:
        return values[0]
    # Among bounds that fall on the same date, the coarser string covers more.
    first = min(known, key=lambda k: (k[1][0], len(k[0].begin or k[0].end or "")))
    last = max(known, key=lambda k: (k[2][1], len(k[0].end or k[0].begin or "")))
    precisions = {k[0].precision for k in known}
    precision = "day" if precisions == {"day"} else max(precisions, key=PRECISIONS.index)
    texts = list(dict.fromkeys(k[0].text for k in known))
    return TimeValue(
        "; ".join(texts),
        first[0].begin if first[0].begin is not None else first[0].end,
        last[0].end if last[0].end is not None else last[0].begin,
        precision,
    )


def expand_iso(value: str) -> tuple[date, date]:
    """First and last day of an ISO day, month ("2024-07") or year ("2024"); ValueError otherwise."""
    if m := _ISO_DAY.fullmatch(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := _ISO_MONTH.fullmatch(value):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if re.fullmatch(r"[0-9]{4}", value):
        year = int(value)
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"not an ISO day, month or year: {value!r}")


# --- parsing ---------------------------------------------------------------------------------


def _parse_published(published: str | None) -> date | None:
    if not isinstance(published, str):
        return None
    m = _PUBLISHED.match(published.strip())
    return _date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _clean(text: str) -> str:
    """Lower case, one space between words, one kind of dash, no other punctuation."""
    s = text.lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"['\u2019]s\b", "", s)
    s = re.sub(r"[^\w\s-]|_", " ", s)
    return " ".join(s.split())


def _strip_prefix(s: str) -> str:
    """Remove the words before a date that do not change it ("late on", "the end of")."""
    while (m := _PREFIX.match(s)) and m.end() < len(s):
        s = s[m.end():]
    return s


def _strip_suffix(s: str) -> str:
    """Remove a time of day after a date ("evening", "at dawn")."""
    while (m := _SUFFIX.search(s)) and m.end() == len(s) and m.start() > 0:
        s = s[: m.start()]
    return s


def _resolve(s: str, pub: date | None) -> _Span | None:
    if len(s) > MAX_LENGTH:
        return None
    s = _strip_prefix(s)
    if not s:
        return None
    span = _resolve_side(s, pub, pub)
    if span is not None:
        return span
    return _resolve_range(s, pub)


def _resolve_side(s: str, pub: date | None, anchor: date | None) -> _Span | None:
    """One point in time; ``anchor`` is the date an implicit year or a bare weekday is read back from."""
    # "last night" ends in a time-of-day word: try the words as they are first.
    span = _resolve_point(s, pub, anchor)
    if span is None:
        stripped = _strip_suffix(s)
        if stripped != s:
            span = _resolve_point(stripped, pub, anchor)
    return span


def _resolve_range(s: str, pub: date | None) -> _Span | None:
    for m in _CONNECTOR.finditer(s):
        left, right = _strip_prefix(s[: m.start()]), _strip_prefix(s[m.end():])
        if not left or not right:
            continue
        span = _join(left, right, pub)
        if span is not None:
            return span
    return None


def _join(left: str, right: str, pub: date | None) -> _Span | None:
    """A range from its two ends; a bare end borrows its month or century from the other."""
    end = _resolve_side(right, pub, pub)
    if end is not None:
        if _BARE_DAY.fullmatch(left) and end[2] == "day":
            start = _borrow_day(left, end[0], later=False)
        else:
            # "Friday" in "between Friday and Saturday" is the Friday before that Saturday.
            start = _resolve_side(left, pub, expand_iso(end[1])[1])
    else:
        start = _resolve_side(left, pub, pub)
        if start is None:
            return None
        if _BARE_DAY.fullmatch(right) and start[2] == "day":
            end = _borrow_day(right, start[1], later=True)
        elif _TWO_DIGIT_YEAR.fullmatch(right) and start[2] == "year" and start[0] == start[1]:
            year = int(start[0]) // 100 * 100 + int(right)
            end = _year(year) if year > int(start[0]) else None
    if start is None or end is None:
        return None
    # The ends must come in order: "from 2024 to 2020" is no range.
    if expand_iso(start[0])[0] > expand_iso(end[0])[0] or expand_iso(start[1])[1] > expand_iso(end[1])[1]:
        return None
    precision = "day" if start[2] == end[2] == "day" else max(start[2], end[2], key=PRECISIONS.index)
    return start[0], end[1], precision


def _borrow_day(bare: str, other_iso: str, later: bool) -> _Span | None:
    """"25" in "25-27 July": the 25th of the other end's month, or of the month next to it."""
    m = _BARE_DAY.fullmatch(bare)
    other = expand_iso(other_iso)[0]
    day_number = int(m[1])  # type: ignore[index]
    year, month = other.year, other.month
    if later and day_number < other.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif not later and day_number > other.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    day = _date(year, month, day_number)
    return _day(day) if day else None


def _resolve_point(s: str, pub: date | None, anchor: date | None) -> _Span | None:
    if m := _ISO_DAY.fullmatch(s):
        day = _date(int(m[1]), int(m[2]), int(m[3]))
        return _day(day) if day else None
    if m := _ISO_MONTH.fullmatch(s):
        return _month(int(m[1]), int(m[2]))
    if m := _YEAR_ONLY.fullmatch(s):
        return _year(int(m[1]))
    if m := _DECADE.fullmatch(s):
        first = _year(int(m[1]) * 10)
        last = _year(int(m[1]) * 10 + 9)
        return (first[0], last[0], "year") if first and last else None
    if m := _MONTH_YEAR.fullmatch(s):
        return _month(int(m[2]), _MONTHS[m[1]])
    if m := _DAY_MONTH.fullmatch(s):
        return _day_of(_MONTHS[m[2]], int(m[1]), m[3], anchor)
    if m := _MONTH_DAY.fullmatch(s):
        return _day_of(_MONTHS[m[1]], int(m[2]), m[3], anchor)
    if m := _MONTH.fullmatch(s):
        return _month_of(_MONTHS[m[2]], m[1], pub, anchor)
    if m := _WEEKDAY.fullmatch(s):
        return _weekday_of(_WEEKDAYS[m[2]], m[1], pub, anchor)
    if s in _DEICTIC_DAYS:
        return _day(pub + timedelta(days=_DEICTIC_DAYS[s])) if pub else None
    if m := _DEICTIC_PERIOD.fullmatch(s):
        return _period_of(m[1] or "this", m[2] or m[3], pub)
    if m := _AGO.fullmatch(s):
        return _ago(m[1], m[2], pub)
    return None


def _day_of(month: int, day_number: int, year: str | None, anchor: date | None) -> _Span | None:
    """A day of a month; without a year, the latest such day on or before ``anchor``."""
    if year is not None:
        day = _date(int(year), month, day_number)
        return _day(day) if day else None
    if anchor is None:
        return None
    # Eight years back always reaches a 29 February.
    for back in range(9):
        day = _date(anchor.year - back, month, day_number)
        if day is not None and day <= anchor:
            return _day(day)
    return None


def _month_of(month: int, which: str | None, pub: date | None, anchor: date | None) -> _Span | None:
    """"July" is the latest July not after the anchor; "last July" the one before the current month."""
    if which in ("last", "past"):
        if pub is None:
            return None
        return _month(pub.year - (1 if month >= pub.month else 0), month)
    if which == "next":
        if pub is None:
            return None
        return _month(pub.year + (1 if month <= pub.month else 0), month)
    if which == "this":
        return _month(pub.year, month) if pub else None
    if anchor is None:
        return None
    return _month(anchor.year - (1 if month > anchor.month else 0), month)


def _weekday_of(weekday: int, which: str | None, pub: date | None, anchor: date | None) -> _Span | None:
    """A bare weekday is the latest one on or before the anchor; "last" is strictly before."""
    if which is None:
        if anchor is None:
            return None
        return _day(anchor - timedelta(days=(anchor.weekday() - weekday) % 7))
    if pub is None:
        return None
    if which in ("last", "past"):
        return _day(pub - timedelta(days=(pub.weekday() - weekday - 1) % 7 + 1))
    if which == "next":
        return _day(pub + timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1))
    # "this Saturday": the Saturday of the publication's week, Monday to Sunday.
    return _day(pub + timedelta(days=weekday - pub.weekday()))


def _period_of(which: str, unit: str, pub: date | None) -> _Span | None:
    """"this week", "last month", "next year", "the weekend" around the publication date."""
    if pub is None:
        return None
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        return _week(pub + timedelta(weeks=step))
    if unit == "month":
        year, month = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        return _month(year, month + 1)
    if unit == "year":
        return _year(pub.year + step)
    # The weekend: the latest Saturday and Sunday that has begun by publication; "last weekend",
    # read on a Saturday or Sunday, is the one before.
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
    if step == -1 and pub.weekday() >= 5:
        saturday -= timedelta(weeks=1)
    elif step == 1:
        saturday += timedelta(weeks=1)
    return _day(saturday)[0], _day(saturday + timedelta(days=1))[0], "day"


def _ago(count: str, unit: str, pub: date | None) -> _Span | None:
    """"three days ago", "two weeks ago": counted back from the publication date."""
    n = int(count) if count.isdigit() else _NUMBERS.get(count)
    if n is None or pub is None:
        return None
    if unit == "day":
        return _day(pub - timedelta(days=n))
    if unit == "week":
        return _week(pub - timedelta(weeks=n))
    if unit == "month":
        year, month = divmod(pub.year * 12 + pub.month - 1 - n, 12)
        return _month(year, month + 1)
    return _year(pub.year - n)


# --- ISO spans -------------------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day(day: date) -> _Span:
    iso = day.isoformat()
    return iso, iso, "day"


def _week(day: date) -> _Span:
    monday = day - timedelta(days=day.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week"


def _month(year: int, month: int) -> _Span | None:
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    iso = f"{year:04d}-{month:02d}"
    return iso, iso, "month"


def _year(year: int) -> _Span | None:
    if not 1 <= year <= 9999:
        return None
    iso = f"{year:04d}"
    return iso, iso, "year"
