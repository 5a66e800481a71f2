"""Words in regular expressions: alternations the engine tries cheaply, and quick tests that
rule a case-insensitive search out before it runs.

In `one|two|three|...` the engine tries every word at every position of the text. Written as
`(?=[ot…])(?:o(?:ne)|t(?:wo|hree)|…)`, a position whose character starts no word is passed over
after one set test, and elsewhere only the words sharing that first character are tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pmlint.util.recache import compiled

__all__ = ["ascii_keys", "may_contain", "one_of"]


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


# Under re.IGNORECASE an ASCII letter also matches four other characters (the `re` docs
# list them). Lower-cased, the Kelvin sign is a plain "k", but dotted capital I becomes an
# "i" and a combining dot, and the dotless i and long s stay as they are: where one of
# those is, a key may match although the lower-cased text does not hold it.
_LOOKALIKES_LOWERED = compiled("[\u0131\u017f\u0307]")


def ascii_keys(words: Iterable[str]) -> tuple[str, ...] | None:
    """`words` lower-cased for `may_contain`; None when one is not ASCII (then only the
    case-insensitive regular expression itself can tell)."""
    keys = tuple(words)
    if not all(key.isascii() for key in keys):
        return None
    return tuple(key.lower() for key in keys)


def may_contain(low: str, keys: tuple[str, ...]) -> bool:
    """False only when the text whose `str.lower()` is `low` holds none of the `keys` (from
    `ascii_keys`) in any case, as a case-insensitive regular expression reads it: a cheap
    test before running one."""
    if not low.isascii() and _LOOKALIKES_LOWERED.search(low):
        return True
    for key in keys:  # noqa: SIM110 - a plain loop is a third cheaper than any()
        if key in low:
            return True
    return False
