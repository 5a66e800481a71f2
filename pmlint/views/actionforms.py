"""Action items written without list markup, and action tables outside their section.

Templates written as field lines ("**Impact**: …", "**Root Causes**: …") often follow
them with a table of actions and no heading over it. A table is read as action items
when its header names the action and one of the columns that only action tables have.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.document.model import Document, ListBlock, Paragraph, Section, Table
from pmlint.views.actionitem import MENTION, ActionItem, set_field, trim

_ACTION = {"action", "actions", "action item", "action items", "task", "tasks", "follow up"}
_ACTION_ONLY = {
    "owner",
    "owners",
    "assignee",
    "bug",
    "ticket",
    "issue",
    "due",
    "due date",
    "type",
    "status",
    "priority",
    "tracking",
}


def _cells(table: Table) -> set[str]:
    return {
        " ".join(cell.replace("*", "").replace("-", " ").lower().split()).rstrip(":")
        for cell in table.header
    }


def is_action_table(table: Table) -> bool:
    """A header with an action column and an owner, bug, status or due column."""
    cells = _cells(table)
    return bool(cells & _ACTION) and bool(cells & _ACTION_ONLY)


def stray_action_tables(doc: Document) -> Iterator[Table]:
    """Action tables in sections of no kind (or in the preamble)."""
    for section in [doc.root, *doc.sections]:
        if section.kind is not None:
            continue
        for block in section.blocks:
            if isinstance(block, Table) and is_action_table(block):
                yield block


def prose_items(section: Section) -> list[ActionItem]:
    """Items written without list markup: one per heading below, else one per line."""
    found: list[ActionItem] = []
    for child in section.children:
        if child.own_kind is None and not any(
            isinstance(b, (Table, ListBlock)) for b in child.blocks
        ):
            item = ActionItem(child.line, "heading", "")
            found.append(item)
            mention = MENTION.search(child.title) if "@" in child.title else None
            if mention:
                set_field(item, "owner", mention.group(0), child.line)
            item.action = trim(MENTION.sub("", child.title)) if mention else trim(child.title)
    if found:
        return found
    for paragraph in (b for b in section.blocks if isinstance(b, Paragraph)):
        lines = paragraph.inline.text.split("\n")
        if len(lines) < 2:
            continue  # a paragraph of prose, not a column of items
        for offset, text in enumerate(lines):
            if len(text.split()) >= 3 and not text.rstrip().endswith(":"):
                found.append(ActionItem(paragraph.line + offset, "line", trim(text)))
    return found
