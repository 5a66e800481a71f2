"""Text output for people and for tools that parse its finding lines.

One finding is one line, in one shape that grep, editors and the GitHub problem matcher
(`.github/pmlint-matcher.json`) parse:

    path:line:column: severity CODE message

severity is `error`, `warning` or `info`. With `show_source` the offending source line
and a caret follow, and with `show_source` or `show_url` the rule's documentation page,
all on lines that start with spaces (so they never look like a finding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING

from pmlint.document.rows import CODE, COLUMN, LINE, MESSAGE, SEVERITY, FindingRows

from ._common import Memo, Tally, doc_url, hidden_note, plural, severity_counts

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from . import ReportContext
    from ._common import Summary

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_COLOR = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[34m"}
_GREEN = "\x1b[32m"


def _control_escapes() -> dict[int, str]:
    """Control characters shown as escapes: one finding stays one line, and text quoted
    from a document cannot drive the terminal (ESC sequences)."""
    table = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
    table.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): " "})
    return table


_ESCAPES = _control_escapes()


def clean(text: str) -> str:
    # Nearly every text is printable: only a text that is not pays for the translation
    # (a non-printable character that is not a control, such as U+00A0, is kept as it is).
    return text if text.isprintable() else text.translate(_ESCAPES)


def clean_path(path: str) -> str:
    """A path as a line may start with it: escaped, and never starting with `::`, which a
    CI runner (GitHub Actions) reads as a workflow command (`./` names the same file)."""
    shown = clean(path)
    if shown.lstrip().startswith("::"):
        return "./" + shown
    return shown


def render(ctx: ReportContext) -> str:
    """Findings grouped per file, then per-rule statistics if asked, then a summary."""
    out: list[str] = []
    stream = TextStream(ctx, out.append)
    for _path, group in groupby(ctx.findings, key=attrgetter("path")):
        stream.file(list(group))
    stream.finish(ctx.files)
    return "".join(out)


class TextStream:
    """The text report written piece by piece as files are linted, keeping only counts.

    `file()` takes one file's findings, sorted, files in order; `finish()` writes the
    statistics and the summary. The pieces joined are exactly what `render` returns.
    """

    def __init__(self, ctx: ReportContext, write: Callable[[str], object]) -> None:
        self.ctx = ctx
        self.write = write
        self.tally = Tally(ctx)
        self.started = False
        # For findings stored as columns: their table, `_kind` per (severity, code) and
        # each message cleaned, keyed by indexes into the table.
        self._memo: tuple[list[str], Memo[tuple[int, int], str], Memo[int, str]] | None = None
        self._kinds: dict[tuple[str, str], str] = {}  # `_kind` per (severity, code)

    def _block(self, text: str) -> None:
        self.write(f"\n\n{text}" if self.started else text)
        self.started = True

    def file(self, findings: Sequence[Finding]) -> None:
        if not findings:
            return
        ctx = self.ctx
        if type(findings) is FindingRows and not (ctx.show_source or ctx.show_url):
            self._rows(findings)
            return
        self.tally.add_all(findings)
        if ctx.statistics:  # counts only: the table replaces the listing
            return
        lines = self._lines(findings)
        if ctx.show_source or ctx.show_url:
            with_extras = []
            for finding, line in zip(findings, lines, strict=True):
                with_extras.append(line)
                if ctx.show_source:
                    with_extras.extend(_source(finding))
                url = doc_url(finding.code, ctx)
                if url:
                    with_extras.append(f"  docs: {url}")
            lines = with_extras
        self._block("\n".join(lines))

    def _lines(self, findings: Sequence[Finding]) -> list[str]:
        """`path:line:column: severity CODE message` for each finding, with what repeats
        (the path, the severity and code) made once: a file's findings share a path, a
        run's a few dozen codes."""
        color = self.ctx.color
        kinds = self._kinds
        lines = []
        shown_for, path = None, ""
        for finding in findings:
            if finding.path is not shown_for:
                shown_for, path = finding.path, _shown_path(finding.path, color)
            kind = kinds.get((finding.severity, finding.code))
            if kind is None:
                kind = kinds[finding.severity, finding.code] = _kind(
                    finding.severity, finding.code, color
                )
            lines.append(f"{path}:{finding.line}:{finding.column}: {kind} {clean(finding.message)}")
        return lines

    def _rows(self, rows: FindingRows) -> None:
        """`file` for findings stored as columns, without a `Finding` each: what `_lines`
        makes of a severity and code, or of a message, is made once per run."""
        self.tally.add_all(rows)
        if self.ctx.statistics:
            return
        if self._memo is None or self._memo[0] is not rows.table:
            table, color = rows.table, self.ctx.color
            kinds: Memo[tuple[int, int], str] = Memo(
                lambda key: _kind(table[key[0]], table[key[1]], color)
            )
            self._memo = (table, kinds, Memo(lambda index: clean(table[index])))
        _table, kinds, messages = self._memo
        path = _shown_path(rows.path, self.ctx.color)
        values = zip(
            rows.column(LINE),
            rows.column(COLUMN),
            map(kinds.__getitem__, zip(rows.column(SEVERITY), rows.column(CODE), strict=True)),
            map(messages.__getitem__, rows.column(MESSAGE)),
            strict=True,
        )
        self._block(
            "\n".join(
                f"{path}:{line}:{column}: {kind} {message}"
                for line, column, kind, message in values
            )
        )

    def finish(self, files: list[str]) -> None:
        summary = self.tally.summary(files)
        if self.ctx.statistics and summary.total:
            self._block(_statistics(self.tally))
        if not self.ctx.quiet:
            self._block(_summary_line(summary, self.ctx.color, self.ctx))
        if self.started:
            self.write("\n")


