"""Timeline primitives: evidence tags on every entry."""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.checks import Hit, Options, check
from pmlint.model import Document
from pmlint.views.common import snippet
from pmlint.views.timeline import TimelineEntry, timeline_entries


def entry_label(entry: TimelineEntry) -> str:
    """How a message names an entry: its time, or the start of its text."""
    return entry.raw_time or snippet(entry.text.replace(" | ", " "), 40)


class EvidenceTagOptions(Options):
    tags: list[str] = ["OBSERVED", "INFERRED", "UNKNOWN"]


@check("timeline_evidence_tag", EvidenceTagOptions)
def timeline_evidence_tag(doc: Document, options: EvidenceTagOptions) -> Iterator[Hit]:
    """Every timeline entry carries an evidence tag in braces."""
    allowed = ", ".join("{" + tag + "}" for tag in options.tags)
    for entry in timeline_entries(doc):
        if not entry.tags:
            yield Hit(
                entry.line, {"entry": entry_label(entry), "tags": allowed}, needle=entry.raw_time
            )
