"""Action items written without list markup: one per sub-heading, or one per line."""

from __future__ import annotations

from pmlint.document.model import ListBlock, Paragraph, Section, Table
from pmlint.util.recache import compiled
from pmlint.views.actionitem import MENTION, ActionItem, set_field, trim
from pmlint.views.tracking import find_tracking

# A line that stands as an item: it opens with a capital or a number and ends a sentence
# or a phrase (not a comma or a word that carries on to the next line).
_ITEM_LINE = compiled(r"^\s*[A-Z0-9](?!.*(?:[,;]|\b(?:and|or|the|to|a|of))\s*$)")


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
        if len(lines) < 2 or not all(_ITEM_LINE.match(line) for line in lines):
            continue  # a paragraph of prose (wrapped lines), not a column of items
        for offset, text in enumerate(lines):
            if len(text.split()) >= 3 and not text.rstrip().endswith(":"):
                found.append(ActionItem(paragraph.line + offset, "line", trim(text)))
    return found


_REF_DEF = compiled(r"^ {0,3}\[([^\]]{1,80})\]:\s*<?(\S+?)>?(?:\s|$)")
_REF_USE = compiled(r"\[([^\]]{1,80})\](?:\[([^\]]{0,80})\])?")


def link_references(items: list[ActionItem], lines: list[str], text: str) -> None:
    """Tracking links written as reference links (`[the issue][alerting-issue]`, with
    `[alerting-issue]: https://…` at the end of the document); `text` is the whole source,
    whose `lines` these are (a definition holds "]:", looked for in it at once)."""
    pending = [item for item in items if item.tracking is None]
    if not pending or "]:" not in text:
        return
    targets: dict[str, str] = {}
    for line in lines:
        found = _REF_DEF.match(line) if "]:" in line else None  # a definition holds "]:"
        if found:
            targets.setdefault(" ".join(found.group(1).lower().split()), found.group(2))
    for item in pending:
        source = lines[item.line - 1] if 0 < item.line <= len(lines) else ""
        for use in _REF_USE.finditer(source):
            label = " ".join((use.group(2) or use.group(1)).lower().split())
            tracking = find_tracking(targets.get(label, ""))
            if tracking:
                item.tracking = tracking
                break
