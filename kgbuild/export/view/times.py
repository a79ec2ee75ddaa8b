"""Export stage (HTML view): an event's time as the page shows and filters it."""

from __future__ import annotations

import re

from kgbuild.graph.index import TripleIndex
from kgbuild.ontology import KG, SEM

__all__ = ["event_time", "time_display", "date_range", "canvas_label"]

_TIME_PROPERTIES = (
    ("at", str(SEM.hasTimeStamp)),
    ("begin", str(SEM.hasBeginTimeStamp)),
    ("end", str(SEM.hasEndTimeStamp)),
    ("text", str(KG.timeText)),
    ("precision", str(KG.timePrecision)),
)
_YEAR = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def event_time(index: TripleIndex, event: str) -> dict[str, str]:
    """The event's time stamps, time as written and precision, by the page's keys (``at``,
    ``begin``, ``end``, ``text``, ``precision``); keys without a value are left out."""
    time: dict[str, str] = {}
    for key, prop in _TIME_PROPERTIES:
        value = index.first(event, prop)
        if value:
            time[key] = value
    return time


def time_display(time: dict[str, str]) -> str:
    """``2024-07-27``, ``2024-07-25 – 2024-07-27`` with a ``?`` for an open end, or ``""``."""
    if "at" in time:
        return time["at"]
    if "begin" in time or "end" in time:
        return f"{time.get('begin', '?')} – {time.get('end', '?')}"
    return ""


def _day_bound(value: str | None, *, upper: bool) -> str | None:
    """The first (or last) day of an ``xsd:date``, ``gYearMonth`` or ``gYear`` value."""
    if not value:
        return None
    match = _YEAR.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}"
    if month:
        if not upper:
            return f"{year}-{month}-01"
        m = int(month)
        leap = int(year) % 4 == 0 and (int(year) % 100 != 0 or int(year) % 400 == 0)
        last = (29 if leap and m == 2 else _DAYS[m - 1]) if 1 <= m <= 12 else 31
        return f"{year}-{month}-{last:02d}"
    return f"{year}-12-31" if upper else f"{year}-01-01"


def date_range(time: dict[str, str]) -> list[str] | None:
    """The first and last day the event may have taken place on, for the page's date filter."""
    start = _day_bound(time.get("at") or time.get("begin") or time.get("end"), upper=False)
    stop = _day_bound(time.get("at") or time.get("end") or time.get("begin"), upper=True)
    if start is None or stop is None:
        return None
    return [start, stop]


def canvas_label(label: str | None, cls: str, when: str) -> str:
    """Two lines for the canvas: ``Battle at Tinzaouaten`` over ``2024-07-25 – 2024-07-27``."""
    if label:
        match = re.match(r"^(.*\S)\s+\((.+)\)$", label)
        return f"{match.group(1)}\n{match.group(2)}" if match else label
    return "\n".join(part for part in (cls, when) if part)
