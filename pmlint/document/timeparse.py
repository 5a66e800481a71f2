"""Read times, dates and durations the way people write them in post-mortems.

Timelines are written by hand: `14:05`, `4:19 PM`, `2024-01-02T14:05Z`, `Jan 3, 2024, 10:00 AM`,
`~14:10`, `14:07–14:29`, `Pre-14:03`, `**14:03**`. Rules need the minutes behind these strings
to order entries and to check arithmetic, so this module turns them into plain numbers.

Everything here is a pure function over `str`. Regexes are compiled once at import and written
with bounded repetition and anchored matches, so a pathological line (a megabyte of digits and
colons) costs linear time. Only ASCII digits count as digits.
"""

from __future__ import annotations

import re

from pmlint.document.dates import date_at, date_parts, date_text, find_dates, parse_date
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record

__all__ = [
    "TimeSpec",
    "find_dates",
    "find_times",
    "leading_time",
    "minutes_between",
    "parse_date",
    "parse_duration",
    "parse_time",
]

DAY_MINUTES = 24 * 60


@record(slots=True, frozen=True)
class TimeSpec:
    """One time, range, bound or bare date as written in a timeline entry or heading."""

    kind: str  # "point" | "range" | "bound" | "date" (a date with no time)
    start: int | None  # minutes since midnight; None for kind "date"
    end: int | None  # minutes since midnight of a range's end; None otherwise
    bound: str | None  # "before" | "after" for kind "bound"
    date: str | None  # "YYYY-MM-DD", or "MM-DD" when the year is missing
    tz: str | None  # zone as written ("UTC", "PST", "+02:00", "UTC+2", "Z")
    approximate: bool  # "~", "approx.", "around", "about", "ca."
    seconds: int | None = None  # seconds of the (start) time, when written


# --- building blocks ---------------------------------------------------------------------------

_CLOCK_CORE = r"""
    (?P<h>[0-9]{1,2})
    (?:(?::|h(?=[0-9]{2}(?![0-9A-Za-z])))(?P<m>[0-9]{2})
       (?::(?P<s>[0-9]{2})(?:[.,][0-9]{1,9})?)?)?
    (?![0-9]|:[0-9])
    (?:\s?(?P<ap>[AaPp])\.?[Mm]\.?(?![A-Za-z]))?
"""
_CLOCK = compiled(_CLOCK_CORE, re.VERBOSE)
_DOT_CLOCK = lazy(r"(?P<h>[0-9]{1,2})\.(?P<m>[0-9]{2})(?![0-9.])")
# A time starting an entry, written without a colon: `0906Z`, `0906 - paged`, `09.42 paged`.
# Without the colon a number could be anything ("1500 users"), so four digits count only
# when a zone follows, or a separator or nothing unless they could be a year ("2023-MM-DD",
# "2024: launched"); two digits, a dot and two digits when a space does.
_ENTRY_CLOCK = lazy(
    r"(?P<h>[01][0-9]|2[0-3])(?:(?P<m>[0-5][0-9])(?=Z(?![A-Za-z0-9])|h(?![A-Za-z0-9])"
    r"|\s*(?:UTC|GMT|[A-Z]{1,3}T)(?![A-Za-z])|(?<!19..)(?<!20..)(?:\s*[-–—:|*_\])]|$))"
    r"|\.(?P<dm>[0-5][0-9])(?=\s|[-–—:|*_\])]|$))"
)
_FIND_CLOCK = compiled(
    r"""(?<![0-9:.])(?:(?<=T)|(?<![A-Za-z]))
    (?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2})(?:[.,][0-9]{1,9})?)?
    (?![0-9]|:[0-9])
    (?:\s?(?P<ap>[AaPp])\.?[Mm]\.?(?![A-Za-z]))?""",
    re.VERBOSE,
)

_ZONE_ABBR = (
    "AKST|AKDT|AEST|AEDT|ACST|ACDT|AWST|NZST|NZDT|CEST|EEST|WEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT"
    "|HST|WET|CET|EET|BST|IST|MSK|JST|KST|SGT|HKT|ET|CT|MT|PT"
)
_ZONE = (
    r"(?:(?i:utc|gmt)(?:\s?[-+−]\s?[0-9]{1,2}(?::?[0-9]{2})?)?"
    rf"|(?:{_ZONE_ABBR})"
    r"|(?:Eastern|Central|Mountain|Pacific)(?:\s+(?:Standard\s+|Daylight\s+)?Time)?)"
    r"(?![A-Za-z0-9])"
)
_TZ = compiled(
    rf"\s*\(\s*(?P<p>{_ZONE})\s*\)|\s*(?P<z>{_ZONE})|(?P<zulu>Z)(?![A-Za-z0-9])"
    r"|\s?(?P<off>\+[0-9]{2}(?::?[0-9]{2})?)(?![0-9])"
)
_ISO_OFFSET = lazy(r"[-−][0-9]{2}:?[0-9]{2}(?![0-9])")  # only after an ISO "T" time
_PAREN_ZONE = lazy(rf"\s*\(\s*{_ZONE}\s*\)")
# "06:34 EDT (10:34 UTC)": the same moment in another zone; consumed and ignored.
_ALT_TIME = compiled(
    rf"\s*\(\s*[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?:\s?[AaPp]\.?[Mm]\.?)?\s*(?:{_ZONE})?\s*\)"
)

