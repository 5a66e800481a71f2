"""Language primitives: words and patterns a post-mortem should not use.

`phrase_forbidden` is the general tool behind the blame-language rule, and the one users
reach for in their own rule files ("no 'root cause was the user'", "no ticket numbers in
the summary"). It reads the document line by line through `text_lines`, a per-document
list of every line of prose with the section kind it belongs to, built once and shared by
every rule that scans text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from pmlint.checks import Hit, check
from pmlint.lazyre import LazyPattern, lazy
from pmlint.model import Block, Document, ListBlock, ListItem, Paragraph, Quote, Table
from pmlint.views.common import cached_view

if TYPE_CHECKING:
    from pmlint.options.language import PhraseOptions


class TextLine(NamedTuple):
    """One source line of readable text: a heading, a paragraph line, an item line, a row.

    `text` keeps code-span contents (evidence tags are written in code spans); `prose`
    leaves them out. Table rows are their cells joined with " | ". A named tuple: there
    are thousands per repository and they are built on every run.
    """

    line: int
    text: str
    prose: str
    kind: str | None  # the section kind the line belongs to (None: no known kind)
    form: str  # "heading" | "paragraph" | "item" | "row"


@cached_view("text_lines")
def text_lines(doc: Document) -> list[TextLine]:
    """Every line of readable text in document order; code blocks and HTML are left out."""
    out: list[TextLine] = []
    for section in [doc.root, *doc.sections]:
        if section.level > 0:
            out.append(
                TextLine(section.line, section.title, section.title, section.kind, "heading")
            )
        _add_blocks(section.blocks, section.kind, out)
    return out


@cached_view("text_lines_by_kind")
def _text_lines_by_kind(doc: Document) -> dict[str | None, list[TextLine]]:
    grouped: dict[str | None, list[TextLine]] = {}
    for entry in text_lines(doc):
        grouped.setdefault(entry.kind, []).append(entry)
    return grouped


def lines_of_kind(doc: Document, kind: str) -> list[TextLine]:
    """The `text_lines` of sections of `kind`, in document order (shared: do not modify)."""
    return _text_lines_by_kind(doc).get(kind, [])


def _add_blocks(blocks: list[Block], kind: str | None, out: list[TextLine]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _add_inline(block.inline.text, block.inline.prose, block.line, kind, "paragraph", out)
        elif isinstance(block, ListBlock):
            for item in block.items:
                _add_item(item, kind, out)
        elif isinstance(block, Table):
            if block.header:
                head = " | ".join(block.header)
                out.append(TextLine(block.line, head, head, kind, "row"))
            for row in block.rows:
                out.append(
                    TextLine(row.line, " | ".join(row.cells), " | ".join(row.prose), kind, "row")
                )
        elif isinstance(block, Quote):
            _add_blocks(block.blocks, kind, out)


def _add_item(item: ListItem, kind: str | None, out: list[TextLine]) -> None:
    _add_inline(item.text, item.prose, item.line, kind, "item", out)
    _add_blocks(item.blocks, kind, out)


def _add_inline(
    text: str, prose: str, line: int, kind: str | None, form: str, out: list[TextLine]
) -> None:
    if not text:
        return
    if "\n" not in text:
        out.append(TextLine(line, text, prose, kind, form))
        return
    prose_lines = prose.split("\n")
    for offset, part in enumerate(text.split("\n")):
        spoken = prose_lines[offset] if offset < len(prose_lines) else ""
        out.append(TextLine(line + offset, part, spoken, kind, form))


# --- phrase_forbidden --------------------------------------------------------------------------


@lru_cache(maxsize=256)
def phrase_regex(phrases: tuple[str, ...]) -> LazyPattern | None:
    """One alternation of whole-word, case-insensitive phrases (longest first), compiled on
    first use: most documents hold none of the key words, so the search never runs."""
    if not phrases:
        return None
    parts = sorted({r"\s+".join(map(re.escape, p.split())) for p in phrases}, key=len, reverse=True)
    return lazy(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=256)
def compiled_patterns(patterns: tuple[str, ...]) -> tuple[LazyPattern, ...]:
    """The patterns, each compiled on first use (hints often leave no line to search).

    They were validated when the rule's options were loaded, so a bad one fails there.
    """
    return tuple(lazy(p) for p in patterns)


@cached_view("text_lower")
def lowered_text(doc: Document) -> tuple[str, list[int]]:
    """All readable text lower-cased, one line per `text_lines` entry, and where each starts.

    A cheap pre-filter for searches: `str.find` over this string runs at C speed, so a rule
    only runs its regular expressions on the few lines that hold one of its key words.
    """
    lowered = [entry.text.lower() for entry in text_lines(doc)]  # lower() may change lengths
    starts: list[int] = []
    at = 0
    for line in lowered:
        starts.append(at)
        at += len(line) + 1
    return "\n".join(lowered), starts


def lines_with(doc: Document, words: Iterable[str]) -> list[int]:
    """Indexes into `text_lines(doc)` of the lines containing any of `words` (any case)."""
    low, starts = lowered_text(doc)
    found: set[int] = set()
    for word in words:
        at = low.find(word)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            found.add(index)
            stop = starts[index + 1] if index + 1 < len(starts) else len(low)
            at = low.find(word, stop)
    return sorted(found)


def _minimal(words: set[str]) -> set[str]:
    """Drop words that contain another: finding "careless" also finds "carelessly"."""
    return {w for w in words if not any(o != w and o in w for o in words)}


def find_phrases(
    doc: Document,
    phrases: list[str],
    patterns: list[str],
    kinds: list[str],
    code: bool = False,
    hints: list[str] | None = None,
) -> Iterator[tuple[TextLine, re.Match[str]]]:
    """Each match of the phrases or patterns, with the line it is on, in document order.

    Only lines holding the longest word of a phrase are searched for phrases (most documents
    contain none of the words a rule looks for). `hints` do the same for patterns: when
    given, patterns run only on lines containing one of them; without hints every line is
    searched.
    """
    keys = _minimal({max(p.lower().split(), key=len) for p in phrases})  # likely the rarest
    joined = phrase_regex(tuple(phrases))
    regexes = compiled_patterns(tuple(patterns))
    lines = text_lines(doc)
    phrase_lines = set(lines_with(doc, keys)) if joined is not None else set()
    if regexes and hints:
        pattern_lines = set(lines_with(doc, _minimal({h.lower() for h in hints})))
    elif regexes:
        pattern_lines = set(range(len(lines)))
    else:
        pattern_lines = set()
    wanted = set(kinds)
    for index in sorted(phrase_lines | pattern_lines):
        entry = lines[index]
        if wanted and entry.kind not in wanted:
            continue
        text = entry.text if code else entry.prose
        found: list[re.Match[str]] = []
        if index in phrase_lines and joined is not None:
            found.extend(joined.finditer(text))
        if index in pattern_lines:
            for regex in regexes:
                found.extend(regex.finditer(text))
        for match in sorted(found, key=lambda m: m.start()):
            if match.group(0).strip():
                yield entry, match


@check("phrase_forbidden", "pmlint.options.language:PhraseOptions")
def phrase_forbidden(doc: Document, options: PhraseOptions) -> Iterator[Hit]:
    """No line of the searched sections uses one of the phrases or matches a pattern.

    One finding per match, on its line; `{phrase}` in the message is the text that matched.
    """
    for entry, match in find_phrases(
        doc, options.phrases, options.patterns, options.kinds, options.code, options.hints
    ):
        phrase = " ".join(match.group(0).split())
        yield Hit(
            entry.line,
            {"phrase": phrase, "kind": entry.kind or ""},
            needle=source_needle(doc, entry.line, match.group(0)),
        )


def source_needle(doc: Document, line: int, found: str) -> str:
    """Text to place the column: the match itself, or its first word when markup splits it."""
    raw = doc.line_text(line).lower()
    if found.lower() in raw:
        return found
    first = found.split()[0] if found.split() else found
    return first
