"""Action items from tables, lists with labelled fields, checklists and tier headings.

Columns come in any order and under many names (Assignee/Owner, Deadline/Due,
"Done when"/Exit criteria); list items carry fields as nested `Owner: …` items or
inline `(owner: …, due: …)`; a sub-heading "Tier 1 — systemic fixes" gives the tier of
the items below it.
"""

from __future__ import annotations

import re

from pmlint.document.model import Document, ListItem, Paragraph, Section, Table
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.wordalt import one_of
from pmlint.views.actionforms import link_references, prose_items
from pmlint.views.actionitem import (
    MENTION,
    ActionItem,
    set_field,
    trim,
)
from pmlint.views.actionstate import DONE_WORDS as _DONE_WORDS
from pmlint.views.actionstate import is_done_heading, read_state
from pmlint.views.common import SPACES, cached_view, iter_items
from pmlint.views.tracking import find_tracking

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "action": (
        "action",
        "action item",
        "item",
        "description",
        "task",
        "what",
        "remediation",
        "fix",
        "change",
        "summary",
        "title",
        "action items",
    ),
    "tier": ("tier", "leverage", "level"),
    "owner": (
        "owner",
        "owners",
        "assignee",
        "assigned to",
        "responsible",
        "who",
        "dri",
        "owned by",
        "lead",
    ),
    "due": (
        "due",
        "due date",
        "deadline",
        "target date",
        "by when",
        "eta",
        "target",
        "due by",
        "date",
    ),
    "exit_criteria": (
        "exit criteria",
        "done when",
        "success criteria",
        "definition of done",
        "acceptance criteria",
        "verification",
        "exit criterion",
        "success metric",
        "measure of success",
    ),
    "tracking": ("ticket", "issue", "bug", "tracking", "link", "jira", "tracker", "pr"),
    "type": ("type", "category", "kind"),
    "status": ("status", "state", "done"),
    "priority": ("priority", "pri"),
}
_LABEL_TO_FIELD = {label: name for name, labels in FIELD_NAMES.items() for label in labels}
_LABELS = sorted(_LABEL_TO_FIELD, key=len, reverse=True)


_LABEL_RE = lazy(
    r"(?:(?<=^)|(?<=[\s(\[|;,—–-]))(" + one_of(_LABELS) + r")\s*[:=]\s*",
    re.IGNORECASE,
)
_TIER = compiled(r"\btier[\s:_-]*([^\s|)\]*,.;:—–-]*)", re.IGNORECASE)
# "**HIGH** Automate …", "[P1] Add …", "P2: …": a priority written before the action.
_PRIORITY_LEAD = compiled(
    r"^\s*(?:\[\s*(?i:(P[0-4]|high|medium|low|critical|urgent))\s*\]"
    r"|(P[0-4]|HIGH|MEDIUM|LOW|CRITICAL|URGENT)(?![\w-]))\s*[:\-–—]?\s*"
)
# "(Alice)", "(@bob)", "(Platform Team)" closing an item: its owner. "(Done)": its status.
_PAREN_TAIL = lazy(r"\(\s*([^()\n]{2,40}?)\s*\)[\s.;]*$")
_NAME_WORD = lazy(r"^(?:@[\w.-]+|[A-Z][\w'.-]*|and|&|/|of)$")
_NOT_OWNERS = _DONE_WORDS | {
    "tbd",
    "wip",
    "todo",
    "optional",
    "ongoing",
    "in progress",
    "blocked",
    "pending",
    "urgent",
    "high",
    "medium",
    "low",
    "critical",
    "short term",
    "long term",
    "medium term",
    "later",
    "soon",
    "next",
    "maybe",
    "stretch",
    "n/a",
    "none",
    "pr",
    "mr",
    "rfc",
    "issue",
    "issues",
    "link",
    "ticket",
    "bug",
    "docs",
    "draft",
    "here",
    "github",
    "gitlab",
    "jira",
    "discussion",
    "thread",
}
# Markup and punctuation around a value: `^[\s*_`|:;,.—–-]+` and `[\s*_`|:;,(—–-]+$`, for
# `str.lstrip` and `str.rstrip`.
_TIER_HEADING = compiled(r"\btier\s*([0-9]+)\b", re.IGNORECASE)
_EMPTY_BRACKETS = compiled(r"\(\s*\)|\[\s*\]")


