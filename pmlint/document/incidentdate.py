"""When the incident began: the order in which a document's dates are trusted.

`pmlint.document.metadata` explains the order; this module applies it to the dates that
module found (fields, the title, a lead sentence, the file name, the timeline's start).
"""

from __future__ import annotations

import datetime
import re
from pathlib import PurePath

from pmlint.document.dates import date_at, date_parts, parse_date
from pmlint.document.model import Block, Metadata, Paragraph, Section
from pmlint.util.recache import compiled

# Keys that say when the incident began or happened, in so many words: taken as written
# (a plain "Date" may be the day of the write-up or the review).
START_KEYS = (
    "incident date",
    "date of incident",
    "incident date and time",
    "incident start",
    "started",
    "start",
    "start date",
    "start time",
    "began",
    "incident began",
    "incident start time",
    "outage start",
    "impact start",
)

EARLIER_MAX_DAYS = 62
_DIGIT = compiled(r"[0-9]")
# Dates in file names, all digits: 20260417, 260417 (year first), 06192022 (year last).
_NAME_COMPACT = compiled(r"(?<![0-9])([0-9]{6}|[0-9]{8})(?![0-9])")
# 10-23-23, 23-10-23: two-digit years, read with the day or month first, year last.
_NAME_SHORT = compiled(r"(?<![0-9])([0-9]{1,2})[-_.]([0-9]{1,2})[-_.]([0-9]{2})(?![0-9])")
# "On 31st July 2018, a researcher …": a lead paragraph that opens with the date.
_ON_DATE = compiled(r"[*_]*On\s+(?:the\s+)?", re.IGNORECASE)
DATE_LINE_MAX = 40  # characters: a lead paragraph this short may be only a date
# What may stand before a date that starts a timeline line: bullets, pipes, markup, "On".
_LINE_LEAD = compiled(r"[\s|>#*+\-_`\[(]*(?:(?:timeline\s+(?:for|of)|on)\s+)?", re.IGNORECASE)


def incident_date(
    sections: list[Section],
    early: list[Section],
    meta: Metadata,
    header: list[Block],
    path: str,
    lines: list[str],
    day_first: bool,
    date_keys: tuple[str, ...],
) -> str | None:
    """The day the incident began, as an ISO date (see `pmlint.document.metadata`)."""
    start = _field_date(meta, START_KEYS, day_first)
    if start is not None:
        return start.isoformat()
    stated = _field_date(meta, date_keys, day_first)
    if stated is None and meta.title:
        stated = parse_date(meta.title, day_first)
    lead_day = _lead_date(header, early, day_first)
    first_day = _timeline_start(sections, lines, day_first)
    file_date = _file_name_date(path, day_first) if stated is None else None
    # A day written without its year ("On Feb 20th", "### May 13") is in the year that
    # puts it nearest the stated date (or the file name's).
    reference = stated or _complete(lead_day, None) or file_date
    lead = _complete(lead_day, reference)
    earliest = _complete(first_day, reference)
    stated = stated or lead
    bounded = stated is not None
    if stated is None:
        stated = file_date
    for earlier in (lead, earliest):
        if earlier is None or (stated is not None and earlier >= stated):
            continue
        if stated is None or not bounded or (stated - earlier).days <= EARLIER_MAX_DAYS:
            stated = earlier
    if stated is None:
        stated = _dated_heading(sections, day_first)
    return stated.isoformat() if stated else None


# A day as written: (year or None, month, day).
_Day = tuple["int | None", int, int]


def _complete(day: _Day | None, reference: datetime.date | None) -> datetime.date | None:
    """The date of a written day; a year-less one takes the year nearest `reference`."""
    if day is None:
        return None
    year, month, dom = day
    if year is not None:
        return datetime.date(year, month, dom)
    if reference is None:
        return None
    candidates = []
    for near in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(datetime.date(near, month, dom))
        except ValueError:  # the 29th of February
            continue
    return min(candidates, key=lambda d: abs((d - reference).days), default=None)


