"""Plain JSON output: every finding plus the counts a script would otherwise recompute."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ._common import doc_url, summarize

if TYPE_CHECKING:
    from pmlint.document.model import Finding

    from . import ReportContext

FORMAT_VERSION = 1  # bump when a key changes meaning or goes away


def render(ctx: ReportContext) -> str:
    """Indented, key order fixed by construction, ASCII-only so any decoder reads it."""
    summary = summarize(ctx)
    doc = {
        "version": FORMAT_VERSION,
        "findings": [_finding(finding, ctx) for finding in ctx.findings],
        "summary": {
            "files": summary.files,
            "files_with_findings": summary.files_with_findings,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "info": summary.info,
            "by_code": summary.by_code,
        },
    }
    if ctx.hidden is not None:
        doc["summary"]["hidden_by_baseline"] = ctx.hidden  # type: ignore[index]
    return json.dumps(doc, indent=2) + "\n"


def _finding(finding: Finding, ctx: ReportContext) -> dict[str, object]:
    """A finding's fields, and `url`: its rule's documentation page (null for none)."""
    out = finding.to_dict()
    out["url"] = doc_url(finding.code, ctx)
    return out
