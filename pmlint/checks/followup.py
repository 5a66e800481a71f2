"""Follow-up and status primitives: review cadence, review dates, unknowns left in a final.

A review is named by its distance from the incident: "30-day review", "90 day review",
"1-month review", "Day 90". Its date is the first full date on the same line (table row,
list item or paragraph line) and is checked against the incident date from the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.checks.language import TextLine, lines_of_kind, text_lines
from pmlint.document.model import Document, Section
from pmlint.document.timeparse import find_dates, parse_date
from pmlint.util.recache import compiled
from pmlint.util.saferegex import compile_option

if TYPE_CHECKING:
    from pmlint.checks.options.followup import (
        FinalUnknownsOptions,
        ReviewDateOptions,
        ReviewOptions,
    )


_MONTH_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 6: "six", 12: "twelve"}


@lru_cache(maxsize=64)
def review_regex(days: int) -> re.Pattern[str]:
    """How people name the review `days` after the incident ("30-day", "day 30", "1-month")."""
    forms = [rf"(?<![0-9.]){days}[\s-]*days?\b", rf"\bday[\s-]*{days}\b"]
    if days % 30 == 0:
        months = days // 30
        number = f"(?:{months}|{_MONTH_WORDS[months]})" if months in _MONTH_WORDS else str(months)
        forms.append(rf"(?<![0-9.]){number}[\s-]*months?\b")
        if months == 3:
            forms.append(r"\bquarterly\b")
    return compiled("|".join(forms), re.IGNORECASE)


def _follow_up(doc: Document, kind: str) -> tuple[Section | None, list[TextLine]]:
    sections = doc.sections_of(kind)
    if not sections:
        return None, []
    return sections[0], lines_of_kind(doc, kind)


@check("follow_up_reviews", "pmlint.checks.options.followup:ReviewOptions")
def follow_up_reviews(doc: Document, options: ReviewOptions) -> Iterator[Hit]:
    """The follow-up section schedules a review at each of `days` after the incident.

    One finding per missing review, at the section heading; nothing when the section is
    missing (a required-section rule reports that).
    """
    heading, lines = _follow_up(doc, options.kind)
    if heading is None:
        return
    for days in options.days:
        regex = review_regex(days)
        if not any(regex.search(entry.text) for entry in lines):
            yield Hit(heading.line, {"days": days, "section": heading.title}, needle=heading.title)


@check("follow_up_dates", "pmlint.checks.options.followup:ReviewDateOptions")
def follow_up_dates(doc: Document, options: ReviewDateOptions) -> Iterator[Hit]:
    """A dated "N-day review" falls N days after the incident, within `tolerance-days`."""
    heading, lines = _follow_up(doc, options.kind)
    if heading is None:
        return
    incident = parse_date(doc.metadata.date) if doc.metadata.date else None
    if incident is None:
        return
    for entry in lines:
        dates = find_dates(entry.text)
        if not dates:
            continue
        for days in options.days:
            named = review_regex(days).search(entry.text)
            if named is None:
                continue
            # The date written after the review's name, or else the first on the line.
            after = [d for d in dates if d[0] >= named.end()]
            start, end, written = (after or dates)[0]
            expected = incident + timedelta(days=days)
            off = (written - incident).days
            if abs((written - expected).days) <= options.tolerance_days:
                break
            yield Hit(
                entry.line,
                _date_args(days, written, incident, expected, off, options.tolerance_days),
                needle=entry.text[start:end],
            )
            break


def _date_args(
    days: int, written: date, incident: date, expected: date, off: int, tolerance: int
) -> dict[str, object]:
    return {
        "days": days,
        "date": written.isoformat(),
        "actual_days": off,
        "incident": incident.isoformat(),
        "expected": expected.isoformat(),
        "tolerance": tolerance,
    }


@lru_cache(maxsize=32)
def _intro_regex(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    joined = "|".join(f"(?:{p})" for p in patterns)
    compiled: re.Pattern[str] = compile_option(joined, re.IGNORECASE, patterns)
    return compiled


def _is_final(status: str | None, statuses: list[str]) -> bool:
    words = re.findall(r"[a-z]+", (status or "").lower())
    return bool(words) and words[0] in {s.lower() for s in statuses}


@check("final_unknowns", "pmlint.checks.options.followup:FinalUnknownsOptions")
def final_unknowns(doc: Document, options: FinalUnknownsOptions) -> Iterator[Hit]:
    """A document whose status is final has no unknown tags left, unless it lists them as
    open questions (a section of `open-kinds`, or a list introduced by an `intro` line)."""
    meta = doc.metadata
    if not _is_final(meta.status, options.statuses):
        return
    lines = text_lines(doc)
    tag = options.tag.lower()
    tagged = [entry for entry in lines if tag in entry.text.lower()]
    if not tagged:
        return
    if _has_open_questions(doc, lines, options):
        return
    count = sum(entry.text.lower().count(tag) for entry in tagged)
    line = meta.lines.get("status", meta.line)
    yield Hit(
        line,
        {"status": meta.status, "count": count, "first_line": tagged[0].line, "tag": options.tag},
        needle=meta.status,
    )


def _has_open_questions(
    doc: Document, lines: list[TextLine], options: FinalUnknownsOptions
) -> bool:
    for kind in options.open_kinds:
        if any(section.has_content() for section in doc.sections_of(kind)):
            return True
    intro = _intro_regex(tuple(options.intro))
    if intro is None:
        return False
    for index, entry in enumerate(lines):
        if entry.form in ("paragraph", "heading") and intro.search(entry.prose):
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following is not None and following.form == "item":
                return True
    return False
