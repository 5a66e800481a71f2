"""The result cache's data: every entry of one configuration in one signed document.

A warm run over a thousand post-mortems used to open, verify and parse a thousand small
entry files; now it reads one (`ResultCache` in `pmlint.run.cache` owns the file and its
signature; this module only turns its JSON into entries and findings and back). The
document holds the findings of all entries column by column (`NUMBERS`, then `STRINGS` as
indexes into one table of strings: rule messages and names repeat from one post-mortem to
the next), checked once when read, and per displayed path an entry:

    [content digest, cache key, file state or null, first row, row after the last]

The file state (`file_state`) lets a re-run trust an unchanged file without reading and
hashing it.

Light on imports: worker processes and runs without a cache import it for `file_state`.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from itertools import repeat
from typing import Any

from pmlint.document.model import Finding

NUMBERS = ("line", "column", "end_line", "end_column")
STRINGS = ("code", "message", "severity", "name", "source_line")
_WIDTH = len(NUMBERS) + len(STRINGS)
_INT = {int}
_INT_OR_NONE = {int, type(None)}
_STR = {str}

# A file whose modification or change time is this close to now is not vouched for by
# its state: it could be written again within the same tick of the file system's clock
# (one or two seconds on some) and keep size and times. Such a file is read and hashed on
# the next run, and its state recorded then, once it has aged.
RECENT_NS = 3_000_000_000


def file_state(path: str | os.PathLike[str]) -> str | None:
    """Size, modification and change times (ns), inode and device of a regular file, as
    one string; None when the file cannot be stat'ed, is not a regular file, or was
    changed too recently for its state to vouch for its content.

    Trade-off: a re-run takes a file whose state equals the stored one as unchanged, without
    reading it. For that to be wrong, the file must have been rewritten with the same size
    while keeping the same modification time and the same change time. Tools can set the
    modification time back, but not the change time: the kernel sets that to the current
    clock on every write or attribute change. So it takes a write in the same clock tick as
    the one the stored state saw, which `RECENT_NS` rules out, or a system clock set back.
    A state that differs only means the content is read and hashed: the digest decides.
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if max(info.st_mtime_ns, info.st_ctime_ns) > time.time_ns() - RECENT_NS:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"


def encode(findings: Iterable[Finding]) -> tuple[list[list[Any]], list[str]]:
    """The findings as columns (none when there are no findings) and the table of strings
    their text columns index: a message or a long line with many findings on it is kept
    once."""
    found = list(findings)
    if not found:
        return [], []
    strings: dict[str, int] = {}
    columns: list[list[Any]] = [[getattr(f, name) for f in found] for name in NUMBERS]
    for name in STRINGS:
        columns.append([strings.setdefault(getattr(f, name), len(strings)) for f in found])
    return columns, list(strings)


def valid(columns: Any, size: int) -> bool:
    """Whether `columns` are exactly the shape `encode` writes, for a table of `size`."""
    if type(columns) is not list:
        return False
    if not columns:
        return True
    if len(columns) != _WIDTH or not all(type(c) is list for c in columns):
        return False
    count = len(columns[0])
    if any(len(column) != count for column in columns):
        return False
    lines, cols, end_lines, end_columns = columns[: len(NUMBERS)]
    if not set(map(type, lines)) | set(map(type, cols)) <= _INT:
        return False
    if not set(map(type, end_lines)) | set(map(type, end_columns)) <= _INT_OR_NONE:
        return False
    for column in columns[len(NUMBERS) :]:
        if not set(map(type, column)) <= _INT or (
            column and (min(column) < 0 or max(column) >= size)
        ):
            return False
    return True


class Entry:
    """One file's stored result: what it was computed from, and its findings as rows
    `start` to `end` of `columns`, whose text columns index `table` (the document's
    columns and table, or the entry's own when it is new)."""

    __slots__ = ("columns", "digest", "end", "key", "start", "state", "table")

    def __init__(
        self,
        digest: str,
        key: str,
        state: str | None,
        columns: list[list[Any]],
        table: list[str],
        start: int = 0,
        end: int | None = None,
    ) -> None:
        self.digest = digest
        self.key = key
        self.state = state
        self.columns = columns
        self.table = table
        self.start = start
        self.end = (len(columns[0]) if columns else 0) if end is None else end

    def findings(self, path: str) -> list[Finding]:
        """The stored findings, each with `path` (the displayed path they were stored for)."""
        start, end = self.start, self.end
        if start >= end:
            return []
        rows = [column[start:end] for column in self.columns]
        get = self.table.__getitem__
        code, message, severity, name, source = (map(get, c) for c in rows[len(NUMBERS) :])
        lines, cols, end_lines, end_columns = rows[: len(NUMBERS)]
        return list(
            map(
                Finding,
                repeat(path, end - start),
                lines,
                cols,
                code,
                message,
                severity,
                name,
                end_lines,
                end_columns,
                source,
            )
        )


_KEYS = {"stamp", "fingerprint", "strings", "columns", "files"}


def read_entries(data: Any, stamp: str, fingerprint: str) -> dict[str, Entry] | None:
    """The entries of a parsed document, or None when it is not one of this pmlint and
    configuration, or not exactly the shape `write_entries` gives."""
    if type(data) is not dict or set(data) != _KEYS:
        return None
    if data["stamp"] != stamp or data["fingerprint"] != fingerprint:
        return None
    strings, columns, files = data["strings"], data["columns"], data["files"]
    if type(strings) is not list or not set(map(type, strings)) <= _STR:
        return None
    if not columns or not valid(columns, len(strings)) or type(files) is not dict:
        return None
    rows = len(columns[0])
    entries: dict[str, Entry] = {}
    for display, stored in files.items():
        if type(stored) is not list or len(stored) != 5:
            return None
        digest, key, state, start, end = stored
        if not (type(digest) is str and type(key) is str and (state is None or type(state) is str)):
            return None
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= rows):
            return None
        entries[display] = Entry(digest, key, state, columns, strings, start, end)
    return entries


def write_entries(entries: dict[str, Entry], stamp: str, fingerprint: str) -> dict[str, Any]:
    """The document for `entries`: their findings in one set of columns, with one table of
    the strings they use."""
    strings: dict[str, int] = {}
    columns: list[list[Any]] = [[] for _ in range(_WIDTH)]
    files: dict[str, list[Any]] = {}
    numbers = len(NUMBERS)
    for display, entry in entries.items():
        start, end = entry.start, entry.end
        first = len(columns[0])
        if start < end:
            table = entry.table
            for target, column in zip(columns[:numbers], entry.columns[:numbers], strict=True):
                target.extend(column[start:end])
            for target, column in zip(columns[numbers:], entry.columns[numbers:], strict=True):
                target.extend(
                    [strings.setdefault(table[i], len(strings)) for i in column[start:end]]
                )
        files[display] = [entry.digest, entry.key, entry.state, first, len(columns[0])]
    return {
        "stamp": stamp,
        "fingerprint": fingerprint,
        "strings": list(strings),
        "columns": columns,
        "files": files,
    }
