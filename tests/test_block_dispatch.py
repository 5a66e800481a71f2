"""pmlint's block pass must give exactly markdown-it's block tokens.

`pmlint.document.mdparser` replaces each chain of markdown-it's block rules by one call that
only tries the rules a line's first character allows. These tests parse the project's
examples, the shared corpus, hand-written edge cases and generated documents with both the
dispatching parser and markdown-it's own chains, and compare every token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.document.mdparser import (
    ANY_START,
    STARTS,
    WHOLE_CHAIN_ONLY,
    _block_parser,
    _configured,
    dispatch_block_rules,
)


def _undispatched() -> Any:
    return _configured().disable(["inline", "text_join"])


PLAIN = _undispatched()


def _tokens(parser: Any, text: str) -> list[tuple[Any, ...]]:
    return [
        (t.type, t.tag, t.map, t.content, t.markup, t.info, t.meta, t.nesting, t.level, t.hidden)
        for t in parser.parse(text, {})
    ]


def _same(text: str) -> None:
    assert _tokens(_block_parser(), text) == _tokens(PLAIN, text), text


def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".md", ".txt"} and p.is_file())


def test_every_chain_is_dispatched() -> None:
    """With markdown-it's rules of today every chain is replaced: a rule this table does not
    know (a markdown-it upgrade) shows up here, and only costs speed until it is added."""
    chains = _block_parser().block.ruler.__cache__
    assert set(chains) == {"", "paragraph", "reference", "blockquote", "list"}
    assert all(len(functions) == 1 for functions in chains.values())
    names = {rule.name for rule in _block_parser().block.ruler.__rules__ if rule.enabled}
    assert names <= set(STARTS) | ANY_START | WHOLE_CHAIN_ONLY


def test_a_chain_with_an_unknown_rule_is_left_alone() -> None:
    md = _undispatched()
    md.block.ruler.before("paragraph", "custom", lambda *_args: False, {"alt": ["paragraph"]})
    md.block.ruler.getRules("")
    dispatch_block_rules(md)
    chains = md.block.ruler.__cache__
    assert len(chains[""]) > 1 and len(chains["paragraph"]) > 1  # the custom rule is in both
    assert len(chains["list"]) == 1  # it is not in this one


def test_the_examples_parse_the_same() -> None:
    paths = _documents(ROOT / "examples")
    assert paths
    for path in paths:
        _same(path.read_text(encoding="utf-8"))


def test_the_corpus_parses_the_same(needs_shared: Path) -> None:
    paths = _documents(needs_shared / "corpus")
    assert len(paths) > 150
    for path in paths:
        _same(path.read_text(encoding="utf-8"))


EDGE_CASES = [
    # setext headings and what interrupts a paragraph
    "Title\n=====\n\nSub\n---\ntext\n",
    "para\n- item\n- item\n\n1. one\n2) two\n\npara\n2. not a list start\n",
    "para\n* * *\nmore\n_ _ _\n- - -\n***bold***\n",
    "text\n# heading\n#not heading\n####### seven\n",
    "text\n> quote\nlazy line\n>> nested\n",
    "text\n```\ncode\n```\n~~~py\nx\n~~~\n``not a fence\n",
    "text\n<div>\nhtml\n</div>\n<!-- comment -->\n<not html\n",
    "[ref]: https://example.com\n  'title'\n[ref2]:\n<https://x>\n\n[not a ref] text\n",
    # tables with and without edge pipes, a pipe in prose, a table ending a paragraph
    "| a | b |\n|---|---|\n| 1 | 2 |\n\na | b\n--|--\n1 | 2\n\nsome | prose\n",
    "para\n| a | b |\n| - | - |\n| c | d |\n",
    # indentation: code blocks, lists with nested content, tabs
    "    code\n\n  - item\n\n        code in item\n    para in item\n",
    "- a\n  - b\n    - c\n\n      deep para\n  back\n- d\n",
    "1. one\n\n   ```\n   fenced\n   ```\n2. two\n   > quote\n",
    "\t- tab item\n\ttext\n  \tmixed\n",
    "- [ ] task\n- [x] done\n+ plus\n+ more\n\n10. ten\n11. eleven\n",
    "text\n    indented continuation\n\n    code after blank\n",
    # digits, punctuation and other starts that are prose
    '2024 was a year.\n1999) not a list\n12345678901. too long\n(aside)\n"quoted"\n',
    "**Bold label**: value\n*emphasis* line\n_under_ line\n+1 agreed\n-1 refused\n",
    "→ arrow start\n\u00a0nbsp start\n¡Hola!\n",
    "- item\n\n  para\n\n- item\n---\n",
    "> - list in quote\n> continued\n>\n> ```\n> code\n> ```\n",
    "Term\n: not a definition list\n\n===\n---\n",
    # paragraphs followed by what may or may not end them (the setext rule is skipped when
    # no line can be an underline, and the parent type must end as it would)
    "- a\n  b\n  1. c\n  2. d\n- e\n  text\n  - f\n",
    "> para\n> - item\n> 2. two\n\n> para\n> ---\n",
    "1. a\n   text\n   - b\n   ===\n2. c\n   -\n",
    "para\n  - not a list after two spaces? \n    - deeper\nmore\n-\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_parse_the_same(text: str) -> None:
    _same(text)
    _same(text.replace("\n", "\r\n"))


_LINE_STARTS = [
    "", " ", "  ", "    ", "\t", "- ", "* ", "+ ", "1. ", "2) ", "> ", "# ", "## ", "```",
    "~~~", "---", "***", "___", "===", "| ", "|---|", "<div>", "<!--", "[a]: ", "[x] ",
    "- [ ] ", "    - ", "   > ", "Word ", "**B**: ", "_e_ ", "`c` ", "12 ", "(",
    *(f"{digit}{mark} " for digit in "0123456789" for mark in ".)"),
]  # fmt: skip
_LINE_ENDS = ["", "text", " | cell |", "-->", "</div>", " https://x", " #", " ```", " -"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_LINE_STARTS), st.sampled_from(_LINE_ENDS)),
        min_size=1,
        max_size=25,
    )
)
def test_generated_documents_parse_the_same(lines: list[tuple[str, str]]) -> None:
    _same("\n".join(start + end for start, end in lines) + "\n")


@pytest.mark.parametrize(
    "text",
    ["a\r\nb\r\n\r\n- c\rd\n", "nul \x00 here\n\n# h\x00\n", "plain\n\n| a |\n|---|\n| b |\n"],
)
def test_line_endings_and_nul_are_normalised_as_markdown_it_does(text: str) -> None:
    """The normalising step runs only when the text has a CR or a NUL: both ways give
    markdown-it's tokens."""
    _same(text)
