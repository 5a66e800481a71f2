"""Action-item primitives: fields, due dates, tiers and their order, duplicates, vague verbs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.checks.language import compiled_patterns
from pmlint.document.model import Document, Section
from pmlint.document.timeparse import parse_date, parse_time
from pmlint.util.lazyre import LazyPattern, lazy
from pmlint.util.recache import compiled
from pmlint.util.saferegex import TimedPattern, compile_option, trusted
from pmlint.views.actions import ActionItem, action_items
from pmlint.views.common import snippet

if TYPE_CHECKING:
    from pmlint.checks.options import Options
    from pmlint.checks.options.actions import (
        DueDateOptions,
        FieldOptions,
        TierOnlyOptions,
        TierOptions,
        VagueOptions,
    )


_PUNCT = compiled(r"[\s*_`.:;!()\[\]]+")


def action_label(item: ActionItem) -> str:
    return snippet(item.action or "(untitled)", 50)


def _is_placeholder(value: str, placeholders: list[str]) -> bool:
    folded = _PUNCT.sub(" ", value.lower()).strip()
    return (
        folded == ""
        or folded in _folded_placeholders(tuple(placeholders))
        or (value.strip() in placeholders)
    )


@lru_cache(maxsize=64)
def _folded_placeholders(placeholders: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p.lower().strip() for p in placeholders)


@check("action_item_field", "pmlint.checks.options.actions:FieldOptions")
def action_item_field(doc: Document, options: FieldOptions) -> Iterator[Hit]:
    """Every action item has the field, not a placeholder, matching `pattern` if given."""
    pattern = compiled_patterns((options.pattern,))[0] if options.pattern else None
    for item in action_items(doc):
        if options.skip_done and item.done:
            continue
        value = item.get(options.field)
        if value is None or _is_placeholder(value, options.placeholders):
            yield Hit(
                item.lines.get(options.field, item.line),
                _field_args(item, options.field, value or ""),
                needle=value or item.action[:30] or None,
            )
        elif pattern is not None and not pattern.search(value):
            yield Hit(
                item.lines.get(options.field, item.line),
                _field_args(item, options.field, value),
                needle=value,
            )


def _field_args(item: ActionItem, field: str, value: str) -> dict[str, str]:
    """Message arguments of `action_item_field`, built only for an item that fails."""
    return {"action": action_label(item), "field": field.replace("_", " "), "value": value}


@check("action_items_all_tier", "pmlint.checks.options.actions:TierOnlyOptions")
def action_items_all_tier(doc: Document, options: TierOnlyOptions) -> Iterator[Hit]:
    """The action items are all of one tier (by default all Tier 3: process only)."""
    items = action_items(doc)
    if items and all(item.tier_number == options.tier for item in items):
        heading = _actions_heading(doc)
        yield Hit(
            heading.line if heading else items[0].line, {"tier": options.tier, "count": len(items)}
        )


def _actions_heading(doc: Document) -> Section | None:
    found = doc.sections_of("action_items")
    return found[0] if found else None


@check("action_items_listed", "pmlint.checks.options:Options")
def action_items_listed(doc: Document, options: Options) -> Iterator[Hit]:
    """An action-items section exists but no item can be read from it (prose, "none", empty)."""
    heading = _actions_heading(doc)
    if heading is not None and not action_items(doc):
        yield Hit(heading.line, {"section": heading.title}, needle=heading.title)


@check("action_item_due_date", "pmlint.checks.options.actions:DueDateOptions")
def action_item_due_date(doc: Document, options: DueDateOptions) -> Iterator[Hit]:
    """A due date that is written must be a calendar date on or after the incident date."""
    items = action_items(doc)
    if not any(item.due for item in items):
        return
    incident = parse_date(doc.metadata.date) if doc.metadata.date else None
    for item in items:
        due = item.due
        if not due or _is_placeholder(due, options.placeholders):
            continue
        if options.skip_done and item.done:
            continue
        parsed = parse_date(due)
        problem = ""
        if parsed is None:
            spec = parse_time(due)
            if spec is not None and spec.kind == "date":
                problem = "it has no year"
            else:
                problem = "it is not a date"
        elif incident is not None and parsed < incident:
            problem = f"it is before the incident on {incident.isoformat()}"
        if problem:
            yield Hit(
                item.lines.get("due", item.line),
                {"action": action_label(item), "due": due, "problem": problem},
                needle=due,
            )


# One `\W*` when there is no "tier": two in a row split a run of punctuation every way.
_TIER_VALUE = compiled(r"^\W*(?:(?:tier|t)\W*)?([0-9]{1,3})(?![0-9])", re.IGNORECASE)


def tier_of(item: ActionItem, options: TierOptions) -> int | None:
    """The tier as a number ("1", "**Tier 2**", "T3", an alias), or None when unreadable."""
    if not item.tier:
        return None
    found = _TIER_VALUE.match(item.tier)
    if found:
        return int(found.group(1))
    folded = " ".join(_PUNCT.sub(" ", item.tier.lower()).split())
    for alias, tier in options.aliases.items():
        if folded == alias.lower() or folded.startswith(alias.lower() + " "):
            return tier
    return None


@check("action_item_tier", "pmlint.checks.options.actions:TierOptions")
def action_item_tier(doc: Document, options: TierOptions) -> Iterator[Hit]:
    """Every action item has a tier, and the tier is one of `tiers`."""
    allowed = ", ".join(str(t) for t in options.tiers)
    for item in action_items(doc):
        tier = tier_of(item, options)
        if tier is not None and tier in options.tiers:
            continue
        problem = (
            "no tier" if not item.tier else f"tier '{item.tier}', which is not one of {allowed}"
        )
        yield Hit(
            item.lines.get("tier", item.line),
            {"action": action_label(item), "problem": problem, "tiers": allowed},
            needle=item.tier or item.action[:30] or None,
        )


@check("action_items_ranked", "pmlint.checks.options.actions:TierOptions")
def action_items_ranked(doc: Document, options: TierOptions) -> Iterator[Hit]:
    """Items are listed in tier order (`tiers` gives the order); reports the first misplaced."""
    rank = {tier: index for index, tier in enumerate(options.tiers)}
    worst: tuple[int, int, ActionItem] | None = None  # (rank, tier, item) of the lowest so far
    for item in action_items(doc):
        tier = tier_of(item, options)
        if tier is None or tier not in rank:
            continue
        if worst is not None and rank[tier] < worst[0]:
            yield Hit(
                item.lines.get("tier", item.line),
                {
                    "action": action_label(item),
                    "tier": tier,
                    "previous": worst[1],
                    "previous_line": worst[2].line,
                },
                needle=item.tier,
            )
            return
        if worst is None or rank[tier] >= worst[0]:
            worst = (rank[tier], tier, item)


_WORDS = compiled(r"\w+")
# ASCII text takes a faster road to the same words: every character that is not a word
# character becomes a space (casefold() is lower() on ASCII).
_ASCII_NON_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)


def _normalised(text: str) -> str:
    """The words of `text`, case-folded, one space apart (punctuation dropped)."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split())
    return " ".join(_WORDS.findall(text.casefold()))


