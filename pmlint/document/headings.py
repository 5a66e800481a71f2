"""Heading normalisation and matching of headings to canonical section kinds.

People number, decorate and rephrase headings ("## 1. Impact Summary", "🔬 Timeline:",
"Lessons learnt"); rules ask for kinds ("impact", "timeline", "lessons"). A profile lists,
per kind, the phrases that name it; `SectionMatcher` turns a heading into a kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, TypeGuard

from pmlint.util.recache import compiled

_NUMBERING = compiled(
    r"^(?:(?:part|section|step|appendix)\s+)?"
    r"(?:\d+(?:\.\d+)*|[a-z]|[ivx]{1,5})[.):]\s+",
    re.IGNORECASE,
)

_NON_WORD = compiled(r"[^\w]+")
_MARKUP = compiled(r"[*_`~]+")
_SHORTCODE = compiled(r":[a-z0-9_+-]{2,40}:")  # ":warning: Leadup", as chat tools write emoji


# Headings repeat across a repository ("Timeline", "Impact"): what is worked out for one is
# remembered, up to this many distinct headings per memo, so that a long run over many
# documents with headings of their own does not keep growing.
MEMO_LIMIT = 2048


@lru_cache(maxsize=MEMO_LIMIT)
def normalise_heading(text: str) -> str:
    """Fold a heading to the words that carry its meaning.

    Drops emphasis markup, emoji and other symbols, leading numbering ("1.", "A.",
    "7)", "2.3."), punctuation and case: "## 1. Impact Summary:" -> "impact summary".
    """
    if ":" in text:
        text = _SHORTCODE.sub(" ", text)
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


# Words that mean the same thing in a heading, folded to one spelling before matching:
# "Things that went poorly" reads like "what went wrong", "Our learnings" like "lessons
# learned". Kept small and general: each entry is a plain-English equivalence.
_CONCEPTS: dict[str, str] = {
    **dict.fromkeys(("poorly", "badly", "bad", "poor", "worse", "wrong", "wrongly"), "wrong"),
    **dict.fromkeys(("right", "good", "smoothly", "great", "nicely"), "well"),
    **dict.fromkeys(("learnt", "learned", "learnings", "learning", "learn"), "learn"),
    **dict.fromkeys(("luck", "lucky", "fortunate", "fortunately", "luckily"), "lucky"),
    **dict.fromkeys(
        (
            "recovery",
            "recovered",
            "recovering",
            "recover",
            "restore",
            "restored",
            "restoration",
            "restoring",
        ),
        "recover",
    ),
    **dict.fromkeys(
        (
            "detection",
            "detected",
            "detecting",
            "detect",
            "noticed",
            "discovered",
            "discovery",
            "spotted",
            "identified",
            "identification",
        ),
        "detect",
    ),
    **dict.fromkeys(
        ("impact", "impacts", "impacted", "affected", "affect", "affects", "affecting"), "impact"
    ),
    **dict.fromkeys(("cause", "causes", "caused", "causing", "origin", "origins"), "cause"),
    **dict.fromkeys(("improvement", "improvements", "improve", "improved", "improving"), "improve"),
    **dict.fromkeys(("remediation", "remediations", "remediate", "remedial"), "remedy"),
    **dict.fromkeys(
        ("preventive", "preventative", "prevention", "prevent", "preventing"), "prevent"
    ),
    **dict.fromkeys(
        ("mitigation", "mitigations", "mitigated", "mitigating", "mitigate"), "mitigate"
    ),
    **dict.fromkeys(("resolution", "resolved", "resolving", "resolve"), "resolve"),
    **dict.fromkeys(("fixed", "fixes", "fixing", "fix"), "fix"),
    **dict.fromkeys(("happened", "happening", "happens", "happen", "occurred", "occur"), "happen"),
}
_TYPO_MIN = 6  # words this long may carry one wrong, missing or extra letter


def _stem(word: str) -> str:
    """A light suffix stripper: enough for "items"/"item", "learnings"/"learn"."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def fold_word(word: str) -> str:
    """One word as the matcher compares it: its concept, else its stem."""
    return _CONCEPTS.get(word) or _stem(word)


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether `b` is `a` with one letter changed, added, removed or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _is_reading(value: Any) -> TypeGuard[list[str]]:
    """A phrase's kept reading: its normalised and its folded form (read from a cache)."""
    return (
        type(value) is list and len(value) == 2 and type(value[0]) is str and type(value[1]) is str
    )


