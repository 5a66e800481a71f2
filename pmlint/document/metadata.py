"""Incident facts (date, severity, status, duration, title) from wherever authors put them.

Order of trust: front matter, then `**Key:** value` header lines before the first
section, then (for the date only) a `YYYY-MM-DD` in the file name.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from pmlint.document.frontmatter import FrontMatter
from pmlint.document.model import Metadata, Paragraph, Section
from pmlint.document.timeparse import parse_date

_FACT = re.compile(r"^\s*([A-Za-z][\w /&()-]{0,39}?)\s*:\s*(.*?)\s*$")
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")

# Canonical fact -> the keys people use for it.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "incident date", "date of incident", "incident start", "started", "when"),
    "severity": ("severity", "sev", "sev level", "severity level", "priority", "incident severity"),
    "status": ("status", "document status", "state", "postmortem status", "post mortem status"),
    "duration": ("duration", "total duration", "outage duration", "incident duration"),
    "title": ("title", "incident", "incident title", "name"),
}
_CANONICAL = {alias: fact for fact, aliases in ALIASES.items() for alias in aliases}


def extract_metadata(root: Section, front: FrontMatter, path: str) -> Metadata:
    meta = Metadata()
    for key, value in front.data.items():
        meta.fields[key] = value
        meta.lines[key] = front.lines.get(key, 1)
    for paragraph in _header_paragraphs(root):
        _read_facts(paragraph, meta)
    for fact, aliases in ALIASES.items():
        for alias in aliases:
            found = meta.fields.get(alias)
            if found:
                setattr(meta, fact, found.strip())
                meta.lines.setdefault(fact, meta.lines.get(alias, 1))
                break
    if meta.date is not None:
        parsed = parse_date(meta.date)
        meta.date = parsed.isoformat() if parsed else None
    if meta.date is None:
        in_name = _FILE_DATE.search(PurePath(path).name)
        if in_name:
            parsed = parse_date(in_name.group(1))
            meta.date = parsed.isoformat() if parsed else None
    if meta.title is None:
        h1 = next((s for s in root.children if s.level == 1), None)
        if h1 is not None:
            meta.title = h1.title
    return meta


def _header_paragraphs(root: Section) -> list[Paragraph]:
    """Paragraphs before the first section below the title: where header facts live."""
    blocks = list(root.blocks)
    if root.children and root.children[0].level == 1:
        blocks.extend(root.children[0].blocks)
    return [b for b in blocks if isinstance(b, Paragraph)][:6]


def _read_facts(paragraph: Paragraph, meta: Metadata) -> None:
    """`Key: value` segments, split on line breaks and `|` (bold markup is already gone)."""
    for offset, raw in enumerate(paragraph.inline.text.split("\n")):
        for segment in raw.split("|"):
            fact = _FACT.match(segment)
            if fact:
                _store(meta, fact.group(1), fact.group(2), paragraph.line + offset)


def _store(meta: Metadata, key: str, value: str, line: int) -> None:
    key = " ".join(key.lower().split())
    value = value.strip().strip("|").strip()
    if key and key not in meta.fields:
        meta.fields[key] = value
        meta.lines[key] = line
