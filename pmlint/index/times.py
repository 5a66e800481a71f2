"""When an incident started, was detected, mitigated and resolved, and the times between.

From a labelled chain in the header (`14:03 detect → 14:29 mitigate → 14:50 recover`),
facts such as `Detected: 14:03`, or else timeline entries whose text says what happened.
Time to detect runs from the start of impact (only when the document states one) to
detection; time to mitigate and time to resolve run from detection.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from pmlint.document.dates import find_dates, parse_date
from pmlint.document.model import Document
from pmlint.document.timeparse import find_times, minutes_between
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.timeline import timeline_entries

if TYPE_CHECKING:
    from pmlint.index.entry import IndexEntry

# Labels of moments, as written after a time in a chain or before it as a key.
_MOMENT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("started", compiled(r"^(?:start|began|begin|onset|impact start|first impact)", re.I)),
    ("detected", compiled(r"^(?:detect|alert|page|paged|ack|noticed|identified)", re.I)),
    ("mitigated", compiled(r"^(?:mitigat|rollback|rolled back|workaround)", re.I)),
    ("resolved", compiled(r"^(?:recover|resolv|restor|fixed|end|all clear)", re.I)),
)
# The same moments in timeline entries, anywhere in the text.
_TIMELINE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "started",
        compiled(
            r"\b(?:impact|outage|incident|failure|errors?|error rates?|latency|degradation)"
            r"\s+(?:began|begins|started|starts)\b|\bonset\b|\b(?:stalled|went offline"
            r"|became unavailable|(?:started|began) (?:failing|to fail))\b"
            r"|\bfirst (?:errors?|failures?|impact)\b",
            re.I,
        ),
    ),
    (
        "detected",
        compiled(
            r"\balerts?\s+(?:fires?|fired|triggered|went off)\b|\bpaged\b|\bdetected\b|"
            r"\bfirst (?:alert|report)\b|\bincident (?:declared|opened)\b|\bnoticed\b|"
            r"\b(?:outage|incident|issue|problem|errors?) (?:was |were )?reported\b",
            re.I,
        ),
    ),
    (
        "mitigated",
        compiled(
            r"\bmitigat\w*|\brolled back\b|\brollback (?:complete|completed|finished|done)\b|"
            r"\bworkaround (?:applied|in place|deployed)\b|\bfail(?:ed)? ?over\b",
            re.I,
        ),
    ),
    (
        "resolved",
        compiled(
            r"\bresolved\b|\brecovered\b|\bfully (?:restored|recovered|operational)\b|"
            r"\brestored\b|\bincident (?:closed|resolved)\b|\ball clear\b|"
            r"\bback (?:online|up|to normal)\b|\b(?:available|operational) again\b",
            re.I,
        ),
    ),
)
# A mitigation that did not work is not the time to mitigate.
_FAILED = compiled(
    r"\b(?:unsuccessful|(?:does|did|do)(?:n't| not) (?:seem to |appear to )?"
    r"(?:work|help|mitigate|fix)|no effect|ineffective|"
    r"failed to|not sufficient|insufficient|abandoned|to no avail)\b",
    re.I,
)
MAX_MINUTES = 14 * 24 * 60  # a longer interval is a misreading, not a time to resolve


@record(slots=True)
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
    """Fill the moments the header lacks from the first timeline, in order of time: the
    first report of the incident is its detection; a start counts only before it; the
    first mitigation that worked after it; the last resolution after both."""
    found: dict[str, list[_Moment]] = {name: [] for name, _ in _TIMELINE_WORDS}
    for item in timeline_entries(doc):
        spec = item.time
        if spec is None or spec.start is None or spec.kind == "bound" or item.timeline != 0:
            continue
        entry_day = parse_date(item.date) if item.date and len(item.date) == 10 else day
        for name, pattern in _TIMELINE_WORDS:
            if pattern.search(item.text):
                if name != "mitigated" or not _FAILED.search(item.text):
                    found[name].append(_Moment(entry_day, spec.start))
                break  # one moment per entry: the first that its words name
    if all(m.date is not None for group in found.values() for m in group):
        for group in found.values():
            group.sort(key=lambda m: (m.date, m.minutes))
    detected = moments.get("detected") or next(iter(found["detected"]), None)
    if detected is None:
        for name, group in found.items():
            if group and name not in moments:
                moments[name] = group[0]
        return
    moments["detected"] = detected
    if "started" not in moments:
        before = [m for m in found["started"] if _at_or_after(m, detected)]
        if before:
            moments["started"] = before[0]
    if "mitigated" not in moments:
        after = [m for m in found["mitigated"] if _at_or_after(detected, m)]
        if after:
            moments["mitigated"] = after[0]
    if "resolved" not in moments:
        floor = moments.get("mitigated", detected)
        after = [m for m in found["resolved"] if _at_or_after(floor, m)]
        if after:
            moments["resolved"] = after[-1]


def _at_or_after(first: _Moment, second: _Moment) -> bool:
    """Whether `second` is no earlier than `first` (on the same day when a date is missing:
    a clock that runs back is then read as the next day)."""
    if first.date is not None and second.date is not None:
        return (second.date, second.minutes) >= (first.date, first.minutes)
    return True


def _between(first: _Moment | None, second: _Moment | None) -> int | None:
    if first is None or second is None:
        return None
    if first.date is not None and second.date is not None and first.date != second.date:
        days = (second.date - first.date).days
        minutes = days * 24 * 60 + second.minutes - first.minutes
    else:
        minutes = minutes_between(first.minutes, second.minutes)
    return minutes if 0 <= minutes <= MAX_MINUTES else None
