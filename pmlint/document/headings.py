"""Heading normalisation and matching of headings to canonical section kinds.

People number, decorate and rephrase headings ("## 1. Impact Summary", "🔬 Timeline:",
"Lessons learnt"); rules ask for kinds ("impact", "timeline", "lessons"). A profile lists,
per kind, the phrases that name it; `SectionMatcher` turns a heading into a kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_NUMBERING = re.compile(
    r"^(?:(?:part|section|step|appendix)\s+)?"
    r"(?:\d+(?:\.\d+)*|[a-z]|[ivx]{1,5})[.):]\s+",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^\w]+")
_MARKUP = re.compile(r"[*_`~]+")


def normalise_heading(text: str) -> str:
    """Fold a heading to the words that carry its meaning.

    Drops emphasis markup, emoji and other symbols, leading numbering ("1.", "A.",
    "7)", "2.3."), punctuation and case: "## 1. Impact Summary:" -> "impact summary".
    """
    text = _MARKUP.sub("", text).strip()
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNZP" or ch in "-+&/")
    text = text.strip()
    previous = None
    while previous != text:  # "1. A. Foo" -> "Foo"
        previous = text
        text = _NUMBERING.sub("", text, count=1).strip()
    text = text.replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", text.lower()).replace("_", " ").split())


class SectionMatcher:
    """Maps normalised headings to canonical kinds, using a profile's synonym lists.

    An exact synonym wins; otherwise the longest synonym (in words) contained in the
    heading as whole words, ties going to the kind listed first in the profile: the more
    specific phrase decides ("Follow-up actions" is action items, not follow-up; "Impact
    summary" stays impact). A synonym written `=word` only matches a
    heading that is exactly that word (generic words such as "events" or "analysis").
    Results are memoised: headings repeat a great deal across a repository.
    """

    def __init__(self, synonyms: Sequence[tuple[str, Iterable[str]]]) -> None:
        self._ordered: list[tuple[str, str, int]] = []
        self._exact: dict[str, str] = {}
        for kind, phrases in synonyms:
            for phrase in phrases:
                exact_only = phrase.startswith("=")
                norm = normalise_heading(phrase.lstrip("="))
                if not norm:
                    continue
                self._exact.setdefault(norm, kind)
                if not exact_only:
                    self._ordered.append((kind, f" {norm} ", norm.count(" ") + 1))
        self._memo: dict[str, tuple[str | None, int]] = {}
        self.kinds: list[str] = list(dict.fromkeys(kind for kind, _ in synonyms))

    def match(self, norm: str) -> str | None:
        """The canonical kind a normalised heading names, if any."""
        return self.match_words(norm)[0]

    def match_words(self, norm: str) -> tuple[str | None, int]:
        """The kind, and how many of the heading's words the matching phrase covers.

        A bold line is read as a heading only when the phrase is most of it: "**Impact**"
        is a heading, "**Does this change impact our security?**" is a question.
        """
        try:
            return self._memo[norm]
        except KeyError:
            pass
        kind = self._exact.get(norm)
        best = norm.count(" ") + 1 if kind is not None else 0
        if kind is None and norm:
            padded = f" {norm} "
            for candidate, phrase, words in self._ordered:
                if words > best and phrase in padded:
                    kind, best = candidate, words
        if len(self._memo) < 10_000:
            self._memo[norm] = (kind, best)
        return kind, best
