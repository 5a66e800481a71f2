"""General primitives for rules users write themselves, and for loose profiles.

Each one asks a question any team can put to its own template, without code:

- `phrase_required`: a section says something (a regular expression or one of some words);
- `field_required`: a section's table has a column, or each of its list items a field;
- `min_items`: a section holds at least so many timeline entries, action items or items;
- `action_item_any_field`: each action item has at least one of some fields (an owner
  or a tracking link), reported per item or once per section.

The required section itself is `section_required` (structure.py); forbidden phrases are
`phrase_forbidden` (language.py); a field's value pattern is `action_item_field`'s
`pattern` (actions.py). Regular expressions are checked when the rule file is loaded
and compiled once (lru_cache on the pattern text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.checks.language import compiled_patterns, lines_of_kind, phrase_regex
from pmlint.document.headings import normalise_heading
from pmlint.document.model import Document, ListItem, Section, Table
from pmlint.util.recache import compiled
from pmlint.views.actions import ActionItem, action_items
from pmlint.views.common import iter_items, snippet
from pmlint.views.timeline import timeline_entries

if TYPE_CHECKING:
    from pmlint.checks.options.generic import (
        AnyFieldOptions,
        FieldRequiredOptions,
        MinItemsOptions,
        PhraseRequiredOptions,
    )


__all__ = ["action_item_any_field", "field_required", "min_items", "phrase_required"]


def _label(kind: str, label: str) -> str:
    return label or kind.replace("_", " ")


def _top_sections(doc: Document, kind: str) -> list[Section]:
    """Sections naming `kind` that are not inside another section of that kind."""
    return doc.outermost_of(kind)


def _inside(section: Section) -> tuple[int, int]:
    return section.line, section.end_line


# --- phrase_required ---------------------------------------------------------------------------


@check("phrase_required", "pmlint.checks.options.generic:PhraseRequiredOptions")
def phrase_required(doc: Document, options: PhraseRequiredOptions) -> Iterator[Hit]:
    """Each section of `kind` says one of `words` or matches one of `patterns`.

    A document without such a section is left to `section_required`.
    """
    regexes = list(compiled_patterns(tuple(options.patterns)))
    joined = phrase_regex(tuple(options.words))
    if joined is not None:
        regexes.append(joined)
    if not regexes:
        return
    sections = _top_sections(doc, options.kind)
    if not sections:
        return
    spans = [_inside(s) for s in sections]
    found = [False] * len(sections)
    for entry in lines_of_kind(doc, options.kind):
        if entry.form == "heading":
            continue
        for index, (first, last) in enumerate(spans):
            if (
                not found[index]
                and first <= entry.line <= last
                and any(regex.search(entry.text) for regex in regexes)
            ):
                found[index] = True
    expected = options.expected or ", ".join(
        [repr(w) for w in options.words] + [f"/{p}/" for p in options.patterns]
    )
    for section, ok in zip(sections, found, strict=True):
        if not ok:
            args = {
                "section": section.title,
                "kind": _label(options.kind, options.label),
                "expected": expected,
            }
            yield Hit(section.line, args, needle=section.title)


# --- field_required ----------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _label_regex(names: tuple[str, ...]) -> re.Pattern[str]:
    parts = sorted({r"\s+".join(map(re.escape, n.split())) for n in names}, key=len, reverse=True)
    return compiled(
        r"(?:^|[\s(\[|;,])(?:\*\*|__)?(?:" + "|".join(parts) + r")(?:\*\*|__)?\s*[:=]\s*\S",
        re.IGNORECASE,
    )


def _has_label(item: ListItem, regex: re.Pattern[str]) -> bool:
    if regex.search(item.text):
        return True
    return any(regex.search(child.text) for child in item.children)


@check("field_required", "pmlint.checks.options.generic:FieldRequiredOptions")
def field_required(doc: Document, options: FieldRequiredOptions) -> Iterator[Hit]:
    """Tables in sections of `kind` have the column; their list items carry the field."""
    names = options.names or [options.field]
    wanted = {normalise_heading(n) for n in names}
    regex = _label_regex(tuple(n.strip() for n in names if n.strip()))
    for section in doc.sections_in(options.kind):
        args = {"field": options.field, "section": section.title or options.kind}
        for block in section.blocks:
            if isinstance(block, Table):
                if options.tables and not any(
                    normalise_heading(cell) in wanted for cell in block.header
                ):
                    yield Hit(block.line, {**args, "item": "the table"})
                continue
            if not options.lists:
                continue
            for item in iter_items([block]):
                if item.text.strip() and not _has_label(item, regex):
                    label = snippet(item.text.split("\n", 1)[0], 50)
                    yield Hit(item.line, {**args, "item": f"'{label}'"})


# --- min_items ---------------------------------------------------------------------------------


def _count_items(section: Section) -> int:
    count = 0
    for sub in section.walk():
        for block in sub.blocks:
            if isinstance(block, Table):
                count += sum(1 for row in block.rows if any(c.strip() for c in row.cells))
            else:
                count += sum(1 for item in iter_items([block]) if item.text.strip())
    return count


@check("min_items", "pmlint.checks.options.generic:MinItemsOptions")
def min_items(doc: Document, options: MinItemsOptions) -> Iterator[Hit]:
    """The section of `kind` holds at least `min` entries / action items / items.

    Counted over the whole document (every section of the kind together); a document
    without the section is left to `section_required`.
    """
    kind = options.kind or ("list_items" if options.of == "list_items" else options.of)
    sections = _top_sections(doc, kind)
    if not sections:
        return
    if options.of == "timeline":
        count = len(timeline_entries(doc))
        what = "timeline entries"
    elif options.of == "action_items":
        count = len(action_items(doc))
        what = "action items"
    else:
        count = sum(_count_items(s) for s in sections)
        what = "items"
    if count < options.min:
        args = {
            "count": count,
            "min": options.min,
            "what": what,
            "section": sections[0].title,
            "kind": _label(kind, options.label),
        }
        yield Hit(sections[0].line, args, needle=sections[0].title)


# --- action_item_any_field ---------------------------------------------------------------------


def _described(fields: list[str]) -> str:
    words = [f.replace("_", " ") for f in fields]
    words = ["tracking link" if w == "tracking" else w for w in words]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


@check("action_item_any_field", "pmlint.checks.options.generic:AnyFieldOptions")
def action_item_any_field(doc: Document, options: AnyFieldOptions) -> Iterator[Hit]:
    """Each action item has at least one of `fields` (an owner, or a tracking link)."""
    fields = _described(options.fields)
    missing: list[ActionItem] = []
    total = 0
    for item in action_items(doc):
        if options.skip_done and item.done:
            continue
        total += 1
        if any((item.get(name) or "").strip() for name in options.fields):
            continue
        missing.append(item)
    if not missing:
        return
    if options.per == "item":
        for item in missing:
            label = snippet(item.action or "(untitled)", 50)
            args = {"action": label, "fields": fields, "count": 1, "total": total, "more": ""}
            yield Hit(item.line, args, needle=item.action[:30] or None)
        return
    first = missing[0]
    heading = _heading_above(doc, first.line)
    args = {
        "action": snippet(first.action or "(untitled)", 50),
        "fields": fields,
        "count": len(missing),
        "total": total,
        "more": f" (nor do {len(missing) - 1} more of the {total})" if len(missing) > 1 else "",
    }
    if heading is not None:
        yield Hit(heading.line, args, needle=heading.title)
    else:
        yield Hit(first.line, args)


def _heading_above(doc: Document, line: int) -> Section | None:
    """The outermost action-items section holding `line`."""
    for section in _top_sections(doc, "action_items"):
        if section.line <= line <= section.end_line:
            return section
    return None
