"""The markdown-it-py parser in the one configuration pmlint uses (CommonMark, tables,
strikethrough, task-list checkboxes, bounded table width)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def _configured() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"tasklists": True}).enable(["table", "strikethrough"])
    if not _TABLE:
        _TABLE.append(_table_rule())
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
    """The one parser configuration pmlint uses, complete (benchmarks use it too)."""
    return _configured()


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The same configuration without its inline pass: `pmlint.document.inline` runs that per run
    of inline content, reading runs without markup directly (see that module)."""
    return _configured().disable(["inline", "text_join"])
