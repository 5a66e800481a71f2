"""pmlint's regular expressions, compiled once per Python and kept between runs.

Compiling the ~150 patterns a one-file `pmlint check` needs (dates, clock times, action
items, durations...) costs ~25 ms of its start-up, while matching a whole document costs
less. What the compiler makes of a pattern depends only on the pattern, its flags and the
Python running it, so `compiled()` keeps the result (the matching engine's code, group
count and names) in one file in the user's cache folder, next to the catalogue snapshot, and
later runs hand it straight to the engine, which checks the code before accepting it.

The file is untrusted like every cache: it is keyed by the Python version and the engine's
magic number and code size, carries a checksum, and an entry the engine refuses, a file
that does not parse or a file for another Python is ignored and rewritten; any doubt means
the pattern is compiled as usual. The file is off with the catalogue cache
(`PMLINT_NO_CATALOG_CACHE`) and is written only when a run compiled a pattern it lacked.
Patterns compiled here are the same objects `re.compile` would make (equal to them), only
not kept in `re`'s own small cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python's engine: compile as usual
    _sre = None

__all__ = ["compiled"]

SCHEMA = 1  # bump when the file's layout changes
KEEP_ENTRIES = 2000  # a file that grew this big takes no more (user patterns come and go)
_ENGINE = hashlib.sha256(
    f"{sys.implementation.cache_tag}\n{sys.version}\n{getattr(_sre, 'MAGIC', None)}"
    f"\n{getattr(_sre, 'CODESIZE', None)}\n{SCHEMA}".encode()
).hexdigest()[:32]  # one word naming the Python and the matching engine
_STATE: dict[str, Any] = {}  # "table": entries read; "file": where (None: off); "new": misses


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the kept code when there is some."""
    if "table" not in _STATE:
        _load()
    key = f"{int(flags)}:{pattern}"
    entry = _STATE["table"].get(key)
    if entry is not None:
        made = _from_entry(pattern, entry)
        if made is not None:
            return made
    regex = re.compile(pattern, flags)
    if _STATE["file"] is not None and len(_STATE["table"]) < KEEP_ENTRIES:
        new = _entry(pattern, flags, regex)
        if new is not None:
            _remember(key, new)
    return regex


def _from_entry(pattern: str, entry: Any) -> re.Pattern[str] | None:
    """The pattern made from a kept entry, or None if the entry is not usable."""
    try:
        flags, code, groups, groupindex, indexgroup = entry
        words = memoryview(bytes.fromhex(code)).cast("I").tolist()
        return _sre.compile(pattern, flags, words, groups, groupindex, tuple(indexgroup))
    except (TypeError, ValueError, RuntimeError, OverflowError, AttributeError):
        return None


def _entry(pattern: str, flags: int, regex: re.Pattern[str]) -> list[Any] | None:
    """What to keep of a pattern: the compiler's output, made again from the pattern (the
    compiled object does not expose its code), and kept only if it makes `regex` again."""
    if _sre.CODESIZE != 4:
        return None
    try:
        from array import array  # lazy for start-up time: only when a new pattern is kept

        tree = _parser.parse(pattern, flags)
        words = array("I", _compiler._code(tree, flags)).tobytes().hex()
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in tree.state.groupdict.items():
            indexgroup[index] = name
        groups = tree.state.groups - 1
        entry = [flags | tree.state.flags, words, groups, dict(tree.state.groupdict), indexgroup]
    except Exception:  # the compiler's internals differ: keep nothing
        return None
    again = _from_entry(pattern, entry)
    if again is None or again != regex or again.groupindex != regex.groupindex:
        return None
    return entry


def _file() -> Path | None:
    """Where the kept code lives for this Python (None: the cache is turned off)."""
    if os.environ.get("PMLINT_NO_CATALOG_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pmlint" / f"patterns-{_ENGINE[:16]}.json"


def _load() -> None:
    _STATE["table"] = {}
    _STATE["file"] = target = _file() if _sre is not None else None
    if target is None:
        return
    try:
        header, _, body = target.read_bytes().partition(b"\n")
        if header != _header(body):
            return
        table = json.loads(body)
        if isinstance(table, dict):
            _STATE["table"] = table
    except (OSError, ValueError, RecursionError):
        pass


def _header(body: bytes) -> bytes:
    """The file's first line: the engine it is for and the checksum of the rest."""
    return f"{_ENGINE} {hashlib.sha256(body).hexdigest()}".encode()


def _remember(key: str, entry: list[Any]) -> None:
    """Add an entry; the file is written once, when the process ends."""
    if "new" not in _STATE:
        import atexit  # lazy for start-up time: only a run that compiled something new

        _STATE["new"] = True
        atexit.register(_save)
    _STATE["table"][key] = entry


def _save() -> None:
    """Write the table with this run's new entries (a failure only costs the next run)."""
    target = _STATE.get("file")
    if target is None:
        return
    body = json.dumps(_STATE["table"], separators=(",", ":")).encode()
    temporary = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Readable by its owner only, like the other files of the cache folder.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_header(body) + b"\n" + body)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
