"""Which corpus the cross-document rules read right now, and which rules need one.

Kept apart from `corpus.py` so that a run whose rules never read other documents (the
PM9xx rules are off by default) does not import the index's readers and their patterns.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmlint.index.corpus import Corpus

# The primitives that read other documents: a rule set holding one of them needs a corpus.
CORPUS_CHECKS = frozenset(
    {
        "overdue_action_item",
        "overdue_follow_up",
        "unlinked_recurrence",
        "duplicate_incident_id",
        "recurrence_with_open_actions",
    }
)

_CURRENT: list[Corpus] = []


def current_corpus() -> Corpus | None:
    return _CURRENT[-1] if _CURRENT else None


@contextmanager
def use_corpus(corpus: Corpus | None) -> Iterator[None]:
    """Make `corpus` the one the cross-document rules read until the block ends."""
    if corpus is None:
        yield
        return
    _CURRENT.append(corpus)
    try:
        yield
    finally:
        _CURRENT.remove(corpus)


def cache_key(display: str, digest: str) -> str:
    """The key a result cache stores a file's findings under, during this run."""
    corpus = current_corpus()
    return digest if corpus is None else corpus.cache_key(display, digest)