_APPROX = compiled(r"(?:[~≈∼]\s*|(?i:approx\.?|approximately|around|about|roughly|circa|ca\.)\s+)")
_PREFIX = compiled(
    r"(?i:(?P<pp>pre|post)\s*[-–‐]?\s*|(?P<w>before|after|prior\s+to|until|since|between|from)\s+)"
)
_BOUND_WORDS = {"pre": "before", "before": "before", "prior": "before", "until": "before"}
_DT_SEP = lazy(r"T(?=[0-9])|\s*(?:[,:@\-–—]|(?i:at)\s)?\s*")
_RANGE_SEP = compiled(
    r"\s*(?:[-–—‐‑]{1,2}|→|->)\s*|\s+(?i:to|until|till|through|thru)\s+|\s+(?P<and>(?i:and))\s+"
)
_TRAIL_DATE = compiled(r",?\s+(?i:on\s+)?")
_LEAD = compiled(r"\s*(?:[-+*•–—]\s+)?(?P<open>[\s*_`\[(]*)")
_CLOSE = lazy(r"[:.,]?[*_`\])]+")
_MARKUP = compiled(r"[*`_\[\]]")

_DUR_UNIT = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_DUR_PART = compiled(
    r"(?<![0-9.])(?P<n>[0-9]{1,6}(?:\.[0-9]{1,3})?)\s?-?\s?"
    r"(?P<u>(?i:days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)|[dhms])(?![A-Za-z])"
)
_DUR_JOIN = compiled(r"\s*(?:,|(?i:and))?\s*")
_DUR_RANGE_BEFORE = compiled(r"(?<![0-9:.])[0-9]{1,4}(?:\.[0-9]{1,3})?\s*(?:[-–—]|to)\s*$")

# Cheap tests that rule a pattern out before the regex engine is asked (`in` on a frozenset,
# so the empty string at the end of the text is never taken for a digit).
_DIGITS = frozenset("0123456789")
# Every character `_APPROX` and `_PREFIX` can start with (case-insensitive: "ſ" is an "s").
_APPROX_FIRST = frozenset("~≈∼aArRcC")
_PREFIX_FIRST = frozenset("pPbBaAuUsSſfF")


# --- small readers ------------------------------------------------------------------------------


def _to_minutes(hour: int, minute: int, ampm: str | None) -> int | None:
    """Minutes since midnight, or None for an impossible time.

    An AM/PM suffix on a 24-hour value ("13:30 PM", seen in real timelines) is ignored.
    """
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm in "Pp" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def _hour12(hour: int, minute: int, ampm: str) -> int:
    """Minutes for a 1-12 hour with a known-valid minute and an AM/PM letter."""
    return (hour % 12 + (12 if ampm in "Pp" else 0)) * 60 + minute


def _sep_end(text: str, pos: int) -> int:
    """Where the separator between a date and its time ends (it may be empty)."""
    m = _DT_SEP.match(text, pos)
    return m.end() if m else pos


# A clock time as read, before a date or zone is attached: (hour, minute, second, AM/PM
# letter, end). A plain tuple: one is built for every time read.
_Clock = tuple[int, int, "int | None", "str | None", int]


def _read_clock(text: str, pos: int, dotted: bool, entry: bool = False) -> _Clock | None:
    """A clock time starting exactly at `pos`; `dotted` also allows `15.26` (after a date),
    `entry` the colon-less forms that start timeline entries (`0906Z`, `09.42 paged`)."""
    if text[pos : pos + 1] not in _DIGITS:  # both patterns start with a digit
        return None
    m = _CLOCK.match(text, pos)
    if m:
        hour, minute, second, ampm = m.groups()
        if minute is not None or ampm:
            sec = int(second) if second else None
            if sec is not None and sec > 59:
                return None
            return int(hour), int(minute or 0), sec, ampm, m.end()
    if dotted and (d := _DOT_CLOCK.match(text, pos)):
        return int(d.group("h")), int(d.group("m")), None, None, d.end()
    if entry and (e := _ENTRY_CLOCK.match(text, pos)):
        end = e.end()
        if text.startswith("h", end):  # "0906h"
            end += 1
        return int(e.group("h")), int(e.group("m") or e.group("dm")), None, None, end
    return None