def _dated_heading(sections: list[Section], day_first: bool) -> datetime.date | None:
    """The first heading holding a full date: a log of incidents ("### Incident on …")."""
    for section in sections:
        if _DIGIT.search(section.title):
            found = parse_date(section.title, day_first)
            if found is not None:
                return found
    return None


def _field_date(meta: Metadata, keys: tuple[str, ...], day_first: bool) -> datetime.date | None:
    for key in keys:
        value = meta.fields.get(key)
        if value:
            found = parse_date(value, day_first)
            if found is not None:
                return found
    return None


def _lead_date(header: list[Block], early: list[Section], day_first: bool) -> _Day | None:
    """The day a lead paragraph opens with ("On 31st July 2018 a researcher …", "On Feb
    20th, …"), or a lead paragraph that is only a date ("Monday, Nov. 13, 2017")."""
    paragraphs = [b for b in header if isinstance(b, Paragraph)][:2]
    for section in early:
        paragraphs += [b for b in section.blocks if isinstance(b, Paragraph)][:2]
    for paragraph in paragraphs:
        text = paragraph.inline.text.strip()
        on = _ON_DATE.match(text)
        start = on.end() if on else 0
        found = date_at(text, start) if on or len(text) <= DATE_LINE_MAX else None
        if found is None or not (on or not text[found.end() :].strip(" *_.,;:")):
            continue
        parts = date_parts(found, day_first)
        if parts and not parts[3]:  # a numeric day without a year ("10/03") is no lead
            return parts[0], parts[1], parts[2]
    return None


def _file_name_date(path: str, day_first: bool) -> datetime.date | None:
    """A date in the file name: `2026-04-17-x`, `17-04-2026-x`, `06-nov-2022_x`,
    `20260417_x`, `x_260417`, `06192022-x`, `10-23-23`."""
    name = PurePath(path).name
    found = parse_date(name.replace("_", " "), day_first)
    if found is not None:
        return found
    for m in _NAME_COMPACT.finditer(name):
        digits = m.group(1)
        if len(digits) == 8:
            orders = ((0, 4, 4, 6, 6, 8), (4, 8, 0, 2, 2, 4), (4, 8, 2, 4, 0, 2))
            if day_first:
                orders = (orders[0], orders[2], orders[1])
            for ys, ye, ms, me, ds, de in orders:
                got = _make_date(digits[ys:ye], digits[ms:me], digits[ds:de])
                if got is not None:
                    return got
        else:
            got = _make_date("20" + digits[:2], digits[2:4], digits[4:6])
            if got is not None:
                return got
    for m in _NAME_SHORT.finditer(name):
        first, second, year = m.group(1), m.group(2), "20" + m.group(3)
        got = (
            _make_date(year, second, first) or _make_date(year, first, second)
            if day_first
            else _make_date(year, first, second) or _make_date(year, second, first)
        )
        if got is not None:
            return got
    return None


def _make_date(year: str, month: str, day: str) -> datetime.date | None:
    y, m, d = int(year), int(month), int(day)
    if not 1990 <= y <= 2099:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _timeline_start(sections: list[Section], lines: list[str], day_first: bool) -> _Day | None:
    """The first day that starts a line of a timeline section (code blocks aside), with its
    year or written with the month's name ("May 13").

    The first, not the earliest: a later entry dated before it is more often a typo than a
    timeline written backwards."""
    for section in sections:
        if section.kind != "timeline" or (section.parent and section.parent.kind == "timeline"):
            continue
        fenced = False
        for raw in lines[section.line - 1 : section.end_line]:
            stripped = raw.lstrip()
            if stripped.startswith(("```", "~~~")):
                fenced = not fenced
                continue
            if fenced or not stripped:
                continue
            lead = _LINE_LEAD.match(stripped)
            pos = lead.end() if lead else 0
            found = date_at(stripped, pos)
            parts = date_parts(found, day_first) if found else None
            if parts and not parts[3]:
                return parts[0], parts[1], parts[2]
    return None
