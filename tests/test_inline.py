"""The direct inline reader must give exactly what markdown-it's inline pass gives.

`pmlint.document.inline` skips markdown-it's inline parser for runs that hold only words,
line breaks, code spans, `**` pairs, plain inline links, intraword `_`, single `~`, and `&`
or `<` that start no entity, tag or autolink. These tests run both on every inline run of the
project's examples, of the shared corpus and of generated text, and compare the pieces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.document.inline import Piece, _piece, _read_directly, pieces
from pmlint.document.parse import _block_parser, markdown_parser


def _slow(content: str, env: dict[str, Any] | None = None) -> list[Piece]:
    """markdown-it's inline pass, joined as its `text_join` rule joins adjacent text."""
    parser = markdown_parser()
    tokens: list[Any] = []
    parser.inline.parse(content, parser, env or {}, tokens)
    return _joined([_piece(token) for token in tokens])


def _joined(items: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for kind, value in items:
        if kind == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + value)
        elif kind != "text" or value:
            out.append((kind, value))
    return out


def _runs(text: str) -> list[tuple[str, dict[str, Any]]]:
    env: dict[str, Any] = {}
    tokens = _block_parser().parse(text, env)
    return [(token.content, env) for token in tokens if token.type == "inline"]


def _same(content: str, env: dict[str, Any]) -> None:
    assert _joined(pieces(content, _block_parser(), env)) == _slow(content, env), content


def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".md", ".txt"} and p.is_file())


def test_every_inline_run_of_the_examples_reads_the_same() -> None:
    checked = direct = 0
    for path in _documents(ROOT / "examples"):
        for content, env in _runs(path.read_text(encoding="utf-8")):
            _same(content, env)
            checked += 1
            direct += _read_directly(content) is not None
    assert checked > 500
    assert direct > checked // 2  # the point: most runs skip markdown-it's inline pass


def test_every_inline_run_of_the_corpus_reads_the_same(needs_shared: Path) -> None:
    checked = 0
    for path in _documents(needs_shared / "corpus"):
        for content, env in _runs(path.read_text(encoding="utf-8", errors="replace")):
            _same(content, env)
            checked += 1
    assert checked > 4000


@pytest.mark.parametrize(
    "content",
    [
        "**Owner:** @dana",
        "**Date:** 2024-05-01 | **Severity:** SEV-2",
        "a**b**c",
        "**a** **",
        "** a **",
        "***both***",
        "**unclosed",
        "closed**",
        "`code` and ``two `ticks` here``",
        "`unmatched and **bold**",
        "**`code` in bold**",
        "line one  \n   line two\t\nthree",
        "tail `code`  \nnext",
        "[observed] 14:02 page fired",
        "see [the doc](https://example.com)",
        "*emphasis* and _under_",
        "a &amp; b \\* c <b>x</b> ~~gone~~",
        "` `",
        "``  ``",
        "` a `",
        "**(Note):** it",
        "—**bold**—",
        # links
        "[a](b)",
        "[](b)",
        "[a]()",
        "[a] (b)",
        "[a](b c)",
        '[a](b "title")',
        "[a](<b>)",
        "[a](b(c))",
        "[a](b)c",
        "**[a](b)**",
        "**see [a](b)**: now",
        "[a **b**](c)",
        "[a `]` b](c)",
        "[a [b](c)](d)",
        "[a [b](c)",
        "[a\nb](c)",
        "[a  \n  b](c)",
        "[a](https://x.io/p_q_r?s=1&t=2#u)",
        "[a](http://host:8080/x)",
        "[a](javascript:alert)",
        "[a](JavaScript:alert)",
        "[a](file:x)",
        "[a](data:x)",
        "[a](mailto:x@y.z)",
        "![a](b)",
        "!![a](b)",
        "a![b] c",
        "[x] and [y](z)",
        "[x]: y",
        "`[a](b` c)",
        "[a](b`c) d`",
        "[a](b*c) d*",
        "[a_b](c)",
        "[a](b_c) d_e",
        "[é](ü)",
        # emphasis
        "*a*",
        "_a_",
        "*a* and _b_",
        "**a *b* c**",
        "*a **b** c*",
        "_a **b** c_",
        "**a _b_ c**",
        "**a _b** c_",
        "_a *b_ c*",
        "*a _b_ c*",
        "*a",
        "a*",
        "* a *",
        "__a__",
        "_a_b_",
        "a_b_ c",
        "(_a_)",
        "_(a)_",
        "*(a)*",
        "a*b*c",
        "*a*b",
        "*a\nb*",
        "*a [b](c) d*",
        "*[b](c)*",
        "_a `b_` c_",
        "*Note:* text",
        "***a***",
        "*a**",
        "**a*",
        # intraword `_`
        "snake_case and a_b_c",
        "_a_",
        "a_ b",
        "a _b",
        "__init__",
        "a__b",
        "é_ü",
        "a_.b",
        "a._b",
        "_",
        # `~`
        "~5 min",
        "a ~ b",
        "~~a~~",
        "~~~a~~~",
        "a~b~c",
        # `&`
        "Q&A",
        "S & P",
        "&amp; &nbsp; &copy",
        "&#123; &#x1F600; &#xZZ;",
        "&notanentity;",
        "&",
        "a&",
        # `<`
        "a < b > c",
        "< 5 min",
        "<5 min",
        "<=",
        "<5@x.io>",
        "<a@b.c>",
        "<https://example.com>",
        "<b>bold</b>",
        "</b>",
        "<!-- note -->",
        "<?php ?>",
        "<!x>",
        "<",
        "a <",
        "<<x>>",
        "< x\ny >",
        "<http://a b>",
        "x <\x7f> y",
    ],
)
def test_tricky_runs_read_the_same(content: str) -> None:
    _same(content, {})


