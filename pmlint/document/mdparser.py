"""The markdown-it-py parser in the one configuration pmlint uses (CommonMark, tables,
strikethrough, task-list checkboxes, bounded table width), and the faster block pass pmlint
reads documents with.

markdown-it's block pass tries its rules in turn at the start of every block, and again at
every line of a paragraph to see whether the line ends it: a plain line of prose goes
through ten Python calls, nine of which look at the first character and give up. Each rule
wants a particular first character (`#` for a heading, `>` for a quote, a digit or `-*+`
for a list item...), so pmlint's block parser replaces each chain of rules by one call that
picks, from the line's first character, the rules of the chain that can apply to it, in
their order. The tokens are the same (tests compare both parsers on every document of the
corpus, generated ones and hand-written edge cases); the block pass is about a fifth
faster on real post-mortems. A line that is indented as code, holds a `|` (a table row) or
starts with a character no rule claims goes through the whole chain, as does any chain
holding a rule this table does not know (a newer markdown-it's, or a plugin's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def _configured() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"tasklists": True}).enable(["table", "strikethrough"])
    if not _TABLE:
        _TABLE.append(_table_rule())
        _NORMALIZE.append(_markdown_normalize())
    md.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
    return md


# A header row with more cells than this is not read as a table (it stays a paragraph): a
# table is a few tokens per cell, and 10,000 columns made a 4 MB file take 2 GB.
MAX_TABLE_COLUMNS = 256


def _bounded_table(state: Any, start: int, end: int, silent: bool) -> bool:
    src = state.src
    first = state.bMarks[start] + state.tShift[start]
    pipes = src.count("|", first, state.eMarks[start])
    if not pipes or pipes > MAX_TABLE_COLUMNS + 1:
        return False  # no pipe: no table row (markdown-it's own first test), and it is cheaper
    return bool(_TABLE[0](state, start, end, silent))


def _table_rule() -> Any:
    from markdown_it.rules_block.table import table  # lazy for start-up time: with the parser

    return table


_TABLE: list[Any] = []  # markdown-it's table rule, filled when the parser is configured


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one parser configuration pmlint uses, complete and as markdown-it-py runs it
    (the benchmarks' floor, and the reference the tests compare pmlint's reading with)."""
    return _configured()


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The same configuration without its inline pass (`pmlint.document.inline` reads each
    run of inline content, most of them directly), its block rules dispatched on the first
    character of each line."""
    md = _configured().disable(["inline", "text_join"])
    md.core.ruler.at("normalize", _normalize_when_needed)
    dispatch_block_rules(md)
    return md


def _normalize_when_needed(state: Any) -> None:
    """markdown-it's first step, which turns CR and CRLF into LF and NUL into U+FFFD, run
    only on a text holding a CR or a NUL: its substitution visits every line break, and the
    text pmlint reads has its line endings made LF already (about 60 µs per document)."""
    src = state.src
    if "\r" in src or "\x00" in src:
        _NORMALIZE[0](state)


def _markdown_normalize() -> Any:
    from markdown_it.rules_core.normalize import normalize  # lazy: with the parser

    return normalize


_NORMALIZE: list[Any] = []  # markdown-it's own normalize rule, filled with the parser


# -- first-character dispatch -----------------------------------------------------------------

BlockRule = Callable[[Any, int, int, bool], bool]

# The characters a line must start with (after its indentation) for each rule to apply.
STARTS: dict[str, str] = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}
# Rules that may apply whatever the first character is.
ANY_START = frozenset({"lheading", "paragraph"})
# Rules that apply only where the line goes through the whole chain: `code` to a line
# indented four columns past the block, `table` to a line holding a `|`.
WHOLE_CHAIN_ONLY = frozenset({"code", "table"})


def dispatch_block_rules(md: MarkdownIt) -> None:
    """Replace each chain of `md`'s block rules (the main one and those that end a
    paragraph, a reference, a quote or a list) by one first-character dispatch."""
    ruler = md.block.ruler
    enabled = [rule for rule in ruler.__rules__ if rule.enabled]
    names = {id(rule.fn): rule.name for rule in enabled}
    ruler.getRules("")  # builds the chains
    chains = ruler.__cache__
    if chains is None:  # pragma: no cover - getRules always builds them
        return
    for chain, functions in chains.items():
        known = [names.get(id(function)) for function in functions]
        if not functions or any(
            name is None or not (name in STARTS or name in ANY_START or name in WHOLE_CHAIN_ONLY)
            for name in known
        ):
            continue  # a rule this table does not know: the chain stays as it is
        chains[chain] = [_dispatcher(list(zip(known, functions, strict=True)))]


def _dispatcher(chain: Sequence[tuple[str | None, BlockRule]]) -> BlockRule:
    """One rule doing the work of `chain`: the first rule that applies wins, as in
    markdown-it's own loop, but only rules that can apply to the line's first character
    are called."""
    everything = tuple(function for _name, function in chain)
    by_start: dict[str, tuple[BlockRule, ...]] = {}
    for char in set("".join(STARTS.values())):
        by_start[char] = tuple(
            function
            for name, function in chain
            if name in ANY_START or char in STARTS.get(name or "", "")
        )
    ordinary = tuple(function for name, function in chain if name in ANY_START)
    setext = next((function for name, function in chain if name == "lheading"), None)

    def dispatch(state: Any, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        stop = state.eMarks[start]
        if (
            pos >= stop
            or state.sCount[start] - state.blkIndent >= 4
            or state.src.find("|", pos, stop) >= 0
        ):
            rules = everything
        else:
            rules = by_start.get(state.src[pos], ordinary)
        for rule in rules:
            if rule is setext and not _may_underline(state, start, end):
                # The setext rule would scan the paragraph for an underline and give up;
                # on the way it leaves the parent type at "paragraph", as here.
                state.parentType = "paragraph"
                continue
            if rule(state, start, end, silent):
                return True
        return False

    return dispatch


def _may_underline(state: Any, start: int, end: int) -> bool:
    """Whether a line after `start`, before the next blank line, starts with `=` or `-`:
    without one, the lines from `start` cannot be a setext heading."""
    src, begins, shifts, ends = state.src, state.bMarks, state.tShift, state.eMarks
    line = start + 1
    while line < end:
        pos = begins[line] + shifts[line]
        if pos >= ends[line]:
            return False  # a blank line ends the paragraph
        if src[pos] in "=-":
            return True
        line += 1
    return False
