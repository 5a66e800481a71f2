"""Plain JSON output: every finding plus the counts a script would otherwise recompute."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ._common import summarize

if TYPE_CHECKING:
    from . import ReportContext

FORMAT_VERSION = 1  # bump when a key changes meaning or goes away


def render(ctx: ReportContext) -> str:
    """Indented, key order fixed by construction, ASCII-only so any decoder reads it."""
    summary = summarize(ctx)
    doc = {
        "version": FORMAT_VERSION,
        "findings": [finding.to_dict() for finding in ctx.findings],
        "summary": {
            "files": summary.files,
            "files_with_findings": summary.files_with_findings,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "info": summary.info,
            "by_code": summary.by_code,
        },
    }
    return json.dumps(doc, indent=2) + "\n"
