"""Tests for pmlint.timeparse: the forms people use for times, dates and durations."""

from __future__ import annotations

import datetime
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.document.timeparse import (
    TimeSpec,
    find_dates,
    find_times,
    leading_time,
    minutes_between,
    parse_date,
    parse_duration,
    parse_time,
)


def hm(hour: int, minute: int) -> int:
    return hour * 60 + minute


def spec(
    kind: str = "point",
    start: int | None = None,
    end: int | None = None,
    bound: str | None = None,
    date: str | None = None,
    tz: str | None = None,
    approximate: bool = False,
    seconds: int | None = None,
) -> TimeSpec:
    return TimeSpec(kind, start, end, bound, date, tz, approximate, seconds)


# --- parse_time ---------------------------------------------------------------------------------

PARSE_TIME_CASES = [
    # plain clocks
    ("14:05", spec(start=hm(14, 5))),
    ("09:41", spec(start=hm(9, 41))),
    ("9:05", spec(start=hm(9, 5))),
    ("0:07", spec(start=7)),
    ("23:59", spec(start=hm(23, 59))),
    ("14:05:30", spec(start=hm(14, 5), seconds=30)),
    ("16h05", spec(start=hm(16, 5))),
    # 12-hour clock
    ("4:19 PM", spec(start=hm(16, 19))),
    ("4:19pm", spec(start=hm(16, 19))),
    ("7:30 a.m.", spec(start=hm(7, 30))),
    ("11:39AM", spec(start=hm(11, 39))),
    ("12:05 AM", spec(start=5)),
    ("12:05 PM", spec(start=725)),
    ("12:00 am", spec(start=0)),
    ("3 PM", spec(start=hm(15, 0))),
    ("13:30 PM", spec(start=hm(13, 30))),  # 24-hour value with a stray suffix
    # dates with times
    ("2024-01-02 14:05 UTC", spec(start=hm(14, 5), date="2024-01-02", tz="UTC")),
    ("2024-01-02T14:05:00Z", spec(start=hm(14, 5), date="2024-01-02", tz="Z", seconds=0)),
    ("2025-11-30T08:15:09+02:00", spec(start=hm(8, 15), date="2025-11-30", tz="+02:00", seconds=9)),
    ("2025-11-30T08:15-05:00", spec(start=hm(8, 15), date="2025-11-30", tz="-05:00")),
    ("2025/11/30 08:15", spec(start=hm(8, 15), date="2025-11-30")),
    ("Jan 3, 2024, 10:00 AM", spec(start=hm(10, 0), date="2024-01-03")),
    ("January 3 2024 10:00", spec(start=hm(10, 0), date="2024-01-03")),
    ("3 Jan 2024 10:00", spec(start=hm(10, 0), date="2024-01-03")),
    ("Sept 9 2021 21:45", spec(start=hm(21, 45), date="2021-09-09")),
    ("March 8th, 2023: 6:10pm UTC", spec(start=hm(18, 10), date="2023-03-08", tz="UTC")),
    ("8. March, 11:00", spec(start=hm(11, 0), date="03-08")),
    ("Mar 8, 07:13", spec(start=hm(7, 13), date="03-08")),
    ("11-28-2023 9:40 pm", spec(start=hm(21, 40), date="2023-11-28")),
    ("28/11/2023 21:40", spec(start=hm(21, 40), date="2023-11-28")),  # day > 12: day first
    ("[01-03 14:05]", spec(start=hm(14, 5), date="01-03")),
    ("2023-05-06 7:02am", spec(start=hm(7, 2), date="2023-05-06")),
    ("2023-05-06 18.40", spec(start=hm(18, 40), date="2023-05-06")),
    # approximate
    ("~14:10", spec(start=hm(14, 10), approximate=True)),
    ("≈ 14:10", spec(start=hm(14, 10), approximate=True)),
    ("approx. 14:10", spec(start=hm(14, 10), approximate=True)),
    ("approximately 14:10", spec(start=hm(14, 10), approximate=True)),
    ("around 2:10 PM", spec(start=hm(14, 10), approximate=True)),
    ("about 14:10", spec(start=hm(14, 10), approximate=True)),
    ("2022-02-02 ca. 06:20", spec(start=hm(6, 20), date="2022-02-02", approximate=True)),
    ("2022-02-02 ~06:20", spec(start=hm(6, 20), date="2022-02-02", approximate=True)),
    # zones
    ("14:05 UTC", spec(start=hm(14, 5), tz="UTC")),
    ("14:05 utc", spec(start=hm(14, 5), tz="UTC")),
    ("14:05 PST", spec(start=hm(14, 5), tz="PST")),
    ("14:05 CEST", spec(start=hm(14, 5), tz="CEST")),
    ("14:05 (UTC+2)", spec(start=hm(14, 5), tz="UTC+2")),
    ("14:05 UTC+05:30", spec(start=hm(14, 5), tz="UTC+05:30")),
    ("9:12 AM Pacific", spec(start=hm(9, 12), tz="Pacific")),
    ("09:12 EDT (13:12 UTC)", spec(start=hm(9, 12), tz="EDT")),
    ("09:12 PDT (UTC-7)", spec(start=hm(9, 12), tz="PDT")),
    # ranges
    ("14:07–14:29", spec("range", hm(14, 7), hm(14, 29))),
    ("14:07-14:29", spec("range", hm(14, 7), hm(14, 29))),
    ("14:07 — 14:29", spec("range", hm(14, 7), hm(14, 29))),
    ("14:07 to 14:29", spec("range", hm(14, 7), hm(14, 29))),
    ("14:07 until 14:29 UTC", spec("range", hm(14, 7), hm(14, 29), tz="UTC")),
    ("14:07 → 14:29", spec("range", hm(14, 7), hm(14, 29))),
    ("~09:30-09:45", spec("range", hm(9, 30), hm(9, 45), approximate=True)),
    ("between 14:07 and 14:29", spec("range", hm(14, 7), hm(14, 29))),
    ("from 14:07 to 14:29", spec("range", hm(14, 7), hm(14, 29))),
    ("23:50-00:10", spec("range", hm(23, 50), 10)),
    ("2:15 PM - 3:05 PM", spec("range", hm(14, 15), hm(15, 5))),
    ("10:30-11:15 AM", spec("range", hm(10, 30), hm(11, 15))),
    ("10:30-11:15 PM", spec("range", hm(22, 30), hm(23, 15))),
    ("11:30-1:00 PM", spec("range", hm(11, 30), hm(13, 0))),
    ("11:30-12:30 AM", spec("range", hm(23, 30), 30)),
    ("2024-01-02 23:10 - 2024-01-03 01:00", spec("range", hm(23, 10), 60, date="2024-01-02")),
    # bounds
    ("Pre-14:03", spec("bound", hm(14, 3), bound="before")),
    ("pre 14:03", spec("bound", hm(14, 3), bound="before")),
    ("Before 14:03", spec("bound", hm(14, 3), bound="before")),
    ("Prior to 14:03", spec("bound", hm(14, 3), bound="before")),
    ("After 14:50", spec("bound", hm(14, 50), bound="after")),
    ("Post-14:50", spec("bound", hm(14, 50), bound="after")),
    ("Before ~14:03", spec("bound", hm(14, 3), bound="before", approximate=True)),
    # markup wrappers
    ("**14:03**", spec(start=hm(14, 3))),
    ("`14:03`", spec(start=hm(14, 3))),
    ("(14:03)", spec(start=hm(14, 3))),
    ("  __14:03__  ", spec(start=hm(14, 3))),
    ("**14:07–14:29**", spec("range", hm(14, 7), hm(14, 29))),
    ("14:03:", spec(start=hm(14, 3))),
    # dates without a time
    ("2024-01-02", spec("date", date="2024-01-02")),
    ("Jan 3", spec("date", date="01-03")),
    ("Monday, January 3rd", spec("date", date="01-03")),
    ("Tue 4 June 2024", spec("date", date="2024-06-04")),
    ("the 1st of November", None),  # leading article: not read
    ("1st of November", spec("date", date="11-01")),
    ("01-03", spec("date", date="01-03")),
    ("MAY 12", spec("date", date="05-12")),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_TIME_CASES)
