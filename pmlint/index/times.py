"""When an incident started, was detected, mitigated and resolved, and the times between.

From a labelled chain in the header (`14:03 detect → 14:29 mitigate → 14:50 recover`),
facts such as `Detected: 14:03`, or else timeline entries whose text says what happened.
Time to detect runs from the start of impact (only when the document states one) to
detection; time to mitigate and time to resolve run from detection.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmlint.document.dates import find_dates, parse_date
from pmlint.document.model import Document
from pmlint.document.timeparse import find_times, minutes_between
from pmlint.views.timeline import timeline_entries

if TYPE_CHECKING:
    from pmlint.index.entry import IndexEntry

# Labels of moments, as written after a time in a chain or before it as a key.
_MOMENT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("started", re.compile(r"^(?:start|began|begin|onset|impact start|first impact)", re.I)),
    ("detected", re.compile(r"^(?:detect|alert|page|paged|ack|noticed|identified)", re.I)),
    ("mitigated", re.compile(r"^(?:mitigat|rollback|rolled back|workaround)", re.I)),
    ("resolved", re.compile(r"^(?:recover|resolv|restor|fixed|end|all clear)", re.I)),
)
# The same moments in timeline entries, anywhere in the text.
_TIMELINE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "started",
        re.compile(
            r"\b(?:impact|outage|incident|failure|errors?|error rates?|latency|degradation)"
            r"\s+(?:began|begins|started|starts)\b|\bonset\b"
            r"|\bfirst (?:errors?|failures?|impact)\b",
            re.I,
        ),
    ),
    (
        "detected",
        re.compile(
            r"\balerts?\s+(?:fires?|fired|triggered|went off)\b|\bpaged\b|\bdetected\b|"
            r"\bfirst (?:alert|report)\b|\bincident (?:declared|opened)\b|\bnoticed\b",
            re.I,
        ),
    ),
    (
        "mitigated",
        re.compile(
            r"\bmitigat\w*|\brolled back\b|\brollback (?:complete|completed|finished|done)\b|"
            r"\bworkaround (?:applied|in place|deployed)\b|\bfail(?:ed)? ?over\b",
            re.I,
        ),
    ),
    (
        "resolved",
        re.compile(
            r"\bresolved\b|\brecovered\b|\bfully (?:restored|recovered|operational)\b|"
            r"\brestored\b|\bincident (?:closed|resolved)\b|\ball clear\b",
            re.I,
        ),
    ),
)
MAX_MINUTES = 14 * 24 * 60  # a longer interval is a misreading, not a time to resolve


@dataclass(slots=True)
class _Moment:
    """A clock time, with its day when the document gives one."""

    date: datetime.date | None
    minutes: int

    def text(self) -> str:
        clock = f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"
        return f"{self.date.isoformat()}T{clock}" if self.date else clock


def read_times(doc: Document, entry: IndexEntry) -> None:
    """Set the entry's moments (started … resolved) and the times between them."""
    incident_day = parse_date(entry.date) if entry.date else None
    moments: dict[str, _Moment] = {}
    for key, value in doc.metadata.fields.items():
        _moments_in_fact(key, value, incident_day, moments)
    if len(moments) < 4:  # the header wins; the timeline fills in the rest
        _moments_in_timeline(doc, incident_day, moments)
    for name in ("started", "detected", "mitigated", "resolved"):
        if name in moments:
            setattr(entry, name, moments[name].text())
    detected = moments.get("detected")
    if detected is None:
        return
    entry.time_to_detect = _between(moments.get("started"), detected)
    entry.time_to_mitigate = _between(detected, moments.get("mitigated"))
    entry.time_to_resolve = _between(detected, moments.get("resolved"))


def _moments_in_fact(
    key: str, value: str, day: datetime.date | None, moments: dict[str, _Moment]
) -> None:
    times = find_times(value) if ":" in value else []
    if not times:
        return
    labelled_key = _label(key)
    if labelled_key is not None and len(times) == 1:
        dates = find_dates(value)
        moments.setdefault(labelled_key, _Moment(dates[0][2] if dates else day, times[0][2]))
        return
    for _start, end, minutes in times:  # "14:03 detect → 14:29 mitigate → 14:50 recover"
        after = value[end : end + 24].lstrip(" \t(–—-").lower()
        name = _label(after)
        if name is not None:
            moments.setdefault(name, _Moment(day, minutes))


def _label(text: str) -> str | None:
    text = text.strip().lower()
    for name, pattern in _MOMENT_WORDS:
        if pattern.match(text):
            return name
    # "time detected", "incident start", "resolution time"
    for word in text.replace("_", " ").replace("-", " ").split():
        for name, pattern in _MOMENT_WORDS:
            if pattern.match(word):
                return name
    return None


def _moments_in_timeline(
    doc: Document, day: datetime.date | None, moments: dict[str, _Moment]
) -> None:
    for item in timeline_entries(doc):
        spec = item.time
        if spec is None or spec.start is None or spec.kind == "bound" or item.timeline != 0:
            continue
        entry_day = parse_date(item.date) if item.date and len(item.date) == 10 else day
        for name, pattern in _TIMELINE_WORDS:
            if name not in moments and pattern.search(item.text):
                moments[name] = _Moment(entry_day, spec.start)
                break


def _between(first: _Moment | None, second: _Moment | None) -> int | None:
    if first is None or second is None:
        return None
    if first.date is not None and second.date is not None and first.date != second.date:
        days = (second.date - first.date).days
        minutes = days * 24 * 60 + second.minutes - first.minutes
    else:
        minutes = minutes_between(first.minutes, second.minutes)
    return minutes if 0 <= minutes <= MAX_MINUTES else None
