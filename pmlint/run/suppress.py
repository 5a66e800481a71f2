"""Inline suppressions written as HTML comments, and the unused-suppression report.

`<!-- pmlint-disable CODE[, CODE] -->` … `<!-- pmlint-enable -->`,
`<!-- pmlint-disable-next-line CODE -->`, `<!-- pmlint-disable-line CODE -->` and
`<!-- pmlint-disable-file CODE -->`. A selector is a code, a code prefix or a rule name;
none means every rule. Text after ` -- ` is a free-form reason. A suppression that
hides nothing is reported (PM002) so that stale ones get cleaned up. Comments inside
code blocks and code spans are never collected by the parser, so examples of these
directives in documentation do not act.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pmlint.document.model import Document, Finding
from pmlint.util.lazyre import lazy
from pmlint.util.recache import compiled
from pmlint.util.record import record

if TYPE_CHECKING:
    from pmlint.catalog.catalog import Catalog, Rule
    from pmlint.run.runner import Ruleset

UNUSED = "PM002"
_DIRECTIVE = lazy(
    r"^pmlint-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SPLIT = compiled(r"[\s,]+")


@record(slots=True)
class Directive:
    """One suppression comment and the lines it covers; `used` feeds PM002."""

    kind: str
    line: int
    selectors: list[str]
    start: int
    end: int  # inclusive last line it covers
    used: bool = False
    text: str = ""

    def matches(self, code: str, name: str) -> bool:
        """Whether this directive's selectors name the rule (by code, prefix or name)."""
        if not self.selectors:
            return True
        code, name = code.upper(), name.lower()
        return any(
            s.upper() == "ALL" or code.startswith(s.upper()) or s.lower() == name
            for s in self.selectors
        )

    def covers(self, finding: Finding) -> bool:
        return self.start <= finding.line <= self.end and self.matches(finding.code, finding.name)


def _selectors(rest: str) -> list[str]:
    """Codes before an optional ` -- reason`."""
    codes = rest.split("--", 1)[0]
    return [s for s in _SPLIT.split(codes.strip()) if s]


def parse_directives(doc: Document) -> list[Directive]:
    directives: list[Directive] = []
    open_ranges: list[Directive] = []
    last = max(len(doc.lines), 1)
    for comment in sorted(doc.comments, key=lambda c: c.line):
        match = _DIRECTIVE.match(comment.text.strip())
        if match is None:
            continue
        kind = match.group(1).lower()
        selectors = _selectors(match.group(2))
        line = comment.line
        if kind == "enable":
            wanted = {s.upper() for s in selectors}
            still_open = []
            for directive in open_ranges:
                named = {s.upper() for s in directive.selectors}
                if not wanted or not named or wanted & named:
                    directive.end = line
                else:
                    still_open.append(directive)
            open_ranges = still_open
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
    """Drop suppressed findings; add PM002 for each directive that hid nothing."""
    if not doc.comments:
        return findings
    directives = parse_directives(doc)
    if not directives:
        return findings
    hidden = _hidden(findings, directives)
    kept = [finding for finding, hide in zip(findings, hidden, strict=True) if not hide]
    rule = next((r for r in ruleset.rules if r.code == UNUSED), None)
    if rule is None:
        return kept
    for directive in directives:
        if not directive.used and _worth_reporting(directive, ruleset.rules, ruleset.catalog):
            kept.append(_unused(doc, directive, rule))
    kept.sort()
    return kept


def _hidden(findings: list[Finding], directives: list[Directive]) -> list[bool]:
    """Which findings a directive covers, marking each directive that covers one as used.

    One pass over the findings in line order: one-line directives are looked up by line,
    ranges are kept in a set of those open at the current line. A file with thousands of
    suppressions and findings stays linear (asking every directive about every finding
    took seconds).
    """
    import heapq  # lazy for start-up time: only documents with suppression comments get here

    by_line: dict[int, list[Directive]] = {}
    ranges: list[Directive] = []
    for directive in directives:
        if directive.start == directive.end:
            by_line.setdefault(directive.start, []).append(directive)
        else:
            ranges.append(directive)
    ranges.sort(key=lambda directive: directive.start)
    open_ranges: dict[int, Directive] = {}
    ends: list[tuple[int, int]] = []  # (last line covered, index in `ranges`), a heap
    started = 0
    hidden = [False] * len(findings)
    for index in sorted(range(len(findings)), key=lambda i: findings[i].line):
        finding = findings[index]
        line = finding.line
        while started < len(ranges) and ranges[started].start <= line:
            open_ranges[started] = ranges[started]
            heapq.heappush(ends, (ranges[started].end, started))
            started += 1
        while ends and ends[0][0] < line:
            open_ranges.pop(heapq.heappop(ends)[1], None)
        for directive in (*by_line.get(line, ()), *open_ranges.values()):
            if directive.matches(finding.code, finding.name):
                directive.used = True
                hidden[index] = True
    return hidden


def _worth_reporting(directive: Directive, rules: list[Rule], catalog: Catalog) -> bool:
    """Unused for sure: it names an unknown rule, or an enabled rule that did not fire.

    A directive for a rule switched off by this run's selection is left alone: it may
    well be needed when the rule is on.
    """
    names = catalog.by_name()
    for selector in directive.selectors:
        upper = selector.upper()
        known = (
            upper == "ALL"
            or selector.lower() in names
            or any(code.startswith(upper) for code in catalog.specs)
        )
        if not known:
            return True
    return any(r.code != UNUSED and directive.matches(r.code, r.name) for r in rules)


def _unused(doc: Document, directive: Directive, rule: Rule) -> Finding:
    what = ", ".join(directive.selectors) or "all rules"
    message = rule.spec.message.replace("{directive}", f"pmlint-{directive.kind}")
    message = message.replace("{codes}", what)
    text = doc.line_text(directive.line)
    found = text.find("pmlint-")
    column = found - 4 + 1 if found >= 4 and text[found - 4 : found] == "<!--" else 1
    return Finding(
        doc.path,
        directive.line,
        max(column, 1),
        UNUSED,
        message,
        rule.severity,
        rule.name,
        directive.line,
        max(len(text) + 1, column),
        source_line=text.strip(),
    )
