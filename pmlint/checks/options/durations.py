"""Options of the duration and impact primitives (`pmlint.checks.durations`)."""

from __future__ import annotations

from pmlint.checks.options import Options, Patterns

_SPAN_WORDS = ["gap", "window", "delay", "interval", "period", "span", "outage", "downtime"]
_SPAN_WORDS += ["total", "duration", "long"]


class ArithmeticOptions(Options):
    """`tolerance`: minutes of slack for exact figures; `approximate-tolerance` for "~20
    minutes" or "~14:10"; `span-words`: words after a duration in a timeline entry with a
    time range that mark it as the length of that range ("22-min gap")."""

    tolerance: int = 1
    approximate_tolerance: int = 5
    span_words: list[str] = list(_SPAN_WORDS)


class QuantifiedOptions(Options):
    """`units`: nouns a count can be of (singular; plurals match too), which may also sit in
    another cell of the same row ("Users affected | ~12,000"); a number followed by a plural
    noun ("340 parcels") counts too. `tags`: text that admits a figure is unknown
    (`{UNKNOWN}`), enough on its own."""

    kind: str = "impact"
    units: list[str] = []
    tags: list[str] = ["{UNKNOWN}"]
    money: bool = True
    percentages: bool = True
    # Statements that settle the figure without a number: "no users were affected", "the
    # whole chain was down for 30 hours" (everyone, for that long). Regular expressions.
    settled: Patterns = []