def test_parse_time(text: str, expected: TimeSpec | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "**",
        "2024",
        "2024 was busy",
        "25:61",
        "24:00",
        "14:60",
        "14:05:75",
        "12:5",
        "1.24.0",
        "1.",
        "3 engineers",
        "(UTC+2)",
        "UTC",
        "May",
        "June 2024",
        "2024-13-01",
        "2024-02-30",
        "Feb 30",
        "14:05 and then some",
        "Before Jan 3",
        "14:055",
        "12:34:56:78",
    ],
)
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


# --- leading_time -------------------------------------------------------------------------------

LEADING_CASES = [
    ("14:05 Alert fired", hm(14, 5), " Alert fired"),
    ("14:05 - Alert fired", hm(14, 5), " - Alert fired"),
    ("14:05: Alert fired", hm(14, 5), ": Alert fired"),
    ("4:19 PM UTC the pager went off", hm(16, 19), " the pager went off"),
    ("- 14:05 bullet kept by caller", hm(14, 5), " bullet kept by caller"),
    ("**14:03** Alert fires", hm(14, 3), " Alert fires"),
    ("**14:03:** Alert fires", hm(14, 3), " Alert fires"),
    ("**14:03: Alert fires**", hm(14, 3), ": Alert fires**"),
    ("[01-03 14:05] deploy starts", hm(14, 5), " deploy starts"),
    ("`14:05` deploy", hm(14, 5), " deploy"),
    ("**Mar 8th, 2023, 6:10 PM:** patch shipped", hm(18, 10), " patch shipped"),
    ("2024-01-02 14:05 UTC: rollback", hm(14, 5), ": rollback"),
    ("11/28/2023 - 21:40 CST - a user reports", hm(21, 40), " - a user reports"),
    ("09:12 EDT (13:12 UTC): admins meet", hm(9, 12), ": admins meet"),
    ("08:20 (1:20 PDT): blocks stop", hm(8, 20), ": blocks stop"),
    ("03:15 AM PST Tuesday Nov 2nd: queue drains", hm(3, 15), ": queue drains"),
    ("14:07–14:29 diagnosis", hm(14, 7), " diagnosis"),
    ("Pre-14:03 onset unknown", hm(14, 3), " onset unknown"),
    ("~14:10 someone noticed", hm(14, 10), " someone noticed"),
    ("7:30am - first report", hm(7, 30), " - first report"),
    ("22:40 - 3 pods restarted", hm(22, 40), " - 3 pods restarted"),
]


