"""Duration and impact primitives: stated durations against the times they cite; numbers.

People write a duration next to the clock times it came from — "26 minutes (14:03 → 14:29)",
"14:03 detect → 14:50 recover (47 min total)", "the 22-minute delay (14:07 → 14:29)", or a
"22-min gap" in a timeline row whose time is `14:07–14:29` — and edit one without the other.
`duration_arithmetic` recomputes each such pair. `section_quantified` asks the impact
section for at least one number of something (users, requests, money, a percentage).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from pmlint.checks import Hit, check
from pmlint.checks.durationtext import Chain, Duration, duration_spans, find_chains, find_durations
from pmlint.checks.language import (
    TextLine,
    line_at,
    lines_of_kind,
    lowered_text,
    text_lines,
)
from pmlint.document.model import Document
from pmlint.document.timeparse import find_dates, find_times, leading_time, minutes_between
from pmlint.util.recache import compiled
from pmlint.util.wordalt import ascii_keys, may_contain, one_of

if TYPE_CHECKING:
    from pmlint.checks.options.durations import ArithmeticOptions, QuantifiedOptions


_T = TypeVar("_T")

# --- pieces of a line ---------------------------------------------------------------------------

# What every duration holds: a unit letter after a digit (the long s is an "s" to
# IGNORECASE). Cheaper to look for than a duration.
_UNIT_AFTER_DIGIT = compiled("[0-9]\\s?-?\\s?[dhmsDHMS\u017f]")
_CLOCKISH = compiled(r"[0-9]:[0-9][0-9]")  # a cheap test before the full readers
_COLON_CLOCK = compiled(r":[0-9][0-9]")  # its end: a colon is rarer than a digit
_PAREN = compiled(r"\(([^()]{1,200})\)")
_BRIDGE_STOP = compiled(r"[.;:!?|()]")
_WORD = compiled(r"[^\s*_`]+")


# --- duration_arithmetic -----------------------------------------------------------------------


@lru_cache(maxsize=32)
def _span_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    return compiled(r"\W{0,3}(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=32)
def _span_keys(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The span words as keys for `may_contain` (None: a word is not ASCII)."""
    return ascii_keys(words)


def _agrees(duration: Duration, actual: int, rough: bool, options: ArithmeticOptions) -> bool:
    approx = duration.qualifier == "approx" or rough
    slack = options.approximate_tolerance if approx else options.tolerance
    if duration.qualifier == "at_least":
        return actual >= duration.minutes - slack
    if duration.qualifier == "at_most":
        return actual <= duration.minutes + slack
    return abs(actual - duration.minutes) <= slack


def _within(starts: list[int], items: list[_T], first: int, last: int) -> list[_T]:
    """Items (sorted by start) that start in [first, last): found by bisection, not a scan."""
    return items[bisect_left(starts, first) : bisect_left(starts, last)]


def _pairs(text: str, span: re.Pattern[str] | None) -> Iterator[tuple[Duration, Chain]]:
    """(stated duration, the times it cites) pairs on one line of text.

    Durations and chains are sorted by position, so each parenthesis looks up its
    neighbours by bisection and a long line stays linear.
    """
    # A chain joins two or more clock times, each with its colon; without one, only a
    # "22-min gap" after a leading time range can pair, so look for that first.
    chained = text.count(":") >= 2
    if not chained and (span is None or not _span_after_duration(text, span)):
        return
    durations = find_durations(text)
    if not durations:
        return
    chains = find_chains(text) if chained else []
    d_starts = [d.start for d in durations]
    c_starts = [c.start for c in chains]
    c_ends = [c.end for c in chains]
    used: set[int] = set()
    for paren in _PAREN.finditer(text):
        inner_start, inner_end = paren.start(1), paren.end(1)
        inside_d = [
            d for d in _within(d_starts, durations, inner_start, inner_end) if d.end <= inner_end
        ]
        inside_c = [
            c
            for c in _within(c_starts, chains, inner_start, inner_end)
            if c.end <= inner_end
            and len(_WORD.findall(text, inner_start, c.start)) <= 1  # "(from 14:03 → 14:29)"
            and len(_WORD.findall(text, c.end, inner_end)) <= 3  # "(… → 14:50 recover, UTC)"
        ]
        if len(inside_c) == 1 and len(inside_d) <= 1:
            chain = inside_c[0]
            if inside_d:  # "(14:03 → 14:29, 26 min)"
                stated: Duration | None = inside_d[0]
            else:  # "26 minutes (14:03 → 14:29)", "the 22-minute delay (14:07 → 14:29)"
                stated = _duration_before(text, durations, d_starts, c_starts, paren.start())
            if stated is not None and stated.start not in used:
                used.add(stated.start)
                yield stated, chain
        elif len(inside_d) == 1 and not find_times(paren.group(1)):
            # "14:03 detect → 14:50 recover (47 min total)": the chain that ends just before.
            index = bisect_right(c_ends, paren.start()) - 1
            chain_before = chains[index] if index >= 0 else None
            if (
                chain_before is not None
                and _bridge(text, chain_before.end, paren.start(), 2)
                and inside_d[0].start not in used
            ):
                used.add(inside_d[0].start)
                yield inside_d[0], chain_before
    if span is None or not any(span.match(text, d.end) for d in durations):
        return  # no "22-min gap": no need to read the line's leading time range
    lead = leading_time(text)
    if lead is None or lead[0].kind != "range":
        return
    spec, lead_end = lead
    if spec.start is None or spec.end is None:
        return
    entry = Chain(0, lead_end, spec.start, spec.end, spec.approximate, text[:lead_end].strip())
    for duration in durations:
        if duration.start in used or duration.start < lead_end:
            continue
        if span.match(text, duration.end):  # "22-min gap" in the entry of a range
            used.add(duration.start)
            yield duration, entry


