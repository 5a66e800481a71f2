"""Calendar dates as people write them: `2024-01-02`, `01/02/2024`, `17.04.2026`, `Jan 3, 2024`,
`3rd of May`, `06-nov-2025`, `Apr-17-2026`, `22/Mar/2022`.

The date half of reading timelines (`pmlint.document.timeparse` reads the times around them), and
what rules use to compare due dates and review dates. Pure functions over `str`; patterns
with bounded repetition, so a pathological line costs linear time.
"""

from __future__ import annotations

import datetime
import re

from pmlint.util.recache import compiled

__all__ = ["date_at", "date_parts", "date_text", "day_first", "find_dates", "parse_date"]

DIGITS = frozenset("0123456789")

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
# "May" must be capitalised: "2 may be the cause" is not the 2nd of May.
_MON = (
    r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May|MAY)(?![A-Za-z])\.?"
)
_WEEKDAY = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?![A-Za-z])\.?,?\s+"
)
_ORD = r"(?i:st|nd|rd|th)?"
# The year after a day and month: "Jan 3, 2024", "3 Jan 2024", "06-nov-2025", "22/Mar/2022".
# "November 5th ’24": an apostrophe and two digits.
_YEAR_TAIL = (
    r"(?:(?:,?\s*|[-/])(?P<{0}>[0-9]{{4}})(?![0-9]|[:/-][0-9])"
    r"|\s*(?P<{0}s>['’][0-9]{{2}})(?![0-9]))?"
)
_DATE = compiled(
    rf"""(?<![0-9A-Za-z])(?=[0-9]|[A-Za-z]{{3}})(?:
      (?P<iy>[0-9]{{4}})(?P<isep>[-/])(?P<im>[0-9]{{1,2}})(?P=isep)(?P<id>[0-9]{{1,2}})(?![0-9])
    | (?P<ay>[0-9]{{4}})[-/ ](?P<am>{_MON})[-/ ](?P<ad>[0-9]{{1,2}})(?![0-9])
    | (?P<ua>[0-9]{{1,2}})(?P<usep>[-/.])(?P<ub>[0-9]{{1,2}})(?P=usep)(?P<uy>[0-9]{{4}})
      (?![0-9]|\.[0-9])
    | (?:{_WEEKDAY})?(?P<mm>{_MON})(?:\s*|-)(?P<md>[0-9]{{1,2}}){_ORD}(?![0-9A-Za-z]|:[0-9])
      {_YEAR_TAIL.format("my")}
    | (?:{_WEEKDAY})?(?P<dd>[0-9]{{1,2}}){_ORD}\.?(?:\s*(?:of\s+)?|[-/])(?P<dm>{_MON})
      {_YEAR_TAIL.format("dy")}
    | (?P<na>[0-9]{{2}})(?P<nsep>[-/])(?P<nb>[0-9]{{2}})(?![0-9]|[-/][0-9])
    )""",
    re.VERBOSE,
)

_YEARISH = compiled(r"[0-9]{4}|['’][0-9]{2}")
# The first three letters of every weekday and month `_DATE` knows: a date written in words
# starts with one of them.
_DATE_WORDS = frozenset(("mon", "tue", "wed", "thu", "fri", "sat", "sun", *_MONTH_NAMES))


def valid_date(year: int | None, month: int, day: int) -> bool:
    """Whether the date exists (a year-less date is checked against a leap year)."""
    if year is not None and not 1900 <= year <= 2199:
        return False
    try:
        datetime.date(2000 if year is None else year, month, day)
    except ValueError:
        return False
    return True


