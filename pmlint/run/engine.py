"""Rules -> findings: run each rule's primitive over a document, isolate failures.

A bug in one rule must never lose the others' findings: an exception becomes an
`internal-error` finding (PM003) naming the rule.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from pmlint.catalog.catalog import Rule
from pmlint.checks import Hit
from pmlint.document.model import Document, Finding
from pmlint.run.budget import Budget, Overtime, describe

INTERNAL_ERROR = "PM003"

# The order of `Finding` (its fields that take part in comparisons, in order) as a sort key:
# one tuple per finding, compared in C, instead of two tuples built per comparison.
FINDING_ORDER = attrgetter(
    "path", "line", "column", "code", "message", "severity", "name", "end_line", "end_column"
)


class _Template(dict[str, Any]):
    """Message arguments; a placeholder with no value stays visible rather than raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(template: str, args: dict[str, Any]) -> str:
    try:
        return template.format_map(_Template(args))
    except (ValueError, IndexError, AttributeError):
        return template


def lint_document(
    doc: Document, rules: Sequence[Rule], debug: bool = False, clock: Budget | None = None
) -> list[Finding]:
    findings: list[Finding] = []
    # Line texts shared by every finding on the line: a long line with many findings must
    # not be copied (stripped, lower-cased) once per finding.
    lines = _LineTexts(doc)
    if doc.problems:
        by_code = {rule.code: rule for rule in rules}
        for problem in doc.problems:
            owner = by_code.get(problem.code)
            if owner is not None:
                findings.append(
                    _finding(doc, owner, Hit(problem.line, {"reason": problem.message}), lines)
                )
    check = clock.check if clock is not None and not clock.interrupts else None
    for rule in rules:
        try:
            hits: Iterable[Hit] = rule.check.function(doc, rule.options)
            for hit in hits:
                findings.append(_finding(doc, rule, hit, lines))
            if check is not None:
                check()
        except Overtime:
            findings.append(overtime(doc.path, f"rule {rule.code} ({rule.name})", clock))
            break
        except Exception as error:
            detail = f"{type(error).__name__}: {error}"
            if debug:
                detail += "\n" + traceback.format_exc()
            findings.append(
                Finding(
                    doc.path,
                    1,
                    1,
                    INTERNAL_ERROR,
                    f"rule {rule.code} ({rule.name}) crashed: {detail}",
                    "error",
                    name="internal-error",
                )
            )
    findings.sort(key=FINDING_ORDER)
    return findings


def overtime(path: str, what: str, clock: Budget | None) -> Finding:
    """The finding for a file whose time budget ran out while `what` ran."""
    limit = f" of {describe(clock.seconds)}" if clock is not None else ""
    message = (
        f"{what} ran past this file's time budget{limit}: the rest of the file was not "
        "checked (--time-budget)"
    )
    return Finding(path, 1, 1, INTERNAL_ERROR, message, "error", "internal-error", 1, 1)


class _LineTexts:
    """A document's lines as findings need them, each made once: as written, stripped and
    lower-cased."""

    __slots__ = ("columns", "doc", "lowered", "stripped")

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.columns: dict[int, int] = {}
        self.stripped: dict[int, str] = {}
        self.lowered: dict[int, str] = {}

    def strip(self, line: int) -> str:
        text = self.stripped.get(line)
        if text is None:
            text = self.stripped[line] = self.doc.line_text(line).strip()
        return text

    def first_column(self, line: int) -> int:
        """Column of the line's first non-blank character (past the end of a blank line)."""
        column = self.columns.get(line)
        if column is None:
            text = self.doc.line_text(line)
            column = self.columns[line] = len(text) - len(text.lstrip()) + 1
        return column

    def lower(self, line: int) -> str:
        text = self.lowered.get(line)
        if text is None:
            text = self.lowered[line] = self.doc.line_text(line).lower()
        return text


def _finding(doc: Document, rule: Rule, hit: Hit, lines: _LineTexts) -> Finding:
    # Hot path: one call per finding (real post-mortems have about 30 each).
    source = doc.lines
    line = min(max(hit.line, 1), max(len(source), 1))
    text = source[line - 1] if source else ""
    column = hit.column
    end_column = hit.end_column
    if column is None:
        column = 0
        needle = hit.needle
        if needle:
            found = text.find(needle)
            if found < 0:
                found = lines.lower(line).find(needle.lower())
            if found >= 0:
                column = found + 1
                end_column = end_column or found + 1 + len(needle)
        if column == 0:
            column = lines.first_column(line)
    end_line = hit.end_line or line
    if end_column is None:
        end_column = max(len(text) + 1, column) if end_line == line else 1
    message = rule.spec.message
    if "{" in message or "}" in message:  # a template without either is its own message
        message = format_message(message, hit.args)
    return Finding(
        doc.path,
        line,
        column,
        rule.code,
        message,
        rule.severity,
        rule.name,
        end_line,
        end_column,
        lines.strip(line),
    )
