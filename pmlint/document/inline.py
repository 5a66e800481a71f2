"""Inline content (a paragraph, heading or table cell) read into an `Inline`.

markdown-it's inline pass costs about as much as the rest of a parse, yet most runs of a
post-mortem hold nothing but words, code spans, `**bold**` labels, `*emphasis*` and plain
links. `pieces` reads such runs directly and hands anything else (escapes, entities, HTML,
autolinks, strikethrough, images, `[text][label]`, nested or ambiguous emphasis, links with
a title or an unusual destination) to markdown-it's own inline parser. Both roads give the
same pieces: tests compare them on every inline run of the corpus and on generated text, so
a markdown-it upgrade that changes its rules is caught. `read_inline` folds the pieces into
the text forms rules read.

A piece is `(kind, content)`, the kind a markdown-it token type: `text`, `softbreak`,
`code_inline`, `strong_open`, `strong_close`, `em_open`, `em_close`, `link_open`,
`link_close`, `html_inline` or `image` (content: alt text).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace, normalizeReference

from pmlint.document.model import Inline
from pmlint.util.recache import compiled

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Piece = tuple[str, str]

# Inline content with none of these is plain text as written: no markup, no line break.
_PLAIN = compiled(r"[\\`*_~<&\[\n]").search

# What the direct reader looks at (a run with a backslash escape goes to markdown-it).
_HANDLED = compiled(r"[*`\n_~<&\[]")
# A link's text and destination as the direct reader takes them: text without markup or
# brackets (line breaks allowed), a destination without spaces, brackets, parentheses, escapes or a
# scheme other than the usual ones (markdown-it refuses `javascript:` and the like).
_LABEL = compiled(r"[^\[\]\\`*_~<&!]*\]")
_DESTINATION = compiled(r"\((?:(?:https?|mailto|ftp):)?[^\s()<>\\:\x00-\x1f\x7f]+\)")
# markdown-it's entity patterns: an `&` that starts neither is plain text.
_ENTITY = compiled(r"&(?:#(?:x[a-f0-9]{1,6}|[0-9]{1,7});|[a-z][a-z0-9]{1,31};)", re.I)


def read_inline(
    content: str,
    line: int,
    parser: MarkdownIt,
    env: dict[str, Any],
    on_comment: Callable[[str, int], None],
) -> Inline:
    """The text of one inline run in the two forms rules read (see `Inline`), whether it
    is all bold, and its HTML comments (given to `on_comment` with their line)."""
    if _PLAIN(content) is None:
        return Inline(content, content, line, line, False)
    text_parts: list[str] = []
    prose_parts: list[str] | None = None  # only once a code span makes prose differ
    newlines = 0
    strong_depth = 0
    strong_only = True  # until text outside a strong run shows up
    for kind, value in pieces(content, parser, env):
        if kind == "text":
            text_parts.append(value)
            if prose_parts is not None:
                prose_parts.append(value)
            if strong_only and strong_depth == 0 and value.strip():
                strong_only = False
        elif kind == "softbreak":
            text_parts.append("\n")
            if prose_parts is not None:
                prose_parts.append("\n")
            newlines += 1
        elif kind == "code_inline":
            if prose_parts is None:
                prose_parts = text_parts.copy()
            text_parts.append(value)
            prose_parts.append(" ")
            if strong_depth == 0:
                strong_only = False
        elif kind == "strong_open":
            strong_depth += 1
        elif kind == "strong_close":
            strong_depth -= 1
        elif kind == "html_inline":
            if value.startswith("<!--"):
                on_comment(value, line + newlines)
        elif kind == "image":
            if strong_depth == 0 and value.strip():
                strong_only = False
            text_parts.append(value)
            if prose_parts is not None:
                prose_parts.append(value)
    text = "".join(text_parts)
    return Inline(
        text=text,
        prose=text if prose_parts is None else "".join(prose_parts),
        line=line,
        end_line=line + newlines,
        strong=strong_only and bool(text.strip()),
    )


def pieces(content: str, parser: MarkdownIt, env: dict[str, Any]) -> list[Piece]:
    """The pieces of one inline run, read directly when that is sure to be exact."""
    if "\\" not in content:
        direct = _read_directly(content, env.get("references"))
        if direct is not None:
            return direct
    tokens: list[Token] = []
    parser.inline.parse(content, parser, env, tokens)
    return [_piece(token) for token in tokens]


def _piece(token: Token) -> Piece:
    kind = token.type
    if kind == "text_special":  # an escape or entity: plain text once joined
        return ("text", token.content)
    if kind == "hardbreak":
        return ("softbreak", "")
    if kind == "image":
        return ("image", "".join(child.content for child in token.children or []))
    return (kind, token.content)


def _read_directly(src: str, references: dict[str, Any] | None = None) -> list[Piece] | None:
    """Words, line breaks, code spans, unambiguous `**`, `*` and `_` pairs, plain inline
    links and the characters that are only text where they stand; None for anything else.

    Follows markdown-it's rules for these: trailing spaces before a line break dropped
    and leading blanks after it skipped; a backtick run closed by the next run of the
    same length (else literal); `**`, `*` and `_` open when they can only open, close the
    innermost pair when they can only close, stay literal when neither (`_` between two
    word characters); a single `~`, an `&` that starts no entity and a `<` that can start
    neither a tag nor an autolink are text; `[text](destination)` is a link, and so is
    `[label]` when the document defines that link reference; another `[` with no `(` after
    its `]` is text.
    """
    if _HANDLED.search(src) is None:
        return [("text", src)] if src else []
    out: list[Piece] = []
    pending: list[str] = []
    end = len(src)
    pos = 0
    opened: list[str] = []  # `**`, `*` and `_` opened and not yet closed, innermost last
    last_runs: dict[int, int] | None = None  # backtick run length -> where its last run starts
    while pos < end:
        found = _HANDLED.search(src, pos)
        if found is None:
            pending.append(src[pos:])
            break
        at = found.start()
        if at > pos:
            pending.append(src[pos:at])
        char = src[at]
        if char == "\n":
            text = "".join(pending).rstrip(" ")
            if text:
                out.append(("text", text))
            pending = []
            out.append(("softbreak", ""))
            pos = at + 1
            while pos < end and src[pos] in " \t":
                pos += 1
            continue
        if char in "[<&":
            if char == "[":
                link = _link(src, at, references)
                if link is None:
                    return None
                if link:
                    _flush(pending, out)
                    out.extend(link[1])
                    pos = link[0]
                    continue
            elif not _plain_char(src, at, char):
                return None
            pending.append(char)
            pos = at + 1
            continue
        run_end = at + 1
        while run_end < end and src[run_end] == char:
            run_end += 1
        if char == "~":
            if run_end - at > 1:
                return None  # strikethrough
            pending.append(char)  # one `~` is text
            pos = run_end
            continue
        if char == "`":
            if last_runs is None:
                last_runs = _last_runs(src)
            length = run_end - at
            close = _closing_run(src, run_end, length) if last_runs[length] >= run_end else None
            if close is None:
                pending.append(src[at:run_end])
            else:
                _flush(pending, out)
                out.append(("code_inline", _code_content(src[run_end:close])))
                run_end = close + (run_end - at)
            pos = run_end
            continue
        can_open, can_close = _flanking(src, at, run_end, char)
        delimiter = src[at:run_end]
        if not can_open and not can_close:
            pending.append(delimiter)  # e.g. intraword `_`, or `*` between spaces
        elif (
            (can_open and can_close)  # needs the delimiter algorithm's rule of three
            or delimiter not in ("**", "*", "_")
            or (can_open and (delimiter in opened or _star_clash(delimiter, opened)))
            or (can_close and (not opened or opened[-1] != delimiter))
        ):
            return None  # `***`, `__`, nested or crossed pairs, a closer with no opener
        else:
            _flush(pending, out)
            kind = "strong" if delimiter == "**" else "em"
            if can_open:
                out.append((f"{kind}_open", ""))
                opened.append(delimiter)
            else:
                out.append((f"{kind}_close", ""))
                opened.pop()
        pos = run_end
    if opened:
        return None  # an opener left unclosed is text, which only markdown-it settles
    _flush(pending, out)
    return out


def _star_clash(delimiter: str, opened: list[str]) -> bool:
    """`*` inside `**` or `**` inside `*`: both are `*` delimiters, which markdown-it may
    pair across lengths; left to it."""
    return (delimiter == "*" and "**" in opened) or (delimiter == "**" and "*" in opened)


def _link(
    src: str, at: int, references: dict[str, Any] | None
) -> tuple[int, list[Piece]] | tuple[()] | None:
    """The `[` at `at`: (where the link ends, its pieces) for `[text](destination)` or a
    defined `[label]`, `()` when the `[` is plain text, None when markdown-it must decide."""
    label = _LABEL.match(src, at + 1)
    if label is None:
        # Markup before any `]`: only markdown-it knows where the link's text ends.
        if "](" in src[at:] or (references and "]" in src[at:]):
            return None
        return ()
    close = label.end()
    following = src[close : close + 1]
    image = at > 0 and src[at - 1] == "!"
    if following == "(":
        destination = _DESTINATION.match(src, close)
        if image or destination is None:
            return None
        end = destination.end()
    elif not references:
        return ()  # no destination and no link references defined: not a link
    elif following == "[":
        return None  # `[text][label]` or `[text][]`
    elif normalizeReference(src[at + 1 : close - 1]) not in references:
        return ()  # not a defined label: plain text
    elif image:
        return None
    else:
        end = close
    inner = _read_directly(src[at + 1 : close - 1]) or []  # words and line breaks only
    return end, [("link_open", ""), *inner, ("link_close", "")]


def _plain_char(src: str, at: int, char: str) -> bool:
    """Whether the `<` or `&` at `at` is only text: `&` starting no entity, `<` followed by
    what can start no tag (a letter, `!`, `?`, `/`) and no autolink (no `>` before the next
    `<`, or a space or control character before it)."""
    if char == "&":
        return _ENTITY.match(src, at) is None
    following = src[at + 1 : at + 2]
    if following in ("!", "?", "/") or (following.isascii() and following.isalpha()):
        return False
    stop = at + 1
    while stop < len(src) and src[stop] not in "<>":
        if src[stop] <= " ":
            return True
        stop += 1
    return stop == len(src) or src[stop] == "<"


def _flush(pending: list[str], out: list[Piece]) -> None:
    if pending:
        text = "".join(pending)
        if text:
            out.append(("text", text))
        pending.clear()


def _last_runs(src: str) -> dict[int, int]:
    """Where the last backtick run of each length starts: an opener with no later run of
    its length is literal at once, so a line of many unmatched runs stays linear."""
    last: dict[int, int] = {}
    pos = 0
    while (found := src.find("`", pos)) != -1:
        pos = found + 1
        while pos < len(src) and src[pos] == "`":
            pos += 1
        last[pos - found] = found
    return last


def _closing_run(src: str, start: int, length: int) -> int | None:
    """Where the next backtick run of exactly `length` starts, if any."""
    pos = start
    while (found := src.find("`", pos)) != -1:
        run_end = found + 1
        while run_end < len(src) and src[run_end] == "`":
            run_end += 1
        if run_end - found == length:
            return found
        pos = run_end
    return None


def _code_content(raw: str) -> str:
    content = raw.replace("\n", " ")
    if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
        return content[1:-1]
    return content


def _flanking(src: str, start: int, end: int, marker: str = "*") -> tuple[bool, bool]:
    """(can open, can close) of the `*` or `_` run src[start:end], as CommonMark defines
    them: a `_` run that is both left- and right-flanking opens only after punctuation and
    closes only before it, so `_` inside a word is text."""
    last = _kind(src[start - 1]) if start > 0 else _SPACE
    following = _kind(src[end]) if end < len(src) else _SPACE
    left = following == _WORD or (following == _PUNCT and last != _WORD)
    right = last == _WORD or (last == _PUNCT and following != _WORD)
    if marker == "_":
        return left and (not right or last == _PUNCT), right and (not left or following == _PUNCT)
    return left, right


_WORD, _PUNCT, _SPACE = 0, 1, 2
_ASCII_KINDS = {chr(code): _WORD for code in range(128)}
_ASCII_KINDS.update({char: _PUNCT for char in string.punctuation})
_ASCII_KINDS.update({char: _SPACE for char in " \t\n\r\x0b\x0c"})


def _kind(char: str) -> int:
    """A character as the flanking rules see it: whitespace, punctuation or other."""
    kind = _ASCII_KINDS.get(char)
    if kind is not None:
        return kind
    if isWhiteSpace(ord(char)):
        return _SPACE
    return _PUNCT if isMdAsciiPunct(ord(char)) or isPunctChar(char) else _WORD
