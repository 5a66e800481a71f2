"""Sections people write without a heading: a bold line standing alone ("**Timeline**"),
a list item opening with a bold label ("- **Impact**: …"), a day heading under a timeline.

The parser's builder asks these when a block could be a section; they name a kind through
the profile's `SectionMatcher`, so only what reads as a known section becomes one.
"""

from __future__ import annotations

from collections.abc import Callable

from pmlint.document.headings import SectionMatcher, normalise_heading
from pmlint.document.model import Inline, ListBlock, ListItem, Paragraph, Section, Table
from pmlint.document.timeparse import leading_time
from pmlint.util.lazyre import lazy

PSEUDO_HEADING_MAX = 80
PSEUDO_LOOSE_WORDS = 4  # a longer bold line must be mostly the synonym to be a heading
# A heading written as plain text: words only ("Action Items", "_Lessons learned_:").
_LABEL_TEXT = lazy(r"^[\s*_]*[^\W\d_][\w\s'’&/,-]*?[\s*_:]*$")
# "- **Impact**: …" / "- **Review actions:**": a list item that opens with a bold label.
_PLAIN_ITEM_LABEL = lazy(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+([A-Za-z][A-Za-z '/&-]{1,38}?)\s*:\s+\S")
_ITEM_LABEL = lazy(
    r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(\*\*|__)([^*_\n]{1,40}?)(:?)\1(:?)(.*)$"
)


def pseudo_heading(
    block: Paragraph, stack: list[Section], matcher: SectionMatcher, line_count: int
) -> Section | None:
    """A bold line standing alone ("**Timeline**") is a heading if it names a kind."""
    text = block.inline.text.strip()
    if block.line != block.inline.end_line or len(text) > PSEUDO_HEADING_MAX:
        return None
    norm = normalise_heading(text)
    if not block.inline.strong and not (
        # "Action Items" or "_Lessons learned_" alone on a line: a heading written as
        # text, taken only when it is exactly a section's name.
        len(norm.split()) <= 6 and _LABEL_TEXT.match(text) and matcher.is_exact(norm, literal=True)
    ):
        return None
    kind, covered = matcher.match_words(norm)
    words = norm.count(" ") + 1
    if kind is None or (words > PSEUDO_LOOSE_WORDS and covered * 2 < words):
        return None  # a bold sentence that mentions a kind is not a heading
    real = next(s for s in reversed(stack) if not s.pseudo)
    return Section(
        title=text.rstrip(":").strip(),
        norm=norm,
        level=real.level + 1,
        line=block.line,
        end_line=line_count,
        own_kind=kind,
        pseudo=True,
    )


# "**Impact**: …", "**Impact:** …", "__Root causes__: …" opening a line of a paragraph;
# also a plain "Impact: …" when the label is exactly a section's name.
_FIELD = lazy(r"^\s*(\*\*|__)([^*_\n]{1,40}?)(?::\s*\1|\1\s*:|\1\s*$)\s*(.*)$")
_PLAIN_FIELD = lazy(r"^\s*([A-Za-z][A-Za-z '/&-]{1,38}?)\s*:\s*(.*)$")


def field_sections(
    block: Paragraph, stack: list[Section], matcher: SectionMatcher, source: Callable[[int], str]
) -> tuple[list[Paragraph], list[Section]] | None:
    """See `_field_sections`; inside a section of a kind, only bold fields naming another
    kind count ("**The underlying issue**:" in a summary)."""
    within = stack[-1].kind
    found = _field_sections(block, stack, matcher, source, bold_only=within is not None)
    if found is None or within is None:
        return found
    if any(section.own_kind == within for section in found[1]):
        return None
    return found


def _field_sections(
    block: Paragraph,
    stack: list[Section],
    matcher: SectionMatcher,
    source: Callable[[int], str],
    bold_only: bool,
) -> tuple[list[Paragraph], list[Section]] | None:
    """A paragraph of `**Key**: value` lines: each key naming a kind is a section.

    Templates written as one block of field lines ("**Summary**: …", "**Impact**: …",
    "**Root Causes**: …") hold several sections in one paragraph. Each field naming a
    kind becomes a pseudo section holding its value (and the lines that follow it up to
    the next field); other lines stay paragraphs of the enclosing section. None when no
    line is such a field.
    """
    texts = block.inline.text.split("\n")
    proses = block.inline.prose.split("\n")
    if len(texts) != block.end_line - block.line + 1 or len(proses) != len(texts):
        return None
    real = next(s for s in reversed(stack) if not s.pseudo)
    parent = stack[-1]
    sections: list[Section] = []
    loose: list[tuple[int, str, str]] = []  # lines outside any field section
    current: Section | None = None
    values: dict[int, list[tuple[int, str, str]]] = {}
    for offset, (text, prose) in enumerate(zip(texts, proses, strict=True)):
        line = block.line + offset
        raw = source(line)
        found = _FIELD.match(raw)
        plain = None if found or bold_only else _PLAIN_FIELD.match(raw)
        label = found.group(2) if found else plain.group(1) if plain else None
        kind = None
        if label is not None:
            norm = normalise_heading(label)
            kind, covered = matcher.match_words(norm)
            if kind is not None and (
                (found is None and not matcher.is_exact(norm)) or covered * 2 < norm.count(" ") + 1
            ):
                kind = None
        if kind is not None and label is not None:
            current = Section(
                title=label.strip().rstrip(":").strip(),
                norm=normalise_heading(label),
                level=real.level + 1,
                line=line,
                end_line=line,
                own_kind=kind,
                kind=kind,
                parent=parent,
                pseudo=True,
            )
            sections.append(current)
            values[id(current)] = [(line, after_label(text, label), after_label(prose, label))]
        elif found is not None or (plain is not None and current is None):
            current = None
            loose.append((line, text, prose))
        elif current is not None:
            values[id(current)].append((line, text, prose))
            current.end_line = line
        else:
            loose.append((line, text, prose))
    if not sections:
        return None
    for section in sections:
        kept = [v for v in values[id(section)] if v[1].strip()]
        if kept:
            section.blocks.append(_paragraph(kept))
    runs: list[list[tuple[int, str, str]]] = []
    for entry in loose:
        if runs and runs[-1][-1][0] == entry[0] - 1:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return [_paragraph(run) for run in runs], sections


def _paragraph(lines: list[tuple[int, str, str]]) -> Paragraph:
    first, last = lines[0][0], lines[-1][0]
    text = "\n".join(t for _, t, _ in lines)
    prose = "\n".join(p for _, _, p in lines)
    return Paragraph(first, last, Inline(text, prose, first, last))


def labelled_items(
    block: ListBlock,
    stack: list[Section],
    matcher: SectionMatcher,
    source: Callable[[int], str],
) -> tuple[ListBlock | None, Section | None]:
    """Items such as `- **Impact**: …` in a section of no kind, or in a summary listing the
    facts ("Quick facts": "- Impact: …"), become pseudo sections.

    Some teams write the whole post-mortem as one list of labelled items ("Key
    events", "Impact", "Review actions"); each item naming a known kind is read as
    a section holding the item's content. The other items stay a list. Returns the list
    of the other items (None when none is left) and, when the last item is a label with
    nothing under it ("- **Review actions**:"), its section, which takes the next block.
    """
    kept: list[ListItem] = []
    pending: Section | None = None
    parent = stack[-1]
    real = next(s for s in reversed(stack) if not s.pseudo)
    for item in block.items:
        labelled = item_label(source(item.line), matcher)
        if labelled is None or labelled[2] == parent.kind:
            kept.append(item)
            continue
        label, norm, kind = labelled
        section = Section(
            title=label,
            norm=norm,
            level=real.level + 1,
            line=item.line,
            end_line=item.end_line,
            own_kind=kind,
            kind=kind,
            parent=parent,
            pseudo=True,
        )
        rest = after_label(item.text, label)
        if rest.strip():
            end = item.line + item.text.count("\n")
            inline = Inline(rest, after_label(item.prose, label), item.line, end)
            section.blocks.append(Paragraph(item.line, end, inline))
        section.blocks.extend(item.blocks)
        parent.children.append(section)
        if item is block.items[-1] and not section.blocks:
            pending = section
    if not kept:
        return None, pending
    if len(kept) == len(block.items):
        return block, pending
    return ListBlock(kept[0].line, kept[-1].end_line, block.ordered, kept), pending


def item_label(source_line: str, matcher: SectionMatcher) -> tuple[str, str, str] | None:
    """(label, normalised label, kind) of a list item's first line opening with a bold
    label that names a kind ("- **Impact**: …")."""
    found = _ITEM_LABEL.match(source_line)
    if found is None or not (found.group(3) or found.group(4) or not found.group(5).strip()):
        plain = _PLAIN_ITEM_LABEL.match(source_line)
        if plain is None:
            return None
        # "- Root Causes: …" without bold: only a label that is exactly a section's name
        label = plain.group(1).strip()
        norm = normalise_heading(label)
        kind = matcher.match(norm) if matcher.is_exact(norm) else None
        return (label, norm, kind) if kind else None
    label = found.group(2).strip()
    norm = normalise_heading(label)
    kind = matcher.match(norm)
    return (label, norm, kind) if kind else None


def after_label(text: str, label: str) -> str:
    """The item's text without its leading bold label and the colon after it."""
    if text.startswith(label):
        text = text[len(label) :]
    return text.lstrip(" :*_\t")


def names_a_time(title: str) -> bool:
    """A heading that is a date or time, perhaps with a few words ("May 12", "15 May")."""
    found = leading_time(title.strip(" *_#"))
    return found is not None and len(title[found[1] :].split()) <= 4


_ACTION_COLUMNS = {"action", "actions", "action item", "action items", "task", "tasks"}
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


def action_table_section(table: Table, stack: list[Section]) -> Section | None:
    """A table of actions with no heading over it ("| Action Item | Owner | Bug |").

    Templates written as field lines often follow them with such a table. Its header
    names the action and a column only action tables have (owner, bug, status, due).
    """
    cells = {
        " ".join(cell.replace("*", "").replace("-", " ").lower().split()).rstrip(":")
        for cell in table.header
    }
    action = cells & _ACTION_COLUMNS
    if not action or not cells & _ACTION_ONLY:
        return None
    real = next(s for s in reversed(stack) if not s.pseudo)
    title = next(iter(sorted(action))).capitalize()
    return Section(
        title=title,
        norm=normalise_heading(title),
        level=real.level + 1,
        line=table.line,
        end_line=table.end_line,
        own_kind="action_items",
        kind="action_items",
        blocks=[table],
        parent=stack[-1],
        pseudo=True,
    )
