"""Did-you-mean hints for error messages."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for a near miss, else ""."""
    import difflib  # lazy for start-up time: only for a hint, after an error

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
