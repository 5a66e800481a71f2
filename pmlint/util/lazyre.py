"""Regular expressions compiled on first use.

A one-file run imports every check and view, but most documents never reach the rarer
branches (a tracking URL, a TOML front matter error, a dotted clock time). Compiling their
patterns at import costs start-up time for nothing, so they are declared as `LazyPattern`s.

After the first use the pattern's bound methods sit in the instance's slots, so a call costs
one slot read, the same as calling the compiled pattern: lazy patterns may run in loops.
Before that, reading any of them goes through `__getattr__`, which compiles the pattern and
fills every slot. A bad pattern raises `re.error` on first use, not at definition; patterns
from rule options are validated at load time (`pmlint.checks.options`) before they get here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from pmlint.util.recache import compiled as kept_compiled

__all__ = ["LazyPattern", "lazy"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A `re.Pattern[str]` stand-in that compiles itself the first time it is used."""

    __slots__ = ("pattern", "flags", "_compiled", "groupindex", *_METHODS)

    pattern: str
    flags: int
    _compiled: re.Pattern[str]
    groupindex: Any  # the compiled pattern's mapping of group names to numbers

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if it is not yet)."""
        try:
            return self._compiled
        except AttributeError:
            regex = kept_compiled(self.pattern, self.flags)
            for name in _METHODS:
                setattr(self, name, getattr(regex, name))
            self.groupindex = regex.groupindex
            self._compiled = regex  # last: its presence means every slot is filled
            return regex

    def __repr__(self) -> str:
        state = "compiled" if hasattr(self, "_compiled") else "not compiled"
        return f"LazyPattern({self.pattern!r}, {self.flags!r}, {state})"

    if TYPE_CHECKING:
        # Typed like the methods of `re.Pattern[str]`; at run time these names are slots.
        def search(self, string: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...
        def match(self, string: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...
        def fullmatch(
            self, string: str, pos: int = 0, endpos: int = ...
        ) -> re.Match[str] | None: ...
        def finditer(
            self, string: str, pos: int = 0, endpos: int = ...
        ) -> Iterator[re.Match[str]]: ...
        def findall(self, string: str, pos: int = 0, endpos: int = ...) -> list[Any]: ...
        def sub(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> str: ...
        def subn(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> tuple[str, int]: ...
        def split(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...
    else:

        def __getattr__(self, name: str) -> Any:
            # Reached only while a slot is empty, i.e. before the first compile.
            if name in _METHODS or name == "groupindex":
                self.compiled()
                return getattr(self, name)
            raise AttributeError(name)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """A pattern compiled on first use; for module-level patterns most runs never need."""
    return LazyPattern(pattern, flags)