class SectionMatcher:
    """Maps normalised headings to canonical kinds, using a profile's synonym lists.

    Headings and synonyms are compared word by word after folding: each word to its
    concept ("poorly" -> "wrong") or its stem ("learnings" -> "learn"), and a long word
    one letter away from a synonym's word ("Timline") to that word. An exact synonym
    wins; otherwise the longest synonym (in words) contained in the heading as whole
    words, ties going to the kind listed first in the profile: the more specific phrase
    decides ("Follow-up actions" is action items, not follow-up; "Impact summary" stays
    impact). A synonym written `=word` only matches a heading that is exactly that word
    (generic words such as "events" or "analysis"); a `*` in a synonym stands for up to
    six words ("why did * fail"). A heading joining two names with "and" ("What went
    well and where we got lucky") also names the second part's kind (`match_all`).
    Results are memoised: headings repeat a great deal across a repository.
    """

    def __init__(
        self,
        synonyms: Sequence[tuple[str, Iterable[str]]],
        readings: Mapping[str, Any] | None = None,
    ) -> None:
        """`readings` are what `readings()` gave for the same synonyms (kept between runs):
        each phrase found there is not read again; anything else is read as usual."""
        self._folded: dict[str, str] = {}
        self._ordered: list[tuple[str, str, int]] = []
        self._exact: dict[str, str] = {}
        self._gapped: list[tuple[str, re.Pattern[str], int]] = []
        self._vocabulary: set[str] = set()
        self._readings: dict[str, list[str]] = {}
        self.kinds: list[str] = list(dict.fromkeys(kind for kind, _ in synonyms))
        prepared: list[tuple[str, str, str, bool, str | None]] = []
        for kind, phrases in synonyms:
            for phrase in phrases:
                known = readings.get(phrase) if readings else None
                if _is_reading(known):
                    norm, folded = known
                else:
                    norm, folded = normalise_heading(phrase.lstrip("=").replace("*", " GAP ")), None
                if norm:
                    prepared.append((kind, phrase, norm, phrase.startswith("="), folded))
                    self._vocabulary.update(w for w in norm.split() if w != "gap")
                else:
                    self._readings[phrase] = [norm, norm]
        self._literal = {norm for _, _, norm, _, _ in prepared if "gap" not in norm.split()}
        for kind, phrase, norm, exact_only, known_fold in prepared:
            # A phrase's words are all in the vocabulary, so its folding reads no typos.
            if known_fold is None:
                folded = self._fold(norm)
            else:
                folded = self._folded.setdefault(norm, known_fold)
            self._readings[phrase] = [norm, folded]
            words = folded.split()
            if "gap" in norm.split():
                literal = [w for w, raw in zip(words, norm.split(), strict=True) if raw != "gap"]
                pattern = " ".join(
                    r"\S+(?: \S+){0,5}" if raw == "gap" else re.escape(w)
                    for w, raw in zip(words, norm.split(), strict=True)
                )
                self._gapped.append((kind, compiled(f"(?:^| ){pattern}(?: |$)"), len(literal)))
                continue
            self._exact.setdefault(folded, kind)
            if not exact_only:
                self._ordered.append((kind, f" {folded} ", len(words)))
        # First word of each contained-phrase synonym -> its places in `_ordered`: a heading
        # is compared only with the synonyms that start with one of its words.
        self._contained = {phrase.strip() for _kind, phrase, _words in self._ordered}
        self._by_first: dict[str, list[int]] = {}
        for index, (_kind, phrase, _words) in enumerate(self._ordered):
            self._by_first.setdefault(phrase.split()[0], []).append(index)
        self._memo: dict[str, tuple[str | None, int]] = {}
        self._all_memo: dict[str, tuple[str, ...]] = {}

    def readings(self) -> dict[str, list[str]]:
        """Each synonym phrase as the matcher read it, normalised and folded: plain data to
        keep with the catalogue, so that a later run's matcher need not read it again."""
        return dict(self._readings)

    def _fold(self, norm: str) -> str:
        """The heading as the matcher compares it (remembered: headings repeat)."""
        try:
            return self._folded[norm]
        except KeyError:
            pass
        folded = self._fold_words(norm)
        if len(self._folded) < MEMO_LIMIT:
            self._folded[norm] = folded
        return folded

    def _fold_words(self, norm: str) -> str:
        words = []
        raw = norm.split()
        short = len(raw) <= 3  # "Timline", "Root Cuase": typos are read only in short headings
        for word in raw:
            if (
                short
                and len(word) >= _TYPO_MIN
                and word not in self._vocabulary
                and word not in _CONCEPTS
            ):
                near = next(
                    (v for v in self._vocabulary if v[0] == word[0] and _one_edit_apart(word, v)),
                    None,
                )
                if near is not None:
                    word = near
            words.append(fold_word(word))
        return " ".join(words)

    def is_exact(self, norm: str, literal: bool = False) -> bool:
        """Whether the whole heading is one of the synonyms ("Timeline", "Root causes");
        `literal` asks for the synonym's own words, not words of the same meaning."""
        if literal:
            return norm in self._literal
        return self._fold(norm) in self._exact

    def _part_kind(self, part: str) -> str | None:
        """The kind one part of a joined heading names; a lone word that is a synonym only
        when it is the whole heading ("improvements", "tasks") names nothing here."""
        if not part:
            return None
        kind = self.match(part)
        folded = self._fold(part)
        if kind is not None and " " not in part and folded not in self._contained:
            return None  # matched only as an exact-only synonym, or not at all on its own
        return kind

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
        folded = self._fold(norm)
        kind = self._exact.get(folded)
        best = folded.count(" ") + 1 if kind is not None else 0
        if folded.startswith("time to "):
            folded = ""  # "Time to resolve: 2h" is a measure, not a section
        if kind is None and folded:
            padded = f" {folded} "
            starts = self._by_first
            found = sorted({i for word in set(folded.split()) for i in starts.get(word, ())})
            for index in found:  # in the profile's order, as if every synonym were tried
                candidate, phrase, words = self._ordered[index]
                if words > best and phrase in padded:
                    kind, best = candidate, words
            for candidate, pattern, words in self._gapped:
                if words > best and pattern.search(folded):
                    kind, best = candidate, words
        if len(self._memo) < MEMO_LIMIT:
            self._memo[norm] = (kind, best)
        return kind, best

    def match_all(self, norm: str) -> tuple[str, ...]:
        """Every kind a heading names: its own, then those of parts joined by "and"."""
        try:
            return self._all_memo[norm]
        except KeyError:
            pass
        first = self.match(norm)
        kinds: list[str] = [first] if first else []
        if first is not None and self._exact.get(self._fold(norm)) is None and " and " in norm:
            parts = [self._part_kind(part.strip()) for part in norm.split(" and ")]
            if sum(1 for kind in parts if kind) > 1:  # in the order the heading names them
                kinds = list(dict.fromkeys(kind for kind in parts if kind))
        found = tuple(kinds)
        if len(self._all_memo) < MEMO_LIMIT:
            self._all_memo[norm] = found
        return found
