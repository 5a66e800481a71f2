"""Plain JSON output: every finding plus the counts a script would otherwise recompute.

The document is `{"version": 1, "findings": [...], "summary": {...}}`, one finding per line,
written as files are linted (`JsonStream`): only the counts for the summary are kept, and
each finding is encoded by the standard library's C encoder (an indented document would
need the pure-Python one and the whole list in memory).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pmlint.document.rows import (
    CODE,
    COLUMN,
    END_COLUMN,
    END_LINE,
    LINE,
    MESSAGE,
    NAME,
    NO_END,
    SEVERITY,
    FindingRows,
)

from ._common import Memo, Tally, doc_url

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from . import ReportContext

FORMAT_VERSION = 1  # bump when a key changes meaning or goes away

# A space after `,` and `:`; ASCII only, so any decoder reads it whatever the terminal's
# encoding.
_encode = json.JSONEncoder(ensure_ascii=True).encode
_string = json.encoder.encode_basestring_ascii  # the C function the encoder calls


def finding_json(finding: Finding, url: str | None = None) -> str:
    """`finding.to_dict()` plus `url` (its rule's documentation page, null for none) as
    `_encode` writes them (a test holds them equal), written directly: no dictionary per
    finding."""
    line, column = finding.line, finding.column
    end_line = line if finding.end_line is None else finding.end_line
    end_column = column if finding.end_column is None else finding.end_column
    link = "null" if url is None else _string(url)
    return (
        f'{{"code": {_string(finding.code)}, "name": {_string(finding.name)}, '
        f'"severity": {_string(finding.severity)}, "path": {_string(finding.path)}, '
        f'"line": {int(line)}, "column": {int(column)}, "end_line": {int(end_line)}, '
        f'"end_column": {int(end_column)}, "message": {_string(finding.message)}, '
        f'"url": {link}}}'
    )


# `finding_json` in three pieces: `_head`, then the path, numbers and message, then `_tail`.
# `%d` takes what `int()` takes, as `finding_json` does. `_rows`, whose numbers are ints,
# writes the same with an f-string (a test holds the two reports equal).
_BODY = '%s%s, "line": %d, "column": %d, "end_line": %d, "end_column": %d, "message": %s%s'


def _head(finding: Finding) -> str:
    return _head_of(finding.code, finding.name, finding.severity)


def _head_of(code: str, name: str, severity: str) -> str:
    return (
        f'{{"code": {_string(code)}, "name": {_string(name)}, '
        f'"severity": {_string(severity)}, "path": '
    )


def _tail(url: str | None) -> str:
    return f', "url": {"null" if url is None else _string(url)}}}'


class _TableMemo:
    """What a run encodes once per table of stored findings (one table per cache file):
    each string, the text before the path per (code, name, severity), the text after the
    message per code; all keyed by indexes into the table."""

    __slots__ = ("heads", "strings", "table", "tails")

    def __init__(self, table: list[str], ctx: ReportContext) -> None:
        self.table = table
        self.strings: Memo[int, str] = Memo(lambda index: _string(table[index]))
        self.heads: Memo[tuple[int, int, int], str] = Memo(
            lambda key: _head_of(*(table[index] for index in key))
        )
        self.tails: Memo[int, str] = Memo(lambda index: _tail(doc_url(table[index], ctx)))


def render(ctx: ReportContext) -> str:
    """The whole document: key order fixed by construction, one finding per line."""
    out: list[str] = []
    stream = JsonStream(ctx, out.append)
    stream.file(ctx.findings)
    stream.finish(ctx.files)
    return "".join(out)


class JsonStream:
    """The JSON document written piece by piece as files are linted, keeping only counts.

    `file()` takes one file's findings, sorted, files in order; `finish()` closes the list
    and writes the summary. The pieces joined are exactly what `render` returns."""

    def __init__(self, ctx: ReportContext, write: Callable[[str], object]) -> None:
        self.ctx = ctx
        self.write = write
        self.tally = Tally(ctx)
        self.started = False
        # The encoded text before the path for each (code, name, severity), and after the
        # message for each code (its url): a run has a few dozen of each.
        self._heads: dict[tuple[str, str, str], str] = {}
        self._tails: dict[str, str] = {}
        self._memo: _TableMemo | None = None  # the same for findings stored as columns

    def file(self, findings: Sequence[Finding]) -> None:
        """The findings' lines as `finding_json` writes them (a test holds them equal), with
        what repeats from one finding to the next encoded once."""
        if not findings:
            return
        if type(findings) is FindingRows:
            self._rows(findings)
            return
        self.tally.add_all(findings)
        heads, tails = self._heads, self._tails
        encoded_path = ""
        last_path = None
        lines: list[str] = []
        append = lines.append
        for finding in findings:
            code, path = finding.code, finding.path
            head = heads.get((code, finding.name, finding.severity))
            if head is None:
                head = heads[code, finding.name, finding.severity] = _head(finding)
            tail = tails.get(code)
            if tail is None:
                tail = tails[code] = _tail(doc_url(code, self.ctx))
            if path is not last_path:
                encoded_path, last_path = _string(path), path
            line, column, end_line, end_column = (
                finding.line,
                finding.column,
                finding.end_line,
                finding.end_column,
            )
            append(
                _BODY
                % (
                    head,
                    encoded_path,
                    line,
                    column,
                    line if end_line is None else end_line,
                    column if end_column is None else end_column,
                    _string(finding.message),
                    tail,
                )
            )
        head = ",\n" if self.started else f'{{"version": {FORMAT_VERSION}, "findings": [\n'
        self.write(head + ",\n".join(lines))
        self.started = True

    def _rows(self, rows: FindingRows) -> None:
        """`file` for findings stored as columns: each distinct string of their table is
        encoded once for the whole run, and the lines are made without a `Finding` each."""
        self.tally.add_all(rows)
        memo = self._memo
        if memo is None or memo.table is not rows.table:
            memo = self._memo = _TableMemo(rows.table, self.ctx)
        lines, columns = rows.column(LINE), rows.column(COLUMN)
        end_lines, end_columns = rows.column(END_LINE), rows.column(END_COLUMN)
        if NO_END in end_lines:
            end_lines = [s if e == NO_END else e for s, e in zip(lines, end_lines, strict=True)]
        if NO_END in end_columns:
            end_columns = [
                s if e == NO_END else e for s, e in zip(columns, end_columns, strict=True)
            ]
        codes = rows.column(CODE)
        kinds = zip(codes, rows.column(NAME), rows.column(SEVERITY), strict=True)
        heads = map(memo.heads.__getitem__, kinds)
        values = zip(
            heads,
            lines,
            columns,
            end_lines,
            end_columns,
            map(memo.strings.__getitem__, rows.column(MESSAGE)),
            map(memo.tails.__getitem__, codes),
            strict=True,
        )
        path = _string(rows.path)
        head = ",\n" if self.started else f'{{"version": {FORMAT_VERSION}, "findings": [\n'
        # `_BODY`, written out: an f-string makes these lines a fifth quicker than `%`.
        self.write(
            head
            + ",\n".join(
                f'{start}{path}, "line": {line}, "column": {column}, "end_line": {end_line}, '
                f'"end_column": {end_column}, "message": {message}{tail}'
                for start, line, column, end_line, end_column, message, tail in values
            )
        )
        self.started = True

    def finish(self, files: list[str]) -> None:
        summary = self.tally.summary(files)
        counts: dict[str, object] = {
            "files": summary.files,
            "files_with_findings": summary.files_with_findings,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "info": summary.info,
            "by_code": summary.by_code,
        }
        if self.ctx.hidden is not None:
            counts["hidden_by_baseline"] = self.ctx.hidden
        head = "\n]" if self.started else f'{{"version": {FORMAT_VERSION}, "findings": []'
        self.write(f'{head}, "summary": {_encode(counts)}}}\n')