@check("action_items_duplicate", "pmlint.checks.options:Options")
def action_items_duplicate(doc: Document, options: Options) -> Iterator[Hit]:
    """Two items with the same action (case, spacing and punctuation ignored)."""
    first_seen: dict[str, ActionItem] = {}
    for item in action_items(doc):
        key = _normalised(item.action)
        if not key:
            continue
        earlier = first_seen.get(key)
        if earlier is None:
            first_seen[key] = item
            continue
        yield Hit(
            item.line,
            {"action": action_label(item), "first_line": earlier.line},
            needle=item.action[:30] or None,
        )


@lru_cache(maxsize=64)
def _vague_regexes(
    verbs: tuple[str, ...], measurable: tuple[str, ...], lead: str
) -> tuple[re.Pattern[str] | None, tuple[LazyPattern | TimedPattern, ...]]:
    opener = None
    if verbs:
        words = sorted(
            (r"\s+".join(map(re.escape, v.split())) for v in verbs), key=len, reverse=True
        )
        joined = r"^[\W_]*" + lead + r"(" + "|".join(words) + r")(?!\w)"
        opener = compile_option(joined, re.IGNORECASE, (lead,))
    checks = tuple(
        lazy(p, re.IGNORECASE) if trusted([p]) else TimedPattern(p, re.IGNORECASE)
        for p in measurable
    )
    return opener, checks


# `,\s*then|then`, not `,?\s*then`: two `\s*` in a row split a run of spaces every way.
_AND_THEN = lazy(r"\s*(?:and|&|,\s*then|then)\s+(?=\w)", re.IGNORECASE)


def _then_concrete(action: str, end: int, opener: re.Pattern[str]) -> bool:
    """ "Investigate and fix the leak": a concrete verb after the vague one settles it."""
    joined = _AND_THEN.match(action, end)
    return joined is not None and not opener.match(action[joined.end() :])


@check("action_item_vague", "pmlint.checks.options.actions:VagueOptions")
def action_item_vague(doc: Document, options: VagueOptions) -> Iterator[Hit]:
    """An action that opens with a vague verb needs exit criteria someone can check."""
    opener, checks = _vague_regexes(tuple(options.verbs), tuple(options.measurable), options.lead)
    if opener is None:
        return
    for item in action_items(doc):
        if item.done:
            continue  # finished work needs no finish line
        found = opener.match(item.action)
        if not found or _then_concrete(item.action, found.end(), opener):
            continue
        criteria = item.exit_criteria or ""
        placeholder = not criteria or _is_placeholder(criteria, options.placeholders)
        if not placeholder and any(check.search(criteria) for check in checks):
            continue
        verb = " ".join(found.group(1).split())
        yield Hit(
            item.line,
            {
                "action": action_label(item),
                "verb": verb,
                "criteria": (
                    f"its exit criteria ('{criteria}') cannot be checked"
                    if criteria
                    else "has no exit criteria"
                ),
            },
            needle=found.group(1),
        )
