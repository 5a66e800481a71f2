"""Timeline entries, from every form people write a timeline in.

Forms: a table (a time column, or separate date and time columns; the evidence tag in
any cell), a list (`- **14:03** — Alert fires `{OBSERVED}` — pager log`), one heading
per entry (`### 14:03`), and timestamped lines in a paragraph (a line that starts with
a time opens an entry; the lines after it belong to it).

What a reader carries in their head while reading a timeline is carried here too: a
time zone named in the heading or a preamble line ("All times in UTC") applies to the
entries below it; a date heading (`### 2024-01-02`, `## May 13`), a bold date line or a
dated entry gives the date of the undated entries after it, moving to the next day when
the clock runs back by more than half a day. Headings that are only a date and sit next
to the timeline at its own level ("## Timeline", "## May 12", "## May 13") continue it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import field

from pmlint.document.model import Block, Document, ListBlock, ListItem, Paragraph, Section, Table
from pmlint.document.timeparse import TimeSpec, parse_time
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.common import cached_view, section_text
from pmlint.views.entrytext import find_tags, zone_in
from pmlint.views.timelinetext import (
    SOURCE_HEADERS,
    TimelineEntry,
    is_note,
    leading_time,
    only_weekday,
    table_columns,
    time_note,
)

__all__ = ["TimelineEntry", "leading_time", "time_note", "timeline_entries", "zone_in"]

_MENTIONS_TIME = compiled(r"\btime(?:s|zone|stamps?)?\b|\bzone\b|\(", re.IGNORECASE)
_DATE_LINE = compiled(r"^\s*(?:date|day|on|timeline\s+(?:for|of|on))\s*[:\-–—]?\s*", re.IGNORECASE)

_WORD_START = lazy(r"(?<=[\s:(])[0-9A-Za-z~]")
_DIGIT = compiled(r"[0-9]")
NARRATIVE_MIN_WORDS = 4  # an untimed paragraph shorter than this is a label or a link
YEAR_END_STEP = 6  # months back between year-less days that mean a new year
TRAILING_TIME_MAX = 80  # characters: "Resolved 2024-07-25 16:19" is a label and a time
ZONE_PREAMBLE_MAX = 200  # characters: a longer paragraph is prose, not a "times are in" line


@record(slots=True)
class _State:
    """What the reader knows at this point of the timeline."""

    zone: str | None = None
    date: str | None = None
    last: int | None = None  # minutes of the last dated point entry, to notice midnight
    out: list[TimelineEntry] = field(default_factory=list)
    untimed: set[int] = field(default_factory=set)  # ids of untimed entries before any time
    timed: set[int] = field(default_factory=set)  # indexes of timelines with a timed entry
    lines: list[str] = field(default_factory=list)  # the document's source lines
    timeline: int = -1  # index of the timeline being read
    day_first: bool = False  # the file writes numeric dates day first
    incident: str | None = None  # the incident date (ISO), for the year of year-less days

    def set_date(self, date: str | None) -> None:
        """A new day: a year-less date ("Feb 21") takes the year of the day before it, or
        the next year when the month steps back by half a year or more (Dec 30 -> Jan 2);
        the first day of a timeline, the year that puts it nearest the incident date."""
        if date and len(date) == 5 and self.date and len(self.date) == 10:
            year = int(self.date[:4])
            if int(self.date[5:7]) - int(date[:2]) >= YEAR_END_STEP:
                year += 1
            date = f"{year:04d}-{date}"
        elif date and len(date) == 5 and self.date is None and self.incident:
            year = int(self.incident[:4])
            step = int(self.incident[5:7]) - int(date[:2])
            year += 1 if step >= YEAR_END_STEP else -1 if step <= -YEAR_END_STEP else 0
            date = f"{year:04d}-{date}"
        self.date, self.last = date, None

    def time(self, text: str, entry: bool = True) -> tuple[TimeSpec, int] | None:
        return leading_time(text, self.day_first, entry)

    def source(self, line: int) -> str:
        return self.lines[line - 1].lstrip() if 0 < line <= len(self.lines) else ""


@cached_view("timeline")
def timeline_entries(doc: Document) -> list[TimelineEntry]:
    state = _State(lines=doc.lines, day_first=doc.day_first, incident=doc.metadata.date)
    for section in doc.sections_in("timeline"):
        parent = section.parent
        if parent is None or parent.kind != "timeline":
            if section.own_kind is not None:  # a new timeline; "## May 13" continues one
                state.timeline += 1
            before = len(state.out)
            _collect_section(section, state, top=True)
            if len(state.out) == before and section.own_kind is not None:
                _prose_entries(section, state)
    entries = state.out
    if state.untimed:
        # A list of links or notes above the timed entries is not part of the record.
        entries = [
            e for e in entries if id(e) not in state.untimed or e.timeline not in state.timed
        ]
    return entries


def _collect_section(section: Section, state: _State, top: bool = False) -> None:
    state.zone = zone_in(section.title) or state.zone
    if top and section.own_kind is None:
        # A heading continuing the timeline at its level: "## May 13", "## Feb 21, 13:00".
        found = state.time(section.title)
        if found is not None and found[0].kind != "date":
            _heading_entry(section, found, state)
            return
    dated = (not top or section.own_kind is None) and _heading_date(section.title, state)
    start = len(state.out)
    told: list[Paragraph] = []  # untimed paragraphs under a day heading
    for block in section.blocks:
        added = len(state.out)
        _collect_block(block, state)
        if dated and isinstance(block, Paragraph) and len(state.out) == added:
            told.append(block)
    if told and all(entry.time is None for entry in state.out[start:]):
        # "#### June 10" then "The team fixed it in the morning": a day told in prose, one
        # entry per paragraph (with no time under the heading, none continues an entry).
        for block in told:
            if _narrative(block, state):
                _add(state, block.line, "line", None, None, block.text.strip())
        state.out[start:] = sorted(state.out[start:], key=lambda entry: entry.line)
    _collect_children(section, state)


def _collect_children(section: Section, state: _State) -> None:
    timed = [state.time(child.title) for child in section.children]
    count = sum(found is not None for found in timed)
    mostly_timed = count >= 2 and count * 2 >= len(timed)
    for child, found in zip(section.children, timed, strict=True):
        if child.own_kind not in (None, "timeline"):
            continue
        if found is not None and found[0].kind != "date":
            _heading_entry(child, found, state)
        elif found is None and mostly_timed and not child.children and child.own_kind is None:
            # "### 2X:XX (not sure)" among "### 14:05" headings: an entry, time unknown.
            text = "\n".join(filter(None, [child.title, section_text(child, deep=False)]))
            _add(state, child.line, "heading", None, None, text)
        else:
            _collect_section(child, state)


def _heading_entry(section: Section, found: tuple[TimeSpec, int], state: _State) -> None:
    """`### 14:05` and the text below it: one entry; sub-headings are entries of their own."""
    state.zone = zone_in(section.title[found[1] :]) or state.zone
    text = "\n".join(filter(None, [section.title, section_text(section, deep=False)]))
    _add(state, section.line, "heading", section.title[: found[1]], found[0], text)
    _collect_children(section, state)


def _heading_date(title: str, state: _State) -> bool:
    """Whether the heading is a day ("### 2024-01-02", "#### [June 9]"): its date is kept."""
    found = state.time(title.strip())
    if found is not None and found[0].kind == "date" and found[0].date:
        state.set_date(found[0].date)
        return True
    return False


def _day_line(rest: str, state: _State) -> bool:
    """Whether what follows a date makes the line a day line, not an entry: nothing, a
    weekday, or a note on the times ("2024-01-02 (times in UTC)"), whose zone is kept."""
    if not rest or only_weekday(rest):
        return True
    if time_note(rest):
        state.zone = zone_in(rest) or state.zone
        return True
    return False


def _collect_block(block: Block, state: _State) -> None:
    if isinstance(block, Table):
        _collect_table(block, state)
    elif isinstance(block, ListBlock):
        before = len(state.out)
        preamble = max(state.timeline, 0) not in state.timed
        for item in block.items:
            _collect_item(item, state)
        added = state.out[before:]
        if preamble and added and all(entry.time is None for entry in added):
            state.untimed.update(id(entry) for entry in added)
    elif isinstance(block, Paragraph):
        _collect_paragraph(block, state)


def _collect_paragraph(block: Paragraph, state: _State) -> None:
    """Timestamped lines, each an entry with the untimed lines after it; day lines set the
    date."""
    text = block.text
    current: TimelineEntry | None = None
    for offset, line_text in enumerate(text.split("\n")):
        stripped = line_text.strip()
        if state.source(block.line + offset).startswith("!["):
            current = None  # an image's caption, not an entry
            continue
        found = state.time(stripped) if stripped else None
        if (
            found is not None
            and found[0].kind == "date"
            and _day_line(stripped[found[1] :].strip(" *_:.,;—–-"), state)
        ):
            state.set_date(found[0].date)
            current = None
            continue
        if found is None:
            dated = _DATE_LINE.sub("", stripped.strip("*_ ")) if stripped else ""
            date_only = state.time(dated) if dated != stripped else None
            if (
                date_only is not None
                and date_only[0].kind == "date"
                and _day_line(dated[date_only[1] :].strip(" *_:.,;"), state)
            ):
                state.set_date(date_only[0].date)
                current = None
                continue
            if current is not None and stripped:
                current.text = f"{current.text}\n{stripped}"
                if "{" in stripped:
                    current.tags = find_tags(current.text)
            elif offset == 0 and len(text) <= ZONE_PREAMBLE_MAX and _MENTIONS_TIME.search(text):
                state.zone = zone_in(text) or state.zone
            continue
        current = _add(state, block.line + offset, "line", stripped[: found[1]], found[0], stripped)


def _narrative(block: Paragraph, state: _State) -> bool:
    """Whether an untimed paragraph of a timeline reads as an event: some words of the
    author's own, not a note, not an italic instruction left from a template."""
    prose = block.inline.prose.strip()
    if len(prose.split()) < NARRATIVE_MIN_WORDS or is_note(prose) or time_note(prose):
        return False
    first = state.source(block.line)
    last = state.source(block.end_line).rstrip()
    return not (first[:1] in "*_" and first[:2] != "**" and last[-1:] in "*_")


