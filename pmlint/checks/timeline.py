"""Timeline primitives: evidence tags and their sources, readable times, time order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.document.model import Document
from pmlint.document.timeparse import leading_time, parse_date, parse_time
from pmlint.util.lazyre import lazy
from pmlint.views.common import snippet
from pmlint.views.factors import contributing_factors
from pmlint.views.timeline import TimelineEntry, timeline_entries

if TYPE_CHECKING:
    from pmlint.checks.options.timeline import (
        EvidenceSourceOptions,
        EvidenceTagOptions,
        OrderOptions,
        ReadableTimeOptions,
        TagKnownOptions,
    )


def entry_label(entry: TimelineEntry) -> str:
    """How a message names an entry: its time, or the start of its text."""
    return entry.raw_time or snippet(entry.text.replace(" | ", " "), 40)


def braced(tags: list[str]) -> str:
    return ", ".join("{" + tag + "}" for tag in tags)


def closest(name: str, allowed: list[str]) -> str:
    """The allowed tag nearest to `name` (difflib), for a 'did you mean' hint."""
    import difflib  # lazy for start-up time: only for a hint

    upper = [tag.upper() for tag in allowed]
    found = difflib.get_close_matches(name.upper(), upper, n=1, cutoff=0.0)
    return allowed[upper.index(found[0])] if found else (allowed[0] if allowed else "")


@check("timeline_evidence_tag", "pmlint.checks.options.timeline:EvidenceTagOptions")
def timeline_evidence_tag(doc: Document, options: EvidenceTagOptions) -> Iterator[Hit]:
    """Every timeline entry carries an evidence tag in braces."""
    allowed = braced(options.tags)
    for entry in timeline_entries(doc):
        if not entry.tags:
            yield Hit(
                entry.line, {"entry": entry_label(entry), "tags": allowed}, needle=entry.raw_time
            )


@check("tag_known", "pmlint.checks.options.timeline:TagKnownOptions")
def tag_known(doc: Document, options: TagKnownOptions) -> Iterator[Hit]:
    """Tags of timeline entries (evidence) or contributing factors (category) are known.

    In a timeline a braced word counts as a tag when it is close to an allowed tag, or
    written in capitals in a timeline that uses the allowed tags elsewhere: a
    `{placeholder}` or `{URL}` quoted from a log in an untagged timeline is left alone.
    """
    allowed = {tag.upper() for tag in options.tags}
    listed = braced(options.tags)
    if options.view == "timeline":
        entries = timeline_entries(doc)
        uses_tags = any(tag.name in allowed for entry in entries for tag in entry.tags)
        for entry in entries:
            for tag in entry.tags:
                if tag.name in allowed:
                    if _well_formed(tag.raw, tag.name):
                        continue
                    yield _unknown(
                        entry.line, tag.name, tag.raw, entry_label(entry), listed, options
                    )
                    continue
                if not _looks_like_tag(tag.raw, entry.text, options.tags):
                    continue
                if not uses_tags and not _near(tag.name, options.tags):
                    continue
                yield _unknown(entry.line, tag.name, tag.raw, entry_label(entry), listed, options)
    else:
        for factor in contributing_factors(doc):
            for index, name in enumerate(factor.tags):
                raw = factor.raw_tags[index] if index < len(factor.raw_tags) else name
                if name in allowed and (_well_formed(raw, name) or "{" not in raw):
                    continue
                label = snippet(factor.text, 40) or name
                yield _unknown(factor.line, name, raw, label, listed, options)


def _well_formed(raw: str, name: str) -> bool:
    """`{OBSERVED}` as the allowed tag is spelt; `{observed}` or `{ OBSERVED }` is not."""
    return raw.strip("`*: ") == "{" + name + "}"


def _unknown(
    line: int, name: str, raw: str, label: str, listed: str, options: TagKnownOptions
) -> Hit:
    written = raw.strip("`*: ")
    args = {
        "tag": written if written.startswith("{") and name in options.tags else "{" + name + "}",
        "item": label,
        "entry": label,
        "tags": listed,
        "suggestion": "{" + closest(name, options.tags) + "}",
    }
    return Hit(line, args, needle=raw.strip("`*: ") or None)


def _looks_like_tag(raw: str, text: str, allowed: list[str]) -> bool:
    inner = raw.strip("{} ")
    if "$" + raw in text:  # ${VARIABLE}
        return False
    return inner.isupper() or _near(inner, allowed)


def _near(name: str, allowed: list[str]) -> bool:
    import difflib  # lazy for start-up time: only for a braced word in lower case

    folded = name.upper().replace(" ", "_")
    return bool(difflib.get_close_matches(folded, [t.upper() for t in allowed], cutoff=0.75))


@check("timeline_evidence_source", "pmlint.checks.options.timeline:EvidenceSourceOptions")
def timeline_evidence_source(doc: Document, options: EvidenceSourceOptions) -> Iterator[Hit]:
    """Every evidence tag is followed by its source or basis ("{OBSERVED} — deploy log").

    Tags written side by side share the source that follows the last of them.
    """
    exempt = {tag.upper() for tag in options.exempt}
    for entry in timeline_entries(doc):
        tags = entry.tags
        for index, tag in enumerate(tags):
            if tag.source or tag.name in exempt:
                continue
            if any(later.source for later in tags[index + 1 :]):
                continue
            yield Hit(
                entry.line,
                {"tag": "{" + tag.name + "}", "entry": entry_label(entry)},
                needle=tag.raw,
            )
            break


_TIMEISH = lazy(
    r"[0-9]|\b(?:am|pm|utc|gmt|noon|midnight|morning|afternoon|evening|night|later|earlier"
    r"|next|day|days|hours?|hrs?|minutes?|mins?|before|after|approx|around|until|since"
    r"|yesterday|today|tomorrow|week|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday)\b",
    re.IGNORECASE,
)
_BOLD_LEAD = lazy(r"^\s*(?:[-*+]|[0-9]{1,3}[.)])\s+(?:\*\*|__|`)([^*_`\n]{1,60}?)(?:\*\*|__|`)")


@check("timeline_time_readable", "pmlint.checks.options.timeline:ReadableTimeOptions")
def timeline_time_readable(doc: Document, options: ReadableTimeOptions) -> Iterator[Hit]:
    """The time of each timeline entry can be read, so it can be ordered and measured.

    A table's time cell, or a list item's bold or code label, that looks like a time
    ("Later that night", "T+5", "Day 2 am") but is not one a reader can place.
    """
    allow = {" ".join(a.lower().split()) for a in options.allow}
    anchored = False  # an entry with a clock time came first: offsets count from it
    for entry in timeline_entries(doc):
        if entry.time is not None:
            anchored = True
            continue
        raw = entry.raw_time
        if raw is None and entry.form == "list":
            found = _BOLD_LEAD.match(doc.line_text(entry.line))
            raw = found.group(1).strip() if found else None
        if not raw or not _TIMEISH.search(raw):
            continue
        if " ".join(raw.lower().strip(" :.").split()) in allow:
            continue
        if parse_time(raw) is not None or leading_time(raw.strip(" *`_")) is not None:
            continue
        if parse_date(raw) is not None or (anchored and _OFFSET.match(raw)):
            continue  # "Early morning July 12th, 2018"; "+10 minutes" after a clock time
        yield Hit(entry.line, {"entry": snippet(raw, 40), "time": raw}, needle=raw)


_AMPM = lazy(r"[0-9]\s?[AaPp]\.?[Mm]\b")
_OFFSET = lazy(r"^\W*(?:T\s*)?\+\s*\d")  # "+10 minutes", "[+2 hrs]", "T+5"
_DAYS = 7 * 24 * 3600


@check("timeline_order", "pmlint.checks.options.timeline:OrderOptions")
def timeline_order(doc: Document, options: OrderOptions) -> Iterator[Hit]:
    """Point-in-time entries run forwards; ranges and bounds are not compared.

    Dates are compared when both entries have one; without a date, a step back of
    more than `midnight-hours` is read as crossing midnight, and a 12-hour clock
    written without am/pm ("11:50" then "1:05") is read forwards. Milestones listed by
    kind ("Repaired 13:59", "Resolved 14:38") are not a chronology and are skipped.
    """
    entries = timeline_entries(doc)
    clock24 = any(
        e.time.kind == "point"
        and (e.time.start or 0) >= 13 * 60
        and not _AMPM.search(e.raw_time or "")
        for e in entries
        if e.time is not None
    )
    runs: list[list[TimelineEntry]] = []
    previous: TimelineEntry | None = None
    for entry in entries:
        spec = entry.time
        if spec is None or spec.kind != "point" or spec.start is None or _milestone(entry):
            continue
        if previous is None or previous.timeline != entry.timeline or _far_back(previous, entry):
            runs.append([])  # a file holding several incidents: each timeline on its own
        runs[-1].append(entry)
        previous = entry
    midnight = options.midnight_hours * 3600
    for run in runs:
        late = [
            (before, entry)
            for before, entry in pairwise(run)
            if _is_earlier(before, entry, midnight, clock24)
        ]
        if len(late) * 2 > len(run) - 1 and len(run) > 2:
            continue  # newest first, as status pages write it: an order, not a mistake
        for before, entry in late:
            yield Hit(
                entry.line,
                {
                    "entry": entry_label(entry),
                    "time": entry.raw_time or "",
                    "previous": before.raw_time or "",
                    "previous_line": before.line,
                },
                needle=entry.raw_time,
            )


def _far_back(before: TimelineEntry, entry: TimelineEntry) -> bool:
    """A step back by more than a week between dated entries starts another incident."""
    if not (before.date and entry.date and len(before.date) == len(entry.date) == 10):
        return False
    try:
        start, end = date.fromisoformat(before.date), date.fromisoformat(entry.date)
    except ValueError:
        return False
    return (start - end).total_seconds() > _DAYS


def _milestone(entry: TimelineEntry) -> bool:
    """ "Repaired 2024-01-22 13:59": a labelled milestone, listed by kind rather than time."""
    if entry.form not in ("list", "line") or not entry.raw_time:
        return False
    return not entry.text.lstrip(" *_`~[(").startswith(entry.raw_time[:4])


def _seconds(entry: TimelineEntry) -> int:
    spec = entry.time
    assert spec is not None and spec.start is not None
    return spec.start * 60 + (spec.seconds or 0)


def _is_earlier(before: TimelineEntry, entry: TimelineEntry, midnight: int, clock24: bool) -> bool:
    if before.zone and entry.zone and before.zone != entry.zone:
        return False  # different zones: no offset table here, so no verdict
    if before.date and entry.date and before.date != entry.date:
        if len(before.date) == len(entry.date):
            return entry.date < before.date
        return False
    back = _seconds(before) - _seconds(entry)
    if back <= 0:
        return False
    assert before.time is not None and entry.time is not None
    if before.time.date and entry.time.date:
        return True  # both dated on the entry itself: the same day, really earlier
    if back > midnight:
        return False
    if clock24 or _AMPM.search(before.raw_time or "") or _AMPM.search(entry.raw_time or ""):
        return True
    # "11:50" then "1:05" on a 12-hour clock: read forwards when that is the shorter step.
    step_if_afternoon = 12 * 3600 - back
    return not ((entry.time.start or 0) >= 60 and step_if_afternoon < back)