@cached_view("actions")
def action_items(doc: Document) -> list[ActionItem]:
    items: list[ActionItem] = []
    for section in doc.outermost_of("action_items"):
        if _advice(section):
            continue  # "Node operators should …": advice to readers, not the team's work
        start = len(items)
        _collect_section(section, items, None, doc.lines)
        items[start:] = [item for item in items[start:] if not _not_an_item(item)]
        if len(items) == start:
            items.extend(prose_items(section))
        done_heading = is_done_heading(section.title)
        for item in items[start:]:
            read_state(item, doc.lines, done_heading)
    link_references(items, doc.lines, doc.text)
    return items


# The opening paragraph of a list written for readers rather than for the team.
_ADVICE = lazy(
    r"(?=[cmnoruwy])"  # each alternative's first letter: other positions are passed over
    r"\b(?:operators|users|customers|you|readers|maintainers|node\s+runners)\s+"
    r"(?:should|must|need\s+to|are\s+(?:advised|encouraged))\b|\bwe\s+(?:recommend|advise)\b",
    re.IGNORECASE,
)
_INTRO_OWNER = lazy(
    r"\b(?:for\s+((?:[A-Z][\w.-]*\s*){1,4}?)\s+to\s+(?:implement|do|own|handle|drive|deliver)"
    r"|(?:owned|led|driven)\s+by\s+((?:[A-Z@][\w.-]*\s*){1,4}))"
)
_NOTHING = {"n/a", "na", "none", "nothing", "-", "—", "tbd", "none yet"}


def _advice(section: Section) -> bool:
    first = next((b for b in section.blocks if isinstance(b, Paragraph)), None)
    return first is not None and bool(_ADVICE.search(first.inline.text))


def _not_an_item(item: ActionItem) -> bool:
    """ "N/A", or a bullet carrying on the sentence of the one above ("as well as …")."""
    text = item.action.strip().strip(".").lower()
    if text in _NOTHING:
        return True
    return text.startswith(("as well as ", "and ", "also ", "plus "))


def _collect_section(
    section: Section, out: list[ActionItem], tier: str | None, lines: list[str]
) -> None:
    heading_tier = _TIER_HEADING.search(section.title)
    if heading_tier:
        tier = heading_tier.group(1)
    intro: str | None = None  # "Tracked in #631:" before a list: its items' ticket
    owner: str | None = None  # "… for Interchain Labs to implement:": its items' owner
    for block in section.blocks:
        if isinstance(block, Table):
            _collect_table(block, out, tier, lines)
        elif isinstance(block, Paragraph):
            intro = find_tracking(_source(lines, block.line, block.end_line))
            named = _INTRO_OWNER.search(block.inline.text)
            owner = (named.group(1) or named.group(2)).strip() if named else None
            continue
        else:
            for item in iter_items([block]):
                read = _from_item(item, tier, lines)
                if read.tracking is None and intro is not None:
                    read.tracking = intro
                if read.owner is None and owner is not None:
                    set_field(read, "owner", owner, block.line)
                out.append(read)
        intro = owner = None
    for child in section.children:
        if child.own_kind in (None, "action_items"):
            _collect_section(child, out, tier, lines)


def _source(lines: list[str], first: int, last: int) -> str:
    """Source lines first..last (1-based): link targets live only there."""
    return "\n".join(lines[max(first, 1) - 1 : min(last, len(lines))])


def _collect_table(table: Table, out: list[ActionItem], tier: str | None, lines: list[str]) -> None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        label = " ".join(cell.replace("*", "").lower().replace("_", " ").split()).rstrip(":")
        name = _LABEL_TO_FIELD.get(label) or _fuzzy_column(label)
        if name and name not in columns:
            columns[name] = index
    if "action" not in columns:
        free = [i for i in range(len(table.header)) if i not in columns.values()]
        if not free:
            return
        columns["action"] = free[0]
    for row in table.rows:
        item = ActionItem(row.line, "table", "", tier=tier)
        for name, index in columns.items():
            value = row.cells[index].strip() if index < len(row.cells) else ""
            set_field(item, name, value, row.line)
        if not item.action and not any(item.fields.values()):
            continue
        if item.tracking is None:
            item.tracking = find_tracking(_source(lines, row.line, row.line))
        out.append(item)


def _fuzzy_column(label: str) -> str | None:
    for name, labels in FIELD_NAMES.items():
        if any(label.startswith(candidate + " ") for candidate in labels):
            return name
    return None


