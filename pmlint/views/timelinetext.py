"""One timeline entry, and how a line of a timeline opens: its time, or a note.

Shared by the timeline reader (`pmlint.views.timeline`) and the rules that read entries.
"""

from __future__ import annotations

import re
from dataclasses import field

from pmlint.document.headings import normalise_heading
from pmlint.document.timeparse import TimeSpec
from pmlint.document.timeparse import leading_time as _read_leading_time
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.entrytext import Tag, zone_in

_DIGIT = compiled(r"[0-9]")


@record(slots=True)
class TimelineEntry:
    """One timeline entry: when (as written and as read), what, and its evidence tags."""

    line: int
    form: str  # "table" | "list" | "heading" | "line"
    raw_time: str | None
    time: TimeSpec | None
    text: str
    tags: list[Tag] = field(default_factory=list)
    date: str | None = None  # ISO or MM-DD: the entry's own, or carried from above
    zone: str | None = None  # the entry's own, or from the heading / preamble / entries above
    timeline: int = 0  # which timeline of the document (0-based): a file may hold several


def leading_time(
    text: str, day_first: bool = False, entry: bool = True
) -> tuple[TimeSpec, int] | None:
    """`timeparse.leading_time`, skipped for text without a digit (every time has one)."""
    if not _DIGIT.search(text):
        return None
    return _read_leading_time(text, day_first, entry)


# Words of a line that only says which zone or clock the times are in: "All times in PDT",
# "(times in UTC)", "_(All times US/Pacific, 24-hour clock.)_", "All times approximate".
_NOTE_WORDS = frozenset(
    {
        "all",
        "times",
        "time",
        "are",
        "is",
        "in",
        "given",
        "shown",
        "listed",
        "written",
        "approximate",
        "approx",
        "approximately",
        "roughly",
        "local",
        "zone",
        "timezone",
        "tz",
        "and",
        "the",
        "our",
        "clock",
        "hour",
        "hours",
        "h",
        "format",
        "us",
        "pacific",
        "eastern",
        "central",
        "mountain",
        "standard",
        "daylight",
        "unless",
        "otherwise",
        "noted",
        "stated",
    }
)
_WORDS = compiled(r"[A-Za-z]+")
_NOTE_LEAD = compiled(r"^\W*(?:notes?|nb|n\.b)\W*(?:[:\-–—]|\s)", re.IGNORECASE)
NOTE_MAX = 80  # characters: a longer line says more than where its times are


def time_note(text: str) -> bool:
    """Whether a short line only says the zone or clock of the times: not an entry."""
    if len(text) > NOTE_MAX:
        return False
    zone = zone_in(text)
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words:
        return False
    if zone is None and not any(w in ("time", "times", "timezone", "tz", "zone") for w in words):
        return False
    zone_words = {w.lower() for w in _WORDS.findall(zone or "")}
    return all(w in _NOTE_WORDS or w in zone_words for w in words)


def is_note(text: str) -> bool:
    """ "Note: …", "NB …": a remark on the timeline, not an entry of it."""
    return _NOTE_LEAD.match(text) is not None


_DATE_COLUMNS = ("date", "day")
_TIME_COLUMNS = ("time", "when", "timestamp", "datetime", "date time", "date and time", "hour")
_WEEKDAYS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
}


def table_columns(header: list[str]) -> tuple[int | None, int | None]:
    """(time column, separate date column) of a timeline table."""
    time_col = date_col = None
    for index, cell in enumerate(header):
        norm = normalise_heading(cell)
        first = norm.split(" ", 1)[0] if norm else ""
        if time_col is None and (norm in _TIME_COLUMNS or first in ("time", "timestamp")):
            time_col = index
        elif date_col is None and (norm in _DATE_COLUMNS or first == "date"):
            date_col = index
    if time_col is None and date_col is not None:
        return date_col, None  # one "Date" column holding dates and times
    return time_col, date_col


SOURCE_HEADERS = ("source", "sources", "basis", "evidence source", "reference", "ref")


def only_weekday(text: str) -> bool:
    return normalise_heading(text) in _WEEKDAYS