def test_a_document_with_link_references_reads_them_as_links() -> None:
    text = "See [the runbook] now.\n\n[the runbook]: https://example.com/runbook\n"
    (content, env), *_ = _runs(text)
    assert "references" in env
    assert ("link_open", "") in pieces(content, _block_parser(), env)
    assert _read_directly(content, env["references"]) is not None
    _same(content, env)


_REFERENCE_ALPHABET = st.sampled_from(
    [*"x y[]()!*`\n", "the runbook", "pager  duty", "](", "[]", "z)"]
)
_REFERENCES = "\n\n[the runbook]: https://example.com/runbook\n[Pager Duty]: /pd\n[x]: <y>\n"


@pytest.mark.parametrize(
    "content",
    [
        "See [the runbook] now.",
        "See [The  Runbook] now.",
        "[pager duty] and [PAGER DUTY]",
        "[unknown] label",
        "[x]",
        "[x][]",
        "[x][the runbook]",
        "[the runbook][x]",
        "![x]",
        "![unknown]",
        "[x](z)",
        "[x](z w)",
        "[x] (z)",
        "[*x*]",
        "[x *y*] *z*",
        "[`x`]",
        "[]",
        "[the\nrunbook]",
        "[x] [ x ] [x",
    ],
)
def test_runs_of_a_document_with_link_references_read_the_same(content: str) -> None:
    (_, env), *_ = _runs("text" + _REFERENCES)
    assert len(env["references"]) == 3
    _same(content, env)


@settings(max_examples=600, deadline=None)
@given(st.lists(_REFERENCE_ALPHABET, max_size=24).map("".join))
def test_generated_runs_with_link_references_read_the_same(content: str) -> None:
    content = content.strip()
    if content:
        (_, env), *_ = _runs("text" + _REFERENCES)
        _same(content, env)


_ALPHABET = st.sampled_from(
    [
        *"ab :.-([])!_~&<>@#;/",
        "*",
        "**",
        "`",
        "``",
        "\n",
        "  \n",
        "\t",
        "é",
        "](",
        "http:",
        "javascript:",
        "amp;",
        "&#1;",
        "<b>",
        "<!--",
        "-->",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_generated_runs_read_the_same(content: str) -> None:
    # The block parser strips a run's ends; inline content never starts or ends blank.
    content = content.strip()
    if content:
        _same(content, {})


def test_most_runs_of_the_corpus_are_read_directly(needs_shared: Path) -> None:
    """Links, intraword `_`, `&`, `~` and `<` as text no longer send a run to markdown-it."""
    checked = direct = 0
    for folder in ("real", "real2"):
        for path in _documents(needs_shared / "corpus" / folder):
            for content, env in _runs(path.read_text(encoding="utf-8", errors="replace")):
                checked += 1
                if "\\" not in content:  # a backslash escape: markdown-it's inline pass
                    direct += _read_directly(content, env.get("references")) is not None
    assert direct > checked * 0.9  # 96 % (85 % before links, emphasis, `_`, `&`, `~`, `<`)


def test_character_kinds_agree_with_markdown_it() -> None:
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

    from pmlint.document.inline import _PUNCT, _SPACE, _WORD, _kind

    for code in [*range(0x250), *range(0x2000, 0x2070), 0x3000, 0x1F600]:
        char = chr(code)
        if isWhiteSpace(code):
            expected = _SPACE
        elif isMdAsciiPunct(code) or isPunctChar(char):
            expected = _PUNCT
        else:
            expected = _WORD
        assert _kind(char) == expected, hex(code)


def test_many_unmatched_backtick_runs_read_in_linear_time() -> None:
    """A run with no later run of its length is literal at once: a line of 1,500 backtick
    runs of different lengths (1.1 MB) reads in a fraction of a second, not in minutes."""
    import time

    content = " x ".join("`" * length for length in range(1, 1500))
    started = time.perf_counter()
    direct = _read_directly(content)
    elapsed = time.perf_counter() - started
    assert direct == _slow(content)
    assert elapsed < 5.0