def _read_zone(text: str, pos: int, iso: bool) -> tuple[str | None, int]:
    """A time zone right after a time, and where it ends."""
    first = pos
    while text[first : first + 1].isspace():
        first += 1
    # After any spaces, every zone starts with "(", "+" or a letter.
    char = text[first : first + 1]
    m = _TZ.match(text, pos) if char and (char in "(+" or char.isalpha()) else None
    if m:
        zone = m.group("p") or m.group("z") or m.group("zulu") or m.group("off") or ""
        if zone[:3].lower() in ("utc", "gmt"):
            zone = zone[:3].upper() + "".join(zone[3:].split())
        end = m.end()
        p = _PAREN_ZONE.match(text, end)  # "PST (UTC-8)": keep the first, skip the second
        return zone, p.end() if p else end
    if iso and (o := _ISO_OFFSET.match(text, pos)):
        return o.group(), o.end()
    return None, pos


# Specs already built, by their fields: a frozen dataclass costs several times a dict look-up
# to build, and timelines repeat the same few times. Shared instances are safe as they are
# frozen; the dict is emptied when full, so it stays small.
_SPECS: dict[tuple[object, ...], TimeSpec] = {}
_SPECS_MAX = 4096


def _spec(
    kind: str,
    start: int | None,
    end: int | None,
    bound: str | None,
    date: str | None,
    tz: str | None,
    approx: bool,
    seconds: int | None,
) -> TimeSpec:
    """`TimeSpec(...)` with these fields, built once."""
    key = (kind, start, end, bound, date, tz, approx, seconds)
    spec = _SPECS.get(key)
    if spec is None:
        if len(_SPECS) >= _SPECS_MAX:
            _SPECS.clear()
        spec = _SPECS[key] = TimeSpec(kind, start, end, bound, date, tz, approx, seconds)
    return spec


# --- the scanner --------------------------------------------------------------------------------


def _scan(
    text: str, pos: int, bare_numeric: bool, day_first: bool = False, entry: bool = True
) -> tuple[TimeSpec, int] | None:
    """Read one time expression starting at `pos`.

    `bare_numeric` lets a lone `01-03` count as a date (only when the whole cell is that);
    `day_first` reads `03-10-2025` as the 3rd of October (see `dates.day_first`); `entry`
    allows the colon-less times that start timeline entries (`0906Z`, `09.42`).
    """
    approx = False
    bound: str | None = None
    between = False
    if text[pos : pos + 1] not in _DIGITS:  # "~", "approx.", "before": never a digit first
        if text[pos : pos + 1] in _APPROX_FIRST and (m := _APPROX.match(text, pos)):
            approx, pos = True, m.end()
        if text[pos : pos + 1] in _PREFIX_FIRST and (m := _PREFIX.match(text, pos)):
            word = (m.group("pp") or m.group("w")).split()[0].casefold()
            if word in ("between", "from"):
                between = True
            else:
                bound = _BOUND_WORDS.get(word, "after")
            pos = m.end()
            if text[pos : pos + 1] in _APPROX_FIRST and (m := _APPROX.match(text, pos)):
                approx, pos = True, m.end()

    date: str | None = None
    iso = full_date = False
    clock_pos = pos
    dm = date_at(text, pos)
    parts = date_parts(dm, day_first) if dm else None
    if dm and parts:
        year, month, day, _ = parts
        date, full_date = date_text(year, month, day), year is not None
        clock_pos = _sep_end(text, dm.end())
        iso = text.startswith("T", dm.end())
        if text[clock_pos : clock_pos + 1] in _APPROX_FIRST and (
            m := _APPROX.match(text, clock_pos)
        ):
            approx, clock_pos = True, m.end()

    clock = _read_clock(text, clock_pos, full_date, entry and dm is None)
    if clock is None:
        if dm is None or parts is None or bound or (parts[3] and not bare_numeric):
            return None
        return _spec("date", None, None, None, date, None, approx, None), dm.end()
    hour, minute, second, ampm, end = clock
    start = _to_minutes(hour, minute, ampm)
    if start is None:
        return None
    if end == len(text):  # a cell that is only a time: no zone, range or date can follow
        kind = "bound" if bound else "point"
        return _spec(kind, start, None, bound, date, None, approx, second), end
    tz, end = _read_zone(text, end, iso)
    if text.find("(", end) >= 0 and (a := _ALT_TIME.match(text, end)):
        end = a.end()

    end_min: int | None = None
    rng = _RANGE_SEP.match(text, end) if bound is None else None
    if rng and (between or not rng.group("and")):
        p = rng.end()
        if text[p : p + 1] in _APPROX_FIRST and (m := _APPROX.match(text, p)):
            p = m.end()
        if (d2 := date_at(text, p)) and date_parts(d2):
            p = _sep_end(text, d2.end())
        c2 = _read_clock(text, p, dotted=False)
        end_min = _to_minutes(c2[0], c2[1], c2[3]) if c2 else None
        if c2 and end_min is not None:
            ampm2 = c2[3]
            if ampm2 and not ampm and 1 <= hour <= 12:
                # "10:30-11:15 AM": the suffix covers both ends, unless that runs backwards.
                start = _hour12(hour, minute, ampm2)
                if start > end_min:
                    start = _hour12(hour, minute, "a" if ampm2 in "Pp" else "p")
            tz2, end = _read_zone(text, c2[4], False)
            tz = tz or tz2
            if text.find("(", end) >= 0 and (a := _ALT_TIME.match(text, end)):
                end = a.end()

    if date is None and (t := _TRAIL_DATE.match(text, end)):
        d3 = date_at(text, t.end())
        p3 = date_parts(d3, day_first) if d3 else None
        if d3 and p3 and not p3[3]:
            date, end = date_text(p3[0], p3[1], p3[2]), d3.end()

    kind = "bound" if bound else ("range" if end_min is not None else "point")
    return _spec(kind, start, end_min, bound, date, tz, approx, second), end


