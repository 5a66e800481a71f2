"""One file's findings as stored columns, read as `Finding` objects only when asked.

A warm run answers most files from the result cache, whose findings sit in columns (numbers,
and indexes into one table of strings). Building a `Finding` per row only for a report to
take it apart again cost more than the report itself; `FindingRows` keeps the columns, and
the streamed reports read them directly (counts per column, each distinct string encoded
once). Anything else sees a sequence of `Finding`s, made on demand.

Rows are kept in the order the pipeline sorts a file's findings in (`FINDING_ORDER`), so a
file answered from the cache needs no sorting.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import repeat
from typing import Any, overload

from pmlint.document.model import Finding

# The value of an end line or column that was None (lines and columns are small and
# 1-based: no finding has this one; one that did would not be stored).
NO_END = -(2**31)
LINE, COLUMN, END_LINE, END_COLUMN, CODE, MESSAGE, SEVERITY, NAME, SOURCE = range(9)


class FindingRows(Sequence[Finding]):
    """Rows `start` to `end` of `columns` for `path`; text columns index `table`.

    `columns` are the nine columns in the order of the constants above: line, column, end
    line, end column (NO_END for None), then indexes of code, message, severity, name and
    source line into `table`."""

    __slots__ = ("columns", "end", "path", "start", "table")

    def __init__(
        self, path: str, columns: Sequence[Any], table: list[str], start: int, end: int
    ) -> None:
        self.path = path
        self.columns = columns
        self.table = table
        self.start = start
        self.end = end

    def __len__(self) -> int:
        return self.end - self.start

    def column(self, which: int) -> Sequence[int]:
        """One column of these rows (a copy of the slice)."""
        return self.columns[which][self.start : self.end]

    def strings(self, which: int) -> list[str]:
        """A text column of these rows, as strings."""
        return list(map(self.table.__getitem__, self.column(which)))

    def ends(self, which: int) -> list[int | None]:
        """An end line or end column of these rows, None where there is none."""
        return [None if value == NO_END else value for value in self.column(which)]

    def findings(self) -> list[Finding]:
        count = len(self)
        if count <= 0:
            return []
        return list(
            map(
                Finding,
                repeat(self.path, count),
                self.column(LINE),
                self.column(COLUMN),
                self.strings(CODE),
                self.strings(MESSAGE),
                self.strings(SEVERITY),
                self.strings(NAME),
                self.ends(END_LINE),
                self.ends(END_COLUMN),
                self.strings(SOURCE),
            )
        )

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings())

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return self.findings()[index]
        count = len(self)
        if not -count <= index < count:
            raise IndexError("row out of range")
        row = self.start + (index % count)
        numbers = [self.columns[which][row] for which in (LINE, COLUMN, END_LINE, END_COLUMN)]
        text = [self.table[self.columns[which][row]] for which in range(CODE, SOURCE + 1)]
        line, column, end_line, end_column = numbers
        code, message, severity, name, source = text
        return Finding(
            self.path,
            line,
            column,
            code,
            message,
            severity,
            name,
            None if end_line == NO_END else end_line,
            None if end_column == NO_END else end_column,
            source,
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, FindingRows)):
            return self.findings() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FindingRows({self.path!r}, {len(self)} rows)"