def _prose_entries(section: Section, state: _State) -> None:
    """A timeline told in paragraphs, with no times at all: one entry per paragraph."""
    for part in section.walk():
        if part is not section and part.own_kind not in (None, "timeline"):
            continue
        for block in part.blocks:
            if isinstance(block, Paragraph) and _narrative(block, state):
                _add(state, block.line, "line", None, None, block.text.strip())


def _trailing_time(text: str, state: _State) -> tuple[str, TimeSpec] | None:
    """A short item that ends in a time: "First detected: 2024-09-20 11:24"."""
    if len(text) > TRAILING_TIME_MAX or "\n" in text:
        return None
    last_digit = max(text.rfind(digit) for digit in "0123456789")
    for match in _WORD_START.finditer(text):
        start = match.start()
        if start == 0:
            continue
        if start > last_digit:
            break  # no digit left, so no time
        found = state.time(text[start:], entry=False)
        if (
            found is not None
            and found[0].kind != "date"
            and not text[start + found[1] :].strip(" .;)")
        ):
            return text[start : start + found[1]], found[0]
    return None


def _collect_table(table: Table, state: _State) -> None:
    time_col, date_col = table_columns(table.header)
    source_col = table.column(*SOURCE_HEADERS)
    before = len(state.out)
    preamble = max(state.timeline, 0) not in state.timed
    for row in table.rows:
        cells = row.cells
        raw = cells[time_col].strip() if time_col is not None and time_col < len(cells) else ""
        if date_col is not None and date_col < len(cells) and cells[date_col].strip():
            raw = f"{cells[date_col].strip()} {raw}".strip()
        spec = parse_time(raw, state.day_first) if raw else None
        if spec is None and raw:
            found = state.time(raw)
            if found is not None and found[0].kind == "date":
                spec = found[0]  # "2024-03-13 14:??": the day is known, the time is not
        if time_col is None:
            found = state.time(cells[0].strip()) if cells else None
            spec = found[0] if found else None
            raw = cells[0].strip()[: found[1]] if found else ""
        text = " | ".join(cells)
        if not text.strip(" |"):
            continue
        _add(state, row.line, "table", raw or None, spec, text)
        if source_col is not None and source_col < len(cells) and state.out:
            for tag in state.out[-1].tags:  # "| {OBSERVED} | pager log |": a Source column
                tag.source = tag.source or cells[source_col].strip()
    added = state.out[before:]
    if preamble and time_col is None and added and all(entry.time is None for entry in added):
        state.untimed.update(id(entry) for entry in added)


