"""GitLab Code Quality report (a subset of the Code Climate issue format)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ._common import RootPaths, fingerprints

if TYPE_CHECKING:
    from . import ReportContext

_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(ctx: ReportContext) -> str:
    """A JSON list of issues; fingerprints stay put when lines move, and stay unique."""
    paths = RootPaths(ctx.root)
    issues = [
        {
            "description": f"{finding.code}: {finding.message}",
            "check_name": finding.code,
            "fingerprint": fingerprint,
            "severity": _SEVERITIES.get(finding.severity, "major"),
            "location": {
                "path": paths.relative(finding.path),
                "lines": {"begin": max(1, finding.line)},
            },
        }
        for finding, fingerprint in zip(
            ctx.findings, fingerprints(ctx.findings, paths, algo="md5"), strict=True
        )
    ]
    return json.dumps(issues, indent=2) + "\n"
