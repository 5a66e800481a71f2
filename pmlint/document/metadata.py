"""Incident facts (date, severity, status, duration, title) from wherever authors put them.

Where facts are read, in document order (the first value of a key wins):

- the front matter;
- `Key: value` lines (`**Date:** 2026-04-17`, `Date: … | Severity: …`) in the paragraphs
  before the first section below the title, and in the first sections of the document: as
  paragraph lines, as list items (`* Date: July 2 2025`, or `* **Severity:**` with the value
  in the item nested below), and as key-value tables (`| **Date** | 2026-04-17 |`, or a
  header row of keys over one row of values);
- sections named for a fact, with the value as their text (`## Date` then `2026-04-17`).

The title is the front matter's `title` (or a `Title:` line), else the H1, else the first
heading of any level; a heading that is only a label (`# Title:`) is not a title, the
heading or line after it is.

The incident date is when the incident began, where the document says so:

1. an explicit start or incident date (`Incident start:`, `Started:`, `Date of incident:`)
   is taken as written;
2. otherwise the stated date: a date field (`Date:`, `Detected:`, `Occurred:`), else a
   date in the title ("17-04-2026 - Checkout unavailable"), else a lead paragraph that
   opens with a date ("On 31st July 2018, …") or is only one, else a date in the file
   name (`20260417_checkout.md`, `outage_pm_260417.md`, `06-nov-2022_x.md`); the text of
   the document is trusted over the file name, which is often the day the write-up was
   published;
3. the first full date starting a line of the timeline, or a lead sentence's date,
   moves the date earlier: an incident does not begin after the first thing its timeline
   records, and a "Date" field is often the day of the review. A date field or title is
   only moved back by `EARLIER_MAX_DAYS` (a timeline may open with background from years
   before); a file-name date by any amount;
4. with nothing stated, the first timeline date, else the first heading holding a full date
   (a log of incidents: "### Incident on 2024-09-20").

Numeric dates are read day first when the file's other dates are written so
(`dates.day_first`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pmlint.document.frontmatter import FrontMatter
from pmlint.document.headings import normalise_heading
from pmlint.document.incidentdate import START_KEYS, incident_date
from pmlint.document.model import Block, ListBlock, ListItem, Metadata, Paragraph, Section, Table
from pmlint.util.recache import compiled

_FACT = compiled(r"^\s*([A-Za-z][\w /&()-]{0,39}?)\s*:\s*(.*?)\s*$")

# Canonical fact -> the keys people use for it.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "incident date",
        "date of incident",
        "incident start",
        "started",
        "when",
        "start",
        "start date",
        "start time",
        "began",
        "incident began",
        "incident start time",
        "outage start",
        "impact start",
        "date and time",
        "incident date and time",
        "occurred",
        "date occurred",
        "detected",
        "detected at",
        "date detected",
        "time detected",
        "detection time",
    ),
    "severity": ("severity", "sev", "sev level", "severity level", "priority", "incident severity"),
    "status": ("status", "document status", "state", "postmortem status", "post mortem status"),
    "duration": ("duration", "total duration", "outage duration", "incident duration"),
    "title": ("title", "incident", "incident title", "name"),
}
_CANONICAL = {alias: fact for fact, aliases in ALIASES.items() for alias in aliases}
# Keys read outside the header (lists, tables, early sections): not the title, which a line
# such as "- Incident: the primary failed over" in a summary is not.
_BODY_KEYS = frozenset(alias for alias, fact in _CANONICAL.items() if fact != "title")
# key -> (fact, rank): the first key listed for a fact wins when several are given.
_RANK = {
    alias: (fact, rank) for fact, aliases in ALIASES.items() for rank, alias in enumerate(aliases)
}
_DATE_KEYS = tuple(k for k in ALIASES["date"] if k not in START_KEYS)
# Sections whose heading names a fact hold its value as text ("## Severity" then "SEV-2").
_FACT_HEADINGS = {
    alias: fact
    for fact in ("date", "severity", "status", "duration")
    for alias in ALIASES[fact]
    if alias not in ("when", "state", "start", "occurred")
}

HEADER_PARAGRAPHS = 6  # paragraphs before the first section that may hold header lines
EARLY_SECTIONS = 2  # sections after the title whose field lines, lists and tables are read
EARLY_BLOCKS = 8  # blocks read in each of those sections

# A heading that is only a label for the title ("# Title:", "# Incident name").
_TITLE_LABEL = compiled(
    r"^\s*(?:(?:incident|post[- ]?mortem|report)\s+)?(?:title|name)\s*(?:[:\-–—]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_DIGIT = compiled(r"[0-9]")
_QUOTED = compiled(r"""^(['"‘“])(.*)(['"’”])$""")


def extract_metadata(
    root: Section,
    front: FrontMatter,
    path: str,
    lines: list[str] | None = None,
    day_first: bool = False,
) -> Metadata:
    meta = Metadata()
    for key, value in front.data.items():
        meta.fields[key] = value
        meta.lines[key] = front.lines.get(key, 1)
    sections = root.walk()[1:]  # every section, in document order
    header = _header_blocks(root)
    early = _early_sections(root, sections)
    for block in header:
        if isinstance(block, Paragraph):
            _read_facts(block, meta)
    for block in _early_blocks(header, early):
        _read_block_facts(block, meta)
    _read_fact_sections(sections, meta)
    chosen: dict[str, tuple[int, str]] = {}  # fact -> (rank of its key, key)
    for key, value in meta.fields.items():
        known = _RANK.get(key)
        if (
            known is not None
            and value
            and (key_rank := known[1]) < chosen.get(known[0], (99, ""))[0]
        ):
            chosen[known[0]] = (key_rank, key)
    for fact, (_, key) in chosen.items():
        setattr(meta, fact, meta.fields[key].strip())
        meta.lines.setdefault(fact, meta.lines.get(key, 1))
    if meta.title is None:
        meta.title = _heading_title(sections)
    meta.date = incident_date(
        sections, early, meta, header, path, lines or [], day_first, _DATE_KEYS
    )
    return meta


# -- where facts are written --------------------------------------------------------------


def _header_blocks(root: Section) -> list[Block]:
    """Blocks before the first section below the title: where header facts live."""
    blocks = list(root.blocks)
    if root.children and root.children[0].level == 1:
        blocks.extend(root.children[0].blocks)
    paragraphs = 0
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paragraphs += 1
            if paragraphs > HEADER_PARAGRAPHS:
                break
        out.append(block)
    return out


def _early_sections(root: Section, sections: list[Section]) -> list[Section]:
    """The first sections below the title, in document order."""
    out: list[Section] = []
    for section in sections:
        if section.level == 1 and section is root.children[0]:
            continue
        out.append(section)
        if len(out) == EARLY_SECTIONS:
            break
    return out


def _early_blocks(header: list[Block], early: list[Section]) -> Iterator[Block]:
    """Lists and tables before the first section, then the blocks of the first sections."""
    for block in header:
        if not isinstance(block, Paragraph):
            yield block
    for section in early:
        yield from section.blocks[:EARLY_BLOCKS]


def _read_facts(paragraph: Paragraph, meta: Metadata) -> None:
    """`Key: value` segments, split on line breaks and `|` (bold markup is already gone)."""
    for offset, raw in enumerate(paragraph.inline.text.split("\n")):
        for segment in raw.split("|"):
            fact = _FACT.match(segment)
            if fact:
                _store(meta, fact.group(1), fact.group(2), paragraph.line + offset)


def _read_block_facts(block: Block, meta: Metadata) -> None:
    """Known facts in a section's blocks: field lines, list items, key-value tables."""
    if isinstance(block, Paragraph):
        if ":" not in block.inline.text:
            return
        for offset, raw in enumerate(block.inline.text.split("\n")):
            _store_known(meta, raw, block.line + offset)
    elif isinstance(block, ListBlock):
        for item in block.items:
            _read_item_fact(item, meta)
    elif isinstance(block, Table):
        _read_table_facts(block, meta)


def _read_item_fact(item: ListItem, meta: Metadata, depth: int = 0) -> None:
    fact = _FACT.match(item.text.split("\n", 1)[0])
    if fact is not None and not fact.group(2).strip():
        nested = next((b for b in item.blocks if isinstance(b, ListBlock) and b.items), None)
        if nested is not None:  # "* **Severity:**" with "SEV-1 – …" nested below
            _store_known(meta, f"{fact.group(1)}: {nested.items[0].text}", item.line)
            return
    if fact is not None:
        _store_known(meta, item.text.split("\n", 1)[0], item.line)
    elif depth == 0:
        for child in item.children:
            _read_item_fact(child, meta, depth + 1)


def _read_table_facts(table: Table, meta: Metadata) -> None:
    """`| **Date** | 2026-04-17 |` rows (the first may be the header), or keys over values."""
    header = [normalise_heading(cell) for cell in table.header]
    known = [cell in _BODY_KEYS for cell in header]
    if len(header) >= 2 and sum(known) >= 2 and len(table.rows) == 1:
        for key, value in zip(header, table.rows[0].cells, strict=False):
            if key in _BODY_KEYS:
                _store(meta, key, value, table.rows[0].line)
        return
    pairs = [(table.header, table.line)] + [(row.cells, row.line) for row in table.rows]
    for cells, line in pairs:
        if len(cells) >= 2:
            key = normalise_heading(cells[0])
            if key in _BODY_KEYS:
                _store(meta, key, cells[1], line)


def _read_fact_sections(sections: list[Section], meta: Metadata) -> None:
    """`## Date` / `## Severity` sections with the value as their first line of text."""
    for section in sections:
        key = section.norm
        if key not in _FACT_HEADINGS or not section.blocks:
            continue
        first = section.blocks[0]
        if isinstance(first, Paragraph):
            value = first.inline.text.split("\n", 1)[0]
        elif isinstance(first, ListBlock) and first.items:
            value = first.items[0].text.split("\n", 1)[0]
        else:
            continue
        _store(meta, key, value, first.line)


def _store_known(meta: Metadata, text: str, line: int) -> None:
    """A `Key: value` line outside the header, kept only when the key names a fact."""
    fact = _FACT.match(text) if ":" in text else None
    if fact is None:
        return
    key = " ".join(fact.group(1).lower().split())
    if key in _BODY_KEYS:
        _store(meta, key, fact.group(2), line)


def _store(meta: Metadata, key: str, value: str, line: int) -> None:
    key = " ".join(key.lower().split())
    value = _clean(value)
    if key and not meta.fields.get(key) and (value or key not in meta.fields):
        meta.fields[key] = value
        meta.lines[key] = line


def _clean(value: str) -> str:
    """The value as meant: `'Relay outage',` (a JavaScript object) is `Relay outage`."""
    value = value.strip().strip("|").strip()
    if value.endswith(",") and value[:1] in "'\"‘“":
        value = value[:-1].rstrip()
    quoted = _QUOTED.match(value)
    return quoted.group(2).strip() if quoted else value


# -- the title ------------------------------------------------------------------------------


def _heading_title(sections: list[Section]) -> str | None:
    """The H1, else the first heading of any level; a label such as `# Title:` is skipped
    for the line of text below it or the next heading."""
    first_h1 = next((i for i, s in enumerate(sections) if s.level == 1), 0)
    for section in sections[first_h1:]:
        title = section.title.strip()
        label = _TITLE_LABEL.match(title)
        if label is not None:
            rest = (label.group("rest") or "").strip()
            if rest:
                return rest
            text = _first_line(section)
            if text:
                return text
            continue
        if title:
            return title
    return None


def _first_line(section: Section) -> str | None:
    """The first line of text under a label heading ("# Title:" then the title as text)."""
    for block in section.blocks:
        if isinstance(block, Paragraph):
            first = block.inline.text.strip().split("\n", 1)[0].strip()
            return first or None
        return None
    return None