@pytest.mark.parametrize(("text", "start", "rest"), LEADING_CASES)
def test_leading_time(text: str, start: int, rest: str) -> None:
    found = leading_time(text)
    assert found is not None
    got, end = found
    assert got.start == start
    assert text[end:] == rest


@pytest.mark.parametrize(
    ("text", "date", "rest"),
    [
        ("2024-01-02 quiet day", "2024-01-02", " quiet day"),
        ("Jan 3: the second outage", "01-03", ": the second outage"),
        ("Friday Oct 29th 2021 - Sunday Oct 31st 2021", "2021-10-29", " - Sunday Oct 31st 2021"),
    ],
)
def test_leading_date_only(text: str, date: str, rest: str) -> None:
    found = leading_time(text)
    assert found is not None
    got, end = found
    assert (got.kind, got.start, got.date) == ("date", None, date)
    assert text[end:] == rest


@pytest.mark.parametrize(
    "text",
    [
        "3 engineers joined the call",
        "2 pods crashed",
        "1.24.0 was released",
        "1. Roll back the deploy",
        "2024 was busy",
        "404 errors spiked",
        "5xx rate rose",
        "10% of requests failed",
        "24/7 support",
        "10-12 pods were evicted",
        "2 may be the cause",
        "30 minutes later the fix landed",
        "About 3 engineers",
        "Incident on 2024-01-02 14:05",
        "v14:05",
        "**Date:** 2024-01-02",
        "",
    ],
)
def test_leading_time_rejects_prose(text: str) -> None:
    assert leading_time(text) is None


def test_leading_time_flags() -> None:
    rng = leading_time("~13:30-13:45 partial recovery")
    assert rng is not None
    assert (rng[0].kind, rng[0].start, rng[0].end, rng[0].approximate) == ("range", 810, 825, True)
    bnd = leading_time("After 14:50 all green")
    assert bnd is not None
    assert (bnd[0].kind, bnd[0].bound) == ("bound", "after")
    trail = leading_time("02:54 AM PST Monday Nov 1st: second peak")
    assert trail is not None
    assert (trail[0].start, trail[0].tz, trail[0].date) == (174, "PST", "11-01")


# --- find_times ---------------------------------------------------------------------------------