def _worth_reading(
    text: str, low: str, span: re.Pattern[str] | None, keys: tuple[str, ...] | None
) -> bool:
    """False when `_pairs` would find nothing on a line, told cheaply: a parenthesis pairs
    only with a chain of times; anything else needs a span word after a duration."""
    if "(" in text and text.count(":") >= 2:
        return True
    if span is None or not _UNIT_AFTER_DIGIT.search(text):
        return False
    return keys is None or may_contain(low, keys)


def _span_after_duration(text: str, span: re.Pattern[str]) -> bool:
    """Whether a span word ("gap", "window") follows some duration-like phrase."""
    return any(span.match(text, end) for _, end in duration_spans(text))


def _bridge(text: str, start: int, stop: int, max_words: int) -> bool:
    """Whether `text[start:stop]` is a few plain words (no sentence break, time or cell edge)."""
    if stop < start or stop - start > 16 * (max_words + 1):
        return False
    between = text[start:stop]
    if _BRIDGE_STOP.search(between) or find_times(between):
        return False
    return len(_WORD.findall(between)) <= max_words


def _duration_before(
    text: str,
    durations: list[Duration],
    d_starts: list[int],
    c_starts: list[int],
    paren_start: int,
) -> Duration | None:
    """The duration nearest before a parenthesis, if only a few words separate them."""
    index = bisect_left(d_starts, paren_start) - 1
    while index >= 0 and durations[index].end > paren_start:
        index -= 1
    if index < 0:
        return None
    nearest = durations[index]
    if bisect_left(c_starts, paren_start) > bisect_left(c_starts, nearest.end):
        return None  # a time sits between the duration and the parenthesis
    return nearest if _bridge(text, nearest.end, paren_start, 6) else None


@check("duration_arithmetic", "pmlint.checks.options.durations:ArithmeticOptions")
def duration_arithmetic(doc: Document, options: ArithmeticOptions) -> Iterator[Hit]:
    """A stated duration must equal the minutes between the times it cites, within tolerance.

    Reads every line of the document (headings, prose, list items, table rows) and the
    front-matter `duration`; durations of a day or more and qualifiers such as "every" or
    "after" are left alone.
    """
    words = tuple(options.span_words)
    span, keys = _span_regex(words), _span_keys(words)
    lines = text_lines(doc)
    front = doc.metadata.fields.get("duration")
    front_line = doc.metadata.lines.get("duration", 0)
    if (
        front
        and front_line
        and all(entry.line != front_line for entry in lines)
        and ":" in front
        and _CLOCKISH.search(front)
    ):
        yield from _line_hits(front_line, front, span, options)
    # The lines holding a clock time, found in the lower-cased text of the whole document
    # (digits and colons are the same in it) rather than line by line.
    low, starts = lowered_text(doc)
    last = len(starts) - 1
    found = _COLON_CLOCK.search(low)
    while found is not None:
        at = found.start()
        if not (at and "0" <= low[at - 1] <= "9"):  # `_CLOCKISH` wants a digit before
            found = _COLON_CLOCK.search(low, at + 1)
            continue
        index = line_at(starts, at)
        entry = lines[index]
        end = starts[index + 1] - 1 if index < last else len(low)
        if _worth_reading(entry.text, low[starts[index] : end], span, keys):
            yield from _line_hits(entry.line, entry.text, span, options)
        found = _COLON_CLOCK.search(low, end + 1) if index < last else None


