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
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from pmlint.checks import Hit, check
from pmlint.document.model import Block, Document, ListBlock, Paragraph, Quote, Table
from pmlint.util.lazyre import LazyPattern, lazy
from pmlint.util.saferegex import TimedPattern, trusted
from pmlint.views.common import cached_view

if TYPE_CHECKING:
    from pmlint.checks.options.language import PhraseOptions


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


# A named tuple's own constructor is a Python function; `tuple.__new__` makes the same
# value without that call (there are thousands of lines per repository).
_make = tuple.__new__


@cached_view("text_lines")
def text_lines(doc: Document) -> list[TextLine]:
    """Every line of readable text in document order; code blocks and HTML are left out."""
    out: list[TextLine] = []
    append = out.append
    for section in [doc.root, *doc.sections]:
        if section.level > 0:
            title = section.title
            append(_make(TextLine, (section.line, title, title, section.kind, "heading")))
        if section.blocks:
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
    append = out.append
    for block in blocks:
        if isinstance(block, Paragraph):
            inline = block.inline
            text = inline.text
            if text and "\n" not in text:
                append(_make(TextLine, (block.line, text, inline.prose, kind, "paragraph")))
            elif text:
                _add_split(text, inline.prose, block.line, kind, "paragraph", out)
        elif isinstance(block, ListBlock):
            for item in block.items:
                text = item.text
                if text and "\n" not in text:
                    append(_make(TextLine, (item.line, text, item.prose, kind, "item")))
                elif text:
                    _add_split(text, item.prose, item.line, kind, "item", out)
                if item.blocks:
                    _add_blocks(item.blocks, kind, out)
        elif isinstance(block, Table):
            if block.header:
                head = " | ".join(block.header)
                append(_make(TextLine, (block.line, head, head, kind, "row")))
            for row in block.rows:
                cells = " | ".join(row.cells)
                prose = cells if row.prose == row.cells else " | ".join(row.prose)
                append(_make(TextLine, (row.line, cells, prose, kind, "row")))
        elif isinstance(block, Quote):
            _add_blocks(block.blocks, kind, out)


def _add_split(
    text: str, prose: str, line: int, kind: str | None, form: str, out: list[TextLine]
) -> None:
    """A block of several lines: one `TextLine` per source line."""
    parts = text.split("\n")
    # Most blocks hold no code span: their prose is their text, split once and shared.
    spoken = parts if prose == text else prose.split("\n")
    if len(spoken) < len(parts):
        spoken = [*spoken, *[""] * (len(parts) - len(spoken))]
    out.extend(
        [
            _make(TextLine, (line + offset, part, said, kind, form))
            for offset, (part, said) in enumerate(zip(parts, spoken, strict=False))
        ]
    )


# --- phrase_forbidden --------------------------------------------------------------------------


@lru_cache(maxsize=256)
def phrase_regex(phrases: tuple[str, ...]) -> LazyPattern | None:
    """One alternation of whole-word, case-insensitive phrases (longest first), compiled on
    first use: most documents hold none of the key words, so the search never runs."""
    if not phrases:
        return None
    # Longest first; phrases of one length in a fixed order, so the pattern is the same in
    # every process (and its compiled code can be kept between runs).
    unique = {r"\s+".join(map(re.escape, p.split())) for p in phrases}
    parts = sorted(unique, key=lambda part: (-len(part), part))
    return lazy(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=256)
def compiled_patterns(patterns: tuple[str, ...]) -> tuple[LazyPattern | TimedPattern, ...]:
    """The patterns, each compiled on first use (hints often leave no line to search).

    They were validated when the rule's options were loaded, so a bad one fails there.
    Patterns from outside pmlint search with a time limit (`pmlint.util.saferegex`).
    """
    return tuple(lazy(p) if trusted([p]) else TimedPattern(p) for p in patterns)


def _starts(texts: list[str]) -> list[int]:
    """Where each of `texts` starts once they are joined by newlines."""
    starts = list(accumulate(map(_PLUS_ONE, map(len, texts)), initial=0))
    starts.pop()  # the last sum is where a next line would start
    return starts


_PLUS_ONE = (1).__add__


def line_at(starts: list[int], position: int) -> int:
    """The index of the `text_lines` entry holding `position` of a joined text."""
    return bisect_right(starts, position) - 1


@cached_view("text_lower")
def lowered_text(doc: Document) -> tuple[str, list[int]]:
    """All readable text lower-cased, one line per `text_lines` entry, and where each starts.

    A cheap pre-filter for searches: `str.find` over this string runs at C speed, so a rule
    only runs its regular expressions on the few lines that hold one of its key words.
    The joined text is lower-cased at once; where a character lowers to several (`İ`), which
    moves the starts of the lines after it, the lines are lower-cased one by one instead.
    """
    texts = [entry.text for entry in text_lines(doc)]
    joined = "\n".join(texts)
    low = joined.lower()
    if len(low) == len(joined):  # no character lowers to fewer than one: none to several
        return low, _starts(texts)
    lowered = [text.lower() for text in texts]
    return "\n".join(lowered), _starts(lowered)


