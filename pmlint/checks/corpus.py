"""Cross-document primitives (PM9xx): a post-mortem judged beside the others.

Each reads the document being linted as an index entry (`pmlint.index`) and, for
recurrences and duplicate ids, the entries related to it in the run's corpus (same id or a
shared service). Dates are compared with the run's today (`--today`, the `today` setting,
or the date of the run). Findings are always about the document being linted, so `pmlint
check one.md` reports on one.md only while seeing its neighbours.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.document.model import Document
from pmlint.index.corpus import Corpus, corpus_or_alone
from pmlint.index.entry import IndexEntry, find_ids
from pmlint.views.common import cached_view, snippet

if TYPE_CHECKING:
    from pmlint.checks.options.corpus import (
        DuplicateIdOptions,
        FollowUpOverdueOptions,
        OverdueOptions,
        RecurrenceActionsOptions,
        RecurrenceOptions,
    )


def _days_late(when: str, today: datetime.date) -> int:
    return (today - datetime.date.fromisoformat(when)).days


@check("overdue_action_item", "pmlint.checks.options.corpus:OverdueOptions")
def overdue_action_item(doc: Document, options: OverdueOptions) -> Iterator[Hit]:
    """An open action item whose due date (with its year) has passed."""
    corpus, entry = corpus_or_alone(doc)
    for item in entry.actions:
        if item.done or item.due is None:
            continue
        if options.tiers and item.tier not in options.tiers:
            continue
        late = _days_late(item.due, corpus.today)
        if late > options.grace_days:
            args = {
                "action": snippet(item.action),
                "due": item.due,
                "days": late,
                "owner": item.owner or "no owner",
                "today": corpus.today.isoformat(),
            }
            yield Hit(item.line, args, needle=item.due_text)


@check("overdue_follow_up", "pmlint.checks.options.corpus:FollowUpOverdueOptions")
def overdue_follow_up(doc: Document, options: FollowUpOverdueOptions) -> Iterator[Hit]:
    """A dated follow-up checkpoint in the past, not marked done and linking no record."""
    corpus, entry = corpus_or_alone(doc)
    for point in entry.checkpoints:
        if point.done or point.link:
            continue
        late = _days_late(point.date, corpus.today)
        if late > options.grace_days:
            args = {"checkpoint": point.label, "date": point.date, "days": late}
            yield Hit(point.line, args, needle=point.date)


def earlier_on_same_service(
    corpus: Corpus, entry: IndexEntry, window_days: int
) -> Iterator[tuple[IndexEntry, str, int]]:
    """Earlier incidents sharing a service with `entry`, at most `window_days` before it:
    (the earlier entry, the service, days between). Same-day incidents count when the
    other was detected earlier (or, with no times, sorts first by path)."""
    if not entry.date or not entry.services:
        return
    day = datetime.date.fromisoformat(entry.date)
    mine = (entry.date, entry.detected or "", entry.path)
    seen: set[str] = set()
    first = day - datetime.timedelta(days=window_days)
    for service in entry.services:
        for other in corpus.on_service_between(service, first, day):
            if other.path == entry.path or other.path in seen:
                continue
            if other.id and other.id == entry.id:
                continue  # the same incident written up twice: PM904's business
            theirs = (other.date or "", other.detected or "", other.path)
            if theirs < mine:
                seen.add(other.path)
                gap = (day - datetime.date.fromisoformat(other.date or entry.date)).days
                yield other, service, gap


@cached_view("incident_mentions")
def _mentions(doc: Document) -> tuple[str, str, set[str]]:
    """The document's text lower-cased, the same with spaces collapsed, and its ids."""
    lowered = doc.text.lower()
    return lowered, " ".join(lowered.split()), find_ids(doc.text)


@lru_cache(maxsize=4096)
def _names_of(path: str, title: str) -> tuple[str, str, str]:
    """How a document can be named: its file name and stem, lower-cased, and its title."""
    name = os.path.basename(path).lower()
    return name, os.path.splitext(name)[0], " ".join(title.split()).lower()


def names_incident(doc: Document, other: IndexEntry, min_title_words: int) -> bool:
    """Whether `doc` links or names `other`: its file name, its id or its title."""
    lowered, collapsed, ids = _mentions(doc)
    name, stem, title = _names_of(other.path, other.title)
    if name in lowered or stem in lowered:
        return True
    if other.id and (other.id in ids or other.id.lower() in lowered):
        return True
    return len(title.split()) >= min_title_words and title in collapsed


@check("unlinked_recurrence", "pmlint.checks.options.corpus:RecurrenceOptions")
def unlinked_recurrence(doc: Document, options: RecurrenceOptions) -> Iterator[Hit]:
    """An earlier incident on the same service within the window, neither linked nor named."""
    corpus, entry = corpus_or_alone(doc)
    for other, service, gap in earlier_on_same_service(corpus, entry, options.window_days):
        if names_incident(doc, other, options.min_title_words):
            continue
        yield Hit(entry.anchor_line, _about(other, service, gap))


@check("duplicate_incident_id", "pmlint.checks.options.corpus:DuplicateIdOptions")
def duplicate_incident_id(doc: Document, options: DuplicateIdOptions) -> Iterator[Hit]:
    """Another document claims the same incident id."""
    corpus, entry = corpus_or_alone(doc)
    if not entry.id:
        return
    others = [o.path for o in corpus.by_id.get(entry.id, []) if o.path != entry.path]
    if others:
        args = {"id": entry.id, "others": ", ".join(sorted(others)), "count": len(others)}
        yield Hit(entry.id_line or entry.title_line, args, needle=None)


@check("recurrence_with_open_actions", "pmlint.checks.options.corpus:RecurrenceActionsOptions")
def recurrence_with_open_actions(doc: Document, options: RecurrenceActionsOptions) -> Iterator[Hit]:
    """An earlier incident on the same service still has open action items of `tiers`."""
    corpus, entry = corpus_or_alone(doc)
    tiers = set(options.tiers)
    for other, service, gap in earlier_on_same_service(corpus, entry, options.window_days):
        still_open = [a for a in other.actions if not a.done and a.tier in tiers]
        if not still_open:
            continue
        args = _about(other, service, gap)
        args["count"] = len(still_open)
        args["tiers"] = "/".join(str(t) for t in sorted(tiers))
        args["first"] = snippet(still_open[0].action)
        yield Hit(entry.anchor_line, args)


def _about(other: IndexEntry, service: str, gap: int) -> dict[str, object]:
    return {
        "service": service,
        "earlier": other.path,
        "earlier_title": snippet(other.title),
        "earlier_date": other.date,
        "earlier_id": other.id or _names_of(other.path, other.title)[1],
        "days": gap,
    }
