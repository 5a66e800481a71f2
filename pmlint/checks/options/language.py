"""Options of the language primitives (`pmlint.checks.language`)."""

from __future__ import annotations

from pmlint.checks.options import Options, Patterns, Phrases


class PhraseOptions(Options):
    """Options of `phrase_forbidden`.

    - phrases: words or phrases matched as whole words, case-insensitively; spaces in a
      phrase match any run of whitespace ("human error" also finds "human  error").
    - patterns: regular expressions (Python syntax), matched as written: case-sensitive
      unless the pattern says `(?i)`.
    - kinds: section kinds to search (`impact`, `causal_analysis`, …); empty means the
      whole document, preamble and headings included.
    - code: also search code spans (`` `like this` ``); off by default, so quoting a
      phrase in backticks is not using it. Code blocks are never searched.
    - hints: optional words that every pattern match contains (case-insensitive); when
      given, patterns run only on lines holding one of them, which keeps a rule cheap on
      large repositories. Leave it empty if a pattern can match without any of them.
    """

    phrases: Phrases = []
    patterns: Patterns = []
    kinds: list[str] = []
    code: bool = False
    hints: list[str] = []