# Above this many keys the pre-filter is not narrowed: narrowing compares every pair (a
# list of 50,000 phrases took half a minute), and keeping every key gives the same lines.
_NARROW_AT_MOST = 256


def _minimal(words: set[str]) -> set[str]:
    """Drop words that contain another: finding "careless" also finds "carelessly"."""
    if len(words) > _NARROW_AT_MOST:
        return set(words)
    return {w for w in words if not any(o != w and o in w for o in words)}


def _needles(keys: set[str]) -> tuple[str, ...]:
    """Fewer strings to look for than `keys`, each contained in every key it stands for:
    keys sharing a long enough start are looked for by that start ("negligen" for
    "negligent" and "negligence"). Each costs one pass over the document's text."""
    needles = set(keys)
    if len(needles) > _NARROW_AT_MOST:
        return tuple(sorted(needles))
    while True:
        best = ""
        for first in needles:
            for other in needles:
                if first < other:
                    shared = _shared_start(first, other)
                    enough = len(shared) >= 4 or len(shared) == min(len(first), len(other)) - 1
                    if enough and len(shared) >= 3 and len(shared) > len(best):
                        best = shared
        if not best:
            return tuple(sorted(needles))
        needles = _minimal({best, *needles})


def _shared_start(first: str, other: str) -> str:
    size = 0
    for a, b in zip(first, other, strict=False):
        if a != b:
            break
        size += 1
    return first[:size]


class _Plan(NamedTuple):
    """What `find_phrases` looks for, worked out once per set of options."""

    phrase_keys: tuple[str, ...]  # one word of each phrase (lower case)
    hint_keys: tuple[str, ...]  # the hints (lower case); () when patterns run on every line
    needles: tuple[str, ...]  # contained in each key: a line without any holds no key
    per_line: bool  # a key holds a newline: look for each key in the whole text


@lru_cache(maxsize=256)
def _plan(phrases: tuple[str, ...], patterns: bool, hints: tuple[str, ...]) -> _Plan:
    phrase_keys = _minimal({max(p.lower().split(), key=len) for p in phrases})  # the rarest?
    hint_keys = _minimal({h.lower() for h in hints}) if patterns else set()
    keys = phrase_keys | hint_keys
    return _Plan(
        tuple(sorted(phrase_keys)),
        tuple(sorted(hint_keys)),
        _needles(keys),
        any("\n" in key for key in keys),
    )


def lines_with(doc: Document, words: Iterable[str]) -> list[int]:
    """Indexes into `text_lines(doc)` of the lines containing any of `words` (any case)."""
    low, starts = lowered_text(doc)
    found: set[int] = set()
    for word in words:
        at = low.find(word)
        while at >= 0:
            index = line_at(starts, at)
            found.add(index)
            if index + 1 >= len(starts):
                break
            at = low.find(word, starts[index + 1])
    return sorted(found)


def _searched(
    doc: Document, plan: _Plan, phrases: bool, every_line: bool
) -> Iterator[tuple[int, bool, bool]]:
    """(index, search for phrases, search the patterns) of each `text_lines` entry that
    holds a key, in document order (every entry when the patterns have no hints)."""
    if plan.per_line:  # a key spans lines: look for each key in the whole text
        phrase_set = set(lines_with(doc, plan.phrase_keys)) if phrases else set()
        pattern_set = set(range(len(text_lines(doc)))) if every_line else set()
        pattern_set |= set(lines_with(doc, plan.hint_keys))
        for index in sorted(phrase_set | pattern_set):
            yield index, index in phrase_set, index in pattern_set
        return
    if every_line and not phrases:
        for index in range(len(text_lines(doc))):
            yield index, False, True
        return
    low, starts = lowered_text(doc)
    if every_line:
        indexes: Iterable[int] = range(len(starts))
    else:
        indexes = lines_with(doc, plan.needles)  # each key holds a needle: a superset
    last = len(starts) - 1
    for index in indexes:
        line = low[starts[index] : starts[index + 1] - 1 if index < last else len(low)]
        phrase = phrases and any(key in line for key in plan.phrase_keys)
        pattern = every_line or any(key in line for key in plan.hint_keys)
        if phrase or pattern:
            yield index, phrase, pattern


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
    joined = phrase_regex(tuple(phrases))
    regexes = compiled_patterns(tuple(patterns))
    if joined is None and not regexes:
        return
    plan = _plan(tuple(phrases), bool(regexes), tuple(hints or ()))
    every_line = bool(regexes) and not plan.hint_keys
    lines = text_lines(doc)
    wanted = set(kinds)
    for index, phrase_line, pattern_line in _searched(doc, plan, joined is not None, every_line):
        entry = lines[index]
        if wanted and entry.kind not in wanted:
            continue
        text = entry.text if code else entry.prose
        found: list[re.Match[str]] = []
        if phrase_line and joined is not None:
            found.extend(joined.finditer(text))
        if pattern_line:
            for regex in regexes:
                found.extend(regex.finditer(text))
        for match in sorted(found, key=lambda m: m.start()):
            if match.group(0).strip():
                yield entry, match


@check("phrase_forbidden", "pmlint.checks.options.language:PhraseOptions")
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