def _from_item(item: ListItem, tier: str | None, lines: list[str]) -> ActionItem:
    form = "checklist" if item.checked is not None else "list"
    result = ActionItem(item.line, form, "", tier=tier, done=item.checked)
    first, *rest = item.text.split("\n") if item.text else [""]
    action = _read_labels(result, first, item.line)
    for offset, line_text in enumerate(rest, start=1):  # soft-broken field lines
        leftover = _read_labels(result, line_text, item.line + offset)
        if leftover and leftover == line_text.strip():
            action = f"{action} {leftover}".strip()
    for child in item.children:
        _read_labels(result, child.text, child.line)
    tier_match = _TIER.search(action) if _may_hold_tier(action) else None
    if tier_match:
        set_field(result, "tier", tier_match.group(1) or "", item.line)
        action = (action[: tier_match.start()] + action[tier_match.end() :]).strip()
    action = _paren_tail(result, action, item.line)
    priority = _PRIORITY_LEAD.match(action)
    if priority and action[priority.end() :].strip():
        set_field(result, "priority", priority.group(1) or priority.group(2), item.line)
        action = action[priority.end() :]
    if result.owner is None:
        mention = MENTION.search(item.text) if "@" in item.text else None
        if mention:
            set_field(result, "owner", mention.group(0), item.line)
    if result.tracking is None:
        source = _source(lines, item.line, item.end_line)
        result.tracking = find_tracking(source or item.text)
    if "(" in action or "[" in action:
        action = _EMPTY_BRACKETS.sub("", action)
    result.action = trim(action)
    return result


def _paren_tail(item: ActionItem, action: str, line: int) -> str:
    """Read a closing "(Alice)" as the owner and "(Done)" as the status; return the rest."""
    found = _PAREN_TAIL.search(action) if ")" in action else None
    if found is None:
        return action
    inner = found.group(1).strip()
    folded = " ".join(inner.lower().replace("-", " ").split())
    if folded in _DONE_WORDS:
        if item.done is None:
            item.done = True
        return action[: found.start()]
    if item.owner is not None or folded in _NOT_OWNERS or find_tracking(inner):
        return action
    words = inner.split()
    if len(words) <= 4 and all(_NAME_WORD.match(word) for word in words):
        set_field(item, "owner", inner, line)
        return action[: found.start()]
    return action


def _read_labels(item: ActionItem, text: str, line: int) -> str:
    """Take `Label: value` pairs out of `text`; return what is left (the action)."""
    if ":" not in text and "=" not in text:
        return text.strip()  # no `Label: value` pair without its colon (or `=`)
    matches = _labels_in(text)
    if not matches:
        return text.strip()
    kept = [text[: matches[0].start()]]
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : stop]
        closing = value.find(")")
        if closing >= 0 and "(" not in value[:closing]:
            kept.append(value[closing + 1 :])
            value = value[:closing]
        name = _LABEL_TO_FIELD.get(match.group(1).lower())
        if name is None:  # matched only through Unicode case folding ("İssue:"): not a label
            kept.append(match.group(0) + value)
            continue
        if name == "action":
            kept.append(value)
            continue
        set_field(item, name, trim(value), line)
    return trim(" ".join(part.strip() for part in kept if part.strip()))


def _may_hold_tier(text: str) -> bool:
    """Whether `_TIER` (case-insensitive, so "ı" and "İ" count as "i") can match in `text`."""
    return "tier" in text.lower() or "\u0130" in text or "\u0131" in text


_LABEL_MAX = max(len(label) for label in _LABELS)


def _labels_in(text: str) -> list[re.Match[str]]:
    """`list(_LABEL_RE.finditer(text))`, with the regex asked only just before a ":" or "=".

    Every label ends a few spaces before its ":" or "=" and holds neither, so the leftmost
    match after `pos` starts at most `_LABEL_MAX` characters (and the spaces) before the next
    one: a search bounded by it finds the match's start, then a match from there gives the
    whole of it (the spaces after the ":" included). Searching the whole text instead tries
    every label at every position.
    """
    found: list[re.Match[str]] = []
    pos = 0
    colon = text.find(":")
    equals = text.find("=")
    while colon >= 0 or equals >= 0:
        mark = colon if equals < 0 or 0 <= colon < equals else equals
        before = mark
        while before > pos and text[before - 1] in SPACES:
            before -= 1
        match = _LABEL_RE.search(text, max(pos, before - _LABEL_MAX), mark + 1)
        if match is not None and (match := _LABEL_RE.match(text, match.start())) is not None:
            found.append(match)
            pos = match.end()
        else:
            pos = mark + 1
        if 0 <= colon < pos:
            colon = text.find(":", pos)
        if 0 <= equals < pos:
            equals = text.find("=", pos)
    return found