# --- public API ---------------------------------------------------------------------------------


def parse_time(text: str, day_first: bool = False) -> TimeSpec | None:
    """Read a cell or heading that is all time (markup such as ** ` [ ] ( ) ignored)."""
    inner = _MARKUP.sub("", text).strip()
    while inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1].strip()
    inner = inner.rstrip(":.,;").rstrip()
    if not inner:
        return None
    found = _scan(inner, 0, True, day_first)
    if found is None or found[1] != len(inner):
        return None
    return found[0]


def leading_time(
    text: str, day_first: bool = False, entry: bool = True
) -> tuple[TimeSpec, int] | None:
    """A time or date at the very start of `text`, and the index where it ends.

    Leading bullet and wrapper markup (`- `, `**`, `[`, `` ` ``, `(`) is skipped. When the time
    was opened by a wrapper, the matching close (`**`, `]`, `:**` ...) is included in the end
    index, so `text[end:]` is the entry's own text. Separators such as ` - ` or `: ` are not.
    `day_first` reads numeric dates day first; `entry` (the default) also reads the colon-less
    times that start entries (`0906Z - paged`, `09.42 paged`), which mid-sentence could be
    anything.
    """
    if text[:1] in _DIGITS:  # no bullet or wrapper to skip (most timeline entries)
        return _scan(text, 0, False, day_first, entry)
    lead = _LEAD.match(text)
    pos = lead.end() if lead else 0
    found = _scan(text, pos, False, day_first, entry)
    if found is None:
        return None
    spec, end = found
    if lead and lead.group("open").strip() and (c := _CLOSE.match(text, end)):
        end = c.end()
    return spec, end


def find_times(text: str) -> list[tuple[int, int, int]]:
    """Every `H:MM` clock time in prose as (start, end, minutes), AM/PM applied.

    Digits glued to other digits, colons or dots (ports, IPs, versions, MAC addresses) and
    impossible times such as `25:61` are skipped.
    """
    out: list[tuple[int, int, int]] = []
    if ":" not in text:
        return out
    for m in _FIND_CLOCK.finditer(text):
        if m.group("s") and int(m.group("s")) > 59:
            continue
        minutes = _to_minutes(int(m.group("h")), int(m.group("m")), m.group("ap"))
        if minutes is not None:
            out.append((m.start(), m.end(), minutes))
    return out


def minutes_between(start: int, end: int) -> int:
    """`end - start` in minutes, wrapping past midnight (23:50 -> 00:10 is 20)."""
    return (end - start) % DAY_MINUTES


def parse_duration(text: str) -> int | None:
    """Minutes in the first duration phrase of `text` ("47 min", "1h 5m", "22-minute").

    Compound phrases must go from larger to smaller units. Ranges ("5-10 minutes") are not
    durations. A total that is not a whole number of minutes ("90s") gives None.
    """
    pos = 0
    while m := _DUR_PART.search(text, pos):
        if _DUR_RANGE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            pos = m.end()
            continue
        from fractions import Fraction  # exact sums such as 1.5 h + 30 min

        total = Fraction(0)
        rank = _DUR_UNIT["d"] + 1
        while m:
            factor = _DUR_UNIT[m.group("u")[0].casefold()]
            if factor >= rank:
                break
            total += Fraction(m.group("n")) * factor
            rank = factor
            j = _DUR_JOIN.match(text, m.end())
            m = _DUR_PART.match(text, j.end()) if j else None
        if total.denominator != 1 or total % 60:
            return None
        return int(total // 60)
    return None
