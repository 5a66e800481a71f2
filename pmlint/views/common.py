"""Helpers shared by the views: memoisation on the document and text of blocks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache, wraps
from typing import TypeVar

from pmlint.document.model import (
    Block,
    Code,
    Document,
    Html,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Table,
)

T = TypeVar("T")

# Every character `\s` matches in a `str` pattern (the characters `str.isspace` accepts), for
# `str.strip` in place of a pattern anchored at the end of the text, which the regex engine
# would try at every position.
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def cached_view(name: str) -> Callable[[Callable[[Document], T]], Callable[[Document], T]]:
    """Build a view once per document, however many rules read it."""

    def decorate(build: Callable[[Document], T]) -> Callable[[Document], T]:
        @wraps(build)
        def view(doc: Document) -> T:
            try:
                return doc._views[name]  # type: ignore[return-value]
            except KeyError:
                value = build(doc)
                doc._views[name] = value
                return value

        return view

    return decorate


def block_text(block: Block, prose: bool = False) -> str:
    """Plain text of a block; `prose` leaves code spans out. Code blocks give nothing."""
    if isinstance(block, Paragraph):
        return block.inline.prose if prose else block.inline.text
    if isinstance(block, ListBlock):
        return "\n".join(item_text(item, prose) for item in block.items)
    if isinstance(block, Table):
        rows = [block.header] if not prose else []
        lines = [" | ".join(r) for r in rows]
        lines += [" | ".join(row.prose if prose else row.cells) for row in block.rows]
        return "\n".join(lines)
    if isinstance(block, Quote):
        return "\n".join(block_text(b, prose) for b in block.blocks)
    if isinstance(block, (Code, Html)):
        return ""
    return ""


def item_text(item: ListItem, prose: bool = False) -> str:
    head = item.prose if prose else item.text
    rest = [block_text(b, prose) for b in item.blocks]
    return "\n".join([head, *rest]) if rest else head


def section_text(section: Section, prose: bool = False, deep: bool = True) -> str:
    blocks = section.all_blocks() if deep else section.blocks
    return "\n".join(block_text(b, prose) for b in blocks)


def iter_items(blocks: list[Block]) -> Iterator[ListItem]:
    """Top-level list items of the given blocks (lists inside quotes included)."""
    for block in blocks:
        if isinstance(block, ListBlock):
            yield from block.items
        elif isinstance(block, Quote):
            yield from iter_items(block.blocks)


@lru_cache(maxsize=256)
def snippet(text: str, limit: int = 60) -> str:
    """`text` on one line, cut at a word boundary to about `limit` characters (remembered:
    several rules name the same action item or entry in their messages)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"
