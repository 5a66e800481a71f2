"""Reading durations and chains of clock times in a line of prose.

The readers behind `duration_arithmetic` (and `section_quantified`, which blanks durations
out): "47 min total", "1h 5m" and "22-minute" with how they are qualified ("about", "over",
"every"), and runs of clock times joined by arrows, dashes or "to" ("14:03 → 14:29").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pmlint.document.timeparse import find_times, parse_duration
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record

_DUR_PART = compiled(
    r"(?<![\w.:/–—-])[0-9]{1,5}(?:\.[0-9]{1,3})?\s?-?\s?"
    r"(?:days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|[hms])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# What every duration phrase contains: `_DUR_PART` without its costly opening look-behind,
# a quick test that lets most lines skip the full reader.
_DUR_HINT = compiled(
    r"[0-9]\s?-?\s?(?:days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|[hms])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_DUR_JOIN = compiled(r"\s*(?:,|and)?\s*", re.IGNORECASE)
_QUALIFIER = compiled(
    r"(?<![A-Za-z])(?P<word>~|≈|about|around|approx\.?|approximately|roughly|nearly|almost|circa|ca\.|some"
    r"|over|more than|at least|longer than|upwards of|under|less than|at most|up to|no more than"
    r"|within|every|each|per|after|before|in the first|in the last|for the last)\s*$",
    re.IGNORECASE,
)
_APPROX = {"~", "≈", "about", "around", "approx", "approx.", "approximately", "roughly", "nearly"}
_APPROX |= {"almost", "circa", "ca.", "some"}
_AT_LEAST = {"over", "more than", "at least", "longer than", "upwards of"}
_AT_MOST = {"under", "less than", "at most", "up to", "no more than"}
# Between two times of a chain: a word or two, then an arrow, a dash or "to".
_CHAIN_SEP = compiled(
    r"^\s*(?:[A-Za-z][A-Za-z-]*\s+){0,3}?(?:→|->|=>|⟶|–|—|-|to|until|till|through)\s*$",
    re.IGNORECASE,
)

_BETWEEN_AND = lazy(r"^\s*and\s*$", re.IGNORECASE)
_BETWEEN_WORD = lazy(r"between\s*$", re.IGNORECASE)
_APPROX_TIME = compiled(r"(?:~|≈|about|around|approx\.?|approximately|roughly)\s*$", re.I)


@record(slots=True)
class Duration:
    """A stated duration ("47 min total") found in the text, with its span and qualifier."""

    start: int
    end: int
    minutes: int
    text: str
    qualifier: str  # "" | "approx" | "at_least" | "at_most" | "skip"


@record(slots=True)
class Chain:
    """A chain of clock times ("10:03 detect → 10:29 mitigate") whose span can be checked."""

    start: int  # span of the chain in the text
    end: int
    first: int  # minutes of its first and last time
    last: int
    approx: bool
    raw: str


def duration_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each phrase that looks like a duration, before it is read."""
    if not _DUR_HINT.search(text):
        return
    pos = 0
    while match := _DUR_PART.search(text, pos):
        start, end = match.start(), match.end()
        while (join := _DUR_JOIN.match(text, end)) and (nxt := _DUR_PART.match(text, join.end())):
            end = nxt.end()
        pos = end
        yield start, end


def find_durations(text: str) -> list[Duration]:
    """Duration phrases ("47 min", "1h 5m", "22-minute") with spans and how they are qualified."""
    out: list[Duration] = []
    for start, end in duration_spans(text):
        minutes = parse_duration(text[start:end])
        if minutes is None:
            continue
        qualifier = ""
        if found := _QUALIFIER.search(text, max(0, start - 24), start):
            word = " ".join(found.group("word").lower().split())
            qualifier = (
                "approx"
                if word in _APPROX
                else "at_least"
                if word in _AT_LEAST
                else "at_most"
                if word in _AT_MOST
                else "skip"
            )
        out.append(Duration(start, end, minutes, text[start:end], qualifier))
    return out


def find_chains(text: str) -> list[Chain]:
    """Runs of two or more clock times joined by arrows, dashes or "to" ("14:03 → 14:29")."""
    times = find_times(text)
    chains: list[Chain] = []
    run: list[tuple[int, int, int]] = []

    def close() -> None:
        if len(run) >= 2:
            approx = any(_APPROX_TIME.search(text, max(0, s - 14), s) for s, _, _ in run)
            chains.append(
                Chain(run[0][0], run[-1][1], run[0][2], run[-1][2], approx, _chain_raw(run, text))
            )

    for item in times:
        if run:
            gap = text[run[-1][1] : item[0]]
            joined = len(gap) <= 48 and (
                _CHAIN_SEP.match(gap)
                or (
                    len(run) == 1
                    and _BETWEEN_AND.match(gap)
                    and _BETWEEN_WORD.search(text, max(0, run[0][0] - 10), run[0][0])
                )
            )
            if joined:
                run.append(item)
                continue
            close()
        run = [item]
    close()
    return chains


def _chain_raw(run: list[tuple[int, int, int]], text: str) -> str:
    return f"{text[run[0][0] : run[0][1]]} → {text[run[-1][0] : run[-1][1]]}"
