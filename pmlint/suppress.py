"""Inline suppressions written as HTML comments, and the unused-suppression report.

`<!-- pmlint-disable CODE[, CODE] -->` … `<!-- pmlint-enable -->`,
`<!-- pmlint-disable-next-line CODE -->`, `<!-- pmlint-disable-line CODE -->` and
`<!-- pmlint-disable-file CODE -->`. A selector is a code, a code prefix or a rule name;
none means every rule. A suppression that hides nothing is reported (PM002) so that
stale ones get cleaned up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pmlint.model import Document, Finding

if TYPE_CHECKING:
    from pmlint.runner import Ruleset

UNUSED = "PM002"
_DIRECTIVE = re.compile(
    r"^pmlint-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(slots=True)
class Directive:
    kind: str
    line: int
    selectors: list[str]
    start: int
    end: int  # inclusive last line it covers
    used: bool = False
    text: str = ""

    def covers(self, finding: Finding) -> bool:
        if not self.start <= finding.line <= self.end:
            return False
        if not self.selectors:
            return True
        code, name = finding.code.upper(), finding.name.lower()
        return any(
            s.upper() == "ALL" or code.startswith(s.upper()) or s.lower() == name
            for s in self.selectors
        )


@dataclass(slots=True)
class _Open:
    directive: Directive
    closed: bool = field(default=False)


def parse_directives(doc: Document) -> list[Directive]:
    directives: list[Directive] = []
    open_ranges: list[Directive] = []
    last = max(len(doc.lines), 1)
    for comment in sorted(doc.comments, key=lambda c: c.line):
        match = _DIRECTIVE.match(comment.text.strip())
        if match is None:
            continue
        kind = match.group(1).lower()
        selectors = [s for s in re.split(r"[\s,]+", match.group(2).strip()) if s]
        line = comment.line
        if kind == "enable":
            for directive in open_ranges:
                if directive.end == last and (
                    not selectors
                    or any(s in directive.selectors for s in selectors)
                    or not directive.selectors
                ):
                    directive.end = line
            open_ranges = [d for d in open_ranges if d.end == last]
            continue
        if kind == "disable":
            directive = Directive(kind, line, selectors, line, last, text=comment.text)
            open_ranges.append(directive)
        elif kind == "disable-next-line":
            target = _next_content_line(doc, line)
            directive = Directive(kind, line, selectors, target, target, text=comment.text)
        elif kind == "disable-line":
            directive = Directive(kind, line, selectors, line, line, text=comment.text)
        else:
            directive = Directive(kind, line, selectors, 1, last, text=comment.text)
        directives.append(directive)
    return directives


def _next_content_line(doc: Document, line: int) -> int:
    """The first non-blank line after the comment's closing `-->`."""
    index = line
    while index <= len(doc.lines) and "-->" not in doc.lines[index - 1]:
        index += 1
    index += 1
    while index <= len(doc.lines) and not doc.lines[index - 1].strip():
        index += 1
    return index


def apply_suppressions(doc: Document, findings: list[Finding], ruleset: Ruleset) -> list[Finding]:
    if not doc.comments:
        return findings
    directives = parse_directives(doc)
    if not directives:
        return findings
    kept: list[Finding] = []
    for finding in findings:
        hidden = False
        for directive in directives:
            if directive.covers(finding):
                directive.used = True
                hidden = True
        if not hidden:
            kept.append(finding)
    rule = next((r for r in ruleset.rules if r.code == UNUSED), None)
    if rule is not None:
        for directive in directives:
            if directive.used:
                continue
            what = ", ".join(directive.selectors) or "all rules"
            message = rule.spec.message.replace("{directive}", f"pmlint-{directive.kind}")
            message = message.replace("{codes}", what)
            kept.append(
                Finding(
                    doc.path,
                    directive.line,
                    1,
                    UNUSED,
                    message,
                    rule.severity,
                    rule.name,
                    directive.line,
                    1,
                    source_line=doc.line_text(directive.line).strip(),
                )
            )
        kept.sort()
    return kept