def date_parts(
    m: re.Match[str], day_first: bool = False
) -> tuple[int | None, int, int, bool] | None:
    """(year, month, day, numeric_yearless) of a `_DATE` match, or None if it is no real date.

    Numeric dates with the year last are read month first (`02-13-2025`, as US teams write
    them), or day first when `day_first` (the file writes `29-09-2025` elsewhere), unless
    that order cannot be a date.
    """
    g = m.group
    numeric = False
    year: int | None
    if g("iy"):
        year, month, day = int(g("iy")), int(g("im")), int(g("id"))
    elif g("ay"):  # 2025-DEC-5, 2025-Feb-07
        year, month, day = int(g("ay")), _MONTHS.get(g("am").casefold()[:3], 0), int(g("ad"))
    elif g("uy"):
        year, month, day = int(g("uy")), int(g("ua")), int(g("ub"))
        if day_first or g("usep") == ".":  # 17.04.2026 is day first wherever it is written
            month, day = day, month
        if month > 12 >= day:
            month, day = day, month
    elif g("mm"):
        month = _MONTHS.get(g("mm").casefold()[:3], 0)
        day, year = int(g("md")), _year(g("my") or g("mys"))
    elif g("dm"):
        month = _MONTHS.get(g("dm").casefold()[:3], 0)
        day, year = int(g("dd")), _year(g("dy") or g("dys"))
    else:
        year, month, day, numeric = None, int(g("na")), int(g("nb")), True
    if not valid_date(year, month, day):
        return None
    return year, month, day, numeric


def _year(text: str | None) -> int | None:
    """A written year: `2024`, or `’24` (this century)."""
    if not text:
        return None
    return int(text) if text[0].isdigit() else 2000 + int(text[1:])


def date_text(year: int | None, month: int, day: int) -> str:
    return f"{month:02d}-{day:02d}" if year is None else f"{year:04d}-{month:02d}-{day:02d}"


def date_at(text: str, pos: int) -> re.Match[str] | None:
    """`_DATE.match(text, pos)`, without asking the regex where no date can start.

    A date starts with a digit or with three ASCII letters (a weekday or a month); one that
    starts with a digit never has a colon after its first one or two digits, as every clock
    time does.
    """
    if text[pos : pos + 1] in DIGITS:
        after = text[pos + 1 : pos + 2]
        if after == ":" or (after in DIGITS and text[pos + 2 : pos + 3] == ":"):
            return None
    elif text[pos : pos + 3].lower() not in _DATE_WORDS:
        return None
    return _DATE.match(text, pos)


def find_dates(text: str, day_first: bool = False) -> list[tuple[int, int, datetime.date]]:
    """Every full calendar date (year included) in prose, with its span.

    Numeric dates with the year last are read month first (`02-13-2025`), as US teams write
    them, unless the first number cannot be a month or `day_first` says the file writes the
    day first.
    """
    out: list[tuple[int, int, datetime.date]] = []
    if not _YEARISH.search(text):  # fast path: most prose holds no four-digit number
        return out
    for m in _DATE.finditer(text):
        parts = date_parts(m, day_first)
        if parts and parts[0] is not None:
            out.append((m.start(), m.end(), datetime.date(parts[0], parts[1], parts[2])))
    return out


def parse_date(text: str, day_first: bool = False) -> datetime.date | None:
    """The first full calendar date in `text`, or None when none has a year."""
    found = find_dates(text, day_first)
    return found[0][2] if found else None


# Numeric dates whose order can be told: `29-09-2025` (day first), `09/29/25` (month first).
# One pattern per separator, each starting with it: the regex engine then skips ahead to the
# separator instead of trying every position of the file; the first number is read back.
_ORDER_SEPS = "-/."
_ORDER_TAILS = tuple(
    compiled(
        re.escape(sep)
        + r"([0-9]{1,2})"
        + re.escape(sep)
        + (r"[0-9]{4}" if sep == "." else r"(?:[0-9]{4}|[0-9]{2})")
        + r"(?![0-9]|\.[0-9])"
    )
    for sep in _ORDER_SEPS
)


def day_first(text: str) -> bool:
    """Whether the numeric dates of a file are written day first.

    A person reading `03-10-2025` in a file that also writes `29-09-2025` reads the 3rd of
    October: the order is decided by the dates that can only be read one way (a first number
    above 12 is a day, a second number above 12 is a day). With no such date, or as many of
    each, dates are read month first.
    """
    days = months = 0
    for sep, tail in zip(_ORDER_SEPS, _ORDER_TAILS, strict=True):
        if sep not in text:
            continue
        for m in tail.finditer(text):
            end = m.start()
            start = end
            while start > 0 and end - start < 3 and text[start - 1] in DIGITS:
                start -= 1
            before = text[start - 1 : start]
            if not 1 <= end - start <= 2 or (before and (before.isalnum() or before == ".")):
                continue
            first, second = int(text[start:end]), int(m.group(1))
            if first > 12 >= second >= 1:
                days += 1
            elif second > 12 >= first >= 1:
                months += 1
    return days > months
