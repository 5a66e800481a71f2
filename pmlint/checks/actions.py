"""Action-item primitives: required fields, placeholder values, tier mix."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import field_validator

from pmlint.checks import Hit, Options, check
from pmlint.model import Document
from pmlint.views.actions import ActionItem, action_items
from pmlint.views.common import snippet

_PUNCT = re.compile(r"[\s*_`.:;!()\[\]]+")


def action_label(item: ActionItem) -> str:
    return snippet(item.action or "(untitled)", 50)


class FieldOptions(Options):
    field: str
    placeholders: list[str] = []
    pattern: str | None = None  # the value must match this regular expression
    skip_done: bool = False  # checked-off checklist items are exempt

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        return value


def _is_placeholder(value: str, placeholders: list[str]) -> bool:
    folded = _PUNCT.sub(" ", value.lower()).strip()
    return (
        folded == ""
        or any(folded == p.lower().strip() for p in placeholders)
        or (value.strip() in placeholders)
    )


@check("action_item_field", FieldOptions)
def action_item_field(doc: Document, options: FieldOptions) -> Iterator[Hit]:
    """Every action item has the field, not a placeholder, matching `pattern` if given."""
    pattern = re.compile(options.pattern) if options.pattern else None
    for item in action_items(doc):
        if options.skip_done and item.done:
            continue
        value = item.get(options.field)
        args = {"action": action_label(item), "field": options.field.replace("_", " ")}
        if value is None or _is_placeholder(value, options.placeholders):
            yield Hit(
                item.lines.get(options.field, item.line),
                {**args, "value": value or ""},
                needle=value or item.action[:30] or None,
            )
        elif pattern is not None and not pattern.search(value):
            yield Hit(
                item.lines.get(options.field, item.line), {**args, "value": value}, needle=value
            )


class TierOnlyOptions(Options):
    tier: int = 3


@check("action_items_all_tier", TierOnlyOptions)
def action_items_all_tier(doc: Document, options: TierOnlyOptions) -> Iterator[Hit]:
    """The action items are all of one tier (by default all Tier 3: process only)."""
    items = action_items(doc)
    if items and all(item.tier_number == options.tier for item in items):
        heading = next((s for s in doc.sections if s.own_kind == "action_items"), None)
        yield Hit(
            heading.line if heading else items[0].line, {"tier": options.tier, "count": len(items)}
        )
