"""The corpus a run sees: every indexed incident, and the date the run counts as today.

The cross-document rules (PM9xx) read it while one document is linted: `current_corpus()`
is the corpus of the run in progress (`use_corpus`), or None outside one (`lint_text`, the
rule examples), where the rules see the document alone. A rule reads the documents related
to the one being linted (`related`: same incident id or a shared service) and nothing else,
so a linted file's cached result stays valid while those documents and the date stay the
same (`cache_key`), whatever else changes in the folder.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
from dataclasses import field
from typing import TYPE_CHECKING

from pmlint.index.current import CORPUS_CHECKS, cache_key, current_corpus, use_corpus
from pmlint.index.entry import IndexEntry, entry_from_document
from pmlint.util.record import record

if TYPE_CHECKING:
    from pmlint.document.model import Document

__all__ = [
    "CORPUS_CHECKS",
    "Corpus",
    "cache_key",
    "corpus_or_alone",
    "current_corpus",
    "incident_order",
    "parse_today",
    "use_corpus",
]


@record(slots=True)
class Corpus:
    """Index entries by path, id and service, with the run's today."""

    entries: list[IndexEntry]
    today: datetime.date
    services: dict[str, str] = field(default_factory=dict)  # path glob -> service
    by_path: dict[str, IndexEntry] = field(default_factory=dict)
    by_id: dict[str, list[IndexEntry]] = field(default_factory=dict)
    by_service: dict[str, list[IndexEntry]] = field(default_factory=dict)
    _all: str = ""
    _dates: dict[str, list[str]] = field(default_factory=dict)
    _groups: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.entries.sort(key=incident_order)
        for entry in self.entries:
            self.by_path[entry.path] = entry
            if entry.id:
                self.by_id.setdefault(entry.id, []).append(entry)
            for service in entry.services:
                self.by_service.setdefault(service, []).append(entry)
        digest = hashlib.sha256(self.today.isoformat().encode())
        for entry in self.entries:
            digest.update(f"{entry.path}\0{entry.digest}\n".encode())
        self._all = digest.hexdigest()

    def entry_for(self, doc: Document) -> IndexEntry:
        """The entry of the document being linted, read from it (its text may be newer
        than the index: standard input, an edit since)."""
        cached = doc._views.get("index_entry")
        if isinstance(cached, IndexEntry):
            return cached
        indexed = self.by_path.get(doc.path)
        entry = entry_from_document(doc, indexed.digest if indexed else "", self.services)
        doc._views["index_entry"] = entry
        return entry

    def related(self, entry: IndexEntry) -> list[IndexEntry]:
        """Other documents with the same incident id or a service in common."""
        seen: dict[str, IndexEntry] = {}
        groups = [self.by_id.get(entry.id, []) if entry.id else []]
        groups += [self.by_service.get(service, []) for service in entry.services]
        for group in groups:
            for other in group:
                if other.path != entry.path:
                    seen[other.path] = other
        return sorted(seen.values(), key=incident_order)

    def on_service_between(
        self, service: str, first: datetime.date, last: datetime.date
    ) -> list[IndexEntry]:
        """Entries of `service` whose date is from `first` to `last` (oldest first)."""
        group = self.by_service.get(service, [])
        dates = self._dates.get(service)
        if dates is None:
            dates = self._dates[service] = [e.date or "9999" for e in group]
        low = bisect.bisect_left(dates, first.isoformat())
        high = bisect.bisect_right(dates, last.isoformat())
        return group[low:high]

    def cache_key(self, display: str, digest: str) -> str:
        """What a linted file's cached findings depend on: its content, today and the
        documents related to it (all of them when the file is not in the index)."""
        entry = self.by_path.get(display)
        if entry is None or entry.digest != digest:
            return f"{digest}:{self._all}"
        parts = [digest, self.today.isoformat()]
        if entry.id:
            parts.append(self._group_digest("id", entry.id, self.by_id.get(entry.id, [])))
        for service in entry.services:
            parts.append(self._group_digest("service", service, self.by_service.get(service, [])))
        return f"{digest}:{hashlib.sha256(chr(10).join(parts).encode()).hexdigest()}"

    def _group_digest(self, kind: str, name: str, group: list[IndexEntry]) -> str:
        key = f"{kind}\0{name}"
        known = self._groups.get(key)
        if known is None:
            digest = hashlib.sha256(key.encode())
            for other in group:
                digest.update(f"{other.path}\0{other.digest}\n".encode())
            known = self._groups[key] = digest.hexdigest()
        return known


def incident_order(entry: IndexEntry) -> tuple[str, str, str]:
    """Oldest first: by date, then time of detection, then path."""
    return (entry.date or "9999", entry.detected or "", entry.path)


def corpus_or_alone(doc: Document) -> tuple[Corpus, IndexEntry]:
    """The run's corpus, or one holding only this document (dated today)."""
    corpus = current_corpus()
    if corpus is None:
        corpus = Corpus([], datetime.date.today())
    return corpus, corpus.entry_for(doc)


def parse_today(text: str | None) -> datetime.date:
    """`--today` / the `today` setting (YYYY-MM-DD), or the date of the run."""
    if not text:
        return datetime.date.today()
    return datetime.date.fromisoformat(text)