def _shown_path(path: str, color: bool) -> str:
    """The path that starts a finding's line: cleaned, and bold in colour."""
    shown = clean_path(path)
    return f"{_BOLD}{shown}{_RESET}" if color else shown


def _kind(severity: str, code: str, color: bool) -> str:
    """The `severity CODE` part of a finding's line; a severity pmlint does not know is
    written as `error` (it counts as one)."""
    severity = severity if severity in _SEVERITY_COLOR else "error"
    if color:
        return f"{_SEVERITY_COLOR[severity]}{severity}{_RESET} {_BOLD}{code}{_RESET}"
    return f"{severity} {code}"


SOURCE_SHOWN = 200  # characters of a long source line shown around the column


def _source(finding: Finding) -> list[str]:
    """The offending line, numbered, with a caret under the finding's column."""
    text = finding.source_line.rstrip("\r\n")
    if not text.strip():
        return []
    column = max(1, finding.column)
    start = 0
    if len(text) > SOURCE_SHOWN:  # one finding's context, not a whole minified line
        start = max(0, min(column - 1 - SOURCE_SHOWN // 2, len(text) - SOURCE_SHOWN))
        text = text[start : start + SOURCE_SHOWN]
    before = clean(text[: max(0, column - 1 - start)])
    number = str(finding.line)
    pad = " " * len(number)
    return [f"  {number} | {clean(text)}", f"  {pad} | {' ' * len(before)}^"]


def _statistics(tally: Tally) -> str:
    """Count, code and name per rule, most frequent first (ties by code)."""
    rows = sorted(tally.codes.items(), key=lambda item: (-item[1], item[0]))
    count_width = max(len(str(n)) for _, n in rows)
    code_width = max(len(code) for code, _ in rows)
    return "\n".join(
        f"{n:>{count_width}}  {code:<{code_width}}  {clean(tally.names[code])}".rstrip()
        for code, n in rows
    )


def _summary_line(summary: Summary, color: bool, ctx: ReportContext | None = None) -> str:
    hidden = hidden_note(ctx, summary.total > 0) if ctx is not None else ""
    if summary.total == 0:
        if summary.files == 0:
            text = "No files checked."
        else:
            text = f"All checks passed: {plural(summary.files, 'file')}, no problems{hidden}."
        return f"{_GREEN}{text}{_RESET}" if color else text
    text = (
        f"Found {plural(summary.total, 'problem')} ({severity_counts(summary)}) "
        f"in {summary.files_with_findings} of {plural(summary.files, 'file')}{hidden}."
    )
    if color:
        worst = "error" if summary.errors else "warning" if summary.warnings else "info"
        tone = _SEVERITY_COLOR[worst]
        return f"{_BOLD}{tone}{text}{_RESET}"
    return text
