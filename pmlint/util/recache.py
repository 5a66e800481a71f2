"""pmlint's regular expressions, compiled once per Python and kept between runs.

Compiling the ~150 patterns a one-file `pmlint check` needs (dates, clock times, action
items, durations...) costs ~25 ms of its start-up, while matching a whole document costs
less. What the compiler makes of a pattern depends only on the pattern, its flags and the
Python running it, so `compiled()` keeps the result (the matching engine's code, group
count and names) in one file in the user's cache folder, next to the catalogue snapshot, and
later runs hand it straight to the engine, which checks the code before accepting it.

The file is untrusted like every cache. It is named after, and starts with, the Python
version and the engine's magic number and code size; each entry (one line) carries a CRC of
its pattern and code. An entry that fails its CRC, does not decode or is refused by the
engine, a file for another Python or one that cannot be read means the pattern is compiled
as usual. The file is off with the catalogue cache (`PMLINT_NO_CATALOG_CACHE`) and is
written only when a run compiled a pattern it lacked, with the patterns of that run first
and at most `KEEP_ENTRIES` lines, so that it stays small and quick to read. Patterns made
here equal those `re.compile` makes, only they are not kept in `re`'s own small cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from binascii import a2b_base64, b2a_base64, crc32
from pathlib import Path
from typing import Any

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python's engine: compile as usual
    _sre = None

__all__ = ["compiled"]

SCHEMA = 3  # bump when the file's layout changes
KEEP_ENTRIES = 600  # lines written at most (a run needs ~150; options and profiles vary)
# The Python and engine the kept code is for: the file's name and first line.
_ENGINE = (
    f"{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}-{getattr(_sre, 'CODESIZE', 0)}"
    f"-{crc32(sys.version.encode()):08x}-{SCHEMA}"
)
# "table": lines read, by key; "used": lines of this run, by key; "file": where (None: off);
# "dirty": set once the file is to be written at exit.
_STATE: dict[str, Any] = {}


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the kept code when there is some."""
    if "table" not in _STATE:
        _load()
    # One line of ASCII (newlines, tabs and other characters escaped): the file then reads
    # as ASCII, several times faster than text with a few other characters in it.
    key = ascii(f"{int(flags)}:{pattern}")
    line = _STATE["table"].get(key)
    if line is not None:
        made = _from_line(pattern, key, line)
        if made is not None:
            _STATE["used"][key] = line
            return made
    regex = re.compile(pattern, flags)
    if _STATE["file"] is not None:
        entry = _entry(pattern, flags, regex)
        if entry is not None:
            payload = json.dumps(entry, separators=(",", ":"))
            _remember(key, f"{_crc(key, payload):08x}\t{payload}")
    return regex


def _crc(key: str, payload: str) -> int:
    return crc32(f"{key}\t{payload}".encode("ascii"))


def _from_line(pattern: str, key: str, line: str) -> re.Pattern[str] | None:
    """The pattern made from a kept line (CRC, then code), or None if it is not usable."""
    check, _, payload = line.partition("\t")
    try:
        if int(check, 16) != _crc(key, payload):
            return None
        return _from_entry(pattern, json.loads(payload))
    except (ValueError, RecursionError):
        return None


def _from_entry(pattern: str, entry: Any) -> re.Pattern[str] | None:
    """The pattern made from a kept entry, or None if the entry is not usable."""
    try:
        flags, code, groups, groupindex, indexgroup = entry
        words = memoryview(a2b_base64(code)).cast("I").tolist()
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
        words = b2a_base64(array("I", _compiler._code(tree, flags)).tobytes(), newline=False)
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in tree.state.groupdict.items():
            indexgroup[index] = name
        groups = tree.state.groups - 1
        groupindex = dict(tree.state.groupdict)
        entry = [flags | tree.state.flags, words.decode(), groups, groupindex, indexgroup]
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
    return Path(base) / "pmlint" / f"patterns-{_ENGINE}.txt"


def _load() -> None:
    """Read the kept lines by key; their CRCs are checked when they are used."""
    _STATE["table"] = {}
    _STATE["used"] = {}
    _STATE["file"] = target = _file() if _sre is not None else None
    if target is None:
        return
    try:
        lines = target.read_bytes().decode("ascii").split("\n")
    except (OSError, UnicodeDecodeError):
        return
    if lines[0] != _ENGINE:
        return
    table = _STATE["table"]
    for line in lines[1:]:
        key, _, rest = line.partition("\t")
        table[key] = rest


def _remember(key: str, line: str) -> None:
    """Add a line; the file is written once, when the process ends."""
    if "dirty" not in _STATE:
        import atexit  # lazy for start-up time: only a run that compiled something new

        _STATE["dirty"] = True
        atexit.register(_save)
    _STATE["table"][key] = line
    _STATE["used"][key] = line


def _save() -> None:
    """Write this run's lines, then earlier ones up to `KEEP_ENTRIES` (a failure only costs
    the next run a few compilations)."""
    target = _STATE.get("file")
    if target is None:
        return
    kept = dict(_STATE["used"])
    for key, line in _STATE["table"].items():
        if len(kept) >= KEEP_ENTRIES:
            break
        kept.setdefault(key, line)
    text = "\n".join([_ENGINE, *(f"{key}\t{line}" for key, line in kept.items())])
    temporary = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Readable by its owner only, like the other files of the cache folder.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("ascii"))
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