def _collect_item(item: ListItem, state: _State) -> None:
    text = item.text.strip()
    found = state.time(text)
    if found is None and not item.children and (is_note(text) or time_note(text)):
        state.zone = zone_in(text) or state.zone  # "- Note: …", "- All times in PDT"
        return
    _item_entry(item, text, found, state)


def _item_entry(
    item: ListItem, text: str, found: tuple[TimeSpec, int] | None, state: _State
) -> None:
    """One list item (`found`: its leading time, already read) and the items nested in it."""
    if (
        found is not None
        and found[0].kind == "date"
        and _day_line(text[found[1] :].strip(" *_:.,;—–-"), state)
    ):
        state.set_date(found[0].date)
        for child in item.children:  # "- 2024-01-02" with the day's entries nested below
            _collect_item(child, state)
        return
    extra: list[str] = []
    nested: list[tuple[ListItem, str, tuple[TimeSpec, int]]] = []
    for child in item.children:
        child_text = child.text.strip()
        child_time = state.time(child_text)
        if child_time is not None:
            nested.append((child, child_text, child_time))
        else:
            extra.append(child.text)
    body = "\n".join([text, *extra])
    trailing = _trailing_time(text, state) if found is None else None
    if trailing is not None:
        _add(state, item.line, "list", trailing[0], trailing[1], body)
    elif found is None:
        _add(state, item.line, "list", None, None, body)
    else:
        _add(state, item.line, "list", text[: found[1]], found[0], body)
    for child, child_text, child_time in nested:
        _item_entry(child, child_text, child_time, state)


