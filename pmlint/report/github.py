"""GitHub Actions workflow commands: one annotation per finding on the pull request."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ._common import RootPaths, Tally, doc_url, hidden_note, plural, rule_name, severity_counts

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from . import ReportContext

# GitHub shows at most this many annotations of each level per step (and 50 per job).
ANNOTATION_LIMIT = 10
_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
# Control characters other than tab, CR and LF are dropped before escaping: the runner
# would pass ESC sequences straight to the log viewer.
_DROP = dict.fromkeys(c for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\r\n")


def escape_data(text: str) -> str:
    """Escape a command's message as GitHub's toolkit (`escapeData`) does, minus controls."""
    text = text.translate(_DROP)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value the way GitHub's toolkit (`escapeProperty`) does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(ctx: ReportContext) -> str:
    """The commands, then a plain summary line, since GitHub drops annotations past its cap."""
    out: list[str] = []
    stream = GithubStream(ctx, out.append)
    stream.file(ctx.findings)
    stream.finish(ctx.files)
    return "".join(out)


class GithubStream:
    """The commands written as files are linted, keeping only counts; `finish()` writes the
    summary line. The pieces joined are exactly what `render` returns."""

    def __init__(self, ctx: ReportContext, write: Callable[[str], object]) -> None:
        self.ctx = ctx
        self.write = write
        self.tally = Tally(ctx)
        self.paths = RootPaths(ctx.root)

    def file(self, findings: Sequence[Finding]) -> None:
        if not findings:
            return
        add = self.tally.add
        lines = []
        for finding in findings:
            add(finding)
            lines.append(_command(finding, self.ctx, self.paths) + "\n")
        self.write("".join(lines))

    def finish(self, files: list[str]) -> None:
        summary = self.tally.summary(files)
        if summary.total == 0:
            line = f"pmlint: no problems in {plural(summary.files, 'file')}"
            line += hidden_note(self.ctx, False)
        else:
            line = (
                f"pmlint: {plural(summary.total, 'problem')} in "
                f"{plural(summary.files_with_findings, 'file')} ({severity_counts(summary)})"
            )
            line += hidden_note(self.ctx, True)
            if max(summary.errors, summary.warnings, summary.info) > ANNOTATION_LIMIT:
                line += (
                    f"; GitHub shows only {ANNOTATION_LIMIT} annotations of each level per step,"
                    " see SARIF output for the full list"
                )
        self.write(line + "\n")


def _command(finding: Finding, ctx: ReportContext, paths: RootPaths) -> str:
    props = [
        ("file", paths.relative(finding.path)),
        ("line", str(max(1, finding.line))),
        ("col", str(max(1, finding.column))),
    ]
    if finding.end_line is not None:
        props.append(("endLine", str(max(finding.line, finding.end_line))))
    if finding.end_column is not None:
        props.append(("endColumn", str(max(1, finding.end_column))))
    name = rule_name(finding, ctx)
    props.append(("title", f"{finding.code} {name}" if name else finding.code))
    command = _COMMANDS.get(finding.severity, "error")
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    message = finding.message
    url = doc_url(finding.code, ctx)
    if url:
        message += f"\n{url}"
    return f"::{command} {rendered}::{escape_data(message)}"
