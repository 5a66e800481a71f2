"""Lint a text and attach fixes to its findings; fix a text until nothing more applies.

The same pipeline as `pmlint.runner.lint_source_text` (parse, rules, suppressions), keeping
the parsed document so that fixers can read it. A suppressed finding is never fixed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import field
from typing import TYPE_CHECKING

from pmlint.document.model import Document, Finding
from pmlint.document.parse import parse_document
from pmlint.fix.edits import SAFE, Fix, Source, choose
from pmlint.fix.fixers import FixContext, fix_for
from pmlint.run.engine import lint_document
from pmlint.run.runner import parse_crash
from pmlint.run.suppress import apply_suppressions
from pmlint.util.record import record

if TYPE_CHECKING:
    from pmlint.run.runner import Ruleset

MAX_ROUNDS = 10  # a fix that makes another possible is applied on the next round


@record(slots=True)
class Linted:
    """One text's findings, each with the fix its rule offers (or None)."""

    doc: Document | None
    findings: list[Finding]
    fixes: list[Fix | None]

    def fixable(self, unsafe: bool) -> list[Fix]:
        return [f for f in self.fixes if f is not None and (unsafe or f.safety == SAFE)]


def lint_with_fixes(
    text: str, display: str, ruleset: Ruleset, debug: bool = False, fixes: bool = True
) -> Linted:
    """Findings of a decoded text (`\\n` line endings) and their fixes (all None unless
    `fixes`: the language server asks for a finding's fix only when the editor does)."""
    try:
        doc = parse_document(text, display, ruleset.profile.matcher)
    except Exception as error:  # a parser bug: reported, nothing to fix
        return Linted(None, [parse_crash(display, error, debug)], [None])
    findings = apply_suppressions(doc, lint_document(doc, ruleset.rules, debug=debug), ruleset)
    if not fixes:
        return Linted(doc, findings, [None] * len(findings))
    ctx = FixContext(doc, ruleset)
    return Linted(doc, findings, [fix_of(ctx, finding, debug) for finding in findings])


def fix_of(ctx: FixContext, finding: Finding, debug: bool = False) -> Fix | None:
    """The fix of one finding; None when its rule has none (or its fixer failed: a fixer
    bug never stops linting, the finding just stays unfixed)."""
    rule = next((r for r in ctx.ruleset.rules if r.code == finding.code), None)
    if rule is None:
        return None
    try:
        return fix_for(ctx, rule, finding)
    except Exception:
        if debug:
            raise
        return None


@record(slots=True)
class FixResult:
    """A text after fixing: how many fixes were applied and what is still found."""

    source: Source
    applied: int = 0
    remaining: list[Finding] = field(default_factory=list)
    remaining_fixable: int = 0  # unsafe fixes not applied (for a hint)


def fix_source(source: Source, display: str, ruleset: Ruleset, unsafe: bool) -> FixResult:
    """Apply fixes round after round until none is left (or `MAX_ROUNDS`); `source` is
    changed in place and keeps its encoding, byte-order mark and line endings.

    A round whose fixes leave one of their findings in place (an insertion that lands in an
    unclosed code block, say) is undone, and those findings are not fixed again: a fix
    either removes its finding or is not made."""
    result = FixResult(source)
    blocked: set[tuple[str, str]] = set()
    linted = lint_with_fixes(source.normalised, display, ruleset)
    for _round in range(MAX_ROUNDS):
        wanted = [
            (finding, fix)
            for finding, fix in zip(linted.findings, linted.fixes, strict=True)
            if fix is not None and (unsafe or fix.safety == SAFE) and _key(finding) not in blocked
        ]
        chosen = choose(fix for _finding, fix in wanted)
        if not chosen:
            break
        fixed = {_key(finding) for finding, fix in wanted if fix in chosen}
        before = source.text
        source.apply([edit for fix in chosen for edit in fix.edits])
        after = lint_with_fixes(source.normalised, display, ruleset)
        counts, left = Counter(map(_key, linted.findings)), Counter(map(_key, after.findings))
        failed = {key for key in fixed if left[key] >= counts[key]}
        if failed:
            source.text = before
            blocked |= failed
            continue
        result.applied += len(chosen)
        linted = after
    result.remaining = linted.findings
    result.remaining_fixable = len(
        [f for f in linted.fixes if f is not None and f.safety != SAFE and not unsafe]
    )
    return result


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.code, finding.message)
