"""Alternations of many literal words that the regex engine tries cheaply.

In `one|two|three|...` the engine tries every word at every position of the text. Written as
`(?=[ot…])(?:o(?:ne)|t(?:wo|hree)|…)`, a position whose character starts no word is passed over
after one set test, and elsewhere only the words sharing that first character are tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["one_of"]


def one_of(words: Iterable[str]) -> str:
    """A pattern matching what `"|".join(map(re.escape, words))` matches, where it does.

    Words are grouped by their first character, in their own order within a group. Two
    groups never match at the same position when every word is ASCII (no two ASCII
    characters match each other, even case-insensitively), so the order between groups
    does not matter; with another word, or an empty one, the plain alternation is kept.
    """
    listed = list(words)
    if not listed or not all(word and word.isascii() for word in listed):
        return "(?:" + "|".join(map(re.escape, listed)) + ")"
    groups: dict[str, list[str]] = {}
    for word in listed:
        groups.setdefault(word[0], []).append(word[1:])
    firsts = "".join(re.escape(first) for first in groups)
    alternatives = "|".join(
        re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")"
        for first, rests in groups.items()
    )
    return f"(?=[{firsts}])(?:{alternatives})"