def test_find_times_spans_and_minutes() -> None:
    text = "took 26 minutes (14:03 → 14:29), paged at 4:19 PM"
    found = find_times(text)
    assert [m for _, _, m in found] == [hm(14, 3), hm(14, 29), hm(16, 19)]
    assert [text[s:e] for s, e, _ in found] == ["14:03", "14:29", "4:19 PM"]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("alert at 14:03", [843]),
        ("12:05 AM and 12:05 PM", [5, 725]),
        ("at 7:02 a.m. sharp", [422]),
        ("window 10:00-17:00 weekdays", [600, 1020]),
        ("stamp 2024-01-02T14:05:00Z", [845]),
        ("log line 08:01:59.123 error", [481]),
        ("25:61 is no time but 23:59 is", [1439]),
        ("http://proxy:8001/api and 10.1.2.3:8080", []),
        ("mac 00:1a:2b:3c:4d:5e and 00:11:22:33:44:55", []),
        ("version 1.24.0 with ratio 16:9", []),
        ("no clocks here", []),
    ],
)
def test_find_times(text: str, minutes: list[int]) -> None:
    assert [m for _, _, m in find_times(text)] == minutes


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-17", datetime.date(2026, 4, 17)),
        ("2026/04/17", datetime.date(2026, 4, 17)),
        ("on April 24, 2026 we", datetime.date(2026, 4, 24)),
        ("24 April 2026", datetime.date(2026, 4, 24)),
        ("Apr 24 2026", datetime.date(2026, 4, 24)),
        ("Friday, April 24th, 2026", datetime.date(2026, 4, 24)),
        ("12-24-2025", datetime.date(2025, 12, 24)),
        ("**Date:** 2026-04-17 | **Duration:** 47 min", datetime.date(2026, 4, 17)),
        ("Apr 24", None),
        ("2024 was busy", None),
        ("2026-02-30", None),
        ("1.24.0", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: datetime.date | None) -> None:
    assert parse_date(text) == expected


def test_find_dates() -> None:
    text = "From 2024-03-01 to March 9, 2024 (not Mar 10) and 2024-02-31."
    found = find_dates(text)
    assert [d for _, _, d in found] == [datetime.date(2024, 3, 1), datetime.date(2024, 3, 9)]
    assert [text[s:e] for s, e, _ in found] == ["2024-03-01", "March 9, 2024"]


# --- durations and arithmetic ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(hm(14, 3), hm(14, 29), 26), (hm(23, 50), 10, 20), (600, 600, 0), (0, 1439, 1439)],
)
def test_minutes_between(start: int, end: int, expected: int) -> None:
    assert minutes_between(start, end) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("47 minutes", 47),
        ("47 min", 47),
        ("47 mins", 47),
        ("47m", 47),
        ("47-minute outage", 47),
        ("a 22-min gap", 22),
        ("1h 5m", 65),
        ("1h05m", 65),
        ("1 hour 5 minutes", 65),
        ("1 hour and 5 minutes", 65),
        ("2 hours, 10 minutes", 130),
        ("2 hours", 120),
        ("2 hrs", 120),
        ("1.5 hours", 90),
        ("1 day", 1440),
        ("120s", 2),
        ("90s", None),
        ("90 seconds", None),
        ("26 minutes (14:03 → 14:29)", 26),
        ("(47 min total)", 47),
        ("5-10 minutes", None),
        ("5 minutes, then 10 minutes", 5),
        ("3 engineers", None),
        ("5 months", None),
        ("no duration", None),
        ("120 ſeconds", 2),  # a long s folds to "s" under IGNORECASE
    ],
)
def test_parse_duration(text: str, expected: int | None) -> None:
    assert parse_duration(text) == expected


# --- robustness ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "1", "12", "2024", ":", "-", "–", "/", ".", " ", "T", "Z", "~", "**", "[", "]", "(", ")",
        "am", "PM", "UTC", "PST", "+02:00", "Jan", "May", "3rd", "to", "and", "Pre-", "after ",
        "between ", "h", "m", "min", "ſep", "ſecs", "poſt-", "٣", "\u202f", "\n",
    ]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_never_raises(text: str) -> None:
    parse_time(text)
    found = leading_time(text)
    if found is not None:
        assert 0 < found[1] <= len(text)
    for start, end, minutes in find_times(text):
        assert 0 <= start < end <= len(text)
        assert 0 <= minutes < 1440
    parse_date(text)
    find_dates(text)
    parse_duration(text)


_HOSTILE = [
    "1:" * 100_000,
    "12:34:" * 34_000,
    "1:1 " * 50_000,
    "9" * 200_000,
    "12-12-" * 34_000,
    "2024-01-02 " * 18_000,
    " " * 200_000 + "x",
    "~" * 200_000,
    "(" * 200_000,
    "Pre-" * 50_000,
    "Jan 3 " * 34_000,
    "1 h " * 50_000,
    "12:34 - " * 25_000,
    "12:00:00." + "1" * 200_000,
]


@pytest.mark.parametrize("text", _HOSTILE, ids=lambda t: repr(t[:8]))
def test_linear_time_on_hostile_input(text: str) -> None:
    for fn in (parse_time, leading_time, find_times, parse_date, find_dates, parse_duration):
        began = time.perf_counter()
        fn(text)
        assert time.perf_counter() - began < 1.0, fn.__name__
