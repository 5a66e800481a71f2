"""The per-document section index and the fast paths the rules take: same answers as a walk."""

from __future__ import annotations

import random
import re

from pmlint.catalog.load import load_catalog
from pmlint.checks.durations import find_durations
from pmlint.checks.language import lines_of_kind, text_lines
from pmlint.checks.structure import _is_placeholder
from pmlint.document.model import Document, Section
from pmlint.document.parse import parse_document
from pmlint.views.actionitem import trim as _trim
from pmlint.views.actions import _LABEL_RE, _LABELS

MATCHER = load_catalog().profile("default").matcher

TEXT = """# Outage

## Timeline

- 14:03 Alert fires `{OBSERVED}` — pager log

## May 13

- 09:00 Rollback `{OBSERVED}` — deploy log

## Causal Analysis

### Why 1

Text.

### Root cause

Text.

## Action Items

### Tier 1

- Fix it (owner: Ann)

## Impact

About 40 users.
"""


def _walk(section: Section) -> list[Section]:
    out = [section]
    for child in section.children:
        out.extend(_walk(child))
    return out


def _doc() -> Document:
    return parse_document(TEXT, "doc.md", MATCHER)


def test_sections_are_listed_once_in_document_order() -> None:
    doc = _doc()
    assert doc.sections == _walk(doc.root)[1:]
    assert doc.sections is doc.sections  # built once, shared by every rule


def test_kind_lookups_agree_with_a_walk() -> None:
    doc = _doc()
    everything = _walk(doc.root)[1:]
    kinds = {s.kind for s in everything} | {s.own_kind for s in everything} | {"missing"}
    for kind in kinds - {None}:
        assert kind is not None
        assert doc.sections_of(kind) == [s for s in everything if s.own_kind == kind]
        assert doc.sections_in(kind) == [s for s in everything if s.kind == kind]
        assert doc.has_kind(kind) == any(s.own_kind == kind for s in everything)
        assert doc.outermost_of(kind) == [
            s
            for s in everything
            if s.own_kind == kind and (s.parent is None or s.parent.kind != kind)
        ]
        blocks = [b for s in everything if s.kind == kind for b in s.blocks]
        assert doc.blocks_of(kind) == blocks
    assert [s.title for s in doc.sections_in("timeline")] == ["Timeline", "May 13"]


def test_lines_of_kind_are_the_text_lines_of_that_kind() -> None:
    doc = _doc()
    for kind in ("timeline", "impact", "action_items", "missing"):
        assert lines_of_kind(doc, kind) == [e for e in text_lines(doc) if e.kind == kind]


def test_duration_reader_skips_lines_without_a_duration() -> None:
    assert find_durations("14:03 deploy, 14:29 recover") == []
    assert [d.minutes for d in find_durations("took 26 minutes (14:03 → 14:29)")] == [26]
    assert [d.minutes for d in find_durations("a 22-min gap and 1h 5m")] == [22, 65]


def test_placeholder_test_reads_only_the_start_of_long_text() -> None:
    placeholders = {"tbd", "coming soon", ""}
    assert _is_placeholder("  **TBD**  ", placeholders)
    assert _is_placeholder("*" * 200 + " coming   soon " + "_" * 200, placeholders)
    assert not _is_placeholder("The cache expired. " * 20, placeholders)
    assert _is_placeholder("`" * 500, placeholders)


def test_trim_matches_the_single_pattern_it_replaces() -> None:
    single = re.compile(r"^[\s*_`|:;,.—–-]+|[\s*_`|:;,(—–-]+$")
    pool = "ab *_`|:;,.(—–-\n\t "
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert _trim(text) == single.sub("", text)


def test_grouped_labels_match_like_a_flat_alternation() -> None:
    flat = re.compile(
        r"(?:(?<=^)|(?<=[\s(\[|;,—–-]))("
        + "|".join(re.escape(label) for label in _LABELS)
        + r")\s*[:=]\s*",
        re.IGNORECASE,
    )
    texts = [
        "Fix it (owner: Ann, due date: 2024-01-02, done when: p99 < 1s)",
        "Due by = Friday; ASSIGNEE: Bob | Exit criteria:none",
        "Action items: add a check - ticket: OPS-12, eta : soon",
    ]
    for text in texts:
        spans = [(m.span(), m.group(1)) for m in flat.finditer(text)]
        assert [(m.span(), m.group(1)) for m in _LABEL_RE.finditer(text)] == spans
