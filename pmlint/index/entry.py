"""One post-mortem as an index entry: the facts a reliability lead compares across documents.

Read from the `Document` pmlint already builds and its views (metadata, timeline entries,
action items); what the model does not hold (an incident id, services, when the incident
was detected, mitigated and resolved, follow-up checkpoints) is read here.

- id: front matter or header `id` / `incident-id` / `incident` (when it looks like an id),
  else the first `INC-123`-style id in the title or a header fact.
- services: `service(s)` / `component(s)` / `affected service(s)` / `system(s)` in front
  matter or a `**Service:**` line, else the configured path mapping (`services` setting).
- times: a labelled chain in the header (`14:03 detect → 14:29 mitigate → 14:50 recover`),
  facts such as `Detected: 14:03`, else timeline entries whose text says what happened
  (alert/detected, mitigated/rolled back, resolved/recovered, began/onset). Time to detect
  runs from the start of impact (only when the document states one) to detection; time to
  mitigate and time to resolve run from detection, as the reference format counts them.
- checkpoints: dated lines of the follow-up section; done when marked (done, held, ✓,
  `[x]`) or when the line links to where the review is recorded.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import asdict, field
from typing import Any

from pmlint.document.dates import find_dates, parse_date
from pmlint.document.model import Document, ListBlock, Paragraph, Section, Table
from pmlint.index.times import read_times
from pmlint.util.recache import compiled
from pmlint.util.record import record
from pmlint.views.actions import action_items

ID_KEYS = ("id", "incident id", "incident-id", "incident_id", "incident number", "incident")
SERVICE_KEYS = (
    "service",
    "services",
    "affected service",
    "affected services",
    "services affected",
    "component",
    "components",
    "affected component",
    "affected components",
    "system",
    "systems",
    "affected system",
    "affected systems",
)
# INC-123, INC123, Incident #42, IR-7, PIR-2024-3 is not read (a year is not a number here).
_ID = compiled(r"\b(INC|INCIDENT|IR|PIR)[-_ ]?#?(\d{1,8})\b(?!-)", re.IGNORECASE)
_ID_LIKE = compiled(r"^[A-Za-z0-9][\w.#-]{0,39}$")
_SEVERITY_NUMBER = compiled(r"\b(?:sev(?:erity)?|p|s)[\s_:-]*([0-5])\b", re.IGNORECASE)
_SPLIT_SERVICES = compiled(r"\s*(?:[,;/+&]|\band\b)\s*", re.IGNORECASE)
_MARKUP = compiled(r"[*_`\[\]]")
_DONE = compiled(
    r"(?<![\w-])(?:done|completed?|held|closed|fixed|resolved|shipped|merged|landed|finished)"
    r"(?![\w-])|✓|✔|✅|☑|\[x\]",
    re.IGNORECASE,
)

# Free text (a focus column, a list item) counts as done only with these plain marks.
_DONE_MARK = compiled(r"(?<![\w-])(?:done|held|completed)(?![\w-])|✓|✔|✅|☑|\[x\]", re.I)
_STATUS_COLUMNS = ("status", "done", "held", "outcome", "state", "result")
_NOT_DONE = compiled(r"\bnot\s+(?:yet\s+)?(?:done|held|completed?)\b|\bundone\b", re.IGNORECASE)
_LINK = compiled(r"\]\(\s*<?([^)\s>]+)>?[^)]*\)|https?://[^\s)<>\]]+")


@record(slots=True)
class IndexAction:
    """One action item as the index keeps it."""

    line: int
    action: str
    tier: int | None
    owner: str | None
    due: str | None  # ISO date, when the due date has a year
    due_text: str | None  # as written
    done: bool
    tracking: str | None

    @property
    def open(self) -> bool:
        return not self.done


@record(slots=True)
class Checkpoint:
    """A dated follow-up checkpoint (a 30-day review, …)."""

    line: int
    label: str
    date: str  # ISO
    done: bool
    link: str | None


@record(slots=True)
class IndexEntry:
    """One incident: what a reliability lead compares across post-mortems."""

    path: str
    digest: str
    title: str
    id: str | None = None
    id_line: int | None = None
    date: str | None = None  # ISO start date
    date_line: int | None = None
    severity: str | None = None  # as written
    status: str | None = None
    services: list[str] = field(default_factory=list)
    service_line: int | None = None
    title_line: int = 1
    started: str | None = None  # "YYYY-MM-DDTHH:MM", or "HH:MM" when the day is unknown
    detected: str | None = None
    mitigated: str | None = None
    resolved: str | None = None
    time_to_detect: int | None = None  # minutes
    time_to_mitigate: int | None = None
    time_to_resolve: int | None = None
    actions: list[IndexAction] = field(default_factory=list)
    checkpoints: list[Checkpoint] = field(default_factory=list)

    @property
    def severity_label(self) -> str:
        """`SEV1`…`SEV5` when the severity has a number, else the word, else `unknown`."""
        if not self.severity:
            return "unknown"
        number = _SEVERITY_NUMBER.search(self.severity)
        if number:
            return f"SEV{number.group(1)}"
        word = _MARKUP.sub("", self.severity).strip().lower()
        return word.split()[0] if word else "unknown"

    @property
    def anchor_line(self) -> int:
        """Where findings about the incident as a whole point: its service, date or title."""
        return self.service_line or self.date_line or self.title_line

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity_label"] = self.severity_label
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndexEntry:
        values = {k: v for k, v in data.items() if k != "severity_label"}
        values["actions"] = [IndexAction(**a) for a in data.get("actions", [])]
        values["checkpoints"] = [Checkpoint(**c) for c in data.get("checkpoints", [])]
        return cls(**values)


def entry_from_document(
    doc: Document, digest: str, services: dict[str, str] | None = None
) -> IndexEntry:
    """The index entry of one parsed post-mortem; `services` maps path globs to a service."""
    meta = doc.metadata
    entry = IndexEntry(
        path=doc.path,
        digest=digest,
        title=meta.title or doc.path.rsplit("/", 1)[-1],
        date=meta.date,
        date_line=meta.lines.get("date"),
        severity=meta.severity,
        status=meta.status,
        title_line=doc.title_line or 1,
    )
    entry.id, entry.id_line = _incident_id(doc)
    entry.services, entry.service_line = _services(doc, services or {})
    read_times(doc, entry)
    entry.actions = _actions(doc)
    entry.checkpoints = _checkpoints(doc)
    return entry


def normal_id(text: str) -> str:
    """Ids compared without case or markup: `inc-42` and `INC-42` are the same incident."""
    found = _ID.search(text)
    if found:
        return f"{found.group(1).upper()}-{int(found.group(2))}"
    return _MARKUP.sub("", text).strip().upper()


def find_ids(text: str) -> set[str]:
    """Every `INC-123`-style id named in `text`, normalised."""
    return {f"{m.group(1).upper()}-{int(m.group(2))}" for m in _ID.finditer(text)}


def _incident_id(doc: Document) -> tuple[str | None, int | None]:
    meta = doc.metadata
    for key in ID_KEYS:
        value = meta.fields.get(key)
        if not value:
            continue
        value = _MARKUP.sub("", value).strip()
        if key == "incident" and not (_ID.search(value) or _ID_LIKE.match(value)):
            continue  # "incident: Checkout outage" is a title
        if key == "incident" and not any(c.isdigit() for c in value):
            continue
        return normal_id(value), meta.lines.get(key, 1)
    if meta.title:
        found = _ID.search(meta.title)
        if found:
            return normal_id(found.group(0)), doc.title_line or 1
    for key, value in meta.fields.items():
        found = _ID.search(value)
        if found:
            return normal_id(found.group(0)), meta.lines.get(key, 1)
    return None, None


def _services(doc: Document, mapping: dict[str, str]) -> tuple[list[str], int | None]:
    meta = doc.metadata
    for key in SERVICE_KEYS:
        value = meta.fields.get(key)
        if value:
            names = [_service_name(part) for part in _SPLIT_SERVICES.split(value)]
            found = sorted({name for name in names if name})
            if found:
                return found, meta.lines.get(key, 1)
    path = doc.path.replace("\\", "/")
    for pattern, service in mapping.items():
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, f"*/{pattern}"):
            return [_service_name(service)], None
    return [], None


def _service_name(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).strip().strip(".").lower().split())


# -- action items and checkpoints --------------------------------------------------------------


def _actions(doc: Document) -> list[IndexAction]:
    out: list[IndexAction] = []
    for item in action_items(doc):
        status = item.fields.get("status") or ""
        done = bool(item.done)
        if not done and status:
            done = bool(_DONE.search(status)) and not _NOT_DONE.search(status)
        due = parse_date(item.due) if item.due else None
        out.append(
            IndexAction(
                line=item.lines.get("due", item.line) if due else item.line,
                action=item.action[:200],
                tier=item.tier_number,
                owner=item.owner,
                due=due.isoformat() if due else None,
                due_text=item.due,
                done=done,
                tracking=item.tracking,
            )
        )
    return out


def _checkpoints(doc: Document) -> list[Checkpoint]:
    out: list[Checkpoint] = []
    for section in doc.outermost_of("follow_up"):
        for sub in section.walk():
            if sub is section or sub.own_kind in (None, "follow_up"):
                _checkpoints_in(doc, sub, out)
    return out


def _checkpoints_in(doc: Document, section: Section, out: list[Checkpoint]) -> None:
    for block in section.blocks:
        if isinstance(block, Table):
            status = block.column(*_STATUS_COLUMNS)
            for row in block.rows:
                checked = None
                if status is not None and status < len(row.cells):
                    cell = row.cells[status]
                    checked = bool(_DONE.search(cell)) and not _NOT_DONE.search(cell)
                _add_checkpoint(doc, row.line, " | ".join(row.cells), checked, out)
        elif isinstance(block, ListBlock):
            for item in block.items:
                _add_checkpoint(doc, item.line, item.text, item.checked, out)
        elif isinstance(block, Paragraph):
            for offset, text in enumerate(block.inline.text.split("\n")):
                _add_checkpoint(doc, block.line + offset, text, None, out)


def _add_checkpoint(
    doc: Document, line: int, text: str, checked: bool | None, out: list[Checkpoint]
) -> None:
    dates = find_dates(text)
    if not dates:
        return
    start, _end, when = dates[0]
    label = text[:start].strip(" |:—–-*") or text.split("|", 1)[0].strip(" *")
    source = doc.line_text(line)
    link = _LINK.search(source)
    done = checked is True
    if checked is None:
        done = bool(_DONE_MARK.search(text)) and not _NOT_DONE.search(text)
    out.append(
        Checkpoint(
            line=line,
            label=" ".join(label.split())[:80] or when.isoformat(),
            date=when.isoformat(),
            done=done,
            link=(link.group(1) or link.group(0)) if link else None,
        )
    )
