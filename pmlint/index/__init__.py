"""The incident index: every post-mortem of a folder side by side.

One `IndexEntry` per document (`entry.py`): its id, title, date, severity, status, services,
the times it was detected, mitigated and resolved, its action items and follow-up
checkpoints. Entries are plain data, read from a `Document` and its views, and stored as
JSON so that an unchanged document is not parsed again (`pmlint.run.indexing`). A `Corpus`
(`corpus.py`) is the set of entries a run sees, with the date the run counts as today: the
cross-document rules (PM9xx, `pmlint.checks.corpus`) and `pmlint report` read it.
"""

from __future__ import annotations

INDEX_SCHEMA = 1  # version of the JSON shape `pmlint inspect --index` prints (docs/index.md)