def _add(
    state: _State,
    line: int,
    form: str,
    raw: str | None,
    spec: TimeSpec | None,
    text: str,
) -> TimelineEntry:
    timeline = max(state.timeline, 0)
    if spec is not None:
        if spec.date:
            state.set_date(spec.date)
            state.last = spec.start
        elif spec.start is not None and spec.kind == "point":
            if state.date and state.last is not None and state.last - spec.start > 12 * 60:
                state.date = _next_day(state.date)  # 23:50 then 00:10: the clock passed midnight
            if state.date:
                state.last = spec.start
        if spec.tz:
            state.zone = spec.tz
        state.timed.add(timeline)
    entry = TimelineEntry(
        line,
        form,
        (raw.strip(" *`[]") or None) if raw else None,
        spec,
        text,
        find_tags(text),
        state.date,
        state.zone,
        timeline,
    )
    state.out.append(entry)
    return entry


def _next_day(date: str) -> str:
    """The day after an ISO (YYYY-MM-DD) or year-less (MM-DD) date."""
    try:
        if len(date) == 10:
            return (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).isoformat()
        month, day = (int(part) for part in date.split("-"))
        following = datetime.date(2000, month, day) + datetime.timedelta(days=1)
        return following.strftime("%m-%d")
    except ValueError:
        return date
