"""GitLab Code Quality report (a subset of the Code Climate issue format)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ._common import RootPaths, doc_url, fingerprints

if TYPE_CHECKING:
    from . import ReportContext

_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(ctx: ReportContext) -> str:
    """A JSON list of issues; fingerprints stay put when lines move, and stay unique."""
    paths = RootPaths(ctx.root)
    issues = []
    for finding, fingerprint in zip(
        ctx.findings, fingerprints(ctx.findings, paths, algo="md5"), strict=True
    ):
        issue: dict[str, object] = {
            "description": f"{finding.code}: {finding.message}",
            "check_name": finding.code,
            "fingerprint": fingerprint,
            "severity": _SEVERITIES.get(finding.severity, "major"),
            "location": {
                "path": paths.relative(finding.path),
                "lines": {"begin": max(1, finding.line)},
            },
        }
        url = doc_url(finding.code, ctx)
        if url:  # Code Climate's `content.body` is Markdown shown with the issue
            issue["content"] = {"body": f"[{finding.code} documentation]({url})"}
            issue["url"] = url
        issues.append(issue)
    return json.dumps(issues, indent=2) + "\n"
