"""Regular expressions from outside pmlint, run with a time limit.

Patterns in pmlint's own rule files are checked in its tests (linear on adversarial input).
Patterns a repository supplies (options in its configuration, its own rule files and
profiles) are not: `(a+)+$` backtracks for minutes on a 40-character line. Those are
compiled with the `regex` module (same syntax as `re`) and every search gets a time limit;
a search that runs past it raises `PatternTimeout`, which the engine reports as the rule's
internal error (PM003) while the other rules run on.

Which strings came from outside is recorded when rules are built (`distrust`); the
patterns' compilers ask `trusted`. `regex` is imported only for such a pattern (it costs
start-up time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pmlint.util.recache import compiled

__all__ = [
    "TIMEOUT",
    "PatternTimeout",
    "TimedPattern",
    "compile_option",
    "distrust",
    "trusted",
]

TIMEOUT = 1.0  # seconds for one search of one line

_UNTRUSTED: set[str] = set()


class PatternTimeout(Exception):
    """A supplied pattern ran past its time limit on one text."""


def distrust(value: Any) -> None:
    """Record every string in `value` (nested lists and mappings too) as supplied from outside."""
    if isinstance(value, str):
        _UNTRUSTED.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            distrust(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            distrust(item)


def trusted(patterns: Iterable[str]) -> bool:
    """Whether none of `patterns` came from outside pmlint."""
    return not any(p in _UNTRUSTED for p in patterns)


class TimedPattern:
    """A pattern compiled by the `regex` module whose searches stop after `TIMEOUT` seconds.

    Offers what pmlint's checks call on a compiled pattern: search, match, fullmatch,
    finditer, findall, sub and split."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        import regex  # lazy for start-up time: only for patterns from outside

        self.pattern = pattern
        self.flags = flags
        self._compiled = regex.compile(pattern, _regex_flags(flags) | regex.VERSION0)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, timeout=TIMEOUT, **kwargs)
        except TimeoutError:
            raise PatternTimeout(self._message()) from None

    def _message(self) -> str:
        shown = self.pattern if len(self.pattern) <= 60 else self.pattern[:57] + "..."
        return (
            f"pattern {shown!r} ran past {TIMEOUT:g} s on one line; simplify it "
            "(nested repetition such as (a+)+ backtracks without end)"
        )

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call(self._compiled.search, string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call(self._compiled.match, string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call(self._compiled.fullmatch, string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call(self._compiled.findall, string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        found = self._call(self._compiled.finditer, string, pos, endpos)
        try:
            yield from found
        except TimeoutError:
            raise PatternTimeout(self._message()) from None

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        result: str = self._call(self._compiled.sub, repl, string, count)
        return result

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        result: list[Any] = self._call(self._compiled.split, string, maxsplit)
        return result

    @property
    def groupindex(self) -> Any:
        return self._compiled.groupindex


def _regex_flags(flags: int) -> int:
    import regex  # lazy for start-up time: only for patterns from outside

    table = {
        re.IGNORECASE: regex.IGNORECASE,
        re.MULTILINE: regex.MULTILINE,
        re.DOTALL: regex.DOTALL,
        re.VERBOSE: regex.VERBOSE,
        re.ASCII: regex.ASCII,
    }
    out = 0
    for flag, mapped in table.items():
        if flags & flag:
            out |= mapped
    return out


def compile_option(pattern: str, flags: int = 0, parts: Iterable[str] | None = None) -> Any:
    """`re.compile(pattern, flags)`, or a `TimedPattern` when the pattern (or any of the
    `parts` it was made from) came from outside pmlint."""
    if trusted([pattern, *(parts or ())]):
        return compiled(pattern, flags)
    return TimedPattern(pattern, flags)
