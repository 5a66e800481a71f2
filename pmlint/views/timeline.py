"""Timeline entries, from every form people write a timeline in.

Forms: a table (a time column; the evidence tag in any cell), a list
(`- **14:03** — Alert fires `{OBSERVED}` — pager log`), one heading per entry
(`### 14:03`), and timestamped lines in a paragraph. A date heading or a dated entry
carries its date forward; a time zone named in a preamble line or the heading applies
to the entries below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmlint.model import Block, Document, ListBlock, ListItem, Paragraph, Section, Table
from pmlint.timeparse import TimeSpec, leading_time, parse_time
from pmlint.views.common import cached_view, section_text

TAG = re.compile(r"\{\s*([A-Za-z][A-Za-z0-9 _/-]{0,30}?)\s*\}")
_SOURCE_TRIM = re.compile(r"^[\s`*_—–:;,.()\[\]-]+|[\s`*_—–:;,.()\[\]-]+$")
_ZONE = re.compile(
    r"\b(?:all\s+)?times?\s+(?:are\s+)?(?:in\s+)?\(?([A-Z]{2,5}|UTC[+-]\d{1,2})\)?", re.I
)
_TIME_HEADERS = ("time", "when", "timestamp", "date", "date time", "time utc", "datetime")


@dataclass(slots=True)
class Tag:
    name: str  # as written, upper-cased: "OBSERVED"
    raw: str  # "{OBSERVED}"
    source: str  # text after the tag, trimmed ("monitoring alert"); "" when none


@dataclass(slots=True)
class TimelineEntry:
    line: int
    form: str  # "table" | "list" | "heading" | "line"
    raw_time: str | None
    time: TimeSpec | None
    text: str
    tags: list[Tag] = field(default_factory=list)
    date: str | None = None  # ISO or MM-DD, carried from the entry itself or a date heading
    zone: str | None = None


def find_tags(text: str) -> list[Tag]:
    """Brace tags in `text`, each with the text that follows it up to the next tag."""
    matches = list(TAG.finditer(text))
    tags = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        after = text[match.end() : stop].split("\n", 1)[0].split(" | ", 1)[0]
        source = _SOURCE_TRIM.sub("", after)
        tags.append(Tag(match.group(1).upper().replace(" ", "_"), match.group(0), source))
    return tags


@cached_view("timeline")
def timeline_entries(doc: Document) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for section in doc.sections:
        if section.own_kind == "timeline":
            _collect_section(section, entries, _zone_of(section.title), None)
    return entries


def _zone_of(text: str) -> str | None:
    found = _ZONE.search(text)
    return found.group(1).upper() if found else None


def _collect_section(
    section: Section, out: list[TimelineEntry], zone: str | None, date: str | None
) -> None:
    zone = _zone_of(section.title) or zone
    for block in section.blocks:
        if isinstance(block, Paragraph) and not leading_time(block.text.lstrip()):
            zone = _zone_of(block.text) or zone
        _collect_block(block, out, zone, date)
    for child in section.children:
        if child.own_kind not in (None, "timeline"):
            continue
        spec = parse_time(child.title)
        if spec is not None and spec.kind == "date":
            _collect_section(child, out, zone, spec.date)
            continue
        found = leading_time(child.title)
        if found is not None and found[0].kind != "date":
            body = section_text(child)
            text = f"{child.title}\n{body}"
            out.append(
                _entry(child.line, "heading", child.title[: found[1]], found[0], text, zone, date)
            )
            continue
        _collect_section(child, out, zone, date)


def _collect_block(
    block: Block, out: list[TimelineEntry], zone: str | None, date: str | None
) -> None:
    if isinstance(block, Table):
        _collect_table(block, out, zone, date)
    elif isinstance(block, ListBlock):
        for item in block.items:
            _collect_item(item, out, zone, date)
    elif isinstance(block, Paragraph):
        for offset, line_text in enumerate(block.text.split("\n")):
            found = leading_time(line_text.strip())
            if found is not None and found[0].kind != "date":
                stripped = line_text.strip()
                out.append(
                    _entry(
                        block.line + offset,
                        "line",
                        stripped[: found[1]],
                        found[0],
                        stripped,
                        zone,
                        date,
                    )
                )


def _collect_table(
    table: Table, out: list[TimelineEntry], zone: str | None, date: str | None
) -> None:
    column = table.column(*_TIME_HEADERS)
    if column is None:
        column = 0
    for row in table.rows:
        raw = row.cells[column] if column < len(row.cells) else ""
        spec = parse_time(raw) if raw else None
        text = " | ".join(row.cells)
        out.append(_entry(row.line, "table", raw or None, spec, text, zone, date))


def _collect_item(
    item: ListItem, out: list[TimelineEntry], zone: str | None, date: str | None
) -> None:
    text = item.text.strip()
    found = leading_time(text)
    if found is not None and found[0].kind == "date" and not text[found[1] :].strip(" :—–-"):
        for child in item.children:  # "- 2024-01-02" with the day's entries nested below
            _collect_item(child, out, zone, found[0].date)
        return
    extra: list[str] = []
    nested: list[ListItem] = []
    for child in item.children:
        if leading_time(child.text.strip()):
            nested.append(child)
        else:
            extra.append(child.text)
    body = "\n".join([text, *extra])
    if found is None:
        out.append(_entry(item.line, "list", None, None, body, zone, date))
    else:
        out.append(_entry(item.line, "list", text[: found[1]], found[0], body, zone, date))
    for child in nested:
        _collect_item(child, out, zone, date)


def _entry(
    line: int,
    form: str,
    raw: str | None,
    spec: TimeSpec | None,
    text: str,
    zone: str | None,
    date: str | None,
) -> TimelineEntry:
    if spec is not None and spec.date:
        date = spec.date
    raw_clean = raw.strip(" *`[]") if raw else raw
    return TimelineEntry(
        line,
        form,
        raw_clean or None,
        spec,
        text,
        find_tags(text),
        date,
        (spec.tz if spec else None) or zone,
    )
