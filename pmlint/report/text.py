"""Text output for people and for tools that parse `path:line:col: CODE message` lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import plural, rule_name, severity_counts, summarize

if TYPE_CHECKING:
    from pmlint.model import Finding

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
    return text.translate(_ESCAPES)


def render(ctx: ReportContext) -> str:
    """Findings grouped per file, then per-rule statistics if asked, then a summary."""
    blocks: list[str] = []
    current: str | None = None
    lines: list[str] = []
    for finding in ctx.findings:
        if finding.path != current:
            if lines:
                blocks.append("\n".join(lines))
            lines = []
            current = finding.path
        lines.append(_line(finding, ctx.color))
    if lines:
        blocks.append("\n".join(lines))

    summary = summarize(ctx)
    if ctx.statistics and ctx.findings:
        blocks.append(_statistics(ctx))
    if not ctx.quiet:
        blocks.append(_summary_line(summary, ctx.color))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _line(finding: Finding, color: bool) -> str:
    path = clean(finding.path)
    where = f"{path}:{finding.line}:{finding.column}:"
    code = finding.code
    if color:
        where = f"{_BOLD}{path}{_RESET}:{finding.line}:{finding.column}:"
        code = f"{_SEVERITY_COLOR.get(finding.severity, _BOLD)}{code}{_RESET}"
    return f"{where} {code} {clean(finding.message)}"


def _statistics(ctx: ReportContext) -> str:
    """Count, code and name per rule, most frequent first (ties by code)."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for finding in ctx.findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
        names.setdefault(finding.code, rule_name(finding, ctx))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    count_width = max(len(str(n)) for _, n in rows)
    code_width = max(len(code) for code, _ in rows)
    return "\n".join(
        f"{n:>{count_width}}  {code:<{code_width}}  {clean(names[code])}".rstrip()
        for code, n in rows
    )


def _summary_line(summary: Summary, color: bool) -> str:
    if summary.total == 0:
        if summary.files == 0:
            text = "No files checked."
        else:
            text = f"All checks passed: {plural(summary.files, 'file')}, no problems."
        return f"{_GREEN}{text}{_RESET}" if color else text
    text = (
        f"Found {plural(summary.total, 'problem')} ({severity_counts(summary)}) "
        f"in {summary.files_with_findings} of {plural(summary.files, 'file')}."
    )
    if color:
        worst = "error" if summary.errors else "warning" if summary.warnings else "info"
        tone = _SEVERITY_COLOR[worst]
        return f"{_BOLD}{tone}{text}{_RESET}"
    return text
