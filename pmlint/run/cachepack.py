"""The result cache's data: every entry of one configuration in one signed file.

A warm run over a thousand post-mortems used to open, verify and parse a thousand small
entry files; now it reads one (`ResultCache` in `pmlint.run.cache` owns the file and its
signature; this module turns its content into entries and findings and back). The file
holds, after a line of JSON, the findings of all entries as nine columns of 32-bit
integers (`pmlint.document.rows`: numbers, then indexes into one table of strings, since
rule messages and names repeat from one post-mortem to the next). Reading them is one copy
per column, not a JSON parse of every number; they are checked once when read (lengths,
and every index inside the table). The JSON line holds the table and, per displayed path,
an entry:

    [content digest, cache key, file state or null, first row, row after the last]

The file state (`file_state`) lets a re-run trust an unchanged file without reading and
hashing it. Each entry's rows are stored sorted as the pipeline sorts a file's findings, so
they go to the report as they are (`FindingRows`).

Light on imports: worker processes and runs without a cache import it for `file_state`.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from array import array
from collections.abc import Sequence
from typing import Any

from pmlint.document.model import Finding
from pmlint.document.rows import NO_END, FindingRows

NUMBERS = ("line", "column", "end_line", "end_column")
STRINGS = ("code", "message", "severity", "name", "source_line")
_WIDTH = len(NUMBERS) + len(STRINGS)
_TYPE = "i"  # C int: 32 bits wherever pmlint runs (checked against `LAYOUT` when read)
LAYOUT = f"{sys.byteorder} {_TYPE}{array(_TYPE).itemsize}"
_LOW, _HIGH = NO_END + 1, 2**31 - 1  # what a stored number may be

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


def encode(findings: Sequence[Finding]) -> tuple[list[array[int]], list[str]] | None:
    """The findings (sorted) as columns and the table of strings their text columns index
    (a message or a long line with many findings on it is kept once); None when one does
    not fit the layout (a number out of 32-bit range, a value of another type), so that
    file is not stored."""
    strings: dict[str, int] = {}
    numbers: list[list[int]] = []
    for name in NUMBERS:
        values = [getattr(f, name) for f in findings]
        if NO_END in values:
            return None
        if name.startswith("end_"):
            values = [NO_END if value is None else value for value in values]
        if any(type(value) is not int for value in values):
            return None
        numbers.append(values)
    columns: list[array[int]] = []
    try:
        columns = [array(_TYPE, values) for values in numbers]
    except OverflowError:
        return None
    for name in STRINGS:
        texts = [getattr(f, name) for f in findings]
        if any(type(text) is not str for text in texts):
            return None
        columns.append(array(_TYPE, [strings.setdefault(t, len(strings)) for t in texts]))
    return columns, list(strings)


def columns_from(binary: bytes | memoryview, rows: int, size: int) -> list[array[int]] | None:
    """The nine columns of `rows` rows in `binary`, or None when they are not exactly what
    `write_entries` writes for a table of `size` strings."""
    width = array(_TYPE).itemsize * rows
    if rows < 0 or len(binary) != width * _WIDTH:
        return None
    view = memoryview(binary)
    columns = []
    for index in range(_WIDTH):
        column = array(_TYPE)
        column.frombytes(view[index * width : (index + 1) * width])
        columns.append(column)
    if not rows:
        return columns
    if min(columns[0]) < _LOW or min(columns[1]) < _LOW:  # a line or column of None
        return None
    # An index is inside the table when, read as unsigned, it is below the table's size (a
    # negative one reads as 2**31 or more): one pass over each column instead of two.
    unsigned = array(_TYPE.upper())
    for index in range(len(NUMBERS), _WIDTH):
        unsigned.frombytes(view[index * width : (index + 1) * width])
    if max(unsigned) >= size:
        return None
    return columns


class Entry:
    """One file's stored result: what it was computed from, and its findings as rows
    `start` to `end` of `columns`, whose text columns index `table` (the file's columns
    and table, or the entry's own when it is new)."""

    __slots__ = ("columns", "digest", "end", "key", "start", "state", "table")

    def __init__(
        self,
        digest: str,
        key: str,
        state: str | None,
        columns: list[array[int]],
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
        self.end = len(columns[0]) if end is None else end

    def findings(self, path: str) -> FindingRows:
        """The stored findings, each with `path` (the displayed path they were stored for)."""
        return FindingRows(path, self.columns, self.table, self.start, self.end)


_KEYS = {"stamp", "fingerprint", "layout", "rows", "strings", "files"}


def read_entries(
    data: Any, binary: bytes | memoryview, stamp: str, fingerprint: str
) -> dict[str, Entry] | None:
    """The entries of a file whose JSON line parsed to `data`, with `binary` after it; None
    when it is not one of this pmlint and configuration, or not exactly the shape
    `write_entries` gives."""
    if type(data) is not dict or set(data) != _KEYS:
        return None
    if data["stamp"] != stamp or data["fingerprint"] != fingerprint or data["layout"] != LAYOUT:
        return None
    strings, rows, files = data["strings"], data["rows"], data["files"]
    if type(strings) is not list or not set(map(type, strings)) <= {str}:
        return None
    if type(rows) is not int or type(files) is not dict:
        return None
    columns = columns_from(binary, rows, len(strings))
    if columns is None:
        return None
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


def write_entries(
    entries: dict[str, Entry], stamp: str, fingerprint: str
) -> tuple[dict[str, Any], bytes]:
    """The JSON line's data for `entries` and the columns after it: their findings in one
    set of columns, with one table of the strings they use."""
    strings: dict[str, int] = {}
    columns = [array(_TYPE) for _ in range(_WIDTH)]
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
                indexes = [strings.setdefault(table[i], len(strings)) for i in column[start:end]]
                target.extend(array(_TYPE, indexes))
        files[display] = [entry.digest, entry.key, entry.state, first, len(columns[0])]
    data = {
        "stamp": stamp,
        "fingerprint": fingerprint,
        "layout": LAYOUT,
        "rows": len(columns[0]),
        "strings": list(strings),
        "files": files,
    }
    return data, b"".join(column.tobytes() for column in columns)
