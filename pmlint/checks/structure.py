"""Structure primitives: required sections, titles, metadata, empty sections."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.document.headings import SectionMatcher
from pmlint.document.metadata import ALIASES
from pmlint.document.model import (
    Block,
    Code,
    Document,
    Html,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Table,
)
from pmlint.document.timeparse import parse_date
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.views.common import cached_view, snippet

if TYPE_CHECKING:
    from pmlint.checks.options.structure import (
        MetadataOptions,
        NotEmptyOptions,
        SectionRequiredOptions,
        TitleOptions,
    )


@lru_cache(maxsize=256)
def _synonym_matcher(kind: str, synonyms: tuple[str, ...]) -> SectionMatcher:
    return SectionMatcher([(kind, synonyms)])


@check("section_required", "pmlint.checks.options.structure:SectionRequiredOptions")
def section_required(doc: Document, options: SectionRequiredOptions) -> Iterator[Hit]:
    """A section of `kind` must exist (any heading the profile maps to it counts).

    `synonyms` names more headings that count; `alternatives` names other kinds that
    do (a generic profile may take contributing factors for a causal analysis).
    """
    if doc.has_kind(options.kind):
        return
    if any(_words_of(doc, k) >= options.alternative_words for k in options.alternatives):
        return
    matcher = _synonym_matcher(options.kind, tuple(options.synonyms)) if options.synonyms else None
    if matcher is not None and any(matcher.match(s.norm) is not None for s in doc.sections):
        return
    if options.preamble_words and _lead_words(doc) >= options.preamble_words:
        return
    if not options.headings_only:
        if any(doc.metadata.fields.get(key, "").strip() for key in options.keys):
            return
        if options.mentions and _mentions(tuple(options.mentions)).search(_body(doc)):
            return
    label = options.label or options.kind.replace("_", " ")
    yield Hit(line=1, args={"kind": options.kind, "section": label})


def _words_of(doc: Document, kind: str) -> int:
    """Words written in the sections of `kind` (-1 when there is none)."""
    return _words(doc.blocks_of(kind)) if doc.has_kind(kind) else -1


def _words(blocks: list[Block]) -> int:
    """Words of the prose in paragraphs and list items (header facts left out)."""
    words = 0
    for block in blocks:
        if isinstance(block, Paragraph) and not _all_fields(block.inline.text):
            words += len(block.inline.prose.split())
        elif isinstance(block, ListBlock):
            words += sum(len(item.prose.split()) for item in block.items)
    return words


@lru_cache(maxsize=256)
def _mentions(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return compiled("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.MULTILINE)


@cached_view("body")
def _body(doc: Document) -> str:
    """The document's source lines without code blocks: what its author wrote, as written
    (`mentions` patterns read list markers and headings, which `text_lines` drops)."""
    code = [
        (block.line, block.end_line)
        for section in [doc.root, *doc.sections]
        for block in section.blocks
        if isinstance(block, Code)
    ]
    lines = doc.lines
    if not code:
        return "\n".join(lines)
    kept: list[str] = []
    start = 1  # the first line not yet kept or skipped
    for first, last in sorted(code):
        kept += lines[start - 1 : max(first - 1, start - 1)]
        start = max(start, last + 1)
    kept += lines[start - 1 :]
    return "\n".join(kept)


_FIELD_LINE = compiled(r"^\s*[A-Za-z][\w /&()-]{0,39}:\s")


def _all_fields(text: str) -> bool:
    """Header facts ("Date: … | Severity: …"), not a lead paragraph."""
    return all(_FIELD_LINE.match(line) for line in text.split("\n") if line.strip())


def _lead_words(doc: Document) -> int:
    """Words of the lead: the paragraphs and lists before the first section below the title."""
    blocks = list(doc.root.blocks)
    first = doc.root.children[0] if doc.root.children else None
    while first is not None and (first.level == 1 or first.own_kind is None):
        blocks += first.blocks  # under the title, whatever its level
        if first.blocks:
            break
        # "# Postmortems" then "## The incident's own title": the lead is below both
        first = first.children[0] if first.children else None
    return _words(blocks)


@check("title_required", "pmlint.checks.options.structure:TitleOptions")
def title_required(doc: Document, options: TitleOptions) -> Iterator[Hit]:
    """The document has an H1 title, a title key in its front matter or header, or (with
    `any_heading`) opens with a heading of another level that names the incident rather
    than a section (`## hub.example.com outage`)."""
    if doc.title_line is not None:
        return
    if any(doc.metadata.fields.get(key.lower(), "").strip() for key in options.keys):
        return
    sections = doc.sections
    if options.any_heading and sections and sections[0].own_kind is None and doc.metadata.title:
        return
    yield Hit(1)


_EXAMPLES = {"date": "YYYY-MM-DD", "severity": "SEV-2", "status": "Draft", "duration": "47 min"}


@check("metadata_required", "pmlint.checks.options.structure:MetadataOptions")
def metadata_required(doc: Document, options: MetadataOptions) -> Iterator[Hit]:
    """Each incident fact in `fields` is given in the front matter or a header line."""
    meta = doc.metadata
    line = doc.title_line or 1
    for name in options.fields:
        fact = name.lower().replace("_", " ")
        keys = ALIASES.get(fact, (fact,))
        key = next((k for k in keys if (given := meta.fields.get(k)) and given.strip()), None)
        label = fact.capitalize()
        args = {"field": fact, "label": label, "example": _EXAMPLES.get(fact, "…")}
        value, at = meta.fields.get(key, "").strip() if key else "", meta.lines.get(key or "", line)
        if key is None and options.headings:
            value, at = _under_heading(doc, keys)
        if not value:
            if fact == "date" and options.file_name_date and meta.date:
                continue
            if fact == "date" and options.title_date and meta.title and parse_date(meta.title):
                continue
            problem = f"no incident {fact} in the front matter or header lines"
            yield Hit(line, {**args, "problem": problem})
        elif fact == "date" and parse_date(value) is None:
            problem = f"incident date '{snippet(value, 40)}' is not a calendar date"
            yield Hit(at, {**args, "problem": problem}, needle=value)


def _under_heading(doc: Document, keys: tuple[str, ...]) -> tuple[str, int]:
    """The value below a heading named like the fact ("### Date" then "2015-10-21")."""
    for section in doc.sections:
        if section.norm in keys and section.blocks:
            first = section.blocks[0]
            if isinstance(first, Paragraph) and first.text.strip():
                return first.text.strip().split("\n", 1)[0], first.line
    return "", 0


_FOLD = compiled(r"[\s*_`.:;!()\[\]-]+")
_COMMENT = lazy(r"<!--.*?(?:-->|$)", re.DOTALL)


@check("section_not_empty", "pmlint.checks.options.structure:NotEmptyOptions")
def section_not_empty(doc: Document, options: NotEmptyOptions) -> Iterator[Hit]:
    """A canonical section has content: not nothing, a comment, or a placeholder."""
    wanted = set(options.kinds)
    placeholders = _folded_placeholders(tuple(options.placeholders))
    for section in doc.sections:
        if section.own_kind is None or (wanted and section.own_kind not in wanted):
            continue
        if _in_template(section):
            continue  # a blank template kept for the next incident is empty on purpose
        if not _has_content(section, placeholders) and not _content_after(section, placeholders):
            yield Hit(section.line, {"section": section.title, "kind": section.own_kind})


def _in_template(section: Section) -> bool:
    node: Section | None = section.parent
    while node is not None:
        norm = node.norm
        if "template" in norm and "template" in norm.split():  # split only when it may hold it
            return True
        node = node.parent
    return False


class _Placeholders(frozenset[str]):
    """Folded placeholders, and the length of the longest (worked out once per options)."""

    longest: int


@lru_cache(maxsize=64)
def _folded_placeholders(placeholders: tuple[str, ...]) -> _Placeholders:
    # "" too: a block that folds to nothing is as empty as a placeholder.
    folded = _Placeholders({_FOLD.sub(" ", p.lower()).strip() for p in placeholders} | {""})
    folded.longest = max(map(len, folded))
    return folded


def _content_after(section: Section, placeholders: _Placeholders) -> bool:
    """Content a labelled list item (`- **Impact**:`) left in its parent, below it."""
    parent = section.parent
    if not section.pseudo or parent is None:
        return False
    later = [c.line for c in parent.children if c.line > section.line]
    stop = min(later) if later else parent.end_line + 1
    return any(
        section.line < block.line < stop and _block_has_content(block, placeholders)
        for block in parent.blocks
    )


def _has_content(section: Section, placeholders: _Placeholders) -> bool:
    if any(_block_has_content(b, placeholders) for b in section.blocks):
        return True
    return any(_has_content(child, placeholders) for child in section.children)


def _is_placeholder(text: str, placeholders: _Placeholders | set[str]) -> bool:
    """Whether `text`, folded, is one of `placeholders` (which hold "" too).

    Folding never makes text shorter than the folded form of its start, so a start that
    already folds to more than the longest placeholder settles it without folding a
    whole paragraph.
    """
    if isinstance(placeholders, _Placeholders):
        longest = placeholders.longest
    else:
        longest = max(map(len, placeholders))
    head = text[: 2 * longest + 2]
    if len(head) < len(text) and len(_FOLD.sub(" ", head.lower()).strip()) > longest:
        return False
    return _FOLD.sub(" ", text.lower()).strip() in placeholders


def _block_has_content(block: Block, placeholders: _Placeholders) -> bool:
    if isinstance(block, Html):
        return bool(_COMMENT.sub("", block.text).strip())
    if isinstance(block, Paragraph):
        return not _is_placeholder(block.text, placeholders)
    if isinstance(block, ListBlock):
        return any(
            not _is_placeholder(item.text, placeholders) or item.blocks for item in block.items
        )
    if isinstance(block, Table):
        return any(any(cell.strip() for cell in row.cells) for row in block.rows)
    if isinstance(block, Quote):
        return any(_block_has_content(b, placeholders) for b in block.blocks)
    return True