def _line_hits(
    line: int,
    text: str,
    span: re.Pattern[str] | None,
    options: ArithmeticOptions,
) -> Iterator[Hit]:
    """The mismatched durations of one line that holds a clock time."""
    for stated, chain in _pairs(text, span):
        if stated.qualifier == "skip" or stated.minutes >= 24 * 60:
            continue
        actual = minutes_between(chain.first, chain.last)
        if _agrees(stated, actual, chain.approx, options):
            continue
        yield Hit(
            line,
            {
                "stated": stated.text,
                "stated_minutes": stated.minutes,
                "times": chain.raw,
                "actual": actual,
            },
            needle=stated.text,
        )


# --- section_quantified ------------------------------------------------------------------------


_NUMBER = compiled(
    r"(?<![\w.])[0-9][0-9,.]*(?:\s?(?:k|m|bn|million|billion|thousand|hundred))?(?![\w])"
    # The look-ahead passes over positions where no number word can start.
    r"|\b(?=[defhmnost])(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|dozens?|hundreds|thousands|millions)\b",
    re.IGNORECASE,
)
# Digit runs are bounded ({0,30}): unbounded, a long run of digits with nothing after it was
# rescanned from each of its digits (quadratic). No figure a person writes is that long.
_MONEY = compiled(
    r"[$€£¥][\s~]?[0-9]|[0-9][0-9,.]{0,30}\s?(?:k|m)?\s?(?:usd|eur|gbp|dollars|euros|pounds)\b",
    re.IGNORECASE,
)
# "~7,800 labels", "2 warehouse pickups": a number, up to two words, then a plural noun.
_COUNT = compiled(
    r"(?<![\w.])[0-9][0-9,.]{0,30}(?:\s?(?:k|m|million|thousand|hundred))?\s+"
    r"(?:[A-Za-z-]+\s+){0,2}?(?P<noun>[A-Za-z-]{2,}s)\b"
)
_NOT_COUNTED = {"minutes", "hours", "seconds", "days", "weeks", "months", "years", "times", "ms"}
_NOT_COUNTED |= {"mins", "secs", "hrs", "nights", "was", "is", "has", "does", "its", "this"}
_PERCENT = compiled(r"[0-9]\s?%|[0-9]\s?(?:percent|per cent)\b", re.IGNORECASE)


@lru_cache(maxsize=32)
def _unit_regex(units: tuple[str, ...]) -> re.Pattern[str] | None:
    if not units:
        return None
    # Longest first (as escaped): "repository" is tried before "repo".
    words = sorted((u.lower() for u in units), key=lambda u: len(re.escape(u)), reverse=True)
    return compiled(r"\b" + one_of(words) + r"(?:s|es)?\b", re.IGNORECASE)


def _strip_clock(text: str) -> str:
    """The text with times, dates and durations blanked out: they are not impact figures."""
    spans = [(s, e) for s, e, _ in find_times(text)] + [(s, e) for s, e, _ in find_dates(text)]
    spans += [(d.start, d.end) for d in find_durations(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def quantified(entry: TextLine, options: QuantifiedOptions, units: re.Pattern[str] | None) -> bool:
    """Whether one line gives a figure (a count, money, a percentage) or admits it is unknown."""
    text = entry.text
    if any(tag in text for tag in options.tags):
        return True
    plain = _strip_clock(text)
    if options.money and _MONEY.search(plain):
        return True
    if options.percentages and _PERCENT.search(plain):
        return True
    if not _NUMBER.search(plain):
        return False
    if units is not None and units.search(plain):
        return True
    return any(found.group("noun").lower() not in _NOT_COUNTED for found in _COUNT.finditer(plain))


@lru_cache(maxsize=32)
def _settled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return compiled("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@check("section_quantified", "pmlint.checks.options.durations:QuantifiedOptions")
def section_quantified(doc: Document, options: QuantifiedOptions) -> Iterator[Hit]:
    """The section of `kind` gives at least one figure: a count of `units`, money, a
    percentage, or a tag saying the figure is unknown. Times and dates do not count."""
    sections = doc.sections_of(options.kind)
    if not sections:
        return
    units = _unit_regex(tuple(options.units))
    settled = _settled(tuple(options.settled)) if options.settled else None
    for entry in lines_of_kind(doc, options.kind):
        if quantified(entry, options, units):
            return
        if settled is not None and settled.search(entry.text):
            return
    heading = sections[0]
    yield Hit(heading.line, {"section": heading.title}, needle=heading.title)
